"""The crawl's own rules (cds/web/tests/language.py): what counts as a raw code on a page."""

from cds.accounts.tokens import PREFIX

from .language import problems


def test_an_api_token_s_prefix_is_shown_on_purpose_whatever_random_letters_follow_it() -> None:
    # the admin's token list names each token by its prefix (``cds_`` and random letters): a lowercase
    # draw such as «cds_hhc2b34m» read as a snake_case identifier and failed the crawl one run in many
    assert PREFIX == "cds_"
    html = "<html><body><p>cds_hhc2b34m… (quantri, đang dùng)</p></body></html>"
    assert problems(html) == []


def test_a_snake_case_identifier_or_an_indicator_code_is_still_a_raw_code() -> None:
    for code in ("not_started", "dvc.dossiers_total", "nhan_luc_so"):
        found = problems(f"<html><body><p>Trạng thái: {code}</p></body></html>")
        assert any("raw code" in f and code in f for f in found), code
