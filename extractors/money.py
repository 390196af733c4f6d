"""Money amounts in news prose: "$4 billion", "US$10bn", "as much as fifty billion dollars", "€2–3bn".

spaCy's MONEY entities mangle "$40bn" and "€46bn" and miss spelled-out figures, so amounts are found with one
regular expression over the text and normalised here. Only amounts with a currency marker (symbol, code or
currency word) are money: "160 million shares", "6 gigawatts" and "40%" never are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.models import Amount

# Symbol or code before the number → ISO currency.
_PREFIX = {
    "us$": "USD", "usd": "USD", "$": "USD", "s$": "SGD", "sgd": "SGD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "hk$": "HKD", "hkd": "HKD", "nt$": "TWD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "₹": "INR", "inr": "INR", "rs": "INR", "₩": "KRW",
    "krw": "KRW", "chf": "CHF", "rmb": "CNY", "cny": "CNY", "sar": "SAR", "aed": "AED",
}
# Currency word after the number.
_SUFFIX = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "pound": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "won": "KRW",
    "riyals": "SAR", "dirhams": "AED", "francs": "CHF",
}
_SCALE = {
    "trillion": 1e12, "tn": 1e12, "t": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "mil": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7,
    "lakh": 1e5,
}
_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "half": 0.5,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}

# Qualifier phrases directly before the amount → contract qualifier.
_QUALIFIERS = [
    (r"up\s+to|as\s+much\s+as|as\s+high\s+as|a\s+maximum\s+of|no\s+more\s+than|capped\s+at", "up_to"),
    (r"more\s+than|at\s+least|over|upwards\s+of|in\s+excess\s+of|north\s+of|a\s+minimum\s+of|exceeding", "at_least"),
    (r"about|roughly|around|approximately|nearly|almost|close\s+to|some|an\s+estimated|estimated|circa|c\.|"
     r"just\s+under|just\s+over|slightly\s+more\s+than|approx\.", "about"),
]

# Whole words only: "an" in "another" or "one" in "someone" is not a number.
_WORDNUM = (r"\b(?:(?:" + "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True)) +
            r")(?:[\s-](?:hundred|" + "|".join(_UNITS) + r"))*(?:[\s-](?:" + "|".join(_UNITS) + r"))?)\b")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE_RE = r"(?:trillion|billion|million|thousand|bln|mln|mil|bn|tn|mn|crore|lakh|[bBmMkKtT])\b"
_CODES = "USD|EUR|GBP|JPY|SGD|CAD|AUD|HKD|INR|KRW|CHF|RMB|CNY|SAR|AED"  # written before the number
_PFX_RE = (r"(?:(?:US\$|U\.S\.\s?\$|S\$|C\$|CA\$|A\$|AU\$|HK\$|NT\$|\$|€|£|¥|₹|₩)\s?|"
           rf"\b(?:{_CODES}|Rs\.?)\s?)")  # whole codes: not "yea|rs an"
_SFX_RE = r"(?:\s+(?:US\s+|U\.S\.\s+)?(?:" + "|".join(_SUFFIX) + r")\b)"
_QUAL_RE = "|".join(q for q, _ in _QUALIFIERS)

# One figure: [prefix] number [scale] [suffix]; at least a prefix or a suffix must be present (checked later).
_FIG = (rf"(?P<{{p}}pfx>{_PFX_RE})?(?P<{{p}}num>{_NUM}|{_WORDNUM})"
        rf"(?:(?:\s|-)?(?P<{{p}}scale>{_SCALE_RE}))?(?P<{{p}}sfx>{_SFX_RE})?")

_AMOUNT_RE = re.compile(
    rf"(?:(?P<qual>\b(?:{_QUAL_RE}))\s+)?"
    rf"(?:(?P<between>\bbetween)\s+)?"
    + _FIG.replace("{p}", "a")
    + r"(?:\s*(?:–|—|-|to|and)\s*" + _FIG.replace("{p}", "b") + ")?"
    + r"(?P<plus>\+|-plus\b)?",
    re.IGNORECASE,
)

# A currency symbol, code or word: every amount has one (`_amount_from_match` rejects bare numbers).
_CURRENCY_HINT_RE = re.compile(rf"[$€£¥₹₩]|\b(?:{_CODES}|Rs)|"
                               r"\b(?:" + "|".join(_SUFFIX) + r")\b", re.IGNORECASE)
# How far an amount's text can reach before and after its currency mark ("between fifty-five and sixty billion
# dollars" is the long case).
_REACH = 160

_VAGUE_RE = re.compile(
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:billions|millions)(?:\s+of\s+(?:dollars|euros|pounds))?"
    r"|(?:several|many|a\s+few)\s+(?:billion|million)\s+(?:dollars|euros|pounds)"
    r"|billions\s+of\s+(?:dollars|euros|pounds)|millions\s+of\s+(?:dollars|euros|pounds)"
    r"|multi-?billion(?:-dollar)?|multi-?million(?:-dollar)?|(?:ten|eleven|twelve)-figure"
    r"|an?\s+undisclosed\s+(?:sum|amount))",
    re.IGNORECASE,
)


def _word_number(text: str) -> float | None:
    total = 0.0
    current = 0.0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word:
            return None
    total += current
    return total or None


def _number(raw: str) -> float | None:
    raw = raw.strip()
    if raw[0].isdigit():
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            return None
    return _word_number(raw)


def _scale(raw: str | None) -> float:
    if not raw:
        return 1.0
    key = raw.lower()
    return _SCALE.get(key, 1.0)


def _currency(pfx: str | None, sfx: str | None) -> str | None:
    if pfx:
        key = pfx.strip().lower().replace("u.s.", "us").replace(" ", "").rstrip(".")
        if key in _PREFIX:
            return _PREFIX[key]
    if sfx:
        return _SUFFIX.get(sfx.strip().split()[-1].lower())
    return None


# "£1.8 billion ($2.4 billion)", "S$130 million (US$100 million)", "€500 million, or $540 million": a dollar
# figure in brackets (or after ", or") right after a foreign one is the same amount converted.
_CONVERTED_GAP = re.compile(r"^\s*\((?:\s*(?:or|about|roughly|around|approximately|some|nearly|~))?\s*$", re.I)

_CONVERTED_OR = re.compile(r"^\s*,\s*or\s+(?:about\s+|roughly\s+|around\s+|some\s+|nearly\s+)?$", re.I)


def find_amounts(text: str) -> Iterator[Amount]:
    """Yield every money amount in `text` with its character span, left to right; a foreign amount followed by
    its dollar conversion in brackets comes out once, with the dollar figure as its `usd`."""
    found = list(_find_amounts(text))
    skip: set[int] = set()
    for i, a in enumerate(found):
        if i in skip:
            continue
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.currency not in (None, "USD") and b.currency == "USD" and a.usd is None \
                and a.value is not None and b.value is not None and b.usd is not None \
                and ((_CONVERTED_GAP.match(text[a.end_char:b.start_char])
                      and text[b.end_char:b.end_char + 2].lstrip().startswith(")"))
                     or _CONVERTED_OR.match(text[a.end_char:b.start_char])):
            skip.add(i + 1)
            yield replace(a, usd=b.usd)
            continue
        yield a


def _find_amounts(text: str) -> Iterator[Amount]:
    taken: list[tuple[int, int]] = []
    pos = 0
    # Every amount names its currency, so the full pattern is only tried shortly before a currency mark: most
    # of an article is never scanned by it.
    for hint in _CURRENCY_HINT_RE.finditer(text):
        if hint.end() <= pos:
            continue
        pos = max(pos, hint.start() - _REACH)
        while (m := _AMOUNT_RE.search(text, pos, hint.end() + _REACH)) is not None and m.start() <= hint.start():
            amount = _amount_from_match(m)
            # A rejected range ("$40bn and €46bn") restarts right after its first figure.
            pos = amount.end_char if amount is not None else m.end()
            pos = max(pos, m.start() + 1)
            if amount is not None:
                taken.append((amount.start_char, amount.end_char))
                yield amount
    for m in _VAGUE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        low = m.group(0).lower()
        currency = "EUR" if "euro" in low else "GBP" if "pound" in low else "USD"
        yield Amount(original=m.group(0), currency=currency, value=None, qualifier="exact",
                     start_char=m.start(), end_char=m.end())


def _amount_from_match(m: re.Match[str]) -> Amount | None:
    g = m.groupdict()
    currency = _currency(g["apfx"], g["asfx"]) or _currency(g["bpfx"], g["bsfx"])
    if currency is None:  # a bare number is never money
        return None
    scale_a, scale_b = g["ascale"], g["bscale"]
    # Single-letter scales only count after a symbol ("$4B", "€46bn"), never "4 m" alone.
    if scale_a and len(scale_a) == 1 and not g["apfx"]:
        return None
    if g["bnum"] is None:
        return _single(m, g, currency, end=m.end())
    joiner = m.string[_end_of_first(m):m.start("bpfx") if g["bpfx"] else m.start("bnum")].strip().lower()
    second_is_figure = bool(g["bpfx"] or scale_b or g["bsfx"]) or bool(scale_a)
    if (joiner == "and" and not g["between"]) or not second_is_figure:
        return _single(m, g, currency, end=_end_of_first(m))
    first, second = _number(g["anum"]), _number(g["bnum"])
    if first is None or second is None:
        return None
    # "$2–3 billion": the second figure's scale applies to the first.
    sa = _scale(scale_a or scale_b)
    sb = _scale(scale_b or scale_a)
    low, high = first * sa, second * sb
    if high <= low:
        return _single(m, g, currency, end=_end_of_first(m))
    usd = currency == "USD"
    start = m.start("between") if g["between"] else (m.start("apfx") if g["apfx"] else m.start("anum"))
    return Amount(original=m.string[start:m.end()].strip(), currency=currency, value=None, low=low, high=high,
                  qualifier="range", low_usd=low if usd else None, high_usd=high if usd else None,
                  start_char=m.start(), end_char=m.end())


def _end_of_first(m: re.Match[str]) -> int:
    ends = [m.end("anum")]
    if m.group("ascale"):
        ends.append(m.end("ascale"))
    if m.group("asfx"):
        ends.append(m.end("asfx"))
    return max(ends)


def _single(m: re.Match[str], g: dict[str, str | None], currency: str, *, end: int) -> Amount | None:
    num = _number(g["anum"] or "")
    if num is None:
        return None
    value = num * _scale(g["ascale"])
    qualifier = "exact"
    if g["qual"]:
        q = re.sub(r"\s+", " ", g["qual"].lower())
        for pattern, name in _QUALIFIERS:
            if re.fullmatch(pattern, q):
                qualifier = name
                break
    text = m.string
    if g["plus"] and end >= m.end() - len(g["plus"]):
        qualifier = "at_least"
        end = m.end()
    elif re.match(r"-plus\b|\+", text[end:end + 5]):
        qualifier = "at_least"
        end += 5 if text[end:end + 5].lower() == "-plus" else 1
    start = m.start()
    original = text[start:end].strip()
    # Keep the qualifier words out of `original` so it reads as the figure itself.
    if g["qual"]:
        original = text[m.end("qual"):end].strip()
    usd = value if currency == "USD" else None
    return Amount(original=original, currency=currency, value=value, qualifier=qualifier,  # type: ignore[arg-type]
                  usd=usd, start_char=start, end_char=end)
