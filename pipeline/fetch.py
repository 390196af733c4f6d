"""Fetch web pages politely and defensively: one `FetchedPage` per URL, never an exception.

Why this module is more than `client.get`: the nightly run meets slow hosts, resets, rate limits, redirect
loops, compressed bombs, binaries dressed as HTML and hosts that resolve to internal addresses. Every such
outcome is recorded on the page so the caller can store it and move on.

Politeness and safety, in order of the checks made for every URL and every redirect hop:

1. the URL must be http(s) with a host (else ``invalid_url``);
2. unless ``allow_private``, every address the host resolves to must be public (else ``private_address``);
3. if ``obey_robots``, robots.txt (fetched once per origin, cached for the run) must allow it
   (else ``robots``, with an error starting "skipped: disallowed by robots.txt"); its Crawl-delay and
   Request-rate raise the per-host delay up to ``max_crawl_delay``;
4. the request runs inside a per-host slot: at most ``per_host`` in flight per origin, at least
   ``per_host_delay`` seconds between request starts; ``max_total`` URLs are in flight overall.

``error_kind`` vocabulary (``None`` means a usable body came back):

=====================  ===========================================================================
``http_NNN``           final non-success status, e.g. ``http_404``, ``http_429``, ``http_503``
``timeout``            connect/read/pool timeout, or the whole attempt exceeded ``total_timeout``
``connect``            connection refused/unreachable, or the host name did not resolve
``reset``              connection reset or closed before a response
``truncated``          the body ended before Content-Length / the final chunk
``too_large``          more than ``max_bytes`` after content decoding (checked while streaming)
``redirect_loop``      a redirect returned to a URL already visited
``too_many_redirects`` more than ``max_redirects`` hops
``content_type``       media type not in ``allowed_types`` or a binary body under a text type
``robots``             disallowed by robots.txt
``private_address``    the host resolves to a loopback/private/link-local/reserved address
``invalid_url``        not an absolute http(s) URL (also a redirect Location that is not)
``decode``             a Content-Encoding that is unknown or corrupt
``not_modified``       304 to a conditional request (status 304, empty body)
``malformed``          set by ``pipeline.sources.discover_links`` when a listing does not parse
``internal``           a bug in this module; logged with a traceback
=====================  ===========================================================================

``attempts`` counts requests made for the URL excluding redirect hops (1 + retries); it is 0 when the URL was
refused before any request (invalid_url, private_address, robots). Retries (``retries`` times) happen on
timeouts, connect errors, resets, truncation, 429 and 5xx, with exponential backoff and jitter; a
``Retry-After`` (seconds or HTTP-date) replaces the backoff and holds back the whole host, and one longer
than ``retry_after_cap`` ends the retries instead of being shortened.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import functools
import ipaddress
import logging
import random
import socket
import ssl
import time
import zlib
from collections import OrderedDict, deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from pipeline.models import FetchedPage

log = logging.getLogger(__name__)

Validators = Mapping[str, tuple[str | None, str | None]]

DEFAULT_USER_AGENT = "dealwatch/0.1 (+https://example.org/dealwatch)"
DEFAULT_ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        # Sitemaps are often served compressed without a Content-Encoding; sources.parse_sitemap gunzips.
        "application/gzip",
        "application/x-gzip",
    }
)
_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,"
    "application/feed+json,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TEXT_ONLY = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/json",
                        "application/feed+json"})
_LOOKAHEAD = 4096  # URLs read ahead of the workers so that one slow host does not block the others
_ROBOTS_MAX_BYTES = 512 * 1024  # what Google reads of a robots.txt
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x00\x00\x01\x00", b"RIFF",
                 b"\x7fELF", b"MZ", b"OggS", b"ID3", b"fLaC", b"\x1a\x45\xdf\xa3", b"7z\xbc\xaf", b"Rar!")


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how defensively to fetch; the defaults are for the nightly run."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # per attempt: stops slow-drip bodies that never trip the read timeout
    max_bytes: int = 5 * 1024 * 1024  # decoded bytes
    max_redirects: int = 5
    max_total: int = 16
    per_host: int = 2
    per_host_delay: float = 0.0
    max_crawl_delay: float = 10.0  # cap on what robots.txt may ask for
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 10.0
    retry_after_cap: float = 30.0
    obey_robots: bool = True
    allow_private: bool = False
    allowed_types: frozenset[str] = DEFAULT_ALLOWED_TYPES
    trust_env: bool = False  # proxies from the environment would bypass the private-address check

    def __post_init__(self) -> None:
        if self.max_total < 1 or self.per_host < 1 or self.max_bytes < 1 or self.retries < 0:
            raise ValueError("max_total, per_host and max_bytes must be >= 1 and retries >= 0")
        if self.max_redirects < 0 or self.per_host_delay < 0 or self.max_crawl_delay < 0:
            raise ValueError("max_redirects and delays must be >= 0")

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against ("dealwatch")."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"


@functools.cache
def _ssl_context(trust_env: bool) -> ssl.SSLContext:
    """Built once per process: loading the CA bundle costs ~40 ms, and a run makes a client per batch."""
    return httpx.create_ssl_context(trust_env=trust_env)


def make_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """A client sized for the policy; redirects stay manual so every hop is checked."""
    keepalive = max(policy.max_total * 2, 32)
    return httpx.AsyncClient(
        verify=_ssl_context(policy.trust_env),
        follow_redirects=False,
        timeout=_timeout(policy),
        limits=httpx.Limits(max_connections=policy.max_total * 2, max_keepalive_connections=keepalive,
                            keepalive_expiry=10.0),
        headers={"User-Agent": policy.user_agent},
        trust_env=policy.trust_env,
    )


async def fetch_many(
    urls: Iterable[str] | AsyncIterable[str],
    *,
    policy: FetchPolicy,
    client: httpx.AsyncClient | None = None,
    validators: Validators | None = None,
) -> AsyncIterator[FetchedPage]:
    """Yield one page per input URL as fetches complete; input is read lazily (bounded look-ahead)."""
    own = client is None
    active_client = client if client is not None else make_client(policy)
    crawler = _Crawler(policy, active_client, validators or {})
    try:
        async for page in crawler.run(urls):
            yield page
    finally:
        await crawler.cancel()
        if own:
            await active_client.aclose()


async def fetch_one(
    url: str,
    *,
    policy: FetchPolicy,
    client: httpx.AsyncClient,
    validator: tuple[str | None, str | None] | None = None,
) -> FetchedPage:
    """Fetch a single URL with the full policy (robots, private check, retries)."""
    return await _Crawler(policy, client, {}).fetch(url, validator)


def fetch_all(
    urls: Iterable[str], *, policy: FetchPolicy, validators: Validators | None = None
) -> list[FetchedPage]:
    """Blocking wrapper for scripts and simple callers; pages come back in input order."""

    async def collect() -> list[FetchedPage]:
        listed = list(urls)
        order: dict[str, list[int]] = {}
        for i, u in enumerate(listed):
            order.setdefault(str(u), []).append(i)
        out: list[FetchedPage | None] = [None] * len(listed)
        async for page in fetch_many(listed, policy=policy, validators=validators):
            out[order[page.url].pop(0)] = page
        return [p for p in out if p is not None]

    return asyncio.run(collect())


# ------------------------------------------------------------------------------------------------- internals


def _timeout(policy: FetchPolicy) -> httpx.Timeout:
    return httpx.Timeout(connect=policy.connect_timeout, read=policy.read_timeout, write=policy.read_timeout,
                         pool=policy.connect_timeout + policy.read_timeout)


class _RefusedError(Exception):
    """A hop was refused before any request; carries the error kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class _Attempt:
    """The outcome of one HTTP request (one hop, one try)."""

    url: str
    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes = b""
    kind: str | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    location: str | None = None


@dataclass
class _Host:
    """Politeness state for one origin: slot semaphore, pacing clock and robots rules."""

    per_host: int
    delay: float
    sem: asyncio.Semaphore = field(init=False)
    next_start: float = 0.0
    robots: Protego | None = None
    robots_done: bool = False
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.sem = asyncio.Semaphore(self.per_host)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the host's connections, starting no sooner than the pacing clock allows."""
        async with self.sem:
            while True:
                wait = self.next_start - time.monotonic()
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self.next_start = time.monotonic() + self.delay
            yield

    def hold_off(self, seconds: float) -> None:
        """Push back every request to the host (Retry-After applies to the host, not just one URL)."""
        self.next_start = max(self.next_start, time.monotonic() + seconds)


def _origin(url: str) -> str | None:
    """`scheme://host:port` for http(s) URLs with a host, else None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port}"


def _normalise_for_loop(url: str) -> str:
    """Compare redirect targets without fragment and with a default path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path or '/'}?{parts.query}"


def _check_url(url: str) -> None:
    """Refuse what no server should get; spaces in the path are left for httpx to percent-encode."""
    if not url or len(url) > 8192 or any(ord(c) < 32 or c == "\x7f" for c in url):
        raise _RefusedError("invalid_url", f"not a valid URL: {url[:200]!r}")
    if any(c.isspace() for c in urlsplit(url).netloc):
        raise _RefusedError("invalid_url", f"space in host: {url[:200]!r}")
    if _origin(url) is None:
        raise _RefusedError("invalid_url", f"not an absolute http(s) URL: {url[:200]!r}")
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise _RefusedError("invalid_url", f"invalid URL {url[:200]!r}: {exc}") from None


def _forbidden_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return _forbidden_ip(mapped)
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_link_local


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait per a Retry-After header (delta-seconds or HTTP-date); None if absent/unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _media_type(headers: httpx.Headers) -> tuple[str | None, str | None]:
    """(media type, usable charset) from Content-Type; unknown charsets are dropped so decoders don't fail."""
    raw = headers.get("content-type")
    if not raw:
        return None, None
    parts = raw.split(";")
    mime = parts[0].strip().lower() or None
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            name = v.strip().strip("\"'").lower()
            try:
                codecs.lookup(name)
                charset = name
            except LookupError:
                log.debug("dropping unknown charset %r", name)
    return mime, charset


def _sniff_binary(head: bytes, mime: str | None) -> str | None:
    """Name the binary format of a body served under a text type, or None if it looks like text."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None  # BOMs: UTF-16 text has NULs
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"magic {magic[:4]!r}"
    if head.startswith(b"\x1f\x8b"):  # a .xml.gz served without Content-Encoding is fine for XML types
        return "gzip data" if mime in _TEXT_ONLY else None
    if b"\x00" in head[:1024]:
        return "NUL bytes"
    return None


class _Decoder:
    """Incremental Content-Encoding decoder with a hard cap on output, so bombs stop at the cap."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise ValueError(f"stacked content-encodings not supported: {encoding!r}")
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise ValueError(f"unsupported content-encoding {self.coding!r}")
        self._z: Any = None

    def _new(self, first: bytes) -> Any:
        if self.coding == "deflate":
            zlib_header = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        """Decode `data`, returning at most `budget` bytes; hitting the budget means the body is too large."""
        if self.coding is None:
            return data[:budget]
        out = bytearray()
        while data and len(out) < budget:
            if self._z is None or self._z.eof:
                if self._z is not None and self.coding == "deflate":
                    break  # trailing garbage after a deflate stream: ignore
                self._z = self._new(data)
            chunk = self._z.decompress(data, budget - len(out))
            out += chunk
            if self._z.eof:
                data = self._z.unused_data
                if data.strip(b"\x00") == b"":
                    break
            else:
                data = self._z.unconsumed_tail
        return bytes(out)


class _Crawler:
    """One run's shared state: host slots, robots cache, DNS verdicts and in-flight tasks."""

    def __init__(self, policy: FetchPolicy, client: httpx.AsyncClient, validators: Validators) -> None:
        self.policy = policy
        self.client = client
        self.validators = validators
        self.hosts: dict[str, _Host] = {}
        self.dns: dict[str, str | None] = {}
        self.tasks: dict[asyncio.Task[FetchedPage], str] = {}
        self.timeout = _timeout(policy)

    def host(self, origin: str) -> _Host:
        h = self.hosts.get(origin)
        if h is None:
            h = self.hosts[origin] = _Host(self.policy.per_host, self.policy.per_host_delay)
        return h

    async def cancel(self) -> None:
        for t in self.tasks:
            t.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()

    # ------------------------------------------------------------------ scheduling

    async def run(self, urls: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[FetchedPage]:
        """Round-robin over hosts with free slots; never more than `per_host` URLs of one origin in flight."""
        queues: OrderedDict[str, deque[str]] = OrderedDict()
        assigned: dict[str, int] = {}
        buffered = 0
        source = _aiter(urls)
        exhausted = False
        immediate: list[FetchedPage] = []
        while True:
            while not exhausted and buffered < _LOOKAHEAD:
                try:
                    url = await anext(source)
                except StopAsyncIteration:
                    exhausted = True
                    break
                origin = _origin(url) if isinstance(url, str) else None
                if origin is None:
                    message = f"not an absolute http(s) URL: {url!r}"
                    immediate.append(_refused_page(str(url), "invalid_url", message))
                    continue
                queues.setdefault(origin, deque()).append(url)
                buffered += 1
            for page in immediate:
                yield page
            immediate.clear()

            wake: float | None = None
            now = time.monotonic()
            for origin in list(queues):
                if len(self.tasks) >= self.policy.max_total:
                    break
                queue = queues[origin]
                host = self.host(origin)
                while (queue and assigned.get(origin, 0) < self.policy.per_host
                       and len(self.tasks) < self.policy.max_total):
                    if host.next_start > now:
                        wait = host.next_start - now
                        wake = wait if wake is None else min(wake, wait)
                        break
                    url = queue.popleft()
                    buffered -= 1
                    assigned[origin] = assigned.get(origin, 0) + 1
                    task = asyncio.create_task(self.fetch(url, self.validators.get(url)))
                    self.tasks[task] = origin
                    queues.move_to_end(origin)
                if not queue:
                    del queues[origin]

            if not self.tasks:
                if exhausted and not queues:
                    return
                await asyncio.sleep(wake if wake is not None else 0.01)
                continue
            done, _ = await asyncio.wait(self.tasks, timeout=wake, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                origin = self.tasks.pop(task)
                assigned[origin] -= 1
                yield task.result()

    # ------------------------------------------------------------------ one URL

    async def fetch(self, url: str, validator: tuple[str | None, str | None] | None = None) -> FetchedPage:
        """Follow redirects hop by hop, checking each hop, and turn the outcome into a page."""
        started = time.monotonic()
        attempts = 0  # 1 + retries once a request has been made; redirect hops are not counted
        current = url
        try:
            visited = {_normalise_for_loop(url)} if _origin(url) else set()
            hops = 0
            while True:
                _check_url(current)
                await self._check_address(current)
                if self.policy.obey_robots and not await self._robots_allow(current):
                    raise _RefusedError("robots", f"skipped: disallowed by robots.txt ({current})")
                result, tries = await self._with_retries(current, validator)
                attempts = max(attempts, 1) + tries - 1
                if result.location is None:
                    return _page(url, result, attempts, started, validator)
                target = urljoin(current, result.location.strip())
                hops += 1
                key = _normalise_for_loop(target) if _origin(target) else None
                if key is not None and key in visited:
                    return _failed(url, target, result, attempts, started, "redirect_loop",
                                   f"redirect loop: {current} -> {target}")
                if hops > self.policy.max_redirects:
                    return _failed(url, target, result, attempts, started, "too_many_redirects",
                                   f"more than {self.policy.max_redirects} redirects")
                if key is not None:
                    visited.add(key)
                log.debug("redirect %s -> %s", current, target)
                current = target
        except _RefusedError as exc:
            return _refused_page(url, exc.kind, str(exc), final_url=current, attempts=attempts,
                                 started=started)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let one URL break the batch
            log.exception("internal error fetching %s", url)
            return _refused_page(url, "internal", f"{type(exc).__name__}: {exc}", final_url=current,
                                 attempts=attempts, started=started)

    async def _check_address(self, url: str) -> None:
        if self.policy.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        verdict = self.dns.get(host, "")
        if verdict == "":
            port = parts.port or (443 if parts.scheme == "https" else 80)
            verdict = await self._resolve_verdict(host, port)
            self.dns[host] = verdict
        if verdict is not None:
            kind, _, msg = verdict.partition(":")
            raise _RefusedError(kind, msg.strip())

    async def _resolve_verdict(self, host: str, port: int) -> str | None:
        """None if every address of `host` is public, else "kind: message"."""
        try:
            addrs = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                async with asyncio.timeout(self.policy.connect_timeout):
                    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, TimeoutError, UnicodeError) as exc:
                return f"connect: cannot resolve {host}: {exc}"
            addrs = []
            for info in infos:
                try:
                    addrs.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
                except ValueError:
                    continue
        for ip in addrs:
            if _forbidden_ip(ip):
                return f"private_address: {host} resolves to non-public address {ip}"
        return None

    async def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        assert origin is not None
        host = self.host(origin)
        if not host.robots_done:
            async with host.robots_lock:
                if not host.robots_done:
                    host.robots = await self._load_robots(origin, host)
                    host.robots_done = True
        if host.robots is None:
            return True
        try:
            return bool(host.robots.can_fetch(url, self.policy.robots_token))
        except Exception:  # protego on odd URLs: do not block the crawl on a parser bug
            log.warning("robots check failed for %s; allowing", url, exc_info=True)
            return True

    async def _load_robots(self, origin: str, host: _Host) -> Protego | None:
        """Fetch and parse robots.txt once; any failure means allow-all (per the brief, 4xx and 5xx alike)."""
        url = f"{origin}/robots.txt"
        for _ in range(self.policy.max_redirects + 1):
            try:
                _check_url(url)
                await self._check_address(url)
            except _RefusedError as exc:
                log.info("robots.txt %s not fetched (%s); allowing all", url, exc)
                return None
            result = await self._attempt(url, None, check_type=False, max_bytes=_ROBOTS_MAX_BYTES,
                                         truncate=True)
            if result.location is not None:
                url = urljoin(url, result.location)
                continue
            break
        else:
            return None
        if result.kind is not None or result.status is None or not 200 <= result.status < 300:
            log.info("robots.txt %s unavailable (%s); allowing all", url, result.error or result.status)
            return None
        try:
            rules = Protego.parse(result.body.decode("utf-8", "replace"))
        except Exception:
            log.warning("robots.txt %s did not parse; allowing all", url, exc_info=True)
            return None
        token = self.policy.robots_token
        delay = rules.crawl_delay(token) or 0.0
        rate = rules.request_rate(token)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        if delay:
            host.delay = max(self.policy.per_host_delay, min(float(delay), self.policy.max_crawl_delay))
            log.info("robots.txt %s: crawl delay %.2fs", url, host.delay)
        return rules

    async def _with_retries(
        self, url: str, validator: tuple[str | None, str | None] | None
    ) -> tuple[_Attempt, int]:
        policy = self.policy
        origin = _origin(url)
        assert origin is not None
        for attempt in range(1, policy.retries + 2):
            result = await self._attempt(url, validator)
            if not result.retryable or attempt > policy.retries:
                return result, attempt
            if result.retry_after is not None:
                if result.retry_after > policy.retry_after_cap:
                    result.error = (f"{result.error}; Retry-After {result.retry_after:.0f}s exceeds the cap,"
                                    " not retried")
                    return result, attempt
                self.host(origin).hold_off(result.retry_after)
                wait = 0.0
            else:
                backoff = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
                wait = backoff / 2 + random.uniform(0, backoff / 2)
            log.info("retrying %s in %.2fs after %s (attempt %d)", url, wait, result.error, attempt)
            if wait:
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    def _headers(self, validator: tuple[str | None, str | None] | None) -> dict[str, str]:
        headers = {"User-Agent": self.policy.user_agent, "Accept": _ACCEPT,
                   "Accept-Encoding": "gzip, deflate"}
        if validator:
            etag, modified = validator
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        return headers

    async def _attempt(
        self,
        url: str,
        validator: tuple[str | None, str | None] | None,
        *,
        check_type: bool = True,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> _Attempt:
        """One request inside the host's slot; classify every failure instead of raising."""
        origin = _origin(url)
        assert origin is not None
        result = _Attempt(url=url)  # result.status is set once headers arrive: later failures are "truncated"
        async with self.host(origin).slot():
            try:
                async with asyncio.timeout(self.policy.total_timeout):
                    request = self.client.build_request("GET", url, headers=self._headers(validator),
                                                        timeout=self.timeout)
                    response = await self.client.send(request, stream=True, follow_redirects=False)
                    try:
                        limit = max_bytes or self.policy.max_bytes
                        await self._read(response, result, check_type, limit, truncate)
                    finally:
                        await response.aclose()
            except TimeoutError:
                result.kind, result.retryable = "timeout", True
                result.error = f"timeout: attempt exceeded {self.policy.total_timeout:g}s"
            except httpx.TimeoutException as exc:
                result.kind, result.retryable = "timeout", True
                result.error = f"timeout: {type(exc).__name__}"
            except httpx.ConnectError as exc:
                result.kind, result.retryable = "connect", True
                result.error = f"connect: {str(exc) or type(exc).__name__}"
            except httpx.RemoteProtocolError as exc:
                result.kind = "truncated" if result.status is not None else "reset"
                result.retryable = True
                result.error = f"{result.kind}: {exc}"
            except (httpx.ReadError, httpx.WriteError, httpx.NetworkError) as exc:
                result.kind = "truncated" if result.status is not None else "reset"
                result.retryable = True
                result.error = f"{result.kind}: {str(exc) or type(exc).__name__}"
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                result.kind, result.error = "invalid_url", f"invalid_url: {exc}"
            except httpx.DecodingError as exc:
                result.kind, result.error = "decode", f"decode: {exc}"
            except httpx.HTTPError as exc:
                result.kind, result.retryable = "reset", True
                result.error = f"reset: {type(exc).__name__}: {exc}"
        return result

    async def _read(self, response: httpx.Response, result: _Attempt, check_type: bool, max_bytes: int,
                    truncate: bool) -> None:
        """Classify the status, then stream and decode the body under the byte cap."""
        status = result.status = response.status_code
        result.headers = response.headers
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if location:
                result.location = location
                return
        if status == 304:
            result.kind, result.error = "not_modified", "not modified"
            return
        if status == 429 or status >= 500:
            result.kind, result.retryable = f"http_{status}", True
            result.retry_after = parse_retry_after(response.headers.get("retry-after"))
            result.error = f"HTTP {status} {response.reason_phrase}".strip()
            return
        if not 200 <= status < 300:
            result.kind, result.error = f"http_{status}", f"HTTP {status} {response.reason_phrase}".strip()
            return
        mime, _ = _media_type(response.headers)
        allowed = mime is None or mime in self.policy.allowed_types or mime == "application/octet-stream"
        if check_type and not allowed:
            result.kind, result.error = "content_type", f"content_type: {mime} not fetched"
            return
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate and not encoding:
            result.kind, result.error = "too_large", f"too_large: Content-Length {declared} > {max_bytes}"
            return
        pre_read = response.is_stream_consumed  # e.g. MockTransport(content=...): httpx already decoded it
        try:
            decoder = _Decoder("" if pre_read else encoding)
        except ValueError as exc:
            result.kind, result.error = "decode", f"decode: {exc}"
            return
        body = bytearray()
        sniffed = not check_type
        chunks = _single(response.content) if pre_read else response.aiter_raw()
        async for raw in chunks:
            try:
                body += decoder.feed(raw, max_bytes + 1 - len(body))
            except zlib.error as exc:
                result.kind, result.error = "decode", f"decode: corrupt {decoder.coding} body: {exc}"
                return
            if not sniffed and len(body) >= 512:
                sniffed = True
                if self._binary(mime, bytes(body), result):
                    return
            if len(body) > max_bytes:
                if truncate:
                    del body[max_bytes:]
                    break
                result.kind, result.error = "too_large", f"too_large: body exceeds {max_bytes} bytes"
                return
        if not sniffed and self._binary(mime, bytes(body), result):
            return
        result.body = bytes(body)

    def _binary(self, mime: str | None, head: bytes, result: _Attempt) -> bool:
        what = _sniff_binary(head[:1024], mime)
        if mime == "application/octet-stream":
            looks_ok = head.lstrip()[:1] in (b"<", b"{") or head.startswith(b"\x1f\x8b")
            if not looks_ok:
                what = what or "unrecognised octet-stream"
        if what is None:
            return False
        result.kind, result.error = "content_type", f"content_type: binary body ({what}) served as {mime}"
        return True


async def _single(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _aiter(urls: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    if isinstance(urls, AsyncIterable):
        async for u in urls:
            yield u
    else:
        for u in urls:
            yield u


def _now() -> datetime:
    return datetime.now(UTC)


def _line(error: str | None) -> str | None:
    """One readable line, as FetchedPage.error promises."""
    if not error:
        return error
    first = error.strip().splitlines()[0] if error.strip() else error
    return first if len(first) <= 300 else first[:297] + "..."


def _page(url: str, result: _Attempt, attempts: int, started: float,
          validator: tuple[str | None, str | None] | None) -> FetchedPage:
    headers = result.headers or httpx.Headers()
    mime, charset = _media_type(headers)
    etag = headers.get("etag")
    modified = headers.get("last-modified")
    if result.kind == "not_modified" and validator:
        etag = etag or validator[0]
        modified = modified or validator[1]
    error = result.error
    if error and result.kind and result.kind.startswith("http_") and attempts > 1:
        error = f"{error} after {attempts} attempts"
    return FetchedPage(
        url=url,
        final_url=result.url,
        status=result.status,
        content_type=mime,
        body=result.body if result.kind is None else b"",
        charset=charset,
        etag=etag,
        last_modified=modified,
        fetched_at=_now(),
        elapsed_ms=(time.monotonic() - started) * 1000,
        attempts=attempts,
        error_kind=result.kind,
        error=_line(error),
    )


def _failed(url: str, final_url: str, result: _Attempt, attempts: int, started: float, kind: str,
            error: str) -> FetchedPage:
    return FetchedPage(url=url, final_url=final_url, status=result.status, content_type=None, body=b"",
                       fetched_at=_now(), elapsed_ms=(time.monotonic() - started) * 1000, attempts=attempts,
                       error_kind=kind, error=_line(error))


def _refused_page(url: str, kind: str, error: str, *, final_url: str | None = None, attempts: int = 0,
                  started: float | None = None) -> FetchedPage:
    elapsed = (time.monotonic() - started) * 1000 if started is not None else 0.0
    return FetchedPage(url=url, final_url=final_url or url, status=None, content_type=None, body=b"",
                       fetched_at=_now(), elapsed_ms=elapsed, attempts=attempts, error_kind=kind,
                       error=_line(error) or kind)
