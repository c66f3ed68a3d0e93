"""How long an embedded store takes to open once it holds hundreds of documents: the server
loads a snapshot and replays only the statements logged since (the log is compacted as it
grows), instead of every statement the store ever ran.

    python bench/open_store.py [--docs 300] [--runs 5]

Ingests generated policy-style documents (bench/corpus.py) in several runs, as a user adds
folders over days, then times opening the store and answering a first query in a fresh
process. Prints the log's size and the figures; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

OPEN = """
import sys, time
start = time.perf_counter()
from graph.factory import open_store
s = open_store(sys.argv[1])
s.read("MATCH (d:Document) RETURN count(d)")
print(time.perf_counter() - start)
s.close()
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    tmp = Path(tempfile.mkdtemp())
    store = str(tmp / "kg.db")
    for part in range(3):  # three ingests, as folders arrive over days
        folder = tmp / f"part{part}"
        generate(folder, args.docs // 3, seed=7, start=part * (args.docs // 3))
        s = open_store(store)
        ingest_paths([folder], s, fast=True)
        s.close()
    log = tmp / "kg.db.aof"
    sizes = {f.name: f.stat().st_size for f in sorted(log.iterdir())}
    times = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", OPEN, store], cwd=ROOT, capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip()))
        time.sleep(0.5)
    print(f"{args.docs} documents; log files: " + ", ".join(f"{k} {v / 2**20:.1f} MB" for k, v in sizes.items()))
    print(f"open and first query, {args.runs} runs: min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s (this includes starting Python and importing the store)")


if __name__ == "__main__":
    main()
