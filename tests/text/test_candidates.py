from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyfuse.text.candidates import (
    rejection,
    select_candidates,
    trim_connective,
    trim_dateline,
    wholly_quoted,
)
from storyfuse.text.corpus import Corpus, Unit, build_corpus
from storyfuse.text.textstats import word_count
from storyfuse.types import Article, Sentence

# A weekday with its full date, as only a photo caption writes it (checked apart from the
# rule under test).
_WEEKDAY_AND_DATE_RE = re.compile(r"[A-Z][a-z]+day, [A-Z][a-z]+\.? \d{1,2}, \d{4}")
LONG = "officials from both harbour authorities confirmed the closure of the bridge on Monday"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"The mayor said {LONG}.", None),
        (f"Will the mayor say that {LONG}?", "question"),
        (f"The mayor said that {LONG}", "fragment"),
        (f"but the mayor said {LONG}.", "starts mid-sentence"),
        (f"However, the mayor said {LONG}.", "continues another sentence"),
        (f"He said {LONG}.", "continues another sentence"),
        (f"Subsequently, the mayor said {LONG}.", "continues another sentence"),
        (f"In addition, the mayor said {LONG}.", "continues another sentence"),
        (f"So far, in 2016, {LONG}.", None),
        (f"So the mayor said {LONG}.", "continues another sentence"),
        (f"Then-mayor Ada Quill said {LONG}.", None),
        (f"Inside the hall the mayor said {LONG}.", None),
        # someone named only in a sentence before: "them", "him" among the first words
        (f"The company named them as {LONG}.", "refers back to someone named before"),
        (f"Police arrested him after {LONG}.", "refers back to someone named before"),
        (f"Officials said the themes of the day were that {LONG}.", None),
        (f"The man was named as Ada Quill after {LONG}.", "refers back to someone named before"),
        (f"The man who steered the ferry said {LONG}.", None),
        (f"The mandate of the harbour board says {LONG}.", None),
        (f"Rescuers pulled the survivors out and took them to hospital as {LONG}.", None),
        (f"The mayor said \"{LONG}\" and then left.", None),
        (f"By Jane Mora and {LONG}.", "byline"),
        ("Associated Press writers Ada Quill and Jane Mora in Calder, Tom Reed in Port Ellis "
         "and Sam Hale in Alden contributed to this report.", "byline"),
        (f"THE MAYOR SAID {LONG.upper()}.", "all caps"),
        ("ÉTAT D'URGENCE DÉCLARÉ À SÉTÉ APRÈS LES CRUES, SELON LA PRÉFECTURE ÉLUE.", "all caps"),
        (f"The MAYOR of Sète said {LONG}.", None),
        (f"Read the full story at https://example.org where {LONG}.", "link"),
        (f"“We expect {LONG}.”", "wholly quoted"),
        (f"“We expect {LONG},” the mayor said.", None),
        # captions: an agency's weekday with the full date; a video player's blurb
        (f"A crew films the harbour bridge on Tuesday, Jan. 24, 2017, as {LONG}.", "caption"),
        (f"CLOSE Harbour officials say that {LONG}.", "caption"),
        (f"A mayor points at the bridge in Calder, Thursday, Feb. 16, 2017, as {LONG}.", "caption"),
        (f"The mayor said on Tuesday that {LONG}, as of Jan. 24, 2017.", None),
        (f"CLOSE to the bridge, officials from both harbour authorities said {LONG}.", None),
        # a page's picture furniture: credits, caption labels, a player's notice
        (f"Ada Quill/AP Buy Photo Wait 1 second as {LONG}.", "caption"),
        (f"Enlarge image Calder Harbour Ada Quill/AFP/Getty Images {LONG}.", "caption"),
        (f"Media playback is unsupported on your device Media caption {LONG}.", "caption"),
        (f"Caption Harbour officials on the quay said {LONG}.", "caption"),
        (f"Sept. 29, 2013 Ada Quill of Calder watches as {LONG}.", "caption"),
        (f"On Sept. 29, 2013 the mayor said {LONG}.", None),
        (f"Sept. 29, 2013 was the day {LONG}.", None),
        (f"The mayor posted a photo with the caption that {LONG}.", None),
        (f"Disney/ABC Television Group said {LONG}.", None),
        # cut short by its page
        (f"The mayor said {LONG} and...", "fragment"),
        (f"The mayor said {LONG}, plus…", "fragment"),
        (f"The mayor said {LONG} and “never again...”", "fragment"),
        (f"The mayor said {LONG} by 5 p.m.", None),
        # a quotation mark whose other half is in another sentence
        (f"The mayor wrote, “{LONG}.", "unbalanced quotation marks"),
        (f"All of this, {LONG}, is critical to our towns.”", "unbalanced quotation marks"),
        (f'"It is also true that {LONG}.', "unbalanced quotation marks"),
        (f'The mayor said "{LONG}" and then left, adding "never again".', None),
        # a page's prompt to its reader
        ("Add Harbour News as an interest to stay up to date on the latest bridge news.",
         "prompt to the reader"),
        ("Follow the bridge's reopening and the mayor's visit live here.", "prompt to the reader"),
        (f"Officials said the ferry will stay here until {LONG}.", None),
        ("The bridge is closed today.", "too short"),
        (f"The storm report noted that {LONG} {LONG} {LONG} {LONG} {LONG} {LONG}.", "too long"),
    ],
)
def test_rejection_table(text: str, reason: str | None) -> None:
    assert rejection(text, word_count(text)) == reason


def test_wholly_quoted_needs_marks_at_both_ends() -> None:
    assert wholly_quoted('"We will rebuild the bridge within a year."')
    assert not wholly_quoted('"We will rebuild," she said, "within a year."')


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("LONDON (AP) _ The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("PORT ELLIS -- The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("New Delhi: The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("PORT ELLIS >> The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("1. The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("12) The ferry resumed service on Tuesday.", "The ferry resumed"),
        ("1.5 million passengers took the ferry on Tuesday.", "1.5 million"),
    ],
)
def test_trim_dateline_moves_offsets(text: str, kept: str) -> None:
    body = "Intro line.\n" + text
    start = body.index(text)
    sentence = Sentence("a1", 1, start, start + len(text), text)
    corpus = build_corpus((Article("a1", body),), ((sentence,),))
    unit = trim_dateline(corpus.units[0])
    assert unit.sentence.text.startswith(kept)
    assert body[unit.sentence.start : unit.sentence.end] == unit.sentence.text
    assert unit.words == word_count(unit.sentence.text)


def test_captions_and_list_numbers_stay_out_of_real_summaries(shared_data: Path) -> None:
    """Multi-News web pages: AP photo captions, a video player's "CLOSE" blurb and a
    numbered list of accusers; the summary shows none of the first two and no number."""
    from storyfuse import summarize
    from storyfuse.ingest import load_paths

    for cluster in ("010_3b5368b348fc", "024_348357789b1c", "088_6db3807942c3"):
        docs = shared_data / "multinews_dev" / cluster / "docs"
        summary = summarize(load_paths(sorted(docs.glob("*.txt"))).articles, words=150)
        texts = [item.sentence.text for item in summary.items]
        assert texts, cluster
        assert not [t for t in texts if rejection(t, word_count(t)) == "caption"], cluster
        assert not [t for t in texts if t.startswith(("CLOSE ", "1. ", "WOODLAND"))], cluster
        assert not [t for t in texts if _WEEKDAY_AND_DATE_RE.search(t)], cluster


def test_picture_furniture_and_cut_sentences_stay_out_of_real_summaries(
    shared_data: Path,
) -> None:
    """Multi-News web pages that keep picture credits ("Cliff Owen/AP Buy Photo", "...
    AFP/Getty Images"), a gallery's captions, a BBC player's notice before a video's
    caption, and sentences that trail off ("... debit-card accounts and..."): a 250-word
    summary holds none of them."""
    from storyfuse import summarize
    from storyfuse.ingest import load_paths

    clusters = ("032_3a36e0fd6f9a", "052_6c46adce88e2", "072_fe95b01ef6da", "074_56455fb505b8",
                "198_1f080355f909")
    for cluster in clusters:
        docs = shared_data / "multinews_dev" / cluster / "docs"
        summary = summarize(load_paths(sorted(docs.glob("*.txt"))).articles, words=250)
        texts = [item.sentence.text for item in summary.items]
        assert texts, cluster
        assert not [t for t in texts if re.search(r"/(?:AP|AFP|ABC)\b|Getty|[Cc]aption", t)]
        cut_or_dated = r"(?:\.{3}|…)\W*$|^[A-Z][a-z]+\.? \d+, \d{4} "
        assert not [t for t in texts if re.search(cut_or_dated, t)], cluster
        assert not [t for t in texts if t.count("“") != t.count("”") or t.count('"') % 2], cluster


def _corpus(*texts: str) -> tuple[str, tuple[Unit, ...]]:
    body = "\n".join(texts)
    sentences, start = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence("a1", i, start, start + len(text), text))
        start += len(text) + 1
    corpus = build_corpus((Article("a1", body),), (tuple(sentences),))
    return body, corpus.units


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"But the mayor said {LONG}.", "The mayor said"),
        (f"However, the mayor said {LONG}.", "The mayor said"),
        (f"Still, if you look at the records, {LONG}.", "If you look"),
        (f"In addition, “{LONG},” the mayor said.", "“" + LONG[:10]),
    ],
)
def test_a_leading_connective_is_cut_with_the_offsets(text: str, kept: str) -> None:
    body, units = _corpus("Intro line of the article, which names the harbour bridge.", text)
    assert rejection(units[1].sentence.text, units[1].words) == "continues another sentence"
    cut = trim_connective(units[1])
    assert cut is not None and cut.sentence.text.startswith(kept)
    source = body[cut.sentence.start : cut.sentence.end]
    assert cut.sentence.text == source[:1].upper() + source[1:]
    assert cut.words == word_count(cut.sentence.text)
    assert [u.sentence.text for u in select_candidates_of(units)][-1] == cut.sentence.text


def select_candidates_of(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    articles = (Article("a1", "x"),)
    return select_candidates(Corpus(articles, units))


def test_what_a_cut_connective_leaves_must_stand_alone() -> None:
    _, units = _corpus(f"Intro line of the article on {LONG}.", f"But he said {LONG}.")
    assert [u.sentence.text for u in select_candidates_of(units)] == [units[0].sentence.text]


def test_an_early_pronoun_in_an_articles_first_sentence_looks_ahead() -> None:
    lead = f"Declaring him a martyr, the pope honoured Cardinal Ada Quill as {LONG}."
    later = f"Police arrested him after {LONG}."
    _, units = _corpus(lead, later)
    assert [u.sentence.text for u in select_candidates_of(units)] == [lead]


# --- followers: "He added ..." only right after the sentence before (issue 11, part 4) ---


def test_a_sentence_on_he_she_or_they_follows_the_candidate_before_it() -> None:
    _, units = _corpus(
        f"The harbour master Ines Calder described {LONG}.",
        "He added that the ferries would run every twenty minutes until the bridge reopens.",
        "They will also add two boats on the weekend to carry the commuters across the river.",
    )
    corpus = build_corpus(
        (Article("a1", "\n".join(u.sentence.text for u in units)),),
        (tuple(u.sentence for u in units),),
    )
    assert [u.follows for u in select_candidates(corpus, followers=True)] == [False, True]
    # "They" follows "He added ...", itself a follower: no chain of followers
    assert [u.sentence.index for u in select_candidates(corpus)] == [0]


def test_no_follower_after_a_sentence_that_cannot_stand_alone() -> None:
    _, units = _corpus(
        "Why did the harbour master close the bridge on Monday?",
        "He said engineers found a cracked pier under the old bridge during an inspection.",
        f"This means {LONG}.",
    )
    corpus = build_corpus(
        (Article("a1", "\n".join(u.sentence.text for u in units)),),
        (tuple(u.sentence for u in units),),
    )
    assert select_candidates(corpus, followers=True) == ()


def test_a_transcript_speakers_lines_are_no_candidates() -> None:
    """'TRUMP: Well, the leaks are real.' was the summary's lead as "Well, the leaks are
    real." (its label cut as a dateline): a speaker's words are a quote, not the reporter's;
    a label that is no speaker's ("THE FACTS:" of a fact check) leaves its line one."""
    lines = (
        "Mayor Ann Lee took questions from reporters about the harbour bridge on Monday.",
        "LEE: We will rebuild the harbour bridge within two years, whatever it costs.",
        "REPORTER: Can you say definitively that the council has agreed to the cost?",
        "LEE: The council has agreed to the cost of the harbour bridge, every cent of it.",
        "THE FACTS: The council has agreed to no figure for the harbour bridge yet.",
    )
    body, units = _corpus(*lines)
    kept = [u.sentence.text for u in select_candidates(Corpus((Article("a1", body),), units))]
    assert kept == [lines[0], lines[-1].removeprefix("THE FACTS: ")]
