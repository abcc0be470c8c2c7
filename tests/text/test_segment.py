"""Sentence segmentation: a table of hard cases and the offset invariants on real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.text.segment import segment_article, split_sentences
from storyfuse.types import Article, Sentence

# (name, text, expected sentence texts). Written for these tests, not taken from the data.
HARD_CASES: list[tuple[str, str, list[str]]] = [
    # abbreviations
    (
        "titles",
        "Mr. Smith met Mrs. Jones and Dr. Brown. They talked.",
        ["Mr. Smith met Mrs. Jones and Dr. Brown.", "They talked."],
    ),
    (
        "military and political titles",
        "Gen. Ann Lee met Sen. Bo Kerr, Rep. Al Dunn and Gov. Jim Hale on Friday.",
        ["Gen. Ann Lee met Sen. Bo Kerr, Rep. Al Dunn and Gov. Jim Hale on Friday."],
    ),
    (
        "title after a dash",
        "The sponsor –Sen. Amy Ross spoke.",
        ["The sponsor –Sen. Amy Ross spoke."],
    ),
    ("ex- title", "The ex-Gov. Jim Hale spoke.", ["The ex-Gov. Jim Hale spoke."]),
    (
        "St. as street and saint",
        "He lives on Main St. in Boston. St. Louis is far.",
        ["He lives on Main St. in Boston.", "St. Louis is far."],
    ),
    (
        "Jr. inside a name",
        "Martin Luther King Jr. Day is a holiday.",
        ["Martin Luther King Jr. Day is a holiday."],
    ),
    (
        "U.S. U.N. U.K. inside a sentence",
        "Officials from the U.S. and the U.N. met in the U.K. on Monday.",
        ["Officials from the U.S. and the U.N. met in the U.K. on Monday."],
    ),
    (
        "U.S. at a sentence end before The",
        "The troops returned to the U.S. The war was over.",
        ["The troops returned to the U.S.", "The war was over."],
    ),
    (
        "U.S. at a sentence end before He",
        "He flew to the U.S. He said it was cold.",
        ["He flew to the U.S.", "He said it was cold."],
    ),
    ("U.S. before a proper noun", "The U.S. Embassy was closed.", ["The U.S. Embassy was closed."]),
    (
        "D.C. before a starter",
        "He moved to Washington, D.C. The city was quiet.",
        ["He moved to Washington, D.C.", "The city was quiet."],
    ),
    (
        "months",
        "Talks began in Feb. and ended on Jan. 5. The next round starts Sept. 30.",
        ["Talks began in Feb. and ended on Jan. 5.", "The next round starts Sept. 30."],
    ),
    (
        "a.m. and p.m. before a weekday",
        "The meeting starts at 9 a.m. and ends at 5 p.m. Sunday.",
        ["The meeting starts at 9 a.m. and ends at 5 p.m. Sunday."],
    ),
    (
        "p.m. at a sentence end",
        "The blast came at 10 p.m. The police arrived soon after.",
        ["The blast came at 10 p.m.", "The police arrived soon after."],
    ),
    (
        "No. before a number",
        "He was ranked No. 5 in the world. No. 1 was Lee.",
        ["He was ranked No. 5 in the world.", "No. 1 was Lee."],
    ),
    (
        "No. before a code with digits",
        "Specimen No. ZL00036 landed in his lab.",
        ["Specimen No. ZL00036 landed in his lab."],
    ),
    (
        "space before a title's period",
        "WASHINGTON _ Sen . Al Dunn met them.",
        ["WASHINGTON _ Sen . Al Dunn met them."],
    ),
    (
        "state abbreviation at a sentence end",
        "It reached Stamford, Conn. About 40 crows died.",
        ["It reached Stamford, Conn.", "About 40 crows died."],
    ),
    ("vs.", "It was Lee vs. Park in the final.", ["It was Lee vs. Park in the final."]),
    ("e.g.", "Some states, e.g. Texas, voted early.", ["Some states, e.g. Texas, voted early."]),
    (
        "etc. at a sentence end",
        "They sold apples, pears, etc. The market closed early.",
        ["They sold apples, pears, etc.", "The market closed early."],
    ),
    (
        "etc. inside a sentence",
        "They sold pears, etc. and went home.",
        ["They sold pears, etc. and went home."],
    ),
    (
        "Inc. Corp. Co. inside sentences",
        "Apple Inc. reported profits. Acme Corp. and Lee Co. did not.",
        ["Apple Inc. reported profits.", "Acme Corp. and Lee Co. did not."],
    ),
    (
        "Inc. at a sentence end",
        "The deal was signed by Acme Inc. The shares rose.",
        ["The deal was signed by Acme Inc.", "The shares rose."],
    ),
    (
        "state abbreviation in a dateline",
        "MIAMI, Fla. (AP) _ The storm hit.",
        ["MIAMI, Fla. (AP) _ The storm hit."],
    ),
    (
        "capitalised dateline",
        "ST. LOUIS (AP) _ A storm hit the city.",
        ["ST. LOUIS (AP) _ A storm hit the city."],
    ),
    (
        "dateline stays with its sentence",
        "LONDON (AP) _ A lawmaker backed the request. He spoke on Saturday.",
        ["LONDON (AP) _ A lawmaker backed the request.", "He spoke on Saturday."],
    ),
    (
        "city dateline with colon",
        "New Delhi: The ministers will meet. Talks start Thursday.",
        ["New Delhi: The ministers will meet.", "Talks start Thursday."],
    ),
    # initials
    (
        "initials",
        "George W. Bush met J.R.R. Tolkien fans.",
        ["George W. Bush met J.R.R. Tolkien fans."],
    ),
    ("spaced initials", "The author J. K. Rowling spoke.", ["The author J. K. Rowling spoke."]),
    (
        "middle initial I.",
        "Arnold I. Barnett spoke. So did I. The end.",
        [
            "Arnold I. Barnett spoke.",
            "So did I.",
            "The end.",
        ],
    ),
    (
        "name then a new sentence",
        "The firm hired John A. Smith. He starts Monday.",
        ["The firm hired John A. Smith.", "He starts Monday."],
    ),
    (
        "single letter at a sentence end",
        "It is called vitamin C. The body needs it.",
        [
            "It is called vitamin C.",
            "The body needs it.",
        ],
    ),
    ("P.O. Box", "Mail it to P.O. Box 5 today.", ["Mail it to P.O. Box 5 today."]),
    # numbers
    (
        "decimals and money",
        "The deal is worth $3.5 million. Shares rose 2.5% to $10.75.",
        ["The deal is worth $3.5 million.", "Shares rose 2.5% to $10.75."],
    ),
    (
        "sentence starting with a digit",
        "The vote was 52-48. 12 senators abstained.",
        [
            "The vote was 52-48.",
            "12 senators abstained.",
        ],
    ),
    (
        "percent at the end",
        "The rate fell to 4.5%. It was expected.",
        [
            "The rate fell to 4.5%.",
            "It was expected.",
        ],
    ),
    (
        "number answering a question",
        "The statewide average? 384. It is low.",
        ["The statewide average?", "384.", "It is low."],
    ),
    # URLs and emails
    (
        "url and email",
        "Visit www.example.com/news.html for details. Or email info@example.org today.",
        ["Visit www.example.com/news.html for details.", "Or email info@example.org today."],
    ),
    (
        "url at a sentence end",
        "See https://example.com/a.b?c=d. The site is new.",
        ["See https://example.com/a.b?c=d.", "The site is new."],
    ),
    # ellipsis
    (
        "ellipsis before lowercase",
        "He was ... not sure. Then he left.",
        [
            "He was ... not sure.",
            "Then he left.",
        ],
    ),
    (
        "ellipsis before a starter",
        "We waited and waited... The bus never came.",
        [
            "We waited and waited...",
            "The bus never came.",
        ],
    ),
    (
        "ellipsis before a name",
        "It was 2015... BP's profit rose.",
        ["It was 2015... BP's profit rose."],
    ),
    (
        "spaced ellipsis",
        "The panel found that Ms. Lee . . . is accountable.",
        ["The panel found that Ms. Lee . . . is accountable."],
    ),
    (
        "unicode ellipsis",
        "It is a mature world … It's hard.",
        ["It is a mature world …", "It's hard."],
    ),
    # quotes
    ("end inside a quote", 'He said "No." Then he left.', ['He said "No."', "Then he left."]),
    (
        "quote with attribution, straight",
        '"We will try. We must," he said.',
        ['"We will try. We must," he said.'],
    ),
    (
        "quote with attribution, curly",
        "“We will try. We must,” he said.",
        ["“We will try. We must,” he said."],
    ),
    (
        "quote with attribution, single curly",
        "‘We will try. We must,’ he said.",
        ["‘We will try. We must,’ he said."],
    ),
    (
        "quote with attribution, newswire",
        "``We will try. We must,'' he said.",
        ["``We will try. We must,'' he said."],
    ),
    (
        "quote with capitalised attribution",
        "``I saw his eyes. He looked at me,'' said Zaken. He wept.",
        ["``I saw his eyes. He looked at me,'' said Zaken.", "He wept."],
    ),
    (
        "newswire quote closes a sentence",
        "``This cannot go on.'' He left the room.",
        [
            "``This cannot go on.''",
            "He left the room.",
        ],
    ),
    (
        "newswire '' used as an opening",
        "''There were 3,197 cases'' of murder, she said. It was bad.",
        ["''There were 3,197 cases'' of murder, she said.", "It was bad."],
    ),
    ("questions inside a quote", '"Why? Who knows?" he asked.', ['"Why? Who knows?" he asked.']),
    (
        "exclamations inside a quote",
        '"Death to all! Death to him!" a crowd shouted.',
        ['"Death to all! Death to him!" a crowd shouted.'],
    ),
    (
        "question then named speaker",
        '"Why?" Smith asked. "Because," he said.',
        ['"Why?" Smith asked.', '"Because," he said.'],
    ),
    (
        "period quote then named speaker",
        '"No." President Lee told Fox News. He left.',
        ['"No." President Lee told Fox News.', "He left."],
    ),
    (
        "speaker and verb, then a preposition",
        '"Help us!" Jo Marsh wrote on her page. "Thank you."',
        ['"Help us!" Jo Marsh wrote on her page.', '"Thank you."'],
    ),
    (
        "speaker and verb, then an adverb",
        "“Says who?” Hale asked again, and left.",
        ["“Says who?” Hale asked again, and left."],
    ),
    (
        "named subject of a new sentence",
        '"No." Smith said the plan was dead.',
        ['"No."', "Smith said the plan was dead."],
    ),
    (
        "quote ends a sentence",
        '"We will win." Then the crowd cheered.',
        [
            '"We will win."',
            "Then the crowd cheered.",
        ],
    ),
    (
        "attribution first, quote of two sentences",
        'He said: "We will try. We must." Then he left.',
        ['He said: "We will try.', 'We must."', "Then he left."],
    ),
    (
        "period after the closing quote",
        'He called the talks "difficult". They ended.',
        [
            'He called the talks "difficult".',
            "They ended.",
        ],
    ),
    (
        "single curly quotes",
        "She called the claims ‘false’ and ‘preposterous.’ The ministry denied it.",
        ["She called the claims ‘false’ and ‘preposterous.’", "The ministry denied it."],
    ),
    (
        "apostrophes are not quotes",
        "Russia’s envoy and Ukraine’s met. They talked.",
        [
            "Russia’s envoy and Ukraine’s met.",
            "They talked.",
        ],
    ),
    (
        "mismatched quotes",
        'He said "we try" the talks," he said. It ended.',
        [
            'He said "we try" the talks," he said.',
            "It ended.",
        ],
    ),
    # lost spaces in scraped text
    (
        "glued sentences",
        "The talks ended.The ministers left.",
        [
            "The talks ended.",
            "The ministers left.",
        ],
    ),
    (
        "glued opening quote",
        'Lee said."We will win," he added.',
        [
            "Lee said.",
            '"We will win," he added.',
        ],
    ),
    ("glued closing quote", '"We will win."He left.', ['"We will win."', "He left."]),
    (
        "glued before an acronym",
        "It ended Wednesday.NTSB staff left.",
        [
            "It ended Wednesday.",
            "NTSB staff left.",
        ],
    ),
    ("glued title is no end", "Mrs.Lee left.", ["Mrs.Lee left."]),
    # questions, exclamations
    (
        "questions and exclamations",
        "Is it over? Nobody knows. Stop! Now!",
        [
            "Is it over?",
            "Nobody knows.",
            "Stop!",
            "Now!",
        ],
    ),
    ("brand with !", "Yahoo! shares fell.", ["Yahoo! shares fell."]),
    ("?! run", "What next?! The crowd roared.", ["What next?!", "The crowd roared."]),
    # parentheses and dashes
    (
        "sentence after parentheses",
        "They met (the first time since Feb. 24). They talked.",
        [
            "They met (the first time since Feb. 24).",
            "They talked.",
        ],
    ),
    (
        "parenthesised sentence",
        "(The meeting was short.) Both sides left.",
        [
            "(The meeting was short.)",
            "Both sides left.",
        ],
    ),
    (
        "acronym in parentheses",
        "The group (known as the A.N.C.) won.",
        ["The group (known as the A.N.C.) won."],
    ),
    (
        "dashes",
        "He left — and never came back. She stayed.",
        [
            "He left — and never came back.",
            "She stayed.",
        ],
    ),
    ("dash after a period", "The talks ended. — Reuters", ["The talks ended. — Reuters"]),
    # lists
    ("numbered item", "1. The first point is clear.", ["1. The first point is clear."]),
    (
        "numbered name",
        "2. Roberto Cavazos, an actor, spoke.",
        ["2. Roberto Cavazos, an actor, spoke."],
    ),
    (
        "Q and A markers",
        "Q. What happened? A. Nobody knows.",
        ["Q. What happened?", "A. Nobody knows."],
    ),
    (
        "roman numeral at the end",
        "It was World War II. The war ended.",
        [
            "It was World War II.",
            "The war ended.",
        ],
    ),
    # lines
    (
        "each line is a paragraph",
        "A headline without a period\nSecond one. Third.",
        ["A headline without a period", "Second one.", "Third."],
    ),
    ("a newline splits even after Mr.", "Met Mr.\nSmith", ["Met Mr.", "Smith"]),
    ("windows line ends", "One.\r\nTwo.", ["One.", "Two."]),
    ("unicode line separator", "One\u2028Two", ["One", "Two"]),
    (
        "quote continued in the next paragraph",
        '"The first part of the quote.\n"The second part," he said.',
        ['"The first part of the quote.', '"The second part," he said.'],
    ),
    ("stray symbol line", "One.\n\n>\n\nTwo.", ["One.", ">", "Two."]),
]


def assert_invariants(text: str, sentences: tuple[Sentence, ...]) -> None:
    """Offsets match, sentences are stripped, ordered, disjoint, one line, nothing lost."""
    covered = [False] * len(text)
    previous_end = 0
    for i, sentence in enumerate(sentences):
        assert sentence.index == i
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert len(sentence.text.splitlines()) == 1
        previous_end = sentence.end
        covered[sentence.start : sentence.end] = [True] * (sentence.end - sentence.start)
    lost = [ch for ch, inside in zip(text, covered, strict=True) if not inside and not ch.isspace()]
    assert lost == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in HARD_CASES],
)
def test_hard_cases(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert_invariants(text, sentences)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \t\n \r\n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == ()


def test_offsets_point_at_stripped_spans() -> None:
    text = "  Leading space.  \n\n   Second line.   Third one.  "
    sentences = split_sentences(text, "a1")
    assert [(s.start, s.end) for s in sentences] == [(2, 16), (23, 35), (38, 48)]
    assert all(s.article_id == "a1" for s in sentences)
    assert_invariants(text, sentences)


def test_segment_article_uses_text_and_id() -> None:
    article = Article(id="abc", text="First one. Second one.\nThird")
    sentences = segment_article(article)
    assert sentences == split_sentences(article.text, "abc")
    assert [(s.article_id, s.index, s.text) for s in sentences] == [
        ("abc", 0, "First one."),
        ("abc", 1, "Second one."),
        ("abc", 2, "Third"),
    ]


def _texts(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]


def test_seed_offsets_invariants(seeds_dir: Path) -> None:
    texts = _texts(seeds_dir)
    assert texts
    for text in texts:
        sentences = split_sentences(text)
        assert sentences
        assert_invariants(text, sentences)


def test_duc2003_offsets_invariants(shared_data: Path) -> None:
    for cluster in sorted((shared_data / "duc2003").iterdir()):
        for text in _texts(cluster / "docs"):
            assert_invariants(text, split_sentences(text))


def test_long_line_is_not_quadratic() -> None:
    text = " ".join(['"He said. It is \'fine\'. Yes," she said. "Ok." Then.'] * 3000)
    sentences = split_sentences(text)  # a quadratic scan would take tens of seconds here
    assert len(sentences) == 9000
    assert_invariants(text, sentences)
