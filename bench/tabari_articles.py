#!/usr/bin/env python3
"""TABARI's validation records (Validate.text) as JSON-line articles, one
record one article: `id` (the record's id), `published` (its YYMMDD date),
`lang` en, `text` (the record's sentence, its lines joined). The /* ... */
comment after each record (the expected codings) is left out.
    bench/tabari_articles.py ../shared/gold/tabari/Validate.text > tabari.jsonl
"""
import json
import re
import sys

HEADER = re.compile(r"^(\d{6})\s+(\S+)\s*$")


def records(lines):
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        i += 1
        if not m:
            continue
        text = []
        while i < len(lines) and lines[i].strip() and not lines[i].lstrip().startswith("/*") \
                and not HEADER.match(lines[i]):
            text.append(lines[i].strip())
            i += 1
        if text:
            yield m.group(1), m.group(2), " ".join(text)


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    seen = {}
    for date, rid, text in records(lines):
        yy = int(date[:2])
        published = "%04d-%s-%s" % (1900 + yy if yy >= 50 else 2000 + yy, date[2:4], date[4:6])
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            rid = "%s.%d" % (rid, seen[rid])
        print(json.dumps({"id": rid, "published": published, "lang": "en", "text": text},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
