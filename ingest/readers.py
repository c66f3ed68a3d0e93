"""Read a source file into text: .txt and .md (UTF-8, GBK / GB18030, Big5 detected), .html, .pdf, .docx."""
from __future__ import annotations

from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


class ReadError(Exception):
    """A file could not be read; the message names the file and says why."""


def read_document(path: Path) -> tuple[str, str]:
    """(text, title). Title is '' when the format does not carry one."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(f"{path}: unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUPPORTED)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReadError(f"{path}: the file is empty")
    if suffix in (".pdf",):
        return _pdf(path, data), ""
    if suffix == ".docx":
        return _docx(path, data), ""
    text = decode(data, path)
    if suffix in (".html", ".htm"):
        return _html(text)
    return text, ""


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """UTF-8 (with or without BOM); else GB18030 (a superset of GBK / GB2312) or Big5 (traditional
    characters, Hong Kong and Taiwan), told apart by a detector when both decode; else a detector's guess."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    candidates = {}
    for encoding in ("gb18030", "big5"):
        try:
            candidates[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    if len(candidates) == 2:
        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best() if len(data) >= 24 else None
        return candidates.get(best.encoding if best else "gb18030", candidates["gb18030"])
    best = from_bytes(data).best()
    if best is None:
        raise ReadError(f"{path}: cannot tell the text encoding (not UTF-8, GB18030 or Big5)")
    return str(best)


def _html(text: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe"]):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = [el.get_text(" ", strip=True) for el in main.find_all(["h1", "h2", "h3", "h4", "p", "li", "td"])]
    body = "\n".join(b for b in blocks if b) or main.get_text("\n", strip=True)
    return body, title


def _pdf(path: Path, data: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:
        raise ReadError(f"{path}: not a readable PDF: {exc}") from exc
    if not text.strip():
        raise ReadError(f"{path}: the PDF has no text layer (scanned?)")
    return text


def _docx(path: Path, data: bytes) -> str:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(f"{path}: not a readable .docx: {exc}") from exc
    return "\n".join(p.text for p in document.paragraphs)
