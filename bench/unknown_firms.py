"""How much deal extraction depends on the firm knowledge base: the labelled sets scored with the full base and
with a base cut down to the firms every writer was given by name.

Usage:
    .venv/bin/python bench/unknown_firms.py [SET ...]      (default: dev study study2 study3 study4 study5)

Real news names many firms the base has never seen. The base grew as labelled sets were studied, so the sets'
scores overstate how the extractor does on unseen firms. This script keeps only the firms listed under
"Canonical firm names" in `tests/data/README.md` (the list every writer was handed, about 120 firms, with their
corporate VC arms), writes that base to a temporary folder and scores each set twice with `dealwatch eval`'s
scorer. Gold and predicted names are both canonicalised with the full base, so a firm found under its own name
("Altimeter") still matches its canonical one ("Altimeter Capital"); what the cut removes is the extractor's
knowledge that the firm exists and what kind it is.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.evaluation import load_labelled, score_articles  # noqa: E402
from extractors.firms import DATA, load_firm_base  # noqa: E402
from extractors.nlp import build_nlp  # noqa: E402

DEFAULT_SETS = ["dev", "study", "study2", "study3", "study4", "study5"]


def listed_firms(readme: Path) -> set[str]:
    """The canonical names listed in the labelling README (the text before the VC-arm sentence)."""
    section = readme.read_text(encoding="utf-8").split("## Canonical firm names", 1)[1].split("\n## ", 1)[0]
    body = section.split("\n", 1)[1].split("Corporate VC arms", 1)[0]
    body = re.sub(r"\([^)]*\)", "", body.replace("\n", " "))
    return {n.strip().rstrip(".").strip() for n in body.split(",") if n.strip()}


def write_cut_base(folder: Path, keep: set[str]) -> int:
    rows = [json.loads(line) for line in (DATA / "firms.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    kept = [r for r in rows if r["name"] in keep or r.get("parent") in keep]
    missing = keep - {r["name"] for r in rows}
    if missing:
        raise SystemExit(f"listed firms missing from the base: {sorted(missing)}")
    (folder / "firms.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    for name in ("descriptors.jsonl", "not_firms.txt"):
        shutil.copyfile(str(DATA / name), folder / name)
    return len(kept)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    full = load_firm_base()
    with tempfile.TemporaryDirectory() as tmp:
        n_cut = write_cut_base(Path(tmp), listed_firms(ROOT / "tests" / "data" / "README.md"))
        pipes = {"full": build_nlp(), "cut": build_nlp(data_dir=tmp)}
        print(f"firms in the base: full {len(full)}, cut {n_cut}")
        print(f"{'set':8} {'base':5} {'P':>6} {'R':>6} {'F1':>6}")
        drops = []
        for name in args.sets:
            arts = load_labelled(ROOT / "tests" / "data" / name)
            f1 = {}
            for label, nlp in pipes.items():
                fig = score_articles(nlp, arts, base=full).figures()
                f1[label] = float(fig["f1"])
                print(f"{name:8} {label:5} {fig['precision']:6.3f} {fig['recall']:6.3f} {fig['f1']:6.3f}")
            drops.append(f1["full"] - f1["cut"])
        print(f"mean F1 drop from the cut: {sum(drops) / len(drops):.3f}")


if __name__ == "__main__":
    main()
