"""The podcast feed of narrated articles, read as podcast apps read it: feedparser
(no `bozo`), xmllint, an enclosure with URL, length and type on every episode, an
`itunes:duration`, and audio that the enclosure's address really serves."""

import subprocess
import time

import feedparser


def narrated_feed(site, at_least: int, within: float = 90.0):
    """The podcast feed once the background worker has narrated `at_least` articles."""
    deadline = time.monotonic() + within
    while True:
        status, headers, body = site.get("/podcast/rss/")
        feed = feedparser.parse(body)
        if status == 200 and len(feed.entries) >= at_least:
            return headers, body, feed
        assert time.monotonic() < deadline, f"only {len(feed.entries)} narrated after {within} s"
        time.sleep(0.5)


def test_the_podcast_feed_lists_narrated_articles_with_enclosures(narrated_site):
    headers, body, feed = narrated_feed(narrated_site, at_least=3)
    assert headers["content-type"].startswith("application/rss+xml")
    result = subprocess.run(["xmllint", "--noout", "-"], input=body, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "The Calder Ledger: narrated articles"
    assert "This audio is created with AI assistance" in feed.feed.subtitle
    # Apple's current spelling; feedparser only maps the older "yes"/"clean".
    assert b"<itunes:explicit>false</itunes:explicit>" in body
    assert b'<itunes:category text="News"/>' in body
    guids = set()
    for entry in feed.entries:
        assert entry.title and entry.link and entry.published_parsed
        assert entry.id not in guids
        guids.add(entry.id)
        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mpeg"
        length = int(enclosure.length)
        assert length > 1000
        minutes, seconds = entry.itunes_duration.split(":")
        assert int(minutes) * 60 + int(seconds) > 0
        status, audio_headers, audio = narrated_site.get(enclosure.href)
        assert status == 200
        assert {k.lower(): v for k, v in audio_headers.items()}["content-type"] == "audio/mpeg"
        assert len(audio) == length, "the enclosure's length is the file's"


def test_an_empty_site_has_a_valid_empty_podcast_feed(empty_site):
    status, _, body = empty_site.get("/podcast/rss/")
    assert status == 200
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries == []
