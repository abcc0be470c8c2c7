"""Bytes to text without ever failing.

Order: a UTF-16 byte-order mark decodes as UTF-16; then UTF-8 (a UTF-8 BOM is dropped);
then Windows-1252, the usual encoding of older web pages and wire files, with a
warning; and last UTF-8 with undecodable bytes replaced by U+FFFD, with a warning.
Line ends are normalised to ``\\n`` (decoding, not cleaning).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

FALLBACK_ENCODING = "cp1252"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and, when the bytes were not clean UTF-8, a note saying how."""

    text: str
    note: str | None = None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes; never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(_normalise_newlines(data.decode("utf-16")))
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(_normalise_newlines(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode(FALLBACK_ENCODING)
        return Decoded(_normalise_newlines(text), f"not UTF-8, decoded as {FALLBACK_ENCODING}")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        return Decoded(_normalise_newlines(text), "undecodable bytes replaced with U+FFFD")


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16 mean the file is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data
