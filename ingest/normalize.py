"""Text clean-up: NFKC, page furniture, hard-wrapped lines, traditional -> simplified for matching."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .datafiles import rules

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Characters that can sit on either side of a break inside a sentence.
_INNER = re.compile(rf"[{_CJK}A-Za-z0-9、，,：:“”\"'‘’（(）)《》〈〉·\-—/%+．.]")


@lru_cache(maxsize=1)
def _furniture() -> list[re.Pattern]:
    return [re.compile(p) for p in rules()["text"]["furniture"]]


def normalize(raw: str) -> str:
    """Display text: what evidence sentences are cut from.

    NFKC makes full-width ASCII half-width (`，` stays CJK, `：` becomes `:`),
    page furniture goes, and lines broken inside a sentence are joined.
    """
    text = unicodedata.normalize("NFKC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    lines = [_strip_markup(line) for line in text.split("\n")]
    lines = [line for line in lines if not any(p.match(line) for p in _furniture())]
    return _join_wrapped(lines)


def _strip_markup(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # markdown headings
    line = re.sub(r"\*\*|__|(?<!\w)\*(?!\s)|`", "", line)  # emphasis, code ticks
    return line.strip()


def _join_wrapped(lines: list[str]) -> str:
    cfg = rules()["text"]
    ends = set(cfg["sentence_end"]) | set("”」』")
    heading_max = cfg["heading_max_chars"]
    paragraphs: list[str] = []
    current = last_line = ""
    blank_run = 0
    for line in lines:
        if not line:
            blank_run += 1
            continue
        if current and _continues(last_line, line, ends, heading_max, blank_run):
            current += line
        else:
            if current:
                paragraphs.append(current)
            current = line
        last_line = line
        blank_run = 0
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _continues(prev: str, nxt: str, ends: set[str], heading_max: int, blank_run: int) -> bool:
    """Is `nxt` the rest of the sentence that the line `prev` broke off?"""
    if prev[-1] in ends:
        return False
    if len(prev) <= heading_max and blank_run and not any(c in ends for c in prev):
        return False  # a short line followed by a blank line is a heading
    if blank_run > 2:
        return False
    return bool(_INNER.match(prev[-1]) and _INNER.match(nxt[0]))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Simplified characters for matching, the same length as `text` so offsets carry over."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    conv = _t2s().convert
    return "".join(c if len(s := conv(c)) != 1 else s for c in text)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t.json")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def canonical_key(name: str) -> str:
    """The normalisation ANNOTATION.md uses to compare names."""
    s = to_simplified(unicodedata.normalize("NFKC", name))
    s = re.sub(r"[“”\"'‘’《》〈〉「」『』\s]", "", s)
    for suffix in ("产业", "行业", "市", "省"):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
            break
    return s
