"""What the statistical name model costs: extraction throughput with and without it.

    python bench/extraction.py [--docs 600]

On generated policy-style documents (bench/corpus.py) and on the dev set's real texts
(data/training/devset/texts): characters per second on one core, then through
ingest's process pool over every core (extraction only, no store). Prints figures and the
model/fast ratio; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

from ingest.runner import extracted, keyed_files  # noqa: E402

DEVSET = ROOT / "data" / "training" / "devset" / "texts"


def rate(files, fast: bool, workers: int) -> float:
    t0 = time.perf_counter()
    chars = 0
    for _path, doc, error in extracted(files, workers=workers, fast=fast):
        assert error is None, error
        chars += doc.chars
    return chars / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=600)
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="kg-extract-") as tmp:
        generate(Path(tmp), args.docs)
        corpora = [("generated", keyed_files([tmp])[0])]
        if DEVSET.is_dir():
            # The dev set is small: repeat it so a pool has work (same texts, new keys).
            dev = keyed_files([DEVSET])[0]
            corpora.append(("dev set x20", [(p, f"{k}#{i}") for i in range(20) for p, k in dev]))
        print(f"{'corpus':<14} {'mode':<6} {'1 core':>12} {f'{cores} cores':>12}")
        for name, files in corpora:
            figures = {}
            for fast in (True, False):
                rate(files[:8], fast, 1)  # load the pipeline (and the model) before timing
                one, pool = rate(files, fast, 1), rate(files, fast, cores)
                figures[fast] = pool
                print(f"{name:<14} {'fast' if fast else 'model':<6} {one:>12,.0f} {pool:>12,.0f}", flush=True)
            print(f"{'':<14} model/fast on {cores} cores: {figures[False] / figures[True]:.2f}")


if __name__ == "__main__":
    main()
