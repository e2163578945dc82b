"""IIIF Image API 3.0 level 0: static tiles and ``info.json``, written once from a scan.

Level 0 is "a completely static implementation": a viewer asks only for the files
``info.json`` promises, which here are

- tiles of ``TILE`` × ``TILE`` pixels at every scale factor 1, 2, 4 … down to the one at
  which the whole image fits in a tile, at ``{region}/{size}/0/default.jpg`` (``region``
  ``x,y,w,h`` in the full image's pixels, or ``full``; ``size`` ``w,h`` or ``max``, as
  the Image API's canonical form and OpenSeadragon write them);
- the whole image at every one of these scale factors (``sizes``), at
  ``full/{w},{h}/0/default.jpg``, except the full size of an image larger than
  ``MAX_SIZE`` (its tiles show it).

The bytes are the same from one build to the next: JPEG at a fixed quality, neither
optimized nor progressive, no metadata but the scan's colour profile.
"""

from __future__ import annotations

import io
import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from tei_edition.edition.facsimile import MAX_PIXELS
from tei_edition.fsutil import atomic_write

TILE = 512
QUALITY = 85
MAX_SIZE = 2048
"""The largest whole image listed in ``sizes`` (larger images are shown by their tiles)."""
MIDDLE = 1000
"""The width of the derivative shown without JavaScript (the largest size not wider)."""
TILER = "tei-edition tiles 1"
"""Changes whenever the files written from the same scan would differ: part of every
tile's key, so that a new tiler tiles again."""
CONTEXT = "http://iiif.io/api/image/3/context.json"


@dataclass(frozen=True)
class Plan:
    """What ``info.json`` promises for an image of ``width`` × ``height`` pixels."""

    width: int
    height: int

    @property
    def scale_factors(self) -> list[int]:
        factors = [1]
        while (
            math.ceil(self.width / factors[-1]) > TILE
            or math.ceil(self.height / factors[-1]) > TILE
        ):
            factors.append(factors[-1] * 2)
        return factors

    def level(self, factor: int) -> tuple[int, int]:
        """The whole image's size at a scale factor."""
        return math.ceil(self.width / factor), math.ceil(self.height / factor)

    @property
    def sizes(self) -> list[tuple[int, int]]:
        """The whole image's sizes on offer, smallest first."""
        found = [self.level(f) for f in reversed(self.scale_factors)]
        return [s for s in found if s != (self.width, self.height) or max(s) <= MAX_SIZE]

    def size_path(self, size: tuple[int, int]) -> str:
        w, h = size
        return (
            "full/"
            + ("max" if size == (self.width, self.height) else f"{w},{h}")
            + ("/0/default.jpg")
        )

    def tiles(self, factor: int) -> list[tuple[str, tuple[int, int, int, int], tuple[int, int]]]:
        """The tiles at a scale factor: (path, box in the level's pixels, size)."""
        lw, lh = self.level(factor)
        span = TILE * factor
        found = []
        for row in range(math.ceil(lh / TILE)):
            for col in range(math.ceil(lw / TILE)):
                x, y = col * span, row * span
                w, h = min(span, self.width - x), min(span, self.height - y)
                region = (
                    "full"
                    if (x, y, w, h) == (0, 0, self.width, self.height)
                    else (f"{x},{y},{w},{h}")
                )
                sw, sh = min(TILE, lw - col * TILE), min(TILE, lh - row * TILE)
                size = "max" if (sw, sh) == (self.width, self.height) else f"{sw},{sh}"
                box = (col * TILE, row * TILE, col * TILE + sw, row * TILE + sh)
                found.append((f"{region}/{size}/0/default.jpg", box, (sw, sh)))
        return found

    def files(self) -> list[str]:
        """Every file of the image but info.json, each once, sorted."""
        found = {self.size_path(s) for s in self.sizes}
        for factor in self.scale_factors:
            found.update(path for path, _, _ in self.tiles(factor))
        return sorted(found)

    @property
    def middle(self) -> tuple[int, int]:
        """The derivative shown in place of the viewer without JavaScript."""
        fitting = [s for s in self.sizes if s[0] <= MIDDLE]
        return fitting[-1] if fitting else self.sizes[0]

    @property
    def thumbnail(self) -> tuple[int, int]:
        fitting = [s for s in self.sizes if s[0] <= 300]
        return fitting[-1] if fitting else self.sizes[0]

    def info(self, ident: str) -> bytes:
        """``info.json`` for the image service at ``ident``."""
        data = {
            "@context": CONTEXT,
            "id": ident,
            "type": "ImageService3",
            "protocol": "http://iiif.io/api/image",
            "profile": "level0",
            "width": self.width,
            "height": self.height,
            "sizes": [{"width": w, "height": h} for w, h in self.sizes],
            "tiles": [{"width": TILE, "height": TILE, "scaleFactors": self.scale_factors}],
        }
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _rgb(img: Image.Image) -> Image.Image:
    """The scan upright, in 8-bit RGB (or greyscale)."""
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        img = img.point(lambda v: v / 256).convert("L")
    if img.mode not in ("RGB", "L"):
        if "A" in img.getbands() or img.mode == "P":
            img = img.convert("RGBA")
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        else:
            img = img.convert("RGB")
    return img


def _jpeg(img: Image.Image, profile: bytes | None) -> bytes:
    buf = io.BytesIO()
    options = {"quality": QUALITY, "optimize": False, "progressive": False}
    if img.mode == "RGB":
        options["subsampling"] = "4:2:0"
    if profile:
        options["icc_profile"] = profile
    img.save(buf, "JPEG", **options)
    return buf.getvalue()


TileTask = tuple[str, str, str]
"""(the scan, the image's folder in the site, the image service's id)."""


def tile(task: TileTask) -> tuple[str, list[str], str]:
    """Write an image's tiles, sizes and info.json (runs in a worker): (its folder, the
    files written relative to it, '' or why it could not be tiled)."""
    source, folder, ident = task
    out = Path(folder)
    try:
        with warnings.catch_warnings():  # the build read the size: at most MAX_PIXELS
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as opened:
                if opened.size[0] * opened.size[1] > MAX_PIXELS:
                    raise ValueError(f"larger than {MAX_PIXELS // 1_000_000} megapixels")
                profile = opened.info.get("icc_profile")
                img = _rgb(opened)
                img.load()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        return folder, [], f"cannot be read as an image: {exc}"
    if img.mode == "L":
        profile = None  # an RGB profile does not fit a greyscale JPEG
    plan = Plan(*img.size)
    written: list[str] = []
    sizes = set(plan.sizes)
    level = img
    for factor in plan.scale_factors:
        size = plan.level(factor)
        if level.size != size:
            level = level.resize(size, Image.Resampling.LANCZOS)
        for path, box, _ in plan.tiles(factor):
            if path not in written:
                atomic_write(out / path, _jpeg(level.crop(box), profile))
                written.append(path)
        if size in sizes and plan.size_path(size) not in written:
            atomic_write(out / plan.size_path(size), _jpeg(level, profile))
            written.append(plan.size_path(size))
    atomic_write(out / "info.json", plan.info(ident))
    written.append("info.json")
    return folder, sorted(written), ""
