#!/usr/bin/env python3
"""Writes a large, made-up newsroom archive for the import benchmark: a WordPress WXR
1.2 file or a Ghost 5 JSON export, shaped like the fixtures in
crates/byline/tests/fixtures/import/ (block-editor or Lexical bodies of 600-900 words,
paragraphs, a heading, a list, images referenced by address with no files behind them,
20 sections and 20 tags, 50 authors, a mix of statuses).

    python3 bench/import/generate.py wordpress --posts 100000 OUT.xml
    python3 bench/import/generate.py ghost --posts 100000 OUT.json

The file is written as it is generated: memory stays flat whatever --posts is. The
same --seed gives the same bytes. Standard library only.
"""
import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid

SITE = "https://harbour.example"
UPLOADS = SITE + "/wp-content/uploads"
GHOST = "__GHOST_URL__"

# --- words (all ours) ------------------------------------------------------------

SUBJECTS = [
    "The council", "The harbour office", "Residents on the north side", "The ferry company",
    "Fishing crews", "The school board", "Volunteers", "The county", "Shop owners on Quay Street",
    "The lifeboat crew", "Two councillors", "Parents at the primary school", "The town museum",
    "Nurses at the health centre", "The planning committee", "The bus operator", "Local growers",
    "The library", "Dock workers", "The tenants' association", "The water company", "The mayor",
    "A group of students", "The police", "Market traders", "The sailing club", "The fire service",
]
VERBS = [
    "approved", "questioned", "delayed", "welcomed", "rejected", "reviewed", "paid for", "opened",
    "closed", "repaired", "surveyed", "debated", "postponed", "announced", "criticised", "extended",
    "cut", "defended", "backed", "challenged", "published", "reversed", "inspected", "redesigned",
]
OBJECTS = [
    "the new budget", "the harbour wall repairs", "plans for a cycle lane", "the night bus service",
    "a rise in parking fees", "the bridge repairs", "the flood defences", "a second ferry",
    "the library's opening hours", "the school roof", "the fish market lease", "the river path",
    "a new crossing on the high street", "the summer timetable", "rents along the waterfront",
    "the air quality report", "the lighthouse tours", "the free school meals scheme",
    "the dredging contract", "the recycling centre", "the county auditor's report",
    "the allotment waiting list", "the harbour commission's accounts", "the slipway",
]
TAILS = [
    "on Tuesday", "after a long debate", "for the third time this year", "before the summer",
    "despite objections from the north side", "at a packed meeting in the town hall",
    "without a vote", "until the spring", "late on Thursday night", "with little warning",
    "after months of delay", "at the last minute", "in a short statement", "by a narrow margin",
    "ahead of the winter storms", "at a cost nobody would confirm", "on the advice of engineers",
]
CODAS = [
    "", "", "", ", according to papers seen by the Ledger", ", officials said",
    ", and a decision is expected next month", ", which surprised almost everyone in the room",
    ", though the details are still unclear", ", the third change of plan since January",
]
LEADS = ["Why it matters:", "What happens next:", "The numbers:", "Who pays:", "The background:"]
HEADINGS = [
    "What was decided", "Who is affected", "What it costs", "What happens next", "The background",
    "What residents said", "The timeline", "Where the money goes", "What the report found",
]
LIST_ITEMS = [
    "the outer pontoons", "the fuel berth", "the north car park", "the river path",
    "the Tuesday market", "the night bus", "the school crossing", "the slipway", "the harbour steps",
    "two drainage outlets", "the library's upper floor", "the east bridge", "the allotments",
]
FIRST = ["Mara", "Tomasz", "Priya", "Ana", "Jonas", "Ruth", "Hal", "Edith", "Kwame", "Sofia", "Lena",
         "Dev", "Ines", "Omar", "Grace", "Felix", "Nadia", "Pablo", "Yara", "Colm", "Aiko", "Bram",
         "Chloe", "Dmitri", "Esme"]
LAST = ["Okafor", "Wren", "Natarajan", "Ruiz", "Berg", "Abara", "Brennan", "Marr", "Mensah",
        "Lindqvist", "Hoffmann", "Patel", "Duarte", "Haddad", "Ellery", "Marsh", "Quint", "Sato",
        "Tallis", "Varga"]
SECTIONS = ["News", "Harbour", "Council", "Culture", "Schools", "Transport", "Health", "Business",
            "Environment", "Sport", "Housing", "Courts", "Weather", "History", "Food", "Letters",
            "Opinion", "Community", "Science", "Obituaries"]
TAG_WORDS = ["ferries", "flooding", "budget", "elections", "fishing", "tourism", "roads", "parking",
             "libraries", "nurses", "rents", "bridges", "storms", "markets", "lighthouse", "cycling",
             "buses", "dredging", "allotments", "museum"]


def slugify(text):
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Words:
    """A fixed pool of sentences (made once from the seed); bodies draw from it."""

    def __init__(self, rng):
        self.rng = rng
        self.sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}{rng.choice(CODAS)}."
            for _ in range(4096)
        ]

    def paragraph(self):
        return " ".join(self.rng.choices(self.sentences, k=self.rng.randint(3, 5)))

    def title(self):
        r = self.rng
        return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}"


def body_plan(rng, words):
    """A body as a list of blocks: ("p", kind, text), ("h2", text), ("ul", items), ("img", n).
    Paragraphs until 600-900 words, one heading, one list, one or two images."""
    target = rng.randint(580, 820)   # the last paragraph overshoots: bodies land at 600-900
    blocks, count = [], 0
    heading_at = rng.randint(2, 4)
    list_at = heading_at + rng.randint(1, 3)
    images_at = {rng.randint(1, 6), rng.randint(5, 10)}
    while count < target:
        n = len(blocks)
        if n == heading_at:
            text = rng.choice(HEADINGS)
            blocks.append(("h2", text))
        elif n == list_at:
            items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
            blocks.append(("ul", items))
            count += sum(len(i.split()) for i in items)
            continue
        elif n in images_at:
            blocks.append(("img", len([b for b in blocks if b[0] == "img"]) + 1))
            continue
        else:
            kind = rng.choices(("plain", "lead", "link"), weights=(6, 2, 2))[0]
            text = words.paragraph()
            blocks.append(("p", kind, text))
            count += len(text.split())
    return blocks


def fmt_size(n):
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.2f} {unit}"
        n /= 1024


def people(rng, n):
    seen, out = set(), []
    while len(out) < n:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        out.append((first, last))
    return out


def post_dates(i, n, rng):
    """Published dates spread over ten years, oldest first."""
    start = dt.datetime(2014, 1, 1, tzinfo=dt.timezone.utc)
    span = 10 * 365 * 86400
    return start + dt.timedelta(seconds=int(span * i / max(n, 1)) + rng.randint(0, 3600))


# --- WordPress ----------------------------------------------------------------------

def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_body(blocks, post_id, when):
    out = []
    month = when.strftime("%Y/%m")
    for b in blocks:
        if b[0] == "p":
            kind, text = b[1], b[2]
            if kind == "lead":
                html = f"<strong>{LEADS[len(text) % len(LEADS)]}</strong> {text}"
            elif kind == "link":
                cut = text.find(" ", len(text) // 2)
                html = f'{text[:cut]} <a href="{SITE}/?p={max(1, post_id - 7)}">as we reported earlier</a>{text[cut:]}'
            else:
                html = text
            out.append(f"<!-- wp:paragraph -->\n<p>{html}</p>\n<!-- /wp:paragraph -->")
        elif b[0] == "h2":
            out.append(f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{b[1]}</h2>\n<!-- /wp:heading -->')
        elif b[0] == "ul":
            items = "\n\n".join(f"<!-- wp:list-item -->\n<li>{i}</li>\n<!-- /wp:list-item -->" for i in b[1])
            out.append(f'<!-- wp:list -->\n<ul class="wp-block-list">{items}</ul>\n<!-- /wp:list -->')
        elif b[0] == "img":
            src = f"{UPLOADS}/{month}/body-{post_id}-{b[1]}-1024x768.jpg"
            out.append('<!-- wp:image {"sizeSlug":"large","linkDestination":"none"} -->\n'
                       f'<figure class="wp-block-image size-large"><img src="{src}" alt="Photograph {b[1]} for story {post_id}"/>'
                       f'<figcaption class="wp-element-caption">Picture {b[1]} from the scene. Photo: Ana Ruiz</figcaption></figure>\n'
                       "<!-- /wp:image -->")
    return "\n\n".join(out)


def wp_item(f, *, id_, title, link, creator, content, excerpt, date, date_gmt, name, status, type_,
            parent=0, sticky=0, terms=(), meta=(), comments=(), guid=None, attachment_url=None):
    pub = "Mon, 30 Nov -0001 00:00:00 +0000" if date_gmt.startswith("0000") else \
        dt.datetime.strptime(date_gmt, "%Y-%m-%d %H:%M:%S").strftime("%a, %d %b %Y %H:%M:%S +0000")
    modified_gmt = date if date_gmt.startswith("0000") else date_gmt
    parts = [
        "\t<item>\n",
        f"\t\t<title>{cdata(title)}</title>\n\t\t<link>{link}</link>\n\t\t<pubDate>{pub}</pubDate>\n",
        f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n",
        f'\t\t<guid isPermaLink="false">{guid or f"{SITE}/?p={id_}"}</guid>\n\t\t<description></description>\n',
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{id_}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(date)}</wp:post_date>\n\t\t<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>\n",
        f"\t\t<wp:post_modified>{cdata(date)}</wp:post_modified>\n\t\t<wp:post_modified_gmt>{cdata(modified_gmt)}</wp:post_modified_gmt>\n",
        f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(name)}</wp:post_name>\n\t\t<wp:status>{cdata(status)}</wp:status>\n",
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata(type_)}</wp:post_type>\n\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        f"\t\t<wp:is_sticky>{sticky}</wp:is_sticky>\n",
    ]
    if attachment_url:
        parts.append(f"\t\t<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>\n")
    for domain, slug, label in terms:
        parts.append(f'\t\t<category domain="{domain}" nicename="{slug}">{cdata(label)}</category>\n')
    for key, value in meta:
        parts.append(f"\t\t<wp:postmeta>\n\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
                     f"\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n")
    for c in comments:
        parts.append(
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{c[0]}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{cdata(c[1])}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{cdata(c[2])}</wp:comment_author_email>\n"
            "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_author_IP>{cdata('203.0.113.9')}</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date>{cdata(date)}</wp:comment_date>\n"
            f"\t\t\t<wp:comment_date_gmt>{cdata(date_gmt)}</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{cdata(c[3])}</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{cdata('1')}</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
            "\t\t\t<wp:comment_parent>0</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
            "\t\t</wp:comment>\n")
    parts.append("\t</item>\n")
    f.write("".join(parts))


def wordpress(f, n, seed, n_authors, n_terms):
    rng = random.Random(seed)
    words = Words(rng)
    names = people(rng, n_authors)
    logins = []
    for first, last in names:
        login = f"{first[0]}{last}".lower()
        logins.append(login if login not in logins else f"{login}{len(logins) + 1}")
    sections = [(s, slugify(s)) for s in SECTIONS[:n_terms]]
    tags = [(w, slugify(w)) for w in TAG_WORDS[:n_terms]]
    now = dt.datetime(2024, 5, 21, 9, 0, tzinfo=dt.timezone.utc)

    f.write('<?xml version="1.0" encoding="UTF-8" ?>\n'
            f'<!-- generator="WordPress/6.5.3" created="{now:%Y-%m-%d %H:%M}" -->\n'
            '<rss version="2.0"\n\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n<channel>\n'
            "\t<title>The Harbour Ledger (benchmark archive)</title>\n"
            f"\t<link>{SITE}</link>\n\t<description>Generated for the import benchmark</description>\n"
            f"\t<pubDate>{now:%a, %d %b %Y %H:%M:%S +0000}</pubDate>\n\t<language>en-GB</language>\n"
            f"\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n")
    for k, ((first, last), login) in enumerate(zip(names, logins), 1):
        f.write(f"\t\t<wp:author><wp:author_id>{k}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(login + '@harbour.example')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(first + ' ' + last)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n")
    f.write("\n")
    for k, (name, slug) in enumerate(sections, 1):
        parent = sections[0][1] if 1 < k <= 4 else ""   # a few sections sit under News
        f.write(f"\t<wp:category>\n\t\t<wp:term_id>{k}</wp:term_id>\n"
                f"\t\t<wp:category_nicename>{cdata(slug)}</wp:category_nicename>\n"
                f"\t\t<wp:category_parent>{cdata(parent)}</wp:category_parent>\n"
                f"\t\t<wp:cat_name>{cdata(name)}</wp:cat_name>\n\t</wp:category>\n")
    for k, (name, slug) in enumerate(tags, len(sections) + 1):
        f.write(f"\t<wp:tag>\n\t\t<wp:term_id>{k}</wp:term_id>\n\t\t<wp:tag_slug>{cdata(slug)}</wp:tag_slug>\n"
                f"\t\t<wp:tag_name>{cdata(name)}</wp:tag_name>\n\t</wp:tag>\n")
    f.write("\n\t<generator>https://wordpress.org/?v=6.5.3</generator>\n\n")

    next_id = 100
    pages = max(2, n // 1000)
    for k in range(pages):
        when = post_dates(k, pages, rng)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S")
        title = f"About the newsroom, part {k + 1}"
        blocks = body_plan(rng, words)[:6]
        wp_item(f, id_=next_id, title=title, link=f"{SITE}/about-{k + 1}/", creator=logins[k % len(logins)],
                content=wp_body([b for b in blocks if b[0] != "img"], next_id, when), excerpt="",
                date=stamp, date_gmt=stamp, name=f"about-{k + 1}", status="publish", type_="page",
                guid=f"{SITE}/?page_id={next_id}")
        next_id += 1

    statuses = ("publish", "draft", "pending", "private", "future")
    weights = (88, 6, 2, 2, 2)
    comment_id = 1
    for i in range(n):
        post_id = next_id
        next_id += 1
        status = rng.choices(statuses, weights)[0]
        when = post_dates(i, n, rng)
        if status == "future":
            when = when.replace(year=2030 + i % 5, day=min(when.day, 28))
        local = when + dt.timedelta(hours=1 if 4 <= when.month <= 9 else 0)   # roughly BST
        date, gmt = local.strftime("%Y-%m-%d %H:%M:%S"), when.strftime("%Y-%m-%d %H:%M:%S")
        if status in ("draft", "pending"):
            gmt = "0000-00-00 00:00:00"
        title = words.title()
        slug = f"{slugify(title)}-{post_id}"
        link = (f"{SITE}/{local:%Y/%m/%d}/{slug}/" if status in ("publish", "private")
                else f"{SITE}/?p={post_id}")
        blocks = body_plan(rng, words)
        section = rng.randrange(len(sections))
        cats = {section} | ({0} if rng.random() < 0.3 else set())
        tag_ids = set(rng.sample(range(len(tags)), rng.randint(0, 3)))
        terms = [("category", sections[c][1], sections[c][0]) for c in cats] + \
                [("post_tag", tags[t][1], tags[t][0]) for t in tag_ids]
        terms.sort(key=lambda t: t[2].lower())   # as WordPress lists them: by name, mixed
        thumb = rng.random() < 0.4
        meta = [("_edit_last", "1")]
        if thumb:
            meta.append(("_thumbnail_id", str(next_id)))
        if i % 50 == 0:
            meta += [("_yoast_wpseo_title", f"{title} %%sep%% %%sitename%%"),
                     ("_yoast_wpseo_metadesc", blocks[0][2][:150] if blocks[0][0] == "p" else title)]
        comments = []
        if status == "publish" and rng.random() < 0.1:
            comments.append((comment_id, "A reader", "reader@example.org", "Thank you for covering this."))
            comment_id += 1
        wp_item(f, id_=post_id, title=title, link=link, creator=logins[rng.randrange(len(logins))],
                content=wp_body(blocks, post_id, when),
                excerpt=blocks[0][2][:200] if rng.random() < 0.2 and blocks[0][0] == "p" else "",
                date=date, date_gmt=gmt, name=slug, status=status, type_="post",
                sticky=1 if i in (n - 1, n - 2, n - 3) else 0, terms=terms, meta=meta, comments=comments)
        if thumb:
            att = next_id
            next_id += 1
            rel = f"{when:%Y/%m}/lead-{post_id}.jpg"
            up = when.strftime("%Y-%m-%d %H:%M:%S")
            wp_item(f, id_=att, title=f"lead-{post_id}", link=f"{link}lead-{post_id}/" if link.endswith("/") else link,
                    creator=logins[0], content="", excerpt="A scene from the story. Photo: Ana Ruiz",
                    date=up, date_gmt=up, name=f"lead-{post_id}", status="inherit", type_="attachment",
                    parent=post_id, guid=f"{UPLOADS}/{rel}", attachment_url=f"{UPLOADS}/{rel}",
                    meta=[("_wp_attached_file", rel),
                          ("_wp_attachment_image_alt", f"Lead photograph for story {post_id}")])
    f.write("</channel>\n</rss>\n")


# --- Ghost --------------------------------------------------------------------------

def oid(kind, k):
    """A 24-hex-digit id like Ghost's: a timestamp-ish prefix, a kind, a counter."""
    return f"6630a1f0{kind:04x}{k:012x}"


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def text_node(text, fmt=0):
    return {"detail": 0, "format": fmt, "mode": "normal", "style": "", "text": text,
            "type": "extended-text", "version": 1}


def element(kind, children, **extra):
    node = {"children": children, "direction": "ltr", "format": "", "indent": 0, "type": kind, "version": 1}
    node.update(extra)
    return node


def ghost_body(blocks, k, when):
    """(lexical JSON string, html) for one post."""
    nodes, html = [], []
    month = when.strftime("%Y/%m")
    for b in blocks:
        if b[0] == "p":
            kind, text = b[1], b[2]
            if kind == "lead":
                lead = LEADS[len(text) % len(LEADS)]
                nodes.append(element("paragraph", [text_node(lead, 1), text_node(" " + text)]))
                html.append(f"<p><strong>{lead}</strong> {text}</p>")
            elif kind == "link":
                cut = text.find(" ", len(text) // 2)
                url = f"{GHOST}/story-{max(1, k - 7)}/"
                nodes.append(element("paragraph", [
                    text_node(text[:cut] + " "),
                    element("link", [text_node("as we reported earlier")], rel=None, target=None, title=None, url=url),
                    text_node(text[cut:])]))
                html.append(f'<p>{text[:cut]} <a href="{url}">as we reported earlier</a>{text[cut:]}</p>')
            else:
                nodes.append(element("paragraph", [text_node(text)]))
                html.append(f"<p>{text}</p>")
        elif b[0] == "h2":
            nodes.append(element("extended-heading", [text_node(b[1])], tag="h2"))
            html.append(f'<h2 id="{slugify(b[1])}">{b[1]}</h2>')
        elif b[0] == "ul":
            items = [element("listitem", [text_node(i)], value=v) for v, i in enumerate(b[1], 1)]
            nodes.append(element("list", items, listType="bullet", start=1, tag="ul"))
            html.append("<ul>" + "".join(f"<li>{i}</li>" for i in b[1]) + "</ul>")
        elif b[0] == "img":
            src = f"{GHOST}/content/images/{month}/body-{k}-{b[1]}.jpg"
            caption = '<span style="white-space: pre-wrap;">Picture from the scene. Photo: Ana Ruiz</span>'
            nodes.append({"type": "image", "version": 1, "src": src, "width": 1600, "height": 1200, "title": "",
                          "alt": f"Photograph {b[1]} for story {k}", "caption": caption,
                          "cardWidth": "regular", "href": ""})
            html.append(f'<figure class="kg-card kg-image-card kg-card-hascaption"><img src="{src}" class="kg-image" '
                        f'alt="Photograph {b[1]} for story {k}" loading="lazy" width="1600" height="1200">'
                        f"<figcaption>{caption}</figcaption></figure>")
    doc = {"root": {"children": nodes, "direction": "ltr", "format": "", "indent": 0, "type": "root", "version": 1}}
    return json.dumps(doc, separators=(",", ":")), "".join(html)


def ghost(f, n, seed, n_authors, n_terms, n_members, lexical_only=False):
    rng = random.Random(seed)
    words = Words(rng)
    names = people(rng, n_authors)
    ns = uuid.UUID(int=seed & ((1 << 128) - 1))
    created = "2014-01-01T09:00:00.000Z"
    dumps = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))

    def table(name, rows, first=False):
        f.write(("" if first else ",\n") + json.dumps(name) + ":[")
        for j, row in enumerate(rows):
            f.write(("\n" if j == 0 else ",\n") + dumps(row))
        f.write("]")

    f.write('{"db":[{"meta":{"exported_on":1716282000000,"version":"5.116.2"},"data":{\n')
    newsletters = [oid(1, 1), oid(1, 2)]
    newsletter_rows = [
        {"id": nid, "uuid": str(uuid.uuid5(ns, nid)), "name": name, "description": desc,
         "feedback_enabled": 0, "slug": slugify(name), "sender_name": "The Harbour Ledger",
         "sender_email": f"{slugify(name)}@harbour.example", "sender_reply_to": "newsletter",
         "status": "active", "visibility": "members", "subscribe_on_signup": 1, "sort_order": j,
         "created_at": created, "updated_at": created}
        for j, (nid, name, desc) in enumerate(zip(newsletters, ("The Morning Tide", "Council Watch"),
                                                  ("A weekday briefing.", "A weekly column.")))]
    table("newsletters", newsletter_rows, first=True)
    # n_terms sections (a post's first tag, its primary) and n_terms other tags.
    tags = [(oid(2, j + 1), name, slugify(name)) for j, name in enumerate(SECTIONS[:n_terms] + TAG_WORDS[:n_terms])]
    table("tags", ({"id": tid, "name": name, "slug": slug, "description": None, "feature_image": None,
                    "parent_id": None, "visibility": "public", "created_at": created, "updated_at": created}
                   for tid, name, slug in tags))
    users = [(oid(3, j + 1), f"{first} {last}", slugify(f"{first} {last}")) for j, (first, last) in enumerate(names)]
    table("users", ({"id": uid_, "name": name, "slug": slug,
                     "password": "$2a$10$BenchmarkFixtureNotARealHashJustPlaceholderText00000",
                     "email": f"{slug}@harbour.example", "profile_image": None, "cover_image": None,
                     "bio": f"{name} reports for the Harbour Ledger.", "website": None, "location": None,
                     "status": "active", "visibility": "public", "created_at": created, "updated_at": created}
                    for uid_, name, slug in users))
    table("roles", [{"id": oid(4, 1), "name": "Author", "description": "Authors", "created_at": created,
                     "updated_at": created}])
    table("roles_users", ({"id": oid(5, j + 1), "role_id": oid(4, 1), "user_id": uid_}
                          for j, (uid_, _, _) in enumerate(users)))
    table("settings", [{"id": oid(6, 1), "group": "site", "key": "title", "value": "The Harbour Ledger",
                        "type": "string", "flags": "PUBLIC", "created_at": created, "updated_at": created},
                       {"id": oid(6, 2), "group": "site", "key": "timezone", "value": "Europe/London",
                        "type": "string", "flags": None, "created_at": created, "updated_at": created}])
    members = [(oid(7, j + 1), f"reader{j + 1}@example.org") for j in range(n_members)]
    table("members", ({"id": mid, "uuid": str(uuid.uuid5(ns, mid)), "transient_id": str(uuid.uuid5(ns, "t" + mid)),
                       "email": email, "status": "free", "name": f"Reader {j + 1}", "email_disabled": 0,
                       "created_at": created, "updated_at": created} for j, (mid, email) in enumerate(members)))
    member_rng = random.Random(seed + 1)
    table("members_newsletters", ({"id": oid(8, j * 2 + s), "member_id": mid, "newsletter_id": newsletters[s]}
                                  for j, (mid, _) in enumerate(members) for s in (0, 1)
                                  if member_rng.random() < (0.8 if s == 0 else 0.3)))

    # Posts, with the link rows written to side files as each post is made, then appended:
    # nothing grows with --posts.
    side = {name: tempfile.TemporaryFile("w+", encoding="utf-8", dir=os.path.dirname(os.path.abspath(f.name)))
            for name in ("posts_authors", "posts_tags", "posts_meta")}
    counts = dict.fromkeys(side, 0)

    def side_row(name, row):
        side[name].write(("\n" if counts[name] == 0 else ",\n") + dumps(row))
        counts[name] += 1

    statuses = ("published", "draft", "scheduled", "sent")
    weights = (88, 7, 2, 3)
    f.write(',\n"posts":[')
    pages = max(2, n // 1000)
    for k in range(1, n + pages + 1):
        is_page = k > n
        pid = oid(9, k)
        when = post_dates(k - 1, n, rng) if not is_page else dt.datetime(2014, 1, 2, tzinfo=dt.timezone.utc)
        status = "published" if is_page else rng.choices(statuses, weights)[0]
        if status == "scheduled":
            when = when.replace(year=2030 + k % 5, day=min(when.day, 28))
        title = f"About the newsroom, part {k - n}" if is_page else words.title()
        blocks = body_plan(rng, words)
        if is_page:
            blocks = [b for b in blocks if b[0] != "img"][:6]
        lexical, html = ghost_body(blocks, k, when)
        image = None if is_page or rng.random() >= 0.4 else f"{GHOST}/content/images/{when:%Y/%m}/lead-{k}.jpg"
        plaintext = "\n\n".join(b[2] if b[0] == "p" else b[1] if b[0] == "h2" else "\n".join(b[1])
                                for b in blocks if b[0] != "img")
        post = {"id": pid, "uuid": str(uuid.uuid5(ns, pid)), "title": title,
                "slug": f"about-{k - n}" if is_page else f"story-{k}", "mobiledoc": None, "lexical": lexical,
                "html": None if lexical_only else html, "comment_id": pid,
                "plaintext": None if lexical_only else plaintext, "feature_image": image,
                "featured": 1 if (not is_page and rng.random() < 0.01) else 0,
                "type": "page" if is_page else "post", "status": status, "locale": None, "visibility": "public",
                "email_recipient_filter": "all", "created_at": iso(when), "updated_at": iso(when),
                "published_at": None if status == "draft" else iso(when), "published_by": None,
                "custom_excerpt": blocks[0][2][:180] if (blocks[0][0] == "p" and rng.random() < 0.2) else None,
                "codeinjection_head": None, "codeinjection_foot": None, "custom_template": None,
                "canonical_url": None, "newsletter_id": newsletters[0] if status == "sent" else None,
                "show_title_and_feature_image": 1}
        f.write(("\n" if k == 1 else ",\n") + dumps(post))
        for order, author in enumerate(rng.sample(range(len(users)), 1 if rng.random() < 0.9 else 2)):
            side_row("posts_authors", {"id": oid(10, counts["posts_authors"] + 1), "post_id": pid,
                                       "author_id": users[author][0], "sort_order": order})
        if not is_page:
            picks = [rng.randrange(n_terms)]
            picks += [t for t in rng.sample(range(len(tags)), rng.randint(0, 3)) if t != picks[0]]
            for order, t in enumerate(picks):
                side_row("posts_tags", {"id": oid(11, counts["posts_tags"] + 1), "post_id": pid,
                                        "tag_id": tags[t][0], "sort_order": order})
        if image or status == "sent":
            side_row("posts_meta", {
                "id": oid(12, counts["posts_meta"] + 1), "post_id": pid, "og_image": None, "og_title": None,
                "og_description": None, "twitter_image": None, "twitter_title": None, "twitter_description": None,
                "meta_title": None, "meta_description": None,
                "email_subject": title if status == "sent" else None, "frontmatter": None,
                "feature_image_alt": f"Lead photograph for story {k}" if image else None,
                "feature_image_caption": "A scene from the story. Photo: Ana Ruiz" if image else None,
                "email_only": 1 if status == "sent" else 0})
    f.write("]")
    for name in ("posts_authors", "posts_meta", "posts_tags"):
        f.write(f',\n"{name}":[')
        side[name].seek(0)
        while True:
            chunk = side[name].read(1 << 20)
            if not chunk:
                break
            f.write(chunk)
        side[name].close()
        f.write("]")
    f.write("\n}}]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("format", choices=("wordpress", "ghost"))
    ap.add_argument("out", help="file to write (a .partial file is renamed to it when done)")
    ap.add_argument("--posts", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--authors", type=int, default=50)
    ap.add_argument("--terms", type=int, default=20, help="sections, and as many tags")
    ap.add_argument("--members", type=int, default=None, help="Ghost only; default posts / 100")
    ap.add_argument("--lexical-only", action="store_true",
                    help="Ghost only: write html and plaintext as null (about half the size; "
                         "Ghost itself always fills them)")
    args = ap.parse_args()
    if args.posts < 1 or args.authors < 1 or not 1 <= args.terms <= 20:
        ap.error("--posts and --authors must be at least 1, --terms between 1 and 20")
    started = time.monotonic()
    partial = args.out + ".partial"
    with open(partial, "w", encoding="utf-8", buffering=1 << 20) as f:
        if args.format == "wordpress":
            wordpress(f, args.posts, args.seed, args.authors, args.terms)
        else:
            members = args.members if args.members is not None else args.posts // 100
            ghost(f, args.posts, args.seed, args.authors, args.terms, members, args.lexical_only)
    os.replace(partial, args.out)
    size = os.path.getsize(args.out)
    secs = time.monotonic() - started
    print(f"{args.out}: {args.format}, {args.posts:,} posts, {size:,} bytes ({fmt_size(size)}) in {secs:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
