"""The API's request and response models (pydantic), which its OpenAPI schema documents.

The brief models describe ``rendering.render_json`` of a ``Brief`` (what ``storyfuse
summarize --format json`` prints); the API sends that JSON text as it is, and the schema
test checks that it conforms to these models.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storyfuse.web.inputs import MAX_QUERY_CHARS, MAX_WORDS, date_or_error

TEXT_PATTERN = r"\S"  # JSON Schema's "pattern" searches: at least one non-space character


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in words.")


# --- requests ----------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """One report: its text, and what is known about it."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(
        description="The report's plain text, one paragraph per line.",
        json_schema_extra={"pattern": TEXT_PATTERN},
    )
    title: str | None = None
    source: str | None = Field(None, description="The outlet, e.g. 'Port Alden Courier'.")
    url: str | None = Field(
        None, description="Where it was published; its stable id comes from it."
    )
    published: str | None = Field(
        None,
        description=(
            "When it was published: an ISO 8601 date or datetime (RFC 2822 and month-name "
            "dates, as the file loaders read them, too), in the years 1800 to 2200; blank "
            "or null for none. A date more than a day after the ingest time is dropped, "
            "with a warning."
        ),
        examples=["2025-03-11T06:15:00+00:00", "2025-03-11", "Tue, 11 Mar 2025 09:40:00 GMT"],
    )

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty text (only whitespace)")
        return value

    @field_validator("published")
    @classmethod
    def _is_date(cls, value: str | None) -> str | None:
        date_or_error(value)
        return value


class SummarizeIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, description="The reports to summarise.")
    words: int | None = Field(None, ge=1, le=MAX_WORDS, description="The summary's word budget.")
    # maxLength is checked by the handler: pydantic's own check refuses a lone surrogate
    # ("unable to parse raw data") before it can be replaced and named in a warning.
    query: str | None = Field(
        None,
        description="A question to focus the summary on.",
        json_schema_extra={"maxLength": MAX_QUERY_CHARS},
    )


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, description="The reports to store.")


# --- the brief (rendering.render_json) ------------------------------------------------------


class BudgetOut(BaseModel):
    words: int | None
    sentences: int | None


class SentenceRefOut(BaseModel):
    """A sentence of a cleaned article: its index, and its offsets into the article's text."""

    article_id: str
    sentence_index: int
    start: int
    end: int


class UpdateOut(BaseModel):
    why: str = Field(
        description=(
            "How the sentence supersedes the earlier one: 'figure' (another figure for the "
            "same thing), 'state' (an open outcome, told ended), 'reported' (an announced "
            "event, told done)."
        )
    )
    was: str = Field(description="The earlier wording of what changed, e.g. '40 people'.")
    text: str
    article_id: str
    sentence_index: int
    start: int
    end: int
    citation: int


class SummarySentenceOut(BaseModel):
    text: str
    article_id: str
    sentence_index: int
    start: int
    end: int
    supporting: list[str]
    supporting_sentences: list[SentenceRefOut] = Field(
        description=(
            "Per article of 'supporting', in its order: the sentence that says the same "
            "(the sentence's own article: this sentence)."
        )
    )
    support: int
    citations: list[int]
    updates: list[UpdateOut] = Field(
        default_factory=list,
        description="What earlier reports said that this sentence supersedes.",
    )


class SourceOut(BaseModel):
    number: int
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    path: str | None


class AgreementOut(BaseModel):
    text: str
    support: int
    articles: list[str]
    sentences: list[SentenceRefOut]


class ConflictSideOut(BaseModel):
    value: str
    sentence: str = Field(description="The text of the first sentence that gives the value.")
    articles: list[str]
    sentences: list[SentenceRefOut]


class HistoryStepOut(ConflictSideOut):
    published: str = Field(description="The day the figure was first reported (ISO).")


class HistoryOut(BaseModel):
    subject: str
    kind: str
    steps: list[HistoryStepOut]


class ConflictOut(BaseModel):
    subject: str
    kind: str
    note: str
    sides: list[ConflictSideOut]


class TimelineEventOut(BaseModel):
    date: str | None
    precision: str | None
    date_text: str
    text: str
    articles: list[str]
    sentences: list[SentenceRefOut]


class QuoteOut(BaseModel):
    text: str
    speaker: str | None
    speaker_title: str | None
    articles: list[str]
    sentences: list[SentenceRefOut]


class NameOut(BaseModel):
    name: str
    kind: str
    variants: list[str]
    articles: list[str]
    mentions: int


class AnalysisOut(BaseModel):
    agreements: list[AgreementOut]
    conflicts: list[ConflictOut]
    histories: list[HistoryOut] = []
    timeline: list[TimelineEventOut]
    quotes: list[QuoteOut]
    names: list[NameOut]


class BriefOut(BaseModel):
    """A cited brief, as ``storyfuse summarize --format json`` prints it."""

    method: str
    budget: BudgetOut
    words: int
    sentences: list[SummarySentenceOut]
    sources: list[SourceOut]
    notes: list[str]
    analysis: AnalysisOut


# --- the store ---------------------------------------------------------------------------


class StoryOut(BaseModel):
    id: str
    title: str | None
    article_count: int
    sources: list[str] = Field(description="The distinct outlets, sorted.")
    first_seen: datetime
    last_seen: datetime


class StoryListOut(BaseModel):
    total: int = Field(description="Stories matching, over all pages.")
    limit: int
    offset: int
    stories: list[StoryOut]


class StoryBriefOut(BaseModel):
    story: StoryOut
    brief_at: datetime = Field(
        description="When the brief was built (it is kept until the story grows)."
    )
    brief: BriefOut


class SentenceOut(BaseModel):
    index: int
    text: str
    start: int = Field(description="Character offset of the sentence in the article's text.")
    end: int


class ArticleOut(BaseModel):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    path: str | None
    duplicate_of: str | None = Field(description="The article this one is a near-copy of.")
    story_id: str | None = Field(description="The story the article belongs to.")
    text: str = Field(description="The cleaned text that sentence offsets point into.")
    sentences: list[SentenceOut]


class SearchHitOut(BaseModel):
    article_id: str
    title: str | None
    story_id: str | None
    snippet: str = Field(description="Matched terms are marked [like this].")
    rank: float = Field(description="FTS5 bm25 rank: lower is better.")


class SearchOut(BaseModel):
    query: str
    hits: list[SearchHitOut]


class IngestedOut(BaseModel):
    id: str
    status: str = Field(description="'added', or 'existing' when the store had it already.")
    story_id: str | None
    duplicate_of: str | None


class IngestOut(BaseModel):
    added: int
    existing: int
    duplicates: int
    new_stories: int
    stories: list[str] = Field(description="The stories that gained an article.")
    articles: list[IngestedOut]
    warnings: list[str] = Field(
        default_factory=list,
        description=(
            "Fields whose lone surrogates or control characters were replaced, and "
            "publication dates after the ingest time (stored undated)."
        ),
    )
