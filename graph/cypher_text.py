"""Reading just enough of a Cypher query's text to cap its rows per query.

The embedded store has no per-query row limit (its RESULTSET_SIZE is a server
setting shared by every client), so a capped read is sent as
`CALL { <query> } RETURN <its columns> LIMIT n`. That needs the query's result
columns in order, which this module reads from the final top-level RETURN.
When it cannot tell (RETURN *, no RETURN, EXPLAIN), it says so with None and
the caller falls back to cutting rows in the client.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CLAUSE_END = {"ORDER", "SKIP", "LIMIT", "UNION"}


def mask(query: str) -> str:
    """The query with string contents and comments blanked (same length), so
    keywords and brackets inside them are not read as structure. Backticked
    names keep their text."""
    out = list(query)
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                out[k] = "x"
            i = j + 1
        elif c == "`":
            j = query.find("`", i + 1)
            i = n if j < 0 else j + 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out)


def _top_level_words(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, UPPER word) of every keyword-like word outside brackets and backticks."""
    words, depth, i, n = [], 0, 0, len(masked)
    while i < n:
        c = masked[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "`":
            j = masked.find("`", i + 1)
            i = n if j < 0 else j + 1
            continue
        elif depth == 0 and (c.isalpha() or c == "_") and (i == 0 or not (masked[i - 1].isalnum()
                                                                          or masked[i - 1] in "_$.")):
            m = _WORD.match(masked, i)
            words.append((i, m.end(), m.group().upper()))
            i = m.end()
            continue
        i += 1
    return words


def _split_top(text: str, masked: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(masked):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def result_columns(query: str) -> list[str] | None:
    """The names of the query's result columns, in order, or None when the text does not say."""
    text = query.strip().rstrip(";")
    masked = mask(text)
    words = _top_level_words(masked)
    if not words or words[0][2] in ("EXPLAIN", "PROFILE"):
        return None
    returns = [w for w in words if w[2] == "RETURN"]
    if not returns:
        return None
    start = returns[-1][1]
    end = next((w[0] for w in words if w[0] > start and w[2] in _CLAUSE_END), len(text))
    body, body_masked = text[start:end], masked[start:end]
    lead = re.match(r"\s*DISTINCT\b", body_masked, re.I)
    if lead:
        body, body_masked = body[lead.end():], body_masked[lead.end():]
    columns = []
    for item, item_masked in zip(_split_top(body, body_masked), _split_top(body_masked, body_masked)):
        aliases = [w for w in _top_level_words(item_masked) if w[2] == "AS"]
        if aliases:
            name = item[aliases[-1][1]:].strip()
        else:
            name = item.strip()
        if not name or name == "*":
            return None
        columns.append(name[1:-1] if name.startswith("`") and name.endswith("`") else name)
    return columns


def with_row_cap(query: str, cap: int) -> str | None:
    """`query` rewritten to return at most `cap` rows, same columns in the same order; None if unknown."""
    columns = result_columns(query)
    if columns is None or len(set(columns)) != len(columns) or any("`" in c for c in columns):
        return None
    projection = ", ".join(f"`{c}`" for c in columns)
    return f"CALL {{\n{query.strip().rstrip(';')}\n}}\nRETURN {projection} LIMIT {int(cap)}"
