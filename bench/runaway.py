"""Runaway reads: how long each shape takes to stop, what it costs the client's memory, and how
long another reader waits meanwhile, per store.

    python bench/runaway.py [--store PATH_OR_URI ...] [--timeout-ms 1000]

Each shape runs in a fresh child process (so its peak memory is its own) against a store
holding the five bundled essays; a second process asks a small query every 100 ms while
it runs. Prints figures; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHAPES = {
    "huge range": "UNWIND range(1, 300000000) AS x RETURN count(x)",
    "string building": "WITH range(1, 200000) AS r RETURN size(reduce(s = '', x IN r | s + 'abcdefghij')) AS n",
    "10M-item list": "RETURN range(1, 10000000) AS big",
    "variable-length paths": "MATCH p = (a)-[*1..8]-(b) RETURN p",
    "cartesian product": "MATCH (a), (b), (c) RETURN count(*)",
}

ONE_READ = """
import json, resource, sys, time
from graph.store import open_store
s = open_store(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    r = s.read(sys.argv[2], timeout_ms=int(sys.argv[3]), row_limit=1000)
    outcome = f"{len(r.rows)} rows" + (" (cut)" if r.truncated else "")
except Exception as exc:
    outcome = type(exc).__name__ + ": " + str(exc)[:70]
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "client_mb": (peak - before) / 1024, "outcome": outcome}))
s.close()
"""

PROBE = """
import sys, time
from graph.store import open_store
s = open_store(sys.argv[1])
print("ready", flush=True)
worst = 0.0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    t = time.perf_counter()
    s.read("MATCH (c:City) RETURN count(c)", timeout_ms=30000)
    worst = max(worst, time.perf_counter() - t)
    time.sleep(0.1)
print(worst)
s.close()
"""


def demo_store(spec: str | None) -> str:
    from graph.store import open_store
    from ingest.runner import ingest_paths

    spec = spec or str(Path(tempfile.mkdtemp()) / "runaway.db")
    s = open_store(spec)
    if not s.documents():
        ingest_paths([ROOT / "data" / "essays"], s)
    s.close()
    return spec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", action="append", help="a store path or bolt:// URI (default: a fresh embedded one)")
    ap.add_argument("--timeout-ms", type=int, default=1000)
    args = ap.parse_args()
    for spec in args.store or [None]:
        spec = demo_store(spec)
        print(f"\n{spec}: time limit {args.timeout_ms} ms")
        print(f"{'shape':24} {'stopped after':>14} {'client memory':>14} {'other reader, worst':>20}  outcome")
        for name, query in SHAPES.items():
            probe = subprocess.Popen([sys.executable, "-c", PROBE, spec, str(args.timeout_ms / 1000 + 3)],
                                     cwd=ROOT, stdout=subprocess.PIPE, text=True)
            probe.stdout.readline()
            out = subprocess.run([sys.executable, "-c", ONE_READ, spec, query, str(args.timeout_ms)], cwd=ROOT,
                                 capture_output=True, text=True, timeout=600)
            worst = float(probe.communicate(timeout=600)[0].strip() or "nan")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{name:24} {r['seconds']:>12.2f} s {r['client_mb']:>11.0f} MB {worst * 1000:>17.0f} ms  "
                  f"{r['outcome']}")
            time.sleep(2)  # let a server-side straggler finish before the next shape


if __name__ == "__main__":
    main()
