"""Boilerplate cues: every keyword prefilter is sound, so the prefilter never changes a result.

A cue's keywords let ``clean`` skip its regex on lines that hold none of them. That is
only right if every match of the regex contains one of the keywords. Two checks:

- from the syntax: the parsed regex (``re._parser``, the parser ``re.compile`` uses)
  has a literal run containing a keyword on every path (``_keywords_cover``);
- on text: for every line of the fixtures and the dev data that a regex matches, the
  prefilter lets it through.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from test_clean import KEPT, REMOVED

from storyfuse.samples import sample_dir
from storyfuse.text.boilerplate import (
    LINE_AND_TAIL_RULE_SET,
    LINE_RULE_SET,
    LINE_RULES,
    QUOTE_OPENERS,
    SPEECH,
    TAIL_RULES,
    Cue,
    LineRule,
    _anchored,
    fold_case,
    is_speech,
)
from storyfuse.text.clean import is_symbol_line, line_kind

# The parser behind ``re.compile``: private, but stable from 3.11 (``sre_parse`` before).
_parser: Any = re._parser
_C: Any = re._constants
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)

ALL_RULES: tuple[LineRule, ...] = LINE_RULES + TAIL_RULES
ALL_CUES: list[tuple[str, int, Cue]] = [
    *((rule.kind, i, cue) for rule in ALL_RULES for i, cue in enumerate(rule.patterns)),
    ("speech", 0, SPEECH),
]
# Original SPEECH_RE of the rules, kept here to pin ``is_speech`` to it.
_SPEECH_RE = re.compile(
    r"\b(?:said|says|told|asked|added|wrote|tweeted|according to)\b|^[\"“'‘]", re.IGNORECASE
)


def _keywords_cover(
    items: Sequence[tuple[Any, Any]], keywords: Sequence[str], fold: bool, run: str = ""
) -> bool:
    """Whether every match of the parsed sequence ``items`` contains one of ``keywords``.

    Sound, not complete: a literal run (adjacent literal characters, lowercased for a
    case-insensitive pattern) holding a keyword, a group or a repeat of at least once
    whose content is covered, or an alternation whose every branch is covered; ``run``
    (the literals just before) carries into a group or branch, as the parser factors a
    common prefix out of branches (``sign|subscribe`` -> ``s(?:ign|ubscribe)``).
    Anything else (classes, anchors, lookarounds, optional parts) breaks the run.
    """
    for op, av in items:
        if op is _C.LITERAL:
            run += chr(av).lower() if fold else chr(av)
            continue
        if any(k in run for k in keywords):
            return True
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags and _keywords_cover(sub, keywords, fold, run):
                return True
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1 and _keywords_cover(sub, keywords, fold, run):
                return True
        elif op is _C.BRANCH:
            _, branches = av
            if all(_keywords_cover(b, keywords, fold, run) for b in branches):
                return True
        run = ""
    return any(k in run for k in keywords)


def _cover(cue: Cue) -> bool:
    parsed = _parser.parse(cue.regex.pattern, cue.regex.flags)
    return _keywords_cover(list(parsed), cue.keywords, cue.folded)


@pytest.mark.parametrize(("kind", "index", "cue"), ALL_CUES)
def test_cue_keywords_are_necessary(kind: str, index: int, cue: Cue) -> None:
    """Every match of the regex contains a keyword, read from the regex's syntax."""
    assert cue.folded == bool(cue.regex.flags & re.IGNORECASE)
    if not cue.keywords:
        return
    if cue.folded:  # looked for in fold_case(line): lowercase ASCII or caseless characters
        chars = "".join(cue.keywords)
        assert all(ch.isascii() or ch.lower() == ch.upper() for ch in chars), (kind, index)
        assert all(k == k.lower() for k in cue.keywords), (kind, index)
    assert _cover(cue), (kind, index, cue.keywords, cue.regex.pattern)


def test_most_cues_have_keywords() -> None:
    """The prefilter covers the patterns that cost most: those not anchored at the start."""
    unanchored = [c for _, _, c in ALL_CUES if not c.regex.pattern.startswith("^")]
    assert all(c.keywords for c in unanchored)
    assert sum(1 for _, _, c in ALL_CUES if c.keywords) >= 60


@pytest.mark.parametrize(
    ("pattern", "flags", "keywords", "covered"),
    [
        (r"\bfollow\s+us", re.I, ("follow",), True),
        (r"\bfollow\s+us", re.I, ("follows",), False),
        (r"\bFollow\s+us", re.I, ("follow",), True),
        (r"\bFollow\s+us", 0, ("follow",), False),
        (r"(?:news|inbox)letter", re.I, ("letter",), True),
        (r"(?:news|inbox)?letter", re.I, ("news",), False),
        (r"(?:news|inbox)letter", re.I, ("news",), False),
        (r"(?:news|inbox)letter", re.I, ("news", "inbox"), True),
        (r"newsletters?", re.I, ("newsletters",), False),
        (r"(?:ab)+c|x(?:ab){0,2}", re.I, ("ab",), False),
        (r"(?:ab)+c|x(?:ab){1,2}", re.I, ("ab",), True),
        (r"to\s+reach", re.I, ("to reach",), False),
        (r"(?:sign\s+up|subscribe)", re.I, ("sign", "subscribe"), True),
        (r"(?:sign\s+up|subscribe)", re.I, ("ign", "subscribe"), True),
        (r"(?:sign\s+up|subscribe)", re.I, ("sign", "subs"), True),
        (r"(?:sign\s+up|subscribe)", re.I, ("signs", "subscribe"), False),
        (r"photo(?:graph)", re.I, ("photog",), True),
        (r"photo(?:graph)?", re.I, ("photog",), False),
    ],
)
def test_keywords_cover_reads_the_syntax(
    pattern: str, flags: int, keywords: tuple[str, ...], covered: bool
) -> None:
    assert _cover(Cue(re.compile(pattern, flags), keywords)) is covered


def test_fold_case_keeps_every_letter_that_ignorecase_matches() -> None:
    """Any character ``re.IGNORECASE`` matches to an ASCII letter folds to that letter."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if letters.fullmatch(char):
            (letter,) = [x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(x, char, re.I)]
            assert letter in fold_case(f"{char}x"), hex(code)
    assert fold_case("İstanbul ſhare KELVIN") == "istanbul share kelvin"


# --- on text: lines of the fixtures and the dev data ----------------------------------


def _labelled_lines(root: Path, docs: Path) -> Iterator[str]:
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))["files"]
    for name, label in labels.items():
        yield from label["boilerplate"]
        yield from (line.strip() for line in (docs / name).read_text(encoding="utf-8").split("\n"))


def assert_prefilters_pass(lines: Iterable[str]) -> int:
    """Every regex match gets through its keywords; the number of matches checked."""
    matched = 0
    for line in {line for line in lines if line}:
        folded = fold_case(line)
        for kind, index, cue in ALL_CUES:
            if cue.regex.search(line):
                matched += 1
                assert cue.search(line, folded), (kind, index, line)
        assert is_speech(line) == bool(_SPEECH_RE.search(line)), line
    return matched


def test_prefilters_pass_every_match_in_the_sample() -> None:
    root = sample_dir()
    assert assert_prefilters_pass(_labelled_lines(root, root / "docs")) > 50


def _web_lines(shared_data: Path) -> list[str]:
    """Lines of the seeds (and their labelled boilerplate) and of Multi-News dev."""
    seeds = shared_data / "seeds"
    lines = list(_labelled_lines(seeds, seeds))
    for path in sorted((shared_data / "multinews_dev").glob("*/docs/*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").split("\n"))
    return lines


@pytest.mark.slow
def test_prefilters_pass_every_match_in_the_web_data(shared_data: Path) -> None:
    """The seeds and the dev web news, where real boilerplate lives."""
    assert assert_prefilters_pass(_web_lines(shared_data)) > 100


def _rule_by_rule(line: str, rules: Sequence[LineRule]) -> str | None:
    return next((rule.kind for rule in rules if rule.matches(line)), None)


def assert_rule_sets_agree(lines: Iterable[str]) -> int:
    """``RuleSet.kind`` gives each line the kind the rules give one by one; the number
    of boilerplate lines among them."""
    found = 0
    for line in {line for line in lines if line and not is_symbol_line(line)}:
        words, folded = len(line.split()), fold_case(line)
        for rules, rule_set in ((LINE_RULES, LINE_RULE_SET), (ALL_RULES, LINE_AND_TAIL_RULE_SET)):
            kind = rule_set.kind(line, words=words, folded=folded)
            assert kind == _rule_by_rule(line, rules), line
            found += kind is not None
    return found


def test_rule_set_agrees_with_the_rules_on_the_sample_and_the_cases() -> None:
    root = sample_dir()
    lines = [*_labelled_lines(root, root / "docs"), *(line for line, _ in REMOVED), *KEPT]
    assert assert_rule_sets_agree(lines) > 50


@pytest.mark.slow
def test_rule_set_agrees_with_the_rules_on_the_web_data(shared_data: Path) -> None:
    assert assert_rule_sets_agree(_web_lines(shared_data)) > 100


@pytest.mark.parametrize(
    ("pattern", "flags", "anchored"),
    [
        (r"^a|^b", 0, True),
        (r"^(?:x|y)z", re.I, True),
        (r"^a|b", 0, False),
        (r"a^", 0, False),
        (r"^a", re.M, False),
        (r"\Aa", 0, False),  # anchored too, but not recognised: searched like any other
    ],
)
def test_anchored_reads_the_syntax(pattern: str, flags: int, anchored: bool) -> None:
    assert _anchored(re.compile(pattern, flags)) is anchored


def test_is_speech_quotes_and_attribution() -> None:
    assert all(is_speech(f"{q}Leave a reply,” she said") for q in QUOTE_OPENERS)
    assert is_speech("Support us, the editor SAID on Monday")
    assert not is_speech("Support us today")
    assert not is_speech("Saidi arrived")
    assert line_kind("Follow us on Twitter") == "share"
    assert line_kind("Follow us on Twitter, he said") is None
