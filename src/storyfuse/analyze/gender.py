"""Which pronoun an article uses for each of its people, read from the article itself.

A quotation attributed to "she said" belongs to a woman of the story, not to the man named
last ("She's sitting this one out as she stands with Colin Kaepernick and his take-a-knee
protest. ... Addressing them directly, she wrote: ..." is not Kaepernick's). No list of
given names is needed: the article says it. A person's pronoun is read where only that
person can be meant:

- an honorific before the name: "Mr" is "he"; "Mrs", "Ms" and "Miss" are "she";
- a personal pronoun after the name in a sentence that names no other person ("Colin
  Kaepernick and his take-a-knee protest");
- "He" or "She" opening the next sentence, where the sentence naming the person names no
  one else ("Don't look for Amy Schumer in any Super Bowl commercials. She's sitting this
  one out").

Quotations are blanked out (``speakers.MASK``) before this is read, so a speaker's own
"I"/"he" do not count. A person is "he" or "she" when that pronoun has at least
``MIN_MARGIN`` times as many cues as the other, and at least one; otherwise unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyfuse.analyze.speakers import Known, Mention, Person, person_of
from storyfuse.types import Sentence

MIN_MARGIN = 3  # cues of one pronoun over the other's for it to count

HE, SHE = "he", "she"
_PRONOUN_WORD_RE = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.I)
_OPENING_RE = re.compile(r"\s*(?:(?:But|And|Then|Later)\s+)?(?:(He)|(She))\b")
_HONORIFIC_RE = re.compile(r"(?:(Mr)|(Mrs|Ms|Miss))\b\.?\s")


def _count(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for match in _PRONOUN_WORD_RE.finditer(text):
        out[HE if match.group(1) else SHE] += 1
    return out


def _one_person(inside: Sequence[Mention], known: Known) -> tuple[Person, int] | None:
    """The one person a sentence's mentions name (and where its first mention ends), else
    None."""
    found: dict[str, tuple[Person, int]] = {}
    for m in inside:
        person = person_of(m, known)
        if person is not None and person.name not in found:
            found[person.name] = (person, m.end)
    return next(iter(found.values())) if len(found) == 1 else None


def article_pronouns(
    masked: str,
    sentences: Sequence[Sentence],
    by_sentence: Sequence[Sequence[Mention]],
    known: Known,
) -> dict[str, str]:
    """Each person's pronoun (``HE`` or ``SHE``) by name, where the article tells it;
    ``by_sentence``: for each sentence, the mentions that start in it."""
    cues: dict[str, Counter[str]] = {}
    for m in (m for inside in by_sentence for m in inside):
        person = person_of(m, known)
        honorific = _HONORIFIC_RE.match(masked, m.start, m.end) if m.honorific else None
        if person is not None and honorific is not None:
            cues.setdefault(person.name, Counter())[HE if honorific.group(1) else SHE] += 2
    for i, (sentence, inside) in enumerate(zip(sentences, by_sentence, strict=True)):
        one = _one_person(inside, known)
        if one is None:
            continue
        person, after = one
        tally = cues.setdefault(person.name, Counter())
        tally.update(_count(masked[after : sentence.end]))
        if i + 1 < len(sentences):
            opening = _OPENING_RE.match(masked, sentences[i + 1].start, sentences[i + 1].end)
            if opening is not None:
                tally[HE if opening.group(1) else SHE] += 1
    out: dict[str, str] = {}
    for name, tally in cues.items():
        he, she = tally[HE], tally[SHE]
        if he >= 1 and he >= MIN_MARGIN * she:
            out[name] = HE
        elif she >= 1 and she >= MIN_MARGIN * he:
            out[name] = SHE
    return out


def fits(person: Person | None, pronoun: str, pronouns: dict[str, str]) -> bool:
    """Whether a "he" or "she" may mean ``person``: not when the article uses the other
    pronoun for them."""
    if person is None:
        return False
    known = pronouns.get(person.name)
    return known is None or known == pronoun.casefold()
