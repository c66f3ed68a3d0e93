"""The project's own reads that the CLI and the app run (cypher/internal/*.cypher), by purpose.

Each returns plain Python; none takes text a user typed into a query (labels come from the
schema, values travel as parameters).
"""
from __future__ import annotations

from graph.model import NODE_LABELS

# What a view reads of its relationships' documents stays bounded however many documents state
# them: at most SOURCES_SAMPLED documents per relationship, fewer where a view has so many
# relationships that they would take more than STATEMENT_ROWS rows (never fewer than one).
SOURCES_SAMPLED = 10
STATEMENT_ROWS = 2_000


def names(store, labels: list[str], abroad: bool = False) -> list[str]:
    """Every node name of these labels, sorted (parameter pickers): one label scan each. Foreign
    cities (东京, 伦敦: discussed, not laid out by anyone here) only with `abroad`."""
    found = set()
    for label in labels:
        found.update(row[1] for row in store.internal("names", label=label).rows
                     if row[1] is not None and (abroad or row[4] is None))
    return sorted(found)


def search_rows(store) -> list[tuple[str, str, list, str]]:
    """(label, name, aliases, english) of every entity, for the search index."""
    rows = []
    for label in NODE_LABELS:
        rows += [(r[0], r[1], r[2] or [], r[3] or "") for r in store.internal("names", label=label).rows]
    return rows


def industry_parents(store) -> dict[str, str]:
    """Each industry's parent in the taxonomy."""
    return {industry: parent for industry, parent in store.internal("industry_parents").rows}


def neighbours(store, label: str, name: str, limit: int) -> list[list]:
    """Rows (n, r, m) of a node and its schema relationships, for the explore canvas."""
    if label not in NODE_LABELS:
        raise ValueError(f"not a node label: {label!r}")
    return store.internal("neighbours", {"name": name, "limit": limit}, label=label).rows[:limit]


def map_industries(store) -> list[dict]:
    """Industries targeted by some place in China (industry, english, places), most places first."""
    return store.internal("map_industries").records()


def map_places(store, industry: str) -> list[dict]:
    """The places in China that target `industry`, with coordinates where the graph has them
    (a zone at its city's), document counts and the relationship itself: the map view. No foreign
    city is among them."""
    return store.internal("map_places", {"industry": industry}).records()


def sources_per_relationship(relationships: int) -> int:
    """How many documents' statements a view of this many relationships reads per relationship."""
    return max(1, min(SOURCES_SAMPLED, STATEMENT_ROWS // max(relationships, 1)))


def statement_evidence(store, keys: list[str], per: int | None = None) -> list[dict]:
    """What the documents say of the relationships with these statement keys: rows (key, total,
    doc, title, evidence, years), at most `per` documents per key (by default
    `sources_per_relationship`); `total` is how many documents state the relationship in all."""
    per = per or sources_per_relationship(len(keys))
    return store.internal("statement_evidence", {"keys": sorted(keys), "per": per}).records()


def documents_stating(store, documents: list[str], keys: list[str]) -> set[str]:
    """The keys among `keys` of the relationships one of these documents states."""
    if not documents or not keys:
        return set()
    rows = store.internal("documents_stating", {"names": sorted(documents), "keys": sorted(keys)}).rows
    return {row[0] for row in rows}


def merges(store) -> list[dict]:
    """Nodes that other surface forms were merged into (`kg merges`)."""
    return store.internal("merges").records()


def correction_basis(store, correction) -> list[str] | None:
    """The sentences a correction is made on (what the graph holds as its evidence), or None when
    what it corrects is not in the graph. An added relationship needs nothing there."""
    from graph.model import statement_key

    t = correction.target
    if correction.kind == "add":
        return []
    if "rel" in t:
        rel = t["rel"]
        key = statement_key(rel["type"], tuple(rel["head"]), tuple(rel["tail"]))
        rows = store.internal("statement_evidence", {"keys": [key], "per": EVIDENCE_ROWS}).records()
    else:
        label, name = t["node"]
        rows = store.internal("node_evidence", {"name": name, "limit": EVIDENCE_ROWS}, label=label).records()
    if not rows:
        return None
    if correction.kind == "merge":
        into = t["into"]
        if not store.internal("node_evidence", {"name": into[1], "limit": 1}, label=into[0]).rows:
            return None
    return list(dict.fromkeys(s for r in rows for s in (r["evidence"] or [])))[:EVIDENCE_ROWS]


EVIDENCE_ROWS = 10  # sentences a correction records as what it was made on


def document_titles(store, keys: list[str]) -> dict[str, str]:
    """The stored title of each document key (keys not stored are left out)."""
    return {r["name"]: r["title"] or "" for r in store.internal("document_titles", {"names": sorted(keys)}).records()}
