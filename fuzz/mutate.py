"""Mutations of real plan files for fuzzing the reading edge: byte, bit, token and structure edits.

Each mutant is a pure function of (source bytes, seed), so a failure found in a fuzz run is
reproduced from its source file and seed alone. Structure edits know PDF objects and streams
(their content streams are inflated, edited as tokens and deflated again) and DOCX parts (XML
edited inside the zip).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]

#: values that break parsers: huge, negative, fractional, non-numbers, delimiters, names, keywords
INTERESTING = [
    b"0",
    b"-1",
    b"1e308",
    b"99999999999999999999",
    b"-0.0",
    b"4294967296",
    b"0.000001",
    b"/x74",
    b"/",
    b"(",
    b")",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"<",
    b">",
    b"{",
    b"null",
    b"true",
    b"R",
    b"0 0 R",
    b"999 0 R",
    b"obj",
    b"endobj",
    b"stream",
    b"endstream",
    b"/Type",
    b"/Page",
    b"/Pages",
    b"/Length",
    b"/Filter /FlateDecode",
    b"/Filter /LZWDecode",
    b"%",
    b"\\",
    b"\x00",
    b"\xff\xfe",
    b"BT",
    b"ET",
    b"Tf",
    b"Tj",
    b"TJ",
    b"cm",
    b"re",
    b"Do",
    b"q",
    b"Q",
]
_TOKEN = re.compile(rb"-?\d+(?:\.\d+)?|/[^\s/\[\]<>(){}%]+|<<|>>|[\[\]]|\b[A-Za-z]{1,12}\b")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b.*?endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_REF = re.compile(rb"\b(\d+)\s+(\d+)\s+R\b")


# --- bytes and bits ---------------------------------------------------------------------------


def overwrite_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def delete_range(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 4096) :]


def duplicate_range(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    piece = data[at : at + rng.randint(1, 4096)]
    to = rng.randrange(len(data))
    return data[:to] + piece * rng.randint(1, 4) + data[to:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


# --- tokens -----------------------------------------------------------------------------------


def _edit_tokens(data: bytes, rng: random.Random, edits: int) -> bytes:
    tokens = list(_TOKEN.finditer(data))
    if not tokens:
        return overwrite_bytes(data, rng)
    chosen = sorted(rng.sample(tokens, min(edits, len(tokens))), key=lambda m: m.start(), reverse=True)
    out = data
    for match in chosen:
        action = rng.randrange(3)
        if action == 0:
            new = rng.choice(INTERESTING)
        elif action == 1:
            new = b""
        else:
            new = match.group(0) * 2
        out = out[: match.start()] + new + out[match.end() :]
    return out


def replace_tokens(data: bytes, rng: random.Random) -> bytes:
    """Replace, drop or double a few PDF tokens (numbers, names, delimiters, keywords)."""
    return _edit_tokens(data, rng, rng.randint(1, 6))


def edit_number(data: bytes, rng: random.Random) -> bytes:
    """Change one number: the issue's "/MediaBox[0 0 595.303937007874" → "595.30393700/x74" kind."""
    numbers = [m for m in _TOKEN.finditer(data) if m.group(0)[:1].isdigit() or m.group(0)[:1] == b"-"]
    if not numbers:
        return flip_bits(data, rng)
    match = rng.choice(numbers)
    token = match.group(0)
    cut = rng.randrange(len(token) + 1)
    new = token[:cut] + rng.choice([b"/x74", b".", b"-", b"e9", b"999999999", b"", b" "]) + token[cut + 1 :]
    return data[: match.start()] + new + data[match.end() :]


# --- structure --------------------------------------------------------------------------------


def _spans(pattern: re.Pattern[bytes], data: bytes) -> list[re.Match[bytes]]:
    return list(pattern.finditer(data))


def drop_object(data: bytes, rng: random.Random) -> bytes:
    objects = _spans(_OBJECT, data)
    if not objects:
        return delete_range(data, rng)
    match = rng.choice(objects)
    return data[: match.start()] + data[match.end() :]


def swap_objects(data: bytes, rng: random.Random) -> bytes:
    objects = _spans(_OBJECT, data)
    if len(objects) < 2:
        return duplicate_range(data, rng)
    a, b = sorted(rng.sample(objects, 2), key=lambda m: m.start())
    return data[: a.start()] + b.group(0) + data[a.end() : b.start()] + a.group(0) + data[b.end() :]


def redirect_reference(data: bytes, rng: random.Random) -> bytes:
    """Point one "N G R" reference at another object, itself, or nothing."""
    refs = _spans(_REF, data)
    if not refs:
        return replace_tokens(data, rng)
    match = rng.choice(refs)
    target = rng.choice([rng.choice(refs).group(1), b"0", b"99999", match.group(1)])
    return data[: match.start()] + target + b" 0 R" + data[match.end() :]


def _stream_edit(data: bytes, rng: random.Random, edit: Mutation) -> bytes:
    streams = _spans(_STREAM, data)
    if not streams:
        return replace_tokens(data, rng)
    match = rng.choice(streams)
    raw = match.group(1)
    try:
        inner = zlib.decompress(raw)
        new = zlib.compress(edit(inner, rng) if inner else inner)
    except zlib.error:
        new = edit(raw, rng) if raw else raw
    return data[: match.start(1)] + new + data[match.end(1) :]


def edit_content(data: bytes, rng: random.Random) -> bytes:
    """Inflate one stream, edit its tokens (operators, coordinates, fonts), deflate it again."""
    return _stream_edit(data, rng, lambda inner, r: _edit_tokens(inner, r, r.randint(1, 12)))


def scramble_stream(data: bytes, rng: random.Random) -> bytes:
    """Flip bits inside one (inflated) stream's data."""
    return _stream_edit(data, rng, flip_bits)


def cut_stream(data: bytes, rng: random.Random) -> bytes:
    """Cut one stream's raw bytes short (its /Length now lies)."""
    streams = _spans(_STREAM, data)
    if not streams:
        return truncate(data, rng)
    match = rng.choice(streams)
    keep = rng.randrange(len(match.group(1)) + 1)
    return data[: match.start(1) + keep] + data[match.end(1) :]


PDF_MUTATIONS: dict[str, Mutation] = {
    "overwrite_bytes": overwrite_bytes,
    "flip_bits": flip_bits,
    "insert_bytes": insert_bytes,
    "delete_range": delete_range,
    "duplicate_range": duplicate_range,
    "truncate": truncate,
    "replace_tokens": replace_tokens,
    "edit_number": edit_number,
    "drop_object": drop_object,
    "swap_objects": swap_objects,
    "redirect_reference": redirect_reference,
    "edit_content": edit_content,
    "scramble_stream": scramble_stream,
    "cut_stream": cut_stream,
}


# --- DOCX: edits of the XML parts inside the zip ----------------------------------------------


def _docx_parts(data: bytes, rng: random.Random, edit: Mutation) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(info, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError, NotImplementedError, RuntimeError):
        return flip_bits(data, rng)  # a zip an earlier edit broke gets byte edits instead
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml") or "rels" in info.filename]
    if xml:
        index = rng.choice(xml)
        info, body = members[index]
        members[index] = (info, edit(body, rng) if body else body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, body in members:
            target.writestr(info, body)
    return out.getvalue()


_XML_TOKEN = re.compile(rb"<[^<>]{1,80}>|\"[^\"]{0,40}\"|\d+")


def edit_xml(data: bytes, rng: random.Random) -> bytes:
    """Drop, double or scramble tags, attribute values and numbers in one XML part."""

    def edit(body: bytes, r: random.Random) -> bytes:
        tokens = list(_XML_TOKEN.finditer(body))
        if not tokens:
            return flip_bits(body, r)
        match = r.choice(tokens)
        new = r.choice([b"", match.group(0) * 2, b"<", b"&", b'"-1"', b"99999999", b"<w:tbl>", r.randbytes(8)])
        return body[: match.start()] + new + body[match.end() :]

    return _docx_parts(data, rng, edit)


DOCX_MUTATIONS: dict[str, Mutation] = {
    "overwrite_bytes": overwrite_bytes,
    "flip_bits": flip_bits,
    "truncate": truncate,
    "delete_range": delete_range,
    "edit_xml": edit_xml,
    "flip_xml_bits": lambda data, rng: _docx_parts(data, rng, flip_bits),
    "cut_xml": lambda data, rng: _docx_parts(data, rng, truncate),
}


def mutate(data: bytes, seed: int, kind: str = "pdf") -> tuple[bytes, str]:
    """One mutant of `data` and the names of the edits made (one to three edits, chosen by the seed)."""
    rng = random.Random(seed)
    table = DOCX_MUTATIONS if kind == "docx" else PDF_MUTATIONS
    names = [rng.choice(sorted(table)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    out = data
    for name in names:
        if out:
            out = table[name](out, rng)
    return out, "+".join(names)
