"""The benchmark archive's words (all ours) and the shape of its articles: a pool of
sentences made once from the seed, bodies of 600-900 words drawn from it, names and
dates."""
import datetime as dt

SITE = "https://harbour.example"


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
