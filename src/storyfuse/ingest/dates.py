"""Publication dates from the messy strings that sources carry.

ISO dates and datetimes (``2022-03-10``, ``2022-03-10 14:27``, ``2022-03-10T14:27:00Z``)
and US wire stamps (``10/17/1998 05:50:00``). Anything else, including impossible dates
such as ``1998-14-06`` or a year outside ``MIN_YEAR``..``MAX_YEAR`` (no news report is
dated 0001-01-01: such a stamp is a placeholder, and date arithmetic near the ends of the
calendar overflows), gives ``None``: a bad date never stops a load.
"""

from __future__ import annotations

from datetime import datetime

# US-style stamps seen in newswire metadata; ISO forms go through ``fromisoformat``.
US_FORMATS: tuple[str, ...] = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
# The years a publication date may have; anything else is a placeholder or an error.
MIN_YEAR = 1800
MAX_YEAR = 2200


def parse_date(value: object) -> datetime | None:
    """A ``datetime`` for a date/datetime string, or ``None`` when it is absent or invalid.

    Time zones are kept when the string carries one (consumers that compare dates
    from many sources drop or convert them); date-only strings give midnight.
    """
    if not isinstance(value, str):
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
    return None
