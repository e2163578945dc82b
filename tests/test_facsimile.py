"""Facsimiles: IIIF level-0 tiles, info.json and Presentation 3 manifests from the editor's
own scans, and the page that shows them (without a browser: tests/test_facsimile_browser.py
drives the viewer)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from iiif_prezi3 import Collection, Manifest
from lxml import html
from PIL import Image

from facsimile_support import LINES, PAGE, facsimile_edition, scan
from site_support import BASE_URL, HEAD
from tei_edition.edition.facsimile import read_facsimile
from tei_edition.read.xmlparse import parse
from tei_edition.site import build_site, iiif
from tei_edition.site.iiif.tiles import Plan

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "corpus2"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("facsimile")
    edition = facsimile_edition(tmp / "edition")
    out = tmp / "out"
    result = build_site(edition, out, pdf=False, search=False)
    return {"edition": edition, "out": out, "result": result, "tmp": tmp}


def infos(out: Path) -> list[Path]:
    return sorted((out / "iiif" / "images").glob("*/info.json"))


def promised(info: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Every file a level-0 client may ask for, by the Image API's canonical form, worked
    out from info.json alone: path → the size of its image."""
    width, height = info["width"], info["height"]
    files: dict[str, tuple[int, int]] = {}
    for size in info["sizes"]:
        w, h = size["width"], size["height"]
        files["full/" + ("max" if (w, h) == (width, height) else f"{w},{h}")] = (w, h)
    for tiles in info["tiles"]:
        tw, th = tiles["width"], tiles.get("height", tiles["width"])
        for factor in tiles["scaleFactors"]:
            for y in range(0, height, th * factor):
                for x in range(0, width, tw * factor):
                    w, h = min(tw * factor, width - x), min(th * factor, height - y)
                    region = "full" if (x, y, w, h) == (0, 0, width, height) else f"{x},{y},{w},{h}"
                    sw, sh = math.ceil(w / factor), math.ceil(h / factor)
                    size = "max" if (sw, sh) == (width, height) else f"{sw},{sh}"
                    files[f"{region}/{size}"] = (sw, sh)
    return {f"{k}/0/default.jpg": v for k, v in files.items()}


def test_every_image_has_an_info_json_of_level_0(built: dict[str, Any]) -> None:
    found = infos(built["out"])
    assert [p.parent.name for p in found] == ["page1-tif", "page2-jpg", "page3-png"]
    for path in found:
        info = json.loads(path.read_text(encoding="utf-8"))
        assert info["@context"] == "http://iiif.io/api/image/3/context.json"
        assert info["type"] == "ImageService3" and info["profile"] == "level0"
        assert info["protocol"] == "http://iiif.io/api/image"
        assert (info["width"], info["height"]) == PAGE
        assert info["id"] == f"{BASE_URL}iiif/images/{path.parent.name}"
        # the smallest scale factor's image fits in a tile
        factor = max(info["tiles"][0]["scaleFactors"])
        assert math.ceil(max(PAGE) / factor) <= info["tiles"][0]["width"]


def test_the_tiles_exist_at_every_size_info_json_promises(built: dict[str, Any]) -> None:
    for path in infos(built["out"]):
        info = json.loads(path.read_text(encoding="utf-8"))
        files = promised(info)
        assert len(files) > 10
        on_disk = {p.relative_to(path.parent).as_posix() for p in path.parent.rglob("*.jpg")}
        assert on_disk == set(files)  # all of them, and nothing else
        for rel, size in files.items():
            with Image.open(path.parent / rel) as img:
                assert img.format == "JPEG" and img.size == size, rel
                assert "exif" not in img.info


def test_a_tile_shows_its_region_of_the_scan(built: dict[str, Any]) -> None:
    # the tile at the full resolution holding the first printed line shows the line's
    # colour where the line is, and the paper elsewhere
    folder = built["out"] / "iiif" / "images" / "page1-tif"
    with Image.open(folder / "0,0,512,512/512,512/0/default.jpg") as tile:
        x0, y0, _, y1 = LINES[0]
        inside = tile.getpixel((x0 + 20, (y0 + y1) // 2))
        outside = tile.getpixel((x0 + 20, y0 - 30))
    assert inside[0] > 90 and inside[1] < 70  # the first page's dark red
    assert min(outside) > 220


def test_the_manifests_load_in_iiif_prezi3(built: dict[str, Any]) -> None:
    folder = built["out"] / "iiif" / "manifests"
    names = sorted(p.name for p in folder.glob("*.json"))
    assert names == ["1850-scans.json", "1851-direct.json", "1852-leaf.json"]
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        Manifest(**data)  # raises on what Presentation 3 does not allow
    coll = json.loads((built["out"] / "iiif" / "collection.json").read_text(encoding="utf-8"))
    Collection(**coll)
    assert [m["id"] for m in coll["items"]] == [f"{BASE_URL}iiif/manifests/{n}" for n in names]


def test_a_manifest_has_a_canvas_a_surface_the_text_and_the_zones(built: dict[str, Any]) -> None:
    path = built["out"] / "iiif" / "manifests" / "1850-scans.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["label"] == {"en": ["Letter with scans"]}
    assert data["homepage"][0]["id"] == f"{BASE_URL}documents/1850-scans.html"
    assert data["requiredStatement"]["value"] == {"en": ["Scans drawn for the tests, three pages."]}
    assert data["rights"].startswith("https://creativecommons.org/licenses/")
    canvases = data["items"]
    assert [c["label"]["none"][0] for c in canvases] == ["1r", "1v", "2r"]
    for canvas, key in zip(canvases, ("page1-tif", "page2-jpg", "page3-png"), strict=True):
        assert (canvas["width"], canvas["height"]) == PAGE
        body = canvas["items"][0]["items"][0]["body"]
        assert body["service"][0]["id"] == f"{BASE_URL}iiif/images/{key}"
        assert canvas["items"][0]["items"][0]["motivation"] == "painting"
    notes = canvases[0]["annotations"][0]["items"]
    assert all(n["motivation"] == "supplementing" for n in notes)
    assert "Line 1 of page 1" in notes[0]["body"]["value"]
    assert "page 2" not in notes[0]["body"]["value"]
    by_target = {n["target"].split("#")[-1]: n["body"]["value"] for n in notes[1:]}
    # the first surface's zones are in coordinates half the scan's: scaled to its pixels
    x0, y0, x1, y1 = LINES[0]
    assert by_target[f"xywh={x0},{y0},{x1 - x0},{y1 - y0}"] == (
        "Line 1 of page 1, as the scan has it."
    )
    x0, y0, x1, y1 = LINES[2]  # the zone given by @points
    assert f"xywh={x0},{y0},{x1 - x0},{y1 - y0}" in by_target


def test_a_sourcedoc_manifest_annotates_its_lines(built: dict[str, Any]) -> None:
    data = json.loads(
        (built["out"] / "iiif" / "manifests" / "1852-leaf.json").read_text(encoding="utf-8")
    )
    notes = data["items"][0]["annotations"][0]["items"]
    assert notes[0]["body"]["value"].splitlines()[:2] == ["Written line 1", "Written line 2"]
    assert len(notes) == 5


def test_the_page_shows_the_images_without_javascript(built: dict[str, Any]) -> None:
    out = built["out"]
    page = html.parse(str(out / "documents" / "1850-scans.html")).getroot()
    img = page.find(".//section[@id='facs']//img")
    assert img is not None and img.get("alt") == "Page image 1r"
    with Image.open((out / "documents" / img.get("src")).resolve()) as shown:
        assert 400 <= shown.size[0] <= 1000  # a middle-size derivative
    breaks = page.findall(".//a[@class='facs-pb']")
    assert [b.get("data-facs-break") for b in breaks] == ["1", "2", "3"]
    for link in breaks:
        assert (out / "documents" / link.get("href")).resolve().is_file()
    manifest = page.find(".//a[@class='iiif-link']")
    assert manifest.get("href") == "../iiif/manifests/1850-scans.json"
    # a line carries its zone, in the scan's pixels
    line = page.find(".//*[@data-facs-zone='p1l2']")
    x0, y0, x1, y1 = LINES[1]
    assert line.get("data-xywh") == f"{x0},{y0},{x1 - x0},{y1 - y0}"
    assert line.get("tabindex") == "0"
    for key in ("p3l10", "p3l9", "p3l8"):  # p, seg, w
        assert page.find(f".//*[@data-facs-zone='{key}']") is not None, key
    # every image is the site's own: no page needs a network connection
    stamp = page.find(".//p[@class='site-stamp']").text_content()
    assert "no page needs a network connection." in stamp
    scripts = [s.get("src") for s in page.iter("script")]
    assert "../theme/vendor/openseadragon/openseadragon.min.js" in scripts
    assert (out / "theme" / "vendor" / "openseadragon" / "LICENSE.txt").is_file()


def test_page_breaks_pointing_at_images_and_a_sourcedoc(built: dict[str, Any]) -> None:
    out = built["out"]
    direct = html.parse(str(out / "documents" / "1851-direct.html")).getroot()
    hrefs = [a.get("href") for a in direct.findall(".//a[@class='facs-pb']")]
    assert hrefs == [
        "../iiif/images/page2-jpg/full/600,850/0/default.jpg",
        "../iiif/images/page3-png/full/600,850/0/default.jpg",
    ]
    leaf = html.parse(str(out / "documents" / "1852-leaf.html")).getroot()
    assert leaf.find(".//*[@data-facs-break='1']") is not None
    zones = leaf.findall(".//*[@data-facs-zone]")
    assert [z.text_content().strip() for z in zones] == [f"Written line {i}" for i in (1, 2, 3, 4)]


def test_a_rebuild_tiles_nothing_and_a_changed_scan_is_tiled_again(
    built: dict[str, Any],
) -> None:
    edition, out = built["edition"], built["out"]
    assert built["result"].tiled == 3
    tile = out / "iiif" / "images" / "page2-jpg" / "full" / "max" / "0" / "default.jpg"
    before = tile.stat().st_ino, tile.read_bytes()
    again = build_site(edition, out, pdf=False, search=False)
    assert again.tiled == 0 and not again.written
    # the scan changes: only it is tiled again, and its tiles show it
    scan(edition / "images" / "page2.jpg", 2)
    third = build_site(edition, out, pdf=False, search=False)
    assert third.tiled == 1
    assert all("page2-jpg" in str(p) or "iiif" not in str(p) for p in third.written)
    assert tile.read_bytes() != before[1]


def test_the_tiles_are_the_same_bytes_from_build_to_build(built: dict[str, Any]) -> None:
    other = built["tmp"] / "again"
    copy = built["tmp"] / "edition-copy"
    shutil.copytree(built["edition"], copy)
    scan(copy / "images" / "page2.jpg", 1)  # as the module's edition had it first
    build_site(copy, other, pdf=False, search=False, jobs=1)
    fresh = built["tmp"] / "fresh"
    build_site(copy, fresh, pdf=False, search=False, jobs=2)

    def digests(out: Path) -> dict[str, str]:
        return {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((out / "iiif").rglob("*"))
            if p.is_file()
        }

    assert digests(other) == digests(fresh)
    assert len(digests(other)) > 50


def test_without_base_url_no_manifest_and_a_notice(tmp_path: Path) -> None:
    edition = facsimile_edition(tmp_path / "edition")
    config = edition / "edition.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f'base_url = "{BASE_URL}"', 'base_url = ""'),
        encoding="utf-8",
    )
    result = build_site(edition, tmp_path / "out", pdf=False, search=False)
    assert not (tmp_path / "out" / "iiif" / "manifests").exists()
    assert any(i.rule == "iiif" and "base_url" in i.message for i in result.notices)
    info = json.loads(
        (tmp_path / "out" / "iiif" / "images" / "page1-tif" / "info.json").read_text("utf-8")
    )
    assert info["id"] == "../page1-tif"  # its own folder, relative to the info.json


def test_an_image_missing_or_outside_the_edition_is_a_warning(tmp_path: Path) -> None:
    edition = facsimile_edition(tmp_path / "edition")
    outside = scan(tmp_path / "secret.png", 0)
    (edition / "documents" / "1853-missing.xml").write_text(
        (edition / "documents" / "1851-direct.xml")
        .read_text(encoding="utf-8")
        .replace("page2.jpg", "nowhere.jpg")
        .replace("../images/page3.png", f"../../{outside.name}")
        .replace("1851-01-01", "1853-01-01"),
        encoding="utf-8",
    )
    result = build_site(edition, tmp_path / "out", pdf=False, search=False)
    said = [i.format() for i in result.issues if i.rule == "facsimile"]
    assert len(said) == 2, said
    assert any("'nowhere.jpg' is not in the edition folder" in s for s in said)
    assert all(s.startswith("documents/1853-missing.xml:") or "1853-missing.xml:" in s
               for s in said)  # fmt: skip
    assert not any("secret" in p.name for p in (tmp_path / "out").rglob("*"))


def test_the_vendored_viewer_is_the_pinned_package() -> None:
    vendored = ROOT / "transforms" / "theme" / "vendor" / "openseadragon"
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = pinned["devDependencies"]["openseadragon"]
    source = (vendored / "SOURCE").read_text(encoding="utf-8")
    digest = hashlib.sha256((vendored / "openseadragon.min.js").read_bytes()).hexdigest()
    assert f"openseadragon@{version}" in source and digest in source
    assert (
        (vendored / "openseadragon.min.js")
        .read_text(encoding="utf-8")
        .startswith(f"//! openseadragon {version}")
    )
    npm = ROOT / "node_modules" / "openseadragon" / "build" / "openseadragon"
    if (npm / "openseadragon.min.js").is_file():
        assert (npm / "openseadragon.min.js").read_bytes() == (
            vendored / "openseadragon.min.js"
        ).read_bytes()


def test_plans_cover_the_image_once_at_every_scale() -> None:
    for size in [(1, 1), (512, 512), (513, 200), (1200, 1700), (4000, 3000)]:
        plan = Plan(*size)
        for factor in plan.scale_factors:
            area = sum(w * h for _, _, (w, h) in plan.tiles(factor))
            lw, lh = plan.level(factor)
            assert area == lw * lh, (size, factor)
        assert max(plan.level(plan.scale_factors[-1])) <= 512


# ------------------------------------------------------------------ the corpora


def corpus_documents() -> list[Path]:
    found = []
    for corpus in CORPORA:
        if not corpus.is_dir():
            continue
        for path in sorted(corpus.rglob("*.xml")):
            head = path.read_bytes()[:2_000_000]
            facsimile = b"<facsimile" in head or b"<sourceDoc" in head or b'facs="' in head
            if facsimile and parse(path).getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI":
                found.append(path)  # documents, not the fragments one of them includes
    return found


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to open a connection, refused and recorded."""
    tried: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return original(self, address)
        tried.append(address)
        raise OSError("no network in this test")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return tried


def test_corpus_facsimiles_are_read_and_remote_images_kept_as_given() -> None:
    documents = corpus_documents()
    if not documents:
        pytest.skip("../shared/corpus and ../shared/corpus2 are absent")
    remote = 0
    for path in documents:
        tree = parse(path)
        facs = read_facsimile(tree, path, path.parent, None)
        urls = {g.get("url") for g in tree.iter("{http://www.tei-c.org/ns/1.0}graphic")}
        for page in facs.pages:
            if page.kind in ("iiif", "image", "manifest", "link"):
                remote += 1
                assert page.url in urls or page.remote.endswith(page.url), page.url
                assert page.remote.startswith(("http://", "https://"))
    assert remote > 0  # kouigenji and lebenswelten name remote images


@pytest.mark.slow
def test_corpus_documents_with_facsimiles_build_and_fetch_nothing(
    tmp_path: Path, no_network: list[Any]
) -> None:
    documents = corpus_documents()
    if not documents:
        pytest.skip("../shared/corpus and ../shared/corpus2 are absent")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    remote_pages = 0
    for n, path in enumerate(documents):
        work = tmp_path / f"d{n}"
        work.mkdir()
        shutil.copy(path, work / path.name)  # a single file is an edition of one
        out = tmp_path / f"out{n}"
        build_site(work / path.name, out, pdf=False, search=False, force=True, jobs=1)
        listing = json.loads((out / "site.json").read_text(encoding="utf-8"))
        page = out / listing["documents"][0]["page"]
        tree = parse(path)
        facs = read_facsimile(tree, path, path.parent, None)
        text = page.read_text(encoding="utf-8")
        for p in facs.pages:
            if p.kind in ("iiif", "image"):  # shown by the viewer from where they are
                remote_pages += 1
                doc = html.fromstring(text)
                assert doc.xpath("//li[@data-info = $u or @data-src = $u]", u=p.remote), p.remote
                # the page's policy lets its images load from their origin, and no other
                policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
                stamp = doc.xpath("//p[@class='site-stamp']")[0].text_content()
                assert "but for the page images some documents show from elsewhere" in stamp
                origin = p.remote.split("/", 3)[:3]
                assert f"img-src 'self' {'/'.join(origin)}" in policy, policy
        assert not (out / "iiif" / "images").exists() or not any(
            (out / "iiif" / "images").iterdir()
        ), path.name  # nothing of theirs is local: nothing tiled
    assert no_network == []
    assert remote_pages > 0


@pytest.mark.slow
def test_the_deposit_carries_the_images_and_the_manifests(tmp_path: Path) -> None:
    from tei_edition.deposit.edition import deposit_edition  # the deposit's layer, here only
    from tei_edition.deposit.verify import verify_bag

    edition = facsimile_edition(tmp_path / "edition")
    bag = tmp_path / "bag"
    deposit_edition(edition, bag, pdf=False)
    data = bag / "data"
    for name in ("page1.tif", "page2.jpg", "page3.png"):
        assert (data / "images" / name).read_bytes() == (edition / "images" / name).read_bytes()
    manifests = sorted(p.name for p in (data / "site" / "iiif" / "manifests").glob("*.json"))
    assert manifests == ["1850-scans.json", "1851-direct.json", "1852-leaf.json"]
    assert (data / "site" / "iiif" / "images" / "page1-tif" / "info.json").is_file()
    manifest = (bag / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/images/page1.tif" in manifest
    assert "data/site/iiif/collection.json" in manifest
    report = verify_bag(bag)
    assert report.ok(), report.issues


def test_the_pdf_page_images_are_asked_for_in_edition_toml(tmp_path: Path) -> None:
    from tei_edition.transform.export import page_images  # the PDF's parameter

    edition = facsimile_edition(tmp_path / "edition")
    letter = edition / "documents" / "1850-scans.xml"
    assert page_images(letter) == ""  # not asked for
    config = edition / "edition.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "pdf_page_images = false", "pdf_page_images = true"
        ),
        encoding="utf-8",
    )
    lines = dict(line.split("\t") for line in page_images(letter).splitlines())
    assert {"#s1", "#s2", "#s3"} <= set(lines)
    data = base64.b64decode(lines["#s3"].removeprefix("data:image/jpeg;base64,"))
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.format == "JPEG" and max(shown.size) == 1400
        assert shown.getpixel((10, 10))[0] > 200  # the paper of the third page
    assert page_images(letter) == "\n".join(f"{k}\t{v}" for k, v in sorted(lines.items()))


@pytest.mark.fop
@pytest.mark.slow
def test_the_pdf_can_hold_the_page_images(tmp_path: Path) -> None:
    from tei_edition.transform.export import export  # the PDF, made by FOP

    if not shutil.which("fop") or not shutil.which("pdfimages"):
        pytest.skip("Apache FOP or pdfimages (poppler-utils) is not installed")
    edition = facsimile_edition(tmp_path / "edition")
    letter = edition / "documents" / "1850-scans.xml"

    def images_in_pdf(folder: Path) -> int:
        (pdf,) = [p for p in export(letter, ["pdf"], folder) if p.suffix == ".pdf"]
        listed = subprocess.run(
            ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        return len(listed)

    assert images_in_pdf(tmp_path / "plain") == 0
    config = edition / "edition.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "pdf_page_images = false", "pdf_page_images = true"
        ),
        encoding="utf-8",
    )
    assert images_in_pdf(tmp_path / "with-images") == 3


def test_a_failed_rebuild_keeps_the_tiles_of_the_site(built: dict[str, Any]) -> None:
    from tei_edition.issues import TeiEditionError  # what a refused build raises

    edition, out = built["edition"], built["out"]
    tiles = sorted(p.relative_to(out) for p in (out / "iiif" / "images").rglob("*.jpg"))
    broken = edition / "documents" / "1849-broken.xml"
    broken.write_text(HEAD + "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "utf-8")
    try:
        with pytest.raises(TeiEditionError):
            build_site(edition, out, pdf=False, search=False)
    finally:
        broken.unlink()
    assert sorted(p.relative_to(out) for p in (out / "iiif" / "images").rglob("*.jpg")) == tiles
    assert not any(out.parent.glob(f".{out.name}.tei-edition-*"))


@pytest.mark.parametrize(
    "src",
    [
        "url('data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=')",
        "url('data:image/jpeg;base64,AAAA') url('file:///etc/passwd')",
        "url('file:///tmp/page.jpg')",
    ],
)
def test_only_an_embedded_jpeg_is_let_into_the_pdf(tmp_path: Path, src: str) -> None:
    from tei_edition.issues import TeiEditionError  # what a refused render raises
    from tei_edition.transform import pdf  # the guard before FOP
    from test_pdf import minimal_fo  # the smallest XSL-FO the PDF tests render

    fo = minimal_fo(f'<fo:block><fo:external-graphic src="{src}"/></fo:block>')
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, tmp_path / "x.pdf")
    assert err.value.issues[0].rule == "fo-external"


def test_a_file_that_is_no_image_is_a_warning_at_its_graphic(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "p1.jpg").write_bytes(b"not a JPEG at all")
    doc = tmp_path / "doc.xml"
    doc.write_text(
        HEAD + '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>\n<facsimile>\n'
        '<surface xml:id="s1">\n<graphic url="p1.jpg"/></surface></facsimile>'
        '<text><body><p><pb facs="#s1"/>x</p></body></text></TEI>',
        encoding="utf-8",
    )
    facs = read_facsimile(parse(doc), doc, tmp_path, tmp_path / "images")
    assert [p.kind for p in facs.pages] == ["missing"]
    (issue,) = facs.issues
    assert issue.line == 6 and issue.severity == "warning"
    assert issue.message == "the image 'p1.jpg' cannot be read as an image: not shown"


def test_a_jpeg_2000_scan_is_tiled_where_pillow_reads_it(tmp_path: Path) -> None:
    from PIL import features  # whether this Pillow was built with OpenJPEG

    from tei_edition.site.iiif.tiles import tile  # one image, here

    if not features.check("jpg_2000"):
        pytest.skip("this Pillow reads no JPEG 2000 (built without OpenJPEG)")
    source = tmp_path / "page.jp2"
    Image.new("RGB", (700, 900), (200, 180, 150)).save(source, "JPEG2000")
    _, files, why = tile((str(source), str(tmp_path / "out"), "../page"))
    assert why == ""
    info = json.loads((tmp_path / "out" / "info.json").read_text(encoding="utf-8"))
    assert (info["width"], info["height"]) == (700, 900)
    assert set(files) == {*promised(info), "info.json"}


def test_a_rebuild_reads_again_only_the_facsimiles_whose_document_or_images_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facsimile of each document is remembered with the states of every file it
    looked for as a page image: a rebuild parses again a document whose content changed,
    or one whose image changed, came or went, and no other."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    edition = facsimile_edition(tmp_path / "edition")
    docs = edition / "documents"
    (docs / "1853-later.xml").write_text(
        (docs / "1851-direct.xml").read_text(encoding="utf-8").replace("page2.jpg", "later.jpg"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = build_site(edition, out, pdf=False, search=False)
    assert any("later.jpg" in i.message for i in first.issues + first.notices)
    read: list[str] = []
    real = iiif.read_facsimile

    def counted(tree, doc_path, root, images=None):  # type: ignore[no-untyped-def]
        read.append(doc_path.name)
        return real(tree, doc_path, root, images)

    monkeypatch.setattr(iiif, "read_facsimile", counted)
    (docs / "1852-leaf.xml").write_text(
        (docs / "1852-leaf.xml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    build_site(edition, out, pdf=False, search=False)
    assert read == ["1852-leaf.xml"]  # the document that changed, and no other
    # the image that was missing comes: the document that looked for it is read again
    read.clear()
    scan(edition / "images" / "later.jpg", 1)
    again = build_site(edition, out, pdf=False, search=False)
    assert read == ["1853-later.xml"]
    assert not any("later.jpg" in i.message for i in again.issues + again.notices)
    manifest = out / "iiif" / "manifests" / "1853-later.json"
    assert "later-jpg" in manifest.read_text(encoding="utf-8")
    # an image's mode changes (made readable, say): its documents are read again
    read.clear()
    os.chmod(edition / "images" / "page3.png", 0o600)
    build_site(edition, out, pdf=False, search=False)
    assert sorted(read) == ["1850-scans.xml", "1851-direct.xml", "1853-later.xml"]
    # a scan replaced by one of another size: the page's size follows
    read.clear()
    img = Image.new("RGB", (600, 900), (250, 246, 236))
    img.save(edition / "images" / "page2.jpg", "JPEG")
    build_site(edition, out, pdf=False, search=False)
    assert sorted(read) == ["1850-scans.xml", "1851-direct.xml"]
    data = json.loads((out / "iiif" / "manifests" / "1851-direct.json").read_text("utf-8"))
    assert {(c["width"], c["height"]) for c in data["items"]} >= {(600, 900)}
