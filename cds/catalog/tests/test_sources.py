"""Every indicator cites its source: the place its definition was read, which a reader can open.

Beside its legal basis («Căn cứ», test_basis.py), each indicator's ``source`` names where it was
found: one of the sample reports (000–003), a report of the public corpus (``corpus NN`` →
``corpus/reports/NN-*.md``), a saved excerpt of an official text (``x.md`` → ``docs/sources/``),
the domain brief (``BRIEF §N``) or an issue of the tracker (``issue N``). A source naming none of
them, or a file that does not exist, fails.
"""

import re
from pathlib import Path

import pytest

from cds.catalog.spec import builtin_catalog_files, read_catalog_file

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = [read_catalog_file(p) for p in builtin_catalog_files()]
SAMPLE = re.compile(r"^00[0-3][ :]")
CORPUS = re.compile(r"corpus (\d{2,3}) ")  # texts 100 and up since session 13
EXCERPT = re.compile(r"([a-z0-9][a-z0-9-]*\.md)\b")
OTHER = re.compile(r"\bBRIEF §?\d|\bissue \d+")


def origins(source: str) -> list[str]:
    """The places ``source`` names, as paths or labels; [] when it names none."""
    found = ["sample report"] if SAMPLE.match(source) else []
    found += [f"corpus/reports/{n}-" for n in CORPUS.findall(source)]
    found += [f"docs/sources/{name}" for name in EXCERPT.findall(source)]
    found += OTHER.findall(source)
    return found


def missing(origin: str) -> bool:
    if origin.startswith("corpus/reports/"):
        return not list((ROOT / "corpus" / "reports").glob(origin.split("/")[-1] + "*.md"))
    if origin.startswith("docs/sources/"):
        return not (ROOT / origin).exists()
    return False


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_shipped_indicator_names_a_source_a_reader_can_open(spec):
    unnamed = [(i.code, i.source[:80]) for i in spec.indicators if not origins(i.source)]
    assert unnamed == []
    broken = [(i.code, o) for i in spec.indicators for o in origins(i.source) if missing(o)]
    assert broken == []


def test_a_source_is_read_for_the_places_it_names():
    assert origins("002 Sơn Nham 2024: «1463 lượt»") == ["sample report"]
    assert origins("corpus 15 TP Hồ Chí Minh 2023: «…»") == ["corpus/reports/15-"]
    assert origins("corpus 104 Hướng Hóa 12/2024: «…»") == ["corpus/reports/104-"]
    assert origins("Kế hoạch 18/KH-UBND (kh-18-2026-gia-lai-dti.md)") == [
        "docs/sources/kh-18-2026-gia-lai-dti.md"
    ]
    assert origins("issue 21: «dates»; BRIEF §4") == ["issue 21", "BRIEF §4"]
    assert origins("xã Xuân Trúc: «70%»") == []
    # 99 is a corpus text since session 13 (heldout8); the corpus numbers from 01, so 00 is never one.
    assert missing("corpus/reports/00-") and missing("docs/sources/no-such.md")
    assert not missing("corpus/reports/15-") and not missing("docs/sources/nd-59-2022-dinh-danh.md")
