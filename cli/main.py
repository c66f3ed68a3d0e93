"""`kg`: ingest essays, query the graph, export it, serve the app, score and train extraction."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import StoreOpt, _fail, _open, err, out
from graph.factory import demo_store_path, resolve_store_spec
from graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, StoreError
from queries import catalogue, formats

ESSAYS = Path(__file__).resolve().parent / "essays"  # the five bundled sample essays: the demo's documents

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="A knowledge graph of how Chinese cities lay out future industries.")


@app.command()
def ingest(paths: List[Path] = typer.Argument(None, help="Files or folders (.txt .md .html .pdf .docx)."),
           store: Optional[str] = StoreOpt,
           fast: bool = typer.Option(False, "--fast", help="Gazetteer and patterns only: skip the statistical "
                                                           "name model (faster, finds fewer firms and zones)."),
           namespace: str = typer.Option("", "--namespace", help="Start every document key with this "
                                         "(two corpora with files named alike stay apart: NAME/folder/file.txt)."),
           demo_essays: bool = typer.Option(False, "--demo-essays", help="Add the five bundled sample essays "
                                            "(what `kg demo` shows) to what is ingested.")
           ) -> None:
    """Read essays into the graph. A bad file is reported and the others still land."""
    paths = list(paths or []) + ([ESSAYS] if demo_essays else [])
    if not paths:
        _fail("name files or folders to ingest (or --demo-essays)")
    from ingest.runner import collect_files, ingest_paths

    s = _open(store)
    files, _problems = collect_files(paths)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def on_file(f: Path, error: str | None) -> None:
            progress.update(task, advance=1, description=f"ingesting {f.name}")
            if error:
                progress.console.print(f"[red]failed[/red] {error}", highlight=False)

        report = ingest_paths(paths, s, on_file=on_file, fast=fast, namespace=namespace.strip("/ "))
    for f, reason in report.failed:
        if not any(f == str(x) for x in files):  # missing paths were not in the progress loop
            err.print(f"[red]failed[/red] {f}: {reason}", highlight=False)
    for f, note in report.notes:
        err.print(f"[yellow]repaired[/yellow] {f}: {note}", highlight=False)
    if report.stopped:
        _fail(f"stopped: {report.stopped}; {len(report.written)} document(s) were stored in this run and stay "
              f"stored ({len(report.skipped)} unchanged); run the same command again to resume")
    if report.named:
        err.print(f"{report.named} node(s) stored before without an English name now have one", highlight=False)
    m = s.makeup()
    out.print(f"{len(report.written)} document(s) ingested, {len(report.skipped)} unchanged, "
              f"{len(report.failed)} failed; the graph now holds {m['entities']} entities and "
              f"{m['relationships']} relationships from {m['documents']} documents in {s.location}",
              highlight=False)
    s.close()
    if report.failed and not report.written and not report.skipped:
        raise typer.Exit(1)


@app.command()
def query(name: Optional[str] = typer.Argument(None, help="A canned query from cypher/ (see `kg queries`)."),
          param: List[str] = typer.Option([], "--param", "-p", help="key=value, repeatable."),
          cypher: Optional[str] = typer.Option(None, "--cypher", "-c", help="Ad-hoc Cypher, run read-only."),
          fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
          timeout_ms: int = typer.Option(DEFAULT_TIMEOUT_MS, "--timeout-ms", help="Time limit."),
          limit: int = typer.Option(DEFAULT_ROW_LIMIT, "--limit", help="Row limit."),
          store: Optional[str] = StoreOpt) -> None:
    """Run a canned query or ad-hoc Cypher (always read-only, time- and row-limited)."""
    if fmt not in ("table", "json", "csv"):
        _fail(f"unknown format {fmt!r}: use table, json or csv")
    if limit < 1:
        _fail(f"--limit {limit}: the row limit must be 1 or more")
    if timeout_ms < 1:
        _fail(f"--timeout-ms {timeout_ms}: the time limit must be 1 ms or more")
    if bool(name) == bool(cypher):
        _fail("give a canned query NAME or --cypher, not both or neither")
    given = {}
    for p in param:
        if "=" not in p:
            _fail(f"--param {p!r} is not key=value")
        k, v = p.split("=", 1)
        given[k.strip()] = v
    try:
        if name:
            queries = catalogue.load()
            if name not in queries:
                _fail(f"no canned query {name!r}; available: {', '.join(queries)}")
            q = queries[name]
            text, params = q.cypher, q.bind(given)
        else:
            text, params = cypher, given
    except catalogue.CatalogueError as exc:
        _fail(str(exc))
    s = _open(store)
    if name:
        text = q.text_for(s.kind)  # the store's own variant, where it has one
    try:
        result = s.read(text, params, timeout_ms=timeout_ms, row_limit=limit, isolated=not name)
    except StoreError as exc:
        _fail(f"query {name or 'ad-hoc'}: {exc}")
    finally:
        s.close()
    if fmt == "json":
        print(formats.to_json(result, limit))
    elif fmt == "csv":
        sys.stdout.write(formats.to_csv(result))
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*(formats.cell(v)[:120] for v in row))
        out.print(table)
        err.print(f"{len(result.rows)} row(s) in {result.elapsed_ms:.0f} ms", highlight=False)
    if result.truncated:
        err.print(f"[yellow]rows cut at the limit of {limit}[/yellow]; raise it with --limit", highlight=False)


@app.command()
def queries() -> None:
    """List the canned queries and their parameters."""
    table = Table("name", "title", "parameters")
    for q in catalogue.load().values():
        params = ", ".join(f"{p.name}={p.default}" for p in q.params)
        table.add_row(q.name, f"{q.title_zh} / {q.title_en}", params)
    out.print(table)


@app.command()
def export(fmt: str = typer.Option("json", "--format", "-f", help="json, graphml or csv."),
           output: Path = typer.Option(..., "--output", "-o", help="File to write."),
           store: Optional[str] = StoreOpt) -> None:
    """Export the whole graph."""
    from graph.export import FORMATS, render

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    s = _open(store)
    graph = s.export()
    s.close()
    output.write_text(render(graph, fmt), encoding="utf-8")
    out.print(f"wrote {len(graph['nodes'])} nodes and {len(graph['relationships'])} relationships to {output}")


@app.command()
def remove(document: str = typer.Argument(..., help="Document key (folder/file.txt, see `kg query "
                                                       "document_contents`), or its file name if unique."),
           store: Optional[str] = StoreOpt) -> None:
    """Take one document's contribution out of the graph."""
    s = _open(store)
    stored = {d["name"]: d for d in s.documents()}
    names = list(stored)
    matches = [document] if document in names else [n for n in names if n.endswith("/" + document)]
    if len(matches) > 1:
        s.close()
        _fail(f"{document!r} names {len(matches)} documents in {s.location}: {', '.join(matches)}; give the whole key")
    if len(matches) == 1 and stored[matches[0]]["added_by"]:
        s.close()
        _fail(f"{matches[0]} holds a relationship an analyst added; undo it instead: kg corrections undo "
              f"{stored[matches[0]]['added_by']} --by NAME")
    if not matches or not s.remove_document(matches[0]):
        s.close()
        _fail(f"no document {document!r} in {s.location}")
    s.close()
    out.print(f"removed {matches[0]}")


@app.command()
def doctor(store: Optional[str] = StoreOpt) -> None:
    """Check the store and print versions."""
    import importlib.metadata as md

    for pkg in ("neo4j", "falkordblite", "spacy", "streamlit", "pyahocorasick", "OpenCC"):
        try:
            out.print(f"{pkg:14} {md.version(pkg)}")
        except md.PackageNotFoundError:
            out.print(f"{pkg:14} [red]not installed[/red]")
    out.print(f"{'python':14} {sys.version.split()[0]}")
    s = _open(store)
    for k, v in s.info().items():
        out.print(f"{k:14} {v}", highlight=False)
    for line in s.schema():
        out.print(f"{'schema':14} {line}", highlight=False)
    m, c = s.makeup(), s.counts()
    out.print(f"{'graph':14} {m['entities']} entities, {m['relationships']} relationships, "
              f"{m['documents']} documents ({c['nodes']} nodes and {c['relationships']} edges in all)")
    from ingest import gazetteer

    g = gazetteer.load()
    out.print(f"{'gazetteer':14} {len(g.entries)} entities, {len(g.surface)} surface forms")
    s.close()


AddressOpt = typer.Option("127.0.0.1", "--address", help="Interface to listen on. The app has no login: "
                                                          "0.0.0.0 lets anyone who can reach this machine read "
                                                          "the graph.")


CurateOpt = typer.Option(False, "--curate", help="Let analysts correct the graph in the app (accept, reject, "
                         "rename, merge, add; every correction recorded). Off by default: a demo in a meeting "
                         "cannot change the graph by a stray click.")


def _serve(spec: str, port: int, address: str = "127.0.0.1", curate: bool = False) -> None:
    import ui

    env = dict(os.environ, KG_STORE=spec, **{ui.CURATE_ENV: "1" if curate else "0"})

    app_file = Path(ui.__file__).resolve().parent / "app.py"  # installed or in a checkout alike
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.headless", "true",
           "--server.address", address, "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "minimal",
           # no reloading on source edits (what .streamlit/config.toml says, for an installed package too):
           # the watcher walked every imported module after a session's first run, on the loop that sends the page
           "--server.fileWatcherType", "none"]
    if address not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/yellow]: serving on {address}; the app has no login, so anyone who can "
                  "reach this machine can read the graph", highlight=False)
    out.print(f"serving the app on http://{'localhost' if address == '127.0.0.1' else address}:{port} "
              f"(store: {spec}); Ctrl+C stops it", highlight=False)
    raise typer.Exit(run_until_stopped(cmd, env))


def run_until_stopped(cmd: list[str], env: dict) -> int:
    """Run the app's server as a child that stops with us: Ctrl+C, SIGTERM or SIGHUP stop it too,
    and the kernel stops it if we are killed outright (Linux: PR_SET_PDEATHSIG)."""
    import signal

    proc = subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent)

    def stop(signum, frame):
        proc.terminate()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _die_with_parent() -> None:
    """In the child, before it runs: the kernel sends it SIGTERM when this process dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl+C and SIGTERM still stop it


@app.command("app")
def serve_app(store: Optional[str] = StoreOpt,
              port: int = typer.Option(8501, "--port", "-p"), address: str = AddressOpt,
              curate: bool = CurateOpt) -> None:
    """Serve the Streamlit app on a store (on this machine only, unless --address says otherwise)."""
    try:
        spec = resolve_store_spec(store)
    except StoreError as exc:
        _fail(str(exc))
    _open(spec).close()  # a bad store path is refused here, not inside the app
    _serve(spec, port, address, curate)


@app.command()
def demo(port: int = typer.Option(8501, "--port", "-p"),
         store: Optional[str] = typer.Option(None, "--store", "-s", help="Default: the demo store, "
                                                                          "a store of its own."),
         no_serve: bool = typer.Option(False, "--no-serve", help="Ingest only."),
         address: str = AddressOpt, curate: bool = CurateOpt) -> None:
    """Ingest the bundled essays into a fresh demo store and serve the app.

    The demo store is cleared first, so kg demo refuses a store that holds
    anything but the bundled essays: your own graph is never touched."""
    from ingest.runner import ingest_paths

    spec = store or str(demo_store_path())
    s = _open(spec)
    bundled = {hashlib.sha256(p.read_bytes()).hexdigest() for p in ESSAYS.iterdir() if p.is_file()}
    # (what analysts added is theirs to keep: corrections stay through kg demo)
    own = [d["name"] for d in s.documents() if d["sha256"] not in bundled and not d["added_by"]]
    foreign = s.foreign()
    if own:
        s.close()
        _fail(f"{s.location} holds {len(own)} document(s) that are not the demo essays ({', '.join(own[:3])}"
              f"{', ...' if len(own) > 3 else ''}); kg demo clears its store, so it will not use this one. "
              "Leave out --store to use the demo store")
    if foreign["nodes"] or foreign["relationships"]:
        s.close()
        _fail(f"{s.location} holds {foreign['nodes']} node(s) and {foreign['relationships']} relationship(s) "
              "this project did not make; kg demo clears its store, so it will not use this one. "
              "Leave out --store to use the demo store, or give an empty database")
    s.clear(keep_corrections=True)
    report = ingest_paths([ESSAYS], s)
    for _file, reason in report.failed:
        err.print(f"[red]failed[/red] {reason}", highlight=False)
    m = s.makeup()
    out.print(f"demo graph: {len(report.written)} essays, {m['entities']} entities, {m['relationships']} "
              f"relationships in {s.location}", highlight=False)
    s.close()
    if not no_serve:
        _serve(spec, port, address, curate)


@app.command("eval")
def evaluate(gold_dir: Optional[Path] = typer.Argument(None, help="Folder of gold *.json files (ANNOTATION.md "
                                                                    "format)."),
             essays: Path = typer.Option(ESSAYS, "--essays", help="Where the gold files' documents are."),
             fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
             details: bool = typer.Option(True, "--details/--no-details", help="List missed and spurious items."),
             fast: bool = typer.Option(False, "--fast", help="Gazetteer and patterns only, no statistical name model."),
             cv: bool = typer.Option(False, "--cv", help="Cross-validate by document: score each document with a "
                                                         "relation model trained without it."),
             folds: int = typer.Option(0, "--folds", help="With --cv: this many groups of documents instead of "
                                                          "leaving one out at a time."),
             train_sets: Optional[Path] = typer.Option(None, "--train", help="With --cv: a sets.toml of gold sets "
                                                        "that train every fold besides the other documents "
                                                        "(default: data/training/sets.toml)."),
             rules_only: bool = typer.Option(False, "--rules-only", help="Score the rules alone, without the "
                                                                         "learned relation model."),
             corrections: Optional[List[Path]] = typer.Option(None, "--corrections", help="A file `kg corrections "
                                                              "export` wrote: also report how many of its accepted, "
                                                              "rejected and changed relationships extraction now "
                                                              "decides as the analysts did (repeatable).")) -> None:
    """Score extraction against hand-made gold: precision, recall, F1 per label and type,
    beside a naive baseline, and relationships at each minimum confidence; and against analysts'
    corrections (--corrections)."""
    from evaluation import scoring, training
    from evaluation.gold import GoldError, gold_documents, not_among, training_sets
    from ingest.scorer import RULES_ONLY

    if gold_dir is None and not corrections:
        _fail("name a folder of gold files, or --corrections FILE, to score against")
    if corrections:
        from evaluation import corrections as judged

        items = _read_corrections(corrections)
        found = judged.report(items, judged.process(items, fast), RULES_ONLY if rules_only else None)
        if fmt == "json" and gold_dir is None:
            print(json.dumps(found, ensure_ascii=False, indent=2))
        elif fmt != "json":
            out.print(judged.format_report(found), highlight=False)
        if gold_dir is None:
            return
    if cv and rules_only:
        _fail("--rules-only and --cv: the rules learn nothing from gold, so there is nothing to "
              "cross-validate; use one of them")
    try:
        documents = gold_documents(gold_dir, essays)
        if cv:
            extra = not_among(training_sets(train_sets), documents)
            scored_docs, extra_docs = training.process_out_of_fold([documents, extra], fast)
            report = training.cross_validate(scored_docs, extra_docs,
                                             folds=folds)
        else:
            graphs = scoring.extract_documents(documents, fast=fast, model=RULES_ONLY if rules_only else None)
            report = scoring.evaluate(documents, graphs)
    except (GoldError, training.TrainingError) as exc:
        _fail(str(exc))
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        out.print(scoring.format_report(report, details=details), highlight=False)


@app.command()
def train(sets: Optional[Path] = typer.Option(None, "--sets", help="A sets.toml listing gold sets "
                                                                  "(default: data/training/sets.toml)."),
          output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the model "
                                                "(default: the bundled ingest/data/relation_model.json)."),
          fast: bool = typer.Option(False, "--fast", help="Learn from the pipeline without the name model."),
          corrections: Optional[List[Path]] = typer.Option(None, "--corrections", help="A file `kg corrections "
                                                           "export` wrote: its accepted, rejected and changed "
                                                           "relationships are labelled examples too (repeatable).")
          ) -> None:
    """Train the relation scorer from gold files, and from analysts' corrections (reproducible: the
    same gold and corrections give the same model)."""
    from evaluation import training
    from evaluation.gold import GoldError, training_sets
    from ingest.name_tagger import MODEL as TAGGER_FILE
    from ingest.scorer import MODEL_FILE

    # the name tagger goes beside the relation model: the bundled pair, or OUTPUT's stem + .crfsuite
    tagger_target = output.with_suffix(".crfsuite") if output else TAGGER_FILE
    extra = None
    if corrections:
        from evaluation import corrections as judged

        items = _read_corrections(corrections)
        extra = judged.training_set(items, judged.process(items, fast))
        out.print(f"{len(extra.examples)} labelled example(s) from {len(judged.judged(items))} relationship(s) "
                  f"judged in {', '.join(map(str, corrections))}", highlight=False)
    try:
        documents = training_sets(sets)
        model, data = training.train(documents, fast=fast, extra=extra, tagger_file=tagger_target)
    except (GoldError, training.TrainingError) as exc:
        _fail(str(exc))
    target = output or MODEL_FILE
    model.save(target)
    table = Table("type", "candidates", "right", "features", "threshold")
    for rtype, m in sorted(model.types.items()):
        examples = [e for e in data.examples if e.candidate.type == rtype]
        table.add_row(rtype, str(len(examples)), str(sum(e.label for e in examples)),
                      str(sum(1 for w in m.weights.values() if w)), f"{m.threshold:.2f}")
    out.print(table)
    out.print(f"trained on {len(data.docs())} documents; wrote {target} and {tagger_target}", highlight=False)


def _read_corrections(paths: List[Path]) -> list:
    from graph.corrections import CorrectionError, from_json

    items = []
    for path in paths:
        try:
            items += from_json(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {path}: {exc}")
        except CorrectionError as exc:
            _fail(str(exc))
    return items


@app.command()
def merges(store: Optional[str] = StoreOpt) -> None:
    """Audit alias resolution: each surface form in the text that was merged into a canonical node."""
    from queries import reads

    s = _open(store)
    rows = reads.merges(s)
    s.close()
    table = Table("label", "canonical node", "written in the text as", "documents")
    for r in rows:
        table.add_row(r["label"], r["name"], "、".join(r["seen_as"]), str(r["sources"] or 0))
    out.print(table)
    err.print(f"{len(rows)} node(s) merged from other surface forms")


from cli import corrections as _corrections  # noqa: E402  (the commands need `app`'s helpers first)

app.add_typer(_corrections.correct_app, name="correct")
app.add_typer(_corrections.corrections_app, name="corrections")


def main() -> None:  # console script entry point
    import logging

    logging.basicConfig(level=logging.WARNING, format="kg: %(message)s")  # what the library reports
    app()


if __name__ == "__main__":
    main()
