"""One source file -> one DocumentGraph: read, clean, run the pipeline, wrap in the document."""
from __future__ import annotations

import hashlib
from pathlib import Path

from graph.model import DocumentGraph
from textnorm import display_path, strip_controls

from .assemble import GraphParts
from .normalize import normalize
from .pipeline import MAX_DOC_CHARS, nlp, rescore, split_long
from .readers import read_document
from .rules import load_rules
from .titles import pick_title


def extract_file(path: str | Path, doc_id: str | None = None, fast: bool = False, model=None) -> DocumentGraph:
    """One file's graph. `doc_id` is its document key (default: the file name); `fast` skips
    the statistical name model; `model` replaces the bundled relation model (see extract_text)."""
    path = Path(path)
    read = read_document(path)
    doc = extract_text(read.text, doc_id=doc_id or display_path(path.name), title=read.title,
                       path=display_path(str(path.absolute())), fast=fast, model=model)
    doc.sha256 = hashlib.sha256(read.data).hexdigest()
    doc.notes = read.notes
    return doc


def extract_text(raw: str, *, doc_id: str, title: str = "", path: str = "", fast: bool = False,
                 model=None) -> DocumentGraph:
    """`model`: a RelationModel to decide relationships with instead of the bundled one
    (ingest.scorer.RULES_ONLY: the rules alone)."""
    raw = strip_controls(raw)[0]  # whoever calls, no control character reaches a store
    text = normalize(raw)
    return document_graph(list(nlp(fast).pipe(sections(text))), raw, text, doc_id=doc_id, title=title,
                          path=path, model=model)


def document_graph(docs: list, raw: str, text: str, *, doc_id: str, title: str = "", path: str = "",
                   model=None) -> DocumentGraph:
    """The graph of a text the pipeline has processed (one Doc per section)."""
    parts: GraphParts | None = None
    for doc in docs:
        if model is not None:
            rescore(doc, model)
        parts = doc._.graph if parts is None else parts.merge(doc._.graph)
    return DocumentGraph(
        doc_id=doc_id,
        title=title_from(raw, strip_controls(title)[0], doc_id),  # raw: its lines as written
        path=path,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        chars=len(raw),
        nodes=parts.nodes,
        relationships=parts.relationships,
        mentions=parts.mentions,
    )


def sections(text: str, limit: int | None = None) -> list[str]:
    """The text in sections of whole paragraphs that one Doc each takes. Nearly every document
    is one section; a longer one loses only what spans sections (its dominant place is each
    section's own)."""
    limit = limit or MAX_DOC_CHARS
    if len(text) <= limit:
        return [text]
    rules = load_rules()
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        # A huge line is cut where the sentence stage would cut it anyway.
        for piece in split_long(line, rules) if len(line) > rules.text.max_paragraph_chars else [line]:
            if size + len(piece) + 1 > limit and current:
                out.append("\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
    if current:
        out.append("\n".join(current))
    return out


def title_from(text: str, given: str = "", key: str = "") -> str:
    """The document's title: `given` (an HTML <title>) or the first line of `text` (as read, before
    hard-wrapped lines are joined) that is not page furniture (breadcrumbs, dates, sources), cut
    at its first sentence end; else its key (ingest/titles.py)."""
    return pick_title(text, given, key)
