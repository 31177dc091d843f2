"""The dossier column mapping is read with libyaml's safe loader: the same document, faster."""

from pathlib import Path

import pytest
import yaml

from cds.dossiers import mapping
from cds.lib.errors import InputError

SHIPPED = sorted((Path(mapping.__file__).parent / "data").glob("mapping-*.yaml"))


def test_the_default_mapping_is_among_the_shipped_ones():
    assert mapping.DEFAULT_MAPPING in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_mapping_reads_as_the_same_document_as_the_pure_python_safe_loader(path):
    text = path.read_text(encoding="utf-8-sig")
    assert mapping.parse_mapping_text(text) == yaml.safe_load(text)


def test_the_c_loader_is_used_where_pyyaml_has_it_and_the_safe_loader_otherwise():
    assert mapping._LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_a_yaml_syntax_error_is_still_refused_naming_its_line_in_both_languages(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  code: [Mã hồ sơ\n  status: [X]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        mapping.load_mapping(bad)
    assert "YAML" in caught.value.vi and "line" in caught.value.en


def test_a_python_object_tag_is_refused_not_constructed(tmp_path):
    bad = tmp_path / "tagged.yaml"
    bad.write_text("columns: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(InputError):
        mapping.load_mapping(bad)
