"""Defaults every layer shares, with no imports, so the command line can read them cheaply.

``storyfuse --help`` names these before any pipeline module is loaded; the modules that
use them import them from here instead of keeping copies in step.
"""

from __future__ import annotations

DEFAULT_WORDS = 100  # a summary's word budget when neither words nor sentences are given
FORMATS = ("text", "md", "json", "plain")  # the renderers, in the order --help lists them
PEER = "sumy-lexrank"  # the peer summarizer of the benchmarks (sumy's LexRank)
