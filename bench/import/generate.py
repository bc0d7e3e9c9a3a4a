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
import os
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ beside the scripts
from ghost import ghost  # noqa: E402
from wordpress import wordpress  # noqa: E402
from words import fmt_size  # noqa: E402


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
