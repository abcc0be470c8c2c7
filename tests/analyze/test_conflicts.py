from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from storyfuse.analyze import conflicts
from storyfuse.analyze.conflicts import Conflict, _Similarity, find_conflicts, find_differences
from storyfuse.analyze.names import sentence_spans
from storyfuse.analyze.values import (
    Quantity,
    may_count,
    parse_number,
    read_ages,
    read_dates,
    tokenize,
)
from storyfuse.ingest import load_paths
from storyfuse.pipeline import brief as make_brief
from storyfuse.pipeline import prepare
from storyfuse.rendering import render
from storyfuse.samples import sample_dir
from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import tfidf_matrix
from storyfuse.types import Article

# The differences the seed reports really contain (checked by reading the five files, and
# as the gold labels of shared/data/briefs/seeds say): 000 says three humanitarian corridors,
# 003 says seven. The 12-hour ceasefire 002 says was agreed on Wednesday is not the 24-hour
# one Kuleba discussed / insisted on (003, 004): a look-alike, no difference.
REAL_SEED_CONFLICTS = {"humanitarian corridors"}


def _by_file(corpus: Corpus) -> dict[str, str]:
    """Article id by file name prefix ("002", "01")."""
    return {Path(a.path or "").name.split("_")[0]: a.id for a in corpus.articles}


def _show(conflicts: tuple[Conflict, ...]) -> str:
    return "\n".join(
        f"[{c.kind}] {c.subject}: " + " vs ".join(f"{s.value} {s.articles}" for s in c.sides)
        for c in conflicts
    )


def _sides(conflict: Conflict) -> dict[str, set[str]]:
    return {side.value: set(side.articles) for side in conflict.sides}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> Corpus:
    return prepare(load_paths([seeds_dir]).articles)


@pytest.fixture(scope="module")
def sample() -> Corpus:
    return prepare(load_paths([sample_dir()]).articles)


def test_seeds_12_hour_ceasefire_agreed_is_no_side_against_24_hour_one_asked_for(
    seeds: Corpus,
) -> None:
    conflicts = find_conflicts(seeds)
    assert not [c for c in conflicts if c.subject == "ceasefire"], _show(conflicts)


def test_seeds_three_against_seven_humanitarian_corridors(seeds: Corpus) -> None:
    ids = _by_file(seeds)
    found = [c for c in find_conflicts(seeds) if c.subject == "humanitarian corridors"]
    assert len(found) == 1, _show(find_conflicts(seeds))
    assert found[0].kind == "number"
    assert _sides(found[0]) == {"three": {ids["000"]}, "seven": {ids["003"]}}
    three = found[0].sides[0]
    assert "three humanitarian corridors" in three.sentences[0].text


def test_seeds_give_no_flood_of_false_conflicts(seeds: Corpus) -> None:
    conflicts = find_conflicts(seeds)
    print(_show(conflicts))  # shown with -s: each was checked against the files by hand
    assert len(conflicts) <= len(REAL_SEED_CONFLICTS) + 1
    assert {c.subject for c in conflicts} <= REAL_SEED_CONFLICTS, _show(conflicts)


def test_sample_12_against_19_injured(sample: Corpus) -> None:
    ids = _by_file(sample)
    conflicts = find_conflicts(sample)
    injured = [c for c in conflicts if c.subject == "people injured"]
    assert len(injured) == 1, _show(conflicts)
    assert _sides(injured[0]) == {"at least 12": {ids["01"]}, "19": {ids["02"]}}
    # "More than a dozen people were hurt" (05) agrees with both and is no side.
    assert ids["05"] not in {a for side in injured[0].sides for a in side.articles}
    assert len(conflicts) <= 2, _show(conflicts)


def test_sample_matches_its_hand_labels(sample: Corpus) -> None:
    labels = json.loads((sample_dir() / "labels.json").read_text(encoding="utf-8"))
    by_path = {Path(a.path or "").name: a.id for a in sample.articles}
    conflicts = find_conflicts(sample)
    for label in labels["conflicts"]:
        wanted = {by_path[name]: snippet for name, snippet in label["files"].items()}
        hits = [c for c in conflicts if wanted.keys() <= {a for s in c.sides for a in s.articles}]
        assert hits, f"{label['about']}: {_show(conflicts)}"
        sentences = {s.article_id: s.text for side in hits[0].sides for s in side.sentences}
        for article_id, snippet in wanted.items():
            assert snippet in sentences[article_id]


def _conflicts(*texts: str) -> tuple[Conflict, ...]:
    return find_conflicts(prepare(Article(f"a{i}", t) for i, t in enumerate(texts)))


# (first report, second report, expected: (kind, values) or None)
CASES = [
    pytest.param(
        "Officials said at least 12 people were injured when the bridge fell.",
        "Emergency services said 19 people were injured in the bridge collapse.",
        ("number", ["at least 12", "19"]),
        id="a bound on a precise count is still a count",
    ),
    pytest.param(
        "More than a dozen people were injured when the bridge fell.",
        "Emergency services said 19 people were injured in the bridge collapse.",
        None,
        id="more than a dozen is consistent with 19",
    ),
    pytest.param(
        "The bridge carries about 30,000 vehicles a day across the estuary.",
        "The bridge carries 31,000 vehicles a day across the estuary.",
        None,
        id="about covers a near figure",
    ),
    pytest.param(
        "The bridge carries about 30,000 vehicles a day across the estuary.",
        "The bridge carries 45,000 vehicles a day across the estuary.",
        ("number", ["about 30,000", "45,000"]),
        id="about does not cover a far figure",
    ),
    pytest.param(
        "The bridge carries about 45 trains a day across the estuary.",
        "The bridge carries 44 trains a day across the estuary.",
        ("number", ["about 45", "44"]),
        id="about covers its rounding only: 44 is not about 45",
    ),
    pytest.param(
        "Health officials have confirmed 120 cases of the fever in the province.",
        "Health officials have confirmed 121 cases of the fever in the province.",
        ("number", ["120", "121"]),
        id="a count as written is exact",
    ),
    pytest.param(
        "The Bovespa index of the exchange lost 4.5 percent on Monday.",
        "The Bovespa index of the exchange lost 4.47 percent on Monday.",
        None,
        id="a decimal covers its rounding",
    ),
    pytest.param(
        "Officials said the war killed thousands of civilians in the region.",
        "Officials said the war killed tens of thousands of civilians in the region.",
        ("number", ["thousands", "tens of thousands"]),
        id="thousands are fewer than tens of thousands",
    ),
    pytest.param(
        "The census counts half a million people in the valley today.",
        "The census counts one million people in the valley today.",
        ("number", ["half a million", "one million"]),
        id="half a million is not a million",
    ),
    pytest.param(
        "The debris moves at 43 miles per second, the agency said.",
        "Engineers said the grains hit at 44 miles per second over the pole.",
        ("number", ["43 miles", "44 miles"]),
        id="a speed per time, on one topic, with few words shared",
    ),
    pytest.param(
        "Ukraine said three humanitarian corridors were open on Wednesday.",
        "Reportedly, seven humanitarian corridors allowed civilians to leave.",
        ("number", ["three", "seven"]),
        id="number words",
    ),
    pytest.param(
        "Ukraine said three humanitarian corridors were open on Wednesday.",
        "Ukraine said seven humanitarian convoys were open on Wednesday.",
        None,
        id="different head noun",
    ),
    pytest.param(
        "Police said 12 people were injured in the crash on the bridge.",
        "Police said 19 people were killed in the crash on the bridge.",
        None,
        id="different predicate",
    ),
    pytest.param(
        "The two sides agreed to a 12-hour ceasefire around the corridors.",
        "The two sides agreed to a 24-hour ceasefire around the corridors.",
        ("duration", ["12-hour", "24-hour"]),
        id="hyphenated durations",
    ),
    pytest.param(
        "The two sides agreed to a 12-hour ceasefire around the corridors.",
        "Kuleba said he discussed a 24-hour ceasefire around the corridors.",
        None,
        id="a ceasefire discussed is not the one agreed",
    ),
    pytest.param(
        "The envoys met on Wednesday and agreed to a 12-hour ceasefire around the corridors.",
        "Kuleba asked for a 24-hour ceasefire around the corridors, and a 12-hour one.",
        None,
        id="a ceasefire asked for is not the one agreed",
    ),
    pytest.param(
        "The two sides agreed to a 12-hour ceasefire around the corridors.",
        "The two sides will agree to a 24-hour ceasefire around the corridors.",
        None,
        id="a ceasefire still to come is not the one agreed",
    ),
    pytest.param(
        "The Leonids peaked at 150,000 meteors per hour in 1966, observers said.",
        "In 1966, sky watchers clocked up to 100,000 meteors an hour at the peak.",
        ("number", ["150,000", "up to 100,000"]),
        id="a rate in one year",
    ),
    pytest.param(
        "The Leonids peaked at 150,000 meteors per hour in 1966, observers said.",
        "In 1998, sky watchers clocked 2,000 meteors an hour at the peak.",
        None,
        id="rates of different years",
    ),
    pytest.param(
        "In Mexico, 100 people were killed in the floods.",
        "In Guatemala, 194 people were killed in the floods.",
        None,
        id="one country's dead against another's",
    ),
    pytest.param(
        "In Mexico, 100 people were killed in the floods.",
        "Officials said 194 people were killed in the floods in Mexico.",
        ("number", ["100", "194"]),
        id="dead of one country",
    ),
    pytest.param(
        "The MD-11 airliner crashed into the sea.",
        "About 15 large airlines met in Long Beach.",
        None,
        id="a model's number counts nothing",
    ),
    pytest.param(
        "Investigators have no explanation yet for the Sept. 2 crash off Nova Scotia.",
        "Her father died in the Sept. 3 crash that took 229 lives.",
        ("date", ["Sept. 2", "Sept. 3"]),
        id="one event dated a day apart",
    ),
    pytest.param(
        "A visitor arrives at a house in Woodland Hills on Tuesday, Jan. 24, 2017.",
        "He died suddenly on Monday evening January 23, 2017, at his Woodland Hills home.",
        None,
        id="days apart in one place are two events",
    ),
    pytest.param(
        "The talks lasted one day in the resort of Antalya.",
        "The talks lasted 24 hours in the resort of Antalya.",
        None,
        id="durations compared in hours",
    ),
    pytest.param(
        "The same method was used in an attack 16 months ago in the market.",
        "The same method was used in an attack 14 months ago in the market.",
        None,
        id="ago dates an event",
    ),
    pytest.param(
        "The fund approved emergency support worth $1.4 billion for Ukraine on Wednesday.",
        "The fund approved emergency support worth $2 billion for Ukraine on Wednesday.",
        ("number", ["$1.4 billion", "$2 billion"]),
        id="money",
    ),
    pytest.param(
        "The Kestrel Harbour Bridge opened in 1971 and carries four lanes of traffic.",
        "The Kestrel Harbour Bridge opened in 1972 and carries four lanes of traffic.",
        ("date", ["in 1971", "in 1972"]),
        id="dates of one event",
    ),
    pytest.param(
        "Wang was a student leader in the democracy movement in 1989.",
        "China has put no dissident on trial since Wang Dan in 1996.",
        None,
        id="dates of different events",
    ),
    pytest.param(
        "Harbour Master Ines Calder said the channel would reopen on Thursday.",
        "Harbour Master Ivo Brandt said the channel would reopen on Thursday.",
        ("name", ["Ines Calder", "Ivo Brandt"]),
        id="named office holder",
    ),
    pytest.param(
        "Mayor Tobias Renner said the channel would reopen on Thursday.",
        "Mayor Ivo Brandt said the channel would reopen on Thursday.",
        None,
        id="a bare title does not say whose office",
    ),
    pytest.param(
        "Turkish President Recep Tayyip Erdogan called for a ceasefire.",
        "Turkish President Tayyip Erdogan called for a ceasefire.",
        None,
        id="a shorter name of one person",
    ),
    pytest.param(
        "Egyptian President Mohammed Morsy met the Hamas leaders in Cairo.",
        "Egyptian President Mohammed Morsi met the Hamas leaders in Cairo.",
        None,
        id="a transliteration of one name",
    ),
    pytest.param(
        "Divers recovered the body of Tomas Reyne, 34, on Tuesday.",
        "Divers recovered the body of Tomas Reyne, 35, on Tuesday.",
        ("number", ["34", "35"]),
        id="ages",
    ),
    pytest.param(
        "Demand for the Windows 98 operating system exceeded projections.",
        "Demand for the Windows 95 operating system exceeded projections.",
        None,
        id="a number inside a name",
    ),
    pytest.param(
        "The storm was centred about 300 kilometers (186 miles) south of Hong Kong.",
        "The storm was centred about 300 kilometers (187 miles) south of Hong Kong.",
        None,
        id="a conversion in brackets",
    ),
    pytest.param(
        "Some 80 percent of Norland's 4.1 million people are Catholic, the census says.",
        "The pope flew to Norland, which is more than 75 percent Catholic, on Friday.",
        ("number", ["some 80 percent", "more than 75 percent"]),
        id="one country's share, with a noun in one report only",
    ),
    pytest.param(
        "Lena Voss, the chief executive, was given a 20 percent increase in her pay.",
        "Lena Voss saw her bonus go from 63.8% of the maximum to 77.6% of her pay.",
        None,
        id="a change of an amount is not its level",
    ),
    pytest.param(
        "Lena Voss, the chief executive, was given a 20 percent increase in her pay.",
        "Lena Voss was given a 25 percent rise in her pay, the board said.",
        None,
        id="different nouns for a change: no noun named in the other's sentence",
    ),
    pytest.param(
        "To stem the flight of capital, interest rates were hiked to 50 percent a year.",
        "Money is draining out of the country despite interest rates of 40 percent a year.",
        ("number", ["50 percent", "40 percent"]),
        id="no noun: the words before say what both are of",
    ),
    pytest.param(
        "The Bovespa stock market was down more than 40 percent this year, traders said.",
        "On Monday, the Bovespa stock market was down 4.47 percent, traders said.",
        None,
        id="a fall this year is not Monday's",
    ),
    pytest.param(
        "He said he planned to vote for Ansel, Korvik's mayor, in the runoff on Sunday.",
        "The runoff pits a teacher against Ivo Ansel, a former Korvik mayor, on Sunday.",
        ("name", ["Korvik's mayor", "former Korvik mayor"]),
        id="a serving office against a past one",
    ),
    pytest.param(
        "The study was led by chemist Ugo Ferri of the University of Pavia in Italy.",
        "The results came from chemist Ugo Ferri of the Skeptics Committee in Rome.",
        ("name", ["University of Pavia", "Skeptics Committee"]),
        id="one person's affiliation",
    ),
    pytest.param(
        "He said he planned to vote for Ivo Ansel, Korvik's mayor, in the runoff on Sunday.",
        "The runoff pits a teacher against Mira Ansel, a former Korvik mayor, on Sunday.",
        None,
        id="two people of one surname hold their own offices",
    ),
    pytest.param(
        "David Fleischer of the University of Brasilia said the move was smart.",
        "David Fleischer of the Federal University of Brasilia said the move was smart.",
        None,
        id="one institution named in full and in short",
    ),
    pytest.param(
        "His policies led to the extermination of thousands of Serbs, Jews and Gypsies.",
        "The regime killed tens, perhaps hundreds, of thousands of Serbs, Jews and Gypsies.",
        ("number", ["thousands", "tens, perhaps hundreds, of thousands"]),
        id="the nouns of a list counted together",
    ),
    pytest.param(
        "A fire swept the dance hall, killing 60 people and injuring 162 others on Friday.",
        "Police said 173 people were injured in the fire at the dance hall on Friday.",
        None,
        id="a verb after 'and' is no noun of the list",
    ),
    pytest.param(
        "Experts said the particles will be moving at over 155,000 miles an hour.",
        "Among the particles moving at roughly 160,000 miles an hour are satellites.",
        ("number", ["over 155,000 miles", "roughly 160,000 miles"]),
        id="a speed forecast and a speed stated are one property",
    ),
    pytest.param(
        "Brisk breezes from the northwest will gust over 25 miles an hour on the coast.",
        "The storm winds on the coast reached a peak of 135 miles an hour.",
        None,
        id="a forecast speed far from a stated one is another thing",
    ),
    pytest.param(
        "Police said 12 people were injured. Later police said 15 people were injured.",
        "Officials said 19 people were injured in the collapse of the bridge.",
        None,
        id="an article giving two values itself",
    ),
    pytest.param(
        "Vance, 51, is the third ferry captain charged in the state since 1993.",
        "Capt. Orrin B. Vance, 52, was charged on Friday after the ferry sank.",
        ("number", ["51", "52"]),
        id="ages of a surname alone and of a name with an initial",
    ),
    pytest.param(
        "His rival, Paulo Renato da Costa, 52, a union leader, opposes the bailout.",
        "Ana Maria da Costa, 40, who owns a bakery, said she opposes the bailout.",
        None,
        id="ages of two people of one surname",
    ),
    pytest.param(
        "The blast at the embassy killed more than 250, including 12 Americans.",
        "The blast at the embassy killed 224 people, including 12 Americans.",
        ("number", ["more than 250", "224"]),
        id="a bare count after 'killed' counts people",
    ),
    pytest.param(
        "The blast at the embassy in the capital killed 224 people on Friday.",
        "More than 250 people died in the blast at the embassy on Friday.",
        ("number", ["224", "more than 250"]),
        id="killed and died: one toll",
    ),
    pytest.param(
        "The blast at the embassy left 60 dead and dozens hurt on Friday.",
        "The blast at the embassy killed 67 people on Friday, police said.",
        ("number", ["60", "67"]),
        id="a toll word standing for its noun",
    ),
    pytest.param(
        "The blast at the embassy killed 60 people on Friday, police said.",
        "The blast at the embassy injured 67 people on Friday, police said.",
        None,
        id="the dead are not the injured",
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), CASES)
def test_hard_cases(first: str, second: str, expected: tuple[str, list[str]] | None) -> None:
    conflicts = _conflicts(first, second)
    if expected is None:
        assert conflicts == (), _show(conflicts)
        return
    assert len(conflicts) == 1, _show(conflicts)
    kind, values = expected
    assert conflicts[0].kind == kind
    assert [s.value for s in conflicts[0].sides] == values
    assert [s.articles for s in conflicts[0].sides] == [("a0",), ("a1",)]


def test_a_share_belongs_to_the_name_it_is_given_for() -> None:
    # Headless shares ("took 34 percent") are told apart by whose they are: Ekdahl's 34 and
    # 32.6 percent differ; Holm's 11 percent is another candidate's, so the first article
    # giving both 34 and 11 percent does not make the difference one article's own series.
    conflicts = _conflicts(
        "In the presidential vote, Lars Ekdahl of the Green Party took 34 percent, and Mira"
        " Holm of the Liberal Party had 11 percent.",
        "In the presidential vote, Lars Ekdahl of the Green Party took 32.6 percent.",
    )
    assert [[s.value for s in c.sides] for c in conflicts] == [["34 percent", "32.6 percent"]]
    assert conflicts[0].subject == "share of Lars Ekdahl"


def test_a_share_for_a_name_after_it_is_that_name_s() -> None:
    conflicts = _conflicts(
        "Anna Berg won the presidential vote, with 34 percent for her rival, Lars Ekdahl.",
        "In the presidential vote, her rival Lars Ekdahl took 32.6 percent.",
    )
    assert [[s.value for s in c.sides] for c in conflicts] == [["34 percent", "32.6 percent"]]


def test_one_value_stated_two_ways_counts_once() -> None:
    # "50 percent" and "almost 50 percent" are one value: four statements, two values.
    conflicts = _conflicts(
        "To stem the flight of capital, interest rates were hiked to 50 percent a year.",
        "Money is draining out of the country despite interest rates of 40 percent a year.",
        "The country keeps its interest rates over 40 percent a year, deepening the slump.",
        "Brazil doubled the ceiling on interest rates to almost 50 percent a year.",
    )
    assert len(conflicts) == 1, _show(conflicts)
    assert conflicts[0].subject == "interest rates"  # what the values with no noun are of
    assert [s.value for s in conflicts[0].sides] == [
        "50 percent",
        "40 percent",
        "over 40 percent",
        "almost 50 percent",
    ]


def test_values_of_different_years_linked_through_a_third_are_no_conflict() -> None:
    # 337 (1994) and eight (1980) are linked only through "three", which names no year.
    conflicts = _conflicts(
        "At the games in Hiroshima in 1994, 337 gold medals were at stake for the teams.",
        "Skill helped the hockey team win a total of eight gold medals in 1980.",
        "The hockey team won three gold medals at the world championships.",
    )
    assert conflicts == (), _show(conflicts)


def test_a_speaker_is_not_whose_share_it_is() -> None:
    conflicts = _conflicts(
        "In the presidential vote, Anna Berg said Lars Ekdahl took 34 percent.",
        "In the presidential vote, her rival Lars Ekdahl took 32.6 percent.",
    )
    assert [[s.value for s in c.sides] for c in conflicts] == [["34 percent", "32.6 percent"]]


def test_sides_cite_every_article_stating_the_value() -> None:
    conflicts = _conflicts(
        "The two sides agreed to a 12-hour ceasefire around the corridors.",
        "Both sides agreed to a 24-hour ceasefire around the corridors.",
        "The envoys agreed to a 24-hour ceasefire around the corridors of Mariupol.",
    )
    assert [(s.value, s.articles) for s in conflicts[0].sides] == [
        ("12-hour", ("a0",)),
        ("24-hour", ("a1", "a2")),
    ]


def test_one_article_alone_is_no_conflict() -> None:
    assert _conflicts("Police said 12 people were injured. Later, 19 people were injured.") == ()


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        (Quantity(12, 12, 12, precise=True), Quantity(19, 19, 19, precise=True), True),
        (Quantity(12, 12, float("inf"), precise=True), Quantity(19, 19, 19, precise=True), True),
        (Quantity(12, 10.2, float("inf"), precise=False), Quantity(19, 19, 19, True), False),
        (Quantity(80, 68, 92, False, step=10), Quantity(83, 83, 83, True, step=1), False),
        (Quantity(80, 68, 92, False, step=10), Quantity(75, 75, float("inf"), True), True),
        (Quantity(45, 38, 52, False, step=1), Quantity(44, 44, 44, True, step=1), True),
        (Quantity(4.5, 4.5, 4.5, True, step=0.1), Quantity(4.47, 4.47, 4.47, True, 0.01), False),
        (
            Quantity(4e6, 3.4e6, 4.6e6, False, step=1e6),
            Quantity(4.7e6, 4e6, 5.4e6, False, 1e5),
            True,
        ),
        (
            Quantity(1e3, 2e3, 1e4, False, 1e3, span=True),
            Quantity(1e4, 2e4, 1e6, False, 1e4, True),
            True,
        ),
        (Quantity(2e6, 1.7e6, 2.3e6, precise=False), Quantity(3e6, 2.55e6, 3.45e6, False), True),
    ],
)
def test_quantity_differs(a: Quantity, b: Quantity, differs: bool) -> None:
    assert a.differs(b) is differs
    assert b.differs(a) is differs


# --- figures over time, and real clusters ---------------------------------------------------


def _dated_articles(*reports: tuple[str, str]) -> list[Article]:
    return [
        Article(f"a{i}", text, published=datetime.fromisoformat(day))
        for i, (day, text) in enumerate(reports)
    ]


def _dated(*reports: tuple[str, str]) -> Corpus:
    return prepare(_dated_articles(*reports))


RECOVERED = "Divers have recovered {} percent of the plane from the ocean floor."


OFFICE = [
    "He said he planned to vote for Ansel, Korvik's mayor, in the runoff on Sunday.",
    "The runoff pits a teacher against Ivo Ansel, a former Korvik mayor, on Sunday.",
]


def test_a_speed_reported_larger_later_is_no_history() -> None:
    found = find_differences(
        _dated(
            ("1998-10-12", "The particles were moving at 155,000 miles an hour, experts said."),
            ("1998-11-15", "The particles were moving at 160,000 miles an hour, experts said."),
        )
    )
    assert found.histories == ()
    assert [[s.value for s in c.sides] for c in found.conflicts] == [
        ["155,000 miles", "160,000 miles"]
    ]


def test_an_office_held_then_left_is_no_conflict() -> None:
    assert find_conflicts(_dated(("1999-09-21", OFFICE[0]), ("2000-09-01", OFFICE[1]))) == ()


def test_an_office_held_and_left_in_reports_of_one_day_is_a_conflict() -> None:
    conflicts = find_conflicts(_dated(("1998-10-25", OFFICE[0]), ("1998-10-25", OFFICE[1])))
    assert [[s.value for s in c.sides] for c in conflicts] == [
        ["Korvik's mayor", "former Korvik mayor"]
    ]
    # left on a later day than the report calling it past: still a conflict
    conflicts = find_conflicts(_dated(("1998-10-26", OFFICE[0]), ("1998-10-25", OFFICE[1])))
    assert len(conflicts) == 1, _show(conflicts)


def test_a_count_that_grows_day_by_day_is_a_history_not_a_conflict() -> None:
    corpus = _dated(
        ("2024-10-01", RECOVERED.format("less than 10")),
        ("2024-10-27", RECOVERED.format("60")),
        ("2024-11-05", RECOVERED.format("90")),
    )
    found = find_differences(corpus)
    assert found.conflicts == (), _show(found.conflicts)
    (history,) = found.histories
    assert [(s.published.isoformat(), s.side.value, s.side.articles) for s in history.steps] == [
        ("2024-10-01", "less than 10 percent", ("a0",)),
        ("2024-10-27", "60 percent", ("a1",)),
        ("2024-11-05", "90 percent", ("a2",)),
    ]
    assert "recovered" in history.steps[0].side.sentences[0].text


def test_a_figure_a_later_report_gives_smaller_stays_a_conflict() -> None:
    found = find_differences(
        _dated(("2024-10-01", RECOVERED.format("60")), ("2024-10-27", RECOVERED.format("40")))
    )
    assert found.histories == ()
    assert [[s.value for s in c.sides] for c in found.conflicts] == [["60 percent", "40 percent"]]


def test_figures_of_the_same_day_or_undated_stay_a_conflict() -> None:
    same_day = _dated(
        ("2024-10-01T08:00", RECOVERED.format("40")), ("2024-10-01T20:00", RECOVERED.format("60"))
    )
    undated = prepare(Article(f"a{i}", RECOVERED.format(v)) for i, v in enumerate(("40", "60")))
    for corpus in (same_day, undated):
        found = find_differences(corpus)
        assert found.histories == () and len(found.conflicts) == 1, _show(found.conflicts)


def test_a_figure_of_a_past_year_never_grows() -> None:
    found = find_differences(
        _dated(
            ("1998-10-12", "In 1966, sky watchers clocked up to 100,000 meteors an hour."),
            ("1998-11-17", "In 1966, the Leonids display peaked at 150,000 meteors per hour."),
        )
    )
    assert found.histories == ()
    assert [[s.value for s in c.sides] for c in found.conflicts] == [["up to 100,000", "150,000"]]


def test_history_renders_with_its_days_and_sentences() -> None:
    articles = _dated_articles(
        ("2024-10-01", RECOVERED.format("less than 10")), ("2024-10-27", RECOVERED.format("60"))
    )
    brief = make_brief(articles, words=40)
    text = render(brief, "text")
    assert "Figures that changed over time" in text
    assert "2024-10-01: less than 10 percent (“Divers have recovered" in text
    data = json.loads(render(brief, "json"))["analysis"]
    assert data["conflicts"] == []
    assert [s["published"] for s in data["histories"][0]["steps"]] == ["2024-10-01", "2024-10-27"]


def test_an_age_given_two_ways_on_two_days_is_no_history() -> None:
    # an age does not rise as a story goes on: "51" one day and "52" the next differ
    found = find_differences(
        _dated(
            ("1998-10-24", "Vance, 51, is the third ferry captain charged in the state."),
            ("1998-10-25", "Capt. Orrin B. Vance, 52, was charged after the ferry sank."),
        )
    )
    assert found.histories == ()
    assert [[s.value for s in c.sides] for c in found.conflicts] == [["51", "52"]]


COLD = (
    "In Norland, 32 people died, most of them homeless, police said.",
    "In Norland, 36 people died, most of them homeless, police said.",
    "Since the cold wave hit the region, 32 people have died, police said.",
    "In Vesta, at least 39 people have died in the cold this month, doctors said.",
)


def test_one_statement_restated_with_another_figure_is_kept_from_a_chain_of_facts() -> None:
    # Norland's 32 and 36 dead are one figure; a report with no place links them to
    # Vesta's 39, and a chain of two places is dropped whole: the two copies of one
    # statement still give their difference (and Vesta's figure is no side of it).
    conflicts = _conflicts(*COLD)
    assert [[(s.value, s.articles) for s in c.sides] for c in conflicts] == [
        [("32", ("a0",)), ("36", ("a1",))]
    ], _show(conflicts)


def _restated_values(*texts: str) -> list[list[str]]:
    """The groups ``_restated`` finds in all the mentions of ``texts`` taken as one component."""
    corpus = prepare(Article(f"a{i}", t) for i, t in enumerate(texts))
    spans = sentence_spans(corpus)
    mentions = [
        m for u, n in zip(corpus.units, spans, strict=True) for m in conflicts._mentions(u, n)
    ]
    groups = conflicts._restated(range(len(mentions)), mentions, _Similarity(corpus))
    return [[mentions[i].text for i in g] for g in groups]


def test_restated_groups_counts_of_one_statement_only() -> None:
    assert _restated_values(*COLD) == [["32", "36"]]
    # speeds (units, not counts; "kph (81 mph)" around each is no shared wording)
    speeds = (
        "In Luzon, the typhoon had sustained winds of 120 kph (75 mph) and headed north.",
        "In Luzon, the typhoon had sustained winds of 130 kph (81 mph) and headed north.",
    )
    assert _restated_values(*speeds) == []


def _cluster(shared_data: Path, name: str) -> Corpus:
    docs = shared_data / "duc2003" / name / "docs"
    if not docs.is_dir():
        pytest.skip(f"{docs} is not there")
    return prepare(load_paths(sorted(docs.glob("*.txt"))).articles)


def test_real_swissair_crash_dated_sept_2_and_sept_3(shared_data: Path) -> None:
    found = find_differences(_cluster(shared_data, "d30016t"))
    dates = [c for c in found.conflicts if c.kind == "date"]
    assert len(dates) == 1, _show(found.conflicts)
    values = [s.value for s in dates[0].sides]
    assert values == ["Sept. 2", "Sept. 3"]
    assert "crash" in dates[0].sides[1].sentences[0].text
    # The share of the plane recovered grew from report to report: a history, not a conflict.
    assert not [c for c in found.conflicts if "percent" in c.sides[0].value], _show(found.conflicts)
    assert any("recovered" in h.subject for h in found.histories), found.histories


def test_real_leonid_speeds_in_miles_per_second_differ(shared_data: Path) -> None:
    # AP: 43 miles (69 kilometers) per second; NYT Oct. 12: 44; NYT Nov. 16: about 45.
    conflicts = find_conflicts(_cluster(shared_data, "d30012t"))
    speeds = [c for c in conflicts if c.sides[0].value.endswith("miles")]
    per_second = [c for c in speeds if "per second" in c.sides[0].sentences[0].text]
    assert len(per_second) == 1, _show(conflicts)
    assert {s.value for s in per_second[0].sides} >= {"43 miles", "44 miles"}, _show(conflicts)
    assert all("per second" in s.sentences[0].text for s in per_second[0].sides)
    # NYT Oct. 12 forecasts "over 155,000 miles an hour"; NYT Nov. 15 says "roughly 160,000"
    per_hour = [c for c in speeds if c not in per_second]
    assert [[s.value for s in c.sides] for c in per_hour] == [
        ["over 155,000 miles", "roughly 160,000 miles"]
    ], _show(conflicts)


def test_real_leonid_rate_of_1966_differs_but_not_against_1998_forecasts(
    shared_data: Path,
) -> None:
    conflicts = find_conflicts(_cluster(shared_data, "d30012t"))
    meteors = [c for c in conflicts if c.subject.startswith("meteors")]
    assert len(meteors) == 1, _show(conflicts)
    assert all("1966" in s.sentences[0].text for s in meteors[0].sides), _show(tuple(meteors))


def test_sentence_cosines_are_the_dense_ones(seeds: Corpus) -> None:
    """The cosines read row by row off the sparse product are those of the dense n x n
    matrix they replace, for every pair of sentences, zeros included."""
    sim = _Similarity(seeds)
    matrix, _ = tfidf_matrix([sorted(s) for s in sim.stems])
    dense = (matrix @ matrix.T).toarray()
    units = seeds.units
    assert 0 < np.count_nonzero(dense) < dense.size
    for i, a in enumerate(units):
        assert [sim.cosine(a, b) for b in units] == dense[i].tolist()


# --- the number prefilter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("At least 120 people died.", True),
        ("The toll rose to ٣ in the village.", True),  # an Arabic-Indic digit is a digit
        ("Three soldiers were hurt.", True),
        ("A dozen homes burned, and half a million fled.", True),
        ("Tens of thousands marched.", True),
        ("Hundreds gathered, and a MILLION watched.", True),
        ("The talks on Thursday in March ended.", False),  # a month without a day is no date
        ("Someone often phoned the money tension desk.", False),  # "one", "ten" inside words
        ("Talks in Türkiye ended; the minister’s aide left.", False),
    ],
)
def test_may_count(text: str, counts: bool) -> None:
    assert may_count(text) is counts


def test_may_count_never_skips_a_sentence_with_a_figure(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = [shared_data / "seeds"]
    for dataset in ("duc2003", "multinews_dev", "duc2006_dev"):
        dirs += [cluster / "docs" for cluster in sorted((shared_data / dataset).iterdir())[:4]]
    corpus = prepare(load_paths(dirs).articles)
    spans = sentence_spans(corpus)
    pairs = list(zip(corpus.units, spans, strict=True))
    found = [conflicts._mentions(unit, names) for unit, names in pairs]
    monkeypatch.setattr(conflicts, "may_count", lambda _text: True)
    every = [conflicts._mentions(unit, names) for unit, names in pairs]
    assert found == every
    skipped = [unit.sentence.text for unit in corpus.units if not may_count(unit.sentence.text)]
    assert len(skipped) > len(corpus.units) / 3
    for text in skipped:
        toks = tokenize(text)
        assert not read_dates(text) and not read_ages(text)
        assert all(parse_number(toks, i) is None for i in range(len(toks)))
    assert sum(m.kind == "number" for mentions in every for m in mentions) > 100


def test_real_doctor_s_age_51_against_52(shared_data: Path) -> None:
    corpus = _cluster(shared_data, "d31013t")
    ages = [c for c in find_conflicts(corpus) if c.subject.startswith("age of")]
    assert [[s.value for s in c.sides] for c in ages] == [["51", "52"]], _show(tuple(ages))
    assert all(s.sentences and s.value in s.sentences[0].text for s in ages[0].sides)


def test_real_cold_wave_toll_of_one_country_32_against_36(shared_data: Path) -> None:
    corpus = _cluster(shared_data, "d31010t")
    files = {a.id: Path(a.path or "").name for a in corpus.articles}
    tolls = [c for c in find_conflicts(corpus) if {s.value for s in c.sides} >= {"32", "36"}]
    assert len(tolls) == 1, _show(find_conflicts(corpus))
    # the other town's 45 dead (a later report) is no side of it
    assert [s.value for s in tolls[0].sides] == ["32", "36"]
    assert all("Poland" in s.sentences[0].text for s in tolls[0].sides)
    assert {files[a] for s in tolls[0].sides for a in s.articles} == {
        "APW19981123.0532.txt",
        "APW19981123.1118.txt",
    }
