"""Online story clustering, and its scores (B-cubed, ARI) on hand-computed examples."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from storyfuse.eval.stories import evaluate_story_clustering
from storyfuse.stories.cluster import (
    CENTROID_WEIGHT,
    LATEST_WEIGHT,
    NAME_PREFIX,
    NAMES_WEIGHT,
    TITLE_CANDIDATES,
    DormantStory,
    StoryClusterer,
    article_terms,
    content_counts,
    idle_allowance,
    names,
    profile,
    scores,
    story_id,
)
from storyfuse.stories.metrics import adjusted_rand_index, bcubed
from storyfuse.text.textstats import content_words
from storyfuse.types import Article

# Texts written for these tests.
FLOOD = (
    "Floods in Riverton forced 2,000 residents from their homes after the Marl river burst "
    "its banks. Rescue teams in boats evacuated families from flooded streets in Riverton."
)
FLOOD_2 = (
    "The Marl river flood in Riverton left streets under water; rescue boats evacuated "
    "residents and the flood is expected to peak on Friday."
)
ELECTION = (
    "Voters in Norland elect a new parliament on Sunday. The Liberal Union leads the polls "
    "ahead of the election, with turnout expected to be high across Norland."
)
ELECTION_2 = (
    "Norland election: the Liberal Union claimed victory in the parliament vote as polls "
    "closed, and turnout in Norland was the highest in a decade."
)
FLOOD_3 = (
    "Riverton began clearing mud from streets on Monday as the Marl river fell back "
    "within its banks. Families evacuated from the flood returned to homes in Riverton."
)
# A kidnapping story in an invented country, and a report from the same country on
# another event: a new story, though it names the country three times.
KIDNAP = (
    "Gunmen in Vesland kidnapped four aid workers from the Tallis Relief Fund on Monday near "
    "the northern town of Orsk. Vesland police said the gunmen stopped the workers' car at a "
    "checkpoint and drove them into the hills. The Tallis Relief Fund said it was in contact "
    "with the Vesland government."
)
KIDNAP_2 = (
    "Negotiators sought the release of the four kidnapped Tallis Relief Fund workers on "
    "Wednesday as police searched the hills near Orsk. A spokeswoman for the fund, Mara Quill, "
    "said the kidnappers had demanded a ransom. Vesland's interior minister, Petr Dalvik, "
    "promised to find the hostages."
)
KIDNAP_3 = (
    "Hundreds of people marched in Orsk on Friday to demand the release of the four aid "
    "workers held by kidnappers in the hills. Mara Quill of the Tallis Relief Fund thanked the "
    "marchers and said the hostages were alive. Police in Orsk said talks with the kidnappers "
    "went on."
)
KIDNAP_4 = (
    "The kidnappers in the hills near Orsk freed two of the four Tallis Relief Fund aid "
    "workers on Sunday, Mara Quill said, and talks went on for the release of the other two "
    "hostages."
)
GOVERNMENT = (
    "Vesland's government collapsed on Saturday after losing a confidence vote in parliament "
    "over a corruption scandal. The fall of Prime Minister Ilse Varga could push Vesland "
    "toward an early election, officials in Vesland said."
)
KIDNAPS = [(KIDNAP, 1), (KIDNAP_2, 3), (KIDNAP_3, 5), (KIDNAP_4, 7)]
CHESS = "Mira Tallow won the Orrin Valley chess open in Dunmere on a rook endgame tie-break."
DAY = datetime(2024, 3, 1)


def art(aid: str, text: str, day: int | None = None) -> Article:
    return Article(id=aid, text=text, published=DAY + timedelta(days=day) if day else None)


def test_names_drop_leading_stopwords() -> None:
    assert names("The Liberal Union said Anna Berg's plan failed.") == [
        "liberal union",
        "anna berg",
    ]


def test_content_counts_are_the_content_words_counted() -> None:
    text = "Erdogan’s rivals didn't vote; the rivals' 2 votes, U.S. officials said, were 40."
    assert content_counts(text) == Counter(content_words(text))


def test_article_terms_keep_names_apart_with_sublinear_counts() -> None:
    article = Article(id="a", title="Anna Berg wins", text="Anna Berg's team won. She wins.")
    terms = article_terms(article)
    assert terms.names == {NAME_PREFIX + "anna berg": 1.0 + math.log(2)}
    assert terms.content == {
        "anna": 1.0 + math.log(2),
        "berg": 1.0 + math.log(2),
        "win": 1.0 + math.log(2),  # "wins" twice; "won" stems apart
        "team": 1.0,
        "won": 1.0,
    }
    assert not terms.content.keys() & terms.names.keys()


def _sparse(vector: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(list(vector), dtype=np.int64), np.array(list(vector.values()))


def test_profile_scores_as_the_weighted_sum_of_three_cosines() -> None:
    flood, river, mud, riverton = 7, 3, 12, 0  # term ids, in no particular order
    centroid = _sparse({flood: 3.0, river: 4.0})  # norm 5
    latest = _sparse({mud: 1.0, flood: 1.0})  # norm sqrt(2); shares "flood"
    story_names = _sparse({riverton: 2.0})
    story = profile(centroid, latest, story_names)
    assert story[0].tolist() == [riverton, river, flood, mud]  # sorted ids, one per term
    article = np.zeros(20)  # dense: content and names, unit each
    article[[riverton, flood, mud]] = [1.0, 0.6, 0.8]
    expected = (
        CENTROID_WEIGHT * (0.6 * 3 / 5)
        + LATEST_WEIGHT * (0.6 + 0.8) / math.sqrt(2)
        + NAMES_WEIGHT * 1.0
    )
    assert scores(article, [story, story])[1] == pytest.approx(expected)
    assert math.isclose(CENTROID_WEIGHT + LATEST_WEIGHT + NAMES_WEIGHT, 1.0)


def test_scores_are_dot_products_with_each_profile() -> None:
    rng = np.random.default_rng(0)
    dense = np.zeros(1000)
    dense[rng.choice(1000, size=50, replace=False)] = rng.random(50)
    profiles = []
    for size in (0, 1, 30, 200):
        ids = np.sort(rng.choice(1000, size=size, replace=False))
        profiles.append((ids, rng.random(size)))
    expected = [sum(dense[i] * w for i, w in zip(*p, strict=True)) for p in profiles]
    assert scores(dense, profiles) == pytest.approx(expected)
    assert scores(np.zeros(1000), profiles).tolist() == [0.0] * 4
    assert scores(dense, []).tolist() == []


def test_profile_of_empty_parts_is_empty() -> None:
    empty = _sparse({})
    ids, weights = profile(empty, empty, empty)
    assert ids.tolist() == [] and weights.tolist() == []


@pytest.mark.parametrize(
    ("span_days", "max_idle_days", "allowance_days"),
    [
        (0, 60, 14),  # a one-day story: the window
        (10, 60, 34),  # the window plus twice its span
        (30, 60, 60),  # capped
        (30, 7, 14),  # a cap below the window leaves the window
    ],
)
def test_idle_allowance_grows_with_span_up_to_the_cap(
    span_days: int, max_idle_days: int, allowance_days: int
) -> None:
    allowance = idle_allowance(
        DAY,
        DAY + timedelta(days=span_days),
        window=timedelta(days=14),
        max_idle=timedelta(days=max_idle_days),
    )
    assert allowance == timedelta(days=allowance_days)


def test_articles_on_one_event_join_and_others_start_stories() -> None:
    clusterer = StoryClusterer()
    a = clusterer.add(art("f1", FLOOD, 1))
    b = clusterer.add(art("e1", ELECTION, 1))
    c = clusterer.add(art("f2", FLOOD_2, 2))
    d = clusterer.add(art("e2", ELECTION_2, 3))
    assert (a, b) == (story_id("f1"), story_id("e1"))
    assert c == a and d == b
    assert clusterer.story_articles(a) == ("f1", "f2")


def test_story_ids_are_deterministic() -> None:
    runs = []
    for _ in range(2):
        clusterer = StoryClusterer()
        runs.append([clusterer.add(art(i, t)) for i, t in [("x", FLOOD), ("y", FLOOD_2)]])
    assert runs[0] == runs[1] == [story_id("x"), story_id("x")]


def test_window_separates_in_time_and_idle_stories_close() -> None:
    clusterer = StoryClusterer(window=timedelta(days=7), max_dormant=0)  # no archive
    first = clusterer.add(art("f1", FLOOD, 1))
    assert clusterer.add(art("f2", FLOOD_2, 20)) != first  # same words, weeks later
    assert clusterer.open_stories == 1  # the first story closed when the clock passed it
    assert clusterer.closed == 1
    # An undated article compares with every open story.
    assert clusterer.add(art("f3", FLOOD)) == story_id("f2")


def test_a_running_story_survives_a_longer_lull_than_a_one_day_story() -> None:
    clusterer = StoryClusterer(window=timedelta(days=7))
    election = clusterer.add(art("e1", ELECTION, 1))
    flood = [
        clusterer.add(art(f"f{i}", text, day))
        for i, (text, day) in enumerate([(FLOOD, 1), (FLOOD_2, 8), (FLOOD_3, 15)])
    ]
    assert len(set(flood)) == 1 and election != flood[0]
    assert clusterer.open_stories == 1  # the election story closed on day 8
    # Day 40: the flood story (span 14 days: allowed to idle 7 + 2 * 14 = 35 days, to
    # day 50) takes its report; the election story is gone.
    assert clusterer.add(art("f9", FLOOD_2, 40)) == flood[0]
    assert clusterer.reopened == 0
    assert clusterer.add(art("e9", ELECTION_2, 40)) == election  # reopened from the archive
    assert clusterer.reopened == 1
    capped = StoryClusterer(window=timedelta(days=7), max_idle=timedelta(days=20), max_dormant=0)
    for i, (text, day) in enumerate([(FLOOD, 1), (FLOOD_2, 8), (FLOOD_3, 15)]):
        capped.add(art(f"f{i}", text, day))
    assert capped.add(art("f9", FLOOD_2, 40)) == story_id("f9")  # closed on day 35


def test_a_report_sharing_only_the_country_starts_its_own_story() -> None:
    clusterer = StoryClusterer()
    kidnap = [
        clusterer.add(art(f"k{i}", text, day))
        for i, (text, day) in enumerate([(KIDNAP, 1), (KIDNAP_2, 3), (KIDNAP_3, 5)])
    ]
    assert len(set(kidnap)) == 1
    assert clusterer.add(art("gov", GOVERNMENT, 6)) == story_id("gov")
    assert clusterer.add(art("k4", KIDNAP_4, 7)) == kidnap[0]


def test_a_closed_story_reopens_when_its_topic_comes_back() -> None:
    clusterer = StoryClusterer()
    kidnap = {clusterer.add(art(f"k{i}", t, d)) for i, (t, d) in enumerate(KIDNAPS[:3])}
    flood = clusterer.add(art("f1", FLOOD, 100))  # the clock moves on: the kidnap story closes
    assert clusterer.open_stories == 1 and clusterer.dormant_stories == 1
    # A report on the same country a year on is not the story; a report on the hostages is.
    assert clusterer.add(art("gov", GOVERNMENT, 300)) == story_id("gov")
    assert clusterer.add(art("k4", KIDNAP_4, 400)) == kidnap.pop()
    assert (clusterer.reopened, clusterer.dormant_stories) == (1, 2)  # flood, gov
    assert clusterer.add(art("f2", FLOOD_2, 401)) == flood  # the flood's turn


def test_an_undated_report_does_not_reopen_a_dormant_story() -> None:
    """No date, no evidence the topic came back: the report starts a story of its own
    (an undated report still joins an open story, whatever the time); dated, it reopens."""
    for day in (None, 101):
        clusterer = StoryClusterer()
        kidnap = {clusterer.add(art(f"k{i}", t, d)) for i, (t, d) in enumerate(KIDNAPS[:3])}
        flood = clusterer.add(art("f1", FLOOD, 100))  # the kidnap story closes
        assert clusterer.dormant_stories == 1
        found = clusterer.add(art("k4", KIDNAP_4, day))
        assert found == (story_id("k4") if day is None else kidnap.pop())
        assert clusterer.reopened == (day is not None)
        assert clusterer.add(art("f2", FLOOD_2)) == flood  # open stories take undated ones


def test_the_archive_keeps_the_most_recently_active_dormant_stories() -> None:
    clusterer = StoryClusterer(max_dormant=2)
    stories = [
        ("f1", FLOOD, 1),
        ("e1", ELECTION, 30),
        ("k1", KIDNAP, 60),
        ("c1", CHESS, 90),
    ]
    firsts = [clusterer.add(art(aid, text, day)) for aid, text, day in stories]
    assert clusterer.closed == 3 and clusterer.dormant_stories == 2  # election, kidnap
    assert clusterer.take_closed() == firsts[1:3]  # no more than the archive keeps
    assert clusterer.take_closed() == []
    # day 200: the chess story closes too, and the election (idle longest) is forgotten
    assert clusterer.add(art("f2", FLOOD_2, 200)) == story_id("f2")
    assert clusterer.add(art("k2", KIDNAP_2, 201)) == firsts[2]
    assert clusterer.add(art("e2", ELECTION_2, 202)) == story_id("e2")


def test_a_restored_dormant_story_reopens_as_in_the_clusterer_that_closed_it() -> None:
    first = StoryClusterer()
    sid = first.add(art("k1", KIDNAP, 1))
    first.add(art("k2", KIDNAP_2, 3))
    first.add(art("f1", FLOOD, 100))
    dormant = first.snapshot(sid)
    assert dormant is not None and dormant.last_seen == DAY + timedelta(days=3)
    assert [term for term, _ in dormant.names][:1] == ["n:vesland"]
    assert DormantStory.from_json(sid, dormant.to_json()) == dormant  # exact round trip
    second = StoryClusterer()
    second.add(art("f1", FLOOD, 100))
    second.restore(DormantStory.from_json(sid, dormant.to_json()))
    assert second.snapshot(sid) == dormant
    assert second.add(art("k4", KIDNAP_4, 400)) == first.add(art("k4", KIDNAP_4, 400)) == sid


def test_precomputed_terms_give_the_same_stories() -> None:
    texts = [("f1", FLOOD), ("e1", ELECTION), ("f2", FLOOD_2), ("e2", ELECTION_2)]
    plain, given = StoryClusterer(), StoryClusterer()
    for aid, text in texts:
        article = art(aid, text, 1)
        assert plain.add(article) == given.add(article, article_terms(article))


def test_open_stories_are_bounded_without_dates() -> None:
    clusterer = StoryClusterer(max_open=2)
    for i, text in enumerate([FLOOD, ELECTION, "Chess champion wins final game in Oslo."]):
        clusterer.add(art(f"a{i}", text))
    assert clusterer.open_stories == 2


def test_bcubed_hand_computed() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15
    # recall:    a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15
    p, r, f = bcubed(pred, gold)
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    singletons = {k: k for k in gold}
    assert bcubed(singletons, gold).precision == 1.0
    assert bcubed(singletons, gold).recall == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)
    with pytest.raises(ValueError):
        bcubed({"a": "x"}, gold)


def test_adjusted_rand_index_hand_computed() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # cells: (x,1)=2 (y,1)=1 (y,2)=2 -> index 2; rows C(2,2)+C(3,2)=4; cols 3+1=4;
    # expected 4*4/10 = 1.6; max 4 -> (2-1.6)/(4-1.6) = 1/6
    assert adjusted_rand_index(pred, gold) == pytest.approx(1 / 6)
    assert adjusted_rand_index(gold, gold) == 1.0
    relabelled = {k: v + "z" for k, v in gold.items()}
    assert adjusted_rand_index(relabelled, gold) == 1.0
    assert adjusted_rand_index({k: "one" for k in gold}, {k: "one" for k in gold}) == 1.0


# Measured with the defaults, seed 0: B-cubed P 0.900 R 0.884 F1 0.892, ARI 0.793,
# 561 articles, 154 stories (130 gold); seeds 1 and 2: F1 0.890 and 0.891 (0.887, ARI
# 0.784 while undated articles could reopen dormant stories). Lowered from 0.89 / 0.83
# (F1 0.902, ARI 0.861) when closed stories began to reopen: on these two pools
# reopening merges a few neighbouring DUC events, on the topic pools it mends the splits
# of stories that run for years (tests/eval/test_stories.py keeps the floors of all four).
F1_FLOOR = 0.885
ARI_FLOOR = 0.78


@pytest.mark.slow
def test_story_clustering_on_duc2003_and_multinews(shared_data: Path) -> None:
    result = evaluate_story_clustering(
        [shared_data / "duc2003", shared_data / "multinews_dev"], seed=0
    )
    assert result["articles"] > 500
    assert result["bcubed_f1"] >= F1_FLOOR
    assert result["ari"] >= ARI_FLOOR


def test_the_central_article_is_the_member_closest_to_the_story() -> None:
    clusterer = StoryClusterer()
    # the story opens with a round-up: the kidnapping in its first sentence, then the
    # government's fall and a chess result
    first = art("k0", KIDNAP.split(". ")[0] + ". " + GOVERNMENT + " " + CHESS, 1)
    sid = clusterer.add(first)
    assert clusterer.central_article(sid) == "k0"  # the only member
    for aid, text, day in (("k1", KIDNAP, 2), ("k2", KIDNAP_2, 3), ("k3", KIDNAP_3, 4)):
        assert clusterer.add(art(aid, text, day)) == sid
    assert clusterer.central_article(sid) in {"k1", "k2", "k3"}
    assert clusterer.central_article("no such story") is None


def test_title_candidates_stay_bounded_and_keep_the_most_central() -> None:
    clusterer = StoryClusterer()
    texts = [FLOOD, FLOOD_2, FLOOD_3] * 12
    sid = clusterer.add(art("f0", texts[0], 1))
    for n, text in enumerate(texts[1:], start=1):
        assert clusterer.add(art(f"f{n}", text + f" Update {n}.", 1 + n % 3)) == sid
    story = clusterer._stories[sid]
    assert len(story.members) < 2 * TITLE_CANDIDATES
    kept = {aid for aid, _ in story.members}
    assert clusterer.central_article(sid) in kept
