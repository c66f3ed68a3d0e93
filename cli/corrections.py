"""`kg correct …` and `kg corrections …`: an analyst's corrections from the command line, with the
same effects as the app's (graph/corrections.py says what each kind does)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from cli.common import StoreOpt, _fail, _open, err, out
from graph.corrections import Correction, CorrectionError, checked, from_json, to_json
from graph.model import NODE_LABELS, REL_TYPES
from graph.store import StoreError
from queries import reads

correct_app = typer.Typer(no_args_is_help=True, help="Correct the graph: accept, reject or change a relationship, "
                          "add one, rename, relabel or merge a node, or say it is not an entity. Each correction is "
                          "kept with who made it, when and why; re-ingesting keeps it in force; `kg corrections undo` "
                          "takes it back.")
corrections_app = typer.Typer(no_args_is_help=True, help="List, export, import and undo corrections.")

ByOpt = typer.Option(..., "--by", help="Your name: every correction records who made it.")
ReasonOpt = typer.Option("", "--reason", "-r", help="Why (shown in the audit).")
NODE_HELP = "A node as LABEL:NAME, for example City:成都 (labels: " + ", ".join(NODE_LABELS) + ")."
TYPE_HELP = "A relationship type: " + ", ".join(REL_TYPES) + "."


def _node(text: str) -> list[str]:
    label, sep, name = text.partition(":")
    if not sep or label not in NODE_LABELS or not name.strip():
        _fail(f"{text!r} is not a node: write LABEL:NAME, for example City:成都 (labels: {', '.join(NODE_LABELS)})")
    return [label, name.strip()]


def _rel(rtype: str, head: str, tail: str) -> dict:
    return {"type": rtype, "head": _node(head), "tail": _node(tail)}


def _make(store: Optional[str], correction: Correction) -> None:
    try:
        correction = checked(correction)
    except CorrectionError as exc:
        _fail(str(exc))
    s = _open(store)
    try:
        basis = reads.correction_basis(s, correction)
        if basis is None:
            _fail(f"{correction.describe()}: not in the graph of {s.location} (nothing to correct; "
                  "`kg query` shows what is there)")
        correction.evidence = basis
        summary = s.correct(correction)
    except (CorrectionError, StoreError) as exc:
        _fail(str(exc))
    finally:
        s.close()
    made = summary.corrections[0]
    out.print(f"correction {made.id}: {made.describe()} ({len(summary.documents)} document(s) re-written)",
              highlight=False)
    _warn_stale(summary)


def _warn_stale(summary) -> None:
    if summary.stale:
        err.print(f"[yellow]note[/yellow]: {len(summary.stale)} document(s) were ingested before corrections "
                  f"existed and keep their old contribution until ingested again: {', '.join(summary.stale[:3])}"
                  f"{', ...' if len(summary.stale) > 3 else ''}", highlight=False)


@correct_app.command("accept")
def accept(rtype: str = typer.Argument(..., help=TYPE_HELP), head: str = typer.Argument(..., help=NODE_HELP),
           tail: str = typer.Argument(..., help=NODE_HELP), by: str = ByOpt, reason: str = ReasonOpt,
           store: Optional[str] = StoreOpt) -> None:
    """The relationship is right: shown as curated."""
    _make(store, Correction("accept", {"rel": _rel(rtype, head, tail)}, by, reason=reason))


@correct_app.command("reject")
def reject(rtype: str = typer.Argument(..., help=TYPE_HELP), head: str = typer.Argument(..., help=NODE_HELP),
           tail: str = typer.Argument(..., help=NODE_HELP), by: str = ByOpt, reason: str = ReasonOpt,
           store: Optional[str] = StoreOpt) -> None:
    """The relationship is wrong: hidden, however many documents state it."""
    _make(store, Correction("reject", {"rel": _rel(rtype, head, tail)}, by, reason=reason))


@correct_app.command("change")
def change(rtype: str = typer.Argument(..., help=TYPE_HELP), head: str = typer.Argument(..., help=NODE_HELP),
           tail: str = typer.Argument(..., help=NODE_HELP),
           to_type: Optional[str] = typer.Option(None, "--type", help="The right type."),
           to_head: Optional[str] = typer.Option(None, "--head", help="The right head (LABEL:NAME)."),
           to_tail: Optional[str] = typer.Option(None, "--tail", help="The right tail (LABEL:NAME)."),
           by: str = ByOpt, reason: str = ReasonOpt, store: Optional[str] = StoreOpt) -> None:
    """The relationship's type or an end is wrong: it moves, with its evidence."""
    rel = _rel(rtype, head, tail)
    to = {"type": to_type or rtype, "head": _node(to_head) if to_head else rel["head"],
          "tail": _node(to_tail) if to_tail else rel["tail"]}
    _make(store, Correction("change", {"rel": rel, "to": to}, by, reason=reason))


@correct_app.command("add")
def add(rtype: str = typer.Argument(..., help=TYPE_HELP), head: str = typer.Argument(..., help=NODE_HELP),
        tail: str = typer.Argument(..., help=NODE_HELP),
        note: str = typer.Option(..., "--note", help="What implies it (the sentence, or where it is said): "
                                 "its evidence."),
        by: str = ByOpt, reason: str = ReasonOpt, store: Optional[str] = StoreOpt) -> None:
    """A relationship the texts imply and extraction missed: shown as curated, with the note as evidence."""
    _make(store, Correction("add", {"to": _rel(rtype, head, tail)}, by, reason=reason, note=note))


@correct_app.command("rename")
def rename(node: str = typer.Argument(..., help=NODE_HELP), name: str = typer.Argument(..., help="The right name."),
           by: str = ByOpt, reason: str = ReasonOpt, store: Optional[str] = StoreOpt) -> None:
    """The node's name is wrong: the old one becomes an alias."""
    _make(store, Correction("rename", {"node": _node(node), "name": name}, by, reason=reason))


@correct_app.command("relabel")
def relabel(node: str = typer.Argument(..., help=NODE_HELP),
            label: str = typer.Argument(..., help="The right label: " + ", ".join(NODE_LABELS) + "."),
            by: str = ByOpt, reason: str = ReasonOpt, store: Optional[str] = StoreOpt) -> None:
    """The node is of another kind (a zone taken for a city...)."""
    _make(store, Correction("relabel", {"node": _node(node), "label": label}, by, reason=reason))


@correct_app.command("merge")
def merge(node: str = typer.Argument(..., help=NODE_HELP), into: str = typer.Argument(..., help=NODE_HELP),
          by: str = ByOpt, reason: str = ReasonOpt, store: Optional[str] = StoreOpt) -> None:
    """Two nodes are one: NODE's relationships move to INTO, and its name becomes an alias."""
    _make(store, Correction("merge", {"node": _node(node), "into": _node(into)}, by, reason=reason))


@correct_app.command("not-entity")
def not_entity(node: str = typer.Argument(..., help=NODE_HELP), by: str = ByOpt, reason: str = ReasonOpt,
               store: Optional[str] = StoreOpt) -> None:
    """The node is not an entity (a headline fragment, a common word): it goes, with its relationships."""
    _make(store, Correction("not_entity", {"node": _node(node)}, by, reason=reason))


@corrections_app.command("list")
def list_corrections(undone: bool = typer.Option(True, "--undone/--in-force", help="Show undone ones too."),
                     author: Optional[str] = typer.Option(None, "--author", help="Only this author's."),
                     store: Optional[str] = StoreOpt) -> None:
    """Every correction, in the order made: id, who, when, what, why."""
    s = _open(store)
    items = s.corrections()
    s.close()
    items = [c for c in items if (undone or c.active) and (author is None or c.author == author)]
    table = Table("id", "made", "by", "correction", "reason", "undone")
    for c in items:
        table.add_row(c.id, c.at, c.author, c.describe(), c.reason or c.note,
                      f"{c.undone_at} by {c.undone_by}" if c.undone_at else "")
    out.print(table)
    err.print(f"{len(items)} correction(s), {sum(c.active for c in items)} in force")


@corrections_app.command("export")
def export_corrections(output: Path = typer.Option(..., "--output", "-o", help="The JSON file to write."),
                       store: Optional[str] = StoreOpt) -> None:
    """Every correction (undone ones too) as JSON, to keep under version control or import elsewhere."""
    s = _open(store)
    items = s.corrections()
    s.close()
    output.write_text(to_json(items) + "\n", encoding="utf-8")
    out.print(f"wrote {len(items)} correction(s) to {output}")


@corrections_app.command("import")
def import_corrections(path: Path = typer.Argument(..., help="A file `kg corrections export` wrote."),
                       store: Optional[str] = StoreOpt) -> None:
    """Apply corrections exported from another store, after the ones held (those held already are skipped)."""
    try:
        items = from_json(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {exc}")
    except CorrectionError as exc:
        _fail(str(exc))
    s = _open(store)
    try:
        summary = s.import_corrections(items)
    except (CorrectionError, StoreError) as exc:
        _fail(f"{path}: {exc}")
    finally:
        s.close()
    out.print(f"imported {len(summary.corrections)} correction(s) from {path} ({summary.skipped} held already; "
              f"{len(summary.documents)} document(s) re-written)", highlight=False)
    _warn_stale(summary)


@corrections_app.command("undo")
def undo(correction_id: str = typer.Argument(..., help="Its id (`kg corrections list`)."), by: str = ByOpt,
         store: Optional[str] = StoreOpt) -> None:
    """Take a correction back: the graph returns to what the documents say without it."""
    s = _open(store)
    try:
        summary = s.undo(correction_id, by)
    except (CorrectionError, StoreError) as exc:
        _fail(str(exc))
    finally:
        s.close()
    c = summary.corrections[0]
    out.print(f"undone {c.id}: {c.describe()} ({len(summary.documents)} document(s) re-written)", highlight=False)
    _warn_stale(summary)
