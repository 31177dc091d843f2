"""Score the unit-name matcher on corpus/units/unit_names.tsv (docs/corpora.md).

    CDS_VAR_DIR=... python scripts/unit_names_score.py            # today's import matcher
    CDS_VAR_DIR=... python scripts/unit_names_score.py --before   # resolve_unit per name, no scope

``--before`` is how imports read names before issue 15's unit work (no --in, no table context);
run it on an older checkout to score that checkout's matcher.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")

import django

django.setup()

import importlib.util  # noqa: E402

from cds.lib.errors import InputError  # noqa: E402
from cds.units.search import resolve_unit  # noqa: E402

# the scorer of this checkout, whatever checkout the matcher comes from
_spec = importlib.util.spec_from_file_location(
    "corpus", Path(__file__).resolve().parents[1] / "cds/units/corpus.py"
)
assert _spec is not None and _spec.loader is not None, "cds/units/corpus.py not found"
corpus = importlib.util.module_from_spec(_spec)
sys.modules["corpus"] = corpus
_spec.loader.exec_module(corpus)


def before(names: list[str], scope: str, era: str) -> dict:
    out: dict = {}
    for name in names:
        try:
            out[name] = resolve_unit(name, era=era)
        except InputError as err:
            out[name] = err
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true")
    args = parser.parse_args()
    result = corpus.score(corpus.read_corpus(), before if args.before else corpus.import_matcher)
    print(
        f"rows {result.rows}; right {result.right}; matched {result.matched}; wrong {len(result.wrong)}; "
        f"refused {len(result.refused)}; precision {result.precision:.3f}; recall {result.recall:.3f}"
    )
    for row, got in result.wrong:
        print(f"WRONG  {row.table}: {row.input!r} → {got} (meant {row.expected})")
    for row in result.refused:
        print(f"REFUSED {row.table}: {row.input!r} (meant {row.expected})")


if __name__ == "__main__":
    main()
