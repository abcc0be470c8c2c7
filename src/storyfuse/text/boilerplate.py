"""The kinds of boilerplate line that ``clean`` drops: named patterns, one rule per kind.

Each ``LineRule`` is a kind ("related", "share", "appeal", ...) with its patterns and
limits; ``LINE_RULES`` holds the kinds tried on every line and ``TAIL_RULES`` those
tried only on an article's last lines. The kinds and examples are listed in the
docstring of ``storyfuse.text.clean``.

Every line meets some 90 patterns, so each pattern (a ``Cue``) carries keywords: literal
words of which every match contains one (``keys="..."`` next to the regex). A substring
test on the lowercased line is some 20 times cheaper than a regex search that starts
with ``\b``, and rules out nearly every line; ``tests/text/test_boilerplate.py`` checks from
each regex's syntax that its keywords are really necessary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_I = re.IGNORECASE

PROMPT_MAX_WORDS = 40
CONTACT_MAX_WORDS = 25

# Characters that ``re.IGNORECASE`` equates with an ASCII letter but that ``str.lower``
# does not turn into it (dotted and dotless i, long s, Kelvin sign).
_IGNORECASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold_case(line: str) -> str:
    """``line`` lowercased, so that wherever a case-insensitive pattern matches, the
    lowercase form of each of its literal words is a substring."""
    return line.lower() if line.isascii() else line.translate(_IGNORECASE_FOLDS).lower()


@dataclass(frozen=True, slots=True)
class Cue:
    """One pattern of a rule, with ``keywords`` of which every match contains one.

    The keywords are a prefilter: when none is in the line the regex cannot match and
    is not run. For a case-insensitive pattern they are lowercase and looked for in
    ``fold_case(line)``; otherwise as written, in the line itself. No keywords: the
    regex always runs (an anchored pattern whose literals are too common to filter).
    """

    regex: re.Pattern[str]
    keywords: tuple[str, ...] = ()
    folded: bool = field(init=False)  # the keywords are looked for in the case-folded line

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", self.regex.flags & re.IGNORECASE != 0)

    def search(self, line: str, folded: str) -> bool:
        """Whether the pattern matches ``line`` (``folded``: ``fold_case(line)``)."""
        if self.keywords:
            haystack = folded if self.folded else line
            if not any(keyword in haystack for keyword in self.keywords):
                return False
        return self.regex.search(line) is not None


def _re(pattern: str, flags: int = _I, *, keys: str = "") -> Cue:
    """A cue: ``pattern`` compiled, with the whitespace-separated keywords ``keys``."""
    return Cue(re.compile(pattern, flags), tuple(keys.split()))


SPEECH = _re(
    r"\b(?:said|says|told|asked|added|wrote|tweeted|according to)\b",
    keys="said says told asked added wrote tweeted according",
)
QUOTE_OPENERS = ("\"", "“", "'", "‘")


def is_speech(line: str, folded: str | None = None) -> bool:
    """Quoted or attributed speech: opens with a quote, or has "said", "told", ...

    ``folded``: ``fold_case(line)`` when the caller has it.
    """
    if line.startswith(QUOTE_OPENERS):
        return True
    return SPEECH.search(line, fold_case(line) if folded is None else folded)


_URL = r"(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|gov|edu|io|ly)(?:/\S*)?)"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w.])@\w{2,}"
_PLATFORMS = (
    r"(?:twitter|facebook|instagram|google\s+news|telegram|whatsapp|youtube|linkedin|"
    r"tiktok|threads|snapchat|pinterest|x\.com|social\s+media|" + _HANDLE + ")"
)
_NAME_WORD = r"[A-Z][\w.'’-]*"


@dataclass(frozen=True, slots=True)
class LineRule:
    """One kind of boilerplate line: any of ``patterns`` matches, within ``max_words``.

    ``not_speech`` rules skip quoted or attributed lines, so a quote using the same
    words as a prompt is kept.
    """

    kind: str
    patterns: tuple[Cue, ...]
    max_words: int | None = None
    not_speech: bool = False

    def found(self, line: str, folded: str) -> bool:
        """Whether any pattern matches ``line``, word limit and speech aside.

        ``folded``: ``fold_case(line)``. Every line of an article meets all the rules
        through ``RuleSet``, which gives the same answers in one pass.
        """
        return any(cue.search(line, folded) for cue in self.patterns)

    def matches(self, line: str, *, words: int | None = None, speech: bool | None = None) -> bool:
        """Whether ``line`` is of this kind; ``words``/``speech`` pass precomputed facts."""
        count = len(line.split()) if words is None else words
        if self.max_words is not None and count > self.max_words:
            return False
        folded = fold_case(line)
        if not self.found(line, folded):
            return False
        quoted = is_speech(line, folded) if speech is None else speech
        return not (self.not_speech and quoted)


_BULLET = r"^[>»›•·|*\[(\-–—\s]*"
_STRONG_RELATED = (
    r"also\s+read|read\s+also|read\s+more|see\s+also|more\s+reading|further\s+reading|"
    r"related\s+(?:posts?|articles?|stories|story|content|coverage|news|links?|reading|"
    r"topics|videos?)|recommended\s+(?:for\s+you|stories|articles|reading)|"
    r"you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)|more\s+stories|"
    r"just\s+watched|must\s+watch|full\s+coverage|don'?t\s+miss|trending\s+now|"
    r"most\s+(?:read|popular|viewed|shared)|top\s+stories|read\s+next|up\s+next"
)
_LABEL_RELATED = (
    r"related|more|watch|video|videos|photos|gallery|slideshow|listen|recommended|"
    r"trending|read|see|on\s+the\s+net|more\s+(?:from|on|about)\s+[^:]{1,40}|"
    r"related\s+\w+\s+on\s+[^:]{1,30}"
)

RELATED = LineRule(
    "related",
    (
        _re(_BULLET + rf"(?:{_STRONG_RELATED})\s*(?:[:|»>\-–—]|$)"),
        _re(_BULLET + r"(?:ALSO READ|READ ALSO|READ MORE|SEE ALSO|RELATED|JUST WATCHED|EMBED)\b",
            0),
        _re(_BULLET + rf"(?:{_LABEL_RELATED})\s*(?::|$)"),
        _re(r"^(?:click|tap)\s+(?:here|for\s+more)\b|^watch\s+the\s+video\b[^.!?]{0,30}[.!]?$",
            keys="click tap watch"),
        _re(r"^(?:listen|watch)\s+(?:again|now|live)\b|^(?:listen|watch)\s+to\s+the\s+full\b",
            keys="listen watch"),
        _re(_BULLET + r"read\s+more\s+(?:[\w-]+\s+)?(?:stories|news|articles|about\s+this)\b",
            keys="read"),
        _re(r"^related\s+[A-Z]+\s*:|[?!.]\s+read\s+more\s*$", keys="related read"),
    ),
    max_words=PROMPT_MAX_WORDS,
)
SHARE = LineRule(
    "share",
    (
        _re(rf"^follow\s+(?:us\b|me\b|.*\b(?:on|via|at)\s+{_PLATFORMS}|.*\bfor\s+(?:the\s+latest|more|updates)\b)",
            keys="follow"),
        _re(rf"\bfollow\s+(?:(?:us|me|him|her|them)\s+)?(?:on\s+{_PLATFORMS}|{_HANDLE})",
            keys="follow"),
        _re(rf"^(?:and\s+)?(?:like|find)\s+(?:us|\S+(?:\s+\S+){{0,3}})\s+on\s+{_PLATFORMS}",
            keys="like find"),
        _re(r"\ba\s+post\s+shared\s+by\b|\bshare\s+this\s+(?:article|story)\b", keys="share"),
        _re(r"\b(?:click|tap)\s+to\s+play\b|\bwhen\s+the\s+video\s+has\s+been\s+rented\b",
            keys="play rented"),
        _re(r"^(?:click|tap)\s+to\s+(?:share|email|print|tweet|post)\b", keys="click tap"),
        _re(r"\(opens\s+in\s+(?:a\s+)?new\s+window\)", keys="window"),
        _re(r"^share\s+(?:this|on|via|the\s+story)\b|^share\s*$", keys="share"),
        _re(r"^(?:help\s+)?spread\s+the\s+word\b|^read\s+or\s+share\s+this\s+story\b",
            keys="spread share"),
        _re(r"\btweet\s+with\s+a\s+location\b|location\s+information\s+to\s+your\s+tweets",
            keys="location"),
        _re(r"^add\s+a\s+location\s+to\s+your\s+tweets|^embed\s+this\s+(?:tweet|post|video)",
            keys="location embed"),
    ),
    max_words=PROMPT_MAX_WORDS,
    not_speech=True,
)
COMMENTS = LineRule(
    "comments",
    (
        _re(r"^leave\s+a\s+(?:reply|comment)\b[^.!?]{0,20}$", keys="leave"),
        _re(r"your\s+email\s+address\s+will\s+not\s+be\s+published", keys="published"),
        _re(r"required\s+fields\s+are\s+marked", keys="required"),
        _re(r"^(?:post|add|write|view|show|load)\s+(?:a\s+|all\s+)?comments?\b[^.!?]{0,20}$",
            keys="comment"),
        _re(r"^comments\s+are\s+closed|^\d+\s+comments?$|^cancel\s+reply$", keys="comment cancel"),
        _re(r"enable\s+javascript\s+to\s+view\s+the\s+comments|comments\s+powered\s+by",
            keys="comments"),
        _re(r"save\s+my\s+name,?\s+email|notify\s+me\s+of\s+(?:new|follow-up)",
            keys="email notify"),
        _re(r"must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment", keys="logged"),
        _re(r"share\s+it\s+in\s+the\s+comments|join\s+the\s+conversation\b",
            keys="comments conversation"),
    ),
    max_words=PROMPT_MAX_WORDS,
    not_speech=True,
)
APPEAL = LineRule(
    "appeal",
    (
        _re(r"^support\s+(?:\S+\s+){0,5}?(?:journalism|reporting|newsroom)\b", keys="support"),
        _re(r"\b(?:good|quality|independent|investigative)\s+journalism\s+(?:costs|is\s+expensive)",
            keys="journalism"),
        _re(r"\bconsider\s+(?:making\s+)?(?:a\s+)?(?:\w+\s+){0,2}(?:support|contribution|donation)\b",
            keys="consider"),
        _re(r"^by\s+(?:contributing|donating|subscribing|supporting)\b.*\byou\b",
            keys="contributing donating subscribing supporting"),
        _re(r"\b(?:sign\s+up|subscribe)\b.*\b(?:newsletters?|inbox|digital\s+access|free\s+trial|"
            r"e-?mails?|alerts)\b", keys="sign subscribe"),
        _re(r"\bget\s+(?:\w+\s+)?(?:e-?mail|news)\s+alerts\b", keys="alerts"),
        _re(r"\b(?:newsletters?|inbox)\b.*\b(?:sign\s+up|subscribe)\b", keys="newsletter inbox"),
        _re(r"\b(?:delivered|sent|straight)\s+(?:right\s+|directly\s+)?(?:to|into)\s+your\s+inbox",
            keys="inbox"),
        _re(r"^subscribe\b|^(?:donate|become\s+a\s+(?:member|subscriber|patron|supporter))\b",
            keys="subscribe donate become"),
        _re(r"thank\s+you\s+for\s+(?:subscribing|your\s+support)", keys="thank"),
        _re(r"\b(?:journalism|reporting|newsroom)\s+(?:needs|deserves|depends\s+on)\s+(?:your|readers)",
            keys="needs deserves depends"),
        _re(r"\bsupport\s+(?:us|our\s+(?:work|journalism|reporting))\b.*\b(?:you|please|today)\b",
            keys="support"),
    ),
    max_words=PROMPT_MAX_WORDS,
    not_speech=True,
)
AD = LineRule(
    "ad",
    (
        _re(r"^(?:text\s+ad|ad|advert|sponsored(?:\s+content)?|promoted|paid\s+(?:content|post)|"
            r"partner\s+content)\s*:"),
        _re(r"^(?:advertisement|advertising|sponsored|promoted|ad)\b[^.!?]{0,40}$"),
        _re(r"story\s+continues\s+(?:below|after)(?:\s+this)?\s+advert|story\s+continued\s+below",
            keys="continue"),
        _re(r"continue\s+reading\s+(?:the\s+main\s+story|below)|^scroll\s+(?:down\s+)?to\s+continue",
            keys="continue"),
    ),
    max_words=PROMPT_MAX_WORDS,
)
# A picture credit may be followed by the agency's own: "(AP Photo/Jane Mora) (Associated Press)".
_AGENCY_AFTER = r"(?:\s*\((?:associated\s+press|ap|reuters|afp|getty\s+images)\))?"
CAPTION = LineRule(
    "caption",
    (
        _re(r"^\(?(?:photo|image|picture|photograph|graphic|illustration|pic)s?\s*(?:credit)?\s*"
            r"(?::|\||by\b|courtesy\b)"),
        _re(r"^(?:image|photo)\s+(?:copyright|caption|source)\b|^(?:enlarge\s+this\s+image|"
            r"toggle\s+caption|hide\s+caption)\b"),
        _re(r"\bcredit\s*:\s*\S", keys="credit"),
        _re(r"[(\[](?:[^()\[\]]*\b(?:photo(?:grapher|graph|s)?|getty\s+images|file\s+photo)\b"
            rf"[^()\[\]]*)[)\]]{_AGENCY_AFTER}[\s.]*$", keys="photo getty"),
        _re(rf"\((?:{_NAME_WORD}\s*){{1,4}}/\s*[A-Z][\w.&'’ /-]*\)$", 0, keys="/"),
        _re(rf"\b(?:photo(?:graph)?|image|picture)(?:\s*:|\s+by)\s+{_NAME_WORD}"
            rf"(?:[\s/-]+{_NAME_WORD}){{0,5}}$", _I, keys="photo image picture"),
        _re(r"^enlarge\s+(?:this\s+)?image\b", keys="enlarge"),
        _re(r"^\d{1,3}\s+of\s+\d{1,3}\s*[.:|]"),
        _re(r"\bFILE\s*[-–—]\s+(?:This|In\s+this|An?|The)\b", 0, keys="FILE"),
        _re(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?:\s*/\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})+$",
            0, keys="/"),
    ),
    max_words=PROMPT_MAX_WORDS,
)
# AP's captions open with "FILE - In this May 4, 2011, file photo, ..." and end with a
# credit; pages often keep a long one whole (or cut with "..."), past CAPTION's word limit.
# Opener and closing credit together mark the whole line, whatever its length.
LONG_CAPTION = LineRule(
    "caption",
    (
        _re(r"^FILE\s*[-–—]\s+(?:This|In\s+this|An?|The)\b.*[(\[][^()\[\]]*"
            r"\b(?:Photo|Associated\s+Press|AP|Reuters|AFP|Getty\s+Images)\b[^()\[\]]*[)\]][\s.]*$",
            0, keys="FILE"),
    ),
)
# "X contributed to this report.": a report's credit, of any length (a long one stays in
# the text; ``text.candidates`` keeps it out of summaries).
CONTRIBUTED_RE = re.compile(
    r"\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b", _I
)
CREDIT = LineRule(
    "credit",
    (
        Cue(CONTRIBUTED_RE, ("contributed",)),
        _re(r"^\((?:additional\s+)?(?:reporting|writing|editing|compiled|edited|translated)\s+by\b"),
        _re(r"^\(?with\s+(?:\w+\s+)?inputs?(?:\s+from\s+[^)]*)?\)?\.?$", keys="input"),
        _re(r"^\(?this\s+(?:story|article|version|report)\s+(?:has\s+been|was|corrects|updates)\b",
            keys="this"),
        _re(r"^contributing\s*:|^(?:associated\s+press|ap|staff|special)\s+(?:writer|correspondent)$",
            keys="contributing writer correspondent"),
        _re(rf"^[*\s]*[Bb]y\s+{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|&|de|van|von|al|bin)){{0,6}}"
            rf"(?:\s*,\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})?$", 0),
        _re(rf"^[*\s]*BY\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}$", 0, keys="BY"),
        _re(rf"^(?:--|—|–)\s*(?:with\s+(?:assistance|reporting)\s+by\s+)?{_NAME_WORD}"
            rf"(?:\s+(?:{_NAME_WORD}|and|at|in|of|the)){{0,8}}$", 0),
    ),
    max_words=CONTACT_MAX_WORDS,
)
CONTACT = LineRule(
    "contact",
    (
        _re(rf"^(?:write\s+to|contact|reach|e-?mail)\b.*\b(?:at|:)\s*(?:{_EMAIL}|{_HANDLE})",
            keys="@"),
        _re(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+(?:can|may)\s+be\s+reached\s+"
            r"(?:at|by|via)\b", 0, keys="reached"),
        _re(r"^to\s+reach\b.*\b(?:call|e-?mail)\b", keys="reach"),
        _re(rf"^(?:(?:twitter|e-?mail|web)\s*:?\s*)?(?:{_EMAIL}|{_HANDLE}|{_URL})"
            rf"(?:\s+(?:or\s+)?[\d().\s-]{{7,}})?$"),
        _re(rf"^[A-Z][^.!?]{{0,80}}:\s*{_URL}$", keys=":"),
    ),
    max_words=CONTACT_MAX_WORDS,
)
BIO = LineRule(
    "bio",
    (
        _re(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s*:\s*(?:He|She|They)\s+(?:is|was|has|writes|"
            r"covers|works|holds|joined|lives)\b.*\b(?:writ(?:es|er|ing)|authors?|journalist|"
            r"reporter|columnist|articles?|poetry|poet|editor|degree|graduated?|personality|"
            r"passionate|experience|career|covered|covering|reported|reporting|years|decades|"
            r"correspondent|beat)\b", 0, keys=":"),
        _re(r"^about\s+the\s+(?:author|writer)s?\b", keys="author writer"),
    ),
    not_speech=True,
)
TAIL_BIO = LineRule(
    "bio",
    (
        _re(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){{0,3}}"
            r"(?:writer|reporter|journalist|correspondent|columnist|contributor|editor|author|"
            r"blogger)\b(?:\s+(?:for|at|with|based|who\s+covers|covering)\b|[.]$)", 0),
    ),
    max_words=35,
    not_speech=True,
)
LEGAL = LineRule(
    "legal",
    (
        _re(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))", keys="© (c) copyright"),
        _re(r"\ball\s+rights\s+reserved\b", keys="reserved"),
        _re(r"may\s+not\s+be\s+(?:re)?published,?\s+(?:broadcast|rewritten|redistributed)",
            keys="published"),
        _re(r"for\s+(?:your\s+)?personal,?\s+non-?commercial\s+use\s+only", keys="commercial"),
        _re(r"^(?:terms\s+of\s+(?:use|service)|privacy\s+policy|cookie\s+policy)\b[^.!?]{0,40}$",
            keys="terms privacy cookie"),
    ),
    max_words=PROMPT_MAX_WORDS,
)
NAV = LineRule(
    "nav",
    (
        _re(r"^(?:top\s+of\s+(?:the\s+)?page|back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|"
            r"next\s+(?:article|story|post)|previous\s+(?:article|story|post)|"
            r"print\s+this\s+(?:article|page|story)|email\s+this\s+(?:article|story))\b"),
        _re(r"^(?:topics|tags|filed\s+under|categories|keywords)\s*:", keys=":"),
        _re(r"^home\s*[>»›|/]", keys="home"),
        _re(r"\bjavascript\s+is\s+disabled\b|\benable\s+javascript\b|your\s+browser\s+does\s+not\s+support",
            keys="javascript browser"),
    ),
    max_words=PROMPT_MAX_WORDS,
)
WIRE = LineRule(
    "wire",
    (
        _re(r"^\(\s*[a-z]{1,5}(?:\s*[-/]\s*[a-z]{0,5})*\s*\)$", 0),
        _re(r"^(?:nn|MORE|ENDIT|-0-|\$\$\$|X{3,}.*|.*END\s+OF\s+STORY)$", 0),
        _re(r"^\(?(?:BEGIN|END|FIRST|SECOND)\s+OPTIONAL\s+TRIM(?:\s+(?:ENDS|FOLLOWS))?\)?$", 0,
            keys="OPTIONAL"),
        _re(r"^\(?for\s+use\s+by\s+(?:clients\s+of\s+)?(?:the\s+)?\S.{0,40}news\s+service",
            keys="service"),
        _re(r"^story\s+filed\s+by\b", keys="filed"),
        _re(r"^(?:NYT|APW?|XIE)-\d\d-\d\d-\d\d\s+\d{3,4}\w*$", 0),
        _re(r"\b(?:\d+(?:st|nd|rd|th)\s+graf|graf\s+\d+)\b", keys="graf"),
    ),
    max_words=12,
)
ARCHIVE = LineRule(
    "archive",
    (_re(r"\b(?:internet\s+archive|wayback\s+machine)\b.*\bcrawl|\bcrawl.*\b(?:internet\s+archive|"
         r"wayback\s+machine)\b", keys="crawl"),),
    max_words=PROMPT_MAX_WORDS,
)

LINE_RULES: tuple[LineRule, ...] = (
    RELATED, SHARE, COMMENTS, APPEAL, AD, CAPTION, LONG_CAPTION, CREDIT, CONTACT, BIO, LEGAL,
    NAV, WIRE, ARCHIVE,
)
TAIL_RULES: tuple[LineRule, ...] = (TAIL_BIO,)


# The parser behind ``re.compile``: private, but the same from 3.11 on. Should it
# change, ``_anchored`` says no and the cues are searched one by one, as before.
_PARSER: Any = getattr(re, "_parser", None)
_CONSTANTS: Any = getattr(re, "_constants", None)


def _anchored(regex: re.Pattern[str]) -> bool:
    """Whether every match of ``regex`` starts at the start of the string (``^`` opens
    every branch, no MULTILINE), so that ``match`` and ``search`` agree on it."""
    if regex.flags & (re.MULTILINE | re.VERBOSE) or _PARSER is None or _CONSTANTS is None:
        return False
    try:
        items = list(_PARSER.parse(regex.pattern, regex.flags))
    except Exception:  # any surprise from a private module: not anchored
        return False
    start = (_CONSTANTS.AT, _CONSTANTS.AT_BEGINNING)
    if len(items) == 1 and items[0][0] is _CONSTANTS.BRANCH:
        return all(branch and next(iter(branch)) == start for branch in items[0][1][1])
    return bool(items) and items[0] == start


class RuleSet:
    """Rules tried in order on a line, indexed once so that a line costs one pass.

    Every cue is numbered in rule order. A line's candidate cues are those whose
    keyword it contains (all keywords are looked for in one ``filter``, a loop in C, and
    a bit mask per keyword names the cues it admits) and those without keywords. The
    latter are nearly all anchored at the start of the line, and one ``match`` of their
    alternation (``_opening``) tells whether any of them can match at all, which on most
    lines it cannot. The first candidate that matches, of a rule within its word limit
    and not refused as speech, gives the kind: the answer ``LineRule.matches`` gives
    rule by rule.
    """

    def __init__(self, rules: tuple[LineRule, ...]) -> None:
        self.rules = rules
        self._cues: list[tuple[LineRule, re.Pattern[str]]] = []
        self._always = 0  # the cues with no keyword that are not anchored
        self._opening_cues = 0  # those that are: their matches start the line
        opening: list[str] = []
        self._folded_masks: dict[str, int] = {}  # keyword -> the cues it admits
        self._line_masks: dict[str, int] = {}
        for rule in rules:
            for cue in rule.patterns:
                bit = 1 << len(self._cues)
                self._cues.append((rule, cue.regex))
                plain_flags = cue.regex.flags & ~(re.IGNORECASE | re.UNICODE) == 0
                if not cue.keywords and plain_flags and _anchored(cue.regex):
                    self._opening_cues |= bit
                    opening.append(f"(?{'i' if cue.folded else '-i'}:{cue.regex.pattern})")
                elif not cue.keywords:
                    self._always |= bit
                masks = self._folded_masks if cue.folded else self._line_masks
                for keyword in cue.keywords:
                    masks[keyword] = masks.get(keyword, 0) | bit
        self._folded_keys = tuple(self._folded_masks)
        self._line_keys = tuple(self._line_masks)
        self._opening = re.compile("|".join(opening)) if opening else None

    def kind(self, line: str, *, words: int, folded: str) -> str | None:
        """The kind of the first rule that ``line`` matches (``words``: its word count,
        ``folded``: ``fold_case(line)``), or ``None``."""
        candidates = self._always
        if self._opening is not None and self._opening.match(line) is not None:
            candidates |= self._opening_cues
        for keyword in filter(folded.__contains__, self._folded_keys):
            candidates |= self._folded_masks[keyword]
        for keyword in filter(line.__contains__, self._line_keys):
            candidates |= self._line_masks[keyword]
        speech: bool | None = None  # looked up only once a speech-shy rule's pattern matches
        refused: LineRule | None = None
        while candidates:
            lowest = candidates & -candidates
            candidates ^= lowest
            rule, regex = self._cues[lowest.bit_length() - 1]
            if rule is refused or (rule.max_words is not None and words > rule.max_words):
                continue
            if regex.search(line) is None:
                continue
            if rule.not_speech:
                if speech is None:
                    speech = is_speech(line, folded)
                if speech:
                    refused = rule
                    continue
            return rule.kind
        return None


LINE_RULE_SET = RuleSet(LINE_RULES)
LINE_AND_TAIL_RULE_SET = RuleSet(LINE_RULES + TAIL_RULES)
