"""Which sentences may enter a summary, and the dateline trim that makes them read well.

A candidate must stand on its own in a summary: no questions, no fragments or
headings, no sentence a page cut short ("... accounts and..."), no datelines or bylines,
no all-caps lines, no sentence that only continues the previous one ("He said ...",
"This included ...") or opens on someone named before ("The company named them as
..."), no picture or video caption or credit ("Cliff Owen/AP Buy Photo"), nothing wholly
inside quotation marks (a quote needs its speaker), no quotation mark whose other half
is in another sentence (a speaker's quotation of several sentences), no line of a
transcript's speaker (``storyfuse.text.transcript``: "TRUMP: Well, the leaks are
real."), no exact duplicates;
and where the story has reports, none from a preview article (``storyfuse.text.state``).
Datelines such as ``LONDON (AP) _`` or ``New Delhi:``, and list numbers ("1. "), are cut
from the front; the sentence's offsets move with the cut, so it still points into the
article text. A leading connective that refers to nothing ("But ", "However, ") is cut the
same way and the next letter capitalised: "But the eviction had not happened" is a candidate as "The
eviction had not happened", its offsets those of the words kept. A sentence opening on
"He", "She" or "They" may be a *follower* (``Unit.follows``): the ILP takes it only with
the sentence before it in its article, and the summary puts it right after that one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storyfuse.text.boilerplate import CONTRIBUTED_RE
from storyfuse.text.corpus import Corpus, Unit
from storyfuse.text.state import preview_docs
from storyfuse.text.textstats import content_features, word_count
from storyfuse.text.transcript import speech_units

# A sentence of fewer words is no candidate: ROUGE-2 at 8/9/10 words, DUC 2003 recall
# 11.30/11.37/11.36, Multi-News F1 15.07/15.17/15.09; DUC 2006 and 2007 higher at 9 than 10.
MIN_WORDS = 9
RELAXED_MIN_WORDS = 6  # when strict filtering leaves less text than the budget
MAX_WORDS = 70
MAX_UPPER_RATIO = 0.6

# "LONDON (AP) _ ", "WASHINGTON -- ", "NEW YORK, March 3 (Reuters) - ", "New Delhi: "
_DATELINE_RE = re.compile(
    r"""^(?:
        [A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?\s*
            (?:\((?:AP|AFP|Reuters|UPI|Xinhua|dpa|IANS|PTI|ANI)\)\s*)?(?:_|--|—|–|-)\s+
      | [A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){0,2}:\s+(?=[A-Z])
      | \([A-Z][A-Za-z ]+\)\s*(?:(?:_|--|—|–|-)\s*)?
    )""",
    re.VERBOSE,
)
_DATELINE_CAPS_RE = re.compile(
    r"^[A-Z][A-Z.,'\- ]+(?:[^\S ]\s*)?(?:\([A-Za-z ]+\)\s*)?(?:_|--|—|–|-|>>|»)\s+"
)
# Picture and video captions kept in the text (their dates still anchor the timeline)
# but never summary sentences: an agency caption's weekday with the full date ("... a
# gated house on Tuesday, Jan. 24, 2017.", "... in Washington, Thursday, Feb. 16, 2017.";
# news copy gives one or the other), and the
# blurb under a video player after its "CLOSE" button's label.
_CAPTION_RE = re.compile(
    r"(?:\bon\s+|,\s+)(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},"
    r"\s+\d{4}\b"
    r"|^CLOSE\s+[A-Z][a-z]"
)
# A page's picture furniture inside a sentence: a credit ("Cliff Owen/AP",
# "Mohammed Abed/AFP/Getty Images", "Buy Photo"), a caption's label ("Media caption",
# "Image caption", "Enlarge image", a sentence opening on "Caption" or "Photo:"), a video
# player's notice ("Media playback is unsupported on your device"). Each holds one of
# ``_FURNITURE_KEYS``: a sentence with none (nearly all) skips the regex.
_FURNITURE_RE = re.compile(
    r"\b[A-Z][a-z]+/(?:AP|AFP|EPA|Reuters|Getty|Bloomberg)\b"
    r"|\bGetty\s+Images\b|\bAP\s+Photo\b|\bBuy\s+Photo\b|\bEnlarge\s+image\b"
    r"|\b(?:Media|Image)\s+caption\b|\bMedia\s+playback\b|^(?:Caption|Photo:)\s+[A-Z]"
)
_FURNITURE_KEYS = ("/", "Getty", "Photo", "Enlarge", "caption", "Caption", "Media")
# A gallery caption's date before its first name: "Sept. 29, 2013 Cathryn Carroll of the
# District yells ..." (prose puts a comma or a verb after such a date).
_DATED_CAPTION_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},"
    r"\s+\d{4}\s+[A-Z][a-z]+\s+[A-Z]"
)
# A sentence that trails off: cut short by its page ("... credit- and debit-card
# accounts and...", "Find out all about ..., plus...").
_TRAILING_OFF_RE = re.compile(r"(?:\.{3,}|…)[\"”’')\]]*$")
# A page's prompt to the reader, in a sentence of its own: "Add X as an interest to stay
# up to date on the latest X news ...", "Follow my journey here."
_PROMPT_RE = re.compile(
    r"\bstay\s+up\s+to\s+date\s+(?:on|with)\s+the\s+latest\b"
    r"|^(?:follow|read|watch|see|click|tap)\b[^.!?]{0,60}\bhere[.!]$",
    re.IGNORECASE,
)
# A list item's number before its sentence: "1. Anthony ...", "12) The ...".
_ENUMERATOR_RE = re.compile(r"^\d{1,2}[.)]\s+(?=[A-Z“\"])")
_BYLINE_RE = re.compile(r"^(?:By|BY|Written by|Reporting by|Edited by)\s+[A-Z]")
_TERMINAL_RE = re.compile(r"[.!]['\"”’)\]]*$")
_QUESTION_RE = re.compile(r"\?['\"”’)\]]*$")
_OPEN_QUOTE_RE = re.compile(r"^[\"“‘'`]")
_CLOSE_QUOTE_RE = re.compile(r"[\"”’'][.!?]?$|[.!?][\"”’']+$")
_INNER_QUOTE_RE = re.compile(r"[\"”“]|``|''")
_CONTINUATION_RE = re.compile(
    r"^(?:But|And|Or|So(?!\s+far\b)|However|Yet|Still|Also|Nor|Then(?!-)|Instead|Otherwise|Moreover|"
    r"Furthermore|Besides|Thus|Hence|Therefore|Subsequently|Additionally|Likewise|"
    r"Similarly|In addition|In turn|As a result|"
    r"He|She|It|They|This|That|These|Those|"
    r"His|Her|Its|Their|Them|Him|We|Our|I|You|Such|Both|Neither|Either)\b"
)
# A discourse connective before a sentence that names what it is about: "But the
# expected eviction had not happened ...", "Still, if you look at ...". It ties the
# sentence to one before it but refers to nothing; cut off, the rest stands alone.
_CONNECTIVE_RE = re.compile(
    r"^(?:(?:But|And|Yet|So)\s+|(?:However|Still|Also|Instead|Moreover|Furthermore|Besides|"
    r"In addition|Meanwhile|Nonetheless|Nevertheless),\s+)(?=[\"“A-Za-z])"
)
_URL_RE = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
# An object pronoun among the first words ("The company named them as ...", "Police
# arrested him on ..."): the people it means were named in a sentence before.
EARLY_PRONOUN_WORDS = 4  # words before the pronoun
_EARLY_PRONOUN_RE = re.compile(rf"^(?:\S+\s+){{1,{EARLY_PRONOUN_WORDS}}}(?:them|him)\b")
# A person told of only as "the man" ("The man was named as X, 51, ..."): who he is, and
# why he is in the story, was in a sentence before. "The man who ..." says it itself.
_GENERIC_PERSON_RE = re.compile(
    r"^(?:The|This|That|These|Those)\s+(?:man|woman|boy|girl|child|teenager|men|women|boys|"
    r"girls|children|teenagers|couple|pair)\s+(?:was|is|were|are|had|has|have)\b"
)

# A sentence that opens on "He", "She" or "They" continues the one before it in its
# article ("He added the talks failed to produce any ceasefire agreement"): it may enter a
# summary right after that sentence (``Unit.follows``), never alone.
_FOLLOWER_RE = re.compile(r"^(?:He|She|They)\b")


CONTINUES = "continues another sentence"


def trim_dateline(unit: Unit) -> Unit:
    """Cut a leading dateline, moving the sentence start so offsets stay exact."""
    text = unit.sentence.text
    match = _DATELINE_CAPS_RE.match(text) or _DATELINE_RE.match(text) or _ENUMERATOR_RE.match(text)
    if not match or match.end() >= len(text):
        return unit
    rest = text[match.end() :]
    if not rest[:1].isupper() and not rest[:1].isdigit() and not _OPEN_QUOTE_RE.match(rest):
        return unit
    sentence = replace(unit.sentence, start=unit.sentence.start + match.end(), text=rest)
    stems, bigrams = content_features(rest)
    return replace(
        unit,
        sentence=sentence,
        words=word_count(rest),
        stems=tuple(stems),
        bigrams=tuple(bigrams),
    )


def trim_connective(unit: Unit) -> Unit | None:
    """``unit`` without a leading connective ("But ", "However, "), its first letter
    capitalised, or None when it has none. The start offset moves past the cut, so the
    sentence is its article's text from ``start`` to ``end`` but for that letter's case."""
    text = unit.sentence.text
    match = _CONNECTIVE_RE.match(text)
    if not match:
        return None
    rest = text[match.end() :]
    rest = rest[:1].upper() + rest[1:]
    sentence = replace(unit.sentence, start=unit.sentence.start + match.end(), text=rest)
    stems, bigrams = content_features(rest)
    return replace(
        unit, sentence=sentence, words=word_count(rest), stems=tuple(stems), bigrams=tuple(bigrams)
    )


def _upper_ratio(text: str) -> float:
    """Share of capitals among the letters (1.0 when there are none)."""
    letters = sum(map(str.isalpha, text))  # C-level counts: a regex findall was 2.5x slower
    return sum(map(str.isupper, text)) / letters if letters else 1.0


def wholly_quoted(text: str) -> bool:
    """A sentence that is all quotation, with no attribution outside the marks."""
    if not _OPEN_QUOTE_RE.match(text) or not _CLOSE_QUOTE_RE.search(text):
        return False
    inner = text[1:-2]
    return not _INNER_QUOTE_RE.search(inner)


def unbalanced_quotes(text: str) -> bool:
    """A double quotation mark opens or closes a quotation that goes on in a sentence
    before or after ("All of this stuff is under the radar, ... our communities.”", the
    end of a speaker's quotation of several sentences): in a summary the mark would
    dangle, and the words would read as the reporter's."""
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def is_page_prompt(text: str) -> bool:
    """A page's prompt to its reader ("Add X as an interest to stay up to date on the
    latest ..."): no sentence of the story, though it may name the story's people."""
    return bool(_PROMPT_RE.search(text))


def is_caption(text: str) -> bool:
    """A picture or video caption left in the text ("... a gated house on Tuesday, Jan. 24,
    2017.", "CLOSE Kevin ...", "Sept. 29, 2013 Ada Quill of ...") or a picture's credit or
    label ("Cliff Owen/AP Buy Photo", "Media caption ..."): no sentence of the story,
    though its date tells when."""
    if _CAPTION_RE.search(text) or _DATED_CAPTION_RE.match(text):
        return True
    return any(k in text for k in _FURNITURE_KEYS) and _FURNITURE_RE.search(text) is not None


def rejection(
    text: str,
    words: int,
    *,
    min_words: int = MIN_WORDS,
    first: bool = False,
    referring: bool = False,
) -> str | None:
    """Why a sentence cannot stand alone in a summary, or None when it can.

    ``first``: the sentence opens its article, so nothing before it can be what an early
    "him" or "them" means: the pronoun looks ahead ("Declaring him a martyr, the pope
    honoured Cardinal X"). ``referring``: the sentence is read as following the one before
    it (``follower``), which gives its pronouns what they mean.
    """
    if words < min_words:
        return "too short"
    if words > MAX_WORDS:
        return "too long"
    if _QUESTION_RE.search(text):
        return "question"
    if not _TERMINAL_RE.search(text) or _TRAILING_OFF_RE.search(text):
        return "fragment"
    if not (text[:1].isupper() or text[:1].isdigit() or _OPEN_QUOTE_RE.match(text)):
        return "starts mid-sentence"
    if _BYLINE_RE.match(text) or CONTRIBUTED_RE.search(text):
        return "byline"
    if is_caption(text):
        return "caption"
    if is_page_prompt(text):
        return "prompt to the reader"
    if _upper_ratio(text) > MAX_UPPER_RATIO:
        return "all caps"
    if _URL_RE.search(text):
        return "link"
    if not referring and _CONTINUATION_RE.match(text):
        return CONTINUES
    if not referring and not first and (
        _EARLY_PRONOUN_RE.match(text) or _GENERIC_PERSON_RE.match(text)
    ):
        return "refers back to someone named before"
    if wholly_quoted(text):
        return "wholly quoted"
    if unbalanced_quotes(text):
        return "unbalanced quotation marks"
    return None


def _standing(unit: Unit, min_words: int) -> Unit | None:
    """``unit`` as it can stand alone in a summary (a leading connective cut), or None."""
    first = unit.position == 0
    why = rejection(unit.sentence.text, unit.words, min_words=min_words, first=first)
    if why is None:
        return unit
    cut = trim_connective(unit) if why == CONTINUES else None
    if cut is None or rejection(cut.sentence.text, cut.words, min_words=min_words, first=first):
        return None
    return cut


def follower(unit: Unit, min_words: int, standing: set[tuple[int, int]]) -> Unit | None:
    """``unit`` as a follower of its article's sentence before (``Unit.follows``), or None:
    it opens on "He", "She" or "They", the sentence before it is a candidate that stands
    alone (its (doc, position) is in ``standing``), and it passes every other test."""
    text = unit.sentence.text
    if (unit.doc, unit.position - 1) not in standing or not _FOLLOWER_RE.match(text):
        return None
    if rejection(text, unit.words, min_words=min_words, referring=True) is not None:
        return None
    return replace(unit, follows=True)


def select_candidates(
    corpus: Corpus, *, min_words: int = MIN_WORDS, followers: bool = False
) -> tuple[Unit, ...]:
    """Candidates in corpus order, datelines trimmed, exact duplicates dropped.

    ``followers``: also the sentences that may only follow their article's sentence
    before (``follower``); a method that takes them must honour ``Unit.follows``.
    """
    seen: set[str] = set()
    out: list[Unit] = []
    standing_at: set[tuple[int, int]] = set()
    speech = speech_units(corpus)
    for raw in corpus.units:
        if (raw.doc, raw.position) in speech:
            continue  # a transcript's speaker's words: a quote, not the reporter's
        unit = trim_dateline(raw)
        standing = _standing(unit, min_words)
        if standing is None and followers:
            standing = follower(unit, min_words, standing_at)
        if standing is None or unit.key in seen or not standing.stems:
            continue
        if not standing.follows:
            standing_at.add((unit.doc, unit.position))
        unit = standing
        seen.add(unit.key)
        out.append(unit)
    return tuple(out)


def _enough(units: Sequence[Unit], budget_words: int | None) -> bool:
    return budget_words is None or sum(u.words for u in units) >= budget_words


def candidates_for_budget(
    corpus: Corpus, budget_words: int | None, *, followers: bool = False
) -> tuple[Unit, ...]:
    """The candidates of the reports, relaxed step by step until they fill the budget.

    First the strict candidates of the articles that report (not previews: see
    ``storyfuse.text.state``); then the strict ones of every article; then the relaxed
    ones (shorter sentences) of every article. Followers (``followers``, see
    ``select_candidates``) are not counted towards the budget.
    """
    strict = select_candidates(corpus, followers=followers)
    previews = preview_docs(corpus)
    if previews:
        reports = tuple(u for u in strict if u.doc not in previews)
        if _enough([u for u in reports if not u.follows], budget_words):
            return reports
    if _enough([u for u in strict if not u.follows], budget_words):
        return strict
    return select_candidates(corpus, min_words=RELAXED_MIN_WORDS, followers=followers)
