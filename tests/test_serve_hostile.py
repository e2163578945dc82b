"""`tei-edition serve` against hostile or careless clients: folder listings, symbolic
links out of the site, foreign Host headers (DNS rebinding), malformed requests, clients
that go silent or leave mid-answer, and many requests at once.

Each test starts the server in this process on a free loopback port and talks to it with
raw sockets or http.client; every wait is bounded in time."""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tei_edition.site import serve as serve_module
from tei_edition.site.serve import make_server

SECRET = "TOP SECRET, outside the site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small built site, and beside it a folder that must never be served."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "index.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")

    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<h1>Home of the edition</h1>", encoding="utf-8")
    (out / "style.css").write_text("body { margin: 0 }", encoding="utf-8")
    (out / "app.js").write_text("console.log(1);", encoding="utf-8")
    (out / "data.json").write_text('{"a": 1}', encoding="utf-8")
    (out / "doc.xml").write_text("<TEI/>", encoding="utf-8")
    (out / "doc.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (out / "doc.txt").write_text("Mikoján – Микоян", encoding="utf-8")
    pagefind = out / "pagefind"
    pagefind.mkdir()
    (pagefind / "pagefind.js").write_text("export {};", encoding="utf-8")
    (pagefind / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    (pagefind / "pagefind.en.pf_meta").write_bytes(b"\x1f\x8b meta")
    (pagefind / "wasm.en.pagefind").write_bytes(b"\x1f\x8b wasm")

    plain = out / "plain"  # a folder without index.html
    plain.mkdir()
    (plain / "alpha-file.html").write_text("<p>alpha</p>", encoding="utf-8")
    (plain / "beta-file.txt").write_text("beta", encoding="utf-8")
    with_index = out / "withindex"
    with_index.mkdir()
    (with_index / "index.html").write_text("<p>the folder's own page</p>", encoding="utf-8")

    (out / "leak.txt").symlink_to(outside / "secret.txt")
    (out / "leakdir").symlink_to(outside, target_is_directory=True)
    trap = out / "trap"  # a folder whose index.html leads outside
    trap.mkdir()
    (trap / "index.html").symlink_to(outside / "index.html")
    (out / "alias.txt").symlink_to(out / "doc.txt")  # a link inside the site is fine
    return out


@contextlib.contextmanager
def serving(folder: Path, timeout: float = 5.0) -> Iterator[int]:
    server = make_server(folder, 0, timeout=timeout)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def exchange(port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """Send ``request`` and read the answer until the server closes (HTTP/1.0)."""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(ConnectionError):
            sock.sendall(request)
        chunks = []
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except ConnectionError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0].split()
    if not answer.startswith(b"HTTP/"):
        # a request line of one or two words is HTTP/0.9, answered by a page without
        # a status line: http.server's error page still names the status
        found = re.search(rb"<p>Error code: (\d{3})</p>", answer)
        assert found, answer[:200]
        return int(found.group(1))
    assert len(line) >= 2, answer[:200]
    return int(line[1])


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes, bytes]:
    """Status, head and body of ``GET path`` (Host: 127.0.0.1:PORT unless given)."""
    host = host if host is not None else f"127.0.0.1:{port}"
    answer = exchange(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    return status_of(answer), head, body


def handler_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_folder_without_index_is_not_listed(site: Path) -> None:
    with serving(site) as port:
        for path in ("/plain/", "/plain", "/plain/?C=M;O=A", "/pagefind/"):
            status, _, body = get(port, path)
            assert status == 404, (path, status)
            for name in (b"alpha-file", b"beta-file", b"pagefind.js"):
                assert name not in body, (path, body)
        # a folder with an index serves it (after the redirect to its final slash)
        status, head, body = get(port, "/withindex/")
        assert (status, body) == (200, b"<p>the folder's own page</p>")
        status, head, _ = get(port, "/withindex")
        assert status == 301 and b"Location: /withindex/\r\n" in head
        assert get(port, "/")[::2] == (200, b"<h1>Home of the edition</h1>")


@pytest.mark.parametrize(
    "path", ["/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/leakdir", "/trap/", "/trap"]
)
def test_a_symlink_out_of_the_site_is_not_served(site: Path, path: str) -> None:
    with serving(site) as port:
        status, _, body = get(port, path)
        assert status in (403, 404), status
        assert SECRET.encode() not in body
        assert b"secret.txt" not in body


def test_a_symlink_inside_the_site_is_served(site: Path) -> None:
    with serving(site) as port:
        assert get(port, "/alias.txt")[::2] == (200, "Mikoján – Микоян".encode())


@pytest.mark.parametrize(
    "path",
    [
        "/../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/..%2foutside%2fsecret.txt",
        "/plain/../../outside/secret.txt",
        "//../outside/secret.txt",
        "/%2E%2E%5Coutside%5Csecret.txt",
    ],
)
def test_path_traversal_stays_blocked(site: Path, path: str) -> None:
    with serving(site) as port:
        status, _, body = get(port, path)
        assert status == 404, status
        assert SECRET.encode() not in body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "localhost.evil.example",
        "127.0.0.1.nip.io:{port}",
        "localhost:{port}@evil.example",
        "127.0.0.2",
        "",
    ],
)
def test_a_foreign_host_is_refused(site: Path, host: str) -> None:
    with serving(site) as port:
        status, _, body = get(port, "/index.html", host=host.format(port=port))
        assert status in (400, 421), status
        assert b"Home of the edition" not in body
        assert len(body) < 1000


def test_two_host_headers_or_none_in_http_1_1_are_refused(site: Path) -> None:
    with serving(site) as port:
        twice = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n"
        assert status_of(exchange(port, twice.encode())) == 400
        assert status_of(exchange(port, b"GET / HTTP/1.1\r\n\r\n")) == 400
        # HTTP/1.0 had no Host header: no browser page, so nothing to rebind
        assert status_of(exchange(port, b"GET / HTTP/1.0\r\n\r\n")) == 200


@pytest.mark.parametrize(
    "host", ["localhost", "LocalHost:{port}", "127.0.0.1", "127.0.0.1:{port}", "[::1]:{port}"]
)
def test_loopback_names_are_answered(site: Path, host: str) -> None:
    with serving(site) as port:
        assert get(port, "/", host=host.format(port=port))[0] == 200


def test_http_client_gets_the_media_types(site: Path) -> None:
    expected = {
        "/index.html": "text/html",
        "/style.css": "text/css",
        "/app.js": "text/javascript",
        "/data.json": "application/json",
        "/doc.xml": "application/xml",
        "/doc.pdf": "application/pdf",
        "/doc.txt": "text/plain; charset=utf-8",
        "/pagefind/pagefind.js": "text/javascript",
        "/pagefind/pagefind-entry.json": "application/json",
        "/pagefind/pagefind.en.pf_meta": "application/octet-stream",
        "/pagefind/wasm.en.pagefind": "application/octet-stream",
    }
    with serving(site) as port:
        for path, media_type in expected.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
            finally:
                conn.close()
            assert response.status == 200, path
            assert response.getheader("Content-Type") == media_type, path
            assert body == (site / path.lstrip("/")).read_bytes()


BAD_REQUESTS = [
    (b"GET /%00 HTTP/1.0\r\n\r\n", {400, 404}),
    (b"GET /index.html%00.txt HTTP/1.0\r\n\r\n", {400, 404}),
    (b"GET /plain/%00/ HTTP/1.0\r\n\r\n", {400, 404}),
    (b"GET /%ff HTTP/1.0\r\n\r\n", {400, 404}),
    (b"GET /%ed%a0%80 HTTP/1.0\r\n\r\n", {400, 404}),  # an unpaired surrogate
    (b"GET /%ed%a0%80/ HTTP/1.0\r\n\r\n", {400, 404}),
    (b"GET /" + b"a" * 5000 + b" HTTP/1.0\r\n\r\n", {400, 404, 414}),
    (b"GET /" + b"a/" * 3000 + b" HTTP/1.0\r\n\r\n", {400, 404, 414}),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.0\r\n\r\n", {414}),
    (b"GET / HTTP/1.0\r\nX: " + b"b" * 70000 + b"\r\n\r\n", {400, 431}),
    (b"GET / HTTP/1.0\r\n" + b"X: y\r\n" * 200 + b"\r\n", {400, 431}),
    (b"GARBAGE\r\n\r\n", {400}),
    (b"GET / / / HTTP/1.0\r\n\r\n", {400}),
    (b"GET / HTTP/9.9\r\n\r\n", {400, 505}),
    (b"GET / HTTP/x\r\n\r\n", {400}),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 \xff\xfe\r\n\r\n", {400}),
    (b"BREW /pot HTTP/1.0\r\n\r\n", {501}),
    (b"GET / HTTP/1.1\r\nHost: \xe9vil\xff.example\r\n\r\n", {400, 421}),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\n continued\r\n\r\n", {400, 421}),
    (b"GET /?%00 HTTP/1.0\r\n\r\n", {200}),
]


def test_bad_requests_are_answered_without_a_traceback(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving(site) as port:
        for request, statuses in BAD_REQUESTS:
            answer = exchange(port, request)
            assert answer, request[:60]
            assert status_of(answer) in statuses, (request[:60], answer[:120])
            assert SECRET.encode() not in answer
        # the server still answers
        assert get(port, "/")[0] == 200
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
    assert err == "", err


def test_a_client_that_leaves_mid_answer_leaves_no_traceback(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "big.pdf").write_bytes(b"%PDF" + b"\0" * (48 << 20))  # more than socket buffers
    with serving(site) as port:
        before = len(handler_threads())
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(f"GET /big.pdf HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert sock.recv(4096).startswith(b"HTTP/1.0 200")
        # close with a reset (SO_LINGER 0): the server's next write fails
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        assert wait_for(lambda: len(handler_threads()) <= before), "the handler never ended"
        assert get(port, "/")[0] == 200
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err


def test_an_unexpected_error_is_a_500_and_one_line(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self, path):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(serve_module.PreviewHandler, "guess_type", boom)
    with serving(site) as port:
        assert get(port, "/style.css")[0] == 500
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and "RuntimeError: boom second line" in err, err


def test_an_idle_connection_is_closed_after_the_timeout(site: Path) -> None:
    earlier = set(handler_threads())
    with serving(site, timeout=1.0) as port:
        for opening in (b"", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: localhost\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(opening)
                assert wait_for(lambda: handler_threads(), timeout=5)
                assert all(t.daemon for t in handler_threads())
                start = time.monotonic()
                try:
                    data = sock.recv(4096)
                except TimeoutError:
                    pytest.fail(f"an idle connection ({opening!r}) was kept open for 10 s")
                except ConnectionError:
                    data = b""
                elapsed = time.monotonic() - start
                assert data == b"" or data.startswith(b"HTTP/1.0 408"), data
                assert elapsed < 5, elapsed
        assert wait_for(lambda: set(handler_threads()) <= earlier, 5), "handler threads remain"
        assert get(port, "/")[0] == 200


def test_fifty_concurrent_requests_are_all_answered(site: Path) -> None:
    paths = ["/", "/style.css", "/app.js", "/data.json", "/doc.xml", "/doc.txt", "/plain/"]
    with serving(site, timeout=30.0) as port:
        # silent connections hold their threads, but do not hold up the others
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(10)]
        try:
            with ThreadPoolExecutor(max_workers=50) as pool:
                jobs = [pool.submit(get, port, paths[i % len(paths)]) for i in range(50)]
                results = [job.result(timeout=30) for job in jobs]
        finally:
            for sock in idle:
                sock.close()
    for i, (status, _, body) in enumerate(results):
        path = paths[i % len(paths)]
        if path == "/plain/":
            assert status == 404
        else:
            assert status == 200, (path, status)
            target = site / (path.lstrip("/") or "index.html")
            assert body == target.read_bytes(), path


def test_the_handler_threads_are_daemons_and_the_server_binds_loopback(site: Path) -> None:
    server = make_server(site, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.daemon_threads
    finally:
        server.server_close()
