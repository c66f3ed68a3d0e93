"""Ingest files and folders into a store, one document at a time.

A file that fails (unreadable, bad encoding, a store error) is reported by
name and skipped; every other file still lands, and what was already written
stays written, because each document is written in one atomic statement.
"""
from __future__ import annotations

import gc
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from graph.store import Store, StoreUnavailable, WriteSummary

from textnorm import display_path

from .english import fill_store
from .readers import SUPPORTED


@dataclass
class IngestReport:
    written: list[WriteSummary] = field(default_factory=list)
    skipped: list[WriteSummary] = field(default_factory=list)  # unchanged since the last ingest
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, what was repaired on the way)
    chars: int = 0
    named: int = 0  # nodes written before without an English name that now have one
    stopped: str = ""  # why the run stopped early (the store stopped working), else empty


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders searched recursively for supported types), and the paths that
    cannot be ingested with the reason (missing, a broken or looping link, an unreadable folder)."""
    keyed, problems = keyed_files(paths)
    return [f for f, _key in keyed], problems


def keyed_files(paths: Iterable[str | Path], namespace: str = "") -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Each file to ingest with its document key, and the paths that cannot be ingested.

    A document is keyed by where it sits under what was named: `folder/rel/path.txt` for a
    file found in a named folder, `parent/file.txt` for a named file. So two `report.txt` in
    different folders are two documents, and a file keeps its key from one run to the next.
    Keys that would still collide in one run take more of their path until they differ.
    """
    found: list[tuple[Path, list[str]]] = []  # file, path parts from the root it was named by
    problems: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_symlink() and not p.exists():
            problems.append((str(p), _broken_link(p)))
        elif p.is_dir():
            root = p.resolve()
            for folder, dirs, names in os.walk(p, onerror=lambda e: problems.append(
                    (str(e.filename), f"cannot read the folder: {e.strerror}"))):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    f = Path(folder) / name
                    if name.startswith(".") or f.suffix.lower() not in SUPPORTED:
                        continue
                    if f.is_symlink() and not f.exists():
                        problems.append((str(f), _broken_link(f)))
                    elif f.is_file():
                        found.append((f, [*root.parts, *f.relative_to(p).parts]))
        elif p.exists():
            found.append((p, list(p.absolute().parts)))
        else:
            problems.append((str(p), "no such file or folder"))
    keyed = _unique_keys(found)
    if namespace:
        keyed = [(f, f"{namespace}/{key}") for f, key in keyed]
    return keyed, problems


def _unique_keys(found: list[tuple[Path, list[str]]]) -> list[tuple[Path, str]]:
    seen: dict[Path, None] = {}
    files = []
    for f, parts in found:  # the same file named twice is ingested once
        if f.absolute() not in seen:
            seen[f.absolute()] = None
            files.append((f, parts))
    depth = {f: 2 for f, _ in files}
    while True:
        keys = {f: _visible_ends(display_path("/".join(parts[-depth[f]:]))) for f, parts in files}
        clashes = {k for k, n in Counter(keys.values()).items() if n > 1}
        grow = [f for f, parts in files if keys[f] in clashes and depth[f] < len(parts)]
        if not grow:
            return [(f, keys[f]) for f, _ in files]
        for f in grow:
            depth[f] += 1


def _visible_ends(key: str) -> str:
    """A key never starts or ends with whitespace (the embedded store cannot index such a name):
    a file in a folder named ` docs` is keyed `␠docs/…`."""
    stripped = key.strip()
    if stripped == key:
        return key
    lead = len(key) - len(key.lstrip())
    tail = len(key) - len(key.rstrip())
    return "␠" * lead + stripped + "␠" * tail


def _broken_link(p: Path) -> str:
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return "a symbolic link that loops back on itself; skipped"
    except OSError:
        pass
    return "a symbolic link to nothing; skipped"


BATCH_DOCS = 16  # documents per write statement: fewer round trips,
BATCH_CHARS = 400_000  # and a batch still writes in well under a second


def ingest_paths(paths: Iterable[str | Path], store: Store,
                 on_file: Callable[[Path, str | None], None] | None = None,
                 workers: int | None = None, fast: bool = False, namespace: str = "") -> IngestReport:
    """Ingest files and folders. Documents are written in small batches, each one atomic; if a
    batch fails, its documents are written one by one so only the bad one is reported.
    Extraction runs in `workers` processes (default: one per core) while this one writes;
    `fast` leaves out the statistical name model (gazetteer and patterns only); `namespace`
    starts every document key (two corpora with files named alike stay apart).

    When the store itself stops working (its server gone, its disk full) the run stops at once
    with StoreUnavailable: what was written stays written, and running again resumes."""
    files, problems = keyed_files(paths, namespace)
    report = IngestReport(failed=list(problems))
    batch: list[tuple[Path, object]] = []

    def done(f: Path, error: str | None) -> None:
        if error:
            report.failed.append((str(f), error if error.startswith(str(f)) else f"{f}: {error}"))
        if on_file:
            on_file(f, error if not error or error.startswith(str(f)) else f"{f}: {error}")

    def flush() -> None:
        if not batch:
            return
        try:
            outcomes = [(f, s, None) for (f, _), s in zip(batch, store.write_documents([d for _, d in batch]))]
        except StoreUnavailable:
            raise
        except Exception:  # find the culprit: one document at a time
            outcomes = []
            for f, d in batch:
                try:
                    outcomes.append((f, store.write_document(d), None))
                except StoreUnavailable:
                    raise
                except Exception as exc:
                    outcomes.append((f, None, _one_line(exc)))
        for (f, d), (_, summary, error) in zip(batch, outcomes):
            if summary is not None and summary.collision:
                error = (f"the key {summary.doc_id} already holds another file ({summary.collision}); not "
                         f"ingested: ingest with --namespace, or kg remove {summary.doc_id} first")
            elif summary is not None:
                report.chars += d.chars
                (report.skipped if summary.skipped else report.written).append(summary)
            done(f, error)
        batch.clear()

    try:
        for f, doc, error in extracted(files, workers, fast):
            if error:  # one bad file must not stop the run
                done(f, error)
                continue
            for note in doc.notes:
                report.notes.append((str(f), note))
            batch.append((f, doc))
            if len(batch) >= BATCH_DOCS or sum(d.chars for _, d in batch) >= BATCH_CHARS:
                flush()
        flush()
        # a store from before open-vocabulary names had English ones is named now, whatever was skipped
        report.named = fill_store(store)
    except StoreUnavailable as exc:  # the store, not a file: stop now, keep what is written
        report.stopped = str(exc)
    return report


# Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 24
# Documents extracted ahead of the writer, at most (bounds memory on big corpora).
PREFETCH = 64


def extract_one(path: Path, key: str, fast: bool = False):
    """(path, document, None) or (path, None, one-line error): errors are values, so one bad
    file never stops the others, in this process or in a worker."""
    from .extract import extract_file

    try:
        return path, extract_file(path, doc_id=key, fast=fast), None
    except Exception as exc:
        return path, None, _one_line(exc)


def _load_pipeline(fast: bool = False) -> None:
    from . import gazetteer
    from .pipeline import nlp

    gazetteer.load()
    nlp(fast)
    # The gazetteer and pipeline are millions of objects that live as long as the process:
    # out of the collector's sight, each collection no longer walks them (writes built their
    # rows four times slower while it did), and forked workers share their pages.
    gc.freeze()


def extracted(files: list[tuple[Path, str]], workers: int | None = None, fast: bool = False):
    """Each file's extraction, in order; in a pool of worker processes for larger runs."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_MIN_FILES:
        for f, key in files:
            yield extract_one(f, key, fast)
        return
    import multiprocessing
    import threading
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork shares the loaded pipeline with the workers at no cost, but a forked copy of a
    # process that runs threads (a database driver's) can deadlock: then forkserver.
    if threading.active_count() == 1:
        _load_pipeline(fast)
        context, initializer = multiprocessing.get_context("fork"), None
    else:
        context, initializer = multiprocessing.get_context("forkserver"), _load_pipeline
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer,
                                 initargs=(fast,) if initializer else ()) as pool:
            pending: deque = deque(pool.submit(extract_one, f, key, fast) for f, key in files[:PREFETCH])
            while pending:
                result = pending.popleft().result()
                if done + len(pending) + 1 < len(files):
                    pending.append(pool.submit(extract_one, *files[done + len(pending) + 1], fast))
                done += 1
                yield result
    except BrokenProcessPool:  # workers could not start here: go on in this process
        for f, key in files[done:]:
            yield extract_one(f, key, fast)


def _one_line(exc: Exception) -> str:
    """An error as one line: its own message, or its kind when it has none."""
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
