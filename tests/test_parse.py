"""Tests of the parse stage on hand-written fixtures (tests/fixtures/parse/*.html + expected *.json)."""

from __future__ import annotations

import codecs
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.models import Article
from pipeline.parse import decode_html, parse_article, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html") if p.with_suffix(".json").exists())


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def test_fixtures_exist() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    spec = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    body = (FIXTURES / f"{case}.html").read_bytes()
    inp = spec.get("input", {})
    article = parse_article(body, url=inp.get("url"), charset=inp.get("charset"))
    assert isinstance(article, Article)
    assert article.source_url == inp.get("url")
    for name, want in spec["expected"].items():
        assert _as_json(getattr(article, name)) == want, f"{case}: field {name}"
    for needle in spec.get("text_excludes", []):
        assert needle not in article.text, f"{case}: {needle!r} leaked into the text"
    for needle in spec.get("text_includes", []):
        assert needle in article.text, f"{case}: {needle!r} missing from the text"


def test_fixture_dates_are_utc_when_zoned() -> None:
    article = parse_article((FIXTURES / "news_full_page.html").read_bytes())
    assert article.published is not None
    offset = article.published.utcoffset()
    assert offset is not None and offset.total_seconds() == 0
    assert article.published == datetime(2024, 3, 27, 13, 30, tzinfo=UTC)


# ------------------------------------------------------------------------------------------------------------
# decode_html
# ------------------------------------------------------------------------------------------------------------

CP1252_TEXT = (
    "<p>\u201cNa\u00efve\u201d caf\u00e9 r\u00e9sum\u00e9s \u2014 "
    "\u20ac5bn for the d\u00e9j\u00e0 vu deal.</p>"
)


def test_decode_cp1252_with_wrong_utf8_header() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body>' + CP1252_TEXT + "</body></html>"
    assert CP1252_TEXT in decode_html(html.encode("cp1252"), header_charset="utf-8")


def test_decode_cp1252_with_wrong_header_and_no_meta() -> None:
    body = ("<html><body>" + CP1252_TEXT * 20 + "</body></html>").encode("cp1252")
    assert CP1252_TEXT in decode_html(body, header_charset="utf-8")


def test_decode_latin1_header_means_windows_1252() -> None:
    # Servers say ISO-8859-1 for windows-1252 text; 0x93/0x94 must become curly quotes, not C1 controls.
    body = ("<html><body>" + CP1252_TEXT + "</body></html>").encode("cp1252")
    assert CP1252_TEXT in decode_html(body, header_charset="ISO-8859-1")


def test_decode_utf8_body_under_latin1_header() -> None:
    body = ("<html><body>" + CP1252_TEXT + "</body></html>").encode("utf-8")
    assert CP1252_TEXT in decode_html(body, header_charset="iso-8859-1")


def test_decode_utf8_bom_beats_header() -> None:
    body = codecs.BOM_UTF8 + "<p>Z\u00fcrich \u2013 \u00a5100bn</p>".encode()
    text = decode_html(body, header_charset="latin-1")
    assert text == "<p>Z\u00fcrich \u2013 \u00a5100bn</p>"


def test_decode_utf16_bom() -> None:
    body = "<p>\u00e9t\u00e9 \u6771\u4eac</p>".encode("utf-16")
    assert decode_html(body) == "<p>\u00e9t\u00e9 \u6771\u4eac</p>"


@pytest.mark.parametrize(
    ("encoding", "label", "text"),
    [
        (
            "shift_jis",
            "Shift_JIS",
            "\u30bd\u30d5\u30c8\u30d0\u30f3\u30af\u304c\u51fa\u8cc7\u3092\u767a\u8868",
        ),
        (
            "cp1251",
            "windows-1251",
            "\u042f\u043d\u0434\u0435\u043a\u0441 \u0432\u043b\u043e\u0436\u0438\u0442",
        ),
        ("gb18030", "gb2312", "\u817e\u8baf\u5ba3\u5e03\u6295\u8d44"),
        ("euc-kr", "euc-kr", "\uc0bc\uc131\uc804\uc790 \ud22c\uc790"),
    ],
)
def test_decode_meta_only(encoding: str, label: str, text: str) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    html = f"<html><head>{meta}</head><body><p>{text}</p>"
    assert f"<p>{text}</p>" in decode_html(html.encode(encoding))


UNDECLARED = {
    "cp1250": "Spółka ogłosiła, że zainwestuje ponad dwa miliardy złotych w nowe centrum danych.",
    "iso8859-2": "Spółka ogłosiła, że zainwestuje ponad dwa miliardy złotych w nowe centrum danych.",
    "cp1251": "Компания Яндекс объявила о вложении около пятидесяти миллиардов рублей в новый центр.",
    "koi8-r": "Компания Яндекс объявила о вложении около пятидесяти миллиардов рублей в новый центр.",
    "cp1252": "L’entreprise a annoncé qu’elle investirait près de deux milliards d’euros près de Paris.",
    "iso8859-7": "Η εταιρεία ανακοίνωσε ότι θα επενδύσει δύο δισεκατομμύρια ευρώ σε νέο κέντρο δεδομένων.",
    "cp1254": "Şirket, İstanbul’da yeni bir veri merkezi için iki milyar lira yatırım yapacağını açıkladı.",
    "cp1257": "Bendrovė paskelbė, kad investuos du milijardus eurų į naują duomenų centrą Vilniuje.",
    "euc-jp": "ソフトバンクグループは、米オープンエーアイに最大四百億ドルを出資すると発表した。",
    "gb18030": "腾讯宣布将在未来五年内投资一千亿元人民币用于人工智能和云计算基础设施建设。",
}


@pytest.mark.parametrize("encoding", sorted(UNDECLARED))
def test_decode_undeclared_legacy_encodings(encoding: str) -> None:
    text = UNDECLARED[encoding]
    assert text in decode_html(f"<html><body><p>{text}</p></body></html>".encode(encoding))


def test_decode_unknown_header_label_is_ignored() -> None:
    assert decode_html("<p>ok \u00e9</p>".encode(), header_charset="x-no-such-charset") == "<p>ok \u00e9</p>"


def test_decode_passthrough_and_empty() -> None:
    assert decode_html(b"") == ""
    assert decode_html("already text") == "already text"  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------------------
# parse_article details
# ------------------------------------------------------------------------------------------------------------


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


PROSE = (
    "<p>Nvidia said it would invest up to $100 billion in OpenAI as the start-up deploys ten gigawatts of "
    "Nvidia systems, the chipmaker said on Monday in a joint statement with the company.</p>"
    "<p>The first $10 billion will be paid when the first gigawatt is deployed, according to the companies, "
    "and later tranches will follow as each further gigawatt of capacity comes online over several years.</p>"
)


def test_str_input_and_url_date_fallback() -> None:
    article = parse_article(_page(PROSE), url="https://example.com/news/2025/09/22/nvidia-openai")
    assert article.text.startswith("Nvidia said it would invest up to $100 billion in OpenAI")
    assert "\n\n" in article.text
    assert article.published == datetime(2025, 9, 22)
    assert article.source_url == "https://example.com/news/2025/09/22/nvidia-openai"


def test_json_ld_date_beats_meta_and_time() -> None:
    head = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2025-09-22T08:00:00-04:00"}'
        '</script><meta property="article:published_time" content="2025-01-01T00:00:00Z">'
    )
    article = parse_article(_page('<time datetime="2024-12-12">x</time>' + PROSE, head))
    assert article.published == datetime(2025, 9, 22, 12, 0, tzinfo=UTC)


def test_canonical_og_url_and_relative_resolution() -> None:
    head = '<meta property="og:url" content="https://example.com/a/story">'
    assert parse_article(_page(PROSE, head)).url == "https://example.com/a/story"
    head = '<link rel="canonical" href="../story-2">'
    article = parse_article(_page(PROSE, head), url="https://example.com/a/b/story?x=1")
    assert article.url == "https://example.com/a/story-2"


def test_title_strips_site_suffix_and_meta_authors() -> None:
    head = (
        "<title>Nvidia to invest $100bn in OpenAI - Example News</title>"
        '<meta name="author" content="By Jane Roe and John Doe">'
        '<meta property="og:locale" content="de_DE">'
    )
    article = parse_article(_page(PROSE, head))
    assert article.title == "Nvidia to invest $100bn in OpenAI"
    assert article.authors == ("Jane Roe", "John Doe")
    assert article.language == "de"


def test_long_article_on_paywalled_site_is_not_a_stub() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    )
    article = parse_article(_page("<article>" + PROSE * 8 + "</article>", head))
    assert not article.is_stub
    assert len(article.text.split()) > 300


def test_linked_sentence_is_kept_but_headline_link_is_not() -> None:
    body = (
        "<article>" + PROSE + '<p><a href="/x">Microsoft has invested $13 billion in OpenAI since 2019, the '
        "company said in its annual report.</a> Analysts expect more.</p>"
        '<p><a href="/y">Amazon weighs second multibillion-dollar investment in Anthropic</a></p>'
        "<p>The companies did not say how the investment would be accounted for, or whether regulators would "
        "need to review it, a question several lawmakers raised in letters on Tuesday "
        "afternoon.</p></article>"
    )
    text = parse_article(_page(body)).text
    assert "Microsoft has invested $13 billion in OpenAI since 2019" in text
    assert "Amazon weighs second" not in text


KEEP = [
    "OpenAI said ChatGPT now has 20 million paying subscribers, up from 10 million a year earlier, while "
    "free users number 800 million, as it prepares to raise money from SoftBank.",
    "The copyright lawsuit did not stop Microsoft from investing another $2 billion in the start-up last "
    "month, according to a person briefed on the matter.",
    "Nvidia did not share details of its $5 billion investment in Intel beyond the price per share it paid "
    "for the stock.",
    "Follow the money: Amazon has now invested a total of $8 billion in Anthropic across three tranches.",
    "Updated figures published on 3/4/2025 show Google holds 14 percent of Anthropic after the latest round.",
]
DROP = [
    "Sign up for our newsletter to get the biggest deals in your inbox every morning.",
    "\u00a9 2025 Example Media Group. All rights reserved.",
    "Reporting by Jane Doe in San Francisco; Editing by John Roe",
    "Related: Microsoft's OpenAI stake explained in five charts",
    "Follow us on X and LinkedIn for more deal news.",
    "Click here to read our full coverage of the AI boom.",
    "Updated 10:42 a.m. ET",
]


def test_line_rules_keep_deal_prose_and_drop_boilerplate() -> None:
    body = "<article>" + PROSE + "".join(f"<p>{t}</p>" for t in KEEP + DROP) + "</article>"
    text = parse_article(_page(body)).text
    for line in KEEP:
        assert line in text
    for line in DROP:
        assert line not in text


# ------------------------------------------------------------------------------------------------------------
# never raise
# ------------------------------------------------------------------------------------------------------------

NASTY: list[bytes | str] = [
    b"",
    "",
    b"\x00\x01\x02\xff\xfe" * 1000,
    bytes(range(256)) * 50,
    "<",
    "<html",
    "<html><body><p>unclosed <b><i>tags<div></p></table></tr>",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>xml declared</p></body></html>',
    "<html><head><script>document.write('</scr' + 'ipt>')</script></head></html>",
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": [1, {"x": null}]}</script>',
    '<script type="application/ld+json">{not json at all</script><p>text</p>',
    '<meta property="article:published_time" content="99999-99-99T99:99"><p>bad date</p>',
    '<time datetime="yesterday-ish">x</time><link rel="canonical" href="http://[::1">',
    "<div>" * 5000 + "deep" + "</div>" * 5000,
    "\ud800 lone surrogate <p>text</p>",
    b"\xef\xbb\xbf",
    b"\xff\xfe<\x00p\x00>\x00",
]


@pytest.mark.parametrize("body", NASTY, ids=range(len(NASTY)))
def test_never_raises_on_nasty_input(body: bytes | str) -> None:
    article = parse_article(body, url="https://example.com/x", charset="utf-8")
    assert isinstance(article, Article)
    assert isinstance(article.text, str)


def test_binary_garbage_gives_empty_text() -> None:
    assert parse_article(bytes(range(256)) * 100).text == ""


def test_big_page_is_handled_in_reasonable_time() -> None:
    filler = "<div class='c'><p>" + "word " * 60 + "</p><a href='/x'>link</a></div>"
    body = ("<html><body><article>" + PROSE + filler * 15000 + "</article></body></html>").encode()
    assert len(body) > 5_000_000
    start = time.perf_counter()
    article = parse_article(body)
    assert time.perf_counter() - start < 60
    assert isinstance(article.text, str)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.binary(max_size=3000), st.text(max_size=3000)), st.one_of(st.none(), st.text(max_size=20))
)
def test_parse_article_never_raises(body: bytes | str, charset: str | None) -> None:
    article = parse_article(body, url="https://example.com/2025/01/02/x", charset=charset)
    assert isinstance(article, Article)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<p>", "</p>", "<div class='related'>", "</div>", "<a href='/x'>", "</a>", "<br>", "<h1>"]
        )
        | st.text(max_size=40),
        max_size=60,
    )
)
def test_parse_article_never_raises_on_tag_soup(parts: list[str]) -> None:
    assert isinstance(parse_article("".join(parts)), Article)


# ------------------------------------------------------------------------------------------------------------
# parse_text
# ------------------------------------------------------------------------------------------------------------


def test_parse_text_title_and_paragraphs() -> None:
    raw = (
        "Amazon doubles down on Anthropic\r\n\r\n"
        "Amazon said on Friday it would invest\r\nanother $4 billion in Anthropic.  \r\n\r\n\r\n"
        "The deal brings its total to $8 billion.\t\r\n"
    )
    article = parse_text(raw, source="/data/a.txt")
    assert article.title == "Amazon doubles down on Anthropic"
    assert article.text == (
        "Amazon said on Friday it would invest another $4 billion in Anthropic.\n\n"
        "The deal brings its total to $8 billion."
    )
    assert article.source_url == "/data/a.txt"


def test_parse_text_without_title() -> None:
    raw = "Microsoft invested $10 billion in OpenAI in January.\n\nThe companies declined to comment."
    article = parse_text(raw)
    assert article.title is None
    assert article.text == raw


def test_parse_text_lines_without_blank_lines_are_paragraphs() -> None:
    article = parse_text("Nvidia invests in xAI\nNvidia put $2 billion into xAI.\nMusk confirmed it.")
    assert article.title == "Nvidia invests in xAI"
    assert article.text == "Nvidia put $2 billion into xAI.\n\nMusk confirmed it."


def test_parse_text_empty_and_odd() -> None:
    assert parse_text("").text == ""
    assert parse_text("   \n\n  ").text == ""
    assert parse_text("Just one line").text == "Just one line"
    assert parse_text("\ufeffA\u00a0 b\u200b c.").text == "A b c."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_parse_text_never_raises(text: str) -> None:
    article = parse_text(text)
    assert "\r" not in article.text
    assert "\n\n\n" not in article.text
