"""Benchmarks: ingest throughput end to end into the embedded store, and each canned query's time.

    python bench/run.py [--mb 1.0]

Prints figures and ratios; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import open_store  # noqa: E402
from ingest.runner import ingest_paths  # noqa: E402
from kg import catalogue  # noqa: E402

ESSAYS = ROOT / "data" / "essays"
TARGET_CPS = 300_000


def corpus(dest: Path, megabytes: float) -> int:
    """Copies of the bundled essays under new names until the corpus reaches `megabytes`."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ESSAYS.glob("*.txt"))]
    total, i = 0, 0
    while total < megabytes * 1_000_000:
        text = texts[i % len(texts)]
        (dest / f"copy{i:04d}.txt").write_text(f"第{i}篇\n{text}", encoding="utf-8")
        total += len(text.encode("utf-8"))
        i += 1
    return i


def ingest_throughput(megabytes: float) -> None:
    from ingest.gazetteer import load

    t0 = time.perf_counter()
    load()
    from ingest.pipeline import nlp

    nlp()
    print(f"pipeline load (gazetteer + spaCy): {time.perf_counter() - t0:.2f} s (once per process)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        n = corpus(tmp / "in", megabytes)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in (tmp / "in").glob("*.txt"))
        store = open_store(str(tmp / "bench.db"))
        t0 = time.perf_counter()
        report = ingest_paths([tmp / "in"], store)
        elapsed = time.perf_counter() - t0
        assert not report.failed, report.failed
        cps = chars / elapsed
        print(f"ingest: {n} files, {chars:,} chars ({megabytes} MB UTF-8) in {elapsed:.2f} s "
              f"= {cps:,.0f} chars/s end to end; target {TARGET_CPS:,} -> ratio {cps / TARGET_CPS:.2f}")
        # Extraction alone, without the store, to show where time goes.
        from ingest.extract import extract_file

        files = sorted((tmp / "in").glob("*.txt"))
        t0 = time.perf_counter()
        for f in files:
            extract_file(f)
        ex = time.perf_counter() - t0
        print(f"  of which extraction: {ex:.2f} s = {chars / ex:,.0f} chars/s; store writes: {elapsed - ex:.2f} s")
        store.close()


def query_times(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "q.db"))
        ingest_paths([ESSAYS], store)
        c = store.counts()
        print(f"\ncanned queries on the essays' graph ({c['nodes']} nodes, {c['relationships']} relationships), "
              f"median of {repeats}:")
        for q in catalogue.load().values():
            params = q.bind({})
            times, rows = [], 0
            for _ in range(repeats):
                r = store.read(q.text_for(store.kind), params, row_limit=10_000)
                times.append(r.elapsed_ms)
                rows = len(r.rows)
            print(f"  {q.name:24} {statistics.median(times):7.1f} ms  {rows:4d} rows")
        store.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size for the ingest benchmark")
    args = ap.parse_args()
    ingest_throughput(args.mb)
    query_times()
