"""PDF from XSL-FO with Apache FOP.

:func:`render_pdf` runs the ``fop`` command (Debian package ``fop``) on an XSL-FO document
in a private temporary folder and writes the PDF atomically.

Determinism: FOP stamps a PDF with dates (the Info dictionary's ``CreationDate`` and
``ModDate``, XMP ``CreateDate``, ``ModifyDate`` and ``MetadataDate``) and a file ``ID``
digested from them. The XSL-FO written by ``transforms/fo.xsl`` carries XMP metadata in
``fo:declarations`` with ``xmp:CreateDate`` and ``xmp:ModifyDate`` (the edition's publication
date), which FOP copies into the Info dictionary; the one date FOP always sets itself,
``xmp:MetadataDate``, follows ``SOURCE_DATE_EPOCH`` in Debian's FOP (the Reproducible Builds
convention), which this module sets to that same date. Every date being fixed, the ``ID``
is fixed too, and two renders of the same XSL-FO are byte-identical.

Isolation: FOP runs with its own configuration (no font auto-detection, strict validation),
``HOME`` pointing at the temporary folder (no user ``~/.foprc``, no shared font cache), and
every Java network protocol routed to a closed local port, so nothing is fetched; XSL-FO
that refers to anything outside itself (``url(...)``) is refused before FOP starts.
"""

from __future__ import annotations

import calendar
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from tei_edition.fsutil import atomic_write
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.xmlparse import parse_bytes

FO_NS = "http://www.w3.org/1999/XSL/Format"
XMP_NS = "http://ns.adobe.com/xap/1.0/"

FOP_PACKAGE = "fop"
"""The Debian package that provides the ``fop`` command."""

TIMEOUT = 600.0
"""Seconds FOP may take before it is stopped."""

_NO_NETWORK = (
    " ".join(
        f"-D{proto}.proxyHost=127.0.0.1 -D{proto}.proxyPort=9" for proto in ("http", "https", "ftp")
    )
    + " -DsocksProxyHost=127.0.0.1 -DsocksProxyPort=9 -Djava.net.useSystemProxies=false"
)

_CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<fop version="1.0">
  <strict-configuration>true</strict-configuration>
  <strict-validation>true</strict-validation>
  <base>.</base>
  <source-resolution>72</source-resolution>
  <target-resolution>300</target-resolution>
  <default-page-settings height="297mm" width="210mm"/>
  <renderers>
    <renderer mime="application/pdf">
      <fonts/>
    </renderer>
  </renderers>
</fop>
"""

# "[ERROR] FOUserAgent - message" (Debian's wrapper, commons-logging SimpleLog) or
# "SEVERE: message" (java.util.logging, upstream's wrapper).
_LOG_LINE = re.compile(
    r"^(?:\[(?P<level>TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\]\s+(?:[\w.$]+\s+-\s+)?"
    r"|(?P<jul>SEVERE|WARNING|INFO):\s+)(?P<message>.*)$"
)
_POSITION = re.compile(r"\s*\(See position (\d+):(\d+)\)\s*$")
_FILE_PREFIX = re.compile(r"(?:file:)?/\S+?:(\d+):(\d+):\s*")
_EXCEPTION_PREFIX = re.compile(r"^(?:Exception\s*<)?(?:[\w.$]+(?:Exception|Error):\s*)+")
PAGES_ROLE = "te:pages"
"""``role`` of an XSL-FO page list whose repeated pages are merged (see merge_page_lists)."""
PAGE_ROLE = "te:page"

_GLYPH = re.compile(r'Glyph "(.*?)" \((0x[0-9a-fA-F]+)[^)]*\) not available in font "(.*?)"')


@dataclass
class FopResult:
    """What one FOP run produced: the PDF (empty on failure) and the problems it reported."""

    pdf: bytes
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def find_fop() -> str:
    """The path of the ``fop`` command; a clear error naming the package when it is missing."""
    path = shutil.which("fop")
    if not path:
        raise TeiEditionError(
            Issue(
                "fop",
                rule="fop-missing",
                message="Apache FOP is needed to make PDF but the `fop` command was not found: "
                f"install the Debian package `{FOP_PACKAGE}` (apt-get install {FOP_PACKAGE})",
            )
        )
    return path


def fop_available() -> bool:
    """Whether Apache FOP can be run here."""
    try:
        find_fop()
    except TeiEditionError:
        return False
    return True


def _epoch(fo_tree: etree._ElementTree) -> int:
    """Seconds since 1970 for the XSL-FO's ``xmp:CreateDate``; else SOURCE_DATE_EPOCH; else 0."""
    for node in fo_tree.iter(f"{{{XMP_NS}}}CreateDate"):
        text = (node.text or "").strip()
        try:
            stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        if stamp.tzinfo is None:
            return calendar.timegm(stamp.timetuple())
        return int(stamp.timestamp())
    env = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(env) if env.strip().lstrip("-").isdigit() else 0


def _check_self_contained(fo_tree: etree._ElementTree, name: str) -> None:
    """Refuse XSL-FO that refers to external resources: FOP must not fetch anything."""
    problems = []
    for el in fo_tree.iter():
        if not isinstance(el.tag, str) or etree.QName(el).namespace != FO_NS:
            continue
        for attr, value in el.attrib.items():
            if "url(" in value and attr != "external-destination":
                problems.append(
                    Issue(
                        name,
                        el.sourceline or 0,
                        1,
                        rule="fo-external",
                        message=f"XSL-FO refers to an external resource ({attr}={value!r}); "
                        "PDF output is made from self-contained XSL-FO only",
                    )
                )
    if problems:
        raise TeiEditionError(problems)


def parse_fop_log(log: str, name: str) -> list[Issue]:
    """Turn FOP's console output into issues: errors and warnings, each reported once.

    A glyph missing from a font is an error: FOP would print ``#`` in its place.
    """
    issues: list[Issue] = []
    seen: set[tuple[int, int, str]] = set()
    for raw in log.splitlines():
        m = _LOG_LINE.match(raw.strip())
        if not m:
            continue
        level = m.group("level") or m.group("jul")
        if level in ("TRACE", "DEBUG", "INFO"):
            continue
        message = m.group("message").strip()
        line = column = 0
        pos = _POSITION.search(message)
        if pos:
            line, column = int(pos.group(1)), int(pos.group(2))
            message = message[: pos.start()]
        message = _FILE_PREFIX.sub("", message)
        message = _EXCEPTION_PREFIX.sub("", message).strip().rstrip(">").strip()
        severity = "warning" if level in ("WARN", "WARNING") else "error"
        rule = "fop"
        glyph = _GLYPH.search(message)
        if glyph:
            severity, rule = "error", "fop-glyph"
            message = (
                f'character "{glyph.group(1)}" (U+{int(glyph.group(2), 16):04X}) is not in '
                f'the font "{glyph.group(3)}" and would print as "#"'
            )
        key = (line, column, message)
        if not message or key in seen:
            continue
        seen.add(key)
        issues.append(Issue(name, line, column, severity, "fop", rule, message))
    return issues


def _fop_env(work: Path, tree: etree._ElementTree) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "LANG", "LC_ALL", "JAVA_HOME", "JAVA_CMD", "TMPDIR")
    }
    env.update(
        HOME=str(work),
        SOURCE_DATE_EPOCH=str(_epoch(tree)),
        JAVA_ARGS=_NO_NETWORK,  # Debian's java-wrappers
        FOP_OPTS=_NO_NETWORK,  # upstream's fop script
    )
    return env


def _fop(
    fop: str, work: Path, env: dict[str, str], output: list[str], name: str, timeout: float
) -> tuple[int, str]:
    """Run FOP once on ``work/input.fo``; return its exit code and console output."""
    cmd = [fop, "-c", "fop.xconf", "-cache", str(work / "font-cache"), "-fo", "input.fo", *output]
    try:
        proc = subprocess.run(
            cmd,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TeiEditionError(
            Issue(name, rule="fop", message=f"FOP did not finish within {timeout:g} seconds")
        ) from None
    except OSError as exc:
        raise TeiEditionError(
            Issue(name, rule="fop", message=f"cannot run {fop}: {exc.strerror or exc}")
        ) from None
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", errors="replace")


def _failure(issues: list[Issue], code: int, log: str, name: str) -> list[Issue]:
    if any(i.severity == "error" for i in issues):
        return issues
    last = [ln for ln in log.splitlines() if ln.strip()][-1:] or ["no output"]
    return [
        *issues,
        Issue(name, rule="fop", message=f"FOP failed (exit code {code}): {last[0].strip()}"),
    ]


def page_map(area_tree: bytes) -> dict[str, tuple[int, str]]:
    """Where each id of the XSL-FO landed, from FOP's area tree.

    Maps the id to the page's position in the document (0-based) and its printed number.
    The first area an id produced counts, as for ``fo:page-number-citation``.
    """
    tree = parse_bytes(area_tree, "<fop-area-tree>")
    pages: dict[str, tuple[int, str]] = {}
    for index, page in enumerate(tree.iter("pageViewport")):
        number = page.get("formatted-nr") or page.get("nr") or str(index + 1)
        for el in page.iter():
            pid = el.get("prod-id") if isinstance(el.tag, str) else None
            if pid and pid not in pages:
                pages[pid] = (index, number)
    return pages


def _fo(local: str) -> str:
    return f"{{{FO_NS}}}{local}"


def merge_page_lists(fo_tree: etree._ElementTree, pages: dict[str, tuple[int, str]]) -> int:
    """Cite each page once in every page list of the XSL-FO, and join runs into ranges.

    A page list is an element with ``role="te:pages"`` whose ``role="te:page"`` children
    each hold one ``fo:page-number-citation`` and start with their separator (``, ``).
    This does what XSL 1.1's ``fo:index-page-citation-list`` with
    ``merge-sequential-page-numbers="merge"`` asks of a formatter, which FOP lacks: a
    locator whose page an earlier one already cites is dropped, and three or more
    consecutive pages become ``first–last``. Returns the number of locators dropped.
    """
    dropped = 0
    for plist in fo_tree.iter(_fo("inline"), _fo("block")):
        if plist.get("role") != PAGES_ROLE:
            continue
        kept: list[tuple[etree._Element, tuple[int, str] | None]] = []
        seen: set[int] = set()
        for loc in [c for c in plist if isinstance(c.tag, str) and c.get("role") == PAGE_ROLE]:
            cite = next(loc.iter(_fo("page-number-citation")), None)
            where = pages.get(cite.get("ref-id", "")) if cite is not None else None
            if where is not None and where[0] in seen:
                plist.remove(loc)
                dropped += 1
                continue
            if where is not None:
                seen.add(where[0])
            kept.append((loc, where))
        # runs of consecutive numbered pages: keep the first and the last
        i = 0
        while i < len(kept):
            j = i
            while j + 1 < len(kept) and _follows(kept[j][1], kept[j + 1][1]):
                j += 1
            if j - i >= 2:
                for loc, _ in kept[i + 1 : j]:
                    plist.remove(loc)
                    dropped += 1
                kept[j][0].text = "\u2013"
            i = j + 1
    return dropped


def _follows(a: tuple[int, str] | None, b: tuple[int, str] | None) -> bool:
    """Is page b the page after page a, both numbered in arabic figures?"""
    return (
        a is not None
        and b is not None
        and b[0] == a[0] + 1
        and a[1].isdigit()
        and b[1].isdigit()
        and int(b[1]) == int(a[1]) + 1
    )


def run_fop(fo: bytes, *, name: str = "<xsl-fo>", timeout: float = TIMEOUT) -> FopResult:
    """Render XSL-FO to PDF bytes with FOP; the issues FOP reported come back with them.

    When the XSL-FO has page lists (see :func:`merge_page_lists`), FOP first lays the
    document out to an area tree to learn on which page every id falls; the page lists
    are then merged and the PDF made from the result. Pages of the text do not move, as
    page lists stand after everything they cite.

    ``name`` labels the issues (their line and column are positions in the XSL-FO).
    Raises :class:`TeiEditionError` when ``fop`` is missing, the XSL-FO is not well-formed
    or refers to external resources, or FOP cannot run at all.
    """
    fop = find_fop()
    tree = parse_bytes(fo, name)
    _check_self_contained(tree, name)
    has_lists = any(el.get("role") == PAGES_ROLE for el in tree.iter(_fo("inline"), _fo("block")))
    with tempfile.TemporaryDirectory(prefix="tei-edition-fop-") as tmp:
        work = Path(tmp)
        (work / "input.fo").write_bytes(fo)
        (work / "fop.xconf").write_text(_CONFIG, encoding="utf-8")
        env = _fop_env(work, tree)
        if has_lists:
            code, log = _fop(fop, work, env, ["-at", "application/pdf", "pass1.xml"], name, timeout)
            issues = parse_fop_log(log, name)
            area_tree = work / "pass1.xml"
            if code != 0 or not area_tree.is_file() or any(i.severity == "error" for i in issues):
                return FopResult(b"", _failure(issues, code, log, name))
            merge_page_lists(tree, page_map(area_tree.read_bytes()))
            (work / "input.fo").write_bytes(etree.tostring(tree, encoding="UTF-8"))
        code, log = _fop(fop, work, env, ["-pdf", "output.pdf"], name, timeout)
        issues = parse_fop_log(log, name)
        output = work / "output.pdf"
        pdf = output.read_bytes() if output.is_file() else b""
        if code != 0 or not pdf.startswith(b"%PDF-"):
            return FopResult(b"", _failure(issues, code, log, name))
    return FopResult(pdf, issues)


def render_pdf(fo: bytes, out: Path, *, name: str | None = None) -> Path:
    """Render XSL-FO to a PDF file at ``out`` and return its path.

    The file is written whole or not at all. Any error FOP reports (invalid XSL-FO, a
    character missing from a font, a failed run) raises :class:`TeiEditionError` with one
    issue per problem, positioned in the XSL-FO, and ``out`` is left untouched; FOP's
    warnings do not stop the render (use :func:`run_fop` to see them).
    """
    out = Path(out)
    label = name or "<xsl-fo>"
    result = run_fop(fo, name=label)
    if result.errors or not result.pdf:
        raise TeiEditionError(result.errors or [Issue(label, rule="fop", message="no PDF made")])
    return atomic_write(out, result.pdf)
