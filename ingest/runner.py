"""Ingest files and folders into a store, one document at a time.

A file that fails (unreadable, bad encoding, a store error) is reported by
name and skipped; every other file still lands, and what was already written
stays written, because each document is written in one atomic statement.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from graph.store import Store, WriteSummary

from .readers import SUPPORTED


@dataclass
class IngestReport:
    written: list[WriteSummary] = field(default_factory=list)
    skipped: list[WriteSummary] = field(default_factory=list)  # unchanged since the last ingest
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    chars: int = 0

    @property
    def nodes_added(self) -> int:
        return sum(w.nodes for w in self.written)

    @property
    def relationships_added(self) -> int:
        return sum(w.relationships for w in self.written)


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders searched recursively for supported types) and paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                            and not f.name.startswith("."))
        elif p.is_file():
            files.append(p)
        else:
            missing.append((str(p), "no such file or folder"))
    return files, missing


BATCH_DOCS = 16  # documents per write statement: fewer round trips,
BATCH_CHARS = 400_000  # and a batch still writes in well under a second


def ingest_paths(paths: Iterable[str | Path], store: Store,
                 on_file: Callable[[Path, str | None], None] | None = None) -> IngestReport:
    """Ingest files and folders. Documents are written in small batches, each one atomic; if a
    batch fails, its documents are written one by one so only the bad one is reported."""
    from .extract import extract_file

    files, missing = collect_files(paths)
    report = IngestReport(failed=list(missing))
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
        except Exception:  # find the culprit: one document at a time
            outcomes = []
            for f, d in batch:
                try:
                    outcomes.append((f, store.write_document(d), None))
                except Exception as exc:
                    outcomes.append((f, None, str(exc)))
        for (f, d), (_, summary, error) in zip(batch, outcomes):
            if summary is not None:
                report.chars += d.chars
                (report.skipped if summary.skipped else report.written).append(summary)
            done(f, error)
        batch.clear()

    for f in files:
        try:
            doc = extract_file(f)
        except Exception as exc:  # one bad file must not stop the run
            done(f, str(exc))
            continue
        if any(d.doc_id == doc.doc_id for _, d in batch):
            flush()  # the same file name twice: the later one replaces the earlier, in order
        batch.append((f, doc))
        if len(batch) >= BATCH_DOCS or sum(d.chars for _, d in batch) >= BATCH_CHARS:
            flush()
    flush()
    return report
