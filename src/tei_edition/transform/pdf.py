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

Archival PDF: with the profile ``pdfa-2b`` (:data:`PDF_PROFILES`) FOP writes PDF/A-2b
(its ``pdf-a-mode`` configuration, as ``fop -pdfprofile "PDF/A-2b"``): every font embedded
and subset, the XMP packet declaring ``pdfaid:part`` 2 and ``pdfaid:conformance`` B, and
the sRGB output intent FOP ships. PDF's base-14 fonts (Times, Helvetica, Courier) cannot
be embedded, so that profile's configuration maps their families to the embeddable
TrueType fonts the project installs (:data:`BASE14_STAND_INS`). A document FOP cannot
make conform (a font it cannot embed) is one error line, and no PDF.

Limits: FOP's Java heap is capped (:data:`FOP_HEAP_MB`), and XSL-FO too large for it
(:data:`MAX_FO_BYTES`, :data:`MAX_BLOCK_CHARS`) is refused before FOP starts. A run that
fails (out of memory, a non-zero exit, no PDF or an incomplete one) is one error naming
the document, and no PDF is written.
"""

from __future__ import annotations

import calendar
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from tei_edition.fsutil import atomic_write
from tei_edition.issues import Issue, Severity, TeiEditionError, UsageError
from tei_edition.read.xmlparse import parse_bytes

FO_NS = "http://www.w3.org/1999/XSL/Format"
XMP_NS = "http://ns.adobe.com/xap/1.0/"

FOP_PACKAGE = "fop"
"""The Debian package that provides the ``fop`` command."""

TIMEOUT = 600.0
"""Seconds FOP may take before it is stopped."""

FOP_HEAP_MB = 2048
"""The most memory FOP's Java heap may take, in MiB (``-Xmx``); the environment variable
``TEI_EDITION_FOP_HEAP_MB`` (a whole number of MiB) overrides it. Without a cap Java takes
up to a quarter of the machine's memory, and one XSL-FO with a 10 MB paragraph grew to
6.4 GB before it failed. FOP holds a page sequence in memory while it lays it out: about
70 to 150 times the XSL-FO's size (the memoir's 0.2 MB within 32 MiB, a corpus document
of 1.8 MB within 256 MiB, one of 2.4 MB within 512 MiB), and far more for one long
paragraph, whose lines it breaks as a whole (256 KiB of text: 750 MB; 512 KiB: 2.2 GB).
A run that needs more ends with an error saying so, and no PDF."""

HEAP_ENV = "TEI_EDITION_FOP_HEAP_MB"
"""The environment variable that overrides :data:`FOP_HEAP_MB`."""

MAX_FO_BYTES = 16 * 2**20
"""The largest XSL-FO made into PDF, in bytes (16 MiB, about a 14 MB TEI document): about
the most FOP lays out within :data:`FOP_HEAP_MB`. Larger XSL-FO is refused, in one line,
before FOP starts (the other formats are not limited)."""

MAX_BLOCK_CHARS = 256 * 1024
"""The most characters of text one block of the XSL-FO (a paragraph, without the blocks
inside it, such as its footnotes) may hold for PDF: FOP's memory grows faster than a
paragraph's length (see :data:`FOP_HEAP_MB`). A longer one is refused, in one line naming
its line in the XSL-FO, before FOP starts."""

_NO_NETWORK = (
    " ".join(
        f"-D{proto}.proxyHost=127.0.0.1 -D{proto}.proxyPort=9" for proto in ("http", "https", "ftp")
    )
    + " -DsocksProxyHost=127.0.0.1 -DsocksProxyPort=9 -Djava.net.useSystemProxies=false"
)


def fop_heap_mb() -> int:
    """FOP's heap cap in MiB: :data:`HEAP_ENV` when set, else :data:`FOP_HEAP_MB`."""
    value = os.environ.get(HEAP_ENV, "").strip()
    if not value:
        return FOP_HEAP_MB
    if not value.isdigit() or int(value) < 1:
        raise UsageError(
            Issue(HEAP_ENV, rule="usage", message=f"must be a whole number of MiB, not {value!r}")
        )
    return int(value)


def _java_options(*, exit_on_oom: bool = True) -> str:
    """The JVM's options: the heap cap, and no network. A JVM that runs one document
    stops at once when its heap is exhausted (rather than running on half-collected)."""
    oom = " -XX:+ExitOnOutOfMemoryError" if exit_on_oom else ""
    return f"-Xmx{fop_heap_mb()}m{oom} {_NO_NETWORK}"


FONT_DIRS = (
    Path("/usr/share/fonts/truetype/freefont"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/droid"),
    Path("/usr/share/fonts/truetype/vlgothic"),
)
"""Where the fonts beyond PDF's base 14 are looked for (Debian's fonts-freefont-ttf,
fonts-dejavu-core, fonts-noto-core and, for Chinese, Japanese and Korean,
fonts-droid-fallback and fonts-vlgothic)."""

FONTS: tuple[tuple[str, dict[tuple[str, str], str]], ...] = (
    (
        "FreeSerif",
        {
            ("normal", "normal"): "FreeSerif.ttf",
            ("italic", "normal"): "FreeSerifItalic.ttf",
            ("normal", "bold"): "FreeSerifBold.ttf",
            ("italic", "bold"): "FreeSerifBoldItalic.ttf",
        },
    ),
    (
        "FreeSans",
        {
            ("normal", "normal"): "FreeSans.ttf",
            ("italic", "normal"): "FreeSansOblique.ttf",
            ("normal", "bold"): "FreeSansBold.ttf",
            ("italic", "bold"): "FreeSansBoldOblique.ttf",
        },
    ),
    (
        "DejaVu Serif",
        {
            ("normal", "normal"): "DejaVuSerif.ttf",
            ("italic", "normal"): "DejaVuSerif-Italic.ttf",
            ("normal", "bold"): "DejaVuSerif-Bold.ttf",
            ("italic", "bold"): "DejaVuSerif-BoldItalic.ttf",
        },
    ),
    (
        "DejaVu Sans",
        {
            ("normal", "normal"): "DejaVuSans.ttf",
            ("italic", "normal"): "DejaVuSans-Oblique.ttf",
            ("normal", "bold"): "DejaVuSans-Bold.ttf",
            ("italic", "bold"): "DejaVuSans-BoldOblique.ttf",
        },
    ),
    (
        "Noto Serif Ethiopic",
        {
            ("normal", "normal"): "NotoSerifEthiopic-Regular.ttf",
            ("normal", "bold"): "NotoSerifEthiopic-Bold.ttf",
        },
    ),
    ("Noto Sans Syriac", {("normal", "normal"): "NotoSansSyriac-Regular.ttf"}),
    ("Noto Serif Hebrew", {("normal", "normal"): "NotoSerifHebrew-Regular.ttf"}),
    ("Noto Sans Math", {("normal", "normal"): "NotoSansMath-Regular.ttf"}),
    (
        "Noto Sans Symbols",
        {
            ("normal", "normal"): "NotoSansSymbols-Regular.ttf",
            ("normal", "bold"): "NotoSansSymbols-Bold.ttf",
        },
    ),
    ("Noto Sans Symbols2", {("normal", "normal"): "NotoSansSymbols2-Regular.ttf"}),
    ("Droid Sans Fallback", {("normal", "normal"): "DroidSansFallbackFull.ttf"}),
    ("VL PGothic", {("normal", "normal"): "VL-PGothic-Regular.ttf"}),
)
"""The font families the stylesheet names after Times and Helvetica, for the characters those
lack (Greek, Cyrillic, Hebrew, Ethiopic, Syriac, symbols; Chinese, Japanese and Korean, set apart
by the stylesheet): each style's file, the regular one
standing in for a style the family does not have. FOP chooses one font for a whole word, so
the first fallbacks (FreeSerif, FreeSans) carry Latin as well as most other scripts."""


PDF_PROFILES: dict[str, str] = {"pdfa-2b": "PDF/A-2b"}
"""The archival profiles a PDF may be made to, by name (as ``--pdf-profile`` takes it), with
FOP's name for each (its ``pdf-a-mode``, ``fop -pdfprofile``). No profile: FOP's plain PDF,
with the base-14 fonts unembedded."""

BASE14_STAND_INS: tuple[tuple[tuple[str, ...], dict[tuple[str, str], str]], ...] = (
    (("Times", "Times-Roman", "Times Roman", "serif", "any"), dict(FONTS)["FreeSerif"]),
    (("Helvetica", "sans-serif", "SansSerif"), dict(FONTS)["FreeSans"]),
    (
        ("Courier", "monospace", "Monospaced"),
        {
            ("normal", "normal"): "FreeMono.ttf",
            ("italic", "normal"): "FreeMonoOblique.ttf",
            ("normal", "bold"): "FreeMonoBold.ttf",
            ("italic", "bold"): "FreeMonoBoldOblique.ttf",
        },
    ),
)
"""For an archival profile, the base-14 families (and FOP's generic names, ``any`` being
its last resort) with the embeddable fonts that stand in for them: GNU FreeFont's Times,
Helvetica and Courier look-alikes (Debian's fonts-freefont-ttf)."""


def check_profile(profile: str | None) -> str:
    """``profile`` when it is one of :data:`PDF_PROFILES` or empty (plain PDF); else a
    usage error naming the profiles."""
    if profile and profile not in PDF_PROFILES:
        raise UsageError(
            Issue(
                "tei-edition",
                rule="usage",
                message=f"unknown PDF profile {profile!r}; choose from {', '.join(PDF_PROFILES)}",
            )
        )
    return profile or ""


def _font_config(profile: str = "") -> str:
    """The fonts element of FOP's configuration: every family of :data:`FONTS` found here,
    and for an archival profile the stand-ins for the base-14 families."""
    lines = []
    families: list[tuple[str, dict[tuple[str, str], str]]] = list(FONTS)
    if profile:
        families += [(name, files) for names, files in BASE14_STAND_INS for name in names]
    for family, files in families:
        regular = _font_file(files[("normal", "normal")])
        if regular is None:
            continue
        for style in ("normal", "italic"):
            for weight in ("normal", "bold"):
                found = _font_file(files.get((style, weight), "")) or regular
                triplet = f'<font-triplet name="{family}" style="{style}" weight="{weight}"/>'
                lines.append(
                    f'        <font kerning="yes" embed-url="{found.as_uri()}" '
                    f'embedding-mode="subset">{triplet}</font>'
                )
    return "\n".join(lines)


def _font_file(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if name and (folder / name).is_file():
            return folder / name
    return None


def _config(profile: str = "") -> str:
    mode = f"<pdf-a-mode>{PDF_PROFILES[profile]}</pdf-a-mode>" if profile else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<fop version="1.0">
  <strict-configuration>true</strict-configuration>
  <strict-validation>true</strict-validation>
  <base>.</base>
  <source-resolution>72</source-resolution>
  <target-resolution>300</target-resolution>
  <default-page-settings height="297mm" width="210mm"/>
  <renderers>
    <renderer mime="application/pdf">{mode}
      <fonts>
{_font_config(profile)}
      </fonts>
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


_EMBEDDED = re.compile(r"url\('data:image/jpeg;base64,[A-Za-z0-9+/=]+'\)")
"""An image the XSL-FO holds itself (a page image: fo.xsl's page-images), fetched from
nowhere."""


def _check_self_contained(fo_tree: etree._ElementTree, name: str) -> None:
    """Refuse XSL-FO that refers to external resources: FOP must not fetch anything."""
    problems = []
    for el in fo_tree.iter():
        if not isinstance(el.tag, str) or etree.QName(el).namespace != FO_NS:
            continue
        for attr, value in el.attrib.items():
            if (
                "url(" in value
                and attr != "external-destination"
                and not _EMBEDDED.fullmatch(value)
            ):
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


def parse_fop_log(log: str, name: str, chars: Collection[str] = ()) -> list[Issue]:
    """Turn FOP's console output into issues: errors and warnings, each reported once.

    A glyph missing from a font is an error: FOP would print ``#`` in its place. FOP
    names a character beyond U+FFFF by its low 16 bits (U+1D11E as 0xd11e) or by its
    two UTF-16 halves (0xd834, 0xdd1e); ``chars``, the characters of the XSL-FO, tell
    which character it was, and the issue names it (U+1D11E).
    """
    issues: list[Issue] = []
    seen: set[tuple[int, int, str]] = set()
    high: tuple[int, int, int, str] | None = None  # a glyph's first UTF-16 half, waiting

    def add(line: int, column: int, severity: Severity, rule: str, message: str) -> None:
        key = (line, column, message)
        if message and key not in seen:
            seen.add(key)
            issues.append(Issue(name, line, column, severity, "fop", rule, message))

    def glyph(line: int, column: int, codes: tuple[int, ...], font: str) -> None:
        found = _glyph_chars(codes, chars)
        said = " or ".join(
            f'"{c}" (U+{ord(c):04X})' if _printable(c) else f"U+{ord(c):04X}" for c in found
        )
        message = f'character {said} is not in the font "{font}" and would print as "#"'
        add(line, column, "error", "fop-glyph", message)

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
        severity: Severity = "warning" if level in ("WARN", "WARNING") else "error"
        found = _GLYPH.search(message)
        if found:
            code, font = int(found.group(2), 16), found.group(3)
            if high is not None and _is_low(code) and high[3] == font:
                glyph(high[0], high[1], (high[2], code), font)
                high = None
                continue
            if high is not None:
                glyph(high[0], high[1], (high[2],), high[3])
                high = None
            if _is_high(code):
                high = (line, column, code, font)
            else:
                glyph(line, column, (code,), font)
            continue
        # a conformance failure of an archival profile (a font FOP cannot embed)
        add(line, column, severity, "fop-pdfa" if "PDF/A" in message else "fop", message)
    if high is not None:
        glyph(high[0], high[1], (high[2],), high[3])
    return issues


def _is_high(code: int) -> bool:
    return 0xD800 <= code <= 0xDBFF


def _is_low(code: int) -> bool:
    return 0xDC00 <= code <= 0xDFFF


def _glyph_chars(codes: tuple[int, ...], chars: Collection[str]) -> list[str]:
    """The character(s) a FOP glyph message means: a pair of UTF-16 halves is one
    character; a lone half, or 16 bits that the XSL-FO has only as the low bits of
    characters beyond U+FFFF, are those characters; else the character of that code."""
    if len(codes) == 2:
        high, low = codes
        return [chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))]
    (code,) = codes
    astral = sorted(c for c in chars if ord(c) > 0xFFFF)
    if _is_high(code) or _is_low(code):
        halves = [c for c in astral if code in _utf16(c)]
        return halves or [chr(code)]
    widened = [c for c in astral if ord(c) & 0xFFFF == code]
    if widened and chr(code) not in chars:
        return widened
    return [chr(code), *widened]


def _utf16(c: str) -> tuple[int, int]:
    n = ord(c) - 0x10000
    return 0xD800 + (n >> 10), 0xDC00 + (n & 0x3FF)


def _printable(c: str) -> bool:
    return unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn")


def _fo_chars(tree: etree._ElementTree) -> set[str]:
    """Every character of the XSL-FO's text."""
    return set("".join(tree.getroot().itertext()))


def _fop_env(work: Path, tree: etree._ElementTree) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "LANG", "LC_ALL", "JAVA_HOME", "JAVA_CMD", "TMPDIR")
    }
    env.update(
        HOME=str(work),
        SOURCE_DATE_EPOCH=str(_epoch(tree)),
        JAVA_ARGS=_java_options(),  # Debian's java-wrappers
        FOP_OPTS=_java_options(),  # upstream's fop script
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


def _log_issues(log: str, name: str, tree: etree._ElementTree) -> list[Issue]:
    """:func:`parse_fop_log`, with the XSL-FO's characters where a glyph is missing."""
    chars = _fo_chars(tree) if "not available in font" in log else set()
    return parse_fop_log(log, name, chars)


def _complete(pdf: bytes) -> bool:
    """Is this a whole PDF file (its header, and its end-of-file marker at the end)?"""
    return pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]


def _failure(issues: list[Issue], code: int, log: str, name: str, pdf: bytes = b"") -> list[Issue]:
    """The problems of a FOP run that made no usable PDF: FOP's errors, or one line
    saying what went wrong (out of memory stands alone, whatever else FOP said)."""
    if "java.lang.OutOfMemoryError" in log:
        return [
            Issue(
                name,
                rule="fop-memory",
                message=f"FOP ran out of memory (its Java heap is capped at {fop_heap_mb()} MiB;"
                f" {HEAP_ENV} sets the cap): no PDF was made",
            )
        ]
    if code < 0:
        return [
            *issues,
            Issue(
                name,
                rule="fop",
                message=f"FOP was stopped by signal {-code} (by the system, perhaps for want of"
                " memory): no PDF was made",
            ),
        ]
    if any(i.severity == "error" for i in issues):
        return issues
    if code != 0:
        last = [ln for ln in log.splitlines() if ln.strip()][-1:] or ["no output"]
        message = f"FOP failed (exit code {code}): {last[0].strip()}"
    elif not pdf:
        message = "FOP exited without an error but wrote no PDF"
    else:
        message = f"FOP wrote an incomplete PDF ({len(pdf):,} bytes): no PDF was made"
    return [*issues, Issue(name, rule="fop", message=message)]


def check_fo_size(fo: bytes, name: str) -> None:
    """Refuse XSL-FO larger than :data:`MAX_FO_BYTES`, in one line, before FOP starts."""
    if len(fo) > MAX_FO_BYTES:
        raise TeiEditionError(
            Issue(
                name,
                rule="pdf-size",
                message=f"the XSL-FO is {len(fo) / 2**20:.1f} MiB, more than the "
                f"{MAX_FO_BYTES / 2**20:g} MiB made into PDF (FOP's memory is capped at "
                f"{fop_heap_mb()} MiB): no PDF was made",
            )
        )


def _check_blocks(fo: bytes, tree: etree._ElementTree, name: str) -> None:
    """Refuse XSL-FO with a block of more than :data:`MAX_BLOCK_CHARS` characters of its
    own text (its inner blocks, such as its footnotes', apart), in one line naming it."""
    if len(fo) <= MAX_BLOCK_CHARS:
        return  # no block can hold more characters than the file has bytes
    block_tag = _fo("block")
    totals: dict[etree._Element, int] = {}
    owner: dict[etree._Element, etree._Element | None] = {}
    for el in tree.iter():
        parent = el.getparent()
        outer = owner.get(parent) if parent is not None else None
        if isinstance(el.tag, str):
            block = el if el.tag == block_tag else outer
            owner[el] = block
            if el.text and block is not None:
                totals[block] = totals.get(block, 0) + len(el.text)
        if el.tail and outer is not None:
            totals[outer] = totals.get(outer, 0) + len(el.tail)
    longest = max(totals.items(), key=lambda item: item[1], default=None)
    if longest is not None and longest[1] > MAX_BLOCK_CHARS:
        block, size = longest
        raise TeiEditionError(
            Issue(
                name,
                block.sourceline or 0,
                1,
                rule="pdf-size",
                message=f"a paragraph of {size:,} characters, more than the "
                f"{MAX_BLOCK_CHARS:,} FOP can set within its memory cap ({fop_heap_mb()} "
                "MiB): no PDF was made",
            )
        )


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


def run_fop(
    fo: bytes, *, name: str = "<xsl-fo>", timeout: float = TIMEOUT, profile: str | None = None
) -> FopResult:
    """Render XSL-FO to PDF bytes with FOP; the issues FOP reported come back with them.

    When the XSL-FO has page lists (see :func:`merge_page_lists`), FOP first lays the
    document out to an area tree to learn on which page every id falls; the page lists
    are then merged and the PDF made from the result. Pages of the text do not move, as
    page lists stand after everything they cite.

    ``name`` labels the issues (their line and column are positions in the XSL-FO).
    ``profile``: an archival profile of :data:`PDF_PROFILES` (``pdfa-2b``), or none.
    Raises :class:`TeiEditionError` when ``fop`` is missing, the XSL-FO is not well-formed,
    refers to external resources or is too large (:data:`MAX_FO_BYTES`,
    :data:`MAX_BLOCK_CHARS`), or FOP cannot run at all. FOP's heap is capped at
    :func:`fop_heap_mb`; a run that exhausts it, exits non-zero or leaves no complete PDF
    comes back with an empty PDF and the error.
    """
    profile = check_profile(profile)
    check_fo_size(fo, name)
    fop = find_fop()
    tree = parse_bytes(fo, name)
    _check_self_contained(tree, name)
    _check_blocks(fo, tree, name)
    has_lists = any(el.get("role") == PAGES_ROLE for el in tree.iter(_fo("inline"), _fo("block")))
    with tempfile.TemporaryDirectory(prefix="tei-edition-fop-") as tmp:
        work = Path(tmp)
        (work / "input.fo").write_bytes(fo)
        (work / "fop.xconf").write_text(_config(profile), encoding="utf-8")
        env = _fop_env(work, tree)
        if has_lists:
            code, log = _fop(fop, work, env, ["-at", "application/pdf", "pass1.xml"], name, timeout)
            issues = _log_issues(log, name, tree)
            area_tree = work / "pass1.xml"
            if (
                code != 0
                or not area_tree.is_file()
                or any(i.severity == "error" for i in issues)
                or "java.lang.OutOfMemoryError" in log
            ):
                return FopResult(b"", _failure(issues, code, log, name))
            merge_page_lists(tree, page_map(area_tree.read_bytes()))
            (work / "input.fo").write_bytes(etree.tostring(tree, encoding="UTF-8"))
        code, log = _fop(fop, work, env, ["-pdf", "output.pdf"], name, timeout)
        issues = _log_issues(log, name, tree)
        output = work / "output.pdf"
        pdf = output.read_bytes() if output.is_file() else b""
        if code != 0 or not _complete(pdf) or "java.lang.OutOfMemoryError" in log:
            return FopResult(b"", _failure(issues, code, log, name, pdf))
    return FopResult(pdf, issues)


# One JVM for many documents: FOP's command line renders one file per run, so this driver
# runs FOP's Java API on one job per line of its input ("INPUT<TAB>OUTPUT<TAB>MIME", with a
# fourth field, the renderer an area tree mimics, for area trees, as `fop -at MIME` does)
# and writes "@@end <code>" to stderr after each, closing that job's log.
_DRIVER = """
import java.io.*;
import javax.xml.transform.*;
import javax.xml.transform.sax.SAXResult;
import javax.xml.transform.stream.StreamSource;
import org.apache.fop.apps.*;
import org.apache.fop.render.Renderer;
import org.apache.fop.render.xml.XMLRenderer;

public class FopBatch {
    public static void main(String[] args) throws Exception {
        FopFactory factory = FopFactory.newInstance(new File(args[0]).getAbsoluteFile());
        TransformerFactory tf = TransformerFactory.newInstance();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line;
        while ((line = in.readLine()) != null) {
            String[] job = line.split("\\t");
            int code = 0;
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(job[1]))) {
                FOUserAgent agent = factory.newFOUserAgent();
                if (job.length > 3) {
                    Renderer target = agent.getRendererFactory().createRenderer(agent, job[3]);
                    XMLRenderer xml = new XMLRenderer(agent);
                    xml.mimicRenderer(target);
                    agent.setRendererOverride(xml);
                }
                Fop fop = factory.newFop(job[2], agent, out);
                tf.newTransformer().transform(new StreamSource(new File(job[0])),
                    new SAXResult(fop.getDefaultHandler()));
            } catch (Throwable e) {
                System.err.println("[ERROR] FOP - " + e);
                code = 1;
            }
            System.err.println("@@end " + code);
            System.err.flush();
        }
    }
}
"""
_END = re.compile(r"^@@end (\d+)$", re.MULTILINE)
_AREA_TREE = "application/X-fop-areatree"


def fop_classpath() -> list[str] | None:
    """The jars Debian's ``fop`` script runs FOP with (its ``find_jars`` lines), or None
    when ``fop`` is another launcher: then every document gets a ``fop`` run of its own."""
    try:
        script = Path(find_fop()).resolve()
        if script.stat().st_size > 100_000:
            return None
        text = script.read_text(encoding="utf-8", errors="replace")
    except (OSError, TeiEditionError):
        return None
    if "java-wrappers" not in text:
        return None
    jars: list[str] = []
    for names in re.findall(r"^find_jars (.+)$", text, re.MULTILINE):
        for name in names.split():
            if name.startswith("$"):
                continue
            jar = Path(name) if name.startswith("/") else Path("/usr/share/java") / f"{name}.jar"
            if jar.is_file():
                jars.append(str(jar))
    return jars if any(Path(j).name.startswith("fop") for j in jars) else None


def _batch(
    java: str, jars: list[str], work: Path, env: dict[str, str], jobs: list[list[str]]
) -> list[tuple[int, str]]:
    """Run the driver once on ``jobs``; each job's exit code and log, in order."""
    (work / "FopBatch.java").write_text(_DRIVER, encoding="utf-8")
    cmd = [
        java, *_java_options(exit_on_oom=False).split(), "-Djava.awt.headless=true",
        "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.SimpleLog",
        "-Dorg.apache.commons.logging.simplelog.defaultlog=INFO",
        "-cp", os.pathsep.join(jars), "FopBatch.java", "fop.xconf",
    ]  # fmt: skip
    lines = "".join("\t".join(job) + "\n" for job in jobs)
    try:
        proc = subprocess.run(
            cmd,
            cwd=work,
            env=env,
            input=lines.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT * max(1, len(jobs)),
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return [(1, "")] * len(jobs)
    log = (proc.stdout + proc.stderr).decode("utf-8", errors="replace")
    results: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(log):
        results.append((int(m.group(1)), log[start : m.start()]))
        start = m.end()
    # a driver that could not start (or stopped) leaves jobs without an end line
    rest = log[start:]
    results.extend([(proc.returncode or 1, rest)] * (len(jobs) - len(results)))
    return results


def run_fop_many(
    fos: list[tuple[bytes, str]], *, timeout: float = TIMEOUT, profile: str | None = None
) -> list[FopResult]:
    """Render many XSL-FO documents (bytes, name) as :func:`run_fop` does, one result each,
    all to the same ``profile``.

    Where FOP's jars can be found (Debian's ``fop``) and there is more than one document,
    the documents are rendered in one JVM per pass (area trees, then PDFs) for each date
    they carry: FOP takes the PDF's metadata date from ``SOURCE_DATE_EPOCH``, which is the
    same for every document of one JVM. Otherwise each document gets its own ``fop`` runs.
    Problems of one document (malformed or not self-contained XSL-FO, FOP's errors) are
    in its result; the others are still rendered.
    """
    profile = check_profile(profile)
    jars = fop_classpath() if len(fos) > 1 else None
    java = shutil.which("java") if jars else None
    results: list[FopResult | None] = [None] * len(fos)
    groups: dict[int, list[tuple[int, etree._ElementTree]]] = {}
    for i, (fo, name) in enumerate(fos):
        try:
            check_fo_size(fo, name)
            tree = parse_bytes(fo, name)
            _check_self_contained(tree, name)
            _check_blocks(fo, tree, name)
        except TeiEditionError as exc:
            results[i] = FopResult(b"", exc.issues)
            continue
        if not (jars and java):
            try:
                results[i] = run_fop(fo, name=name, timeout=timeout, profile=profile)
            except TeiEditionError as exc:
                results[i] = FopResult(b"", exc.issues)
            continue
        groups.setdefault(_epoch(tree), []).append((i, tree))
    for members in groups.values():
        with tempfile.TemporaryDirectory(prefix="tei-edition-fop-") as tmp:
            work = Path(tmp)
            (work / "fop.xconf").write_text(_config(profile), encoding="utf-8")
            env = _fop_env(work, members[0][1])
            for i, _ in members:
                (work / f"{i}.fo").write_bytes(fos[i][0])
            listed = [
                (i, tree)
                for i, tree in members
                if any(
                    el.get("role") == PAGES_ROLE for el in tree.iter(_fo("inline"), _fo("block"))
                )
            ]
            if listed:
                jobs = [
                    [f"{i}.fo", f"{i}.at.xml", _AREA_TREE, "application/pdf"] for i, _ in listed
                ]
                for (i, tree), (code, log) in zip(
                    listed, _batch(java or "java", jars or [], work, env, jobs), strict=True
                ):
                    name = fos[i][1]
                    issues = _log_issues(log, name, tree)
                    area_tree = work / f"{i}.at.xml"
                    if (
                        code != 0
                        or not area_tree.is_file()
                        or any(x.severity == "error" for x in issues)
                        or "java.lang.OutOfMemoryError" in log
                    ):
                        results[i] = FopResult(b"", _failure(issues, code, log, name))
                        continue
                    merge_page_lists(tree, page_map(area_tree.read_bytes()))
                    (work / f"{i}.fo").write_bytes(etree.tostring(tree, encoding="UTF-8"))
            trees = dict(members)
            todo = [i for i, _ in members if results[i] is None]
            jobs = [[f"{i}.fo", f"{i}.pdf", "application/pdf"] for i in todo]
            for i, (code, log) in zip(
                todo, _batch(java or "java", jars or [], work, env, jobs), strict=True
            ):
                name = fos[i][1]
                issues = _log_issues(log, name, trees[i])
                output = work / f"{i}.pdf"
                pdf = output.read_bytes() if output.is_file() else b""
                if code != 0 or not _complete(pdf) or "java.lang.OutOfMemoryError" in log:
                    results[i] = FopResult(b"", _failure(issues, code, log, name, pdf))
                else:
                    results[i] = FopResult(pdf, issues)
    return [r if r is not None else FopResult(b"", []) for r in results]


def render_pdf(
    fo: bytes, out: Path, *, name: str | None = None, profile: str | None = None
) -> Path:
    """Render XSL-FO to a PDF file at ``out`` and return its path; with ``profile``
    ``pdfa-2b`` (:data:`PDF_PROFILES`), an archival PDF/A-2b.

    The file is written whole or not at all. Any error FOP reports (invalid XSL-FO, a
    character missing from a font, a failed run) raises :class:`TeiEditionError` with one
    issue per problem, positioned in the XSL-FO, and ``out`` is left untouched; FOP's
    warnings do not stop the render (use :func:`run_fop` to see them).
    """
    out = Path(out)
    label = name or "<xsl-fo>"
    result = run_fop(fo, name=label, profile=profile)
    if result.errors or not result.pdf:
        raise TeiEditionError(result.errors or [Issue(label, rule="fop", message="no PDF made")])
    return atomic_write(out, result.pdf)
