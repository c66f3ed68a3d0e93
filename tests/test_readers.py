"""Readers: PDF text layers, encodings, and clear errors naming the file."""
from __future__ import annotations

import pytest

from ingest.readers import ReadError, decode, read_document


def minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF; with `text`, a Helvetica text layer, without, an empty page (like a scan)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_layer_is_read(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(minimal_pdf("Hefei plans quantum industry"))
    text = read_document(pdf).text
    assert "Hefei plans quantum industry" in text


def test_pdf_without_text_is_a_clear_error(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(minimal_pdf(None))
    with pytest.raises(ReadError, match="scan.pdf.*no text layer"):
        read_document(pdf)


def test_broken_pdf_and_unknown_type_name_the_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(ReadError, match="broken.pdf"):
        read_document(bad)
    other = tmp_path / "sheet.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(ReadError, match="sheet.xlsx.*unsupported"):
        read_document(other)


SIMPLIFIED = "合肥市人民政府印发行动方案，提出聚焦量子科技、新能源汽车和集成电路产业。"
TRADITIONAL = "香港特別行政區政府發布創新科技發展藍圖，提出發展人工智能和生命健康科技。"


@pytest.mark.parametrize("text,encoding", [(SIMPLIFIED, "utf-8"), (SIMPLIFIED, "utf-8-sig"), (SIMPLIFIED, "gbk"),
                                           (SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5"),
                                           (TRADITIONAL, "utf-8")])
def test_encodings_are_detected(text, encoding):
    assert decode(text.encode(encoding)) == text
