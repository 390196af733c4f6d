"""Fault-injection tests for pipeline.fetch against a real local server (MockTransport only where needed).

Each fault test fetches the faulty URL in a batch with healthy pages and checks both the recorded outcome
and that the healthy pages still came back.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import httpx
import pytest
from faultserver import (  # pytest puts tests/ on sys.path (rootdir-less test modules)
    ETAG,
    LAST_MODIFIED,
    FaultServer,
)

from pipeline.fetch import FetchPolicy, fetch_all, fetch_many, fetch_one, parse_retry_after
from pipeline.models import FetchedPage

pytestmark = pytest.mark.timeout(60)

FAST = FetchPolicy(
    allow_private=True,  # the fault server lives on loopback
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=5.0,
    backoff_base=0.01,
    backoff_max=0.02,
    retry_after_cap=3.0,
    max_bytes=1024 * 1024,
)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as srv:
        yield srv


def batch(server: FaultServer, path: str, policy: FetchPolicy = FAST) -> FetchedPage:
    """Fetch `path` with two healthy pages; assert those succeeded; return the page for `path`."""
    tag = uuid.uuid4().hex
    healthy = [server.url(f"/page/{tag}-{i}") for i in range(2)]
    target = path if "://" in path or not path.startswith("/") else server.url(path)
    pages = fetch_all([target, *healthy], policy=policy)
    assert [p.url for p in pages] == [target, *healthy]
    for page in pages[1:]:
        assert page.ok, page.error
        assert page.status == 200 and b"<p>" in page.body
    return pages[0]


def key() -> str:
    return uuid.uuid4().hex


# --------------------------------------------------------------------------------------------------- healthy


def test_ok_page_records_metadata_and_sends_polite_headers(server: FaultServer) -> None:
    page = batch(server, f"/ok?name={key()}")
    assert page.ok and page.status == 200 and page.attempts == 1
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None
    assert page.elapsed_ms > 0 and page.final_url == page.url
    sent = server.seen("/ok")[-1].headers
    assert sent["user-agent"].startswith("dealwatch/0.1")
    assert "gzip" in sent["accept-encoding"]


def test_gzip_page_is_decoded(server: FaultServer) -> None:
    page = batch(server, "/gzip")
    assert page.ok and page.body.startswith(b"<!doctype html>") and page.body.count(b"compressed page") == 100


# --------------------------------------------------------------------------------------------- timing faults


def test_slow_response_times_out_and_is_retried(server: FaultServer) -> None:
    policy = replace(FAST, read_timeout=0.3, retries=1)
    page = batch(server, f"/slow?delay=1&k={key()}", policy)
    assert page.error_kind == "timeout" and page.status is None and page.attempts == 2
    assert page.body == b""


def test_slow_drip_body_hits_total_timeout(server: FaultServer) -> None:
    policy = replace(FAST, total_timeout=0.4, retries=0)
    page = batch(server, "/drip?n=40&every=0.05", policy)
    assert page.error_kind == "timeout" and page.attempts == 1
    assert page.elapsed_ms < 1500


# ----------------------------------------------------------------------------------------- connection faults


def test_connection_reset_is_retried_then_recorded(server: FaultServer) -> None:
    before = server.hits["/reset"]
    page = batch(server, "/reset")
    assert page.error_kind == "reset" and page.status is None and page.attempts == 4
    assert server.hits["/reset"] - before == 4


def test_truncated_body_is_recorded(server: FaultServer) -> None:
    page = batch(server, "/truncated", replace(FAST, retries=1))
    assert page.error_kind == "truncated" and page.status == 200 and page.attempts == 2
    assert page.body == b""


def test_connection_refused(server: FaultServer) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page = batch(server, f"http://127.0.0.1:{port}/x", replace(FAST, retries=2))
    assert page.error_kind == "connect" and page.attempts == 3 and page.status is None


# --------------------------------------------------------------------------------------------- status faults


def test_503_then_success(server: FaultServer) -> None:
    page = batch(server, f"/flaky?key={key()}&fail=2&status=503")
    assert page.ok and page.status == 200 and page.attempts == 3


def test_500_exhausts_retries(server: FaultServer) -> None:
    page = batch(server, "/status/500", replace(FAST, retries=2))
    assert page.error_kind == "http_500" and page.status == 500 and page.attempts == 3
    assert page.error is not None and "\n" not in page.error


def test_404_is_not_retried(server: FaultServer) -> None:
    before = server.hits["/status/404"]
    page = batch(server, "/status/404")
    assert page.error_kind == "http_404" and page.status == 404 and page.attempts == 1
    assert server.hits["/status/404"] - before == 1


def test_429_retry_after_seconds_is_honoured(server: FaultServer) -> None:
    k = key()
    page = batch(server, f"/flaky?key={k}&fail=1&status=429&retry_after=1")
    assert page.ok and page.attempts == 2
    assert page.elapsed_ms >= 950


def test_429_retry_after_http_date_is_honoured(server: FaultServer) -> None:
    page = batch(server, f"/flaky?key={key()}&fail=1&status=429&retry_after=date:2")
    assert page.ok and page.attempts == 2
    assert page.elapsed_ms >= 900  # an HTTP-date has one-second resolution


def test_retry_after_beyond_cap_is_not_retried(server: FaultServer) -> None:
    page = batch(server, f"/flaky?key={key()}&fail=5&status=429&retry_after=600")
    assert page.error_kind == "http_429" and page.attempts == 1
    assert page.error is not None and "cap" in page.error
    assert page.elapsed_ms < 1000


def test_parse_retry_after() -> None:
    now = time.time()
    assert parse_retry_after("120") == 120.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    delay = parse_retry_after(date, now=now)
    assert delay is not None and 28 <= delay <= 31
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# ------------------------------------------------------------------------------------------------- redirects


def test_redirect_chain_is_followed(server: FaultServer) -> None:
    page = batch(server, "/chain/3")
    assert page.ok and page.final_url == server.url("/chain/0") and page.attempts == 1


def test_redirect_loop(server: FaultServer) -> None:
    page = batch(server, "/loop/a")
    assert page.error_kind == "redirect_loop" and page.status == 301
    assert page.error is not None and "/loop/a" in page.error


def test_too_many_redirects(server: FaultServer) -> None:
    page = batch(server, "/chain/9")
    assert page.error_kind == "too_many_redirects" and page.attempts == 1
    assert page.final_url == server.url("/chain/3")  # five hops from 9, the sixth refused


def test_redirect_to_non_http_scheme(server: FaultServer) -> None:
    page = batch(server, "/redirect?to=ftp://example.org/file")
    assert page.error_kind == "invalid_url"


# ----------------------------------------------------------------------------------------------- size faults


def test_oversize_body_with_content_length(server: FaultServer) -> None:
    page = batch(server, "/big?size=3000000")
    assert page.error_kind == "too_large" and page.status == 200 and page.body == b""
    assert "Content-Length" in (page.error or "")


def test_oversize_chunked_body_stops_at_cap(server: FaultServer) -> None:
    page = batch(server, "/big?size=3000000&chunked=1")
    assert page.error_kind == "too_large" and page.attempts == 1


def test_gzip_bomb_stops_early_on_decoded_bytes(server: FaultServer) -> None:
    page = batch(server, "/bomb")  # ~50 KB on the wire, 50 MiB decoded; cap is 1 MiB
    assert page.error_kind == "too_large" and page.attempts == 1
    assert "exceeds" in (page.error or "")
    assert page.elapsed_ms < 2000


def test_corrupt_gzip_and_unrequested_encoding(server: FaultServer) -> None:
    assert batch(server, "/badgzip").error_kind == "decode"
    assert batch(server, "/brotli").error_kind == "decode"


# -------------------------------------------------------------------------------------------- content faults


@pytest.mark.parametrize(("route", "charset"), [("wrong", "utf-8"), ("missing", None), ("bogus", None)])
def test_charsets_are_recorded_not_guessed(server: FaultServer, route: str, charset: str | None) -> None:
    page = batch(server, f"/charset/{route}")
    assert page.ok and page.charset == charset
    assert "Société".encode("cp1252") in page.body  # bytes untouched: decoding is the parser's job


def test_binary_served_as_html_is_skipped(server: FaultServer) -> None:
    page = batch(server, "/binary-as-html")
    assert page.error_kind == "content_type" and page.body == b""
    assert "binary" in (page.error or "")


def test_disallowed_content_type_is_recorded_and_skipped(server: FaultServer) -> None:
    page = batch(server, "/image")
    assert page.error_kind == "content_type" and page.content_type == "image/png" and page.status == 200


def test_malformed_feed_is_fetched_as_is(server: FaultServer) -> None:
    page = batch(server, "/feed/malformed")  # parsing is sources' job; fetching it is fine
    assert page.ok and page.content_type == "application/rss+xml" and page.body.startswith(b"<?xml")


# ---------------------------------------------------------------------------------------------------- robots


def test_robots_disallow_skips_without_requesting(server: FaultServer) -> None:
    before = server.hits["/private/secret"]
    page = batch(server, "/private/secret")
    assert page.error_kind == "robots" and page.attempts == 0 and page.status is None
    assert page.error is not None and page.error.startswith("skipped: disallowed by robots.txt")
    assert server.hits["/private/secret"] == before


def test_robots_checked_on_redirect_hop(server: FaultServer) -> None:
    page = batch(server, "/redirect?to=/private/hidden")
    assert page.error_kind == "robots" and page.final_url == server.url("/private/hidden")


def test_robots_fetched_once_per_host_per_run(server: FaultServer) -> None:
    before = server.hits["/robots.txt"]
    pages = fetch_all([server.url(f"/page/{key()}") for _ in range(6)], policy=FAST)
    assert all(p.ok for p in pages)
    assert server.hits["/robots.txt"] - before == 1


def test_robots_group_for_our_agent_and_unavailable_robots() -> None:
    ours = "User-agent: dealwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    with (
        FaultServer(host="127.0.0.4", robots=ours) as strict,
        FaultServer(host="127.0.0.5", robots=503) as down,
        FaultServer(host="127.0.0.6", robots=None) as missing,
    ):
        pages = fetch_all([strict.url("/ok"), down.url("/ok"), missing.url("/ok")], policy=FAST)
    assert [p.error_kind for p in pages] == ["robots", None, None]


def test_robots_crawl_delay_raises_spacing_up_to_cap() -> None:
    with FaultServer(host="127.0.0.3", robots="User-agent: *\nCrawl-delay: 60\n") as slow:
        policy = replace(FAST, max_crawl_delay=0.25)
        pages = fetch_all([slow.url(f"/page/{i}") for i in range(4)], policy=policy)
        assert all(p.ok for p in pages)
        starts = sorted(r.at for r in slow.requests if r.path.startswith("/page/"))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Raised from 0 to the 0.25 s cap, not to 60 s. Arrival times at the server jitter by a few
    # tens of ms under load, so the span is checked against the cap and each gap only loosely.
    assert len(gaps) == 3 and min(gaps) >= 0.15 and max(gaps) < 5, gaps
    assert starts[-1] - starts[0] >= 3 * 0.25 - 0.05, gaps


def test_robots_ignored_when_policy_says_so(server: FaultServer) -> None:
    page = batch(server, "/private/open", replace(FAST, obey_robots=False))
    assert page.ok


# ----------------------------------------------------------------------------------------- private addresses


def test_loopback_refused_when_private_not_allowed(server: FaultServer) -> None:
    policy = replace(FAST, allow_private=False)
    before = sum(server.hits.values())
    urls = [
        server.url("/ok"),
        f"http://localhost:{server.port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://2130706433/",  # 127.0.0.1 written as an integer
        "http://[::ffff:127.0.0.1]/",
    ]
    pages = fetch_all(urls, policy=policy)
    assert [p.error_kind for p in pages] == ["private_address"] * len(urls), [p.error for p in pages]
    assert all(p.attempts == 0 and p.status is None for p in pages)
    assert sum(server.hits.values()) == before  # nothing reached the server, not even robots.txt


def test_private_address_checked_on_every_redirect_hop() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.host == "93.184.216.34":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, text="secret")

    async def go() -> FetchedPage:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await fetch_one("http://93.184.216.34/start", policy=replace(FAST, allow_private=False),
                                   client=client)

    page = asyncio.run(go())
    assert page.error_kind == "private_address" and page.final_url.startswith("http://169.254.169.254/")
    assert not any("169.254" in u for u in seen)


# --------------------------------------------------------------------------------------------- invalid input


def test_invalid_urls_do_not_break_the_batch(server: FaultServer) -> None:
    bad = ["", "ftp://example.org/x", "http://", "not a url", "http://exa mple.com/", "javascript:alert(1)",
           "http://example.com:99999/"]
    good = [server.url(f"/page/{key()}") for _ in range(3)]
    pages = fetch_all([*bad, *good], policy=FAST)
    assert [p.error_kind for p in pages[: len(bad)]] == ["invalid_url"] * len(bad)
    assert all(p.attempts == 0 for p in pages[: len(bad)])
    assert all(p.ok for p in pages[len(bad):])


# ----------------------------------------------------------------------------------------------- conditional


def test_conditional_requests_and_304(server: FaultServer) -> None:
    url = server.url("/etag")
    first = batch(server, "/etag")
    assert first.ok and first.etag == ETAG and first.last_modified == LAST_MODIFIED

    pages = fetch_all([url, server.url(f"/page/{key()}")], policy=FAST,
                      validators={url: (first.etag, first.last_modified)})
    page = pages[0]
    assert page.status == 304 and page.error_kind == "not_modified" and page.body == b""
    assert page.etag == ETAG and page.last_modified == LAST_MODIFIED and page.attempts == 1
    assert pages[1].ok
    sent = server.seen("/etag")[-1].headers
    assert sent["if-none-match"] == ETAG and sent["if-modified-since"] == LAST_MODIFIED

    only_date = fetch_all([url], policy=FAST, validators={url: (None, LAST_MODIFIED)})[0]
    assert only_date.error_kind == "not_modified"
    assert "if-none-match" not in server.seen("/etag")[-1].headers

    stale = fetch_all([url], policy=FAST, validators={url: ('"old"', None)})[0]
    assert stale.ok and stale.status == 200 and stale.etag == ETAG


# ----------------------------------------------------------------------------------------------- concurrency


def test_per_host_limit_never_exceeded() -> None:
    with FaultServer() as a, FaultServer(host="127.0.0.2") as b:
        urls = [srv.url(f"/slow?delay=0.15&i={i}") for i in range(8) for srv in (a, b)]
        started = time.monotonic()
        pages = fetch_all(urls, policy=FAST)
        elapsed = time.monotonic() - started
        assert all(p.ok for p in pages)
        for srv in (a, b):
            assert srv.max_active == 2, srv.max_active  # the limit was used, never exceeded
            assert srv.max_open_connections <= 2
    assert elapsed < 8 * 0.15 * 2  # both hosts in parallel, two at a time each


def test_max_total_bounds_all_hosts() -> None:
    with FaultServer() as a:
        urls = [a.url(f"/slow?delay=0.05&i={i}") for i in range(4)]
        pages = fetch_all(urls, policy=replace(FAST, max_total=1))
        assert all(p.ok for p in pages) and a.max_active == 1


def test_per_host_delay_spaces_requests() -> None:
    with FaultServer() as a:
        fetch_all([a.url(f"/page/{i}") for i in range(3)], policy=replace(FAST, per_host_delay=0.2))
        starts = sorted(r.at for r in a.requests if r.path.startswith("/page/"))
    # The client spaces request starts by 0.2 s; the server stamps arrival, which a busy 2-core machine can delay
    # by tens of milliseconds for one request and not the next. Without the delay the gaps are ~0.
    assert all(b - x >= 0.12 for x, b in itertools.pairwise(starts))
    assert starts[-1] - starts[0] >= 0.35


# --------------------------------------------------------------------------------------------- streaming API


def test_fetch_many_streams_in_completion_order_from_async_input(server: FaultServer) -> None:
    async def source() -> AsyncIterator[str]:
        yield server.url("/slow?delay=0.5&k=" + key())
        yield server.url("/page/" + key())

    async def go() -> list[str]:
        return [p.url async for p in fetch_many(source(), policy=FAST)]

    order = asyncio.run(go())
    assert "/page/" in order[0] and "/slow" in order[1]


def test_fetch_many_early_exit_cancels_cleanly(server: FaultServer) -> None:
    async def go() -> FetchedPage:
        urls = (server.url(f"/slow?delay=0.3&i={i}") for i in range(50))
        async for page in fetch_many(urls, policy=FAST):
            return page
        raise AssertionError("no page")

    assert asyncio.run(go()).ok


def test_deflate_variants_via_mock_transport() -> None:
    html = b"<html><body><p>deflated</p></body></html>"
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {"/zlib": zlib.compress(html), "/raw": raw.compress(html) + raw.flush()}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=bodies[request.url.path],
                              headers={"Content-Encoding": "deflate", "Content-Type": "text/html"})

    async def go() -> list[FetchedPage]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            urls = ["http://93.184.216.34/zlib", "http://93.184.216.34/raw"]
            return [p async for p in fetch_many(urls, policy=FAST, client=client)]

    assert [p.body for p in asyncio.run(go())] == [html, html]
