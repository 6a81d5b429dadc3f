"""Hand-made hostile PDFs for the guard's tests and the benchmark: a dense page, a stream bomb,
junk after a PDF header, a long plan. Built in code (the large ones are never committed)."""

from __future__ import annotations

import zlib
from pathlib import Path

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _stream(data: bytes, compressed: bool) -> bytes:
    head = b"/Filter /FlateDecode " if compressed else b""
    return b"<< " + head + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def write_pdf(path: Path, contents: list[bytes], compressed: list[bool] | None = None) -> Path:
    """A PDF with one A4 page per content stream (Helvetica as /F1), with a correct xref table."""
    compressed = compressed or [False] * len(contents)
    n = len(contents)
    page_ids = [3 + 2 * i for i in range(n)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % i for i in page_ids), n),
    ]
    font_id = 3 + 2 * n
    for i, data in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (font_id, page_ids[i] + 1)
        )
        objects.append(_stream(data, compressed[i]))
    objects.append(_FONT)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def text_page(lines: list[str], size: float = 10.0, leading: float = 14.0) -> bytes:
    """A content stream printing each line from the top of an A4 page."""
    ops = [b"BT /F1 %.2f Tf %.2f TL 40 800 Td" % (size, leading)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("cp1252", "replace") + b") '")
    ops.append(b"ET")
    return b"\n".join(ops)


def dense_page(path: Path, chars: int) -> Path:
    """One page holding `chars` characters in tiny type (what a hostile or broken file may draw)."""
    line = ("Ke hoach so 56 " * 14)[:200]
    return write_pdf(path, [text_page([line] * (chars // len(line)), size=2.0, leading=2.2)])


def stream_bomb(path: Path, inflated_mib: int) -> Path:
    """One page whose content stream is small on disk and inflates to `inflated_mib` MiB of spaces."""
    deflater = zlib.compressobj(9)
    block = b" " * (1 << 20)
    data = b"".join(deflater.compress(block) for _ in range(inflated_mib)) + deflater.flush()
    return write_pdf(path, [data], [True])


def header_then_zeros(path: Path, mib: int) -> Path:
    """A "%PDF-" header followed by zero bytes: no objects, no cross-reference table, no line breaks."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        for _ in range(mib):
            handle.write(bytes(1 << 20))
    return path


def long_plan(path: Path, pages: int, sources: list[Path]) -> Path:
    """A plan of `pages` pages made of the source plans' pages repeated in order (needs pypdf)."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(source) for source in sources]
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for page in (page for reader in readers for page in reader.pages):
            if len(writer.pages) < pages:
                writer.add_page(page)
    with path.open("wb") as handle:
        writer.write(handle)
    return path
