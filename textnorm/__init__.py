"""Chinese text normalisation shared by ingest, search, evaluation and the app.

Matching runs on simplified characters; evidence keeps the original script.
`to_simplified` keeps the text's length so offsets found in the simplified
text hold in the original. `canonical_key` is the name comparison that
ANNOTATION.md defines for scoring.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ANNOTATION.md (scoring): quotes, title marks and whitespace are ignored,
# and one of these suffixes is dropped (产业 / 行业 / 市 / 省).
_IGNORED_IN_NAMES = re.compile(r"[“”\"'‘’《》〈〉「」『』\s]")
_DROPPED_SUFFIXES = ("产业", "行业", "市", "省")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t.json")


def to_simplified(text: str) -> str:
    """Simplified characters for matching, the same length as `text` so offsets carry over."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    conv = _t2s().convert
    return "".join(c if len(s := conv(c)) != 1 else s for c in text)


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def canonical_key(name: str) -> str:
    """The normalisation ANNOTATION.md uses to compare names."""
    s = to_simplified(unicodedata.normalize("NFKC", name))
    s = _IGNORED_IN_NAMES.sub("", s)
    for suffix in _DROPPED_SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
            break
    return s
