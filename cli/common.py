"""What every `kg` command shares: the consoles, the --store option, failing with one line."""
from __future__ import annotations

import typer
from rich.console import Console

from graph.factory import open_store
from graph.store import StoreError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one error, one line

StoreOpt = typer.Option(None, "--store", "-s", help="A FalkorDB file path or a bolt:// / neo4j:// URI "
                                                     "(default: $KG_STORE, else a file in your data folder).")


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _open(store: str | None):
    try:
        s = open_store(store)
    except StoreError as exc:
        _fail(str(exc))
    s.on_busy = lambda where: err.print(f"[yellow]waiting[/yellow]: another process is writing to {where}",
                                        highlight=False)
    return s
