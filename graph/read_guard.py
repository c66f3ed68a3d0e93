"""What a read may say: read clauses, and procedures from an allow-list.

Both stores refuse writes in a read transaction themselves (FalkorDB's
GRAPH.RO_QUERY, Neo4j's READ access mode). A read-only transaction can still
read files and the network (LOAD CSV, apoc.load.*), list and stop other
users' transactions (SHOW / TERMINATE TRANSACTIONS), switch databases (USE)
or run administration commands; those are refused here, before a query
reaches either store, with one line saying why. The text is read with string
contents and comments blanked, so a word inside a string is not a clause.
"""
from __future__ import annotations

import re

from .cypher_text import mask

# Clause words a read never holds, wherever they stand (whatever the store would make of them).
REFUSED_WORDS = {
    "PERIODIC": "USING PERIODIC COMMIT writes",
    "TRANSACTIONS": "transactions are not listed, stopped or batched from a read",
    "SHOW": "SHOW commands list server state; use CALL db.labels() or db.indexes()",
    "TERMINATE": "TERMINATE stops other users' work",
    "CREATE": "the query writes to the graph", "MERGE": "the query writes to the graph",
    "SET": "the query writes to the graph", "DELETE": "the query writes to the graph",
    "DETACH": "the query writes to the graph", "REMOVE": "the query writes to the graph",
    "FOREACH": "FOREACH is for writing", "DROP": "administration commands are not run here",
}
# Words that start an administration command or switch databases (as names elsewhere they are fine).
REFUSED_LEADS = {"USE", "ALTER", "GRANT", "REVOKE", "DENY", "RENAME", "START", "STOP", "ENABLE", "DISABLE",
                 "DEALLOCATE", "REALLOCATE"}
# Procedures a read may call: the schema listings both stores have.
ALLOWED_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "db.constraints",
    "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
    "db.meta.stats",  # FalkorDB: the counts it keeps
}
# Function namespaces that reach outside the graph (files, the network, the server).
REFUSED_NAMESPACES = ("apoc.", "gds.", "dbms.", "db.", "tx.", "genai.", "algo.")
ALLOWED_FUNCTIONS = {"db.namefromelementid"}

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+")


# Work one row's expression may do: the server's time limit stops a query between rows, not
# inside one expression (reduce over range(1, 30000) inside another kept a server busy for a
# minute after its caller gave up), so the lists such expressions loop over are bounded here.
MAX_RANGE = 1_000_000  # elements of one range()
MAX_RANGE_PRODUCT = 10_000_000  # the ranges of one query multiplied (nested loops multiply)
MAX_FOLDED_RANGE = 10_000  # elements of a range that reduce() folds (a string built so grows quadratically)
MAX_HOPS = 10  # the upper bound a variable-length pattern must give


class ReadRefused(Exception):
    """The query does something a read may not; the message says what."""


def check(query: str, params: dict | None = None) -> None:
    """Raise ReadRefused when `query` is not a plain read, or asks for unbounded work in one row."""
    masked = _blank_names(mask(query))
    _check_clauses(masked)
    _check_ranges(masked, params or {})
    _check_hops(masked)


def _check_clauses(masked: str) -> None:
    for m in _WORD.finditer(masked):
        start = m.start()
        before = masked[:start].rstrip()
        if before.endswith((".", "$", ":")):  # a property, a parameter, a label or type
            continue
        word = m.group().upper()
        reason = REFUSED_WORDS.get(word)
        if word == "LOAD" and masked[m.end():].lstrip().upper().startswith("CSV"):
            reason = "LOAD CSV reads files and web addresses"
        elif word in REFUSED_LEADS and (not before or before.endswith("{")
                                        or before.upper().endswith(("EXPLAIN", "PROFILE"))):
            reason = ("a read runs on this store's database only" if word == "USE"
                      else "administration commands are not run here")
        if reason:
            raise ReadRefused(f"refused: {word} at position {start + 1}: {reason}; "
                              "only read-only queries run here")
        if word == "CALL":
            rest = masked[m.end():].lstrip()
            if rest.startswith("{") or rest.startswith("("):
                continue  # a subquery
            name = _DOTTED.match(rest) or _WORD.match(rest)
            proc = re.sub(r"\s+", "", name.group()).lower() if name else ""
            if proc not in ALLOWED_PROCEDURES:
                raise ReadRefused(f"refused: CALL {proc or '?'} at position {start + 1}: only "
                                  f"{', '.join(sorted(ALLOWED_PROCEDURES))} may be called here")
    for m in _DOTTED.finditer(masked):
        name = re.sub(r"\s+", "", m.group()).lower()
        tail = masked[m.end():].lstrip()
        before = masked[:m.start()].rstrip()
        if not tail.startswith("(") or before.upper().endswith("CALL"):
            continue  # a property path (n.name), or a procedure checked above
        if name.startswith(REFUSED_NAMESPACES) and name not in ALLOWED_FUNCTIONS:
            raise ReadRefused(f"refused: {name}() at position {m.start() + 1}: functions of "
                              f"{name.split('.')[0]}. are not available to reads here")


_RANGE = re.compile(r"(?<![.\w$])range\s*\(", re.I)
_REDUCE = re.compile(r"(?<![.\w$])reduce\s*\(", re.I)
_NUMBER_EXPR = re.compile(r"[\d\s+\-*/()]+")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _check_ranges(masked: str, params: dict) -> None:
    product = 1
    for m in _RANGE.finditer(masked):
        args = _call_args(masked, m.end())
        values = [_integer(a, params) for a in args]
        if not 2 <= len(args) <= 3 or any(v is None for v in values):
            raise ReadRefused(f"refused: range() at position {m.start() + 1} takes numbers (or number parameters) "
                              "here, so that its size is known before it runs")
        start, end = values[0], values[1]
        step = values[2] if len(values) == 3 else 1
        count = 0 if step == 0 else max(0, (end - start) // step + 1)
        if step == 0 or count > MAX_RANGE:
            raise ReadRefused(f"refused: range() at position {m.start() + 1} makes {count:,} elements "
                              f"(limit {MAX_RANGE:,}): one expression's work cannot be stopped once it runs")
        if masked[:m.start()].rstrip().upper().endswith("UNWIND"):
            continue  # rows, and the server stops a query between rows
        if count > MAX_FOLDED_RANGE and _REDUCE.search(masked):
            raise ReadRefused(f"refused: range() at position {m.start() + 1} makes {count:,} elements for reduce() "
                              f"(limit {MAX_FOLDED_RANGE:,}): what reduce() builds can grow with every step")
        product *= max(1, count)
        if product > MAX_RANGE_PRODUCT:
            raise ReadRefused(f"refused: the query's ranges make {product:,} steps together (limit "
                              f"{MAX_RANGE_PRODUCT:,}): one expression's work cannot be stopped once it runs")


def _call_args(masked: str, open_at: int) -> list[str]:
    """The top-level arguments of a call whose '(' ends at `open_at`."""
    depth, start, args = 0, open_at, []
    for i in range(open_at, len(masked)):
        c = masked[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(masked[start:i])
                return [a for a in args if a.strip()] if any(a.strip() for a in args) else []
            depth -= 1
        elif c == "," and depth == 0:
            args.append(masked[start:i])
            start = i + 1
    return []


def _integer(expr: str, params: dict) -> int | None:
    """The value of a number expression (digits, + - * / and brackets, number parameters), or None."""
    def param(m):
        v = params.get(m.group(1))
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError
        return str(int(v))

    try:
        text = _PARAM.sub(param, expr)
    except ValueError:
        return None
    if not text.strip() or not _NUMBER_EXPR.fullmatch(text) or "**" in text:
        return None
    try:
        return int(eval(text.replace("/", "//"), {"__builtins__": {}}, {}))  # digits and operators only
    except Exception:
        return None


_HOPS = re.compile(r"-\s*\[([^\]]*)\]")
_STAR = re.compile(r"\*\s*(\d*)\s*(\.\.\s*(\d*))?")


def _check_hops(masked: str) -> None:
    for m in _HOPS.finditer(masked):
        star = _STAR.search(m.group(1))
        if not star:
            continue
        low, dots, high = star.group(1), star.group(2), star.group(3)
        upper = int(high) if high else (int(low) if low and not dots else None)
        if upper is None or upper > MAX_HOPS:
            raise ReadRefused(f"refused: a variable-length pattern at position {m.start() + 1} needs an upper "
                              f"bound of at most {MAX_HOPS} hops (write [*..4])")


def _blank_names(masked: str) -> str:
    """Backticked names blanked (same length): `CREATE` as a name is no clause."""
    out, i = list(masked), 0
    while True:
        i = masked.find("`", i)
        if i < 0:
            return "".join(out)
        j = masked.find("`", i + 1)
        j = len(masked) if j < 0 else j
        for k in range(i + 1, j):
            out[k] = "x"
        i = j + 1
