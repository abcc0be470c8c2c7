"""Bytes to text without ever failing.

Order: a UTF-16 byte-order mark decodes as UTF-16; so does UTF-16 without one, told by
its NUL bytes falling on one side of each byte pair (in Latin text, the high byte of each
character), with a warning; then UTF-8 (a UTF-8 BOM is dropped); then Windows-1252, the
usual encoding of older web pages and wire files, with a warning; and last UTF-8 with
undecodable bytes replaced by U+FFFD, with a warning. Line ends are normalised to ``\\n``
(decoding, not cleaning).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

FALLBACK_ENCODING = "cp1252"
# UTF-16 without a byte-order mark: the share of byte pairs whose one byte is NUL must be
# at least this and the share with the other byte NUL at most the second. Text in a
# Latin script puts a NUL in nearly every pair; binary data spreads its NULs over both.
UTF16_NUL_SIDE_MIN = 0.3
UTF16_NUL_OTHER_MAX = 0.02
UTF16_SNIFF_BYTES = 8192  # the pairs looked at (from the start)
# Decoded characters that are controls (other than tab and newlines), at most this share.
UTF16_CONTROL_MAX = 0.01
_UTF16_NO_BOM = (("utf-16-le", 1), ("utf-16-be", 0))  # (codec, where the NUL falls)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and, when the bytes were not clean UTF-8, a note saying how."""

    text: str
    note: str | None = None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_text(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r")
    return controls <= UTF16_CONTROL_MAX * max(len(text), 1)


def utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 bytes that lack a byte-order mark, or ``None``.

    Told by where the NUL bytes fall in the first ``UTF16_SNIFF_BYTES``: nearly all on one
    side of each pair (``UTF16_NUL_SIDE_MIN``), almost none on the other; the bytes must
    then decode, to text with few control characters.
    """
    head = data[: UTF16_SNIFF_BYTES - UTF16_SNIFF_BYTES % 2]
    pairs = len(head) // 2
    if pairs < 2 or len(data) % 2:
        return None
    nuls = (head[0::2].count(0), head[1::2].count(0))  # NULs at even, odd offsets
    for codec, side in _UTF16_NO_BOM:
        if nuls[side] >= UTF16_NUL_SIDE_MIN * pairs and (
            nuls[1 - side] <= UTF16_NUL_OTHER_MAX * pairs
        ):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec if _mostly_text(text) else None
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes; never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(_normalise_newlines(data.decode("utf-16")))
        except UnicodeDecodeError:
            pass
    if (codec := utf16_without_bom(data)) is not None:
        text = data.decode(codec)
        return Decoded(_normalise_newlines(text), f"no byte-order mark, decoded as {codec}")
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
    """NUL bytes outside UTF-16 (with or without a byte-order mark) mean it is not text."""
    if b"\x00" not in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return utf16_without_bom(data) is None
