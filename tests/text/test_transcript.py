"""Transcript turns: speakers' labels in capitals, which of them are a transcript's speakers,
and the sentences that are someone's words, not the reporter's."""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.text.corpus import build_corpus
from storyfuse.text.segment import split_sentences
from storyfuse.text.transcript import Turn, speech_turns, speech_units, transcript_turns
from storyfuse.types import Article

TRANSCRIPT = (
    "Mayor Ann Lee took questions on Monday.\n"
    "REPORTER: When will the bridge open? LEE: We will rebuild it within two years.\n"
    "REPORTER: And the cost? LEE: About forty million, as the council has agreed — "
    "REPORTER: Who pays? LEE: The state.\n"
    "THE FACTS: The council has agreed to no figure yet.\n"
)


def _words(text: str, turns: Sequence[Turn]) -> list[tuple[str, str]]:
    return [(t.label, text[t.start : t.end]) for t in turns]


def test_turns_run_from_their_label_to_the_next_one_or_the_line_end() -> None:
    turns = _words(TRANSCRIPT, transcript_turns(TRANSCRIPT))
    assert turns == [
        ("REPORTER", "When will the bridge open?"),
        ("LEE", "We will rebuild it within two years."),
        ("REPORTER", "And the cost?"),
        ("LEE", "About forty million, as the council has agreed —"),
        ("REPORTER", "Who pays?"),
        ("LEE", "The state."),
        ("THE FACTS", "The council has agreed to no figure yet."),
    ]


def test_a_speaker_recurs_and_reads_as_a_name() -> None:
    """"THE FACTS" of a fact check recurs but is no speaker; page labels said once
    ("PHOTOS:", "UPDATE:") and labels of words ("ON HAPPINESS:") are none either; "THE
    PRESIDENT" is one, and "PRESIDENT ANN LEE" then "LEE" is one speaker's label."""
    labels = {t.label for t in speech_turns(TRANSCRIPT + "THE FACTS: None was put.\n")}
    assert labels == {"REPORTER", "LEE"}
    page = (
        "PHOTOS: The bridge from the air, before and after.\n"
        "UPDATE: The council met on Tuesday and agreed on the cost.\n"
        "ON HOPE: We will rebuild it.\nON FEAR: Nothing is lost.\n"
    )
    assert transcript_turns(page) and not speech_turns(page)
    briefing = "THE PRESIDENT: Thank you.\nQ: Sir?\nTHE PRESIDENT: Go ahead.\n"
    assert {t.label for t in speech_turns(briefing)} == {"THE PRESIDENT"}
    titled = "PRESIDENT ANN LEE: Thank you all.\nLEE: We will rebuild it.\n"
    assert len(speech_turns(titled)) == 2


def test_no_label_inside_a_sentence_or_after_a_lower_case_word() -> None:
    text = "The time was 10:30. The sign read NO ENTRY: keep out. He said so: yes."
    assert transcript_turns(text) == ()


def test_the_sentences_of_speech_turns_are_someones_words() -> None:
    article = Article(id="a", text=TRANSCRIPT)
    corpus = build_corpus((article,), (split_sentences(TRANSCRIPT, "a"),))
    speech = speech_units(corpus)
    said = [u.sentence.text for u in corpus.units if (u.doc, u.position) in speech]
    told = [u.sentence.text for u in corpus.units if (u.doc, u.position) not in speech]
    assert any("rebuild it within two years" in s for s in said)
    assert told[0] == "Mayor Ann Lee took questions on Monday."
    assert any(s.startswith("THE FACTS:") for s in told)
    assert not any("rebuild" in s or "forty million" in s for s in told)
