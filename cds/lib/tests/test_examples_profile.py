"""How many examples a property runs: all of them in `make test`, a fifth in `make test-fast`."""

from hypothesis import settings

from cds.lib.testing import examples


def _under(profile: str, full: int) -> int:
    current = settings.get_current_profile_name()
    settings.load_profile(profile)
    try:
        return examples(full)
    finally:
        settings.load_profile(current)


def test_the_suites_profile_runs_every_example_a_property_asks_for():
    assert [_under("cds", n) for n in (12, 25, 150, 300)] == [12, 25, 150, 300]


def test_the_fast_profile_runs_a_fifth_of_them_and_never_fewer_than_five():
    assert [_under("fast", n) for n in (12, 25, 150, 300)] == [5, 5, 30, 60]
