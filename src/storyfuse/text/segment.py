"""Sentences of a cleaned article, with character offsets into its text.

segment: cleaned ``Article.text`` -> ``tuple[Sentence, ...]`` where every
``sentence.text == text[sentence.start:sentence.end]`` (stripped of surrounding
whitespace), in order, never overlapping, and no non-space character left out.

How it decides, in this order:

1. Lines. Each line of cleaned text is a paragraph, and a sentence never crosses a
   line break. Newswire continues a quotation into the next paragraph by *reopening*
   it there (no closing mark at the end of the first), so a paragraph end is still a
   sentence end; joining across lines would only merge unrelated paragraphs.
2. Candidates. Inside a line, a candidate boundary is a terminator (``.``, ``?``, ``!``,
   runs of them, an ellipsis ``...``, ``. . .`` or ``…``) followed by optional closers
   (quotes ``" ” ’ '' '``, brackets) and whitespace; or, for scraped web text with a
   lost space, ``word.Next`` / ``word."Next``.
3. Rules, applied to the word before the terminator and the word after it:
   - a lowercase next word, a dash or other continuing punctuation: no split;
   - titles before a name (``Mr. Gen. Sen. Dr.``) and ``e.g. i.e. vs. cf.``: no split;
   - ``No. 5``, ``Feb. 24``, ``p. 12``: no split before a digit;
   - ambiguous abbreviations (``U.S. a.m. p.m. Inc. Co. Jr. St. etc.``, state names
     such as ``Calif.``, dotted acronyms, single initials like ``W.``): split only when
     the next word is a common sentence starter (``The He It But In ...``) or an
     opened quotation -- so ``the U.S. He said`` splits, ``5 p.m. Sunday`` and
     ``George W. Bush`` do not. A closer after the period (``U.S."``) is taken as
     evidence of an end and splits;
   - an ellipsis splits only before a common sentence starter;
   - a list marker does not split: a letter opening a sentence (``A.``, ``J. Smith``),
     a number or roman numeral opening a line (``1.``, ``IV.``);
   - a quotation of several sentences that closes with a comma (``"We will try.
     We must," he said.``), or with ``?``/``!`` before a lowercase word, stays one
     sentence with its attribution; so does a closed quotation followed by a named
     speaker and a speech verb (``"Why?" Smith asked.``);
   - a glued ``word."Next`` splits after the quote when it closes a quotation and
     before it when it opens one.
   Everything else with an uppercase letter, digit, quote or symbol next splits.

Why not syntok alone: on the hard-case table in ``tests/text/test_segment.py`` (87 cases)
syntok run per line gets 63 right -- it splits ``LONDON (AP) _`` datelines and titles it
does not know (``Rep.``, ``Gov.``), and misses the attribution joins, ``U.S. He``,
ellipses and glued sentences -- and it takes about 1.3 s for DUC 2003 (298 documents)
where these rules take about 0.13 s.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from storyfuse.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    SENTENCE_STARTERS,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
)
from storyfuse.types import Article, Sentence

# Words after which the period is never final.
NEVER_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    "e.g i.e eg ie vs v cf viz approx ca esp incl".split()
)
# Abbreviations that precede a number: no split before a token with a digit
# ("No. 5", "Feb. 24", "specimen No. ZL00036").
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    No Nos no nos Vol Vols vol vols p pp Art Fig Figs fig Sec sec Ch ch Op op Ex ex Rt Rte Hwy
    """.split()
) | frozenset(a.capitalize() for a in MONTH_ABBREVIATIONS if a not in MONTH_NAMES)
# Abbreviations that may end a sentence: split only before a common sentence starter.
AMBIGUOUS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    Inc Corp Co Cos Ltd Bros Jr Sr St Ave Blvd Rd Dept Univ Assn Intl Mfg Ret Esq
    etc al a.m p.m am pm
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)
_LINE_RE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# A terminator, optional closers, then whitespace or the end of the line.
# Each pattern opens with a one-character lookahead so that ``re`` skips ahead fast.
_BOUNDARY_RE = re.compile(
    r"(?=[.!?…])(?P<term>\.(?:[ ]?\.){2,}|…+\.?|[.!?]+)"
    r"(?P<close>(?:''|[\"”’')\]}»])*)"
    r"(?=\s|$)"
)
# A lost space in scraped text: "said.The", "law.\"The" (two lowercase letters before).
_GLUED_RE = re.compile(r"(?P<term>[.!?])(?<=[a-z]{2}.)(?P<close>[\"”“]?)(?=[A-Z][A-Za-z])")
_URLISH_RE = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|html?)\b", re.IGNORECASE)
_DOTTED_ACRONYM_RE = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_LETTER_MARKER_RE = re.compile(r"\(?[A-Za-z]")
_LINE_MARKER_RE = re.compile(r"\(?(?:\d{1,2}|[ivxlcIVXLC]{1,6})")
# A capitalised speaker and a speech verb after a closed quotation: ``"Why?" Smith asked.``,
# ``"Why?" Smith asked again``, ``"Help!" Jo Piatt wrote on his page`` (an adverb or a
# preposition after the verb; ``"No." Smith said the plan was dead`` is two sentences).
_SPEAKER_RE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}"
    rf"(?:{'|'.join(sorted(SPEECH_VERBS))})"
    r"(?:(?:\s+[A-Z][\w'’-]*){0,3}\s*(?:[.,;:!?]|$)|\s+(?:again|later|then|also|too|"
    r"afterwards?|earlier|once|repeatedly|simply|flatly|bluntly|"
    r"on|in|at|via|during|after|before|from|over|with)\b)"
)
# Characters that attach a prefix to the word before a period: "ex-Gov.", "Caltech/R.".
_WORD_JOINER_RE = re.compile(r"[/–—-]")
_QUOTE_RE = re.compile(r"(?=[`'\"“”«»‘’])(?:``|''|[\"“”«»‘’])")
_WORD_PREFIX_RE = re.compile(r"[^\W\d_]+")
_NON_SPACE_RE = re.compile(r"\S+")
_DIGIT_RE = re.compile(r"\d")

OPENERS = "\"“‘'`([{«"
CLOSERS = "\"”’')]}»"
QUOTE_CLOSERS = frozenset("\"”’'»")
ELLIPSIS_CHARS = frozenset("…")
MAX_MARKER_CHARS = 12  # a list marker with the spaces around it: " (iv"
CONTINUING_PUNCTUATION = frozenset("-–—_,;:)]}%")
ATTRIBUTION_CLOSERS = frozenset("?!—–-")
SINGLE_QUOTES = frozenset("‘’")
ALWAYS_OPEN_QUOTES = frozenset(["``", "“", "«"])
ALWAYS_CLOSE_QUOTES = frozenset(["”", "»"])


class _Quote(NamedTuple):
    """A quotation mark in a line: where, how long, and opening or not."""

    pos: int
    length: int
    opening: bool


class _QuoteFamily(NamedTuple):
    """The marks of one family (double or single) in a line, in order, with positions."""

    positions: tuple[int, ...]
    marks: tuple[_Quote, ...]

    def before(self, pos: int) -> _Quote | None:
        i = bisect_left(self.positions, pos)
        return self.marks[i - 1] if i > 0 else None

    def after(self, pos: int) -> _Quote | None:
        i = bisect_left(self.positions, pos + 1)
        return self.marks[i] if i < len(self.marks) else None


_Quotes = tuple[_QuoteFamily, _QuoteFamily]  # (double, single)
_NO_QUOTES: _Quotes = (_QuoteFamily((), ()), _QuoteFamily((), ()))


class _Next(NamedTuple):
    """What follows a candidate boundary."""

    first: str  # the first character after any opening quotes or brackets ("" at the end)
    word: str  # the leading letters of the next word
    dotted: bool  # the word is directly followed by "." (an initial or abbreviation)
    quoted: bool  # an opening quotation mark came first
    pos: int  # where it starts in the line
    has_digit: bool  # the next token holds a digit ("5", "ZL00036", "2b")


def split_sentences(text: str, article_id: str = "") -> tuple[Sentence, ...]:
    """Sentences of a cleaned article text, in order, with offsets into ``text``."""
    sentences: list[Sentence] = []
    for line in _LINE_RE.finditer(text):
        for start, end in _line_spans(line.group()):
            begin, finish = line.start() + start, line.start() + end
            sentences.append(
                Sentence(article_id, len(sentences), begin, finish, text[begin:finish])
            )
    return tuple(sentences)


def segment_article(article: Article) -> tuple[Sentence, ...]:
    """The sentences of a cleaned article."""
    return split_sentences(article.text, article.id)


def _line_spans(line: str) -> list[tuple[int, int]]:
    """Stripped, non-empty (start, end) spans of the sentences of one line."""
    cuts = _cuts(line)
    spans: list[tuple[int, int]] = []
    previous = 0
    for cut in [*cuts, len(line)]:
        span = _stripped(line, previous, cut)
        if span is not None:
            spans.append(span)
        previous = cut
    return spans


def _stripped(line: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = line[start:end]
    body = chunk.strip()
    if not body:
        return None
    begin = start + len(chunk) - len(chunk.lstrip())
    return begin, begin + len(body)


def _cuts(line: str) -> list[int]:
    """Positions in ``line`` where one sentence ends and the next may begin."""
    quotes = _quotes(line) if _QUOTE_RE.search(line) else _NO_QUOTES
    cuts: list[int] = []
    sentence_start = 0
    for match in _candidates(line):
        cut = _cut_at(line, match, sentence_start, quotes)
        if cut is not None:
            cuts.append(cut)
            sentence_start = cut
    return cuts


def _cut_at(line: str, match: re.Match[str], sentence_start: int, quotes: _Quotes) -> int | None:
    """Where the candidate ``match`` ends a sentence, or None where it does not."""
    term_start, term_end = match.start("term"), match.end("term")
    closers, cut = match.group("close"), match.end()
    if match.re is _GLUED_RE:
        if _URLISH_RE.search(_token_before(line, 0, term_start)):
            return None
        if closers and not _inside_quote(quotes[0], term_start):
            closers, cut = "", term_end  # the quote opens the next sentence
    nxt = _next_word(line, cut)
    if not nxt.first:
        return None  # the line's end ends the sentence anyway
    left = _left_word(line, sentence_start, term_start)
    if not _is_sentence_end(match.group("term"), closers, left, nxt):
        return None
    if not closers and _joined_by_attribution(line, quotes, term_start):
        return None
    if _closes_before_speaker(line, closers, nxt):
        return None
    if _is_list_marker(line, sentence_start, term_start):
        return None
    return cut


def _candidates(line: str) -> list[re.Match[str]]:
    """Candidate boundaries of a line in order (glued ones only where text has them)."""
    found = list(_BOUNDARY_RE.finditer(line))
    glued = list(_GLUED_RE.finditer(line))
    if glued:
        found = sorted([*found, *glued], key=lambda m: m.start())
    return found


def _is_sentence_end(term: str, closers: str, left: str, nxt: _Next) -> bool:
    """Whether a terminator between ``left`` and ``nxt`` ends a sentence."""
    first = nxt.first
    if first.islower() or first in CONTINUING_PUNCTUATION:
        return False
    if _is_ellipsis(term):
        return _starts_sentence(nxt)
    if "?" in term or "!" in term or closers:
        return True
    return _period_ends(left, nxt)


def _period_ends(left: str, nxt: _Next) -> bool:
    """Whether a plain period after ``left`` ends a sentence before ``nxt``."""
    key = _abbreviation_key(left)
    if key in NEVER_FINAL_ABBREVIATIONS or key in TITLE_ABBREVIATIONS:
        return False
    if key in NUMBER_ABBREVIATIONS and nxt.has_digit:
        return False
    if _is_ambiguous(key):
        return _starts_sentence(nxt)
    return True


def _is_ambiguous(key: str) -> bool:
    if key in AMBIGUOUS_ABBREVIATIONS:
        return True
    if len(key) == 1:
        return key.isalpha()
    return _DOTTED_ACRONYM_RE.fullmatch(key) is not None


def _abbreviation_key(left: str) -> str:
    """The left word as the lists spell it: dateline capitals ``ST`` -> ``St``."""
    if len(left) > 1 and left.isupper() and "." not in left:
        return left.title()
    return left


def _starts_sentence(nxt: _Next) -> bool:
    if nxt.quoted and nxt.first.isupper():
        return True
    return not nxt.dotted and nxt.word in SENTENCE_STARTERS


def _closes_before_speaker(line: str, closers: str, nxt: _Next) -> bool:
    """A quotation closed by ``."`` ``?"`` ``!"`` and followed by ``Smith said.``."""
    if not any(ch in QUOTE_CLOSERS for ch in closers) or nxt.quoted:
        return False
    return _SPEAKER_RE.match(line, nxt.pos) is not None


def _is_ellipsis(term: str) -> bool:
    return term.count(".") >= 3 or any(ch in ELLIPSIS_CHARS for ch in term)


def _is_list_marker(line: str, start: int, end: int) -> bool:
    """A letter opening a sentence (``A.``, ``J. Smith``), or a number opening a line."""
    if end - start > MAX_MARKER_CHARS:
        return False
    marker = line[start:end].strip()
    line_start = start == 0
    if _LETTER_MARKER_RE.fullmatch(marker):
        return True
    return line_start and _LINE_MARKER_RE.fullmatch(marker) is not None


def _token_before(line: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at ``end`` (not before ``start``)."""
    begin = end
    while begin > start and not line[begin - 1].isspace():
        begin -= 1
    return line[begin:end]


def _left_word(line: str, start: int, end: int) -> str:
    """The word before a terminator, without quotes or brackets around it.

    A space before the period (``Sen .``, a typing slip) is passed over.
    """
    while end > start and line[end - 1].isspace():
        end -= 1
    token = _token_before(line, start, end).lstrip(OPENERS).rstrip(CLOSERS)
    return _WORD_JOINER_RE.split(token)[-1]


def _next_word(line: str, pos: int) -> _Next:
    """The word that follows ``pos``, after whitespace and opening quotes or brackets."""
    length = len(line)
    while pos < length and line[pos].isspace():
        pos += 1
    quoted = False
    while pos < length and line[pos] in OPENERS:
        quoted = quoted or line[pos] not in "([{"
        pos += 1
    if pos >= length:
        return _Next("", "", dotted=False, quoted=quoted, pos=pos, has_digit=False)
    match = _WORD_PREFIX_RE.match(line, pos)
    word = match.group() if match else ""
    after = pos + len(word)
    dotted = bool(word) and after < length and line[after] == "."
    token = _NON_SPACE_RE.match(line, pos)
    has_digit = token is not None and _DIGIT_RE.search(token.group()) is not None
    return _Next(line[pos], word, dotted=dotted, quoted=quoted, pos=pos, has_digit=has_digit)


def _quotes(line: str) -> _Quotes:
    """Double and single quotation marks of a line, classed as opening or closing.

    Apostrophes (a single mark inside a word) are dropped.
    """
    marks: tuple[list[_Quote], list[_Quote]] = ([], [])
    depth = [0, 0]
    for match in _QUOTE_RE.finditer(line):
        mark, pos = match.group(), match.start()
        family = int(mark in SINGLE_QUOTES)
        before = line[pos - 1] if pos > 0 else " "
        after = line[match.end()] if match.end() < len(line) else " "
        opening = _quote_opens(mark, before, after, depth[family])
        if opening is None:
            continue
        depth[family] = depth[family] + 1 if opening else max(0, depth[family] - 1)
        marks[family].append(_Quote(pos, len(mark), opening))
    return (_family(marks[0]), _family(marks[1]))


def _family(marks: list[_Quote]) -> _QuoteFamily:
    return _QuoteFamily(tuple(q.pos for q in marks), tuple(marks))


def _quote_opens(mark: str, before: str, after: str, depth: int) -> bool | None:
    """True for an opening mark, False for a closing one, None for an apostrophe."""
    space_before = before.isspace() or before in "([{—–-"
    space_after = after.isspace() or not after.isalnum()
    if mark in ALWAYS_OPEN_QUOTES and not (space_after and not space_before):
        return True
    if mark in ALWAYS_CLOSE_QUOTES and not (space_before and not space_after):
        return False
    if space_before and not after.isspace():
        return True
    if space_after and not space_before:
        return False
    if mark in SINGLE_QUOTES:
        return None  # inside a word: an apostrophe
    return depth == 0


def _inside_quote(family: _QuoteFamily, pos: int) -> bool:
    last = family.before(pos)
    return last is not None and last.opening


def _joined_by_attribution(line: str, quotes: tuple[_QuoteFamily, _QuoteFamily], pos: int) -> bool:
    """Whether the quotation open at ``pos`` closes with ``,"`` (or ``?" he``) later.

    ``"We will try. We must," he said.`` is one sentence: the quotation is the
    object of "said", so its inner sentence ends do not end the sentence.
    """
    for family in quotes:
        if not _inside_quote(family, pos):
            continue
        closing = family.after(pos)
        if closing is None or closing.opening:
            continue
        before = line[closing.pos - 1]
        if before == ",":
            return True
        if before in ATTRIBUTION_CLOSERS:
            first = _next_word(line, closing.pos + closing.length).first
            if first.islower():
                return True
    return False
