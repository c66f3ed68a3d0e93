"""Read a source file into text: .txt and .md (UTF-8, GBK / GB18030, Big5 detected), .html, .pdf, .docx."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textnorm import strip_controls

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


class ReadError(Exception):
    """A file could not be read; the message names the file and says why."""


# Bytes that decode in no candidate encoding are replaced (U+FFFD) when there are
# at most a few of them or this share of the text; beyond it the file is taken to
# be in some other encoding.
MAX_BAD_BYTES = 16
MAX_BAD_BYTE_SHARE = 0.01
# Packed formats are unpacked within bounds: a .docx whose parts unpack past this, or pack
# tighter than a text ever does, is refused before it is parsed (a "zip bomb" would take every
# byte of memory); a PDF declaring more pages than this is refused before its pages are read.
MAX_UNPACKED_BYTES = 48 * 2**20
MAX_PACK_RATIO = 120
MAX_PDF_PAGES = 2000


@dataclass
class Read:
    text: str
    title: str = ""  # '' when the format does not carry one
    data: bytes = b""  # the file's bytes (its hash keys the stored version)
    notes: list[str] = field(default_factory=list)  # what had to be repaired, for the user


def read_document(path: Path) -> Read:
    """A file's text and title, and what had to be repaired on the way. No control character
    survives reading (textnorm.strip_controls): they are removed and counted."""
    read = _read(path)
    read.text, removed = strip_controls(read.text)
    read.title = strip_controls(read.title)[0]
    if removed:
        read.notes.append(f"{removed} control character(s) removed")
    return read


def _read(path: Path) -> Read:
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
        return Read(_pdf(path, data), data=data)
    if suffix == ".docx":
        return Read(_docx(path, data), data=data)
    text, replaced = decode_counting(data, path)
    notes = [f"{replaced} undecodable byte(s) replaced by \ufffd"] if replaced else []
    if suffix in (".html", ".htm"):
        body, title = _html(text)
        return Read(body, title, data, notes)
    return Read(text, "", data, notes)


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """UTF-8 (with or without BOM); else GB18030 (a superset of GBK / GB2312) or Big5 (traditional
    characters, Hong Kong and Taiwan), told apart by a detector when both decode; else the candidate
    with the fewest undecodable bytes, when they are few (replaced); else a detector's guess."""
    return decode_counting(data, path)[0]


def decode_counting(data: bytes, path: Path | str = "<bytes>") -> tuple[str, int]:
    """`decode`, and how many bytes had to be replaced."""
    head = data[:4096]
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13))
    if controls >= 3 and controls > len(head) // 20 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{path}: looks like a binary file, not text")  # a stray control byte in a text is removed
    try:
        return data.decode("utf-8-sig"), 0
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
        return next(iter(candidates.values())), 0
    if len(candidates) == 2:
        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best() if len(data) >= 24 else None
        return candidates.get(best.encoding if best else "gb18030", candidates["gb18030"]), 0
    for encoding in ("utf-8-sig", "gb18030", "big5"):  # a few bad bytes in an otherwise good text
        repaired = data.decode(encoding, errors="replace")
        bad = repaired.count("\ufffd")
        if bad <= max(MAX_BAD_BYTES, MAX_BAD_BYTE_SHARE * len(repaired)):
            return repaired, bad
    best = from_bytes(data).best()
    if best is None:
        raise ReadError(f"{path}: cannot tell the text encoding (not UTF-8, GB18030 or Big5)")
    return str(best), 0


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
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        if not isinstance(declared, int) or declared > MAX_PDF_PAGES:
            raise ReadError(f"{path}: refused: the PDF declares {declared} pages (limit {MAX_PDF_PAGES})")
        pages = []
        for n, page in enumerate(reader.pages):
            if n >= MAX_PDF_PAGES:
                raise ReadError(f"{path}: refused: the PDF has more than {MAX_PDF_PAGES} pages")
            pages.append(page.extract_text() or "")
        text = "\n".join(pages)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"{path}: not a readable PDF: {exc}") from exc
    if not text.strip():
        raise ReadError(f"{path}: the PDF has no text layer (scanned?)")
    return text


def _docx(path: Path, data: bytes) -> str:
    import io
    import zipfile

    import docx

    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"{path}: not a readable .docx: {exc}") from exc
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"{path}: refused: it unpacks to {unpacked // 2**20} MB (limit {MAX_UNPACKED_BYTES // 2**20} MB)")
    packed = max(1, sum(p.compress_size for p in parts))
    if unpacked > 2**20 and unpacked / packed > MAX_PACK_RATIO:
        raise ReadError(f"{path}: refused: it unpacks {unpacked // packed} times its size (limit {MAX_PACK_RATIO}), "
                        "as no document does")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(f"{path}: not a readable .docx: {exc}") from exc
    return "\n".join(p.text for p in document.paragraphs)
