"""Makes the inputs a clerk receives from the corpus PDFs: scans (rasterised, skewed, noisy, a red seal and a blue
signature over the signer, wrapped as image-only PDFs) and copies whose text layer maps to garbage.

    .venv/bin/python -m tests.scankit scan corpus/X.pdf out.pdf --dpi 200 --skew 0.6
    .venv/bin/python -m tests.scankit eval-set .cache/inputs/eval corpus/*.pdf     # what `make eval-inputs` scores
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter
from pydantic import BaseModel


class ScanStyle(BaseModel):
    """How a scan is spoilt: resolution, rotation in degrees, noise level, a seal over the signer."""

    dpi: int = 200
    skew: float = 0.6
    noise: float = 6.0
    speckles: int = 300
    seal: bool = True
    seed: int = 0
    #: 1-based pages to scan (all when empty)
    pages: list[int] = []


def _signer_box(pdf_path: Path) -> tuple[int, tuple[float, float, float, float]] | None:
    """Page index and box of the signature block: the last line on the right half that follows a 'TM.'/'KT.' role."""
    with pdfplumber.open(pdf_path) as pdf:
        for index in range(len(pdf.pages) - 1, -1, -1):
            page = pdf.pages[index]
            words = page.extract_words()
            roles = [w for w in words if w["text"] in {"TM.", "KT.", "CHỦ", "GIÁM"} and w["x0"] > page.width * 0.45]
            if roles:
                top = roles[0]["top"]
                page.close()
                return index, (page.width * 0.55, top, page.width * 0.95, min(top + 150, page.height - 20))
            page.close()
    return None


def _seal(image: Image.Image, box: tuple[float, float, float, float], scale: float, rng: random.Random) -> None:
    """A red round seal with a star and ring text strokes, and a blue signature scribble, over the signer's block."""
    draw = ImageDraw.Draw(image)
    x0, top, x1, bottom = (v * scale for v in box)
    cx, cy = (x0 + x1) / 2 - 30 * scale, (top + bottom) / 2
    radius = 58 * scale
    red = (215, 35, 40)
    for r, width in ((radius, 5), (radius * 0.72, 3)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(width * scale / 2.8) + 1)
    for k in range(40):  # ring lettering as short strokes
        angle = 2 * math.pi * k / 40
        r0, r1 = radius * 0.78, radius * 0.93
        draw.line(
            (
                cx + r0 * math.cos(angle),
                cy + r0 * math.sin(angle),
                cx + r1 * math.cos(angle),
                cy + r1 * math.sin(angle),
            ),
            fill=red,
            width=max(2, int(scale)),
        )
    star = [
        (
            cx + radius * (0.3 if k % 2 else 0.12) * math.cos(math.pi * k / 5 - math.pi / 2),
            cy + radius * (0.3 if k % 2 else 0.12) * math.sin(math.pi * k / 5 - math.pi / 2),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)
    blue = (30, 50, 160)
    points = [
        (cx - radius * 0.2 + t * 6 * scale, cy + 10 * scale * math.sin(t / 2.0) + rng.uniform(-3, 3) * scale)
        for t in range(30)
    ]
    draw.line(points, fill=blue, width=max(2, int(scale * 1.2)))


def _spoil(image: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """Rotate slightly, blur a little, add grain and speckles as a flatbed scanner would."""
    image = image.rotate(style.skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    image = image.filter(ImageFilter.GaussianBlur(0.4))
    if style.noise:
        grain = Image.effect_noise(image.size, style.noise).convert("RGB")
        image = Image.blend(image, grain, 0.08)
    draw = ImageDraw.Draw(image)
    for _ in range(style.speckles):
        x, y = rng.uniform(0, image.width), rng.uniform(0, image.height)
        draw.ellipse((x, y, x + 2, y + 2), fill=(60, 60, 60))
    return image


def scanned_pages(pdf_path: Path, style: ScanStyle) -> Iterator[Image.Image]:
    """Each page of a PDF as a spoilt scan image, one at a time."""
    rng = random.Random(style.seed)
    signer = _signer_box(pdf_path) if style.seal else None
    scale = style.dpi / 72
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for index in range(len(document)):
            if style.pages and index + 1 not in style.pages:
                continue
            page = document[index]
            image = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
            if signer is not None and signer[0] == index:
                _seal(image, signer[1], scale, rng)
            yield _spoil(image, style, rng)
    finally:
        document.close()


def image_pdf(images: Iterator[Image.Image], target: Path, dpi: int) -> Path:
    """Wrap page images as an image-only PDF (JPEG pages, no text layer)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="PDF", resolution=dpi, quality=80)
        writer.add_page(PdfReader(buffer).pages[0])
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def scan_pdf(source: Path, target: Path, style: ScanStyle | None = None) -> Path:
    """An image-only PDF that looks like a scan of `source`."""
    style = style or ScanStyle()
    return image_pdf(scanned_pages(source, style), target, style.dpi)


def mixed_pdf(source: Path, target: Path, scanned: list[int], style: ScanStyle | None = None) -> Path:
    """`source` with the given 1-based pages replaced by scans of themselves (a document with some pages scanned)."""
    from pypdf import PdfReader, PdfWriter

    style = (style or ScanStyle()).model_copy(update={"pages": scanned})
    images = list(scanned_pages(source, style))
    scans = PdfReader(image_pdf(iter(images), target.with_suffix(".scans.pdf"), style.dpi))
    writer = PdfWriter()
    for index, page in enumerate(PdfReader(source).pages, start=1):
        writer.add_page(scans.pages[scanned.index(index)] if index in scanned else page)
    with target.open("wb") as handle:
        writer.write(handle)
    target.with_suffix(".scans.pdf").unlink()
    return target


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4,})>")


def remapped_pdf(source: Path, target: Path, remap: Callable[[str], str]) -> Path:
    """`source` with every font's ToUnicode map passed through `remap`: the pages look the same, the text layer
    reads differently (garbage glyph names, or a legacy encoding)."""
    from pypdf import PdfReader, PdfWriter

    def rewrite(match: re.Match[bytes]) -> bytes:
        text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be")
        return b"<" + match.group(1) + b"> <" + remap(text).encode("utf-16-be").hex().upper().encode() + b">"

    writer = PdfWriter(clone_from=PdfReader(source))
    done: set[int] = set()
    for page in writer.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            unicode_map = font.get_object().get("/ToUnicode")
            if unicode_map is None or unicode_map.idnum in done:
                continue
            done.add(unicode_map.idnum)
            stream = unicode_map.get_object()
            stream.set_data(_BFCHAR.sub(rewrite, stream.get_data()))
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def scramble(text: str) -> str:
    """Letters to unrelated Cyrillic and Armenian glyphs, digits and punctuation kept (a broken font map)."""
    return "".join(chr(0x0531 + (ord(ch) % 38)) if ch.isalpha() else ch for ch in text)


def vni(text: str) -> str:
    """Unicode to VNI-Windows, the inverse of the VNI table the extractor ships."""
    from extractor.read.text_layer import encodings

    inverse = {uni: legacy for legacy, uni in encodings()["vni"].letters.items()}
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _with_gold(gold: Path, target: Path) -> None:
    """The gold file of a variant: the original's, beside the variant under its name."""
    data = json.loads(gold.read_text(encoding="utf-8"))
    data["source"]["file"] = target.name
    (target.parent / f"{target.stem}.gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def eval_set(plans: list[Path], out: Path, dpis: list[int], docx: bool) -> None:
    """Variants of each plan beside its gold (scans at each dpi, a scrambled font map) and the DOCX renders of the
    layout fixtures: `kehoach eval OUT` scores them as separate rows. Existing files are kept (a cache)."""
    out.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        gold = plan.with_suffix(".gold.json")
        for dpi in dpis:
            target = out / f"{plan.stem}__scan{dpi}.pdf"
            if not target.exists():
                scan_pdf(plan, target, ScanStyle(dpi=dpi, seed=dpi))
            _with_gold(gold, target)
        garbled = out / f"{plan.stem}__garbled.pdf"
        if not garbled.exists():
            remapped_pdf(plan, garbled, scramble)
        _with_gold(gold, garbled)
    if docx:
        import sys

        layouts = Path(__file__).resolve().parent / "fixtures" / "layouts"
        sys.path.insert(0, str(layouts))
        import build

        for stem, target in build.docx_renders(out):
            _with_gold(layouts / f"{stem}.gold.json", target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    variants = sub.add_parser("eval-set")
    variants.add_argument("out", type=Path)
    variants.add_argument("plans", type=Path, nargs="+")
    variants.add_argument("--dpi", type=int, action="append")
    variants.add_argument("--no-docx", action="store_true")
    scan = sub.add_parser("scan")
    scan.add_argument("source", type=Path)
    scan.add_argument("target", type=Path)
    scan.add_argument("--dpi", type=int, default=200)
    scan.add_argument("--skew", type=float, default=0.6)
    args = parser.parse_args()
    if args.command == "eval-set":
        eval_set(args.plans, args.out, args.dpi or [200, 300], not args.no_docx)
    if args.command == "scan":
        scan_pdf(args.source, args.target, ScanStyle(dpi=args.dpi, skew=args.skew))


if __name__ == "__main__":
    main()
