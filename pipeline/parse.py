"""Parse stage: raw HTML bytes (or plain text) → `Article` with main text and metadata.

Main-text precision matters more than recall: every sidebar headline or newsletter blurb that leaks into
`Article.text` can become a false deal downstream. The extractor therefore

1. removes boilerplate containers (nav/aside/footer, hidden nodes, class/id names such as "related",
   "newsletter", "cookie", "comments", "share", hover cards inside paragraphs) from a copy of the tree,
2. runs trafilatura in precision mode (fast: its own fallbacks are replaced by the steps below),
3. drops lines that repeat the headline or deck, are (nearly) all link text, or read like boilerplate
   (subscribe/follow/share prompts, credits, copyright, bare URLs, leaked CSS, time stamps),
4. adds back what trafilatura missed: body chunks split by ads (sibling containers of the same class), prose
   in the publisher's declared `itemprop=articleBody`, and a lead paragraph kept apart from the body; and
   falls back to its own DOM scorer or the JSON-LD `articleBody` when trafilatura finds next to nothing.

Each rescue runs guarded: if one fails on a strange page, the text it was given is kept.

Measured with `bench/parse_quality.py` on the article-extraction benchmark (see that script).
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from pipeline.models import Article

log = logging.getLogger(__name__)
_T = TypeVar("_T")

__all__ = ["decode_html", "parse_article", "parse_text"]

# Bodies larger than this are cut before parsing: no news article needs more, and it bounds the worst case.
MAX_HTML_CHARS = 6_000_000
# A page whose main text has fewer words than this and shows paywall markers is a stub (teaser).
STUB_MAX_WORDS = 300
# Below this many words the trafilatura result is treated as a miss and the fallbacks are tried.
MIN_BODY_WORDS = 50

# ------------------------------------------------------------------------------------------------------------
# Decoding
# ------------------------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG label mapping for the labels that matter: browsers decode these as the superset encoding, and so
# must we (a page "in ISO-8859-1" with curly quotes is really windows-1252; "Shift_JIS" pages use cp932).
_CHARSET_ALIASES: dict[str, str] = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


# Single-byte code pages by the language charset-normalizer reports: on short text its byte-level guess often
# lands on a sibling code page (cp1257 for French, cp1252 for Polish) while the language is right.
_LANGUAGE_CODEPAGES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Danish", "Swedish",
         "Norwegian", "Finnish", "Catalan", "Indonesian", "Malay", "Tagalog", "Swahili"),
        ("cp1252",),
    ),
    **dict.fromkeys(
        ("Polish", "Czech", "Slovak", "Hungarian", "Croatian", "Slovene", "Romanian", "Bosnian"),
        ("cp1250", "iso8859_2"),
    ),
    **dict.fromkeys(("Lithuanian", "Latvian", "Estonian"), ("cp1257", "iso8859_13")),
    **dict.fromkeys(
        ("Russian", "Ukrainian", "Bulgarian", "Serbian", "Macedonian", "Belarusian", "Kazakh"),
        ("cp1251", "koi8_r", "iso8859_5"),
    ),
    "Turkish": ("cp1254", "iso8859_9"),
    "Greek": ("cp1253", "iso8859_7"),
    "Hebrew": ("cp1255", "iso8859_8"),
    "Arabic": ("cp1256",),
    "Farsi": ("cp1256",),
    "Thai": ("cp874",),
    "Vietnamese": ("cp1258",),
}  # fmt: skip
_COMMON_PUNCT = frozenset(
    "\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u00ab\u00bb\u20ac\u00a3\u00a9\u00b0\u00b7\u2022\u00a0"
)
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters or common typographic marks (mojibake scores low)."""
    high = [c for c in text if ord(c) > 127]
    if not high:
        return 1.0
    return sum(1 for c in high if c.isalpha() or c in _COMMON_PUNCT) / len(high)


def _detected(body: bytes, encoding: str, language: str) -> str | None:
    """Decode with the detected encoding, or a code page of the detected language that reads better."""
    candidates = [encoding]
    if _single_byte(encoding):
        siblings = _LANGUAGE_CODEPAGES.get(language, ())
        candidates = [encoding, *siblings] if encoding in siblings else [*siblings, encoding]
    best_text, best_score = None, -1.0
    sample = body[:100_000]
    for codec in candidates:
        text = _try_decode(sample, codec)
        if text is None or _C1_CONTROLS.search(text):
            continue
        score = _plausibility(text)
        if score > best_score + 0.01:
            best_text, best_score = codec, score
    return _try_decode(body, best_text) if best_text is not None else None


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


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Whether every byte is one character in `codec` (such codecs decode anything, so they never fail)."""
    try:
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256
    except LookupError:
        return False


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
    return text if text.count("\ufffd") <= max(2, len(text) // 2000) else None


def _valid_multibyte_utf8(body: bytes) -> bool:
    """Non-ASCII bytes that decode as UTF-8: a declared single-byte charset is then almost surely wrong."""
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
    http-equiv / XML declaration in the first 4 KB, strict UTF-8, then charset-normalizer detection. A
    declared single-byte charset loses to valid multibyte UTF-8 since servers often default to ISO-8859-1
    wrongly, and a declared charset that cannot decode the bytes is skipped.
    """
    if isinstance(body, str):
        return body
    body = bytes(body or b"")
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _try_decode(body, codec)
            if text is not None:
                return text.lstrip("\ufeff")
    head = body[:4096]
    declared: list[tuple[str, bool]] = []  # (codec, from the header)
    if (name := _codec_name(header_charset)) is not None:
        declared.append((name, True))
    for rx in (_META_CHARSET, _XML_ENCODING):
        m = rx.search(head)
        if m and (name := _codec_name(m.group(1).decode("ascii", "ignore"))) is not None:
            declared.append((name, False))
    for codec, from_header in declared:
        if codec.startswith(("utf-16", "utf-32")) and not from_header:
            continue  # a meta tag readable as ASCII cannot sit in a UTF-16 document: the declaration is wrong
        if _single_byte(codec) and _valid_multibyte_utf8(body):
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
            text = _detected(body, best.encoding, best.language)
            if text is not None:
                return text
    except Exception:  # detection is best effort; any failure falls through to cp1252
        log.debug("charset detection failed", exc_info=True)
    return body.decode("cp1252", errors="replace")


# ------------------------------------------------------------------------------------------------------------
# Tree helpers
# ------------------------------------------------------------------------------------------------------------

_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<(?:[a-zA-Z!/?])")


def _norm(text: str | None) -> str:
    """Collapse whitespace and drop invisible characters: the key used to compare DOM text with lines."""
    return _WS.sub(" ", _INVISIBLE.sub("", text or "")).strip()


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


def _word_count(lines: Iterable[str]) -> int:
    return sum(len(_WORD.findall(ln)) for ln in lines)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], strict=False))


# ------------------------------------------------------------------------------------------------------------
# Metadata
# ------------------------------------------------------------------------------------------------------------

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|NewsStory)$", re.IGNORECASE)
_LD_SCRIPTS = etree.XPath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]')


def _json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every dict found in the page's JSON-LD blocks (flattening lists, @graph and mainEntity)."""
    out: list[dict[str, Any]] = []

    def walk(obj: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(obj, list):
            for item in obj:
                walk(item, depth + 1)
        elif isinstance(obj, dict):
            out.append(obj)
            for key in ("@graph", "mainEntity"):
                if isinstance(obj.get(key), (list, dict)):
                    walk(obj[key], depth + 1)

    for script in _LD_SCRIPTS(tree):
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
    """The JSON-LD object of the article itself (NewsArticle, BlogPosting, ...), else a dated WebPage."""
    for obj in objs:
        if any(_ARTICLE_TYPES.search(t) for t in _ld_types(obj)):
            return obj
    for obj in objs:
        if any(t.endswith("WebPage") for t in _ld_types(obj)) and (
            "datePublished" in obj or "headline" in obj
        ):
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
        return _norm(value) or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _meta_map(tree: HtmlElement) -> dict[str, str]:
    """First non-empty content of every <meta> by lowercased name/property/itemprop/http-equiv."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
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
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "article:modified", "modified_time", "article.updated", "dcterms.modified", "dc.date.modified", "lastmod",
    "last-modified",
)  # fmt: skip
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=/|[_-]|\.|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|$)"
)
# Zone abbreviations that news sites print; dateutil knows none of them by default.
_TZ_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0, "BST": 3600, "IST": 19800, "CET": 3600, "CEST": 7200,
    "EET": 7200, "EEST": 10800, "MSK": 10800, "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
    "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200, "AKST": -32400, "AKDT": -28800,
    "HST": -36000, "JST": 32400, "KST": 32400, "HKT": 28800, "SGT": 28800, "AEST": 36000, "AEDT": 39600,
    "AMT": 14400,
}  # fmt: skip


# dateutil raises a zoo of exception types on junk input.
_DATEUTIL_ERRORS = (ValueError, OverflowError, TypeError, ArithmeticError, LookupError, AttributeError)


def _year_ok(year: int) -> bool:
    return 1990 <= year <= datetime.now(UTC).year + 1


def _parse_date(value: Any) -> datetime | None:
    """A datetime from an ISO-ish or free-form date string; aware results are converted to UTC."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            dt = datetime.fromtimestamp(float(value) / (1000 if value > 1e11 else 1), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return dt if _year_ok(dt.year) else None
    text = _ld_str(value)
    if not text or len(text) > 80:
        return None
    from dateutil import parser as dparser

    try:
        dt = dparser.isoparse(text)
    except _DATEUTIL_ERRORS:  # not ISO 8601: try the free-form parser
        try:
            with warnings.catch_warnings():
                # Unknown zone names leave the result naive, which is what we want.
                warnings.simplefilter("ignore")
                dt = dparser.parse(text, default=datetime(1900, 1, 1), tzinfos=_TZ_ABBREVIATIONS)
        except _DATEUTIL_ERRORS:
            return None
    if not _year_ok(dt.year):
        return None
    if dt.tzinfo is not None:
        try:
            dt = dt.astimezone(UTC)
        except (OverflowError, ValueError):
            return None
    return dt


_TIME_MARKS = etree.XPath("concat(@itemprop, ' ', @class, ' ', @id, ' ', ../@class)")


def _time_dates(tree: HtmlElement) -> tuple[datetime | None, datetime | None]:
    """Published/modified from <time datetime> elements, preferring marked-up ones inside the article."""
    times = [t for t in tree.iter("time") if t.get("datetime")]
    if not times:
        return None, None
    marks = {t: str(_TIME_MARKS(t)).lower() for t in times}
    modified = next((t for t in times if re.search(r"modif|updat", marks[t])), None)
    published = next(
        (t for t in times if t is not modified and (t.get("pubdate") is not None or "publish" in marks[t])),
        None,
    )
    if published is None:
        rest = [t for t in times if t is not modified]
        inside = [t for t in rest if any(a.tag in ("article", "main") for a in t.iterancestors())]
        published = (inside or rest or [None])[0]
    return (
        _parse_date(published.get("datetime")) if published is not None else None,
        _parse_date(modified.get("datetime")) if modified is not None else None,
    )


def _url_date(url: str | None) -> datetime | None:
    """A date from URL path patterns like /2025/10/06/, /2025-10-06/ or /20251006/."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for m in _URL_DATE.finditer(path):
        y, mo, d = (g for g in m.groups() if g is not None)
        try:
            dt = datetime(int(y), int(mo), int(d))
        except ValueError:
            continue
        if _year_ok(dt.year):
            return dt
    return None


def _dates(
    tree: HtmlElement,
    meta: dict[str, str],
    objs: list[dict[str, Any]],
    ld: dict[str, Any] | None,
    url: str | None,
) -> tuple[datetime | None, datetime | None]:
    """Published and modified dates: JSON-LD, then OpenGraph/article meta, then <time>, then the URL."""
    ordered = ([ld] if ld else []) + [o for o in objs if o is not ld]
    published = next(
        (
            d
            for o in ordered
            if (d := _parse_date(o.get("datePublished") or o.get("dateCreated"))) is not None
        ),
        None,
    )
    modified = next((d for o in ordered if (d := _parse_date(o.get("dateModified"))) is not None), None)
    if published is None:
        published = next((d for k in _PUBLISHED_META if (d := _parse_date(meta.get(k))) is not None), None)
    if modified is None:
        modified = next((d for k in _MODIFIED_META if (d := _parse_date(meta.get(k))) is not None), None)
    if published is None or modified is None:
        t_pub, t_mod = _time_dates(tree)
        published = published or t_pub
        modified = modified or t_mod
    return published or _url_date(url), modified


_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av)\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _clean_authors(values: Iterable[str], site_name: str | None) -> tuple[str, ...]:
    """Names only: no URLs, e-mails, site names, 'By' prefixes or duplicates."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = _BY_PREFIX.sub("", _norm(value))
        if not value or "://" in value or value.startswith("www."):
            continue
        for part in _AUTHOR_SPLIT.split(value):
            name = _norm(part).strip(" .|-–—")
            if (
                not name
                or "@" in name
                or len(name) > 60
                or len(name.split()) > 5
                or not _HAS_LETTER.search(name)
            ):
                continue
            if (site_name and name.lower() == site_name.lower()) or name.lower() in seen:
                continue
            seen.add(name.lower())
            out.append(name)
    return tuple(out)


def _ld_authors(obj: dict[str, Any] | None) -> list[str]:
    """Person authors from a JSON-LD article (organisations only when no person is named)."""
    if not obj:
        return []
    raw = obj.get("author") or obj.get("creator")
    items = raw if isinstance(raw, list) else [raw]
    people: list[str] = []
    orgs: list[str] = []
    for item in items:
        org = (
            isinstance(item, dict)
            and bool(_ld_types(item))
            and all(t in ("Organization", "NewsMediaOrganization", "Corporation") for t in _ld_types(item))
        )
        if (s := _ld_str(item)) is not None:
            (orgs if org else people).append(s)
    return people or orgs


def _authors(
    tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any] | None, site: str | None
) -> tuple[str, ...]:
    authors = _clean_authors(_ld_authors(ld), site)
    if authors:
        return authors
    keys = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
    meta_authors = [meta[k] for k in keys if meta.get(k)]
    if meta_authors:
        return _clean_authors(meta_authors, site)
    return _clean_authors(
        (_text(a) for a in tree.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')), site
    )


_LANG = re.compile(r"\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*(?:,|$)")


def _language(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any] | None) -> str | None:
    """Primary language subtag (e.g. "en") from <html lang>, meta or JSON-LD."""
    candidates = (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        tree.get("xml:lang"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
        meta.get("og:locale"),
        _ld_str(ld.get("inLanguage")) if ld else None,
    )
    for cand in candidates:
        if cand and (m := _LANG.match(cand)):
            return m.group(1).lower()
    return None


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s+::\s+")
_SEPARATOR_CHARS = " |-–—:·•»"


def _strip_site(title: str | None, site_name: str | None) -> str | None:
    """Drop a trailing/leading ' | Site Name' part from a page title."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        site = (site_name or "").lower()
        if site and parts[-1].lower() == site:
            return title[: title.lower().rfind(site)].rstrip(_SEPARATOR_CHARS) or title
        if site and parts[0].lower() == site:
            return title[len(parts[0]) :].lstrip(_SEPARATOR_CHARS) or title
        last = parts[-1]
        if len(last.split()) <= 4 and len(title) - len(last) > 2 * len(last):
            return title[: len(title) - len(last)].rstrip(_SEPARATOR_CHARS) or title
    return title


def _title(
    tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any] | None, site_name: str | None
) -> str | None:
    """og:title, JSON-LD headline, twitter:title, a single <h1>, <title>, in order (site name stripped)."""
    for cand in (
        meta.get("og:title"),
        _ld_str(ld.get("headline")) if ld else None,
        meta.get("twitter:title"),
    ):
        if cand:
            return _strip_site(cand, site_name)
    h1s = [h for h in (_text(el) for el in tree.iter("h1")) if 3 <= len(h) <= 300]
    if len(h1s) == 1:
        return h1s[0]
    title_el = tree.find(".//title")
    if title_el is not None and (t := _strip_site(_text(title_el), site_name)):
        return t
    return h1s[0] if h1s else None


def _canonical(tree: HtmlElement, meta: dict[str, str], url: str | None) -> str | None:
    """<link rel=canonical> or og:url, resolved against the fetched URL; http(s) only."""
    hrefs = [
        link.get("href")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
    ]
    hrefs.append(meta.get("og:url"))
    for href in hrefs:
        if not href or not href.strip():
            continue
        try:
            full = urljoin(url, href.strip()) if url else href.strip()
            parts = urlsplit(full)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            return full
    return None


# ------------------------------------------------------------------------------------------------------------
# Main text: boilerplate removal before extraction
# ------------------------------------------------------------------------------------------------------------

# Containers whose class/id has one of these tokens are navigation, promotion or reader chrome.
_BOILER_TOKENS = {
    "related", "recommended", "recommendation", "recommendations", "recirc", "recirculation", "newsletter",
    "newsletters", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "comments",
    "comment", "disqus", "share", "sharing", "sharebar", "social", "breadcrumb", "breadcrumbs", "sidebar",
    "widget", "promo", "promoted", "sponsored", "advert", "advertisement", "ads", "outbrain", "taboola",
    "trending", "mostread", "mostpopular", "popular", "navbar", "navigation", "nav", "menu", "footer",
    "toolbar", "tags", "modal", "popup", "readmore", "morestories", "rail", "banner", "caption", "captions",
    "credit", "credits", "gallery", "slideshow", "carousel", "lightbox",
}  # fmt: skip
_BOILER_BIGRAMS = {
    ("most", "read"), ("most", "popular"), ("more", "stories"), ("read", "more"), ("also", "read"),
    ("you", "may"), ("more", "from"), ("author", "bio"), ("about", "author"), ("sign", "up"),
}  # fmt: skip
# Class names that mark the article body itself: never removed whatever else the class says.
_PROTECT_NAMES = (
    "articlebody", "article-body", "article_body", "storybody", "story-body", "entry-content", "post-content",
    "article-content", "postbody", "post-body", "main-content", "maincontent", "content-body",
)  # fmt: skip
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HARD_BOILER_TAGS = {"nav", "aside", "footer", "form", "button", "dialog", "noscript"}
_PRECLEAN_CANDIDATES = etree.XPath(
    ".//*[@class or @id or @hidden or @style or self::nav or self::aside or self::footer or self::form"
    " or self::button or self::dialog or self::noscript]"
)
_LINK_CLUSTERS = etree.XPath(".//*[self::span or self::div or self::ul][ancestor::p][count(.//a) >= 3]")
_PROSE_TEXT = etree.XPath(
    ".//text()[string-length(normalize-space(.)) > 60]"
    "[not(ancestor::a or ancestor::script or ancestor::style)]"
)


_PROTECT_RE = re.compile("|".join(re.escape(p) for p in _PROTECT_NAMES))


@lru_cache(maxsize=16384)
def _boiler_attr(raw: str) -> bool:
    """Whether a class/id string names boilerplate (token match, camelCase split; cached: classes repeat)."""
    low = raw.lower()
    if _PROTECT_RE.search(low):
        return False
    tokens = _TOKEN_SPLIT.split(_CAMEL.sub(" ", raw).lower())
    if not _BOILER_TOKENS.isdisjoint(tokens):
        return True
    return any(pair in _BOILER_BIGRAMS for pair in pairwise(t for t in tokens if t))


def _prose_chars(el: HtmlElement) -> int:
    """Characters in long, unlinked text nodes under `el`: a cheap measure of how much prose it holds."""
    try:
        return sum(len(t) for t in _PROSE_TEXT(el))
    except (etree.XPathError, ValueError, TypeError):
        return 0


def _doomed(el: HtmlElement) -> bool:
    if el.tag in _HARD_BOILER_TAGS:
        return True
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return len(raw) > 1 and _boiler_attr(raw)


def _preclean(tree: HtmlElement) -> None:
    """Remove boilerplate containers in place, keeping any that hold a large share of the page's prose."""
    body = tree.find("body")
    if body is None:
        body = tree
    prose_total = _prose_chars(body) or 1
    # Hover cards and link clusters nested inside a paragraph ("Name" + a box of that person's stories). Only
    # the innermost cluster goes, so the linked name the card hangs on stays in the sentence.
    clusters = []
    for el in _LINK_CLUSTERS(body):
        t = _text(el)
        if t and sum(len(_text(a)) for a in el.iter("a")) >= 0.8 * len(t):
            clusters.append(el)
    outer = {a for el in clusters for a in el.iterancestors()}
    for el in clusters:
        if el not in outer:
            el.drop_tree()
    # Candidates come in document order, so a candidate inside a removed container always follows that
    # container, with no other removal in between: checking the last removed element is enough.
    last: HtmlElement | None = None
    for el in _PRECLEAN_CANDIDATES(body):
        if el.tag in ("html", "body", "main", "article") or not _doomed(el):
            continue
        if last is not None and any(a is last for a in el.iterancestors()):
            continue
        if el.tag not in ("button", "noscript") and _prose_chars(el) > 0.4 * prose_total:
            continue  # a misleading class name on the body wrapper ("widget Blog", "has-comments")
        if el.getparent() is not None:
            el.drop_tree()
            last = el


# ------------------------------------------------------------------------------------------------------------
# Main text: lines, link density and the line filter
# ------------------------------------------------------------------------------------------------------------

_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "svg", "button", "form", "select", "option", "textarea", "input",
    "figure", "figcaption", "video", "audio", "canvas", "template", "object", "embed", "label", "nav",
    "aside", "footer", "header", "menu", "head", "title",
})  # fmt: skip
_DENSITY_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_LINE_BLOCKS = frozenset({
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "table", "tr", "td", "th", "dl", "dd", "dt", "main", "hr", "br", "center", "address", "details",
    "summary", "body", "header", "footer", "aside", "nav", "figure", "figcaption",
})  # fmt: skip


class _Line(NamedTuple):
    text: str
    link_density: float
    block: etree._Element | None  # the innermost block element the line sits in


def _linearize(root: HtmlElement, skip: frozenset[str] = _SKIP_TAGS) -> list[_Line]:
    """Visual lines of a subtree (split at block elements and <br>), with link density and enclosing block."""
    lines: list[_Line] = []
    buf: list[str] = []
    blocks: list[etree._Element] = []
    linked = 0

    def flush() -> None:
        nonlocal linked
        t = _norm("".join(buf))
        if t:
            lines.append(_Line(t, min(1.0, linked / len(t)), blocks[-1] if blocks else None))
        buf.clear()
        linked = 0

    def walk(el: etree._Element, in_a: bool, depth: int) -> None:
        nonlocal linked
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is not None and tag not in skip and depth < 250:
            block = tag in _LINE_BLOCKS
            if block:
                flush()
                blocks.append(el)
            a = in_a or tag == "a"
            if el.text:
                buf.append(el.text)
                if a:
                    linked += len(el.text.strip())
            for child in el:
                walk(child, a, depth + 1)
            if block:
                flush()
                blocks.pop()
        if el.tail:
            buf.append(el.tail)
            if in_a:
                linked += len(el.tail.strip())

    walk(root, False, 0)
    flush()
    return lines


@dataclass
class _Context:
    """What the line filter knows about the page: title variants, descriptions and per-line link density."""

    titles: set[str] = field(default_factory=set)
    descriptions: set[str] = field(default_factory=set)
    density: dict[str, float] = field(default_factory=dict)

    def body_only(self) -> _Context:
        """The same page knowledge without the top-of-body rules (for lines added further down)."""
        return _Context(density=self.density)


def _link_density(tree: HtmlElement) -> dict[str, float]:
    """Link density of every visual line of the page that contains link text."""
    density: dict[str, float] = {}
    body = tree.find("body")
    for text, ld, _ in _linearize(body if body is not None else tree, skip=_DENSITY_SKIP):
        if ld > 0 and len(text) < 600:
            density[text] = max(density.get(text, 0.0), ld)
    return density


_BULLET = re.compile(r"^(?:[-*•·▪►]\s+|\d{1,2}[.)]\s+)")
# Boilerplate by wording. Each rule is written so that news prose about subscriptions, copyright suits or
# "sharing" data does not match: they key on imperatives, second person, or fixed credit formulas.
_BOILER_START = re.compile(
    r"""(?:
        (?:related|read\ more|read\ also|also\ read|see\ also|see\ more|more|don'?t\ miss|recommended|watch|
           listen|more\ from|also\ on\ \S+|most\ read|trending|popular|advertisement|sponsored|tags?|topics?|
           filed\ under|you\ may\ also\ like|you\ might\ also\ like)\b[^.!?]{0,200}$
      | (?:subscribe|sign\ up|register|join|get\ (?:the|our))\b
        .*\b(?:newsletters?|inbox|e-?mail|today|now|free)\b
      | follow\b.{0,80}\b(?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b
      | follow\ @\w
      | like\ this\ (?:story|article)\b
      | if\ you\ (?:enjoyed|liked|value|appreciate)\ (?:this|our|reading)\b
      | share\ (?:this|on)\b.{0,60}$
      | \(?(?:reporting|writing|editing|additional\ reporting|compiled)\ by\b
      | (?:e-?mail|contact)\ \S+.*@
      | this\ copy\ is\ for\ your\ personal
      | in\ this\ .{0,80}\b(?:file\ )?(?:photo|image|picture)\b
      | \d*\s*comments?$
      | [\W_]+$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILER_ANYWHERE = re.compile(
    r"""©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s+(?:\(c\)\s*)?(?:19|20)\d\d|\ball\ rights\ reserved
      | \b(?:use|with)\ (?:the\ )?(?:promo|discount|coupon)\ code\b
      | \b(?:click|tap)\ here\b
      | \bcontributed\ (?:to\ )?(?:this\ )?report(?:ing)?\b
      | \b(?:can|may)\ be\ reached\ at\b
      | \((?:photo|image|picture|credit|video)s?(?:\ credit)?:
      | \((?:[a-z][\w.&-]*\ )?(?:photo|image|picture|video)s?\ ?(?:/|by\b|credit\b|courtesy\b)
      | \bchat\ with\ us\b
      | \bfollow\ (?:us|him|her|them)\ (?:on|@)""",
    re.IGNORECASE | re.VERBOSE,
)
# Promotion needs two cues anywhere in the line (a newsletter and a "you"; subscribing and "now/our").
_BOILER_PAIRS = (
    (
        re.compile(r"\b(?:newsletters?|inbox)\b", re.IGNORECASE),
        re.compile(r"\b(?:our|your|you)\b", re.IGNORECASE),
    ),
    (
        re.compile(r"\bsubscrib(?:e|ing)\b", re.IGNORECASE),
        re.compile(r"\b(?:our|your|today|now)\b", re.IGNORECASE),
    ),
)
_BOILER_LINE_MAX_WORDS = 45
_URL_IN_LINE = re.compile(r"https?://|\bwww\.\w", re.IGNORECASE)
_CODE_LINE = re.compile(r"[{};]\s*[\w#.-]+\s*[:{]|&(?:amp;)?lt;|^\s*[#.]?[\w-]+\s*\{")
_DATE_BITS = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
_STAMP_START = re.compile(r"^(?:updated|published|posted|last\ updated|first\ published)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。！？…\"”»)]\s*$")
_HEADING_LIKE = re.compile(r"^[^\w]*[\d\W]*[^\W\d_a-z].*(?<![.!?。！？…\"”»),;:\-–—])$", re.DOTALL)
_ABOUT_HEADING = re.compile(
    r"^about\s+(?!the\b|this\b|us\b|me\b)[\w&.'-]+(?:\s+[\w&.'-]+){0,4}:?$", re.IGNORECASE
)


# Substrings without which the "anywhere" rules cannot match: checked first because `in` is far cheaper than
# a case-insensitive regex search over a long line.
_ANYWHERE_KEYS = (
    "©", "(c)", "copyright", "rights reserved", " code", "here", "contributed", "reached at", "photo",
    "image", "picture", "video", "credit", "chat with", "follow ",
)  # fmt: skip
_PAIR_KEYS = ("newsletter", "inbox", "subscrib")


def _is_boiler_line(line: str) -> bool:
    """Boilerplate by wording: prompts, credits, copyright notices, bare URLs, leaked code, time stamps."""
    words = len(line.split())
    low = line.lower()
    if words <= _BOILER_LINE_MAX_WORDS and (
        _BOILER_START.match(line)
        or (any(k in low for k in _ANYWHERE_KEYS) and _BOILER_ANYWHERE.search(line))
        or (
            any(k in low for k in _PAIR_KEYS)
            and any(a.search(line) and b.search(line) for a, b in _BOILER_PAIRS)
        )
    ):
        return True
    if words <= 25 and ("http" in low or "www." in low) and _URL_IN_LINE.search(line):
        return True
    if ("{" in line or "&" in line) and _CODE_LINE.search(line) and line.count("{") + line.count(";") >= 2:
        return True
    if words <= 12 and _DATE_BITS.search(line):
        return not _SENTENCE_END.search(line) or _STAMP_START.match(line) is not None
    return False


def _link_dominated(core: str, ctx: _Context) -> bool:
    """A line that is (nearly) all link text: a related-story headline or a link list.

    A linked sentence in the body is kept unless the whole of it is a link.
    """
    d = ctx.density.get(core, 0.0)
    if d >= 0.95:
        return True  # wholly a link, however long: a teaser card
    words = len(core.split())
    return d >= 0.6 and words <= 40 and not (words >= 6 and _SENTENCE_END.search(core))


def _leading_junk(line: str) -> bool:
    words = len(line.split())
    if words > 20 or (words >= 6 and line.startswith(("- ", "* ", "• "))):
        return False
    return _HEADING_LIKE.match(line) is not None


def _filter_lines(lines: Iterable[str], ctx: _Context) -> list[str]:
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
        if _link_dominated(core, ctx) or _is_boiler_line(core):
            continue
        out.append(_norm(line))
    # Short heading-like lines before the first sentence are kickers, widget headings, bylines and datelines.
    # Lines starting in lower case or ending in a comma (hard-wrapped prose) and "key points" bullets of six
    # words or more stop the trim.
    lead = 0
    while lead < len(out) and _leading_junk(out[lead]):
        lead += 1
    if lead < len(out):
        out = out[lead:]
    # A trailing "About <Company>" section is press-release boilerplate, not news.
    for i in range(len(out) - 1, max(-1, len(out) // 2 - 1), -1):
        if _ABOUT_HEADING.match(out[i]):
            return out[:i]
    return out


# ------------------------------------------------------------------------------------------------------------
# Main text: extractors and rescues
# ------------------------------------------------------------------------------------------------------------


def _trafilatura_lines(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura in precision mode, without comments; `fast` skips its readability/jusText comparison
    (40% of its time), which the rescues below replace."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=True,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
        )
    except Exception:  # third-party extractor: never let it break the stage
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return []
    text = getattr(doc, "text", None) if doc is not None else None
    return (text or "").split("\n")


def _para_score(el: HtmlElement) -> float:
    """Readability-style paragraph score: long, comma-rich, unlinked text scores high."""
    t = _text(el)
    if len(t) < 25:
        return 0.0
    ld = sum(len(_text(a)) for a in el.iter("a")) / len(t)
    if ld > 0.5:
        return 0.0
    commas = t.count(",") + t.count("，") + t.count("、")
    return (1 + commas + min(len(t) / 100, 3)) * (1 - ld)


def _direct_text_len(el: HtmlElement) -> int:
    return len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)


def _dom_lines(work: HtmlElement) -> list[str]:
    """Own extractor: score paragraphs into their ancestors, take the best container plus strong siblings."""
    body = work.find("body")
    if body is None:
        body = work
    scores: dict[HtmlElement, float] = {}
    cands = list(body.iter("p", "pre", "blockquote"))
    cands += [el for el in body.iter("div", "td", "section", "article") if _direct_text_len(el) > 100]
    for el in cands:
        s = _para_score(el)
        anc = el.getparent() if s else None
        for factor in (1.0, 0.5, 1 / 3):
            if anc is None:
                break
            scores[anc] = scores.get(anc, 0.0) + s * factor
            anc = anc.getparent()
    if not scores:
        return []
    best = max(scores, key=lambda e: scores[e])
    parent = best.getparent()
    parts = [best]
    if parent is not None:
        top = scores[best]
        parts = [
            sib
            for sib in parent
            if isinstance(sib.tag, str)
            and (
                sib is best or scores.get(sib, 0.0) >= 0.2 * top or (sib.tag == "p" and _para_score(sib) > 2)
            )
        ]
    return [t for part in parts for t, ld, _ in _linearize(part) if ld <= 0.5]


def _good_para(el: HtmlElement) -> bool:
    """A paragraph that reads like article prose: long enough, sentence punctuation, few links."""
    t = _text(el)
    if len(t) < 60 or not re.search(r"[.!?。！？\"”»]", t):
        return False
    return sum(len(_text(a)) for a in el.iter("a")) / len(t) < 0.3


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


def _new_lines(candidates: Iterable[str], lines: list[str]) -> list[str]:
    """Candidates that are not (re-split) copies of text already in `lines`."""
    have = _trigrams(" ".join(lines))
    out = []
    for t in candidates:
        grams = _trigrams(t)
        if grams and len(grams & have) < 0.3 * len(grams):
            out.append(t)
    return out


def _substantial(extra: list[str], lines: list[str], min_items: int) -> bool:
    """A few stray lines are more likely something the extractor dropped on purpose (a bio, a promo) than a
    missing part of the body: additions must be at least a fifth of what we have."""
    return len(extra) >= min_items and _word_count(extra) >= 0.2 * _word_count(lines)


def _expand_chunks(work: HtmlElement, lines: list[str], keep: Callable[[list[str]], list[str]]) -> list[str]:
    """Add paragraphs trafilatura missed when the article body is split into sibling chunks (ads in between).

    The extracted lines are located in the DOM; paragraphs whose parent has the same tag and class as the
    located paragraphs' parents, within three levels above their common ancestor, are the other chunks.
    """
    paras = list(work.iter("p"))
    texts = {p: _text(p) for p in paras}
    by_text: dict[str, HtmlElement] = {}
    for p in paras:
        if len(texts[p]) >= 40:
            by_text.setdefault(texts[p], p)
    matched = [by_text[ln] for ln in lines if ln in by_text]
    if len(matched) < 2:
        return lines
    sigs = {(p.getparent().tag, p.getparent().get("class")) for p in matched if p.getparent() is not None}
    sigs = {s for s in sigs if s[1]}  # classless parents say nothing about sameness
    if not sigs:
        return lines
    chains = [list(p.iterancestors()) for p in matched]
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    scope = next((a for a in chains[0] if a in common), None)
    if scope is None:
        return lines
    for _ in range(3):
        up = scope.getparent()
        if up is None or up.tag in ("body", "html"):
            break
        scope = up
    cands = [
        texts[p]
        for p in scope.iter("p")
        if p.getparent() is not None
        and (p.getparent().tag, p.getparent().get("class")) in sigs
        and _good_para(p)
    ]
    extra = keep(_new_lines(cands, lines))
    if not _substantial(extra, lines, min_items=2):
        return lines
    log.debug("chunk expansion adds %d paragraphs", len(extra))
    return _merge_in_order(lines, [texts[p] for p in paras], extra)


def _near(a: etree._Element | None, b: etree._Element | None, levels: int = 3) -> bool:
    """Whether two elements share an ancestor (or self) at most `levels` steps above each."""
    if a is None or b is None:
        return False
    up_a = [a, *list(a.iterancestors())[:levels]]
    up_b = {b, *list(b.iterancestors())[:levels]}
    return any(x in up_b for x in up_a)


def _rescue_lead(work: HtmlElement, lines: list[str], keep: Callable[[list[str]], list[str]]) -> list[str]:
    """Add the lead paragraph when the extraction starts just after it.

    Leads often sit apart from the paragraphs that follow (a "summary" block beside the body, or bare text
    before the first <p>) and extractors skip them, yet the lead is where a deal is stated first. Candidates:
    the two lines before the first extracted line in reading order, prose-like, and in the same part of the
    DOM tree as that line (sharing an ancestor within three levels).
    """
    if not lines:
        return lines
    body = work.find("body")
    sequence = _linearize(body if body is not None else work)
    first = next((i for i, ln in enumerate(sequence) if ln.text == lines[0]), None)
    if first is None:
        return lines
    anchor = sequence[first].block
    cands = [
        ln.text
        for ln in sequence[max(0, first - 2) : first]
        if ln.link_density < 0.3
        and len(ln.text.split()) >= 15
        and _SENTENCE_END.search(ln.text)
        and _near(ln.block, anchor)
    ]
    extra = keep(_new_lines(cands, lines))
    if not extra:
        return lines
    log.debug("lead rescue adds %d lines", len(extra))
    return extra + lines


_DECLARED_BODY = etree.XPath('//*[@itemprop="articleBody"]')


def _rescue_declared_body(
    work: HtmlElement, lines: list[str], keep: Callable[[list[str]], list[str]], descriptions: set[str]
) -> list[str]:
    """Add prose from the publisher's declared body (`itemprop=articleBody`) when extraction missed a lot.

    Extractors lose text that sits in bare text nodes between block elements; the publisher's markup says
    where the body is, so its long, sentence-like, unlinked lines are safe to add when much is missing.
    """
    bodies = _DECLARED_BODY(work)
    if len(bodies) != 1:
        return lines
    sequence = [t for t, ld, _ in _linearize(bodies[0]) if ld <= 0.3]
    cands = [
        t
        for t in sequence
        if len(t.split()) >= 12 and _SENTENCE_END.search(t) and t.lower() not in descriptions
    ]
    extra = keep(_new_lines(cands, lines))
    if not _substantial(extra, lines, min_items=1):
        return lines
    log.debug("declared-body rescue adds %d lines", len(extra))
    return _merge_in_order(lines, sequence, extra)


def _has_prose(lines: list[str]) -> bool:
    return any(len(ln.split()) >= 20 and _SENTENCE_END.search(ln) for ln in lines)


def _guarded(fn: Callable[..., _T], fallback: _T, *args: Any) -> _T:
    """Run one optional step; on any error log it and return `fallback` (the stage must not fail)."""
    try:
        return fn(*args)
    except Exception:  # an optional step failing on a strange page must not lose the article
        log.warning("%s failed", getattr(fn, "__name__", fn), exc_info=True)
        return fallback


def _main_text(tree: HtmlElement, url: str | None, ctx: _Context, ld_body: str | None) -> str:
    """Main text paragraphs joined by blank lines (see the module docstring for the steps)."""
    ctx.density = _link_density(tree)
    work = copy(tree)
    _preclean(work)
    lines = _filter_lines(_trafilatura_lines(work, url), ctx)
    body_ctx = ctx.body_only()

    def keep(more: list[str]) -> list[str]:
        return _filter_lines(more, body_ctx)

    lines = _guarded(_expand_chunks, lines, work, lines, keep)
    lines = _guarded(_rescue_declared_body, lines, work, lines, keep, ctx.descriptions)
    lines = _guarded(_rescue_lead, lines, work, lines, keep)
    if _word_count(lines) < MIN_BODY_WORDS:
        dom = _filter_lines(_guarded(_dom_lines, [], work), ctx)
        if _has_prose(dom) and _word_count(dom) >= max(40, 3 * _word_count(lines)):
            log.debug("trafilatura found little on %s; using the DOM extractor", url)
            lines = dom
    if _word_count(lines) < MIN_BODY_WORDS and ld_body:
        ld_lines = _filter_lines(ld_body.split("\n"), ctx)
        if _has_prose(ld_lines) and _word_count(ld_lines) >= max(40, 3 * _word_count(lines)):
            log.debug("using JSON-LD articleBody on %s", url)
            lines = ld_lines
    return "\n\n".join(lines)


# ------------------------------------------------------------------------------------------------------------
# Paywall
# ------------------------------------------------------------------------------------------------------------

# Lowercased visible text is searched with patterns that each start with a literal (fast in `re`).
_PAYWALL_TEXT = tuple(
    re.compile(p)
    for p in (
        r"subscribe (?:now )?to (?:continue|read|keep reading|unlock|access)",
        r"to continue reading",
        r"continue reading (?:with|for) ",
        (
            r"this (?:article|story|content) is (?:only )?(?:for|available to|exclusive to|reserved for) "
            r"(?:paid )?(?:subscribers|members)"
        ),
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
    if any(w in low for w in ("paywall", "regwall", "meter-wall")) and _PAYWALL_ATTR(tree):
        return True
    visible = _WS.sub(" ", " ".join(_VISIBLE_TEXT(tree)).lower().replace("\u2019", "'"))
    return any(rx.search(visible) for rx in _PAYWALL_TEXT)


# ------------------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------------------


def parse_article(body: bytes | str, *, url: str | None = None, charset: str | None = None) -> Article:
    """Article from an HTML page; never raises (an Article with empty text comes back on any failure)."""
    try:
        return _parse_article(body, url=url, charset=charset)
    except Exception:  # the stage contract is "never raise"
        log.warning("parse failed for %s", url, exc_info=True)
        return Article(text="", source_url=url)


def _looks_binary(html: str) -> bool:
    """Mostly control or replacement characters: not a web page at all."""
    sample = html[:20_000]
    if not sample:
        return False
    bad = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad > 0.05 * len(sample)


def _parse_article(body: bytes | str, *, url: str | None, charset: str | None) -> Article:
    if isinstance(body, (bytes, bytearray, memoryview)):
        html = decode_html(bytes(body), header_charset=charset)
    elif isinstance(body, str):
        html = body
    else:
        return Article(text="", source_url=url)
    html = html[:MAX_HTML_CHARS]
    if not html.strip() or _looks_binary(html):
        return Article(text="", source_url=url)
    if not _TAG.search(html[:5000]):
        article = parse_text(html, source=url)  # a plain-text body served where HTML was expected
        return article
    tree = _parse_tree(html)
    if tree is None:
        return Article(text="", source_url=url)
    objs = _json_ld_objects(tree)
    ld = _ld_article(objs)
    meta = _meta_map(tree)
    site_name = meta.get("og:site_name") or (_ld_str(ld.get("publisher")) if ld else None)
    site_name = site_name or meta.get("application-name")
    title = _guarded(_title, None, tree, meta, ld, site_name)
    no_dates: tuple[datetime | None, datetime | None] = (None, None)
    published, modified = _guarded(_dates, no_dates, tree, meta, objs, ld, url)

    ctx = _Context()
    ctx.titles = {
        t.lower() for t in (title, meta.get("og:title"), _ld_str(ld.get("headline")) if ld else None) if t
    }
    ctx.titles |= {_text(h).lower() for h in tree.iter("h1")}
    title_el = tree.find(".//title")
    if title_el is not None and _text(title_el):
        ctx.titles.add(_text(title_el).lower())
    ctx.descriptions = {
        d.lower() for k in ("description", "og:description", "twitter:description") if (d := meta.get(k))
    }
    if ld and (d := _ld_str(ld.get("description"))):
        ctx.descriptions.add(d.lower())
    ld_body = ld.get("articleBody") if ld else None
    text = _main_text(tree, url, ctx, ld_body if isinstance(ld_body, str) else None)

    is_stub = len(_WORD.findall(text)) < STUB_MAX_WORDS and _guarded(_paywalled, False, html, tree, objs)
    if is_stub and not text:
        text = _norm(meta.get("og:description") or meta.get("description") or "")
    return Article(
        text=unicodedata.normalize("NFC", text),
        title=title,
        url=_guarded(_canonical, None, tree, meta, url),
        published=published,
        modified=modified,
        authors=_guarded(_authors, (), tree, meta, ld, site_name),
        language=_guarded(_language, None, tree, meta, ld),
        site_name=site_name,
        source_url=url,
        is_stub=is_stub,
    )


_TEXT_TITLE_MAX_WORDS = 20
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def parse_text(text: str, *, source: str | None = None) -> Article:
    """Article from plain text: normalised whitespace, paragraphs kept, a short first line as the title."""
    try:
        return _parse_text(text, source=source)
    except Exception:  # same contract as parse_article
        log.warning("plain-text parse failed for %s", source, exc_info=True)
        return Article(text="", source_url=source)


def _parse_text(text: str | bytes, *, source: str | None) -> Article:
    if isinstance(text, (bytes, bytearray)):
        text = decode_html(bytes(text))
    if not isinstance(text, str):
        return Article(text="", source_url=source)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVALID_XML_CHARS.sub("", text)
    lines = [_INLINE_SPACE.sub(" ", ln).strip() for ln in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    title = None
    if len(lines) > 1:
        first = lines[0]
        followed_by_blank = not lines[1]
        no_blank_lines = all(lines)
        short = len(first.split()) <= _TEXT_TITLE_MAX_WORDS and len(first) <= 200
        if (
            short
            and not first.endswith((".", "!", "?", ":", ";", ",", "…"))
            and (followed_by_blank or no_blank_lines)
        ):
            title = first
            lines = lines[1:]
            while lines and not lines[0]:
                lines.pop(0)
    if all(lines):
        paragraphs = lines
    else:
        # Blank lines separate paragraphs; single newlines inside a paragraph are hard wraps.
        paragraphs, cur = [], []
        for ln in [*lines, ""]:
            if ln:
                cur.append(ln)
            elif cur:
                paragraphs.append(" ".join(cur))
                cur = []
    return Article(text="\n\n".join(paragraphs), title=title, source_url=source)
