"""Linear-time replacements for three pdfminer routines that are quadratic on hostile input.

- Recovering a Flate stream that fails to inflate: pdfminer retries byte by byte, concatenating the
  output each time, so one flipped bit in a large content stream costs minutes.
- Reading a line forwards or backwards: pdfminer concatenates 4 KiB chunks until a line break, so a
  file with megabytes of junk and no line break (a "%PDF-" header and zero bytes) takes minutes to
  be refused (13 s at 10 MB, over 300 s at 1 GB).
Each returns exactly what pdfminer's own returns; tests compare the two. Installed once when the
PDF reader is imported.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import pdfminer.pdftypes
from pdfminer.psparser import EOL, PSBaseParser

#: pdfminer's own versions, which the tests compare with these
ORIGINAL_DECOMPRESS_CORRUPTED = pdfminer.pdftypes.decompress_corrupted
ORIGINAL_NEXTLINE = PSBaseParser.nextline
ORIGINAL_REVREADLINES = PSBaseParser.revreadlines
#: pdfminer forgives errors only in the stream's last three bytes (its Adler-32 checksum)
_TAIL = 3


def decompress_corrupted(data: bytes) -> bytes:
    """Inflate `data`, tolerating damage in its last three bytes; earlier damage raises zlib.error."""
    inflater = zlib.decompressobj()
    head = max(len(data) - _TAIL, 0)
    parts = [inflater.decompress(data[:head])]
    for index in range(head, len(data)):
        try:
            parts.append(inflater.decompress(data[index : index + 1]))
        except zlib.error:
            break
    return b"".join(parts)


def nextline(self: PSBaseParser) -> tuple[int, bytes]:
    """The next line ending in \\r, \\n or \\r\\n, and its position (PSEOF at the end of the file)."""
    parts: list[bytes] = []
    linepos = self.bufpos + self.charpos
    eol = False
    while True:
        self.fillbuf()
        if eol:
            if self.buf[self.charpos : self.charpos + 1] == b"\n":
                parts.append(b"\n")
                self.charpos += 1
            break
        match = EOL.search(self.buf, self.charpos)
        if match:
            parts.append(self.buf[self.charpos : match.end(0)])
            self.charpos = match.end(0)
            if parts[-1][-1:] != b"\r":
                break
            eol = True
        else:
            parts.append(self.buf[self.charpos :])
            self.charpos = len(self.buf)
    return (linepos, b"".join(parts))


def revreadlines(self: PSBaseParser) -> Iterator[bytes]:
    """The file's lines from the last backwards, each with its leading line break (not the first line)."""
    self.fp.seek(0, io.SEEK_END)
    pos = self.fp.tell()
    later: list[bytes] = []  # the pieces of the line being assembled, last piece first
    while pos > 0:
        prevpos = pos
        pos = max(0, pos - self.BUFSIZ)
        self.fp.seek(pos)
        chunk = self.fp.read(prevpos - pos)
        if not chunk:
            break
        while True:
            cut = max(chunk.rfind(b"\r"), chunk.rfind(b"\n"))
            if cut == -1:
                later.append(chunk)
                break
            yield chunk[cut:] + b"".join(reversed(later))
            chunk = chunk[:cut]
            later = []


def install() -> None:
    """Make pdfminer use the linear versions."""
    pdfminer.pdftypes.decompress_corrupted = decompress_corrupted
    PSBaseParser.nextline = nextline  # type: ignore[method-assign]
    PSBaseParser.revreadlines = revreadlines  # type: ignore[method-assign]
