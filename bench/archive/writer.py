#!/usr/bin/env python3
"""The newsroom at work during a load run: through the desk, as an editor would,
post a News Feed item every second and retitle an article every five seconds, and
after each change time how long until a reader's page shows it. Each save's own
time (the desk's answer to the form) is reported too: a save's cost must not grow
with the archive.

    writer.py BASE_URL EMAIL PASSWORD SECONDS ARTICLES_FILE REPORT_FILE

The reader checks go to the public site without a session, so they see what every
reader sees: the page cache. The report is JSON: how many changes were made, how
many were seen, and the delays in milliseconds.
"""

import html.parser
import http.cookiejar
import json
import os
import random
import re
import sys
import time
import urllib.parse
import urllib.request
import uuid

# Seconds between changes of each kind; BENCH_FEED_EVERY=0 or BENCH_EDIT_EVERY=0 leaves
# that kind out (to tell which one costs the readers).
FEED_EVERY = float(os.environ.get("BENCH_FEED_EVERY", "1"))
EDIT_EVERY = float(os.environ.get("BENCH_EDIT_EVERY", "5"))
NEVER = float("inf")
# A change not visible after this long counts as never seen.
GIVE_UP = 10.0


class Forms(html.parser.HTMLParser):
    """Every form on a page with the values a browser would send by default."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {},
                          "multipart": "multipart" in a.get("enctype", "")}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self._form["fields"][a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


class Desk:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.read().decode()

    def form(self, page_path, action):
        parser = Forms()
        parser.feed(self.get(page_path))
        for form in parser.forms:
            if form["action"] == action:
                return form
        raise SystemExit(f"no form posting to {action} on {page_path}")

    def submit(self, form, changes):
        fields = dict(form["fields"], **changes)
        if form["multipart"]:
            boundary = uuid.uuid4().hex
            body = b"".join(
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                for k, v in fields.items()) + f"--{boundary}--\r\n".encode()
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + form["action"], data=body,
                                         headers={"Content-Type": kind})
        with self.opener.open(request, timeout=30) as r:
            return r.status, r.read().decode()


def reader_sees(base, path, text):
    """Milliseconds until a reader's request for path shows text, or None."""
    start = time.monotonic()
    while time.monotonic() - start < GIVE_UP:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            if text in r.read().decode():
                return (time.monotonic() - start) * 1000
        time.sleep(0.02)
    return None


def main():
    base, email, password, seconds, articles_file, report = sys.argv[1:7]
    seconds = float(seconds)
    articles = [line.strip() for line in open(articles_file) if line.strip()]
    random.seed(11)
    desk = Desk(base)
    desk.submit(desk.form("/admin/signin", "/admin/signin"),
                {"email": email, "password": password})
    delays = {"feed": [], "edit": []}
    saves = {"feed": [], "edit": []}
    made = {"feed": 0, "edit": 0}
    failures = []
    start = time.monotonic()
    next_feed = start if FEED_EVERY > 0 else NEVER
    next_edit = start + EDIT_EVERY / 2 if EDIT_EVERY > 0 else NEVER
    n = 0
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if now >= next_feed:
            next_feed += FEED_EVERY
            n += 1
            headline = f"Load update {n} at {time.strftime('%H:%M:%S')}"
            form = desk.form("/admin/news-feed/", "/admin/news-feed")
            began = time.monotonic()
            desk.submit(form, {"headline": headline, "text": "A short update for the load run."})
            saves["feed"].append((time.monotonic() - began) * 1000)
            made["feed"] += 1
            # Any article's sidebar shows the News Feed.
            seen = reader_sees(base, random.choice(articles), headline)
            (delays["feed"].append(seen) if seen is not None else failures.append(headline))
        elif now >= next_edit:
            next_edit += EDIT_EVERY
            path = random.choice(articles)
            page = desk.get(path)  # with the session: carries the edit link
            match = re.search(r'href="(/admin/posts/\d+)"', page)
            if not match:
                failures.append(f"no edit link on {path}")
                continue
            form = desk.form(match.group(1), match.group(1))
            title = f"Retitled during the load run {n}-{random.randint(0, 10**6)}"
            began = time.monotonic()
            desk.submit(form, {"title": title, "action": "save"})
            saves["edit"].append((time.monotonic() - began) * 1000)
            made["edit"] += 1
            seen = reader_sees(base, path, title)
            (delays["edit"].append(seen) if seen is not None else failures.append(title))
        else:
            time.sleep(min(next_feed, next_edit, start + seconds) - now)
    json.dump({"made": made, "delays_ms": delays, "saves_ms": saves, "failures": failures},
              open(report, "w"))


if __name__ == "__main__":
    main()
