"""A Ghost 5 JSON export (`{"db":[{"meta":…,"data":{…}}]}`), written row by row: posts'
link rows go to side files while the posts are written, then are appended."""
import datetime as dt
import json
import os
import random
import tempfile
import uuid

from words import LEADS, SECTIONS, TAG_WORDS, Words, body_plan, people, post_dates, slugify

GHOST = "__GHOST_URL__"


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
