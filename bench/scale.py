"""Ingest at scale: throughput per chunk as the graph grows, then canned queries on the big graph.

    python bench/scale.py --docs 10000 --chunk 2000 [--store PATH_OR_URI] [--fast]

`cached_store()` keeps one generated store for the app benchmarks (bench/app_clicks.py --corpus 50k).

Generates the corpus (bench/corpus.py, deterministic), ingests it chunk by chunk into one store,
and prints per chunk: documents so far, relationships in the graph (distinct, as the schema
has them), characters/s and stated relationships/s (one per document and relationship it
states: what the write path writes). Then each canned query's median and p95 (10 runs) with its default
parameters and with those of the busiest entity. Prints figures and the last/first chunk
ratio; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

from graph.factory import open_store  # noqa: E402
from graph.store import StoreError  # noqa: E402
from ingest.runner import ingest_paths  # noqa: E402
from graph.model import REL_TYPES, STATES  # noqa: E402
from queries import catalogue  # noqa: E402

BUSIEST = {  # parameter choices -> the busiest entity of that kind
    "City": "MATCH (c:City)-[r]-() RETURN c.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 1",
    "Industry": "MATCH (i:Industry)<-[r:TARGETS]-() RETURN i.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 1",
    "Province": "MATCH (p:Province)<-[r]-() RETURN p.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 1",
    "Document": "MATCH (d:Document)-[r]->() RETURN d.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 1",
}


def relationship_count(store) -> int:
    """Relationships of the schema (TARGETS, SUPPORTS, ...), not the per-document MENTIONS and STATES edges."""
    return sum(store.read(f"MATCH ()-[r:{t}]->() RETURN count(r)", timeout_ms=None).rows[0][0] for t in REL_TYPES)


def statement_count(store) -> int:
    """Relationships as the documents state them: one STATES edge per document and relationship."""
    return store.read(f"MATCH ()-[s:{STATES}]->() RETURN count(s)", timeout_ms=None).rows[0][0]


def busiest_params(store, q) -> dict:
    given = {}
    for p in q.params:
        labels = [l for l in (p.choices or "").split("|") if l in BUSIEST]
        if labels:
            rows = store.read(BUSIEST[labels[0]], row_limit=1, timeout_ms=120_000).rows
            if rows:
                given[p.name] = [rows[0][0]] if p.type == "list" else rows[0][0]
    return given


def cached_store(docs: int = 50_000, chunk: int = 10_000) -> str:
    """The generated store of `docs` documents the app benchmarks share (bench/app_clicks.py --corpus 50k),
    kept in ~/.cache/kg-industries/bench/ (KG_BENCH_CACHE elsewhere); built with --fast, the way the figures
    below were, when it is missing or holds another number of documents (an interrupted build)."""
    import os

    folder = Path(os.environ.get("KG_BENCH_CACHE") or Path.home() / ".cache" / "kg-industries" / "bench")
    folder.mkdir(parents=True, exist_ok=True)
    spec = str(folder / f"generated-{docs}.db")
    with open_store(spec) as store:
        have = store.read("MATCH (d:Document) RETURN count(d)", timeout_ms=None).rows[0][0]
        if have != docs:
            print(f"building {spec}: {docs} generated documents (python bench/scale.py --docs {docs} --fast; "
                  "tens of minutes on 2 cores)", flush=True)
            store.clear()
            ingest_generated(store, docs, chunk, fast=True)
    return spec


def ingest_generated(store, docs: int, chunk: int, fast: bool) -> None:
    """Generate and ingest `docs` documents chunk by chunk, printing the throughput of each chunk."""
    tmp = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    print(f"{'documents':>10} {'relationships':>14} {'chars/s':>10} {'stated rels/s':>14}")
    first = last = None
    try:
        for start in range(0, docs, chunk):
            folder = tmp / f"chunk{start:06d}"
            paths = generate(folder, min(chunk, docs - start), start=start)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            before = statement_count(store)
            t0 = time.perf_counter()
            report = ingest_paths([folder], store, fast=fast)
            elapsed = time.perf_counter() - t0
            assert not report.failed, report.failed[:3]
            stated = statement_count(store) - before
            cps = chars / elapsed
            first = first or cps
            last = cps
            print(f"{start + len(paths):>10,} {relationship_count(store):>14,} {cps:>10,.0f} "
                  f"{stated / elapsed:>14,.0f}", flush=True)
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"last chunk / first chunk: {last / first:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--chunk", type=int, default=2_000)
    ap.add_argument("--store", help="a store path or bolt:// URI (cleared first); default a fresh embedded one")
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--query-timeout-ms", type=int, default=30_000)
    ap.add_argument("--fast", action="store_true", help="gazetteer and patterns only (no name model)")
    ap.add_argument("--queries-only", action="store_true",
                    help="only time the canned queries on --store as it is (kept from an earlier run)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    spec = args.store or str(tmp / "scale.db")
    store = open_store(spec)
    if args.queries_only:
        time_queries(store, args)
        return
    store.clear()
    print(f"{args.docs} generated documents in chunks of {args.chunk} into {spec}"
          f"{' (--fast: no name model)' if args.fast else ''}")
    ingest_generated(store, args.docs, args.chunk, args.fast)
    edges = store.counts()["relationships"]
    print(f"edges in the store: {edges:,} (relationships above, plus each document's MENTIONS and STATES edges)")
    time_queries(store, args)
    store.close()
    if not args.store:
        shutil.rmtree(tmp, ignore_errors=True)


def time_queries(store, args) -> None:
    counts = store.counts()
    print(f"\ncanned queries on {relationship_count(store):,} relationships ({counts['nodes']:,} nodes, "
          f"{counts['relationships']:,} edges in all), {args.repeats} runs: median / p95 ms "
          "(default parameters | busiest entity)")
    for q in catalogue.load().values():
        cells = []
        for given in ({}, busiest_params(store, q)):
            try:
                times = sorted(store.read(q.text_for(store.kind), q.bind(given), row_limit=1000,
                                          timeout_ms=args.query_timeout_ms).elapsed_ms for _ in range(args.repeats))
            except StoreError as exc:  # a query that does not finish is a figure too
                cells.append(f"{type(exc).__name__:>19}")
                continue
            cells.append(f"{statistics.median(times):8.1f} / {times[int(0.95 * (len(times) - 1))]:8.1f}")
        print(f"  {q.name:24} {cells[0]}  | {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
