"""What corrections cost: the extraction each document keeps, the time to make and undo a correction
on a hub (a relationship or a node many documents name), and ingest with corrections in force.

    python bench/corrections.py [--mb 1.0] [--store bolt://127.0.0.1:7687]

On the corpus bench/run.py uses (the 72 real texts of data/training, then generated policy-style
documents). Prints figures and ratios; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from graph.corrections import Correction  # noqa: E402
from graph.factory import open_store  # noqa: E402
from graph.model import pack, unpack  # noqa: E402
from ingest.runner import ingest_paths  # noqa: E402
from run import corpus  # noqa: E402


def timed(what: str, fn):
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    return result, elapsed


def main(megabytes: float, spec: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        n = corpus(tmp / "in", megabytes)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in (tmp / "in").glob("*.txt"))
        store = open_store(spec or str(tmp / "c.db"))
        store.clear()
        _, ingest_s = timed("ingest", lambda: ingest_paths([tmp / "in"], store, fast=True))
        counts = store.counts()
        print(f"{store.kind}: {n} documents, {chars:,} chars, ingested (--fast) in {ingest_s:.1f} s; "
              f"{counts['nodes']} nodes, {counts['relationships']} edges")

        rows = store.read("MATCH (d:Document) RETURN d.name AS name, d.extraction AS x", row_limit=None).rows
        packed = sum(len(x or "") for _, x in rows)
        print(f"  kept extraction: {packed:,} bytes = {packed / chars:.2f} bytes per source character "
              f"({packed / len(rows) / 1024:.1f} KiB per document)")
        docs = [unpack(x, name) for name, x in rows if x]
        _, pack_s = timed("pack", lambda: [pack(d) for d in docs])
        print(f"  packing every document again: {pack_s:.2f} s = {pack_s / ingest_s:.1%} of the ingest time")

        hub_rel = store.read("MATCH (a:City)-[r:TARGETS]->(b:Industry) RETURN a.name, b.name, r.source_count "
                             "ORDER BY r.source_count DESC, a.name, b.name LIMIT 1").rows[0]
        hub_city = store.read("MATCH (c:City) RETURN c.name, c.source_count ORDER BY c.source_count DESC, c.name "
                              "LIMIT 2").rows
        rel = {"type": "TARGETS", "head": ["City", hub_rel[0]], "tail": ["Industry", hub_rel[1]]}
        cases = [
            (f"reject {hub_rel[0]} TARGETS {hub_rel[1]} (stated by {hub_rel[2]} documents)",
             Correction("reject", {"rel": rel}, "bench")),
            (f"merge {hub_city[1][0]} ({hub_city[1][1]} documents) into {hub_city[0][0]} ({hub_city[0][1]})",
             Correction("merge", {"node": ["City", hub_city[1][0]], "into": ["City", hub_city[0][0]]}, "bench")),
            ("add one relationship", Correction("add", {"to": {"type": "TARGETS", "head": ["City", hub_city[0][0]],
                                                                "tail": ["Industry", "可控核聚变"]}}, "bench",
                                                    note="bench")),
        ]
        before = store.export()
        for what, c in cases:
            summary, made_s = timed("correct", lambda: store.correct(c))
            _, undo_s = timed("undo", lambda: store.undo(summary.corrections[0].id, "bench"))
            print(f"  {what}: made in {made_s:.2f} s, undone in {undo_s:.2f} s "
                  f"({len(summary.documents)} documents re-written)")
        print(f"  export after every undo equals the extracted graph: {store.export() == before}")

        # ingest with 100 corrections in force (rejections of relationships the new documents may state),
        # after a warm-up round and a round with none
        from corpus import generate

        (tmp / "more").mkdir()
        generate(tmp / "more", 100, seed=11, start=100_000)
        more_chars = sum(len(p.read_text(encoding="utf-8")) for p in (tmp / "more").glob("*.txt"))

        def ingest_more() -> float:
            _, took = timed("ingest", lambda: ingest_paths([tmp / "more"], store, fast=True))
            for d in store.documents():
                if d["name"].startswith("more/"):
                    store.remove_document(d["name"])
            return took

        ingest_more()
        without_s = ingest_more()
        targets = store.read("MATCH (a:City)-[r:TARGETS]->(b:Industry) RETURN a.name, b.name ORDER BY a.name, b.name "
                             "LIMIT 100").rows
        store.import_corrections([Correction("reject", {"rel": {"type": "TARGETS", "head": ["City", a],
                                                                 "tail": ["Industry", b]}}, "bench")
                                  for a, b in targets])
        with_s = ingest_more()
        print(f"  100 more documents ({more_chars:,} chars): {without_s:.2f} s with no correction in force, "
              f"{with_s:.2f} s with 100 -> ratio {with_s / without_s:.2f}")
        store.clear()
        store.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size")
    ap.add_argument("--store", default=None, help="a store to run on (cleared first); default a new embedded one")
    args = ap.parse_args()
    main(args.mb, args.store)
