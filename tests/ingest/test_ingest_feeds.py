"""Ingest of RSS 2.0, Atom and RSS 1.0 feeds: entries to articles, bad feeds to warnings."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyfuse.ingest import load_paths
from storyfuse.ingest.feeds import entry_date, feed_root, html_to_paragraphs
from storyfuse.types import stable_id

RSS = """<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley   Gazette</title>
  <link>https://gazette.example.net/</link>
  <description>Local news</description>
  <item>
    <title>Orchard festival draws record crowd</title>
    <link>https://gazette.example.net/orchard-festival</link>
    <pubDate>Sat, 14 Sep 2024 09:30:00 +0200</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>The orchard festival drew a record crowd on
      Saturday.</p><p>Organisers counted <b>twelve thousand</b> visitors.</p>
      <script>track();</script><ul><li>Cider tasting</li><li>Apple race</li></ul>]]>
    </content:encoded>
  </item>
  <item>
    <title>Empty entry</title>
    <link>https://gazette.example.net/empty</link>
  </item>
  <item>
    <title>Bridge works finish early</title>
    <link>https://gazette.example.net/bridge-works</link>
    <description>&lt;p&gt;The river bridge works finished a week early.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Watch</title>
  <id>urn:example:harbour</id>
  <updated>2024-10-02T08:00:00Z</updated>
  <entry>
    <title>Ferry timetable changes</title>
    <link href="https://harbour.example.org/ferry-timetable"/>
    <id>urn:example:harbour:1</id>
    <published>2024-10-01T06:45:00Z</published>
    <updated>2024-10-02T08:00:00Z</updated>
    <content type="html">&lt;p&gt;Winter ferries leave every forty minutes.&lt;/p&gt;
      &lt;p&gt;The last crossing is at ten.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Fish market reopens</title>
    <link href="https://harbour.example.org/fish-market"/>
    <id>urn:example:harbour:2</id>
    <updated>2024-10-03T12:00:00Z</updated>
    <summary>The fish market reopened after repairs to its roof.</summary>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://hill.example.com/">
    <title>Hill Notes</title><link>https://hill.example.com/</link>
    <description>Notes</description>
  </channel>
  <item rdf:about="https://hill.example.com/snow">
    <title>First snow on the pass</title>
    <link>https://hill.example.com/snow</link>
    <description>Snow closed the mountain pass overnight.</description>
  </item>
</rdf:RDF>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = _write(tmp_path, "gazette.rss", RSS)
    result = load_paths([path])
    first, second = result.articles
    assert first.title == "Orchard festival draws record crowd"
    assert first.url == "https://gazette.example.net/orchard-festival"
    assert first.id == stable_id(url=first.url)
    assert first.source == "Valley Gazette"
    assert first.published == datetime(2024, 9, 14, 7, 30, tzinfo=UTC)
    assert first.path == str(path)
    assert first.text.split("\n") == [
        "The orchard festival drew a record crowd on Saturday.",
        "Organisers counted twelve thousand visitors.",
        "Cider tasting",
        "Apple race",
    ]
    assert second.text == "The river bridge works finished a week early."
    assert second.published is None
    assert result.warnings == (f"{path}[entry 2]: entry has no text, skipped",)


def test_atom_uses_content_then_summary_and_published_then_updated(tmp_path: Path) -> None:
    path = _write(tmp_path, "harbour.atom", ATOM)
    result = load_paths([path])
    ferry, market = result.articles
    assert ferry.source == market.source == "Harbour Watch"
    assert ferry.url == "https://harbour.example.org/ferry-timetable"
    assert ferry.text == "Winter ferries leave every forty minutes.\nThe last crossing is at ten."
    assert ferry.published == datetime(2024, 10, 1, 6, 45, tzinfo=UTC)
    assert market.text == "The fish market reopened after repairs to its roof."
    assert market.published == datetime(2024, 10, 3, 12, 0, tzinfo=UTC)
    assert result.warnings == ()


def test_xml_is_read_only_when_its_root_is_a_feed(tmp_path: Path) -> None:
    _write(tmp_path, "a_hill.xml", RDF)
    _write(tmp_path, "b_atom.XML", ATOM)
    sitemap = _write(tmp_path, "c_sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')
    result = load_paths([tmp_path])
    assert [a.source for a in result.articles] == ["Hill Notes", "Harbour Watch", "Harbour Watch"]
    assert result.warnings == (f"{sitemap}: XML but not an RSS/Atom feed (root <urlset>), skipped",)


def test_malformed_feed_warns_once_and_load_goes_on(tmp_path: Path) -> None:
    bad = _write(tmp_path, "broken.rss", "<rss><channel><title>Oops</ti</channel")
    empty = _write(tmp_path, "empty.atom", "")
    notes = _write(tmp_path, "notes.txt", "A plain note that still loads.")
    result = load_paths([bad, empty, notes])
    assert [a.text for a in result.articles] == ["A plain note that still loads."]
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith(f"{bad}: malformed feed (")
    assert result.warnings[1] == f"{empty}: empty file, skipped"


def test_feed_without_entries_warns(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "quiet.rss", '<rss version="2.0"><channel><title>Q</title></channel></rss>'
    )
    assert load_paths([path]).warnings == (f"{path}: feed has no entries, skipped",)


def test_reloading_a_feed_gives_the_same_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, "gazette.rss", RSS)
    assert [a.id for a in load_paths([path]).articles] == [
        a.id for a in load_paths([path]).articles
    ]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("plain   words\nacross lines", "plain words across lines"),
        ("<p>One</p><p>Two &amp; three</p>", "One\nTwo & three"),
        ("Line<br>break<style>p{}</style>", "Line\nbreak"),
        ("<div><h2>Head</h2>Body <i>text</i></div>", "Head\nBody text"),
        ("", ""),
    ],
)
def test_html_to_paragraphs(fragment: str, expected: str) -> None:
    assert html_to_paragraphs(fragment) == expected


@pytest.mark.parametrize(
    ("data", "root"),
    [
        (b'<?xml version="1.0"?><!-- <x> --><rss/>', "rss"),
        (b"<atom:feed xmlns:atom='urn:a'/>", "feed"),
        (b"<rdf:RDF/>", "rdf"),
        (b"no markup", None),
    ],
)
def test_feed_root(data: bytes, root: str | None) -> None:
    assert feed_root(data) == root


def test_a_placeholder_feed_date_counts_as_no_date() -> None:
    placeholder = time.struct_time((1, 1, 1, 0, 0, 0, 0, 1, 0))
    updated = time.struct_time((2024, 5, 2, 9, 30, 0, 3, 123, 0))
    assert entry_date({"published_parsed": placeholder}) is None
    assert entry_date({"published_parsed": placeholder, "updated_parsed": updated}) == datetime(
        2024, 5, 2, 9, 30, tzinfo=UTC
    )
