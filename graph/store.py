"""The store contract: what ingest, the CLI and the app need from a graph store.

Two stores implement it: the embedded FalkorDB (`graph.falkor`) and Neo4j
(`graph.neo4j_store`); `graph.factory.open_store` opens one from a string. Both
run the same Cypher: writes built in `graph.writes`, reads from `cypher/internal/`,
so the contract tests in `tests/test_store_contract.py` hold for either.
"""
from __future__ import annotations

import abc
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Protocol, TypeVar

import cypher
from textnorm import first_control

from . import corrections, export, read_guard, writes
from .corrections import Correction, CorrectionError
from .model import (ALL_LABELS, CORRECTION_LABEL, DOCUMENT_LABEL, NODE_LABELS, OWN_LABELS_AND_TYPES, REL_TYPES,
                    DocumentGraph, pack, unpack)

OWN_LABELS, OWN_TYPES = OWN_LABELS_AND_TYPES

DEFAULT_TIMEOUT_MS = 10_000
ALL_ROWS = 1_000_000_000  # "no limit" where a query takes its limit as a parameter
DEFAULT_ROW_LIMIT = 1_000


class StoreError(Exception):
    """A store could not be opened or a statement failed; the message says why."""


class StoreUnavailable(StoreError):
    """The store cannot work at all (its server stopped, its disk is full): no use trying the next
    document. The message says why."""


class QueryRefused(StoreError):
    """The store refused the query (a write sent to a read-only query)."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""


class QueryTooLarge(StoreError):
    """The query needed more memory than the store allows one query."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list]  # values are plain Python; nodes/relationships/paths are dicts (see graph.values)
    truncated: bool = False  # True when rows were cut at the row limit
    elapsed_ms: float = 0.0

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass
class WriteSummary:
    doc_id: str
    skipped: bool = False  # same sha256 already stored: nothing to do
    replaced: bool = False  # an older version of the document was taken out first
    nodes: int = 0
    relationships: int = 0
    collision: str = ""  # another file's path: a different file already holds this key; nothing written


@dataclass
class CorrectionSummary:
    """What making, undoing or importing corrections did."""
    corrections: list[Correction]  # as stored (ids, order, times)
    documents: list[str] = field(default_factory=list)  # documents re-written with the corrections in force
    stale: list[str] = field(default_factory=list)  # ingested before corrections existed: re-ingest them
    skipped: int = 0  # imported corrections the store already held


T = TypeVar("T")


class Tx(Protocol):
    """What a unit of work sees (see Store._transaction)."""

    def read(self, query: str, params: dict | None = None) -> list[dict]: ...

    def write(self, query: str, params: dict) -> None: ...


class Store(abc.ABC):
    """One graph store. Subclasses supply the four primitives below."""

    kind: str = "?"
    location: str = ""

    # --- primitives -----------------------------------------------------------
    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Uniqueness on every label's `name` and the indexes queries rely on."""

    @abc.abstractmethod
    def _transaction(self, work: Callable[["Tx"], T]) -> tuple[T, tuple[int, int]]:
        """Run `work(tx)` as one unit of work, serialised with every other writer of the store.

        `tx.read(query, params)` returns records and sees the store as no other
        writer can change it meanwhile; `tx.write(query, params)` (at most once)
        is applied atomically: all of it or none. Returns what `work` returned
        and (nodes created, relationships created).
        """

    @abc.abstractmethod
    def _read(self, query: str, params: dict, timeout_ms: int | None, row_limit: int | None,
              isolated: bool = False) -> QueryResult:
        """Run a statement the store itself guarantees is read-only. `isolated`: a query someone
        typed, run where it cannot hold up the store's writers (the embedded store's reader)."""

    @abc.abstractmethod
    def info(self) -> dict:
        """Server and driver versions, location."""

    def explain(self, query: str, params: dict | None = None) -> str:
        """The store's plan for a query, without running it, as indented operator lines."""
        raise StoreError(f"{self.kind} cannot show query plans")

    def schema(self) -> list[str]:
        """The constraints and indexes the store holds, one line each, as the store lists them."""
        return []

    def close(self) -> None:  # pragma: no cover - trivial default
        pass

    def on_busy(self, location: str) -> None:
        """Called once when a write has to wait for another writer (the CLI says so)."""

    def _write(self, query: str, params: dict) -> tuple[int, int]:
        """One write statement, atomically."""
        return self._transaction(lambda tx: tx.write(query, params))[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the contract, built on the primitives ----------------------------------
    def read(self, query: str, params: dict | None = None, *, timeout_ms: int | None = DEFAULT_TIMEOUT_MS,
             row_limit: int | None = DEFAULT_ROW_LIMIT, isolated: bool = False) -> QueryResult:
        """Run a read-only query with parameters, a time limit and a row limit.

        A write (CREATE, MERGE, SET, DELETE, REMOVE...) raises QueryRefused and
        changes nothing: the store enforces it, and reads of files, the network or other
        users' transactions are refused before they reach it (graph.read_guard). `isolated`:
        the query is someone's own (ad-hoc Cypher); it runs where, past its limit, it is
        stopped outright and holds up no writer (the embedded store's reader).
        """
        _refuse_controls(query, params or {})
        try:
            read_guard.check(query, params)
        except read_guard.ReadRefused as exc:
            raise QueryRefused(str(exc)) from exc
        start = time.perf_counter()
        result = self._read(query, params or {}, timeout_ms, row_limit, isolated)
        result.elapsed_ms = (time.perf_counter() - start) * 1000
        return result

    def internal(self, name: str, params: dict | None = None, label: str = "") -> QueryResult:
        """One of the project's own reads (cypher/internal/NAME.cypher, this store's variant where it
        has one), run whole: no time or row limit, no guard (its text is ours)."""
        if label and label not in ALL_LABELS:
            raise ValueError(f"{name}: {label!r} is not one of the schema's labels")
        return self._read(cypher.internal(name, self.kind, label), params or {}, None, None)

    def fetch_nodes(self, ids: list[str]) -> list[dict]:
        """Nodes by the ids this store put in results (to draw a relationship whose ends a result
        did not return)."""
        return [row[0] for row in self.internal("fetch_nodes", {"ids": self._node_ids(ids)}).rows]

    def _node_ids(self, ids: list[str]) -> list:
        """Result ids as the store takes them back."""
        return list(ids)

    def write_document(self, doc: DocumentGraph) -> WriteSummary:
        """Store one document's contribution, idempotently and atomically.

        The same content twice is a no-op; a changed file replaces its older
        version (its evidence is taken out before the new one goes in).
        """
        return self.write_documents([doc])[0]

    def write_documents(self, docs: list[DocumentGraph]) -> list[WriteSummary]:
        """Several documents in one unit of work (same result as one by one, fewer round trips).

        Unchanged documents are skipped; a changed one replaces its older version
        in the same atomic write, so a crash leaves the old version or the new,
        never neither. A document whose key a different file already holds (same key, other
        contents, other path) is not written: its summary names the other file (`collision`). Document ids must be distinct within a batch. The counts
        of what was created are reported on the first written document's summary.
        """
        ids = [d.doc_id for d in docs]
        if len(set(ids)) != len(ids):
            raise ValueError("a batch holds the same document twice; write them in separate batches")

        def unit(tx: Tx) -> list[WriteSummary]:
            stored = {r["name"]: (r["sha"], r["path"], r["packed"])
                      for r in tx.read(writes.FIND_STORED_DOCUMENTS, {"ids": ids})}
            summaries = []
            for d in docs:
                sha, path, packed = stored.get(d.doc_id, (None, None, False))
                # a document stored before corrections existed is written again, its extraction kept this
                # time (unless another file with the same contents holds the key: that stays as it is)
                same = sha == d.sha256 and (packed or bool(path and d.path and path != d.path))
                s = WriteSummary(d.doc_id, skipped=same, replaced=sha is not None and not same)
                if s.replaced and sha != d.sha256 and path and d.path and path != d.path:
                    # the key is another file's (two folders named alike, ingested apart): never replace it
                    s.replaced, s.skipped, s.collision = False, True, path
                summaries.append(s)
            fresh = [d for d, s in zip(docs, summaries) if not s.skipped]
            old = [s.doc_id for s in summaries if s.replaced]
            if fresh:
                in_force = [c for c in self._corrections(tx) if c.active]
                fresh = [corrections.apply(_with_extraction(d), in_force) for d in fresh]
                tx.write(*writes.replace_documents(old, *self._contributions(tx, old), fresh))
            return summaries

        summaries, (nodes, relationships) = self._transaction(unit)
        first = next((s for s in summaries if not s.skipped), None)
        if first:
            first.nodes, first.relationships = nodes, relationships
        return summaries

    @staticmethod
    def _contributions(tx: "Tx", doc_ids: list[str]) -> tuple[list[dict], list[dict]]:
        """Every STATES record of the relationships the given documents state, and the nodes they
        contribute to."""
        if not doc_ids:
            return [], []
        keys = [r["key"] for r in tx.read(writes.FIND_DOCUMENT_STATEMENT_KEYS, {"docs": doc_ids})]
        statements = tx.read(writes.FIND_STATEMENTS, {"keys": keys}) if keys else []
        return statements, tx.read(writes.FIND_DOCUMENT_NODES, {"docs": doc_ids})

    def remove_document(self, doc_id: str) -> bool:
        """Take out everything one document contributed, atomically. False if it was not stored."""
        def unit(tx: Tx) -> bool:
            if not tx.read(writes.FIND_STORED_DOCUMENTS, {"ids": [doc_id]}):
                return False
            tx.write(*writes.replace_documents([doc_id], *self._contributions(tx, [doc_id]), []))
            return True

        return self._transaction(unit)[0]

    def unnamed(self, label: str) -> list[str]:
        """Names of the nodes of `label` that have no English name."""
        return [r[0] for r in self.internal("unnamed", label=label).rows]

    def name_in_english(self, label: str, english: dict[str, str]) -> int:
        """Give each node of `label` named in `english` that has no English name the one given; a
        node that has one keeps it. Returns how many names were offered."""
        if label not in NODE_LABELS:
            raise ValueError(f"{label!r} is not one of the schema's node labels")
        rows = [{"name": name, "english": value} for name, value in english.items() if value]
        for start in range(0, len(rows), writes.SET_ENGLISH_BATCH):
            self._write(writes.SET_ENGLISH.format(label=label), {"rows": rows[start:start + writes.SET_ENGLISH_BATCH]})
        return len(rows)

    def documents(self, limit: int | None = None) -> list[dict]:
        """The stored documents by key; the first `limit` of them when given."""
        return self.internal("documents", {"limit": limit if limit is not None else ALL_ROWS}).records()

    def export(self) -> dict:
        """The whole graph as {"nodes": [...], "relationships": [...]}, ids stable across stores."""
        return export.build_export(self.internal("export_nodes").records(),
                                   self.internal("export_relationships").records(),
                                   self.internal("export_statements").records())

    def makeup(self) -> dict:
        """What the graph holds, in the words the interface uses: `entities` (nodes other than
        documents), `relationships` (the schema's types, not the documents' own MENTIONS and
        STATES edges), `documents`, and the counts behind them by label and by type."""
        rows = self._read(cypher.canned("graph_makeup", self.kind), {}, None, None).records()
        by_label = {r["kind"]: r["count"] for r in rows if r["element"] == "node" and r["kind"] in NODE_LABELS}
        by_type = {r["kind"]: r["count"] for r in rows if r["element"] == "relationship" and r["kind"] in REL_TYPES}
        documents = next((r["count"] for r in rows if r["element"] == "node" and r["kind"] == DOCUMENT_LABEL), 0)
        return {"entities": sum(by_label.values()), "relationships": sum(by_type.values()), "documents": documents,
                "by_label": by_label, "by_type": by_type}

    def counts(self) -> dict:
        """Every node and edge the store holds (documents and their own edges included)."""
        return {"nodes": self.internal("node_count").rows[0][0],
                "relationships": self.internal("relationship_count").rows[0][0]}

    def foreign(self) -> dict:
        """How many nodes and relationships the store holds that this project did not make (other
        labels or types): a store holding any is someone else's too, and is never cleared."""
        return {"nodes": self.internal("foreign_nodes", {"ours": list(OWN_LABELS)}).rows[0][0],
                "relationships": self.internal("foreign_relationships", {"ours": list(OWN_TYPES)}).rows[0][0]}

    def clear(self, keep_corrections: bool = False) -> None:
        """Delete this project's nodes and relationships (`kg demo` and tests on a fresh store); what
        others made is left alone (see `foreign`). `keep_corrections`: analysts' corrections stay,
        and apply to what is ingested next."""
        ours = [label for label in ALL_LABELS if not (keep_corrections and label == CORRECTION_LABEL)]
        while self.internal("own_nodes", {"ours": ours}).rows[0][0]:
            self._write(writes.CLEAR, {"ours": ours, "batch": writes.CLEAR_BATCH})
        if keep_corrections:  # what analysts added is written again: it has no file to be ingested from
            def unit(tx: Tx) -> None:
                in_force = [c for c in self._corrections(tx) if c.active]
                added = [corrections.added_document(c) for c in in_force if c.kind == "add"]
                if added:
                    self._rewrite(tx, in_force, in_force, set(), added, [], [], CorrectionSummary([]))

            self._transaction(unit)

    # --- analysts' corrections (graph/corrections.py) -----------------------------
    def corrections(self) -> list[Correction]:
        """Every correction, undone ones too, in the order they were made."""
        return [corrections.from_props(r["props"]) for r in self.internal("corrections").records()]

    def correct(self, correction: Correction) -> CorrectionSummary:
        """Make a correction: stored, and every document it touches re-written with it in force, in
        one unit of work. CorrectionError says what is wrong with it."""
        return self.import_corrections([correction])

    def import_corrections(self, items: list[Correction]) -> CorrectionSummary:
        """Store corrections made elsewhere (`kg corrections import`) after the ones held, in their
        order, in one unit of work; those the store already holds (same id) are skipped. Undone
        ones come as records and change nothing."""
        items = [corrections.checked(c) for c in items]

        def unit(tx: Tx) -> CorrectionSummary:
            made = self._corrections(tx)
            held = {c.id for c in made}
            seq = max((c.seq for c in made), default=0)
            new = []
            for c in items:
                if c.id and c.id in held:
                    continue
                seq += 1
                new.append(replace(c, id=c.id or corrections.new_id(), seq=seq, at=c.at or corrections.now()))
                held.add(new[-1].id)
            summary = CorrectionSummary(new, skipped=len(items) - len(new))
            if new:
                before = [c for c in made if c.active]
                live = [c for c in new if c.active]
                added = [corrections.added_document(c) for c in live if c.kind == "add"]
                groups = list(dict.fromkeys(g for c in live for g in corrections.reaches(c)))
                self._rewrite(tx, before, before + live, self._documents_naming(tx, groups), added, [], new, summary)
            return summary

        return self._transaction(unit)[0]

    def undo(self, correction_id: str, by: str) -> CorrectionSummary:
        """Undo a correction: kept as a record (who undid it, when), and every document it changed
        re-written without it, in one unit of work."""
        if not isinstance(by, str) or not by.strip() or first_control(by) >= 0:
            raise CorrectionError("undoing a correction needs your name (--by NAME, or your name in the app)")

        def unit(tx: Tx) -> CorrectionSummary:
            made = self._corrections(tx)
            target = next((c for c in made if c.id == correction_id), None)
            if target is None:
                raise CorrectionError(f"no correction {correction_id!r} in {self.location} (see kg corrections list)")
            if not target.active:
                raise CorrectionError(f"correction {correction_id} was undone already, by {target.undone_by} "
                                      f"at {target.undone_at}")
            undone = replace(target, undone_at=corrections.now(), undone_by=by.strip())
            before = [c for c in made if c.active]
            after = [c for c in before if c.id != correction_id]
            removed = [corrections.ADDED_PREFIX + target.id] if target.kind == "add" else []
            changed = {r["name"] for r in tx.read(cypher.internal("documents_corrected_by", self.kind),
                                                   {"id": correction_id})}
            summary = CorrectionSummary([undone])
            self._rewrite(tx, before, after, changed, [], removed, [undone], summary)
            return summary

        return self._transaction(unit)[0]

    def _documents_naming(self, tx: Tx, groups: list[tuple]) -> set[str]:
        """The documents naming, as the graph stands, every node of one of `groups`
        (corrections.reaches): the ones a new correction can change."""
        found: set[str] = set()
        for group in groups:
            both = None
            for label, name in group:
                these = self._documents_mentioning(tx, [(label, name)])
                both = these if both is None else both & these
            found |= both or set()
        return found

    def _documents_mentioning(self, tx: Tx, keys) -> set[str]:
        by_label: dict[str, set[str]] = {}
        for label, name in keys:
            by_label.setdefault(label, set()).add(name)
        found: set[str] = set()
        for label, names in sorted(by_label.items()):
            query = cypher.internal("documents_mentioning", self.kind, label)
            found |= {r["name"] for r in tx.read(query, {"names": sorted(names)})}
        return found

    def _corrections(self, tx: Tx) -> list[Correction]:
        return [corrections.from_props(r["props"]) for r in tx.read(cypher.internal("corrections", self.kind))]

    def _rewrite(self, tx: Tx, before: list[Correction], after: list[Correction], names: set[str],
                 added: list[DocumentGraph], removed: list[str], records: list[Correction],
                 summary: CorrectionSummary) -> None:
        """One write: the correction records, and documents `names` re-written from their extractions
        with the corrections `after` in force instead of `before`; `added` documents written,
        `removed` ones taken out. A node a re-written document stops giving something to (a name,
        properties) is rebuilt from every document naming it."""
        names = set(names) - set(removed)
        docs: dict[str, DocumentGraph] = {}
        changed_nodes: set[tuple[str, str]] = set()
        for raw in self._extractions(tx, names, summary):
            was, now = corrections.apply(raw, before), corrections.apply(raw, after)
            docs[raw.doc_id] = now
            gave, gives = corrections.contributions(was), corrections.contributions(now)
            # (a bare node, like an added relationship's end, gives nothing but its count)
            changed_nodes |= {key for key, props in gave.items() if props and gives.get(key) != props}
        for raw in self._extractions(tx, set(removed), summary):  # what a removed document gave goes too
            changed_nodes |= {key for key, props in corrections.contributions(corrections.apply(raw, before)).items()
                              if props}
        others = self._documents_mentioning(tx, changed_nodes) - set(docs) - set(removed) if changed_nodes else set()
        for raw in self._extractions(tx, others, summary):
            docs[raw.doc_id] = corrections.apply(raw, after)
        fresh = list(docs.values()) + [corrections.apply(_with_extraction(d), after) for d in added]
        summary.documents = sorted(d.doc_id for d in fresh)
        old = sorted(set(docs) | set(removed))
        query, params = writes.replace_documents(old, *self._contributions(tx, old), fresh) if old or fresh \
            else ("", {})
        params["corrections"] = [corrections.to_props(c) for c in records]
        tx.write(writes.SEP.join([q for q in (query, writes.SAVE_CORRECTIONS) if q]), params)

    def _extractions(self, tx: Tx, names: set[str], summary: CorrectionSummary) -> list[DocumentGraph]:
        """The extractions of documents `names`; those ingested before corrections existed have none
        (summary.stale: they keep what they contribute until ingested again)."""
        out = []
        for r in tx.read(cypher.internal("extractions", self.kind), {"ids": sorted(names)}) if names else []:
            if r["extraction"]:
                doc = unpack(r["extraction"], r["name"], r["title"] or "", r["path"] or "", r["sha256"] or "",
                             r["chars"] or 0)
                out.append(replace(doc, added_by=r["added_by"] or ""))
            elif r["name"] not in summary.stale:
                summary.stale.append(r["name"])
        return out


def _with_extraction(doc: DocumentGraph) -> DocumentGraph:
    """`doc` carrying its own extraction, packed: what corrections are applied to, now and later."""
    if doc.extraction:
        return doc
    doc = writes.cleaned(doc)  # corrections name nodes as the graph does
    return replace(doc, extraction=pack(doc))


def _refuse_controls(query: str, params: dict) -> None:
    """A control character in a query or a parameter is refused before it reaches a server (one
    has crashed the embedded one); tab and line breaks are fine."""
    at = first_control(query)
    if at >= 0:
        raise QueryRefused(f"refused: the query holds a control character (U+{ord(query[at]):04X}) at "
                           f"position {at + 1}; remove it")
    stack = list(params.items())
    while stack:
        name, value = stack.pop()
        if isinstance(value, str):
            at = first_control(value)
            if at >= 0:
                raise QueryRefused(f"refused: parameter ${name} holds a control character "
                                   f"(U+{ord(value[at]):04X}) at position {at + 1}; remove it")
        elif isinstance(value, dict):
            stack += [(f"{name}.{k}", v) for k, v in value.items()]
        elif isinstance(value, (list, tuple)):
            stack += [(f"{name}[{i}]", v) for i, v in enumerate(value)]


__all__ = [
    "ALL_LABELS", "Correction", "CorrectionError", "CorrectionSummary", "DEFAULT_ROW_LIMIT", "DEFAULT_TIMEOUT_MS", "QueryRefused", "QueryResult", "QueryTimeout",
    "QueryTooLarge", "Store", "StoreError", "StoreUnavailable", "WriteSummary",
]
