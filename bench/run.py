"""Benchmarks: ingest throughput end to end into the embedded store, and each canned query's time,
on the real texts of data/training plus generated policy-style documents (not copies of the essays).

    python bench/run.py [--mb 1.0]

Prints figures and ratios; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from graph.factory import open_store  # noqa: E402
from ingest.runner import extracted, ingest_paths, keyed_files  # noqa: E402
from queries import catalogue  # noqa: E402

TRAINING = ROOT / "data" / "training"
REAL_TEXTS = [TRAINING / "devset" / "texts", TRAINING / "collected" / "texts", ROOT / "cli" / "essays"]
TARGET_CPS = 300_000


def corpus(dest: Path, megabytes: float) -> int:
    """The 72 real texts of data/training (news, notices, commentary, Taiwan and Hong Kong media),
    then generated policy-style documents (bench/corpus.py) until the corpus reaches `megabytes`."""
    from corpus import generate

    total, n = 0, 0
    for folder in REAL_TEXTS:
        for p in sorted(folder.glob("*.txt")):
            data = p.read_bytes()
            (dest / f"{folder.parent.name}_{p.name}").write_bytes(data)
            total += len(data)
            n += 1
    batch = 0
    while total < megabytes * 1_000_000:
        for p in generate(dest, 50, seed=7, start=batch * 50):
            total += p.stat().st_size
            n += 1
        batch += 1
    return n


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
        for fast in (False, True):
            store = open_store(str(tmp / f"bench-{fast}.db"))
            t0 = time.perf_counter()
            report = ingest_paths([tmp / "in"], store, fast=fast)
            elapsed = time.perf_counter() - t0
            assert not report.failed, report.failed
            store.close()
            cps = chars / elapsed
            mode = "--fast (no name model)" if fast else "with the name model"
            print(f"ingest {mode}: {n} files, {chars:,} chars in {elapsed:.2f} s = {cps:,.0f} chars/s "
                  f"end to end; target {TARGET_CPS:,} -> ratio {cps / TARGET_CPS:.2f}")
            # Extraction alone, through the same process pool, to show where the time goes.
            files = keyed_files([tmp / "in"])[0]
            t0 = time.perf_counter()
            for _path, _doc, error in extracted(files, workers=os.cpu_count() or 1, fast=fast):
                assert error is None, error
            ex = time.perf_counter() - t0
            print(f"  extraction alone: {ex:.2f} s = {chars / ex:,.0f} chars/s")


def query_times(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "q.db"))
        ingest_paths(REAL_TEXTS, store)
        c = store.counts()
        print(f"\ncanned queries on the graph of the 72 real texts ({c['nodes']} nodes, {c['relationships']} relationships), "
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
