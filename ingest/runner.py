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


def ingest_paths(paths: Iterable[str | Path], store: Store,
                 on_file: Callable[[Path, str | None], None] | None = None) -> IngestReport:
    from .extract import extract_file

    files, missing = collect_files(paths)
    report = IngestReport(failed=list(missing))
    for f in files:
        error = None
        try:
            doc = extract_file(f)
            summary = store.write_document(doc)
            report.chars += doc.chars
            (report.skipped if summary.skipped else report.written).append(summary)
        except Exception as exc:  # one bad file must not stop the run
            error = str(exc) if str(exc).startswith(str(f)) else f"{f}: {exc}"
            report.failed.append((str(f), error))
        if on_file:
            on_file(f, error)
    return report
