"""Where URLs and local texts come from: feeds, sitemaps, URL lists and files.

Why separate from fetching: listings are parsed from bytes so they can be tested offline; only
`discover_links` touches the network, through `pipeline.fetch` and its politeness rules.

Exceptions (all carry one readable line)::

    SourceError            base class; anything a caller may show to a user
    ├── FeedError          RSS/Atom/JSON Feed that yields no entries and is not a valid empty feed
    ├── SitemapError       not a sitemap, unparseable XML, or over the decompressed size limit
    └── InputError         a bad URL-list line, or a missing/unsupported local input path

Dates on `Link.published` are always timezone-aware (naive values are taken as UTC).
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from lxml import etree

from pipeline.models import FetchedPage, Link

if TYPE_CHECKING:  # the network side is imported where it is used: `dealwatch extract` reads files only
    import httpx

    from pipeline.fetch import FetchPolicy, Validators

log = logging.getLogger(__name__)

ListingKind = Literal["feed", "sitemap", "page"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
MAX_SITEMAP_DEPTH = 3  # index -> index -> urlset
MAX_SITEMAPS = 50  # child sitemaps fetched per discover_links call
MAX_LINKS = 100_000
_LOCAL_KINDS = {".html": "html", ".htm": "html", ".txt": "text"}


class SourceError(Exception):
    """A listing or input that cannot be used; the message names what and why."""


class FeedError(SourceError):
    """A feed that is malformed and yields no entries."""


class SitemapError(SourceError):
    """A sitemap that is not one, does not parse or is too big."""


class InputError(SourceError):
    """A bad URL list line or local input path."""


# ----------------------------------------------------------------------------------------------- dates, URLs


def _aware(dt: datetime) -> datetime:
    """UTC, taking naive values as UTC already."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from ISO 8601 / W3C / RFC 822 text, or None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _aware(dateparser.parse(text))
    except (ValueError, OverflowError, TypeError):
        return None


def _http_url(candidate: Any, base: str) -> str | None:
    """Resolve `candidate` against `base`; None unless it is an http(s) URL with a host."""
    if not isinstance(candidate, str) or not candidate.strip():
        return None
    try:
        url = urljoin(base, candidate.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


# ----------------------------------------------------------------------------------------------------- feeds


def parse_feed(body: bytes, *, url: str) -> list[Link]:
    """Entries of an RSS 0.9x/1.0/2.0, Atom or JSON Feed document, in document order, de-duplicated."""
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return _parse_json_feed(stripped, url)
    headers = {"content-location": url, "content-type": "application/xml"}
    import feedparser

    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        problem = None
    links: list[Link] = []
    for entry in parsed.entries:
        link = _entry_url(entry, url)
        if link is None:
            continue
        title = entry.get("title")
        links.append(Link(url=link, title=title.strip() if isinstance(title, str) and title.strip() else None,
                          published=_entry_date(entry), listing=url))
    if not links:
        if problem is not None and (parsed.entries or not parsed.get("version")):
            raise FeedError(f"malformed feed {url}: {_one_line(problem)}")
        if parsed.entries:
            raise FeedError(f"feed {url}: {len(parsed.entries)} entries but none has an http(s) link")
        if not parsed.get("version"):
            raise FeedError(f"not a feed {url}: no RSS/Atom root element")
    elif problem is not None:
        log.warning("feed %s is not well-formed (%s); kept its %d linked entries", url, _one_line(problem),
                    len(links))
    return _dedupe(links)


def _one_line(exc: Any) -> str:
    return str(exc).splitlines()[0] if exc else "unknown error"


def _entry_url(entry: Any, base: str) -> str | None:
    """The entry's article URL: alternate link, else any link, else a permalink-looking id."""
    entry_base = base
    detail = entry.get("title_detail") or entry.get("summary_detail")
    if detail and detail.get("base"):
        entry_base = urljoin(base, detail["base"])
    candidates = [entry.get("link")]
    for link in entry.get("links", []) or []:
        if link.get("rel", "alternate") == "alternate":
            candidates.insert(0, link.get("href"))
    candidates.append(entry.get("id"))
    for c in candidates:
        resolved = _http_url(c, entry_base)
        if resolved:
            return resolved
    return None


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        struct = entry.get(f"{key}_parsed")
        if struct:
            try:
                year, month, day, hour, minute, second = struct[:6]
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError):
                pass
        dt = parse_date(entry.get(key))
        if dt:
            return dt
    return None


def _parse_json_feed(body: bytes, url: str) -> list[Link]:
    try:
        doc = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"malformed JSON feed {url}: {_one_line(exc)}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError(f"not a JSON Feed {url}: no 'items' list")
    version = str(doc.get("version", ""))
    if "jsonfeed.org" not in version:
        log.info("JSON document %s has items but version %r; reading it as a JSON Feed", url, version)
    base = _http_url(doc.get("home_page_url"), url) or url
    links = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        link = None
        for key in ("url", "external_url", "id"):
            link = _http_url(item.get(key), base)
            if link:
                break
        if link is None:
            continue
        title = item.get("title")
        published = parse_date(item.get("date_published")) or parse_date(item.get("date_modified"))
        links.append(Link(url=link, title=title.strip() if isinstance(title, str) and title.strip() else None,
                          published=published, listing=url))
    return _dedupe(links)


# -------------------------------------------------------------------------------------------------- sitemaps


def _gunzip(body: bytes) -> bytes:
    """Decompress a gzip body, refusing anything that inflates past MAX_SITEMAP_BYTES."""
    limit = MAX_SITEMAP_BYTES
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, limit + 1)
    except zlib.error as exc:
        raise SitemapError(f"corrupt gzip: {exc}") from None
    if len(out) > limit:
        raise SitemapError(f"gzip body inflates past {limit} bytes")
    if not d.eof:
        if not out:
            raise SitemapError("corrupt gzip: truncated before any data")
        log.warning("gzip body ends early; using the %d bytes decoded", len(out))
    return out


def _xml_parser() -> etree.XMLParser:
    """Safe settings: no entities, no DTD, no network, no huge trees; recover from the usual breakage."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def _local(tag: Any) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: Any, name: str) -> str | None:
    for child in el:
        if _local(child.tag) == name and child.text and child.text.strip():
            return str(child.text.strip())
    return None


def parse_sitemap(body: bytes, *, url: str) -> tuple[list[Link], list[str]]:
    """(page links, child sitemap URLs) of a urlset, sitemap index or plain-text sitemap; gzip accepted."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    if len(body) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"sitemap {url} is larger than {MAX_SITEMAP_BYTES} bytes")
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return _parse_text_sitemap(body, url), []
    try:
        root = etree.fromstring(body, _xml_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise SitemapError(f"unparseable sitemap {url}: {_one_line(exc)}") from None
    if root is None:
        raise SitemapError(f"unparseable sitemap {url}: no root element")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap {url}: root element <{kind or root.tag}>")
    links: list[Link] = []
    children: list[str] = []
    for el in root:
        name = _local(el.tag)
        loc = _http_url(_child_text(el, "loc"), url)
        if loc is None:
            continue
        if kind == "sitemapindex" and name == "sitemap":
            children.append(loc)
        elif kind == "urlset" and name == "url":
            published, title = _news(el)
            published = published or parse_date(_child_text(el, "lastmod"))
            links.append(Link(url=loc, title=title, published=published, listing=url))
        if len(links) >= MAX_LINKS:
            log.warning("sitemap %s truncated at %d links", url, MAX_LINKS)
            break
    return _dedupe(links), list(dict.fromkeys(children))


def sitemap_child_dates(body: bytes, *, url: str) -> dict[str, datetime]:
    """lastmod of each child in a sitemap index (resolved URL -> date), so stale children can be skipped."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    try:
        root = etree.fromstring(body, _xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return {}
    out: dict[str, datetime] = {}
    if root is None or _local(root.tag) != "sitemapindex":
        return out
    for el in root:
        loc, mod = _http_url(_child_text(el, "loc"), url), parse_date(_child_text(el, "lastmod"))
        if loc and mod:
            out[loc] = mod
    return out


def _news(el: Any) -> tuple[datetime | None, str | None]:
    """Google News sitemap <news:news> publication date and title, if present."""
    for child in el:
        if _local(child.tag) == "news":
            return parse_date(_child_text(child, "publication_date")), _child_text(child, "title")
    return None, None


def _parse_text_sitemap(body: bytes, url: str) -> list[Link]:
    lines = [ln.strip() for ln in body.decode("utf-8", "replace").splitlines() if ln.strip()]
    links = [Link(url=u, listing=url) for ln in lines if (u := _http_url(ln, url)) and ln.startswith("http")]
    if not links:
        raise SitemapError(f"not a sitemap {url}: neither XML nor a list of URLs")
    return _dedupe(links[:MAX_LINKS])


# -------------------------------------------------------------------------------------------------- sniffing

_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
               "application/feed+json")


def detect_listing_kind(body: bytes, content_type: str | None) -> ListingKind:
    """Guess from the root element first (servers mislabel), then from the media type."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, 8192)
        except zlib.error:
            return "page"
    head = body[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    mime = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(b"{"):
        if b"jsonfeed.org" in head or mime == "application/feed+json" or b'"items"' in body[:200_000]:
            return "feed"
        return "page"
    if head.startswith(b"<"):
        text = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
        m = _ROOT.search(text)
        root = m.group(1).lower() if m else b""
        if root in (b"rss", b"rdf", b"feed", b"channel"):
            return "feed"
        if root in (b"urlset", b"sitemapindex"):
            return "sitemap"
        if root:
            return "page"
    if mime in _FEED_TYPES:
        return "feed"
    lines = [ln.strip() for ln in head.splitlines()[:20] if ln.strip()]
    if lines and all(ln.startswith((b"http://", b"https://")) for ln in lines):
        return "sitemap"
    return "page"


# ---------------------------------------------------------------------------------------------- local inputs


def read_url_list(text: str) -> list[str]:
    """URLs from a list file: one per line, blanks and `#` comments skipped, duplicates dropped."""
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _http_url(line, "") != line or any(c.isspace() for c in line):
            raise InputError(f"line {number}: not an absolute http(s) URL: {line[:200]!r}")
        urls.append(line)
    return list(dict.fromkeys(urls))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes) -> str:
    """BOM, UTF-8, a declared charset, detection on long texts, then cp1252 (the web's default)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    if len(data) >= 4096:  # detectors guess wildly on a few bytes
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is not None:
                return str(best)
        except ImportError:
            pass
    return data.decode("cp1252", "replace")


def _sniff_text_kind(content: str) -> str:
    head = content[:2048].lstrip().lower()
    markup = head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) or "<p>" in head
    return "html" if markup else "text"


def iter_local_inputs(paths: Sequence[str], stdin: TextIO | None = None) -> Iterator[tuple[str, str, str]]:
    """(path, "html"|"text", content) for files, folders (recursive, sorted) and `-` for stdin."""
    for raw in paths:
        if raw == "-":
            if stdin is None:
                raise InputError("'-' given but no standard input is available")
            content = stdin.read()
            yield "-", _sniff_text_kind(content), content
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _LOCAL_KINDS
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                log.warning("no .html/.htm/.txt files under %s", path)
            for f in files:
                yield str(f), _LOCAL_KINDS[f.suffix.lower()], _read_file(f)
        elif path.is_file():
            kind = _LOCAL_KINDS.get(path.suffix.lower())
            if kind is None:
                suffix = path.suffix or "(none)"
                raise InputError(f"{raw}: unsupported file type {suffix!r}; use .html, .htm or .txt")
            yield str(path), kind, _read_file(path)
        else:
            raise InputError(f"{raw}: no such file or folder")


def _read_file(path: Path) -> str:
    try:
        return _decode(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


# ------------------------------------------------------------------------------------------------- discovery


def _parse_listing(page: FetchedPage, kind: str) -> tuple[list[Link], list[str]]:
    sniffed = detect_listing_kind(page.body, page.content_type)
    use = sniffed if sniffed != "page" else kind
    if use != kind:
        log.info("%s was expected to be a %s but looks like a %s", page.final_url, kind, use)
    if use == "feed":
        return parse_feed(page.body, url=page.final_url), []
    return parse_sitemap(page.body, url=page.final_url)


async def discover_links(
    listing_url: str,
    *,
    kind: Literal["feed", "sitemap"],
    policy: FetchPolicy,
    client: httpx.AsyncClient,
    since: datetime | None,
    validators: Validators | None = None,
) -> tuple[list[Link], FetchedPage]:
    """Links newer than `since` (undated kept) from a feed or sitemap, and the listing's own fetch outcome.

    A listing that fails to fetch or is not modified yields no links and its page as is; one that fetches
    but does not parse yields its page with ``error_kind="malformed"``. Sitemap indexes are followed
    breadth-first up to MAX_SITEMAP_DEPTH levels and MAX_SITEMAPS children, skipping children whose
    lastmod is before `since`.
    """
    validator = (validators or {}).get(listing_url)
    from pipeline.fetch import fetch_many, fetch_one

    page = await fetch_one(listing_url, policy=policy, client=client, validator=validator)
    if not page.ok:
        return [], page
    try:
        links, children = _parse_listing(page, kind)
    except SourceError as exc:
        log.warning("listing %s: %s", listing_url, exc)
        return [], replace(page, error_kind="malformed", error=str(exc).splitlines()[0])

    since_utc = _aware(since) if since else None
    seen = {listing_url, page.final_url}
    level = _fresh(children, page.body, page.final_url, since_utc)
    fetched = 0
    for depth in range(1, MAX_SITEMAP_DEPTH + 1):
        level = [c for c in dict.fromkeys(level) if c not in seen][: max(0, MAX_SITEMAPS - fetched)]
        if not level:
            break
        seen.update(level)
        fetched += len(level)
        next_level: list[str] = []
        async for child in fetch_many(level, policy=policy, client=client):
            if not child.ok:
                log.warning("child sitemap %s: %s", child.url, child.error)
                continue
            try:
                child_links, grandchildren = parse_sitemap(child.body, url=child.final_url)
            except SourceError as exc:
                log.warning("child sitemap %s: %s", child.url, exc)
                continue
            links.extend(child_links)
            if depth < MAX_SITEMAP_DEPTH:
                next_level.extend(_fresh(grandchildren, child.body, child.final_url, since_utc))
        level = next_level
    if level and fetched >= MAX_SITEMAPS:
        log.warning("listing %s: stopped after %d child sitemaps", listing_url, MAX_SITEMAPS)

    links = _dedupe(links)[:MAX_LINKS]
    if since_utc is not None:
        links = [lk for lk in links if lk.published is None or lk.published > since_utc]
    return links, page


def _fresh(children: list[str], index_body: bytes, url: str, since: datetime | None) -> list[str]:
    """Children that may hold links newer than `since` (no lastmod: assume they may)."""
    if since is None or not children:
        return children
    dates = sitemap_child_dates(index_body, url=url)
    return [c for c in children if (m := dates.get(c)) is None or m > since]
