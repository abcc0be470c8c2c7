"""The peer summarizer: sumy's LexRank, run on our own cleaned sentences.

sumy's parsers need NLTK data that cannot be downloaded here, so sumy is fed our
sentences and tokenized by a regex; it summarises under the same word budget as ours.
It needs the optional ``bench`` extra.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from storyfuse.defaults import PEER
from storyfuse.errors import MissingExtraError

__all__ = ["PEER", "lexrank_ranking", "sumy_lexrank"]

SUMY_LANGUAGE = "english"
SUMY_MISSING = (
    "the sumy LexRank peer needs the optional 'bench' extra: pip install 'storyfuse[bench]'"
)

# Words for sumy's LexRank: runs of letters, joined by inner apostrophes or hyphens.
# Like sumy's own filter, numbers and punctuation are not words.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")



class RegexTokenizer:
    """The tokenizer sumy's ``Sentence`` asks for words; no NLTK data needed."""

    @staticmethod
    def to_words(text: str) -> tuple[str, ...]:
        return tuple(_WORD_RE.findall(text))


def lexrank_ranking(sentences: Sequence[str]) -> list[int]:
    """Indices of ``sentences``, best first by sumy's LexRank (ties in document order).

    sumy's summarizers pick a sentence *count*; a callable count receives every sentence
    already sorted by rating, which is how the whole ranking is read here.
    """
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:
        raise MissingExtraError(SUMY_MISSING) from exc
    if not sentences:
        return []
    tokenizer = RegexTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    summarizer = LexRankSummarizer(Stemmer(SUMY_LANGUAGE))
    summarizer.stop_words = get_stop_words(SUMY_LANGUAGE)
    ranked: list[int] = []

    def take_all(infos: list[Any]) -> list[Any]:
        ranked.extend(info.order for info in infos)
        return infos

    summarizer(document, take_all)
    return ranked


def sumy_lexrank(sentences: Sequence[str], *, words: int) -> list[str]:
    """sumy's LexRank under a word budget: top-ranked sentences, in document order.

    Sentences are taken best first while they fit; the first that would pass ``words``
    (whitespace words, as ROUGE counts) ends the selection.
    """
    if words <= 0:
        raise ValueError(f"words must be positive, got {words}")
    chosen: list[int] = []
    used = 0
    for index in lexrank_ranking(sentences):
        length = len(sentences[index].split())
        if used + length > words:
            break
        chosen.append(index)
        used += length
    return [sentences[index] for index in sorted(chosen)]
