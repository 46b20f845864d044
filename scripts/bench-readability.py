#!/usr/bin/python3
"""Times Debian's python3-readability (readability-lxml) on the article-extraction
benchmark pages, for comparison with `vigie bench-extraction` (same pages, one
thread, gunzip and file reading not timed; parse + extract + text timed).

    /usr/bin/python3 scripts/bench-readability.py [BENCH_DIR] [--out predictions.json]

The predictions file can be scored with `vigie bench-extraction --score FILE`.
Needs: apt-get install python3-readability (not a test dependency of vigie).
"""
import gzip
import json
import os
import sys
import time

import lxml.html
from readability import Document


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    bench = args[0] if args else "../shared/bench/article-extraction"
    out_path = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
    pages = {}
    for page_id in sorted(truth):
        with gzip.open(os.path.join(bench, "html", page_id + ".html.gz"), "rb") as f:
            pages[page_id] = f.read().decode("utf-8", errors="replace")
    predictions = {}
    start = time.perf_counter()
    for page_id, html in pages.items():
        try:
            summary = Document(html).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content()
        except Exception:  # readability raises on some pages
            text = ""
        predictions[page_id] = {"articleBody": text}
    seconds = time.perf_counter() - start
    n = len(pages)
    print(f"python3-readability: {n} pages, {seconds:.2f} s, {n / seconds:.1f} pages/s, "
          f"{1000 * seconds / n:.2f} ms per page")
    if out_path:
        json.dump(predictions, open(out_path, "w", encoding="utf-8"))


if __name__ == "__main__":
    main()
