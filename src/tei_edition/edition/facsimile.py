"""A document's facsimile as the site shows it: its pages, their images and zones.

Read from the TEI the ways editors link images to text:

- ``facsimile/surface/graphic/@url`` (each surface a page; a ``graphic`` directly in
  ``facsimile`` is a page of its own), its ``zone``s with ``@ulx @uly @lrx @lry`` or
  ``@points``, in the surface's coordinates (``surface/@ulx …``) or else the image's pixels;
- ``pb/@facs`` pointing at a surface (``#s1``), at a graphic (``#img1``) or directly at
  an image (``p1.jpg``);
- ``@facs`` on ``line``, ``ab``, ``p``, ``seg``, ``w`` (or any element) pointing at zones;
- a ``sourceDoc``: each of its surfaces a page, its zones and lines the transcription.

An image's ``@url`` relative to the document (through any ``xml:base``) is a file of the
edition folder: looked for beside the document, then in the edition's images folder. An
absolute http(s) address is a remote image and used as given, never fetched: a IIIF image
service (``…/info.json``), a IIIF manifest, or an image file.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from PIL import Image, UnidentifiedImageError

from tei_edition import TEI_NS
from tei_edition.issues import Issue
from tei_edition.read.xmlparse import display_path

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

IMAGE_SUFFIXES = (".tif", ".tiff", ".jpg", ".jpeg", ".png", ".jp2", ".j2k", ".jpx", ".webp", ".gif")
"""The files read as page images (Pillow reads JPEG 2000 where OpenJPEG is installed)."""

RULE = "facsimile"
MAX_PIXELS = 2 * (Image.MAX_IMAGE_PIXELS or 89_478_485)
"""The largest page image tiled: Pillow's own limit (179 megapixels, more than an A3 page at
600 dpi), whose pixels are held in memory at once."""


@dataclass
class Zone:
    """A zone of a page: its key (``@xml:id`` or ``zone-N``) and its box in the image's
    pixels (0 where the image's size is unknown)."""

    key: str
    page: int
    x: int
    y: int
    w: int
    h: int
    text: str = ""  # the words of the text that point here, or of the zone's lines


@dataclass
class Page:
    """One page of the facsimile (a surface, or an image a page break points to)."""

    n: int  # 1-based, in the document's order
    key: str  # the surface's @xml:id or surface-N; for a bare image, image-N
    label: str
    url: str  # as the TEI gives it ('' where the surface has no image)
    kind: str  # "local", "iiif" (remote image service), "image" (remote file),
    # "manifest" (remote IIIF manifest), "link" (another address), "missing", "none"
    path: Path | None = None  # the local file
    remote: str = ""  # the remote address, resolved
    width: int = 0
    height: int = 0
    box: tuple[float, float, float, float] | None = None  # the surface's coordinates
    tokens: list[str] = field(default_factory=list)  # what @facs may say to point here
    text: str = ""  # the page's transcription, as plain text
    line: int = 0  # where the TEI names its image

    @property
    def shown(self) -> bool:
        """Whether a viewer can show the page."""
        return self.kind in ("local", "iiif", "image")


@dataclass
class Facsimile:
    """The facsimile of one document."""

    pages: list[Page] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    refs: dict[str, tuple[int, str]] = field(default_factory=dict)  # @facs token → (page, zone)
    manifests: list[str] = field(default_factory=list)  # remote manifests the TEI names
    source: str = ""  # the source the document transcribes, in words (sourceDesc)
    issues: list[Issue] = field(default_factory=list)
    # each file looked for as a page image, and what was there (file_state): what the
    # facsimile depends on besides its document
    checked: list[tuple[str, str]] = field(default_factory=list)

    @property
    def local(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "local"]

    def __bool__(self) -> bool:
        return any(p.shown for p in self.pages) or bool(self.manifests)


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    found = re.match(r"\s*(-?\d+(?:\.\d+)?)", value)
    return float(found.group(1)) if found else None


def _box(el: etree._Element) -> tuple[float, float, float, float] | None:
    """An element's box from @ulx @uly @lrx @lry, else the bounds of its @points."""
    corners = [_number(el.get(a)) for a in ("ulx", "uly", "lrx", "lry")]
    if all(c is not None for c in corners):
        ulx, uly, lrx, lry = corners  # type: ignore[misc]
        if lrx > ulx and lry > uly:
            return (ulx, uly, lrx, lry)
    points = re.findall(r"(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)", el.get("points", ""))
    if len(points) >= 2:
        xs = [float(x) for x, _ in points]
        ys = [float(y) for _, y in points]
        if max(xs) > min(xs) and max(ys) > min(ys):
            return (min(xs), min(ys), max(xs), max(ys))
    return None


def _base(el: etree._Element) -> str:
    """The xml:base in force at ``el`` (relative to the document), or ''."""
    bases = [a.get(XML_BASE) for a in reversed(list(el.iterancestors())) if a.get(XML_BASE)]
    if el.get(XML_BASE):
        bases.append(el.get(XML_BASE))
    found = ""
    for base in bases:
        found = urljoin(found, base) if found else base  # type: ignore[arg-type]
    return found


def surface_key(el: etree._Element, n: int) -> str:
    return el.get(XML_ID) or f"surface-{n}"


def zone_key(el: etree._Element, n: int) -> str:
    return el.get(XML_ID) or f"zone-{n}"


def file_state(path: Path | str) -> str:
    """What is at ``path`` as far as a facsimile is concerned: the file it resolves to, with
    its size, modification and change times, inode and mode (a file made readable changes
    only the last two), or that there is none."""
    try:
        real = Path(path).resolve()
        st = real.stat()
    except OSError:
        return "none"
    if not real.is_file():
        return f"{real}:not a file"
    return f"{real}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_mode}"


def facsimile_record(facs: Facsimile) -> dict[str, object]:
    """``facs`` as JSON values (:func:`facsimile_from_record` reads it back)."""
    return {
        "pages": [
            [
                p.n,
                p.key,
                p.label,
                p.url,
                p.kind,
                None if p.path is None else str(p.path),
                p.remote,
                p.width,
                p.height,
                None if p.box is None else list(p.box),
                p.tokens,
                p.text,
                p.line,
            ]
            for p in facs.pages
        ],
        "zones": [[z.key, z.page, z.x, z.y, z.w, z.h, z.text] for z in facs.zones],
        "refs": {token: list(at) for token, at in facs.refs.items()},
        "manifests": facs.manifests,
        "source": facs.source,
        "issues": [i.as_dict() for i in facs.issues],
        "checked": [list(c) for c in facs.checked],
    }


def facsimile_from_record(record: dict[str, object]) -> Facsimile:
    """The facsimile of a :func:`facsimile_record`. Raises ``ValueError``, ``TypeError``
    or ``KeyError`` where ``record`` is not one."""
    facs = Facsimile()
    for page in record["pages"]:  # type: ignore[attr-defined]
        n, key, label, url, kind, path, remote, w, h, box, tokens, text, line = page
        facs.pages.append(
            Page(int(n), str(key), str(label), str(url), str(kind),
                 None if path is None else Path(path), str(remote), int(w), int(h),
                 None if box is None else tuple(float(b) for b in box),  # type: ignore[arg-type]
                 [str(t) for t in tokens], str(text), int(line))
        )  # fmt: skip
    for key, page, x, y, w, h, text in record["zones"]:  # type: ignore[attr-defined]
        facs.zones.append(Zone(str(key), int(page), int(x), int(y), int(w), int(h), str(text)))
    facs.refs = {str(t): (int(a), str(b)) for t, (a, b) in record["refs"].items()}  # type: ignore[attr-defined]
    facs.manifests = [str(m) for m in record["manifests"]]  # type: ignore[attr-defined]
    facs.source = str(record["source"])
    facs.issues = [Issue(**i) for i in record["issues"]]  # type: ignore[attr-defined]
    facs.checked = [(str(a), str(b)) for a, b in record["checked"]]  # type: ignore[attr-defined]
    return facs


class _Reader:
    def __init__(self, doc_path: Path, root: Path, images: Path | None) -> None:
        self.doc_path = doc_path
        self.root = root.resolve()
        self.images = images
        self.where = display_path(doc_path)
        self.found = Facsimile()

    def warn(self, el: etree._Element | int, message: str) -> None:
        line = el if isinstance(el, int) else (el.sourceline or 0)
        self.found.issues.append(
            Issue(self.where, line, severity="warning", rule=RULE, message=message)
        )

    def locate(self, el: etree._Element, url: str) -> tuple[str, Path | None, str]:
        """(kind, local file, remote address) of an image's address."""
        url = url.strip()
        joined = urljoin(_base(el), url) if _base(el) else url
        parts = urlsplit(joined)
        if parts.scheme in ("http", "https"):
            path = parts.path.rstrip("/").lower()
            if path.endswith("/info.json"):
                return "iiif", None, joined
            if path.endswith(("manifest", "manifest.json")):
                return "manifest", None, joined
            if path.endswith(IMAGE_SUFFIXES):
                return "image", None, joined
            return "link", None, joined
        if parts.scheme or parts.netloc or not parts.path:
            self.warn(el, f"the image {url!r} is neither a file of the edition nor an http(s) "
                      "address: not shown")  # fmt: skip
            return "missing", None, ""
        rel = unquote(parts.path)
        tries = [self.doc_path.parent / rel]
        if self.images is not None:
            tries.append(self.images / rel.lstrip("/"))
        for candidate in tries:
            self.found.checked.append((str(candidate), file_state(candidate)))
            try:
                real = candidate.resolve()
            except OSError:
                continue
            if real.is_file() and real.is_relative_to(self.root):
                if real.suffix.lower() not in IMAGE_SUFFIXES:
                    self.warn(el, f"the image {url!r} is not a page image this reads "
                              f"({', '.join(IMAGE_SUFFIXES)}): not shown")  # fmt: skip
                    return "missing", None, ""
                return "local", real, ""
        self.warn(el, f"the image {url!r} is not in the edition folder: not shown")
        return "missing", None, ""

    def graphic_of(self, surface: etree._Element) -> etree._Element | None:
        """The surface's image: its first graphic that is a file of the edition, else its
        first graphic."""
        graphics = [g for g in surface.findall(f"{T}graphic") if g.get("url", "").strip()]
        return graphics[0] if graphics else None

    def add_page(self, el: etree._Element, key: str, label: str, url: str) -> Page:
        kind, path, remote = self.locate(el, url) if url else ("none", None, "")
        page = Page(len(self.found.pages) + 1, key, label, url, kind, path, remote)
        page.line = el.sourceline or 0
        pixels = [re.fullmatch(r"\s*(\d+)(?:\.\d+)?\s*(?:px)?\s*", el.get(a, ""))
                  for a in ("width", "height")]  # fmt: skip
        if all(pixels):
            page.width, page.height = (int(m.group(1)) for m in pixels)  # type: ignore[union-attr]
        if kind == "manifest":
            self.found.manifests.append(remote)
        self.found.pages.append(page)
        return page


def read_facsimile(
    tree: etree._ElementTree, doc_path: Path, root: Path, images: Path | None = None
) -> Facsimile:
    """The facsimile of the document ``tree`` (read from ``doc_path``, in the edition
    folder ``root`` whose page images are in ``images``)."""
    r = _Reader(doc_path, root, images)
    tei = tree.getroot()
    # the elements are held in these lists while the function runs: an lxml element's id()
    # is that of its proxy, which lives only as long as a reference to it
    all_surfaces = list(tei.iter(f"{T}surface"))
    all_zones = list(tei.iter(f"{T}zone"))
    surfaces = {id(s): surface_key(s, n) for n, s in enumerate(all_surfaces, 1)}
    zones = {id(z): zone_key(z, n) for n, z in enumerate(all_zones, 1)}
    by_element: dict[int, Page] = {}

    def page_of_surface(surface: etree._Element) -> Page:
        graphic = r.graphic_of(surface)
        label = surface.get("n") or ""
        page = r.add_page(
            graphic if graphic is not None else surface,
            surfaces[id(surface)],
            label,
            graphic.get("url", "") if graphic is not None else "",
        )
        page.box = _box(surface)
        page.tokens.append("#" + surfaces[id(surface)])
        if graphic is not None and graphic.get(XML_ID):
            page.tokens.append("#" + graphic.get(XML_ID))
        if graphic is not None:
            page.tokens.append(graphic.get("url", "").strip())
        by_element[id(surface)] = page
        return page

    top = [s for s in all_surfaces
           if not any(a.tag == f"{T}surface" for a in s.iterancestors())]  # fmt: skip
    sourcedoc_surfaces = [
        s for s in top if any(a.tag == f"{T}sourceDoc" for a in s.iterancestors())
    ]
    for facsimile in tei.iter(f"{T}facsimile"):
        for el in facsimile.iter(f"{T}surface", f"{T}graphic"):
            if el.tag == f"{T}surface" and el in top:
                page_of_surface(el)
            elif el.tag == f"{T}graphic" and el.getparent() is facsimile and el.get("url"):
                page = r.add_page(el, el.get(XML_ID) or f"image-{len(r.found.pages) + 1}",
                                  el.get("n") or "", el.get("url", ""))  # fmt: skip
                page.tokens += ["#" + el.get(XML_ID)] if el.get(XML_ID) else []
                page.tokens.append(el.get("url", "").strip())
    for surface in sourcedoc_surfaces:
        pointed = _first_token(surface.get("facs"))
        known = _page_by_token(r.found, pointed)
        if known is not None and r.graphic_of(surface) is None:
            by_element[id(surface)] = known
            known.tokens.append("#" + surfaces[id(surface)])
            if not known.box:
                known.box = _box(surface)
        else:
            page_of_surface(surface)

    # page breaks that point to an image directly
    text = tei.find(f"{T}text")
    for pb in tei.iter(f"{T}pb"):
        token = _first_token(pb.get("facs"))
        if not token or token.startswith("#") or _page_by_token(r.found, token) is not None:
            continue
        page = r.add_page(pb, f"image-{len(r.found.pages) + 1}", pb.get("n") or "", token)
        page.tokens.append(token)

    for page in r.found.pages:
        for token in page.tokens:
            r.found.refs.setdefault(token, (page.n, ""))

    # sizes of local images (from their headers) before zones are scaled
    for page in r.found.local:
        size = image_size(page.path)  # type: ignore[arg-type]
        if size is None or size[0] * size[1] > MAX_PIXELS:
            why = (
                "cannot be read as an image"
                if size is None
                else f"is larger than {MAX_PIXELS // 1_000_000} megapixels"
            )
            r.warn(page.line, f"the image {page.url!r} {why}: not shown")
            page.kind, page.path = "missing", None
        else:
            page.width, page.height = size
    for page in r.found.pages:
        if not (page.width and page.height) and page.box:
            page.width = int(page.box[2] - page.box[0])
            page.height = int(page.box[3] - page.box[1])

    # zones, in the coordinates of their page's image
    for zone in all_zones:
        owner = next((a for a in zone.iterancestors(f"{T}surface")), None)
        page = by_element.get(id(owner)) if owner is not None else None
        if page is None:
            while owner is not None and id(owner) not in by_element:
                owner = next((a for a in owner.iterancestors(f"{T}surface")), None)
            page = by_element.get(id(owner)) if owner is not None else None
        box = _box(zone)
        if page is None or box is None:
            continue
        x0, y0, x1, y1 = box
        sx = sy = 1.0
        if page.box and page.width and page.height:
            bx0, by0, bx1, by1 = page.box
            sx, sy = page.width / (bx1 - bx0), page.height / (by1 - by0)
            x0, x1, y0, y1 = (x0 - bx0) * sx, (x1 - bx0) * sx, (y0 - by0) * sy, (y1 - by0) * sy
        key = zones[id(zone)]
        r.found.zones.append(
            Zone(key, page.n, round(x0), round(y0), round(x1 - x0), round(y1 - y0))
        )
        r.found.refs.setdefault("#" + key, (page.n, key))
        r.found.refs["#" + key] = (page.n, key)

    _page_texts(r.found, tei, text, by_element, all_surfaces)
    _zone_texts(r.found, tei, all_zones, zones)
    desc = tei.find(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc")
    if desc is not None:
        first = next((e for e in desc.iter(f"{T}bibl", f"{T}biblStruct", f"{T}msIdentifier",
                                           f"{T}p")), None)  # fmt: skip
        said = " ".join("".join(first.itertext()).split()) if first is not None else ""
        r.found.source = said[:500]
    return r.found


def _words(el: etree._Element) -> str:
    pieces: list[str] = []

    def walk(e: etree._Element) -> None:
        if not isinstance(e.tag, str) or e.tag in _SKIPPED:
            return
        if e.text:
            pieces.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(el)
    return " ".join("".join(pieces).split())


def _zone_texts(
    found: Facsimile, tei: etree._Element, all_zones: list[etree._Element], zones: dict[int, str]
) -> None:
    """Each zone's words: those of the elements whose @facs points to it, and a sourceDoc
    zone's own lines."""
    said: dict[str, list[str]] = {}
    for zone in all_zones:
        if any(a.tag == f"{T}sourceDoc" for a in zone.iterancestors()):
            words = _words(zone)
            if words:
                said.setdefault(zones[id(zone)], []).append(words)
    for el in tei.iter():
        if not isinstance(el.tag, str) or not el.get("facs") or el.tag == f"{T}pb":
            continue
        for token in el.get("facs", "").split():
            pointed = found.refs.get(token)
            if pointed and pointed[1]:
                words = _words(el)
                if words:
                    said.setdefault(pointed[1], []).append(words)
    for zone in found.zones:
        zone.text = " ".join(said.get(zone.key, []))


def _first_token(value: str | None) -> str:
    return (value or "").split()[0] if (value or "").split() else ""


def _page_by_token(found: Facsimile, token: str) -> Page | None:
    if not token:
        return None
    for page in found.pages:
        if token in page.tokens:
            return page
    return None


_SKIPPED = {f"{T}note", f"{T}teiHeader", f"{T}facsimile", f"{T}graphic", f"{T}figDesc"}


def _page_texts(
    found: Facsimile,
    tei: etree._Element,
    text: etree._Element | None,
    by_element: dict[int, Page],
    all_surfaces: list[etree._Element],
) -> None:
    """Each page's transcription as plain text: a sourceDoc surface's lines, and the text
    between a page break and the next."""
    parts: dict[int, list[str]] = {}
    for surface in all_surfaces:
        if any(a.tag == f"{T}sourceDoc" for a in surface.iterancestors()):
            page = by_element.get(id(surface))
            if page is None:
                continue
            lines = [" ".join("".join(line.itertext()).split())
                     for line in surface.iter(f"{T}line")]  # fmt: skip
            parts.setdefault(page.n, []).append("\n".join(x for x in lines if x))
    if text is not None:
        current = 0
        words: dict[int, list[str]] = {}

        def walk(el: etree._Element) -> None:
            nonlocal current
            if el.tag == f"{T}pb":
                pointed = found.refs.get(_first_token(el.get("facs")))
                current = pointed[0] if pointed else 0
            elif el.tag in _SKIPPED or not isinstance(el.tag, str):
                pass
            else:
                if el.text and current:
                    words.setdefault(current, []).append(el.text)
                for child in el:
                    walk(child)
                    if child.tail and current:
                        words.setdefault(current, []).append(child.tail)
                return
            # a skipped element's tail still belongs to the text

        walk(text)
        for n, pieces in words.items():
            said = " ".join("".join(pieces).split())
            if said:
                parts.setdefault(n, []).append(said)
    for page in found.pages:
        page.text = "\n".join(p for p in parts.get(page.n, []) if p)


def image_size(path: Path) -> tuple[int, int] | None:
    """An image's width and height as shown (its EXIF orientation applied), from its
    header; None if it cannot be read."""
    try:
        with warnings.catch_warnings():  # the size is checked against MAX_PIXELS instead
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                orientation = img.getexif().get(0x0112, 1)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)
