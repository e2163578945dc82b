"""Time the facsimiles: IIIF level-0 tiling per megapixel, and what page images add to a
site's build.

    .venv/bin/python bench/iiif_bench.py [--images 100] [--size 1600x2200] [--jobs 0]

It draws ``--images`` scans with Pillow (pages with printed lines), then

1. tiles a few of them one after another in this process: seconds per megapixel (one
   core);
2. builds the site of an edition of ten documents that link all the scans (pb/@facs to
   surfaces with zones), and the site of the same documents without their facsimiles: the
   difference is what the images add (tiling in ``--jobs`` worker processes, default one
   a core, the manifests, the viewer);
3. builds the site with images again, nothing changed: it must tile nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from facsimile_support import LINES, scan  # noqa: E402
from site_support import HEAD, make_edition  # noqa: E402
from tei_edition.site import build_site  # noqa: E402
from tei_edition.site.iiif.tiles import tile  # noqa: E402


def document(n: int, pages: list[str], size: tuple[int, int]) -> str:
    """A document whose pages are the scans ``pages`` (file names in images/)."""
    w, h = size
    surfaces, text = [], []
    for k, name in enumerate(pages, 1):
        zones = "".join(
            f'<zone xml:id="d{n}p{k}l{i}" ulx="{x0 * w // 1200}" uly="{y0 * h // 1700}"'
            f' lrx="{x1 * w // 1200}" lry="{y1 * h // 1700}"/>'
            for i, (x0, y0, x1, y1) in enumerate(LINES, 1)
        )
        surfaces.append(f'<surface xml:id="d{n}s{k}"><graphic url="{name}"/>{zones}</surface>')
        lines = "".join(
            f'<ab facs="#d{n}p{k}l{i}">Line {i} of page {k} of document {n}.</ab>'
            for i in range(1, len(LINES) + 1)
        )
        text.append(f'<pb n="{k}" facs="#d{n}s{k}"/>{lines}')
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Bench document {n}</title><author>A. Clerk</author></titleStmt>
      <publicationStmt><publisher>Bench</publisher></publicationStmt>
      <sourceDesc><bibl>Scans drawn for the bench.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="{1900 + n}">{1900 + n}</date></creation>
      <textClass><keywords><term type="kind">Letter</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <facsimile>{"".join(surfaces)}</facsimile>
  <text><body><div>{"".join(text)}</div></body></text>
</TEI>
"""


def edition(folder: Path, images: list[Path], size: tuple[int, int], with_images: bool) -> Path:
    make_edition(folder)
    if with_images:
        shutil.copytree(images[0].parent, folder / "images")
    per = max(1, len(images) // 10)
    for n in range(0, len(images), per):
        names = [p.name for p in images[n : n + per]]
        text = document(n // per + 1, names, size)
        if not with_images:
            text = re.sub(r"<facsimile>.*</facsimile>", "", text, flags=re.S)
            text = re.sub(r' facs="[^"]*"', "", text)
        (folder / "documents" / f"bench-{n // per + 1:02d}.xml").write_text(text, "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--size", default="1600x2200", help="each scan's WIDTHxHEIGHT")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: a core each)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    megapixels = w * h / 1e6
    report: dict[str, object] = {"images": args.images, "size": [w, h]}
    with tempfile.TemporaryDirectory(prefix="iiif-bench-") as tmp:
        work = Path(tmp)
        scans = []
        for i in range(args.images):
            path = work / "scans" / f"scan{i:03d}.jpg"
            scan(path, i)
            if (w, h) != (1200, 1700):
                from PIL import Image  # the bench's own scans, at the size asked for

                with Image.open(path) as img:
                    img.resize((w, h)).save(path, "JPEG", quality=90)
            scans.append(path)

        # 1. tiling, one image after another, here
        sample = scans[: min(5, len(scans))]
        start = time.perf_counter()
        for n, path in enumerate(sample):
            folder = work / "tiles" / str(n)
            _, files, why = tile((str(path), str(folder), f"../{n}"))
            assert not why, why
        seconds = time.perf_counter() - start
        report["tiling_s_per_megapixel"] = seconds / (megapixels * len(sample))
        report["tiles_per_image"] = len(files)

        # 2. a site with the images, and the same site without them
        jobs = args.jobs or None
        plain = edition(work / "plain", scans, (w, h), with_images=False)
        start = time.perf_counter()
        build_site(plain, work / "site-plain", pdf=False, search=False, jobs=jobs)
        report["build_without_images_s"] = time.perf_counter() - start
        shown = edition(work / "shown", scans, (w, h), with_images=True)
        start = time.perf_counter()
        first = build_site(shown, work / "site-shown", pdf=False, search=False, jobs=jobs)
        report["build_with_images_s"] = time.perf_counter() - start
        report["extra_s"] = report["build_with_images_s"] - report["build_without_images_s"]
        report["tiled"] = first.tiled

        # 3. the same again, nothing changed
        start = time.perf_counter()
        again = build_site(shown, work / "site-shown", pdf=False, search=False, jobs=jobs)
        report["rebuild_s"] = time.perf_counter() - start
        report["rebuild_tiled"] = again.tiled
        report["rebuild_written"] = len(again.written)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"{args.images} scans of {w}×{h} ({megapixels:.1f} megapixels each)")
    print(f"tiling: {report['tiling_s_per_megapixel']:.3f} s per megapixel on one core "
          f"({report['tiles_per_image']} files an image)")  # fmt: skip
    print(f"site without images: {report['build_without_images_s']:.1f} s; with them: "
          f"{report['build_with_images_s']:.1f} s ({report['tiled']} tiled); "
          f"extra: {report['extra_s']:.1f} s")  # fmt: skip
    print(
        f"rebuild, nothing changed: {report['rebuild_s']:.1f} s, "
        f"{report['rebuild_tiled']} tiled, {report['rebuild_written']} file(s) written"
    )
    if report["rebuild_tiled"]:
        sys.exit("a rebuild with no image changed tiled images")


if __name__ == "__main__":
    main()
