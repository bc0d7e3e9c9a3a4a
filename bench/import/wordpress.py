"""A WordPress WXR 1.2 file as WordPress 6's Tools -> Export lays it out, written item by
item."""
import datetime as dt
import random

from words import LEADS, SECTIONS, SITE, TAG_WORDS, Words, body_plan, people, post_dates, slugify

UPLOADS = SITE + "/wp-content/uploads"


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
