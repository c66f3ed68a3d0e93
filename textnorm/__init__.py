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


# Characters no text we store may hold: the C0 and C1 controls and DEL (but tab, line feed and
# carriage return), bidirectional overrides and isolates (they can make a name read as another),
# byte-order marks inside text and the noncharacters U+FFFE / U+FFFF. A form feed or vertical tab
# (a PDF's page break) becomes a line feed.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("[\x0b\x0c]")


def strip_controls(text: str) -> tuple[str, int]:
    """`text` without control characters, and how many were removed (ANNOTATION.md names are
    text; a control byte in one has crashed a store server)."""
    text = _BREAKS.sub("\n", text)
    cleaned, removed = _CONTROLS.subn("", text)
    return cleaned, removed


def first_control(text: str) -> int:
    """Where the first control character (form feed and vertical tab included) is in `text`, or -1."""
    m = _CONTROLS.search(text) or _BREAKS.search(text)
    if m is None:
        return -1
    other = _BREAKS.search(text, 0, m.start()) if m.re is _CONTROLS else None
    return (other or m).start()


def display_path(path: str) -> str:
    """A file path as text a store can hold and a page can show: bytes the file system gave that
    are not UTF-8 (a GBK-encoded name) decoded as GB18030 where they can be, control characters
    removed."""
    import os

    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes came through as surrogates
        raw = os.fsencode(path)
        for encoding in ("gb18030", "big5"):
            try:
                path = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            path = raw.decode("utf-8", errors="replace")
    return strip_controls(path)[0]
