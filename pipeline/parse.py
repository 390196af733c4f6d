"""Parse stage: raw HTML bytes (or plain text) → `Article` with main text and metadata.

Main-text precision matters more than recall here: every sidebar headline or newsletter blurb that leaks into
`Article.text` can become a false deal downstream. The extractor therefore runs trafilatura in precision mode on a
tree from which boilerplate containers were removed first, then drops leftover lines that are link-dominated
(related-story headlines), repeat the title, or match common boilerplate phrasing (newsletter/subscribe/share/credits).
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from copy import copy
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from pipeline.models import Article

log = logging.getLogger(__name__)

__all__ = ["decode_html", "parse_article", "parse_text"]

# Bodies larger than this are cut before parsing: no news article needs more, and it bounds the worst case.
MAX_HTML_CHARS = 6_000_000
# A page whose main text has fewer words than this and shows paywall markers is a stub (teaser).
STUB_MAX_WORDS = 300

# --------------------------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG label mapping for the labels that matter: browsers decode these as the superset encoding, and so must we
# (a page "in ISO-8859-1" with curly quotes is really windows-1252; "Shift_JIS" pages use cp932 extensions).
_CHARSET_ALIASES: dict[str, str] = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "cp1252",
}
_SINGLE_BYTE_ANYTHING = {"cp1252", "latin_1", "iso8859-1"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)


def _codec_name(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(body: bytes, codec: str) -> str | None:
    """Strict decode, tolerating a tiny share of broken bytes (a truncated multibyte char, one stray byte)."""
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return text if bad <= max(2, len(text) // 2000) else None


def _utf8_beats_single_byte(body: bytes) -> bool:
    """True when the bytes are valid, non-ASCII UTF-8: then a declared latin-1/cp1252 is almost surely wrong."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(body: bytes, *, header_charset: str | None = None) -> str:
    """Decode an HTML body without mojibake.

    Order: BOM (unambiguous, and WHATWG lets it override the header), HTTP header charset, `<meta charset>` /
    http-equiv / XML declaration in the first 4 KB, strict UTF-8, then charset-normalizer detection. A declared
    single-byte charset loses to valid multibyte UTF-8 since servers often default to ISO-8859-1 wrongly.
    """
    if isinstance(body, str):
        return body
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _try_decode(body, codec)
            if text is not None:
                return text.lstrip("\ufeff")
    head = body[:4096]
    declared: list[str] = []
    for label in (header_charset,):
        if (name := _codec_name(label)) is not None:
            declared.append(name)
    for rx in (_META_CHARSET, _XML_ENCODING):
        m = rx.search(head)
        if m and (name := _codec_name(m.group(1).decode("ascii", "ignore"))) is not None:
            declared.append(name)
    for codec in declared:
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            continue  # a meta tag we could read in ASCII cannot be UTF-16: the declaration is wrong
        if codec in _SINGLE_BYTE_ANYTHING and _utf8_beats_single_byte(body):
            return body.decode("utf-8")
        text = _try_decode(body, codec)
        if text is not None:
            return text
        log.debug("declared charset %s does not decode the body", codec)
    text = _try_decode(body, "utf-8")
    if text is not None:
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
        if best is not None and best.encoding:
            text = _try_decode(body, best.encoding)
            if text is not None:
                return text
    except Exception:  # noqa: BLE001 - detection is best effort
        log.debug("charset detection failed", exc_info=True)
    return body.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------------------------
# Tree helpers
# --------------------------------------------------------------------------------------------------------------

_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _norm(text: str | None) -> str:
    """Collapse whitespace: the key used to compare DOM text with extracted lines."""
    return _WS.sub(" ", text or "").strip()


def _parse_tree(html: str) -> HtmlElement | None:
    """lxml tree of an HTML string, or None when there is nothing to parse."""
    html = _INVALID_XML_CHARS.sub("", _XML_DECL.sub("", html[:500]) + html[500:])
    if not html.strip():
        return None
    try:
        tree = document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        try:
            tree = document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
        except (etree.ParserError, ValueError, TypeError):
            return None
    return tree if isinstance(tree, HtmlElement) else None


def _text(el: HtmlElement) -> str:
    try:
        return _norm(el.text_content())
    except (ValueError, TypeError):
        return ""


def _iter_tag(tree: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    for el in tree.iter(*tags):
        if isinstance(el, HtmlElement):
            yield el


# --------------------------------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------------------------------

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|NewsStory)$", re.I)


def _json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every dict found in the page's JSON-LD blocks (flattening lists and @graph)."""
    out: list[dict[str, Any]] = []

    def walk(obj: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(obj, list):
            for item in obj:
                walk(item, depth + 1)
        elif isinstance(obj, dict):
            out.append(obj)
            graph = obj.get("@graph")
            if graph is not None:
                walk(graph, depth + 1)

    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        raw = raw.removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
        try:
            walk(json.loads(raw, strict=False))
        except (ValueError, RecursionError):
            log.debug("unreadable JSON-LD block")
    return out


def _ld_types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def _ld_article(objs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object describing the article itself (NewsArticle, BlogPosting, ...), else a WebPage."""
    for obj in objs:
        if any(_ARTICLE_TYPES.search(t) for t in _ld_types(obj)):
            return obj
    for obj in objs:
        if any(t.endswith("WebPage") for t in _ld_types(obj)) and ("datePublished" in obj or "headline" in obj):
            return obj
    return None


def _ld_str(value: Any) -> str | None:
    """A JSON-LD value as a plain string (first item of a list, `name` of an object)."""
    if isinstance(value, list):
        for item in value:
            if (s := _ld_str(item)) is not None:
                return s
        return None
    if isinstance(value, dict):
        return _ld_str(value.get("name") or value.get("@value"))
    if isinstance(value, str):
        value = _norm(value)
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _meta_map(tree: HtmlElement) -> dict[str, str]:
    """First non-empty content of every <meta> by lowercased name/property/itemprop/http-equiv."""
    out: dict[str, str] = {}
    for el in _iter_tag(tree, "meta"):
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                out.setdefault(key.strip().lower(), _norm(content))
    return out


_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "datepublished", "published_time", "publishdate", "publish-date", "publish_date", "pubdate",
    "article.published", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.date", "dcterms.created", "dc.date.created", "originalpublicationdate", "date", "og:pubdate",
    "article_date_original", "cxenseparse:recs:publishtime",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "article:modified",
    "modified_time", "article.updated", "dcterms.modified", "dc.date.modified", "lastmod", "last-modified",
)  # fmt: skip
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2]|[1-9])[/_-]?(0[1-9]|[12]\d|3[01]|[1-9])(?:/|[_-]|\.|$)")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")


def _parse_date(value: Any) -> datetime | None:
    """A datetime from an ISO-ish or free-form date string; aware results are converted to UTC."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            ts = float(value) / (1000 if value > 1e11 else 1)
            return datetime.fromtimestamp(ts, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    text = _ld_str(value)
    if not text or len(text) > 80:
        return None
    from dateutil import parser as dparser

    dt: datetime | None = None
    try:
        dt = dparser.isoparse(text)
    except (ValueError, OverflowError):
        try:
            dt = dparser.parse(text, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
    except Exception:  # noqa: BLE001 - dateutil raises a zoo of exceptions on junk
        return None
    if dt is None or not (1990 <= dt.year <= datetime.now().year + 1):
        return None
    if dt.tzinfo is not None:
        try:
            dt = dt.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            return None
    return dt


def _time_dates(tree: HtmlElement) -> tuple[datetime | None, datetime | None]:
    """Published/modified from <time datetime> elements, preferring marked-up ones inside the article."""
    times = [t for t in _iter_tag(tree, "time") if t.get("datetime")]
    if not times:
        return None, None

    def marks(t: HtmlElement) -> str:
        return " ".join(filter(None, (t.get("itemprop"), t.get("class"), t.get("id"), t.getparent().get("class")
                                      if t.getparent() is not None else None))).lower()  # fmt: skip

    modified = next((t for t in times if re.search(r"modif|updat", marks(t))), None)
    published = next((t for t in times if t.get("pubdate") is not None or re.search(r"publish|posted", marks(t))), None)
    if published is None:
        inside = [t for t in times if t is not modified and any(a.tag in ("article", "main") for a in t.iterancestors())]
        published = inside[0] if inside else next((t for t in times if t is not modified), None)
    return (
        _parse_date(published.get("datetime")) if published is not None else None,
        _parse_date(modified.get("datetime")) if modified is not None else None,
    )


def _url_date(url: str | None) -> datetime | None:
    if not url:
        return None
    path = urlsplit(url).path
    for rx in (_URL_DATE, _URL_DATE_COMPACT):
        m = rx.search(path)
        if m:
            try:
                dt = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if 1990 <= dt.year <= datetime.now().year + 1:
                return dt
    return None


_BY_PREFIX = re.compile(r"^\s*(by|von|par|por|di|door|av)\s+", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.I)


def _clean_authors(values: Iterable[str], site_name: str | None) -> tuple[str, ...]:
    """Names only: no URLs, e-mails, site names, 'By' prefixes or duplicates."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = _BY_PREFIX.sub("", _norm(value))
        if not value or "://" in value or value.startswith("www."):
            continue
        for name in _AUTHOR_SPLIT.split(value):
            name = _norm(name).strip(" .|-–—")
            if not name or "@" in name or len(name) > 60 or len(name.split()) > 5 or not re.search(r"[^\W\d_]", name):
                continue
            if site_name and name.lower() == site_name.lower():
                continue
            if name.lower() not in seen:
                seen.add(name.lower())
                out.append(name)
    return tuple(out)


def _ld_authors(obj: dict[str, Any] | None) -> list[str]:
    if not obj:
        return []
    raw = obj.get("author") or obj.get("creator")
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if isinstance(item, dict):
            types = _ld_types(item)
            if types and all(t == "Organization" for t in types):
                continue
        if (s := _ld_str(item)) is not None:
            out.append(s)
    return out


def _language(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any] | None) -> str | None:
    """Primary language subtag (e.g. "en") from <html lang>, meta or JSON-LD."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        tree.get("xml:lang"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
        meta.get("og:locale"),
        _ld_str(ld.get("inLanguage")) if ld else None,
    ]
    for cand in candidates:
        if not cand:
            continue
        m = re.match(r"\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*(?:,|$)", cand)
        if m:
            return m.group(1).lower()
    return None


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s+::\s+")


def _strip_site(title: str | None, site_name: str | None) -> str | None:
    """Drop a trailing/leading ' | Site Name' part from a page title."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        site = (site_name or "").lower()
        if site and parts[-1].lower() == site:
            return title[: title.lower().rfind(site)].rstrip(" |-–—:·•»")
        if site and parts[0].lower() == site:
            return title[len(parts[0]) :].lstrip(" |-–—:·•»")
        last = parts[-1]
        if len(last.split()) <= 4 and len(title) - len(last) > len(last):
            return title[: len(title) - len(last)].rstrip(" |-–—:·•»")
    return title


def _title(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any] | None, site_name: str | None) -> str | None:
    h1s = [_text(h) for h in _iter_tag(tree, "h1")]
    h1s = [h for h in h1s if 3 <= len(h) <= 300]
    for cand in (meta.get("og:title"), _ld_str(ld.get("headline")) if ld else None, meta.get("twitter:title")):
        if cand:
            return _strip_site(cand, site_name)
    if len(h1s) == 1:
        return h1s[0]
    title_el = tree.find(".//title")
    if title_el is not None:
        t = _strip_site(_text(title_el), site_name)
        if t:
            return t
    return h1s[0] if h1s else None


def _canonical(tree: HtmlElement, meta: dict[str, str], url: str | None) -> str | None:
    hrefs = [
        link.get("href")
        for link in _iter_tag(tree, "link")
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
    ]
    hrefs.append(meta.get("og:url"))
    for href in hrefs:
        if not href or not href.strip():
            continue
        try:
            full = urljoin(url, href.strip()) if url else href.strip()
        except ValueError:
            continue
        if urlsplit(full).scheme in ("http", "https") and urlsplit(full).netloc:
            return full
    return None


# --------------------------------------------------------------------------------------------------------------
# Main text
# --------------------------------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article",
    "blockquote", "figcaption", "aside", "header", "footer", "nav", "ul", "ol", "span", "main", "body",
}  # fmt: skip
# Containers whose class/id contains one of these tokens are navigation, promotion or reader chrome.
_BOILER_TOKENS = {
    "related", "recommended", "recommendation", "recommendations", "recirc", "recirculation", "newsletter",
    "newsletters", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "comments",
    "comment", "disqus", "share", "sharing", "sharebar", "social", "breadcrumb", "breadcrumbs", "sidebar",
    "widget", "promo", "promoted", "sponsored", "advert", "advertisement", "ads", "outbrain", "taboola",
    "trending", "mostread", "mostpopular", "popular", "navbar", "navigation", "nav", "menu", "footer",
    "toolbar", "tags", "modal", "popup", "newsletterbox", "readmore", "morestories", "rail", "banner",
}  # fmt: skip
_BOILER_BIGRAMS = {("most", "read"), ("most", "popular"), ("more", "stories"), ("read", "more"), ("also", "read"),
                   ("you", "may"), ("more", "from"), ("author", "bio"), ("about", "author"), ("sign", "up")}
_PROTECT_TOKENS = {"articlebody", "article-body", "storybody", "story-body", "entry-content", "post-content",
                   "article-content", "postbody", "post-body", "main-content", "maincontent", "content-body"}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@lru_cache(maxsize=8192)
def _boiler_attr(raw: str) -> bool:
    """Whether a class/id string names boilerplate (token match, camelCase split; cached: pages reuse classes)."""
    low = raw.lower()
    if any(p in low for p in _PROTECT_TOKENS):
        return False
    tokens = [t for t in _TOKEN_SPLIT.split(_CAMEL.sub(" ", raw).lower()) if t]
    if any(t in _BOILER_TOKENS for t in tokens):
        return True
    return any(pair in _BOILER_BIGRAMS for pair in zip(tokens, tokens[1:]))


def _is_boiler(el: HtmlElement) -> bool:
    raw = " ".join(filter(None, (el.get("class"), el.get("id"))))
    return bool(raw) and _boiler_attr(raw)


_PRECLEAN_CANDIDATES = etree.XPath(
    ".//*[@class or @id or @hidden or @style or self::nav or self::aside or self::footer or self::form"
    " or self::button or self::dialog or self::noscript]"
)
_HARD_BOILER_TAGS = {"nav", "aside", "footer", "form", "button", "dialog", "noscript"}


_PROSE_XPATH = etree.XPath(
    ".//text()[string-length(normalize-space(.)) > 60][not(ancestor::a or ancestor::script or ancestor::style)]"
)


def _prose_chars(el: HtmlElement) -> int:
    """Characters in long, unlinked text nodes under `el`: a cheap measure of how much prose it holds."""
    try:
        return sum(len(t) for t in _PROSE_XPATH(el))
    except (etree.XPathError, ValueError, TypeError):
        return 0


def _preclean(tree: HtmlElement) -> None:
    """Remove boilerplate containers in place, keeping any that hold a large share of the page's prose."""
    body = tree.find("body")
    if body is None:
        body = tree
    prose_total = _prose_chars(body) or 1
    doomed: list[HtmlElement] = []
    doomed_set: set[HtmlElement] = set()
    for el in _PRECLEAN_CANDIDATES(body):
        if el.tag in ("html", "body", "main", "article"):
            continue
        if el.tag in _HARD_BOILER_TAGS:
            kill = True
        elif el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            kill = True
        else:
            kill = _is_boiler(el)
        if not kill or any(a in doomed_set for a in el.iterancestors()):
            continue
        if el.tag not in ("button", "noscript") and _prose_chars(el) > 0.4 * prose_total:
            continue
        doomed.append(el)
        doomed_set.add(el)
    # Hover cards and link clusters nested inside a paragraph ("Name" + a box of that person's stories).
    clusters = []
    for el in body.xpath(".//p//*[self::span or self::div or self::ul][count(.//a) >= 3]"):
        t = _text(el)
        if t and sum(len(_text(a)) for a in el.iter("a")) >= 0.8 * len(t):
            clusters.append(el)
    # Only the innermost cluster goes, so the linked name the card hangs on stays in the sentence.
    outer = {a for el in clusters for a in el.iterancestors()}
    for el in clusters:
        if el not in outer and not any(a in doomed_set for a in el.iterancestors()):
            doomed.append(el)
            doomed_set.add(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


_DENSITY_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title"}


@dataclass
class _Context:
    """What the line filter knows about the page: title variants, descriptions and per-line link density."""

    titles: set[str] = field(default_factory=set)
    descriptions: set[str] = field(default_factory=set)
    density: dict[str, float] = field(default_factory=dict)
    anchors: set[str] = field(default_factory=set)


def _link_maps(tree: HtmlElement) -> tuple[dict[str, float], set[str]]:
    """Link density of every visual line of the page (split at blocks and <br>), and the set of link texts."""
    density: dict[str, float] = {}
    for text, ld in _linearize(tree, skip=_DENSITY_SKIP):
        if ld > 0 and len(text) < 600:
            density[text] = max(density.get(text, 0.0), ld)
    anchors = {t for a in tree.iter("a") if len((t := _text(a)).split()) >= 2}
    return density, anchors


_BULLET = re.compile(r"^(?:[-*•·▪►]\s+|\d{1,2}[.)]\s+)")
_BOILER_LINE = re.compile(
    r"""^(?:
        (?:related|read\ more|read\ also|also\ read|see\ also|see\ more|more|don'?t\ miss|recommended|watch|
           listen|more\ from|also\ on\ \S+|most\ read|trending|popular|advertisement|sponsored|tags?|topics?|
           filed\ under|share\ this|you\ may\ also\ like|you\ might\ also\ like)\b[^.!?]{0,200}$
      | .*\b(?:subscrib\w*|sign\ up|newsletter)\b.*\b(?:inbox|newsletters?|e-?mail|free|today)\b.*
      | .*\b(?:newsletters?|inbox)\b.*\b(?:subscrib\w*|sign\ up|sign-up)\b.*
      | follow\b.{0,80}\b(?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b.*
      | follow\ @\w+.*
      | .*\bfollow\ (?:us|him|her|them)\ (?:on|@).*
      | like\ this\ (?:story|article)\b.*
      | if\ you\ (?:enjoyed|liked|value|appreciate)\ (?:this|our|reading)\b.*
      | .*\b(?:use|with)\ (?:the\ )?(?:promo\ |discount\ |coupon\ )?code\b.*
      | .*\b(?:share|click)\ (?:this|it|here)\b.{0,60}$
      | .*(?:©|\bcopyright\b|all\ rights\ reserved).*
      | \(?(?:reporting|writing|editing|additional\ reporting|compiled)\ by\b.*
      | .*\bcontributed\ (?:to\ )?(?:this\ )?report(?:ing)?\b.*
      | .*\b(?:can|may)\ be\ reached\ at\b.*
      | (?:e-?mail|contact)\ \S+.*@.*
      | .*\((?:photo|image|picture|credit|video)s?(?:\ credit)?:.*
      | this\ copy\ is\ for\ your\ personal.*
      | \d*\s*comments?
      | [\W_]+
    )$""",
    re.I | re.X,
)
_BOILER_LINE_MAX_WORDS = 45
_URL_IN_LINE = re.compile(r"https?://|\bwww\.\w", re.I)
_CODE_LINE = re.compile(r"[{};]\s*[\w#.-]+\s*[:{]|&(?:amp;)?lt;|^\s*[#.]?[\w-]+\s*\{")
_DATE_BITS = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?。！？…\"”»)]\s*$")
_HEADING_LIKE = re.compile(r"^[^\w]*[\d\W]*[^\W\d_a-z].*(?<![.!?。！？…\"”»),;:\-–—])$", re.S)
_ABOUT_HEADING = re.compile(r"^about\s+(?!the\b|this\b|us\b|me\b)[\w&.'-]+(?:\s+[\w&.'-]+){0,4}:?$", re.I)


def _is_boiler_line(line: str) -> bool:
    """Boilerplate by wording: newsletter/subscribe/follow/share prompts, credits, copyright, URLs, code, stamps."""
    words = len(line.split())
    if words <= _BOILER_LINE_MAX_WORDS and _BOILER_LINE.match(line) is not None:
        return True
    if words <= 25 and _URL_IN_LINE.search(line):
        return True
    if _CODE_LINE.search(line) and line.count("{") + line.count(";") >= 2:
        return True
    return words <= 12 and _DATE_BITS.search(line) is not None


def _filter_lines(lines: list[str], ctx: _Context) -> list[str]:
    """Drop title repeats, decks, link-dominated lines and boilerplate phrasing from extracted lines."""
    out: list[str] = []
    for line in lines:
        core = _norm(_BULLET.sub("", line.strip()))
        if not core:
            continue
        low = core.lower()
        if len(out) < 3 and low in ctx.titles:
            continue  # headline repeated at the top of the body
        if not out and low in ctx.descriptions and not _SENTENCE_END.search(core):
            continue  # a deck (standfirst) above the body; a lead paragraph would end like a sentence
        words = len(core.split())
        if words <= 40:
            d = ctx.density.get(core)
            if d is None and core in ctx.anchors:
                d = 1.0
            if d is not None and d >= 0.6:
                continue
        if _is_boiler_line(core):
            continue
        out.append(core if not line.lstrip().startswith(("- ", "* ")) else line.strip())
    # Short heading-like lines before the first sentence are kickers, widget headings, bylines and datelines.
    # (Lines starting in lower case or ending in a comma are hard-wrapped prose and stop the trim.)
    lead = 0
    while lead < len(out) and _HEADING_LIKE.match(out[lead]) and len(out[lead].split()) <= 20:
        lead += 1
    if lead < len(out):
        out = out[lead:]
    # A trailing "About <Company>" section is press-release boilerplate, not news.
    for i in range(len(out) - 1, max(-1, len(out) // 2 - 1), -1):
        if _ABOUT_HEADING.match(out[i]):
            return out[:i]
    return out


def _trafilatura_text(tree: HtmlElement, url: str | None, precision: bool) -> str:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            fast=True,  # its readability/jusText fallbacks cost ~40% of the time; our own rescues replace them
        )
    except Exception:  # noqa: BLE001 - third-party extractor: never let it break the stage
        log.debug("trafilatura failed", exc_info=True)
        return ""
    text = getattr(doc, "text", None) if doc is not None else None
    return text or ""


# Own DOM extractor: a fallback when trafilatura finds (almost) nothing, and the source of the chunk expansion.
_SKIP_TAGS = {
    "script", "style", "noscript", "iframe", "svg", "button", "form", "select", "option", "textarea", "input",
    "figure", "figcaption", "video", "audio", "canvas", "template", "object", "embed", "label", "nav", "aside",
    "footer", "header", "menu",
}  # fmt: skip
_LINE_BLOCKS = {
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "td", "th", "dl", "dd", "dt", "main", "hr", "br", "center", "address", "details", "summary",
}  # fmt: skip


def _linearize(root: HtmlElement, skip: set[str] = _SKIP_TAGS) -> list[tuple[str, float]]:
    """Text lines of a subtree split at block boundaries, each with its link density."""
    lines: list[tuple[str, float]] = []
    buf: list[str] = []
    link = [0]

    def flush() -> None:
        t = _norm("".join(buf))
        if t:
            lines.append((t, min(1.0, link[0] / len(t))))
        buf.clear()
        link[0] = 0

    def walk(el: etree._Element, in_a: bool, depth: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in skip or depth > 200:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _LINE_BLOCKS
        if block:
            flush()
        a = in_a or tag == "a"
        if el.text:
            buf.append(el.text)
            if a:
                link[0] += len(el.text.strip())
        for child in el:
            walk(child, a, depth + 1)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)
            if in_a:
                link[0] += len(el.tail.strip())

    walk(root, False, 0)
    flush()
    return lines


def _para_score(el: HtmlElement) -> float:
    """Readability-style paragraph score: long, comma-rich, unlinked text scores high."""
    t = _text(el)
    if len(t) < 25:
        return 0.0
    links = sum(len(_text(a)) for a in el.iter("a"))
    ld = links / len(t)
    if ld > 0.5:
        return 0.0
    commas = t.count(",") + t.count("，") + t.count("、")
    return (1 + commas + min(len(t) / 100, 3)) * (1 - ld)


def _direct_text_len(el: HtmlElement) -> int:
    return len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)


def _dom_lines(work: HtmlElement) -> list[str]:
    """Main text by scoring paragraphs into their ancestors and taking the best container plus good siblings."""
    body = work.find("body")
    if body is None:
        body = work
    scores: dict[HtmlElement, float] = {}
    cands = list(body.iter("p", "pre", "blockquote"))
    cands += [el for el in body.iter("div", "td", "section", "article") if _direct_text_len(el) > 100]
    for el in cands:
        s = _para_score(el)
        if not s:
            continue
        anc = el.getparent()
        for factor in (1.0, 0.5, 1 / 3):
            if anc is None:
                break
            scores[anc] = scores.get(anc, 0.0) + s * factor
            anc = anc.getparent()
    if not scores:
        return []
    best = max(scores, key=lambda e: scores[e])
    top = scores[best]
    parent = best.getparent()
    parts = [best]
    if parent is not None:
        parts = [
            sib
            for sib in parent
            if isinstance(sib.tag, str)
            and (sib is best or scores.get(sib, 0.0) >= 0.2 * top or (sib.tag == "p" and _para_score(sib) > 2))
        ]
    return [t for part in parts for t, ld in _linearize(part) if ld <= 0.5]


def _good_para(el: HtmlElement) -> bool:
    """A paragraph that reads like article prose: long enough, sentence punctuation, few links."""
    t = _text(el)
    if len(t) < 60 or not re.search(r"[.!?。！？\"”»]", t):
        return False
    links = sum(len(_text(a)) for a in el.iter("a"))
    return links / len(t) < 0.3


def _expand_chunks(work: HtmlElement, lines: list[str], keep: Callable[[list[str]], list[str]]) -> list[str]:
    """Add paragraphs trafilatura missed when the article body is split into sibling chunks (ads in between).

    The extracted lines are located in the DOM; paragraphs whose parent has the same tag and class as the
    located paragraphs' parents, under a nearby common ancestor, are the other chunks of the same body.
    """
    by_text: dict[str, HtmlElement] = {}
    paras = list(work.iter("p"))
    for p in paras:
        t = _text(p)
        if len(t) >= 40:
            by_text.setdefault(t, p)
    matched = [(i, by_text[ln]) for i, ln in enumerate(lines) if ln in by_text]
    if len(matched) < 2:
        return lines
    sigs = {(p.getparent().tag, p.getparent().get("class")) for _, p in matched if p.getparent() is not None}
    sigs = {s for s in sigs if s[1]}  # classless parents say nothing about sameness
    if not sigs:
        return lines
    # Lowest common ancestor of the located paragraphs, then up to three levels above it.
    chains = [list(p.iterancestors()) for _, p in matched]
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    lca = next((a for a in chains[0] if a in common), None)
    if lca is None:
        return lines
    scope = lca
    for _ in range(3):
        up = scope.getparent()
        if up is None or up.tag in ("body", "html"):
            break
        scope = up
    have = _trigrams(" ".join(lines))
    order = {p: i for i, p in enumerate(paras)}
    extra = []
    for p in scope.iter("p"):
        parent = p.getparent()
        if parent is None or (parent.tag, parent.get("class")) not in sigs or not _good_para(p):
            continue
        grams = _trigrams(_text(p))
        if grams and len(grams & have) < 0.3 * len(grams):  # not a re-split copy of lines we already have
            extra.append(p)
    kept = set(keep([_text(p) for p in extra]))
    extra = [p for p in extra if _text(p) in kept]
    # One or two stray paragraphs are more likely something trafilatura dropped on purpose (bio, promo) than a
    # missing chunk of the body.
    if len(extra) < 2 or _word_count([_text(p) for p in extra]) < 0.2 * _word_count(lines):
        return lines
    log.debug("chunk expansion adds %d paragraphs", len(extra))
    return _merge_in_order(lines, [_text(p) for p in paras], [_text(p) for p in extra])


def _merge_in_order(lines: list[str], sequence: list[str], extra: list[str]) -> list[str]:
    """Insert `extra` lines among `lines` following their order in `sequence` (the page's reading order).

    Lines not found in the sequence keep their place right after the line before them.
    """
    index: dict[str, int] = {}
    for i, t in enumerate(sequence):
        index.setdefault(t, i)
    keyed: list[tuple[float, int, str]] = []
    pos = -1.0
    for i, ln in enumerate(lines):
        if ln in index:
            pos = float(index[ln])
        keyed.append((pos, i, ln))
    keyed += [(float(index.get(t, 1e9)), len(lines) + j, t) for j, t in enumerate(extra)]
    keyed.sort()
    return [ln for _, _, ln in keyed]


_DECLARED_BODY = etree.XPath('//*[@itemprop="articleBody"]')


def _rescue_declared_body(
    work: HtmlElement, lines: list[str], keep: Callable[[list[str]], list[str]], descriptions: set[str]
) -> list[str]:
    """Add prose from the page's declared body (`itemprop=articleBody`) when the extraction missed much of it.

    Extractors lose text that sits in bare text nodes between block elements; the publisher's own markup says
    where the body is, so its long, sentence-like, unlinked lines are safe to add when a large share is missing.
    """
    try:
        bodies = _DECLARED_BODY(work)
    except etree.XPathError:
        return lines
    if len(bodies) != 1:
        return lines
    sequence = [t for t, ld in _linearize(bodies[0]) if ld <= 0.3]
    have = _trigrams(" ".join(lines))
    extra = []
    for t in sequence:
        grams = _trigrams(t)
        if (
            len(t.split()) >= 12
            and _SENTENCE_END.search(t)
            and t.lower() not in descriptions
            and grams
            and len(grams & have) < 0.3 * len(grams)
        ):
            extra.append(t)
    extra = keep(extra)
    if not extra or _word_count(extra) < 0.2 * _word_count(lines):
        return lines
    log.debug("declared-body rescue adds %d lines", len(extra))
    return _merge_in_order(lines, sequence, extra)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:]))


def _word_count(lines: list[str]) -> int:
    return sum(len(_WORD.findall(ln)) for ln in lines)


def _main_text(tree: HtmlElement, url: str | None, ctx: _Context) -> str:
    """Main text paragraphs joined by blank lines."""
    ctx.density, ctx.anchors = _link_maps(tree)
    work = copy(tree)
    _preclean(work)
    text = _trafilatura_text(work, url, precision=True)
    lines = _filter_lines(text.split("\n"), ctx)
    body_ctx = _Context(density=ctx.density, anchors=ctx.anchors)
    lines = _expand_chunks(work, lines, lambda more: _filter_lines(more, body_ctx))
    lines = _rescue_declared_body(work, lines, lambda more: _filter_lines(more, body_ctx), ctx.descriptions)
    if _word_count(lines) < 50:
        dom = _filter_lines(_dom_lines(work), ctx)
        prose = any(len(d.split()) >= 20 and _SENTENCE_END.search(d) for d in dom)
        if prose and _word_count(dom) >= max(40, 3 * _word_count(lines)):
            log.debug("trafilatura found little; using the DOM extractor")
            lines = dom
    return "\n\n".join(lines)


# --------------------------------------------------------------------------------------------------------------
# Paywall
# --------------------------------------------------------------------------------------------------------------

# Lowercased visible text is searched with patterns that each start with a literal (fast in `re`).
_PAYWALL_TEXT = tuple(
    re.compile(p)
    for p in (
        r"subscribe (?:now )?to (?:continue|read|keep reading|unlock|access)",
        r"to continue reading",
        r"continue reading (?:with|for) ",
        r"this (?:article|story|content) is (?:only )?(?:for|available to|exclusive to|reserved for) (?:paid )?"
        r"(?:subscribers|members)",
        r"(?:subscribers|members)[- ]only (?:content|article|story)",
        r"for (?:paid )?subscribers only",
        r"already (?:a subscriber|have an account)\?",
        r"reached your (?:free )?(?:article |monthly )?limit",
        r"create a free account to (?:continue|read)",
        r"sign in to (?:continue|read)",
        r"unlock (?:this|the full) (?:article|story)",
        r"become a (?:subscriber|member) to (?:read|continue)",
    )
)
_PAYWALL_ATTR = etree.XPath(
    "//*[@class or @id][contains(translate(concat(@class, ' ', @id), 'PAYWLREGM', 'paywlregm'), 'paywall')"
    " or contains(translate(concat(@class, ' ', @id), 'PAYWLREGM', 'paywlregm'), 'regwall')"
    " or contains(translate(concat(@class, ' ', @id), 'PAYWLREGM', 'paywlregm'), 'meter-wall')]"
)
_VISIBLE_TEXT = etree.XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _paywalled(html: str, tree: HtmlElement, objs: list[dict[str, Any]]) -> bool:
    """Whether the page carries paywall markers (JSON-LD isAccessibleForFree=false, paywall text or boxes)."""
    for obj in objs:
        flag = obj.get("isAccessibleForFree")
        if flag is False or (isinstance(flag, str) and flag.strip().lower() == "false"):
            return True
    low = html.lower()
    try:
        if any(w in low for w in ("paywall", "regwall", "meter-wall")) and _PAYWALL_ATTR(tree):
            return True
        visible = " ".join(_VISIBLE_TEXT(tree)).lower()
    except (etree.XPathError, ValueError):
        return False
    visible = _WS.sub(" ", visible.replace("\u2019", "'"))
    return any(rx.search(visible) for rx in _PAYWALL_TEXT)


# --------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------


def parse_article(body: bytes | str, *, url: str | None = None, charset: str | None = None) -> Article:
    """Article from an HTML page; never raises (returns an Article with empty text on any failure)."""
    try:
        return _parse_article(body, url=url, charset=charset)
    except Exception:  # noqa: BLE001 - the stage contract is "never raise"
        log.warning("parse failed for %s", url, exc_info=True)
        return Article(text="", source_url=url)


def _parse_article(body: bytes | str, *, url: str | None, charset: str | None) -> Article:
    if body is None:
        return Article(text="", source_url=url)
    html = body if isinstance(body, str) else decode_html(bytes(body), header_charset=charset)
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    tree = _parse_tree(html)
    if tree is None:
        return Article(text="", source_url=url)
    objs = _json_ld_objects(tree)
    ld = _ld_article(objs)
    meta = _meta_map(tree)
    site_name = meta.get("og:site_name") or (_ld_str((ld or {}).get("publisher")) if ld else None)
    site_name = site_name or meta.get("application-name")
    title = _title(tree, meta, ld, site_name)

    published = _parse_date(ld.get("datePublished") or ld.get("dateCreated")) if ld else None
    modified = _parse_date(ld.get("dateModified")) if ld else None
    if published is None:
        published = next((d for k in _PUBLISHED_META if (d := _parse_date(meta.get(k))) is not None), None)
    if modified is None:
        modified = next((d for k in _MODIFIED_META if (d := _parse_date(meta.get(k))) is not None), None)
    if published is None or modified is None:
        t_pub, t_mod = _time_dates(tree)
        published = published or t_pub
        modified = modified or t_mod
    if published is None:
        published = _url_date(url)

    authors = _clean_authors(_ld_authors(ld), site_name)
    if not authors:
        meta_authors = [meta[k] for k in ("author", "article:author", "parsely-author", "sailthru.author",
                                          "dc.creator", "byl") if meta.get(k)]  # fmt: skip
        rel_authors = [_text(a) for a in tree.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')]
        authors = _clean_authors(meta_authors or rel_authors, site_name)

    ctx = _Context()
    ctx.titles = {t.lower() for t in (title, meta.get("og:title"), _ld_str((ld or {}).get("headline"))) if t}
    ctx.titles |= {_text(h).lower() for h in tree.iter("h1")}
    title_el = tree.find(".//title")
    if title_el is not None and _text(title_el):
        ctx.titles.add(_text(title_el).lower())
    ctx.descriptions = {
        d.lower() for k in ("description", "og:description", "twitter:description") if (d := meta.get(k))
    } | ({d.lower()} if ld and (d := _ld_str(ld.get("description"))) else set())
    text = _main_text(tree, url, ctx)
    words = len(_WORD.findall(text))
    is_stub = words < STUB_MAX_WORDS and _paywalled(html, tree, objs)
    if is_stub and not text:
        text = _norm(meta.get("og:description") or meta.get("description") or "")

    return Article(
        text=text,
        title=title,
        url=_canonical(tree, meta, url),
        published=published,
        modified=modified,
        authors=authors,
        language=_language(tree, meta, ld),
        site_name=site_name,
        source_url=url,
        is_stub=is_stub,
    )


_TEXT_TITLE_MAX_WORDS = 20


def parse_text(text: str, *, source: str | None = None) -> Article:
    """Article from plain text: normalised whitespace, paragraphs kept, a short first line taken as the title."""
    try:
        return _parse_text(text, source=source)
    except Exception:  # noqa: BLE001
        log.warning("plain-text parse failed for %s", source, exc_info=True)
        return Article(text="", source_url=source)


def _parse_text(text: str, *, source: str | None) -> Article:
    if isinstance(text, bytes):
        text = decode_html(text)
    text = unicodedata.normalize("NFC", (text or "").lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVALID_XML_CHARS.sub("", text)
    lines = [re.sub(r"[ \t\f\v\u00a0\u200b]+", " ", ln).strip() for ln in text.split("\n")]
    if any(not ln for ln in lines):
        # Blank lines separate paragraphs; single newlines inside a paragraph are hard wraps.
        paragraphs, cur = [], []
        for ln in lines:
            if ln:
                cur.append(ln)
            elif cur:
                paragraphs.append(" ".join(cur))
                cur = []
        if cur:
            paragraphs.append(" ".join(cur))
    else:
        paragraphs = lines
    title = None
    if len(paragraphs) > 1:
        first = paragraphs[0]
        if len(first.split()) <= _TEXT_TITLE_MAX_WORDS and not first.endswith((".", "!", "?", ":", ";", ",")):
            title, paragraphs = first, paragraphs[1:]
    return Article(text="\n\n".join(paragraphs), title=title, source_url=source)
