"""A real HTTP server on 127.0.0.x that misbehaves on purpose, for fetcher and source tests.

Why a real server: resets, truncated bodies, slow headers and connection counting only show up on real
sockets, which `httpx.MockTransport` cannot imitate. Threaded `http.server` with HTTP/1.1 keep-alive, port 0.

Usage (other test modules import it as ``from faultserver import FaultServer``: pytest's default import mode
puts tests/ on sys.path because tests/ has no ``__init__.py``)::

    with FaultServer() as srv:          # or FaultServer(host="127.0.0.2", robots="...Crawl-delay: 1")
        srv.url("/ok")                  # -> "http://127.0.0.1:PORT/ok"
        srv.add_static("/feed.xml", body, "application/rss+xml")
        srv.hits["/ok"], srv.max_active, srv.requests   # what the fetcher actually did

Routes (query parameters in brackets):

- ``/ok`` [name]: small HTML page;  ``/page/<anything>``: same
- ``/slow`` [delay]: sleep before the headers;  ``/drip`` [n, every]: a body trickled byte by byte
- ``/reset``: RST without a response;  ``/truncated``: Content-Length 1000, 100 bytes sent, close
- ``/flaky`` [key, fail, status, retry_after]: the first ``fail`` requests for ``key`` get ``status``
  (with ``Retry-After: N`` or, for ``retry_after=date:N``, an HTTP-date N s ahead), then 200
- ``/status/<code>``: that status;  ``/redirect`` [to];  ``/loop/a`` <-> ``/loop/b``;  ``/chain/<n>``: n hops
- ``/big`` [size, chunked]: a body of ``size`` bytes, with Content-Length unless chunked=1
- ``/bomb`` [mb]: gzip of ``mb`` MiB of zeros (about 1000:1);  ``/gzip``: a proper gzip page;
  ``/badgzip``: Content-Encoding gzip with garbage;  ``/brotli``: Content-Encoding br nobody asked for
- ``/charset/wrong`` (utf-8 declared, latin-1 sent), ``/charset/missing``, ``/charset/bogus``
- ``/binary-as-html``: a PNG served as text/html;  ``/image``: image/png;  ``/feed/malformed``
- ``/private/...``: disallowed by the default robots.txt;  ``/robots.txt``: the ``robots`` text, or that
  status if ``robots`` is an int, or 404 if None
- ``/etag``: ETag + Last-Modified, 304 when If-None-Match or If-Modified-Since matches
"""

from __future__ import annotations

import email.utils
import gzip
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /private\n"
ETAG = '"v1-abc"'
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

Handler = Callable[["_Handler", dict[str, str]], None]


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


class FaultServer:
    """Start with `start()` or as a context manager; counters are thread-safe and resettable."""

    def __init__(self, host: str = "127.0.0.1", robots: str | int | None = DEFAULT_ROBOTS) -> None:
        self.host = host
        self.robots = robots
        self.hits: Counter[str] = Counter()
        self.requests: list[SeenRequest] = []
        self.active = 0
        self.max_active = 0
        self.open_connections = 0
        self.max_open_connections = 0
        self.static: dict[str, tuple[bytes, str, dict[str, str]]] = {}
        self._flaky: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        bound: type[_Handler] = type("BoundHandler", (_Handler,), {"owner": self})
        _bomb(_BOMB_MB)  # build it now so the first request is not slow
        self._httpd = _QuietServer((self.host, 0), bound)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"faultserver-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add_static(
        self, path: str, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> str:
        """Serve fixed bytes at `path` (304 if `headers` has an ETag that matches); returns the URL."""
        self.static[path] = (body, content_type, dict(headers or {}))
        return self.url(path)

    def reset_counters(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()
            self.max_active = self.active
            self.max_open_connections = self.open_connections

    def seen(self, path: str) -> list[SeenRequest]:
        """Requests whose path (without query) equals `path`."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # ------------------------------------------------------------------ counters (called by the handler)

    def _enter(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.hits[path] += 1
            self.requests.append(SeenRequest(path, headers, time.monotonic()))
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _leave(self) -> None:
        with self._lock:
            self.active -= 1

    def _conn(self, delta: int) -> None:
        with self._lock:
            self.open_connections += delta
            self.max_open_connections = max(self.max_open_connections, self.open_connections)

    def _flaky_count(self, key: str) -> int:
        with self._lock:
            self._flaky[key] += 1
            return self._flaky[key]


_BOMBS: dict[int, bytes] = {}
_BOMB_MB = 50
_BOMB_LOCK = threading.Lock()


def _bomb(mb: int) -> bytes:
    """gzip of `mb` MiB of text (spaces in a page), so the decoded body looks like HTML, just huge."""
    with _BOMB_LOCK:
        if mb not in _BOMBS:
            z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            block = b" " * (1024 * 1024)
            parts = [z.compress(b"<!doctype html><html><body><p>")]
            parts += [z.compress(block) for _ in range(mb)]
            parts.append(z.compress(b"</p></body></html>") + z.flush())
            _BOMBS[mb] = b"".join(parts)
        return _BOMBS[mb]


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up mid-request are the point of these tests, not errors worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def _html(text: str) -> bytes:
    head = f"<!doctype html><html><head><title>{text}</title></head>"
    return f"{head}<body><p>{text}</p></body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: FaultServer
    server_version = "faultserver/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: pytest output is for failures."""

    def setup(self) -> None:
        super().setup()
        self.owner._conn(+1)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.owner._conn(-1)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.owner._enter(parts.path, {k.lower(): v for k, v in self.headers.items()})
        try:
            self._route(parts.path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.owner._leave()

    # ------------------------------------------------------------------ helpers

    def send(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _route(self, path: str, q: dict[str, str]) -> None:
        owner = self.owner
        if path in owner.static:
            body, ctype, headers = owner.static[path]
            etag = headers.get("ETag")
            if etag is not None and etag in self.headers.get("If-None-Match", ""):
                self.send(304, b"", None, headers)
            else:
                self.send(200, body, ctype, headers)
            return
        if path == "/robots.txt":
            if owner.robots is None:
                self.send(404, b"not found", "text/plain")
            elif isinstance(owner.robots, int):
                self.send(owner.robots, b"robots status", "text/plain")
            else:
                self.send(200, owner.robots.encode(), "text/plain")
            return
        if path == "/ok" or path.startswith(("/page/", "/private")):
            self.send(200, _html(q.get("name", path)))
            return
        head, _, rest = path.lstrip("/").partition("/")
        handler = getattr(self, f"r_{head.replace('-', '_')}", None)
        if handler is None:
            self.send(404, b"no such route", "text/plain")
            return
        handler(rest, q)

    # ------------------------------------------------------------------ routes

    def r_slow(self, rest: str, q: dict[str, str]) -> None:
        time.sleep(float(q.get("delay", "1")))
        self.send(200, _html("slow"))

    def r_drip(self, rest: str, q: dict[str, str]) -> None:
        n, every = int(q.get("n", "100")), float(q.get("every", "0.05"))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        for _ in range(n):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(every)

    def r_reset(self, rest: str, q: dict[str, str]) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def r_truncated(self, rest: str, q: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"<html>" + b"x" * 94)
        self.wfile.flush()
        self.close_connection = True

    def r_flaky(self, rest: str, q: dict[str, str]) -> None:
        n = self.owner._flaky_count(q.get("key", "default"))
        if n <= int(q.get("fail", "1")):
            headers = {}
            ra = q.get("retry_after")
            if ra is not None and ra.startswith("date:"):
                headers["Retry-After"] = email.utils.formatdate(time.time() + float(ra[5:]), usegmt=True)
            elif ra is not None:
                headers["Retry-After"] = ra
            self.send(int(q.get("status", "503")), b"try later", "text/plain", headers)
            return
        self.send(200, _html(f"flaky ok after {n - 1}"))

    def r_status(self, rest: str, q: dict[str, str]) -> None:
        self.send(int(rest or "500"), b"status page", "text/plain")

    def r_redirect(self, rest: str, q: dict[str, str]) -> None:
        self.send(int(q.get("code", "302")), b"", None, {"Location": q.get("to", "/ok")})

    def r_loop(self, rest: str, q: dict[str, str]) -> None:
        self.send(301, b"", None, {"Location": "/loop/b" if rest == "a" else "/loop/a"})

    def r_chain(self, rest: str, q: dict[str, str]) -> None:
        n = int(rest or "0")
        if n <= 0:
            self.send(200, _html("end of chain"))
        else:
            self.send(302, b"", None, {"Location": f"/chain/{n - 1}"})

    def r_big(self, rest: str, q: dict[str, str]) -> None:
        size = int(q.get("size", str(6 * 1024 * 1024)))
        block = b"<p>" + b"a" * 8189 + b"</p>"
        if q.get("chunked") == "1":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            while sent < size:
                piece = block[: min(len(block), size - sent)]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def r_bomb(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, _bomb(int(q.get("mb", str(_BOMB_MB)))), "text/html", {"Content-Encoding": "gzip"})

    def r_gzip(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, gzip.compress(_html("compressed page") * 50), "text/html; charset=utf-8",
                  {"Content-Encoding": "gzip"})

    def r_badgzip(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, b"\x1f\x8b\x08\x00" + b"this is not gzip at all" * 20, "text/html",
                  {"Content-Encoding": "gzip"})

    def r_brotli(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, b"\x0b\x02\x80hello\x03", "text/html", {"Content-Encoding": "br"})

    def r_charset(self, rest: str, q: dict[str, str]) -> None:
        latin = "<html><body><p>Société Générale investit 5 millions €</p></body></html>".encode("cp1252")
        if rest == "wrong":
            self.send(200, latin, "text/html; charset=utf-8")
        elif rest == "missing":
            self.send(200, latin, "text/html")
        else:
            self.send(200, latin, "text/html; charset=x-no-such-charset")

    def r_binary_as_html(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, PNG, "text/html; charset=utf-8")

    def r_image(self, rest: str, q: dict[str, str]) -> None:
        self.send(200, PNG, "image/png")

    def r_feed(self, rest: str, q: dict[str, str]) -> None:
        body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</ti'
        self.send(200, body, "application/rss+xml")

    def r_etag(self, rest: str, q: dict[str, str]) -> None:
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if (inm is not None and ETAG in inm) or (inm is None and ims == LAST_MODIFIED):
            self.send(304, b"", None, headers)
        else:
            self.send(200, _html("versioned"), "text/html; charset=utf-8", headers)
