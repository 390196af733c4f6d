"""The firm knowledge base: canonical firms, their aliases, products and descriptors, loaded from data files.

Adding a firm or an alias is a data edit in `extractors/data/firms.jsonl` (format in `extractors/data/README.md`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.models import Firm

log = logging.getLogger(__name__)

DATA = resources.files("extractors") / "data"


@dataclass(frozen=True)
class FirmRecord:
    """One knowledge-base entry: the public `Firm` plus what the extractor needs to find it in text."""

    firm: Firm
    tags: frozenset[str] = frozenset()
    products: tuple[str, ...] = ()
    ambiguous: bool = False


@dataclass
class FirmBase:
    """Canonical firms with lookup by alias, product and descriptor."""

    records: dict[str, FirmRecord] = field(default_factory=dict)
    generic_descriptors: dict[str, frozenset[str]] = field(default_factory=dict)  # phrase → tags
    not_firms: frozenset[str] = frozenset()
    _by_alias: dict[str, str] = field(default_factory=dict)
    _by_lower: dict[str, str] = field(default_factory=dict)
    _by_descriptor: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, FirmRecord] = field(default_factory=dict)  # firms new to the base, as one text describes them

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]], descriptors: Iterable[dict[str, Any]] = (),
                  not_firms: Iterable[str] = ()) -> FirmBase:
        base = cls(not_firms=frozenset(n.lower() for n in not_firms))
        for row in rows:
            firm = Firm(name=row["name"], kind=row.get("kind", "other"), aliases=tuple(row.get("aliases", ())),
                        parent=row.get("parent"), descriptors=tuple(d.lower() for d in row.get("descriptors", ())))
            base.add(FirmRecord(firm=firm, tags=frozenset(row.get("tags", ())),
                                products=tuple(row.get("products", ())), ambiguous=bool(row.get("ambiguous"))))
        for d in descriptors:
            base.generic_descriptors[d["phrase"].lower()] = frozenset(d.get("tags", ()))
        return base

    def add(self, rec: FirmRecord) -> None:
        name = rec.firm.name
        self.records[name] = rec
        for alias in (name, *rec.firm.aliases, *rec.products):
            if self._by_alias.setdefault(alias, name) != name:
                log.debug("alias %r of %s already names %s", alias, name, self._by_alias[alias])
            self._by_lower.setdefault(_norm(alias), name)
        for d in rec.firm.descriptors:
            self._by_descriptor.setdefault(d, name)

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, name: object) -> bool:
        return name in self.records

    def get(self, name: str) -> FirmRecord | None:
        return self.records.get(name) or self.inferred.get(name)

    def with_inferred(self, records: dict[str, FirmRecord]) -> FirmBase:
        """This base as one text sees it: firms new to the base get the kind the text gives them ("Halcyon, a GPU
        cloud provider"). The known firms and their lookups are shared, not copied."""
        return replace(self, inferred=records) if records else self

    def canonical(self, text: str | None) -> str | None:
        """Canonical name for an alias, product or name in any case; unknown names come back tidied."""
        if text is None:
            return None
        name = self._by_alias.get(text) or self._by_lower.get(_norm(text))
        if name is None:
            name = self._by_descriptor.get(text.lower())
        if name is None:
            return text.strip()
        return self.payer(name)

    def payer(self, name: str) -> str:
        """Corporate VC arms and subsidiaries invest their parent's money: map them to the parent."""
        seen = {name}
        rec = self.records.get(name)
        while rec is not None and rec.firm.parent and rec.firm.parent not in seen:
            name = rec.firm.parent
            seen.add(name)
            rec = self.records.get(name)
        return name

    def by_descriptor(self, phrase: str) -> str | None:
        return self._by_descriptor.get(phrase.lower())

    def has_tags(self, name: str | None, tags: Iterable[str]) -> bool:
        rec = self.records.get(name or "") or self.inferred.get(name or "")
        if rec is None:
            return False
        want = set(tags)
        return bool(want & rec.tags) or rec.firm.kind in want

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Entity-ruler phrase patterns (case-sensitive) labelled FIRM with the canonical name as id."""
        patterns: list[dict[str, Any]] = []
        seen: set[str] = set()
        for name, rec in self.records.items():
            for alias in (name, *rec.firm.aliases, *rec.products):
                if not alias or alias in seen or self._by_alias.get(alias) != name:
                    continue
                seen.add(alias)
                patterns.append({"label": "FIRM", "pattern": alias, "id": name})
                # Headings and datelines set names in capitals ("1) ALEPH ALPHA, HEIDELBERG."): an unambiguous
                # name of five or more letters is the same firm in upper case.
                upper = alias.upper()
                if not rec.ambiguous and upper != alias and upper not in seen \
                        and sum(ch.isalpha() for ch in alias) >= 5 and upper not in self._by_alias:
                    seen.add(upper)
                    patterns.append({"label": "FIRM", "pattern": upper, "id": name})
                # Possessives are tokenised apart, but "Nvidia-backed" is one token only in some texts.
        return patterns

    def descriptor_phrases(self) -> dict[str, tuple[str | None, frozenset[str]]]:
        """Lower-case descriptor phrase → (firm it names, or None; tags for context resolution)."""
        out: dict[str, tuple[str | None, frozenset[str]]] = {}
        for phrase, tags in self.generic_descriptors.items():
            out[phrase] = (None, tags)
        for phrase, name in self._by_descriptor.items():
            out[phrase] = (name, frozenset())
        return out

    def product_names(self) -> dict[str, str]:
        return {p: name for name, rec in self.records.items() for p in rec.products}


def _norm(text: str) -> str:
    text = re.sub(r"[\s.,]+", " ", text.lower()).strip()
    return re.sub(r"\b(inc|corp|corporation|ltd|llc|plc|co|company|group|holdings)$", "", text).strip()


def _read_jsonl(path: Path | Any) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: {exc}") from exc
    return rows


@lru_cache(maxsize=4)
def load_firm_base(data_dir: str | None = None) -> FirmBase:
    """Load the knowledge base from `data_dir` (default: the package's own data files)."""
    root: Any = Path(data_dir) if data_dir else DATA
    firms = _read_jsonl(root / "firms.jsonl")
    desc_file = root / "descriptors.jsonl"
    descriptors = _read_jsonl(desc_file) if desc_file.is_file() else []
    nf_file = root / "not_firms.txt"
    not_firms = [ln.strip() for ln in nf_file.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")] if nf_file.is_file() else []
    return FirmBase.from_rows(firms, descriptors, not_firms)
