"""A YAML data file read again with the same bytes is not parsed again; a changed one is."""

import os
from pathlib import Path

import pytest

from cds.catalog import yaml_lines
from cds.catalog.spec import builtin_catalog_files
from cds.lib.errors import InputError


@pytest.fixture
def parses(monkeypatch):
    """The texts actually parsed (the cache emptied first)."""
    monkeypatch.setattr(yaml_lines, "_PARSED", {})
    seen: list[str] = []
    real = yaml_lines.parse_yaml

    def counting(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(yaml_lines, "parse_yaml", counting)
    return seen


def _lines(node):
    """Every mapping's own line and key lines, depth first (what error messages point at)."""
    if isinstance(node, yaml_lines.Mapping):
        return [(node.line, dict(node.key_lines)), *(x for v in node.values() for x in _lines(v))]
    if isinstance(node, list):
        return [x for v in node for x in _lines(v)]
    return []


def test_the_same_file_read_twice_is_parsed_once_and_each_reader_gets_its_own_equal_copy(tmp_path, parses):
    path = tmp_path / "t.yaml"
    path.write_text("version: '1'\nitems:\n  - code: A\n    n: 1\n", encoding="utf-8")
    first, raw1 = yaml_lines.read_yaml(path)
    second, raw2 = yaml_lines.read_yaml(path)
    assert len(parses) == 1
    assert first == second and raw1 == raw2
    assert _lines(first) == _lines(second) == [(1, {"version": 1, "items": 2}), (3, {"code": 3, "n": 4})]
    second["items"][0]["code"] = "changed"
    assert yaml_lines.read_yaml(path)[0]["items"][0]["code"] == "A"


def test_a_file_changed_in_place_is_parsed_again_even_with_the_same_size_and_time(tmp_path, parses):
    path = tmp_path / "t.yaml"
    path.write_text("code: A\n", encoding="utf-8")
    stamp = path.stat()
    assert yaml_lines.read_yaml(path)[0] == {"code": "A"}
    path.write_text("code: B\n", encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size and path.stat().st_mtime_ns == stamp.st_mtime_ns
    assert yaml_lines.read_yaml(path)[0] == {"code": "B"}
    assert len(parses) == 2


def test_a_broken_file_is_refused_every_time_it_is_read(tmp_path, parses):
    path = tmp_path / "t.yaml"
    path.write_text("code: A\ncode: B\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            yaml_lines.read_yaml(path)
        assert caught.value.where.row == 2
    assert len(parses) == 2


@pytest.mark.parametrize("path", builtin_catalog_files(), ids=lambda p: Path(p).name)
def test_every_shipped_catalog_read_from_the_cache_is_the_document_parsed_afresh(path, parses):
    fresh = yaml_lines.parse_yaml(path.read_text(encoding="utf-8-sig"))
    yaml_lines.read_yaml(path)
    cached, _ = yaml_lines.read_yaml(path)
    assert len(parses) == 2  # the fresh parse above and the first read, not the second
    assert cached == fresh and _lines(cached) == _lines(fresh)
