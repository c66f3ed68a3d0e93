"""Find an entity by Chinese name, alias, English name or pinyin, tolerant of traditional characters.

    合肥 / 合肥市 / 合肥市 (traditional) / Hefei / hefei / he fei  -> City 合肥
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from queries import reads


@dataclass(frozen=True)
class Hit:
    label: str
    name: str
    english: str
    score: int  # lower is better: 0 exact, 1 prefix, 2 substring


def _norm(text: str) -> str:
    from textnorm import to_simplified

    s = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    return re.sub(r"[\s\-_'’·.]", "", s)


@lru_cache(maxsize=20000)
def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


def _keys(label: str, name: str, aliases, english: str) -> list[str]:
    keys = [_norm(name), *(_norm(a) for a in aliases or []), _norm(english or "")]
    for suffix in ("市", "省", "产业", "行业"):
        if name.endswith(suffix):
            keys.append(_norm(name[: -len(suffix)]))
    if re.search(r"[\u4e00-\u9fff]", name):
        keys.append(_pinyin(name))
    return [k for k in keys if k]


class SearchIndex:
    """Built from rows of (label, name, aliases, english); searched in memory (thousands of nodes)."""

    def __init__(self, rows: list[tuple[str, str, list, str]]):
        self.rows = [(label, name, english or "", _keys(label, name, aliases, english)) for label, name, aliases,
                     english in rows]

    def search(self, query: str, limit: int = 20, labels: set[str] | None = None) -> list[Hit]:
        q = _norm(query)
        if not q:
            return []
        for suffix in ("市", "省", "产业", "行业"):  # 合肥市, 人工智能產業 -> the bare name
            if q.endswith(suffix) and len(q) > len(suffix) + 1:
                q = q[: -len(suffix)]
                break
        hits = []
        for label, name, english, keys in self.rows:
            if labels and label not in labels:
                continue
            score = min((0 if k == q else 1 if k.startswith(q) else 2 if q in k else 9) for k in keys)
            if score < 9:
                hits.append(Hit(label, name, english, score))
        hits.sort(key=lambda h: (h.score, len(h.name), h.name))
        return hits[:limit]


def build_index(store) -> SearchIndex:
    return SearchIndex(reads.search_rows(store))
