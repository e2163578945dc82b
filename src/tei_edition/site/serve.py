"""``tei-edition serve``: preview a built site on 127.0.0.1 (Python's http.server).

The preview answers only what a browser on this machine needs: the site's files, an
``index.html`` for a folder, and short error pages. It lists no folders, serves nothing
whose real path (symbolic links resolved) lies outside the site, answers only requests
addressed to a loopback name (a page of another site that a rebinding DNS name points at
127.0.0.1 gets 421), closes connections that stay silent, and answers every bad request
with an error page instead of a traceback on the terminal.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from tei_edition.issues import Issue, UsageError
from tei_edition.read.xmlparse import display_path

#: Seconds a connection may stay silent (or refuse to take data) before it is closed.
IDLE_TIMEOUT = 10.0

STATUS_ROUTE = "/__tei-edition/status"
SCRIPT_ROUTE = "/__tei-edition/live-reload.js"
LIVE_RELOAD = Path(__file__).resolve().parent / "theme" / "live-reload.js"


class Watching(Protocol):
    """What a watched preview asks of its watcher (:class:`tei_edition.site.watch.Watcher`)."""

    def status(self) -> dict[str, object]: ...


# The names a browser on this machine uses for the server, with or without a port.
_LOOPBACK_HOST = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the files under ``directory`` whose real path is inside ``root``."""

    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html",
        ".htm": "text/html",
        ".css": "text/css",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".pdf": "application/pdf",
        ".txt": "text/plain; charset=utf-8",  # the plain-text exports are UTF-8
        ".svg": "image/svg+xml",
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
    }

    def __init__(
        self,
        *args: object,
        directory: str,
        root: str,
        timeout: float,
        watch: Watching | None = None,
    ) -> None:
        self.root = root
        self.timeout = timeout  # read by StreamRequestHandler.setup: the socket's timeout
        self.watch = watch
        self._answered = False
        super().__init__(*args, directory=directory)  # type: ignore[arg-type]

    # -- with --watch: the site's state, and a script that reloads the page -------------

    def do_GET(self) -> None:
        if self.watch is not None and self._watched():
            return
        super().do_GET()

    def _watched(self) -> bool:
        """Answer the requests of a watched preview: its status, its script, and HTML
        pages with that script added (the built files stay as they are)."""
        assert self.watch is not None
        route = urlsplit(self.path).path
        if route == STATUS_ROUTE:
            self._send(json.dumps(self.watch.status()).encode("utf-8"), "application/json")
            return True
        if route == SCRIPT_ROUTE:
            self._send(LIVE_RELOAD.read_bytes(), "text/javascript")
            return True
        path = self.translate_path(self.path)
        if route in ("/", "/index.html") and not os.path.isfile(path):
            self._send(_waiting_page(self.watch.status()), "text/html; charset=utf-8")
            return True  # no site has built yet: say why, and reload when one has
        if not path.endswith(".html") or not os.path.isfile(path):
            return False
        with open(path, "rb") as fh:
            page = fh.read()
        tag = f'<script src="{SCRIPT_ROUTE}" defer></script>'.encode()
        at = page.rfind(b"</body>")
        page = page[:at] + tag + page[at:] if at >= 0 else page + tag
        self._send(page, "text/html; charset=utf-8")
        return True

    def _send(self, data: bytes, media_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    # -- what may be served -------------------------------------------------------------

    def translate_path(self, path: str) -> str:
        """The real path of the file (or, for a URL without its final slash, the folder)
        that ``path`` names; ``""`` (which opens nothing: 404) for a path outside the
        site, a folder without ``index.html``, or a name the file system cannot take."""
        try:
            local = super().translate_path(path)
            real = os.path.realpath(local)
            if not self._inside(real):
                return ""
            if os.path.isdir(real):
                index = os.path.realpath(os.path.join(real, "index.html"))
                if not (self._inside(index) and os.path.isfile(index)):
                    return ""
                # ".../folder/" serves its index; ".../folder" is redirected to it
                return index if local.endswith("/") else real
            return real + "/" if local.endswith("/") else real
        except (ValueError, OSError):  # a NUL byte, an unencodable name, a name too long
            return ""

    def _inside(self, real: str) -> bool:
        return os.path.commonpath([self.root, real]) == self.root

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No folder listings (translate_path leads no request here: a safety net)."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    # -- who may ask ----------------------------------------------------------------------

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1 or (not hosts and self.request_version >= "HTTP/1.1"):
            self.send_error(HTTPStatus.BAD_REQUEST, "One Host header, please")
            return False
        if hosts and not _LOOPBACK_HOST.fullmatch(hosts[0].strip()):
            self.send_error(
                HTTPStatus.MISDIRECTED_REQUEST,
                "Not a local address",
                "This preview answers only to localhost, 127.0.0.1 and [::1].",
            )
            return False
        return True

    # -- errors: answered, never a traceback ---------------------------------------------

    def handle_one_request(self) -> None:
        self._answered = False
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):  # the client left, or went silent
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            _report(self.client_address, exc)
            if not self._answered:
                with contextlib.suppress(Exception):  # the connection may be lost already
                    self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
                    self.wfile.flush()

    def send_response_only(self, code: int, message: str | None = None) -> None:
        self._answered = True
        super().send_response_only(code, message)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: requests and the errors of clients are not logged."""


class PreviewServer(ThreadingHTTPServer):
    """One daemon thread a connection; an error that escapes a handler is one line."""

    daemon_threads = True
    request_queue_size = 64  # a page and its assets arrive together

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, (ConnectionError, TimeoutError)):
            _report(client_address, exc)


def _report(client_address: object, exc: BaseException) -> None:
    host = client_address[0] if isinstance(client_address, tuple) else client_address
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    with contextlib.suppress(Exception):  # no terminal left to report to
        print(f"tei-edition serve: request from {host} failed: {detail}", file=sys.stderr)


def _waiting_page(status: dict[str, object]) -> bytes:
    problems = status.get("problems") or []
    lines = "\n".join(html.escape(str(p)) for p in problems)  # type: ignore[union-attr]
    said = "The edition does not build yet:" if problems else "The site is being built."
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>tei-edition '
        "serve --watch</title></head><body><main><h1>tei-edition serve --watch</h1>"
        f"<p>{said}</p><pre>{lines}</pre></main>"
        f'<script src="{SCRIPT_ROUTE}" defer></script></body></html>'
    ).encode()


def make_server(
    folder: Path,
    port: int = 8000,
    *,
    timeout: float = IDLE_TIMEOUT,
    watch: Watching | None = None,
) -> ThreadingHTTPServer:
    """A server of ``folder`` on 127.0.0.1 (port 0: any free port); a connection silent
    for ``timeout`` seconds is closed. With ``watch`` (``serve --watch``), pages reload
    when the site is rebuilt and show the problems of a change that does not build."""
    folder = Path(folder)
    if watch is None and not (folder / "index.html").is_file():
        raise UsageError(
            Issue(
                display_path(folder),
                rule="io",
                message="holds no built site (index.html): run tei-edition build first",
            )
        )
    handler = functools.partial(
        PreviewHandler,
        directory=str(folder),
        root=os.path.realpath(folder),
        timeout=timeout,
        watch=watch,
    )
    try:
        return PreviewServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(
            Issue("tei-edition", rule="io", message=f"cannot serve on port {port}: {exc.strerror}")
        ) from None
