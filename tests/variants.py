"""Distinct copies of corpus PDFs: the same plan under a new name and a new hash, still a valid PDF."""

from __future__ import annotations

from pathlib import Path


def variant_copy(source: Path, target: Path, n: int) -> Path:
    """Copy a PDF and append a PDF comment after its end marker: readers ignore it, the hash changes."""
    target.write_bytes(source.read_bytes().rstrip(b"\r\n") + f"\n%kehoach copy {n}\n".encode())
    return target


def variant_inbox(sources: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` distinct copies of the sources, round robin, as copy_NNN_<name>.pdf in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        variant_copy(sources[i % len(sources)], folder / f"copy_{i:03d}_{sources[i % len(sources)].name}", i)
        for i in range(count)
    ]


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with a real text layer (ASCII lines in Helvetica), e.g. a notice with no tasks."""
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 760 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
