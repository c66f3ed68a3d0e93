"""A document's title: the headline a reader would call it by, not the page furniture around it.

Web pages saved as text or HTML open with breadcrumbs (首页 > 新闻频道 > 天津 > 正文), navigation
bars (首页|必读|视频), site names, dates and source lines; their <title> is often the breadcrumb
itself. The title is the first line that is none of these: a headline as it stands, a paragraph
cut at its first sentence end (at most TITLE_CHARS characters). A document with no such line is
called by its key, never by a path on the machine that ingested it.
"""
from __future__ import annotations

import re

from textnorm import to_simplified

TITLE_CHARS = 40  # a title longer than this is cut (a whole first paragraph is no title)
MIN_CHARS = 6  # shorter lines are headings or labels (导语, 发展目标, 查看原文), not titles
LINES_READ = 20  # only the top of a document is looked at

# Matched on simplified text (traditional pages give the same furniture).
_BREADCRUMB = re.compile(r" > |>>|->|›|»|当前位置|您现在的位置|您的位置|现在的位置|首页")
_NAVIGATION = re.compile(r"(?:[^|｜]{0,12}[|｜]){3,}")  # 手机|互联网|IT|5G|…
_SOURCE = re.compile(r"来源\s*[:：]|稿源|发布时间|发稿时间|责任编辑|编辑\s*[:：|｜]|作者\s*[:：]|^\s*文\s*[|｜]|"
                     r"点击次数|浏览次数|阅读量|投稿|门户|网站|手机版|客户端|正在加载|业务合作|综合报[道导]|"
                     r"^[^/]{1,12}/[^/]{1,12}/|@|https?://|www\.|\.com|\.cn\b")
_DATE = re.compile(r"^\W*(?:date\s*)?(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|"
                   r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\W*", re.I)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SITE_SUFFIX = re.compile(r"\s*(?:[_｜|]| - | — |-{2,})\s*[^_｜|]{1,20}$")  # 标题_网易新闻, 标题 - 科技日报
_SENTENCE_END = "。！？!?；;"
_ABSOLUTE = re.compile(r"^(?:/|[A-Za-z]:[\\/]|\\\\|~/)")


def pick_title(text: str, given: str = "", key: str = "") -> str:
    """The title of a document: `given` (an HTML <title>) when it is a real one, else the first
    real line of `text`, else `key` (the document's key; an absolute path is cut to its file name)."""
    for candidate in (_without_site(given), *_lines(text)):
        title = _title_of(candidate)
        if title:
            return title
    return _key_name(key)


def usable_title(title: str, key: str = "") -> str:
    """A stored title as the app shows it: documents ingested before titles were picked carry
    breadcrumbs or paths; those are shown by `key` instead."""
    title = (title or "").strip()
    if title and not _ABSOLUTE.match(title) and not is_furniture(title):
        return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS] + "…"
    return _key_name(key)


def is_furniture(line: str) -> bool:
    """A breadcrumb, navigation bar, date, source or site line, or one too short to be a title."""
    s = to_simplified(line).strip()
    if len(s) < MIN_CHARS or _BREADCRUMB.search(s) or _NAVIGATION.search(s) or _SOURCE.search(s):
        return True
    if not _CJK.search(s) and len(s) < 20:  # SMARTSUPERV,COM; 09/03/2026 13:54
        return True
    rest = _DATE.sub("", s, count=1) if _DATE.match(s) else s
    return len(rest) < MIN_CHARS


def _title_of(line: str) -> str:
    line = re.sub(r"\s+", " ", line or "").strip().lstrip("•·*#■●◆▪-—– ").strip()
    if not line or is_furniture(line):
        return ""
    half = len(line) // 2
    if len(line) % 2 == 0 and line[:half] == line[half:]:  # a headline printed twice in a row
        line = line[:half]
    m = _DATE.match(to_simplified(line))
    if m:  # " date 2025-08-10 大陸自年初…": the words after the date
        line = line[m.end():].strip()
    for i, ch in enumerate(line[:TITLE_CHARS]):
        if ch in _SENTENCE_END:
            return line[: i + 1] if ch in "。！？!?" else line[:i]
    return line if len(line) <= TITLE_CHARS else line[:TITLE_CHARS] + "…"


def _lines(text: str) -> list[str]:
    return [l for l in (text or "").split("\n") if l.strip()][:LINES_READ]


def _without_site(title: str) -> str:
    """标题_网易新闻 -> 标题, when what is left is still a title."""
    title = (title or "").strip()
    head = _SITE_SUFFIX.sub("", title)
    return head if len(head) >= MIN_CHARS else title


def _key_name(key: str) -> str:
    key = (key or "").strip()
    if _ABSOLUTE.match(key):
        return re.split(r"[\\/]", key.rstrip("\\/"))[-1]
    return key
