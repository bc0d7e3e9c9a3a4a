"""Feeds and sitemaps, read by the tools that read them in the wild: feedparser (no
`bozo` flag), xmllint (well-formed XML), and the sitemap protocols' structure."""

import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import feedparser
import pytest


FEEDS = ["/rss/", "/atom/", "/tag/city/rss/", "/tag/city/atom/", "/author/olena-koval/rss/", "/author/olena-koval/atom/"]
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def well_formed(body: bytes):
    result = subprocess.run(["xmllint", "--noout", "-"], input=body, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_cleanly_with_full_entries(demo_site, path):
    status, headers, body = demo_site.get(path)
    assert status == 200
    assert headers["content-type"].startswith("application/rss+xml" if "rss" in path else "application/atom+xml")
    well_formed(body)
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("The Calder Ledger")
    assert feed.entries, "a newsroom feed lists its articles"
    guids = set()
    for entry in feed.entries:
        assert entry.title and entry.link.startswith(demo_site.base + "/")
        assert entry.id and entry.id not in guids
        guids.add(entry.id)
        assert entry.published_parsed is not None
        assert entry.get("author"), "every entry names its authors"
        assert entry.get("tags"), "every entry carries its sections"
        assert entry.content[0].value.startswith("<p>"), "full content, not a teaser"
        assert 'src="/' not in entry.content[0].value and 'href="/' not in entry.content[0].value
    if path == "/rss/":
        assert len(feed.entries) == 16
        assert all(entry.get("media_content") for entry in feed.entries), "lead images as media"


def test_the_news_feed_rss_is_valid_rss_2(demo_site):
    status, headers, body = demo_site.get("/news-feed/rss/")
    assert status == 200
    assert headers["content-type"].startswith("application/rss+xml")
    well_formed(body)
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert "News Feed" in feed.feed.title
    assert feed.entries, "the demo newsroom has feed items"
    guids = set()
    for entry in feed.entries:
        assert entry.title
        assert re.fullmatch(re.escape(demo_site.base) + r"/news-feed/\d+/", entry.link), entry.link
        assert entry.id == entry.link and entry.id not in guids
        guids.add(entry.id)
        assert entry.published_parsed is not None
        assert entry.summary


@pytest.mark.parametrize("path", ["/rss/", "/atom/"])
def test_an_empty_site_still_has_valid_feeds(empty_site, path):
    status, _, body = empty_site.get(path)
    assert status == 200
    well_formed(body)
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries == []


def children(site, index_path="/sitemap.xml"):
    status, headers, body = site.get(index_path)
    assert status == 200 and headers["content-type"].startswith("application/xml")
    well_formed(body)
    root = ET.fromstring(body)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]


@pytest.mark.parametrize("which", ["demo_site", "empty_site"])
def test_every_sitemap_follows_the_protocol(request, which):
    site = request.getfixturevalue(which)
    locations = children(site)
    assert len(locations) >= 4
    total = 0
    # Each address's hreflang alternates, to check that every alternate links back.
    alternates = {}
    for location in locations:
        # The main edition's sitemaps, and the demo's Ukrainian edition's.
        assert location.startswith((site.base + "/sitemaps/", site.base + "/uk/sitemaps/"))
        status, _, body = site.get(location)
        assert status == 200, location
        well_formed(body)
        root = ET.fromstring(body)
        assert root.tag == f"{{{NS['sm']}}}urlset"
        urls = root.findall("sm:url", NS)
        assert len(urls) <= 50_000
        total += len(urls)
        for url in urls:
            loc = url.find("sm:loc", NS).text
            assert loc.startswith(site.base + "/") and loc.endswith("/")
            lastmod = url.find("sm:lastmod", NS)
            if lastmod is not None:
                assert W3C_DATETIME.match(lastmod.text), lastmod.text
            for image in url.findall("image:image/image:loc", NS):
                assert image.text.startswith(site.base + "/content/")
            links = url.findall("xhtml:link[@rel='alternate']", NS)
            if links:
                alternates[loc] = {(link.get("hreflang"), link.get("href")) for link in links}
            # Every address in a sitemap answers.
            assert site.get(loc)[0] == 200, loc
    if which == "demo_site":
        assert total == 16 + 2 + 9 + 7 + 6, "posts, pages, sections, authors; Ukrainian posts"
        assert len(alternates) >= 6, "the demo's three translated pairs"
    else:
        assert total == 0
    for loc, named in alternates.items():
        assert loc in {href for _, href in named}, f"{loc} names itself"
        for _, href in named:
            assert alternates.get(href) == named, f"{href} links back to {loc}"


def test_the_news_sitemap_lists_recent_articles_in_google_news_form(demo_site):
    status, _, body = demo_site.get("/news-sitemap.xml")
    assert status == 200
    well_formed(body)
    root = ET.fromstring(body)
    urls = root.findall("sm:url", NS)
    assert 1 <= len(urls) <= 1000
    now = datetime.now(timezone.utc)
    editions = set()
    for url in urls:
        news = url.find("news:news", NS)
        publication = (
            news.find("news:publication/news:name", NS).text,
            news.find("news:publication/news:language", NS).text,
        )
        assert publication in {("The Calder Ledger", "en"), ("Колдерський вісник", "uk")}
        assert (publication[1] == "uk") == ("/uk/" in url.find("sm:loc", NS).text)
        editions.add(publication)
        assert news.find("news:title", NS).text
        published = news.find("news:publication_date", NS).text
        assert W3C_DATETIME.match(published)
        age = now - datetime.fromisoformat(published.replace("Z", "+00:00"))
        assert age <= timedelta(hours=48), (published, url.find("sm:loc", NS).text)
    assert len(editions) == 2, "both editions have recent articles"


def test_robots_points_at_both_sitemaps(demo_site):
    status, headers, body = demo_site.get("/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    lines = body.decode().splitlines()
    assert f"Sitemap: {demo_site.base}/sitemap.xml" in lines
    assert f"Sitemap: {demo_site.base}/news-sitemap.xml" in lines
