"""The embedded store and Neo4j side by side, in one run, with ratios.

    python bench/stores.py [--neo4j bolt://…] [--repeats 20]

Without --neo4j it starts the project's own Neo4j (tools/neo4j). Corpus: the five bundled
essays and the dev set's real texts (../shared/devset/texts) when present. Prints, per store,
ingest throughput end to end (characters/s), the batched write rate (relationships/s, the
documents extracted beforehand), and each canned query's median and p95 with its default
parameters. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.factory import open_store  # noqa: E402
from ingest.runner import ingest_paths, keyed_files  # noqa: E402
from queries import catalogue  # noqa: E402

CORPUS = [ROOT / "cli" / "essays", ROOT.parent / "shared" / "devset" / "texts"]


def launcher():
    spec = importlib.util.spec_from_file_location("kg_neo4j_server", ROOT / "tools" / "neo4j" / "server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(spec: str, folders: list[Path], repeats: int) -> dict:
    from ingest.extract import extract_file

    s = open_store(spec)
    s.clear()
    files, _ = keyed_files(folders)
    chars = sum(len(f.read_text(encoding="utf-8", errors="replace")) for f, _ in files)
    t0 = time.perf_counter()
    report = ingest_paths(folders, s)
    ingest_s = time.perf_counter() - t0
    assert not report.failed, report.failed
    docs = [extract_file(f, key) for f, key in files]
    rels = sum(len(d.relationships) for d in docs)
    s.clear()
    t0 = time.perf_counter()
    for i in range(0, len(docs), 16):
        s.write_documents(docs[i:i + 16])
    write_s = time.perf_counter() - t0
    queries = {}
    for q in catalogue.load().values():
        params = q.bind({})
        times = []
        for _ in range(repeats):
            times.append(s.read(q.text_for(s.kind), params, row_limit=10_000, timeout_ms=60_000).elapsed_ms)
        times.sort()
        queries[q.name] = (statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))])
    counts = s.counts()
    s.clear()
    s.close()
    return {"chars": chars, "docs": len(docs), "ingest_cps": chars / ingest_s, "rels": rels,
            "write_rps": rels / write_s, "queries": queries, "counts": counts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--neo4j", help="a Neo4j URI (its database is cleared); default: start tools/neo4j")
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    folders = [f for f in CORPUS if f.is_dir()]
    server = None
    if not args.neo4j:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = launcher()
        server.start(port)
        args.neo4j = f"bolt://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            falkor = measure(str(Path(tmp) / "bench.db"), folders, args.repeats)
        neo = measure(args.neo4j, folders, args.repeats)
    finally:
        if server:
            server.stop(port)
    print(f"corpus: {falkor['docs']} documents, {falkor['chars']:,} characters "
          f"({', '.join(f.name for f in folders)}); graph {falkor['counts']['nodes']} nodes, "
          f"{falkor['counts']['relationships']} relationships")
    print(f"{'':28} {'FalkorDB':>12} {'Neo4j':>12} {'Neo4j/Falkor':>13}")
    for label, key in (("ingest, chars/s", "ingest_cps"), ("batched writes, rels/s", "write_rps")):
        print(f"{label:28} {falkor[key]:>12,.0f} {neo[key]:>12,.0f} {neo[key] / falkor[key]:>13.2f}")
    print(f"\ncanned queries, default parameters, {args.repeats} runs (ms):")
    print(f"{'':24} {'Falkor med':>10} {'p95':>8} {'Neo4j med':>10} {'p95':>8} {'ratio med':>10}")
    for name, (fm, fp) in falkor["queries"].items():
        nm, np_ = neo["queries"][name]
        print(f"{name:24} {fm:>10.1f} {fp:>8.1f} {nm:>10.1f} {np_:>8.1f} {nm / max(fm, 0.01):>10.2f}")


if __name__ == "__main__":
    main()
