"""Tests for pipeline.sources: feed/sitemap parsing from fixtures, input lists, and discovery over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from faultserver import FaultServer  # pytest puts tests/ on sys.path (rootdir-less test modules)
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import sources
from pipeline.fetch import FetchPolicy, make_client
from pipeline.models import FetchedPage, Link
from pipeline.sources import (
    FeedError,
    InputError,
    SitemapError,
    SourceError,
    detect_listing_kind,
    discover_links,
    iter_local_inputs,
    parse_feed,
    parse_sitemap,
    read_url_list,
)

pytestmark = pytest.mark.timeout(60)

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
POLICY = FetchPolicy(allow_private=True, connect_timeout=1.0, read_timeout=1.0, backoff_base=0.01,
                     backoff_max=0.02)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def urls(links: list[Link]) -> list[str]:
    return [lk.url for lk in links]


# ----------------------------------------------------------------------------------------------------- feeds


def test_rss20_links_resolved_deduped_and_dated() -> None:
    links = parse_feed(fixture("rss20.xml"), url="https://news.example.com/feed")
    assert urls(links) == [
        "https://news.example.com/2024/03/amazon-anthropic",
        "https://news.example.com/2024/03/relative-story",
        "https://news.example.com/2024/03/guid-only",  # isPermaLink guid used when there is no <link>
    ]
    assert links[0].title == "Amazon invests $4 billion in Anthropic"
    assert links[0].published == datetime(2024, 3, 27, 18, 5, tzinfo=UTC)
    assert links[2].published is None
    assert all(lk.listing == "https://news.example.com/feed" for lk in links)


def test_rss091_and_rss10() -> None:
    old = parse_feed(fixture("rss091.xml"), url="http://old.example.net/rss")
    assert urls(old) == ["http://old.example.net/story/1"]
    assert old[0].title == "Société Générale backs a startup"
    rdf = parse_feed(fixture("rss10.rdf"), url="https://rdf.example.org/rss")
    assert urls(rdf) == ["https://rdf.example.org/a"]
    assert rdf[0].published == datetime(2023, 1, 23, 7, 30, tzinfo=UTC)


def test_atom_alternate_link_with_xml_base() -> None:
    links = parse_feed(fixture("atom.xml"), url="https://blog.example.org/atom.xml")
    assert urls(links) == ["https://blog.example.org/posts/nvidia-stake",
                           "https://blog.example.org/posts/only-updated"]
    assert links[0].published == datetime(2024, 6, 1, 7, 30, tzinfo=UTC)
    assert links[1].published == datetime(2024, 5, 30, tzinfo=UTC)  # falls back to <updated>


def test_json_feed_11_and_10() -> None:
    links = parse_feed(fixture("feed11.json"), url="https://json.example.com/feed.json")
    assert urls(links) == [
        "https://json.example.com/posts/google-invests",
        "https://json.example.com/posts/relative",
        "https://json.example.com/posts/id-only",
        "https://elsewhere.example.net/story",
    ]
    assert links[0].published == datetime(2024, 2, 1, 17, 0, tzinfo=UTC)
    assert links[1].published == datetime(2024, 2, 2, tzinfo=UTC)  # date_modified when not published
    assert all(lk.published is None or lk.published.tzinfo is not None for lk in links)
    v1 = parse_feed(fixture("feed10.json"), url="https://v1.example.com/feed.json")
    assert urls(v1) == ["https://v1.example.com/a"]


def test_malformed_feeds_raise_readable_errors() -> None:
    with pytest.raises(FeedError, match=r"malformed feed https://x\.example/feed"):
        parse_feed(fixture("malformed.xml"), url="https://x.example/feed")
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"<html><body><p>hello</p></body></html>", url="https://x.example/page")
    with pytest.raises(FeedError, match="malformed JSON feed"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', url="https://x.example/f.json")
    with pytest.raises(FeedError, match="no 'items'"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1"}', url="https://x.example/f.json")
    with pytest.raises(SourceError):
        parse_feed(b"", url="https://x.example/empty")


def test_valid_empty_feed_and_sloppy_feed_with_entries() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(empty, url="https://x.example/feed") == []
    sloppy = (b'<rss version="2.0"><channel><item><title>AT&T & friends</title>'
              b"<link>https://x.example/a</link></item></channel></rss>")
    assert urls(parse_feed(sloppy, url="https://x.example/feed")) == ["https://x.example/a"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_raise_only_source_errors(body: bytes) -> None:
    for parse in (parse_feed, parse_sitemap):
        with contextlib.suppress(SourceError):
            parse(body, url="https://x.example/listing")  # type: ignore[operator]
    assert detect_listing_kind(body, None) in ("feed", "sitemap", "page")


# -------------------------------------------------------------------------------------------------- sitemaps


def test_urlset_with_news_dates_lastmod_and_relative_locs() -> None:
    links, children = parse_sitemap(fixture("sitemap.xml"), url="https://www.example.com/sitemap.xml")
    assert children == []
    assert urls(links) == [
        "https://www.example.com/news/amazon-anthropic",
        "https://www.example.com/news/old-story",
        "https://www.example.com/news/undated",
        "https://www.example.com/news/relative",
    ]
    assert links[0].published == datetime(2024, 3, 27, 18, 5, tzinfo=UTC)
    assert links[0].title == "Amazon completes Anthropic investment"
    assert links[1].published == datetime(2020, 1, 1, tzinfo=UTC)  # a bare date, made aware
    assert links[2].published is None


def test_sitemap_index_and_gzip_body() -> None:
    links, children = parse_sitemap(gzip.compress(fixture("sitemap_index.xml")), url="https://www.example.com/s")
    assert links == [] and children == [
        "https://www.example.com/sitemap-2024.xml",
        "https://www.example.com/sitemap-2019.xml.gz",
        "https://www.example.com/sitemap-undated.xml",
    ]


def test_sitemap_xml_is_parsed_safely() -> None:
    links, _ = parse_sitemap(fixture("xxe_sitemap.xml"), url="https://www.example.com/s")
    joined = " ".join(urls(links))
    assert "root:" not in joined and "lollol" not in joined
    assert "https://www.example.com/safe" in joined


def test_text_sitemap_and_non_sitemaps() -> None:
    links, _ = parse_sitemap(fixture("sitemap.txt"), url="https://txt.example.com/sitemap.txt")
    assert urls(links) == ["https://txt.example.com/a", "https://txt.example.com/b"]
    with pytest.raises(SitemapError, match="root element <html>"):
        parse_sitemap(b"<html><body>hi</body></html>", url="https://x.example/s")
    with pytest.raises(SitemapError, match="corrupt gzip"):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage", url="https://x.example/s.gz")
    with pytest.raises(SitemapError):
        parse_sitemap(b"hello world", url="https://x.example/s")


def test_sitemap_gzip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_SITEMAP_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"<urlset>" + b" " * (5 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(SitemapError, match="inflates past"):
        parse_sitemap(bomb, url="https://x.example/s.gz")


@pytest.mark.parametrize(
    ("body", "ctype", "kind"),
    [
        (fixture("rss20.xml"), None, "feed"),
        (fixture("rss10.rdf"), "application/xml", "feed"),
        (fixture("atom.xml"), "text/html", "feed"),  # mislabelled: the root element wins
        (fixture("feed11.json"), "application/json", "feed"),
        (fixture("sitemap.xml"), "text/html", "sitemap"),
        (gzip.compress(fixture("sitemap_index.xml")), "application/x-gzip", "sitemap"),
        (b"<?xml version='1.0'?><!-- a comment <feed> --><!DOCTYPE x><urlset/>", None, "sitemap"),
        (b"<!doctype html><html><body>x</body></html>", "text/html", "page"),
        (b'{"hello": 1}', "application/json", "page"),
        (b"plain words", "application/rss+xml", "feed"),
        (b"plain words", "text/plain", "page"),
    ],
)
def test_detect_listing_kind(body: bytes, ctype: str | None, kind: str) -> None:
    assert detect_listing_kind(body, ctype) == kind


# ---------------------------------------------------------------------------------------------- local inputs


def test_read_url_list() -> None:
    text = "# nightly\n\nhttps://a.example/1\n  http://b.example/2  \n# https://c.example/off\nhttps://a.example/1\n"
    assert read_url_list(text) == ["https://a.example/1", "http://b.example/2"]
    with pytest.raises(InputError, match="line 2"):
        read_url_list("https://a.example/1\nftp://nope.example/x\n")
    with pytest.raises(InputError, match="line 1"):
        read_url_list("www.example.com/no-scheme")


def test_iter_local_inputs(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("zed", encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><p>a</p></html>", encoding="utf-8")
    (tmp_path / "c.HTM").write_bytes("<p>Société</p>".encode("cp1252"))
    (tmp_path / "notes.md").write_text("ignored in folders", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("skip", encoding="utf-8")
    single = tmp_path / "b" / "z.txt"
    stdin = io.StringIO("<!doctype html><html><p>from stdin</p></html>")
    got = list(iter_local_inputs([str(tmp_path), str(single), "-"], stdin=stdin))
    assert [(Path(p).name if p != "-" else p, k) for p, k, _ in got] == [
        ("a.html", "html"), ("z.txt", "text"), ("c.HTM", "html"), ("z.txt", "text"), ("-", "html")]
    assert "Société" in got[2][2]


def test_iter_local_inputs_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt"):
        list(iter_local_inputs([str(tmp_path / "missing.txt")]))
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"doc\.pdf"):
        list(iter_local_inputs([str(pdf)]))
    with pytest.raises(InputError, match="standard input"):
        list(iter_local_inputs(["-"], stdin=None))
    assert list(iter_local_inputs(["-"], stdin=io.StringIO("just words"))) == [("-", "text", "just words")]


# ------------------------------------------------------------------------------------------------- discovery


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as srv:
        yield srv


def discover(
    url: str,
    kind: str = "feed",
    since: datetime | None = None,
    validators: dict[str, tuple[str | None, str | None]] | None = None,
) -> tuple[list[Link], FetchedPage]:
    async def go() -> tuple[list[Link], FetchedPage]:
        async with make_client(POLICY) as client:
            return await discover_links(url, kind=kind, policy=POLICY, client=client,  # type: ignore[arg-type]
                                        since=since, validators=validators)

    return asyncio.run(go())


def test_discover_feed_filters_by_since_and_keeps_undated(server: FaultServer) -> None:
    url = server.add_static("/d/rss.xml", fixture("rss20.xml"), "application/rss+xml", {"ETag": '"feed-1"'})
    links, page = discover(url, since=datetime(2024, 3, 27, tzinfo=UTC))
    assert page.ok and page.etag == '"feed-1"'
    assert urls(links) == ["https://news.example.com/2024/03/amazon-anthropic",
                           "https://news.example.com/2024/03/guid-only"]
    links, page = discover(url, validators={url: ('"feed-1"', None)})
    assert links == [] and page.error_kind == "not_modified" and page.status == 304


def test_discover_naive_since_is_utc(server: FaultServer) -> None:
    url = server.add_static("/d/atom.xml", fixture("atom.xml"), "application/atom+xml")
    links, _ = discover(url, since=datetime(2024, 5, 31))
    assert urls(links) == ["https://blog.example.org/posts/nvidia-stake"]


def test_discover_sitemap_index_follows_children(server: FaultServer) -> None:
    def urlset(*locs: tuple[str, str | None]) -> bytes:
        rows = "".join(f"<url><loc>{loc}</loc>{f'<lastmod>{m}</lastmod>' if m else ''}</url>"
                       for loc, m in locs)
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()

    server.add_static("/d/s-new.xml", urlset(("https://n.example/new", "2024-05-02"),
                                             ("https://n.example/old", "2023-01-01")), "application/xml")
    gz = gzip.compress(urlset(("https://n.example/gz", None)))
    server.add_static("/d/s-gz.xml.gz", gz, "application/x-gzip")
    server.add_static("/d/s-stale.xml", urlset(("https://n.example/stale", None)), "application/xml")
    server.add_static("/d/s-broken.xml", b"<urlset><url><loc>", "application/xml")
    server.add_static("/d/nested.xml", (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/d/s-gz.xml.gz')}</loc></sitemap></sitemapindex>").encode(), "text/xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/d/s-new.xml')}</loc><lastmod>2024-05-02</lastmod></sitemap>"
        f"<sitemap><loc>{server.url('/d/s-stale.xml')}</loc><lastmod>2022-01-01</lastmod></sitemap>"
        f"<sitemap><loc>{server.url('/d/nested.xml')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/d/s-broken.xml')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/status/404')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/d/index.xml')}</loc></sitemap>"  # itself: not fetched twice
        "</sitemapindex>"
    ).encode()
    url = server.add_static("/d/index.xml", index, "application/xml")
    before = server.hits["/d/index.xml"]
    links, page = discover(url, kind="sitemap", since=datetime(2024, 1, 1, tzinfo=UTC))
    assert page.ok and page.url == url
    assert sorted(urls(links)) == ["https://n.example/gz", "https://n.example/new"]
    assert server.hits["/d/s-stale.xml"] == 0  # lastmod before `since`: skipped without a request
    assert server.hits["/d/index.xml"] - before == 1
    assert all(lk.listing and lk.listing.startswith(server.base_url) for lk in links)


def test_discover_reports_malformed_and_failed_listings(server: FaultServer) -> None:
    bad = server.add_static("/d/bad.xml", fixture("malformed.xml"), "application/rss+xml", {"ETag": '"b"'})
    links, page = discover(bad)
    assert links == [] and page.error_kind == "malformed" and page.etag == '"b"'
    assert page.error is not None and "malformed feed" in page.error
    links, page = discover(server.url("/status/404"))
    assert links == [] and page.error_kind == "http_404"
    links, page = discover(server.url("/private/feed.xml"))
    assert links == [] and page.error_kind == "robots"


def test_discover_trusts_the_body_over_the_kind(server: FaultServer) -> None:
    url = server.add_static("/d/really-a-sitemap", fixture("sitemap.xml"), "text/xml")
    links, page = discover(url, kind="feed")
    assert page.ok and len(links) == 4


def test_discover_with_mock_transport_json_feed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        headers = {"Content-Type": "application/feed+json"}
        return httpx.Response(200, content=fixture("feed11.json"), headers=headers)

    async def go() -> tuple[list[Link], FetchedPage]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            policy = replace(POLICY, allow_private=False)
            return await discover_links("https://93.184.216.34/feed.json", kind="feed", policy=policy,
                                        client=client, since=None)

    links, page = asyncio.run(go())
    assert page.ok and len(links) == 4
    assert links[1].url == "https://json.example.com/posts/relative"  # home_page_url is the base
