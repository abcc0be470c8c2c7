"""Clean: boilerplate lines by kind, headline detection, glued navigation, idempotence.

The acceptance test reads the hand labels of the seed articles in place; every other
case here is invented text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyfuse.samples import sample_dir
from storyfuse.text.boilerplate import LINE_RULES, TAIL_RULES, fold_case
from storyfuse.text.clean import (
    Cleaned,
    clean_article,
    clean_text,
    cut_glued_prefix,
    is_heading_shaped,
    line_end,
    line_kind,
    looks_like_headline,
    real_quotes,
)
from storyfuse.types import Article, stable_id


def _article(text: str, title: str | None = None) -> Article:
    return Article(id=stable_id(text=text), text=text, title=title)


# --- acceptance: the labelled seeds -------------------------------------------------


def _labelled_cases(labels_path: Path, docs: Path) -> list[tuple[str, dict[str, Any], str]]:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["files"]
    return [
        (name, label, (docs / name).read_text(encoding="utf-8")) for name, label in labels.items()
    ]


def _seed_cases(seeds_dir: Path) -> list[tuple[str, dict[str, Any], str]]:
    return _labelled_cases(seeds_dir / "labels.json", seeds_dir)


def _assert_labels_hold(name: str, label: dict[str, Any], raw: str) -> None:
    """Boilerplate gone, title recognised, glued prefix cut, nothing else lost."""
    cleaned = clean_text(raw)
    body = cleaned.text.split("\n")
    boilerplate = set(label["boilerplate"])
    title = label["title"]
    junk = label.get("junk_prefix")
    for line in boilerplate:
        assert line not in body, (name, line)
    if title is not None:
        assert cleaned.title == title, name
        assert title not in body, name
    else:
        assert cleaned.title is None, (name, cleaned.title)
    for raw_line in raw.split("\n"):
        line = raw_line.strip()
        if not line or line in boilerplate or line == title:
            continue
        if junk is not None and line.startswith(junk["line_starts"]):
            cut = [b for b in body if b.startswith(junk["content_starts"])]
            assert len(cut) == 1 and line.endswith(cut[0]), name
            continue
        assert line in body, (name, line)


def test_seed_labels_acceptance(seeds_dir: Path) -> None:
    cases = _seed_cases(seeds_dir)
    assert len(cases) == 5
    for name, label, raw in cases:
        _assert_labels_hold(name, label, raw)


def test_sample_story_labels_acceptance() -> None:
    """The same acceptance on our own bundled sample, whose noise we wrote and labelled."""
    root = sample_dir()
    cases = _labelled_cases(root / "labels.json", root / "docs")
    assert len(cases) >= 5
    for name, label, raw in cases:
        _assert_labels_hold(name, label, raw)


def test_seed_articles_clean_idempotently(seeds_dir: Path) -> None:
    for _, _, raw in _seed_cases(seeds_dir):
        once = clean_article(_article(raw))
        assert clean_article(once) == once


def test_newswire_sentences_are_never_removed(shared_data: Path) -> None:
    """Quality floor on DUC 2003 newswire: only codes, separators and headings go."""
    removed: list[str] = []
    for path in sorted((shared_data / "duc2003").glob("*/docs/*.txt")):
        removed.extend(clean_text(path.read_text(encoding="utf-8")).removed)
    sentences = [r for r in removed if len(r.split()) >= 8 and line_end(r) == "."]
    assert sentences == []
    assert len(removed) < 150


# --- line kinds: removed and kept ---------------------------------------------------

REMOVED = [
    ("Also read: Council approves new harbour budget", "related"),
    ("ALSO READ: Storm closes the coastal road", "related"),
    ("READ ALSO: Ferry fares frozen for winter", "related"),
    ("Also read:\xa0Why the bridge closed", "related"),
    ("Read more: How the bridge was rebuilt", "related"),
    ("Related Posts", "related"),
    ("Related:", "related"),
    ("Related Articles", "related"),
    ("See also: Timeline of the repairs", "related"),
    ("Click here to read the full report", "related"),
    ("PHOTOS: The bridge reopens", "related"),
    ("More from the Lakeside Courier:", "related"),
    ("[Related: Five things to know about the bridge]", "related"),
    (">> Read more local stories", "related"),
    ("Follow our latest local and weather news via Google News", "share"),
    ("Follow us on Twitter and Facebook", "share"),
    ("Follow Ada Quill on Twitter @adaquill.", "share"),
    ("For the latest harbour news, follow @lakesidecourier", "share"),
    ("Click to share on WhatsApp (Opens in new window)", "share"),
    ("Share this article", "share"),
    ("Leave a Reply", "comments"),
    ("Leave a comment", "comments"),
    ("Your email address will not be published. Required fields are marked *", "comments"),
    ("Comments are closed.", "comments"),
    ("Support the Courier's journalism of record", "appeal"),
    ("Good journalism costs money, and we rely on readers like you.", "appeal"),
    ("Please consider making a small donation to keep our reporting free.", "appeal"),
    ("By subscribing to the Courier, you help local reporting survive.", "appeal"),
    ("Sign up for our morning newsletter.", "appeal"),
    ("Get the day's top stories delivered to your inbox.", "appeal"),
    ("Advertisement", "ad"),
    ("TEXT AD: Call Lakeside Motors today", "ad"),
    ("Sponsored: The best boots for winter", "ad"),
    ("Story continues below advertisement", "ad"),
    ("Photo: Ada Quill / Lakeside Courier", "caption"),
    ("Image copyright Harbour Trust", "caption"),
    ("Workers fit the new railing on Tuesday. (Ada Quill / Staff Photographer)", "caption"),
    ("Workers fit the new railing. (Photo: Ada Quill)", "caption"),
    ("1 of 5. Workers on the bridge deck at dawn.", "caption"),
    ("Ada Quill/Lakeside Courier", "caption"),
    ("FILE - This 2019 photo shows the bridge before the storm.", "caption"),
    (
        "Mayor Ada Quill speaks at the reopened bridge in Port Alden, Tuesday, June 5, 2018. "
        "(AP Photo/Tom Reed) (Associated Press)",
        "caption",
    ),
    (  # an AP caption of any length: the opener and the closing credit together
        "FILE - In this May 4, 2011, file photo, workers inspect the pier of the Calder Bridge "
        "in Port Alden, where engineers found a crack that forced the city to close the "
        "bridge to traffic for three weeks, reroute the buses and add ferries every twenty "
        "minutes until... (Associated Press)",
        "caption",
    ),
    ("(with agency inputs)", "credit"),
    ("(With inputs from agencies)", "credit"),
    ("Staff writer Ada Quill contributed to this report.", "credit"),
    ("(Reporting by Ada Quill; Editing by Tom Reed)", "credit"),
    ("By Ada Quill", "credit"),
    ("BY ADA QUILL", "credit"),
    ("-- Ada Quill at the Old Harbour", "credit"),
    ("Write to Ada Quill at ada.quill@courier.example.org", "contact"),
    ("ada.quill@courier.example.org", "contact"),
    ("https://courier.example.org/bridge", "contact"),
    ("Harbour Trust: https://trust.example.org", "contact"),
    (
        "Tom Reed: He is a veteran reporter who writes about transport and has covered "
        "the harbour for a decade.",
        "bio",
    ),
    ("© 2021 Lakeside Courier. All rights reserved.", "legal"),
    ("Copyright 2021 Lakeside Courier", "legal"),
    ("Top of Page", "nav"),
    ("Tags: bridge, harbour, storm", "nav"),
    ("(scl)", "wire"),
    ("(ab-cd/ef)", "wire"),
    ("nn", "wire"),
    ("(END OPTIONAL TRIM)", "wire"),
    ("For use by clients of the Lakeside News Service", "wire"),
    ("The council, 3rd graf pvs", "wire"),
    ("These pages were captured by a web crawler and added to the Internet Archive.", "archive"),
    (">", "symbols"),
    ("* * *", "symbols"),
    ("___", "symbols"),
]

KEPT = [
    "Also, read the fine print before signing, the council warned.",
    "Also read by thousands, the report drew sharp criticism.",
    "“Leave a reply on my desk,” the mayor told her aides.",
    "Residents were told to leave a comment at the town hall by Friday.",
    "More than 2,000 people crossed the bridge on its first day.",
    "Follow-up inspections are planned for the spring.",
    "Follow the money, the auditor said.",
    "The mayor urged residents to follow the ferry operator on Twitter for timetable updates.",
    "Support for the bridge repairs came from both parties.",
    "The foundation pledged to support local journalism with a new grant.",
    "“Good journalism costs money,” the editor said at the awards.",
    "Photographers gathered at the bridge at dawn.",
    "The photo, taken in 1998, shows the original railing.",
    "FILE - The council said the bridge would reopen next month after engineers repaired the "
    "cracked pier, and that ferries would run every twenty minutes until then, according to "
    "a statement it released on Monday evening after a long meeting (the third this month).",
    "By Thursday evening, traffic was flowing normally.",
    "Copyright lawyers said the logo dispute could take years to settle.",
    "Ada Quill: The bridge is safe, engineers say.",
    "Advertising revenue at the Courier fell 12 percent last year.",
    "Share prices of the ferry operator rose 3 percent.",
    "Related talks will take place in the spring, officials said.",
    "See also the council's earlier decision on fares.",
    "Read more than 300 pages of evidence, the judge told the jury.",
    "Click, the local electronics shop, reopened on Monday.",
    "Tom Reed is a reporter for the Courier who was hurt in the storm.",
    "LONDON (AP) _ Police arrested three men on Saturday.",
    "The organisation can be reached by phone on weekdays, a spokesman said.",
    "Subscriptions to the ferry pass rose by a third, the operator said.",
]


@pytest.mark.parametrize(("line", "kind"), REMOVED)
def test_boilerplate_line_is_removed(line: str, kind: str) -> None:
    assert line_kind(line) == kind
    text = f"The bridge reopened on Thursday morning.\n{line}\nTraffic was light, police said."
    cleaned = clean_text(text)
    assert line.strip() in cleaned.removed
    assert cleaned.text.split("\n") == [
        "The bridge reopened on Thursday morning.",
        "Traffic was light, police said.",
    ]


@pytest.mark.parametrize("line", KEPT)
def test_content_line_is_kept(line: str) -> None:
    assert line_kind(line) is None
    text = f"The bridge reopened on Thursday morning.\n{line}\nTraffic was light, police said."
    assert line in clean_text(text).text.split("\n")


@pytest.mark.parametrize("line", [line for line, _ in REMOVED] + KEPT)
def test_keyword_prefilters_never_hide_a_match(line: str) -> None:
    """A cue's keywords only skip regexes that cannot match (see test_boilerplate.py)."""
    folded = fold_case(line)
    for rule in (*LINE_RULES, *TAIL_RULES):
        for cue in rule.patterns:
            assert cue.search(line, folded) == (cue.regex.search(line) is not None), rule.kind


# --- headline, headings, glued navigation --------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Harbour Bridge Reopens After Storm Repairs", True),
        ("Harbour bridge reopens after three weeks of repairs", True),
        ("Will the bridge be ready for winter?", True),
        ("Kyiv: talks end without a deal", True),
        ("Ferry Fares Frozen As Winter Timetable Starts On Monday Across All Routes Of Bay", True),
        ("The bridge reopened on Thursday after three weeks of repairs.", False),
        ("New Delhi: In the first talks since the storm, the ministers will meet.", False),
        ("LONDON (AP) _ Police arrested three men on Saturday", False),
        ("The ministers met in Antalya. They agreed on little", False),
        ("The council said it would publish the following list:", False),
        ("The Courier plans to move the following stories for use by", False),
        ("Bridge", False),
        ("the bridge reopened", False),
        (
            "the long line of twenty one words that runs on and on without any capital "
            "letters or a final stop at all",
            False,
        ),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Meeting between both delegations", True),
        ("Harbour Works: The Latest", True),
        ("PRIMARY FINDINGS", True),
        ("Talks were held", False),
        ("The bridge reopened.", False),
        ("Results for 2021", False),
        ("Applications filed on behalf of", False),
        ("The council listed:", False),
        ("A heading that is much too long to be a heading here", False),
    ],
)
def test_is_heading_shaped(line: str, expected: bool) -> None:
    assert is_heading_shaped(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Harbour HarbourThe bridge reopened on Thursday.", "The bridge reopened on Thursday."),
        ("World Europe EuropeGerman ministers met on Friday.", "German ministers met on Friday."),
        ("News NewsPolice closed the road.", "Police closed the road."),
        ("Story highlights The bridge reopened.", "The bridge reopened."),
        ("Facebook Twitter Email The ferry resumed service.", "The ferry resumed service."),
        ("YouTube removed the video on Monday.", "YouTube removed the video on Monday."),
        ("McDonald sold PlayStation games.", "McDonald sold PlayStation games."),
        ("Turkish TurkeyRussian talks", "Turkish TurkeyRussian talks"),
    ],
)
def test_cut_glued_prefix(line: str, expected: str) -> None:
    assert cut_glued_prefix(line) == expected


def test_glued_prefix_is_cut_in_clean_text() -> None:
    text = "Harbour Bridge Reopens\n\nHarbour HarbourThe bridge reopened on Thursday."
    cleaned = clean_text(text)
    assert cleaned == Cleaned(
        text="The bridge reopened on Thursday.", title="Harbour Bridge Reopens", removed=()
    )


def test_characters_that_print_as_nothing_are_removed() -> None:
    """Zero-width spaces and joiners, a soft hyphen and a byte-order mark, as web pages
    leave them before and inside words: the words read whole, and cleaning stays
    idempotent."""
    text = (
        "\ufeffThe \u200bFerry Crew cheered a win against the\u200bir own harbour board.\n"
        "The settle\u00adment covers two sea\u200dsons, the board\u2060 said on Monday."
    )
    cleaned = clean_text(text, detect_title=False)
    assert cleaned.text == (
        "The Ferry Crew cheered a win against their own harbour board.\n"
        "The settlement covers two seasons, the board said on Monday."
    )
    assert clean_text(cleaned.text, detect_title=False).text == cleaned.text


def test_isolated_heading_is_dropped_but_lists_and_the_last_line_stay() -> None:
    text = "\n".join(
        [
            "The council met on Monday to discuss the bridge.",
            "Repairs and costs",
            "The repairs cost less than expected, the treasurer said.",
            "The council listed its priorities:",
            "New railings",
            "Wider lanes",
            "Better lighting",
            "Work starts in May, the council said.",
            "Next steps",
        ]
    )
    cleaned = clean_text(text)
    assert cleaned.removed == ("Repairs and costs",)
    assert "New railings\nWider lanes\nBetter lighting" in cleaned.text
    assert cleaned.text.endswith("Next steps")


def test_related_header_takes_the_link_titles_under_it() -> None:
    text = "\n".join(
        [
            "The bridge reopened on Thursday.",
            "Related:",
            "Council approves harbour budget",
            "Why ferry fares are frozen this winter",
            "The bridge will be inspected again in the spring.",
        ]
    )
    cleaned = clean_text(text)
    assert cleaned.text.split("\n") == [
        "The bridge reopened on Thursday.",
        "The bridge will be inspected again in the spring.",
    ]
    assert len(cleaned.removed) == 3


def test_writer_bio_is_removed_only_at_the_end() -> None:
    bio = "Ada Quill is a freelance writer based in Lakeside."
    middle = f"The bridge reopened on Thursday.\n{bio}\nTraffic was light, police said."
    assert bio in clean_text(middle).text
    end = f"The bridge reopened on Thursday.\nTraffic was light, police said.\n{bio}"
    assert clean_text(end).removed == (bio,)


def test_lines_are_trimmed_and_blank_lines_dropped() -> None:
    cleaned = clean_text("  The bridge reopened.  \n\n\n\t Traffic was light.\t\n   \n")
    assert cleaned == Cleaned(
        text="The bridge reopened.\nTraffic was light.", title=None, removed=()
    )


def test_empty_and_boilerplate_only_text() -> None:
    assert clean_text("") == Cleaned(text="", title=None, removed=())
    assert clean_text("Leave a Reply\n>\n").text == ""


# --- clean_article ----------------------------------------------------------------------


def test_clean_article_sets_a_detected_title_when_it_has_none() -> None:
    text = "Harbour Bridge Reopens After Repairs\nThe bridge reopened on Thursday.\nAlso read: More"
    cleaned = clean_article(_article(text))
    assert cleaned.title == "Harbour Bridge Reopens After Repairs"
    assert cleaned.text == "The bridge reopened on Thursday."
    assert cleaned.id == stable_id(text=text)  # the id stays that of the raw article
    assert clean_article(cleaned) == cleaned


def test_clean_article_keeps_its_own_title_and_drops_the_repeated_headline() -> None:
    text = "Harbour bridge reopens\nThe bridge reopened on Thursday."
    cleaned = clean_article(_article(text, title="Harbour bridge reopens | Lakeside Courier"))
    assert cleaned.title == "Harbour bridge reopens | Lakeside Courier"
    assert cleaned.text == "The bridge reopened on Thursday."


def test_clean_article_with_a_title_does_not_take_another_line_as_title() -> None:
    text = "Ferry Timetable Changes\nThe bridge reopened on Thursday."
    cleaned = clean_article(_article(text, title="Harbour bridge reopens"))
    assert cleaned.title == "Harbour bridge reopens"
    assert cleaned.text == text
    assert clean_article(cleaned) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Harbour Bridge Reopens\nSubheading Without A Verb\nThe bridge reopened.\nNext steps",
        "Harbour Bridge Reopens\nRelated:\nFerry news today\nCouncil news today\nThe end came.",
        "World WorldNews NewsThe bridge reopened.\nAda Quill is a writer for the Courier.",
        "A. B.\nC\nD\nE.",
        "Short\nTitle Line\nAnother One\nA sentence here.\nAnd another one.",
    ],
)
def test_clean_article_is_idempotent(text: str) -> None:
    once = clean_article(_article(text))
    assert clean_article(once) == once


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Swissair ``did everything correctly,'' the airline said.",
            "Swissair “did everything correctly,” the airline said.",
        ),
        ("He said ``no'' twice.", "He said “no” twice."),
        ("The rock 'n' roll band's ''last'' show.", "The rock 'n' roll band's ''last'' show."),
    ],
    ids=["newswire-pair", "short", "no-opening-mark"],
)
def test_newswire_quote_marks_become_curly_quotes(line: str, expected: str) -> None:
    assert real_quotes(line) == expected
    assert clean_text(line).text == expected


def test_photo_captions_leave_the_text_but_stay_with_the_article() -> None:
    """A caption's date says when its report was written (the timeline's anchor of last
    resort), so clean keeps the caption lines, and only those, on the article."""
    caption = "Workers outside the town hall, March 11, 2025. (Jane Mora / Staff Photographer)"
    text = (
        "The council of Westhaven voted on Monday to close the old ferry terminal.\n"
        f"{caption}\nShare this article on Facebook\n"
        "Ferry workers marched to the town hall on Tuesday against the closure."
    )
    cleaned = clean_article(_article(text))
    assert caption not in cleaned.text and cleaned.captions == (caption,)
    assert clean_article(cleaned) == cleaned


def test_a_sentence_split_at_a_titles_period_is_one_line_again() -> None:
    # Newswire split into lines at "Sen." leaves two fragments; the title belongs to the
    # name on the next line. A state after a comma ("Littleton, Col.") ends its line.
    text = (
        "Leaders pulled the bill because they did not want Sen.\n"
        "Max Baucus, D-Mont., to add an amendment.\n"
        "Students recalled the attack in Littleton, Col.\n"
        "Many schools are not taking it seriously, he said Gov.\n"
        "and others."
    )
    cleaned = clean_text(text, detect_title=False).text
    assert cleaned.split("\n") == [
        "Leaders pulled the bill because they did not want Sen. Max Baucus, D-Mont., to add "
        "an amendment.",
        "Students recalled the attack in Littleton, Col.",
        "Many schools are not taking it seriously, he said Gov.",
        "and others.",
    ]
    assert clean_text(cleaned, detect_title=False).text == cleaned
