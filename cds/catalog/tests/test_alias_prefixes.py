"""A short phrasing of one indicator must not take the figures of a longer one it begins.

The report ingestion (``cds.ingest.finding``) proposes for a figure the indicator whose catalog
name or alias fits the words after it; «hộ» (households) begins «hộ kinh doanh» (household
businesses), «dịch vụ công trực tuyến» begins «dịch vụ công trực tuyến có phát sinh hồ sơ». When
one indicator's phrasing is a word-prefix of another's, the longer must be the one proposed for a
figure stated in its own words (the matcher weighs the words it finds right after the figure, so
it prefers the longer); if no indicator or another indicator is proposed, the shorter still has
not taken it.
"""

from cds.catalog.coverage import shipped_catalogs
from cds.ingest.finding import match_indicator, phrasings

_LABEL = {"count": "count", "rate": "rate"}  # the kinds a figure is read as (dates, yes/no are not)


def _prefix_pairs():
    found = phrasings()[0]
    return [
        (short, long)
        for short in found
        for long in found
        if short.indicator != long.indicator
        and len(short.words) < len(long.words)
        and long.words[: len(short.words)] == short.words
    ]


def test_the_catalog_has_phrasings_that_begin_other_indicators_phrasings():
    pairs = {(short.indicator, long.indicator) for short, long in _prefix_pairs()}
    assert ("pop.households", "econ.household_businesses") in pairs  # the risk this test guards
    assert len(pairs) > 20


def test_no_indicators_phrasing_takes_a_figure_stated_in_a_longer_phrasing_it_begins():
    taken = []
    for short, long in _prefix_pairs():
        label = _LABEL.get(long.kind)
        if label is None:
            continue
        # the phrasing as said, in order (``words`` holds each word once: «hồ sơ tiếp nhận trực tiếp»
        # would lose its second «tiếp» and no longer say «trực tiếp» whole)
        words = " ".join(long.sequence)
        figure = "12%" if label == "rate" else "12"
        sentence = f"có {figure} {words}"
        got, _ = match_indicator(sentence, 3, 3 + len(figure), label, words)
        if got == short.indicator:
            taken.append((short.indicator, " ".join(short.words), long.indicator, words))
    assert taken == []


def test_households_carry_no_bare_ho_alias_and_household_businesses_and_poor_households_are_not_households():
    households = next(i for i in shipped_catalogs()[-1].indicators if i.code == "pop.households")
    assert "hộ" not in households.aliases
    for sentence in (
        "có 1.200 hộ kinh doanh sử dụng thanh toán không dùng tiền mặt",
        "có 35 hộ nghèo được hỗ trợ",
    ):
        start = sentence.index(" ", 3) - len(sentence.split()[1])
        end = start + len(sentence.split()[1])
        got, _ = match_indicator(sentence, start, end, "count", sentence[end:].strip())
        assert got != "pop.households", sentence
