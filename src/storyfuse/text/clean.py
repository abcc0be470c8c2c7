"""Clean: boilerplate lines out of an article's plain text, its headline into the title.

Ingest gives one paragraph per line, so cleaning works on lines, in this order:

1. characters that print as nothing (zero-width spaces and joiners, soft hyphens, a
   byte-order mark) are removed; lines are stripped of surrounding whitespace; blank
   lines are dropped;
2. navigation text glued to the start of a line is cut: a breadcrumb word repeated
   and glued to the first word ("Turkey TurkeyRussian Foreign ..." -> "Russian
   Foreign ..."), section words glued the same way ("World EuropeGerman ...") and UI
   labels before the text ("Story highlights The ...");
3. boilerplate lines are dropped by kind (``LINE_RULES``; each kind is a pattern, not
   a list of one site's strings):

   - ``related``: link lines and their headers ("Also read: ...", "READ ALSO: ...",
     "Related Posts", "Related:", "Read more", "Click here ...", "PHOTOS: ...",
     "More from X:"); a header alone also takes the link titles listed under it;
   - ``share``: share and follow prompts ("Follow our ... via Google news",
     "Follow X on Twitter", "Click to share on ...", tweet-embed text);
   - ``comments``: comment-form text ("Leave a Reply", "Your email address will not
     be published", "Required fields are marked *", "Comments are closed");
   - ``appeal``: donation, membership and newsletter appeals that address the reader
     ("Support X's journalism", "Good journalism costs ...", "consider making a
     modest support", "By contributing to X, you ...", "Sign up for our newsletter");
   - ``ad``: advertising labels ("Advertisement", "TEXT AD: ...", "Sponsored:",
     "Story continues below advertisement", "Continue reading the main story");
   - ``caption``: photo captions and credits ("Photo: ...", "Image copyright ...",
     "Photograph by ...", "Name/Agency", lines ending in "(X / Staff Photographer)" or
     "(AP Photo/X) (Associated Press)", "1 of 6. ...", AP "FILE - This ... photo"
     captions, of any length when they end with a credit). They leave the text but stay
     with the article (``Article.captions``): a news photo's date says when its report
     was written at the earliest, which the timeline may need (``analyze.timeline``);
   - ``credit``: report credits, bylines and sign-offs ("(with agency inputs)",
     "X contributed to this report.", "(Reporting by ...; Editing by ...)",
     "By Ada Quill", "-- Name at Place");
   - ``contact``: author contact lines (e-mail, handle or URL with "write to",
     "can be reached at", "to reach"), and lines that are only a URL or address;
   - ``bio``: an author bio ("Name: He is ... He writes many articles ..."; in the
     last lines, "Name is a freelance writer based in ...");
   - ``legal``: copyright and reuse notices ("All rights reserved", "(c) 2021 ...");
   - ``nav``: page navigation ("Top of Page", "Tags: ...", "Skip to content");
   - ``wire``: newswire transmission codes ("(scl)", "nn", "(END OPTIONAL TRIM)",
     "For Use By Clients of the New York Times News Service", "2nd graf pvs");
   - ``archive``: web-archive crawl notices;
   - ``symbols``: lines with no letter or digit (">", "___", "* * *");

4. the first remaining line becomes the title when it reads as a headline (no
   sentence-final period, not a dateline, short or mostly capitalised words);
5. ``heading``: short section headings inside the body are dropped: a line of at most
   a few words with no sentence end, no verb cue, no digits or quotes, standing alone
   between paragraphs ("Meeting between both leaders", "Russia-Ukraine Conflict:
   The Latest"). Runs of short lines (lists) are kept;
6. a line that ends on a title before a name ("... did not want Sen.") is joined to the
   next ("Max Baucus, ..."): one sentence split at the title's period;
7. newswire quote marks become real ones: in a line that opens a quotation with
   ````, every ```` is “ and every ``''`` is ” (so a brief shows “did everything
   correctly”, not ````did everything correctly''``).

Rules that match on words a sentence could use ("support", "leave", "follow") also
require the line not to be quoted or attributed speech, so a quote survives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storyfuse.lexicon import TITLE_ABBREVIATIONS
from storyfuse.text.boilerplate import (
    LINE_AND_TAIL_RULE_SET,
    LINE_RULE_SET,
    RELATED,
    TAIL_RULES,
    fold_case,
)
from storyfuse.types import Article

_I = re.IGNORECASE
# Limits (in whitespace words) of the shape rules.
HEADING_MAX_WORDS = 6
HEADING_CAPS_MAX_WORDS = 10
TITLE_MAX_WORDS = 20
TITLE_SHORT_WORDS = 15
TITLE_MIN_CAPITALISED = 0.5
RELATED_BLOCK_MAX_LINES = 10
RELATED_ITEM_MAX_WORDS = 20
NAV_PREFIX_MAX_TOKENS = 4
CAPTION_KIND = "caption"  # the kind of the removed lines an article keeps as its captions
_QUOTE_CHARS = "\"“”«»„"
_CLOSERS = "\"'“”‘’»)]"
_TRAILING_RE = re.compile(r"(?<![^\w])[^\w]*$")
NEWSWIRE_OPEN, NEWSWIRE_CLOSE = "``", "''"
# Lowercased words that mark a line as a sentence rather than a heading.
VERB_CUES: frozenset[str] = frozenset(
    """is are was were be been being am has have had do does did will would can could
    shall should may might must said says say told tells asked added wants want got get
    gets go goes went make makes made take takes took""".split()
)
# Section names of news sites, for navigation glued to the first word of a line.
NAV_WORDS: frozenset[str] = frozenset(
    """home news world politics business sport sports opinion europe asia africa
    americas us uk india middle east latest breaking top stories video videos
    live tech technology science health entertainment culture national local
    international region regional economy markets""".split()
)
_GLUE_RE = re.compile(r"^([A-Z][a-z]{2,})([A-Z](?:[a-z]+\S*)?)$")
# UI labels glued before the first words of content.
_LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:story\s+highlights|highlights|key\s+points)\s+|"
    r"(?:(?:facebook|twitter|pinterest|email|whatsapp|linkedin|reddit|share)\s+){2,})"
    r"(?=[A-Z“\"])",
    _I,
)


_SEPARATOR_RE = re.compile(r"^(?:[xX*#=~]\s*){3,}$")
# "LONDON (AP) _", "SYCAMORE, Ill. --", "NAIROBI, June 17 (Xinhua) --", "Antalya (Reuters) -".
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w. ]{1,30}?)?"
    r"(?:\s*(?:,\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\([^)]{1,30}\))?|[A-Z][\w.'’ -]{1,40}?\s*\([A-Z][^)]{1,30}\))\s*(?:--|[-–—_])\s*\S"
)
_INNER_SENTENCE_RE = re.compile(r"(?<![a-z])[a-z]{2,}[.!?][\"”’']?\s+[A-Z\"“]")
# Words a heading does not end on (a line broken mid-sentence does).
OPEN_ENDINGS: frozenset[str] = frozenset(
    """a an the of to in on at by for from with and or but that which who as than into
    about over under between against""".split()
)
# A particle after a verb closes a phrasal verb ("search goes on", "talks break off").
PARTICLES: frozenset[str] = frozenset("on in over off up down out".split())
_VERB_FORM_RE = re.compile(r"(?:s|ed|ing)$")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
# Characters that print as nothing: zero-width space, non-joiner and joiner, word joiner,
# byte-order mark, soft hyphen. Pages scatter them inside words ("the\u200bir team") and
# before them ("The \u200bFlight Crew"), where they split a word or glue a space to it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# A line's last word, a title's abbreviation and its period: "... didn't want Sen." (not
# after a comma: "Littleton, Col." is a state's)
_TITLE_END_RE = re.compile(r"(?:^|(?<!,)\s|[(\[\"“])([A-Z][a-z]{0,5})\.$")
_OUR_RE = re.compile(r"\b(?:our|we|us)\b", re.IGNORECASE)


def line_end(line: str) -> str:
    """How a line ends: ``"."`` (full stop or ellipsis), ``"?"`` (question or exclamation),
    ``":"`` (a lead-in: colon, semicolon, comma, dash) or ``""`` (no punctuation).

    Closing quotes, brackets and stray symbols after the mark are looked through.
    """
    tail = _TRAILING_RE.search(line)
    marks = tail.group(0) if tail else ""
    if "." in marks or "…" in marks:
        return "."
    if "?" in marks or "!" in marks:
        return "?"
    if marks.rstrip(_CLOSERS + " ").endswith((":", ";", ",", "-", "–", "—")):
        return ":"
    return ""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned body text (one paragraph per line), the detected headline, removed lines
    (``captions``: those of them that are photo captions, kind ``caption``)."""

    text: str
    title: str | None
    removed: tuple[str, ...]
    captions: tuple[str, ...] = ()


def is_symbol_line(line: str) -> bool:
    """No letter or digit at all (">", "___", "* * *"), or a separator such as "X X X"."""
    return not any(ch.isalnum() for ch in line) or bool(_SEPARATOR_RE.match(line))


def line_kind(line: str, *, tail: bool = False) -> str | None:
    """The boilerplate kind of a stripped line, or ``None`` for content.

    ``tail``: the line ends the article, where "X is a writer for Y" bios are looked for.
    """
    if is_symbol_line(line):
        return "symbols"
    rules = LINE_AND_TAIL_RULE_SET if tail else LINE_RULE_SET
    return rules.kind(line, words=len(line.split()), folded=fold_case(line))


def _is_related_header(line: str) -> bool:
    """A related-links header alone ("Related:", "Related Posts") lists link titles below it."""
    return RELATED.matches(line) and (line.endswith(":") or len(line.split()) <= 3)


def _is_link_title(line: str) -> bool:
    return 0 < len(line.split()) <= RELATED_ITEM_MAX_WORDS and line_end(line) in ("", "?")


def cut_glued_prefix(line: str) -> str:
    """Cut navigation words glued to the first word of a line, and UI labels before it.

    "Turkey TurkeyRussian Foreign Minister ..." -> "Russian Foreign Minister ...": a
    token whose lowercase-uppercase joint follows a word repeated just before it, or a
    site-section word after other section words, marks the real start.
    """
    label = _LABEL_PREFIX_RE.match(line)
    if label:
        return line[label.end() :]
    tokens = line.split(" ")
    for i in range(1, min(len(tokens), NAV_PREFIX_MAX_TOKENS + 1)):
        glued = _GLUE_RE.match(tokens[i])
        if not glued:
            continue
        head, start = glued.group(1), glued.group(2)
        before = [t.casefold() for t in tokens[:i]]
        repeated = head.casefold() in before
        navigation = head.casefold() in NAV_WORDS
        if (repeated or navigation) and all(t in NAV_WORDS or t == head.casefold() for t in before):
            return " ".join([start, *tokens[i + 1 :]])
        if repeated and len(before) == 1:
            return " ".join([start, *tokens[i + 1 :]])
    return line


def _words(line: str) -> list[str]:
    return _WORD_RE.findall(line)


def _has_verb_cue(words: Sequence[str]) -> bool:
    for word in words[1:]:
        lower = word.casefold()
        if lower in VERB_CUES or (word.islower() and len(word) > 4 and lower.endswith("ed")):
            return True
    return False


def is_heading_shaped(line: str) -> bool:
    """A short label line: no sentence end, no verb cue, no digits or quotes."""
    tokens = line.split()
    if not 0 < len(tokens) <= HEADING_CAPS_MAX_WORDS:
        return False
    words = _words(line)
    letters = [ch for ch in line if ch.isalpha()]
    all_caps = bool(letters) and all(ch.isupper() for ch in letters)
    limit = HEADING_CAPS_MAX_WORDS if all_caps else HEADING_MAX_WORDS
    return (
        0 < len(tokens) <= limit
        and bool(words)
        and line[0].isupper()
        and line_end(line) == ""
        and words[-1].casefold() not in OPEN_ENDINGS
        and not any(ch.isdigit() for ch in line)
        and not any(ch in _QUOTE_CHARS for ch in line)
        and (all_caps or not _has_verb_cue(words))
    )


def _ends_open(words: Sequence[str]) -> bool:
    """The last word leaves the line unfinished ("... talks with the"), unlike a particle."""
    last = words[-1].casefold()
    if last not in OPEN_ENDINGS:
        return False
    phrasal = last in PARTICLES and len(words) > 1 and _VERB_FORM_RE.search(words[-2].casefold())
    return not phrasal


def looks_like_headline(line: str) -> bool:
    """The first line reads as a headline: not a sentence, not a dateline, short or capitalised."""
    words = _words(line)
    tokens = line.split()
    if not 2 <= len(tokens) <= TITLE_MAX_WORDS or not words:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in _QUOTE_CHARS + "‘'"):
        return False
    end = line_end(line)
    if end in (".", ":") or (end == "?" and len(tokens) > TITLE_SHORT_WORDS):
        return False
    if end == "" and _ends_open(words):
        return False
    if _DATELINE_RE.match(line) or _INNER_SENTENCE_RE.search(line):
        return False
    if len(tokens) <= TITLE_SHORT_WORDS:
        return True
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return bool(long_words) and capitalised / len(long_words) >= TITLE_MIN_CAPITALISED


def _newsroom_voice(line: str) -> bool:
    """The outlet speaking of itself ("Our reporters ...", "we"), not quoting anyone."""
    return bool(_OUR_RE.search(line)) and not any(ch in _QUOTE_CHARS for ch in line)


def _drop_line_boilerplate(
    lines: Sequence[str], removed: list[str], captions: list[str]
) -> list[str]:
    kinds: list[str | None] = []
    block_left = 0
    for line in lines:
        kind = line_kind(line)
        if block_left and kind is None and _is_link_title(line):
            kind = "related"
            block_left -= 1
        else:
            block_left = RELATED_BLOCK_MAX_LINES if kind and _is_related_header(line) else 0
        kinds.append(kind)
    # A donation appeal often opens with the outlet praising itself: a line in the
    # newsroom's own voice right before or after an appeal line belongs to it.
    for i, line in enumerate(lines):
        near = {kinds[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)}
        if kinds[i] is None and "appeal" in near and _newsroom_voice(line):
            kinds[i] = "appeal"
    removed.extend(line for line, kind in zip(lines, kinds, strict=True) if kind)
    captions.extend(line for line, kind in zip(lines, kinds, strict=True) if kind == CAPTION_KIND)
    return [line for line, kind in zip(lines, kinds, strict=True) if not kind]


def _drop_tail(lines: list[str], removed: list[str]) -> list[str]:
    """Drop trailing lines that only the end of an article makes boilerplate (bios)."""
    while lines and any(rule.matches(lines[-1]) for rule in TAIL_RULES):
        removed.append(lines.pop())
    return lines


def _drop_headings(lines: Sequence[str], removed: list[str], *, first: str | None) -> list[str]:
    """Drop isolated heading-shaped lines; runs of them (lists) and the first line stay.

    ``first``: the title, which stands before the body as its first line.
    """
    framed = [first, *lines] if first is not None else list(lines)
    shaped = [is_heading_shaped(line) for line in framed]
    kept: list[str] = []
    for i, line in enumerate(framed):
        isolated = 0 < i < len(framed) - 1 and shaped[i] and not shaped[i - 1] and not shaped[i + 1]
        if isolated:
            removed.append(line)
        else:
            kept.append(line)
    return kept[1:] if first is not None else kept


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _repeats_title(line: str, title: str) -> bool:
    """The line is the known title again, maybe without the site name the title carries."""
    a, b = _norm(line), _norm(title)
    return a == b or (looks_like_headline(line) and (b.startswith(a) or a.startswith(b)))


def _split_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.translate(_INVISIBLE).split("\n"):
        line = raw.strip()
        while line:
            cut = cut_glued_prefix(line).strip()
            if cut == line:
                break
            line = cut
        if line:
            lines.append(line)
    return lines


def clean_text(text: str, *, detect_title: bool = True, known_title: str | None = None) -> Cleaned:
    """Clean an article's text; see the module docstring for the steps and kinds.

    ``known_title``: leading lines that repeat it are dropped (the page's own headline).
    ``detect_title``: take the first line as the title when it reads as a headline.
    """
    removed: list[str] = []
    captions: list[str] = []
    lines = _drop_line_boilerplate(_split_lines(text), removed, captions)
    lines = _drop_tail(lines, removed)
    if known_title:
        while lines and _repeats_title(lines[0], known_title):
            removed.append(lines.pop(0))
    title: str | None = None
    if detect_title and lines and looks_like_headline(lines[0]):
        title = lines.pop(0)
    body = _drop_headings(lines, removed, first=title or known_title)
    body = [real_quotes(line) for line in join_title_breaks(body)]
    return Cleaned(
        text="\n".join(body), title=title, removed=tuple(removed), captions=tuple(captions)
    )


def join_title_breaks(lines: Sequence[str]) -> list[str]:
    """``lines`` with each line that ends on a title before a name ("... because they
    didn't want Sen.") joined to the next when that opens on a capital ("Max Baucus,
    D-Mont., to be ..."): a sentence split at the title's period, one half a line each."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].isupper() and _ends_on_title(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _ends_on_title(line: str) -> bool:
    match = _TITLE_END_RE.search(line)
    return match is not None and match.group(1) in TITLE_ABBREVIATIONS


def real_quotes(line: str) -> str:
    """Newswire ```` and ``''`` as curly quotes, in a line that uses newswire marks."""
    if NEWSWIRE_OPEN not in line:
        return line
    return line.replace(NEWSWIRE_OPEN, "“").replace(NEWSWIRE_CLOSE, "”")


def clean_article(article: Article) -> Article:
    """The article with its cleaned body; a detected headline becomes its title if it has
    none; the photo captions cleaning removed join its ``captions``.

    Idempotent: a cleaned article cleans to itself.
    """
    cleaned = clean_text(
        article.text, detect_title=article.title is None, known_title=article.title
    )
    captions = tuple(dict.fromkeys((*article.captions, *cleaned.captions)))
    return replace(
        article, text=cleaned.text, title=article.title or cleaned.title, captions=captions
    )
