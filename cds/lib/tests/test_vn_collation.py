"""Vietnamese alphabetical order, syllable by syllable: letters a ă â b c d đ e ê … y, then the
syllable's tone, then the next syllable; case last."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cds.lib.text import TONES, VIETNAMESE_ALPHABET, vietnamese_letters, vn_sort_key

BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def test_the_alphabet_orders_the_modified_letters_after_their_base():
    words = ["ơ", "y", "ư", "đ", "ô", "ê", "â", "ă", "u", "o", "e", "d", "a", "b"]
    assert sorted(words, key=vn_sort_key) == [
        "a",
        "ă",
        "â",
        "b",
        "d",
        "đ",
        "e",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
    ]


def test_names_sort_as_a_vietnamese_reader_expects():
    names = ["Đức Phổ", "Ân Hảo", "Ba Tơ", "Dũng", "An Phú", "Ơn", "Ô Môn", "Ba", "Bac", "Ư", "Uông", "Ăn"]
    assert sorted(names, key=vn_sort_key) == [
        "An Phú",
        "Ăn",
        "Ân Hảo",
        "Ba",
        "Ba Tơ",  # word by word: "Ba Tơ" before "Bac"
        "Bac",
        "Dũng",
        "Đức Phổ",  # đ after every d
        "Ô Môn",
        "Ơn",
        "Uông",
        "Ư",
    ]


def test_tones_are_ordered_ngang_huyen_hoi_nga_sac_nang_and_only_break_ties():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=vn_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    # a tone never outweighs a letter: "Bá" before "Bac" although á is "heavier" than a
    assert sorted(["Bac", "Bá"], key=vn_sort_key) == ["Bá", "Bac"]


def test_a_syllable_s_tone_decides_before_the_next_syllable_as_in_a_dictionary():
    # a dictionary lists every «ma …» before «mà»: the first syllable, tone included, decides first
    assert sorted(["Trường Giang", "Trương Quang Trọng"], key=vn_sort_key) == [
        "Trương Quang Trọng",
        "Trường Giang",
    ]
    assert sorted(["mà", "ma cà rồng", "má", "ma"], key=vn_sort_key) == ["ma", "ma cà rồng", "mà", "má"]


def test_numbers_in_names_are_compared_as_numbers():
    assert sorted(["Phường 10", "Phường 2", "Phường 1"], key=vn_sort_key) == [
        "Phường 1",
        "Phường 2",
        "Phường 10",
    ]


def test_the_letter_list_has_all_146_precomposed_vietnamese_letters():
    letters = vietnamese_letters()
    assert len(letters) == 146 and "ỹ" in letters and "Ự" in letters and "Đ" in letters
    assert all(len(c) == 1 and unicodedata.is_normalized("NFC", c) for c in letters)
    assert VIETNAMESE_ALPHABET.startswith("aăâbcdđeê") and len(TONES) == 5


vn_words = st.lists(
    st.tuples(st.sampled_from(BASES), st.sampled_from(["", *TONES])), min_size=1, max_size=6
).map(lambda parts: unicodedata.normalize("NFC", "".join(b + t for b, t in parts)))
ascii_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)


@given(st.lists(vn_words, min_size=1, max_size=4).map(" ".join))
def test_decomposed_input_sorts_exactly_like_composed(name):
    assert vn_sort_key(unicodedata.normalize("NFD", name)) == vn_sort_key(name)


@given(st.lists(st.lists(ascii_words, min_size=1, max_size=3).map(" ".join), max_size=12))
def test_plain_latin_names_keep_their_ordinary_order(names):
    assert sorted(names, key=vn_sort_key) == sorted(names)


def _bare(word: str) -> str:
    """The word without its tones (the letters ă â đ ê ô ơ ư kept)."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))


@given(vn_words, vn_words)
def test_letters_decide_before_tones(a, b):
    if _bare(a) != _bare(b):
        assert (vn_sort_key(a) < vn_sort_key(b)) == (vn_sort_key(_bare(a)) < vn_sort_key(_bare(b)))


@given(st.lists(vn_words, min_size=1, max_size=4))
def test_a_names_order_is_its_syllables_orders_one_after_the_other(syllables):
    name = " ".join(syllables)
    assert vn_sort_key(name)[0] == tuple(part for s in syllables for part in vn_sort_key(s)[0])


@given(vn_words, vn_words)
def test_the_order_is_total_and_only_equal_names_tie(a, b):
    assert (vn_sort_key(a) == vn_sort_key(b)) == (a == b)
