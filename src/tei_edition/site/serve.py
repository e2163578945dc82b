"""``tei-edition serve``: preview a built site on 127.0.0.1 (Python's http.server)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tei_edition.issues import Issue, UsageError
from tei_edition.xmlparse import display_path


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(folder: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server of ``folder`` on 127.0.0.1 (port 0: any free port)."""
    folder = Path(folder)
    if not (folder / "index.html").is_file():
        raise UsageError(
            Issue(
                display_path(folder),
                rule="io",
                message="holds no built site (index.html): run tei-edition build first",
            )
        )
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(
            Issue("tei-edition", rule="io", message=f"cannot serve on port {port}: {exc.strerror}")
        ) from None
