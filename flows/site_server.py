"""A small static HTTP server on 127.0.0.1 for the demo site and the tests.

Files are served as they are, except that `{{BASE}}` in text files becomes the server's own base URL, so feeds
can hold absolute links. `/status/NNN` answers with that status, for error-path tests.
"""

from __future__ import annotations

import mimetypes
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

_TEXT_TYPES = {".xml": "application/rss+xml; charset=utf-8", ".html": "text/html; charset=utf-8",
               ".htm": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
               ".json": "application/json; charset=utf-8"}


class _Handler(BaseHTTPRequestHandler):
    server_version = "dealwatch-site/1"

    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return  # keep test and demo output clean

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[-1] or 500)
            self._send(code, b"status page\n", "text/plain")
            return
        if path == "/robots.txt" and not (self.root / "robots.txt").is_file():
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        target = (self.root / path.lstrip("/")).resolve()
        if (self.root not in target.parents and target != self.root) or not target.is_file():
            self._send(404, b"not found\n", "text/plain")
            return
        body = target.read_bytes()
        ctype = _TEXT_TYPES.get(target.suffix.lower())
        if ctype:
            host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]!s}"  # type: ignore[index]
            body = body.replace(b"{{BASE}}", f"http://{host}".encode())
        else:
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, body, ctype)

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code, HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """Serve a folder on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, root: str | Path, *, port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, root=self.root))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
