"""Cleans a scanned page image for OCR: drops coloured ink (red seals, blue signatures), straightens a slight
skew, and lifts out the ruled lines of tables so they become table rules instead of OCR noise.
"""

from __future__ import annotations

from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

Image = NDArray[np.uint8]


class ScanSettings(BaseModel):
    """Thresholds of the image clean-up, in pixels at the rendering resolution unless said otherwise."""

    #: a pixel this saturated (HSV, 0-255) and not near black is coloured ink, not print
    ink_saturation: int = 90
    ink_darkness: int = 60
    #: skew angles tried, degrees either way, and the step
    max_skew: float = 3.0
    skew_step: float = 0.1
    #: a rule is at least this share of the page width (horizontal) or height (vertical)
    min_rule_share: float = 0.04
    #: how thick a stroke may be and still count as a rule
    max_rule_thickness: int = 12
    #: a blot of fewer pixels than this with no other ink within `speck_distance` is scanner dust, not a
    #: diacritic or a full stop (those sit a few pixels from their letter)
    max_speck_area: int = 20
    #: a blot longer than this many times its width is a stroke (a hyphen, a list dash), never dust
    max_speck_elongation: float = 2.0
    speck_distance: int = 10
    #: a small blot this far straight above or below a kept one is kept too (a colon's upper dot, by the lower)
    speck_pair_distance: int = 16


class Rule(BaseModel):
    """A ruled line found in the image, in pixels."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float


class CleanPage(BaseModel):
    """A page ready for OCR: grey image without colour ink or rules, the rules it had, and the skew removed."""

    model_config = {"arbitrary_types_allowed": True}

    image: Image
    rules: list[Rule]
    skew: float


def drop_colour_ink(rgb: Image, settings: ScanSettings) -> Image:
    """Greyscale of the page with saturated colours (seals, signatures, highlighter) turned white."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (hsv[:, :, 1] > settings.ink_saturation) & (hsv[:, :, 2] > settings.ink_darkness)
    grey[ink] = 255
    return cast(Image, grey)


def _binary(grey: Image) -> Image:
    """Ink as 255 on 0, by Otsu's threshold."""
    _, inverted = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return cast(Image, inverted)


def estimate_skew(binary: Image, settings: ScanSettings) -> float:
    """The rotation (degrees) that makes text rows sharpest: the angle maximising the row-profile variance."""
    small = cv2.resize(binary, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)
    best, best_score = 0.0, -1.0
    steps = round(settings.max_skew / settings.skew_step)
    for k in range(-steps, steps + 1):
        angle = k * settings.skew_step
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, angle, 1.0), (width, height))
        score = float(np.var(turned.sum(axis=1, dtype=np.float64)))
        if score > best_score:
            best, best_score = angle, score
    return best


def rotate(grey: Image, angle: float) -> Image:
    """The page turned by `angle` degrees about its centre, corners filled white."""
    if abs(angle) < 1e-6:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cast(Image, cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255))


def find_rules(binary: Image, settings: ScanSettings) -> tuple[list[Rule], Image]:
    """Long thin horizontal and vertical strokes (morphological opening), and their mask."""
    height, width = binary.shape
    rules: list[Rule] = []
    mask = np.zeros_like(binary)
    for orientation, length in (("h", width), ("v", height)):
        span = max(int(length * settings.min_rule_share), 10)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1) if orientation == "h" else (1, span))
        lines = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            thickness = h if orientation == "h" else w
            if thickness > settings.max_rule_thickness:
                continue
            rules.append(Rule(orientation=orientation, x0=x, top=y, x1=x + w, bottom=y + h))
        mask |= cast(Image, lines)
    return rules, cast(Image, cv2.dilate(mask, np.ones((3, 3), np.uint8)))


def remove_specks(grey: Image, settings: ScanSettings) -> Image:
    """The page with small isolated blots (dust, scanner speckles) turned white. A small blot near a larger one is
    kept (a diacritic, a full stop), and so is one just above or below a kept dot (a colon's upper dot)."""
    binary = _binary(grey)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    compact = np.maximum(width, height) <= settings.max_speck_elongation * np.minimum(width, height)
    small = (stats[:, cv2.CC_STAT_AREA] < settings.max_speck_area) & compact
    small[0] = False
    if not small.any():
        return grey
    size = 2 * settings.speck_distance + 1
    big = ((~small)[labels] & (binary > 0)).astype(np.uint8)
    kept = _touching(labels, small, cv2.dilate(big, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))))
    column = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 2 * settings.speck_pair_distance + 1))
    kept |= _touching(labels, small, cv2.dilate(kept[labels].astype(np.uint8), column))
    out = grey.copy()
    out[(small & ~kept)[labels]] = 255
    return out


def _touching(labels: NDArray[Any], small: NDArray[np.bool_], reach: NDArray[Any]) -> NDArray[np.bool_]:
    """Which small components have a pixel inside `reach`."""
    touching = np.zeros(small.shape, dtype=bool)
    touching[np.unique(labels[small[labels] & (reach > 0)])] = True
    touching[0] = False
    return touching


def clean_page(rgb: Image, settings: ScanSettings) -> CleanPage:
    """Colour ink dropped, skew removed, rules found and erased: what OCR and the table finder need."""
    grey = drop_colour_ink(rgb, settings)
    skew = estimate_skew(_binary(grey), settings)
    grey = rotate(grey, skew)
    rules, mask = find_rules(_binary(grey), settings)
    grey[mask > 0] = 255
    return CleanPage(image=remove_specks(grey, settings), rules=rules, skew=skew)
