"""Publication dates from the messy strings that sources carry.

ISO dates and datetimes (``2022-03-10``, ``2022-03-10 14:27``, ``2022-03-10T14:27:00Z``),
US wire stamps (``10/17/1998 05:50:00``), RFC 2822 as feeds and mail headers write it
(``Tue, 11 Mar 2025 09:40:00 GMT``), and dates with a month name as pages and JSON
exports write them (``March 11, 2025``, ``11 March 2025``, ``Tuesday, Mar. 11th, 2025
9:40 AM``). Anything else, including a string over ``MAX_DATE_CHARS`` and impossible dates
such as ``1998-14-06`` or a year outside ``MIN_YEAR``..``MAX_YEAR`` (no news report is
dated 0001-01-01: such a stamp is a placeholder, and date arithmetic near the ends of the
calendar overflows), gives ``None``: a bad date never stops a load.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

# US-style stamps seen in newswire metadata; ISO forms go through ``fromisoformat``.
US_FORMATS: tuple[str, ...] = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
# The years a publication date may have; anything else is a placeholder or an error.
MIN_YEAR = 1800
MAX_YEAR = 2200
# No date string is longer (the longest forms above are ~60 characters); a longer value
# is not a date, and the month-name patterns would take quadratic time over it.
MAX_DATE_CHARS = 200

# Dates with a month name, after ``_normalise`` (no weekday, ordinal or abbreviation dot).
_MONTH_DATES = (
    "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y"
)
_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I %p")
MONTH_NAME_FORMATS: tuple[str, ...] = tuple(d + t for d in _MONTH_DATES for t in _TIMES)

_WEEKDAY_RE = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ORDINAL_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_ABBREVIATION_DOT_RE = re.compile(r"\b([A-Za-z]{3,4})\.")
_AT_RE = re.compile(r"\s+(?:at\s+)?(?=\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?$|\d{1,2}:\d{2})", re.I)
_MERIDIEM_RE = re.compile(r"\s*([ap])\.?m\.?$", re.IGNORECASE)
_SEPT_RE = re.compile(r"\bSept\b", re.IGNORECASE)
_MONTH_WORD_RE = re.compile(r"[A-Za-z]{3}")


def parse_date(value: object) -> datetime | None:
    """A ``datetime`` for a date/datetime string, or ``None`` when it is absent or invalid.

    Time zones are kept when the string carries one (consumers that compare dates
    from many sources drop or convert them); date-only strings give midnight.
    """
    if not isinstance(value, str) or len(value) > MAX_DATE_CHARS:
        return None
    parsed = _parse(value.strip())
    return parsed if parsed is not None and plausible(parsed) else None


def plausible(moment: datetime) -> bool:
    """Whether a publication date's year is within ``MIN_YEAR``..``MAX_YEAR``."""
    return MIN_YEAR <= moment.year <= MAX_YEAR


def _parse(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in US_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    if not _MONTH_WORD_RE.search(text):
        return None
    try:
        return parsedate_to_datetime(text)  # RFC 2822
    except (TypeError, ValueError, IndexError):
        pass
    normal = _normalise(text)
    for fmt in MONTH_NAME_FORMATS:
        try:
            return datetime.strptime(normal, fmt)
        except ValueError:
            continue
    return None


def _normalise(text: str) -> str:
    """A month-name date without its weekday, ordinals, abbreviation dots and 'at'."""
    text = _WEEKDAY_RE.sub("", " ".join(text.split()))
    text = _ORDINAL_RE.sub(r"\1", text)
    text = _SEPT_RE.sub("Sep", _ABBREVIATION_DOT_RE.sub(r"\1", text))
    text = _MERIDIEM_RE.sub(lambda m: f" {m.group(1).upper()}M", text)
    return _AT_RE.sub(" ", text, count=1)
