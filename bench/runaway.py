"""Runaway reads: how long each shape takes to stop (or be refused), what the server keeps burning
after the caller's limit, and how long another reader and a concurrent writer wait meanwhile,
per store.

    python bench/runaway.py [--store PATH_OR_URI ...] [--timeout-ms 1000]

Each shape runs in fresh child processes (two at once for the shape that kept the embedded
server busy for a minute) against a store holding the five bundled essays; a reader asks a
small query and a writer rewrites a one-line document every 100 ms while it runs. Server CPU
is the server process's CPU time in the 3 s after the read returned (the embedded server's
redis-server, or the project's Neo4j JVM). Prints figures; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NESTED = "RETURN reduce(s=0,x IN range(1,30000)|s+reduce(t=0,y IN range(1,30000)|t+y%7)) AS n"
SHAPES = {
    "nested reduce x2": NESTED,
    "huge range": "UNWIND range(1, 300000000) AS x RETURN count(x)",
    "string building": "WITH range(1, 200000) AS r RETURN size(reduce(s = '', x IN r | s + 'abcdefghij')) AS n",
    "10M-item list": "RETURN range(1, 10000000) AS big",
    "unbounded paths": "MATCH p = (a)-[*]-(b) RETURN count(p)",
    "paths up to 8 hops": "MATCH p = (a)-[*1..8]-(b) RETURN count(p)",
    "cartesian product": "MATCH (a), (b), (c) RETURN count(*)",
}
PARALLEL = {"nested reduce x2": 2}

ONE_READ = """
import json, resource, sys, time
from graph.factory import open_store
s = open_store(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    r = s.read(sys.argv[2], timeout_ms=int(sys.argv[3]), row_limit=1000, isolated=True)  # as ad-hoc Cypher
    outcome = f"{len(r.rows)} rows" + (" (cut)" if r.truncated else "")
except Exception as exc:
    outcome = type(exc).__name__ + ": " + str(exc)[:60]
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "client_mb": (peak - before) / 1024, "outcome": outcome}), flush=True)
s.close()
"""

READER = """
import sys, time
from graph.factory import open_store
s = open_store(sys.argv[1])
print("ready", flush=True)
worst = 0.0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    t = time.perf_counter()
    s.read("MATCH (c:City) RETURN count(c)", timeout_ms=120000)
    worst = max(worst, time.perf_counter() - t)
    time.sleep(0.1)
print(worst)
s.close()
"""

WRITER = """
import sys, time
from graph.factory import open_store
from ingest.extract import extract_text
s = open_store(sys.argv[1])
docs = [extract_text(t, doc_id="bench/probe.txt") for t in ("成都重点发展人工智能产业。", "武汉布局光电子信息产业。")]
print("ready", flush=True)
worst, n = 0.0, 0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    t = time.perf_counter()
    s.write_document(docs[n % 2])
    worst = max(worst, time.perf_counter() - t)
    n += 1
    time.sleep(0.1)
s.remove_document("bench/probe.txt")
print(worst)
s.close()
"""


def demo_store(spec: str | None) -> str:
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    spec = spec or str(Path(tempfile.mkdtemp()) / "runaway.db")
    s = open_store(spec)
    if not s.documents():
        ingest_paths([ROOT / "cli" / "essays"], s)
    s.close()
    return spec


def server_process(spec: str) -> psutil.Process | None:
    """The process serving the store: the embedded store's redis-server, the project's Neo4j."""
    from graph import falkor_server

    if "://" not in spec:
        pid = falkor_server.registered_pid(Path(spec).absolute())
        return psutil.Process(pid) if pid else None
    port = spec.rsplit(":", 1)[-1].split("/")[0]
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "KgNeo4j" in cmd and cmd.endswith(port):
            return proc
    return None


def child(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def run_shape(spec: str, query: str, timeout_ms: int, parallel: int) -> dict:
    window = str(timeout_ms / 1000 + 6)
    reader, writer = child(READER, spec, window), child(WRITER, spec, window)
    reader.stdout.readline(), writer.stdout.readline()
    holder = child("import sys, time\nfrom graph.factory import open_store\ns = open_store(sys.argv[1])\n"
                   "print('ready', flush=True)\ntime.sleep(30)\n", spec)  # keeps the server up to measure it
    holder.stdout.readline()
    server = server_process(spec)
    reads = [child(ONE_READ, spec, query, str(timeout_ms)) for _ in range(parallel)]
    results = [json.loads(r.stdout.readline()) for r in reads]
    cpu_at_return = server.cpu_times() if server else None
    time.sleep(3)
    cpu_after = server.cpu_times() if server else None
    for r in reads:
        r.wait(600)
    worst_read = float(reader.communicate(timeout=600)[0].strip() or "nan")
    worst_write = float(writer.communicate(timeout=600)[0].strip() or "nan")
    holder.kill()
    holder.wait()
    burned = (sum(cpu_after[:2]) - sum(cpu_at_return[:2])) if server else float("nan")
    return {"seconds": max(r["seconds"] for r in results), "client_mb": max(r["client_mb"] for r in results),
            "outcome": results[0]["outcome"], "server_cpu_after_s": burned,
            "reader_worst_ms": worst_read * 1000, "writer_worst_ms": worst_write * 1000}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", action="append", help="a store path or bolt:// URI (default: a fresh embedded one)")
    ap.add_argument("--timeout-ms", type=int, default=1000)
    args = ap.parse_args()
    for spec in args.store or [None]:
        spec = demo_store(spec)
        print(f"\n{spec}: time limit {args.timeout_ms} ms")
        print(f"{'shape':20} {'returned':>9} {'client':>7} {'server CPU after':>17} {'reader worst':>13} "
              f"{'writer worst':>13}  outcome")
        for name, query in SHAPES.items():
            r = run_shape(spec, query, args.timeout_ms, PARALLEL.get(name, 1))
            print(f"{name:20} {r['seconds']:>7.2f} s {r['client_mb']:>4.0f} MB {r['server_cpu_after_s']:>15.2f} s "
                  f"{r['reader_worst_ms']:>10.0f} ms {r['writer_worst_ms']:>10.0f} ms  {r['outcome']}")
            time.sleep(1)


if __name__ == "__main__":
    main()
