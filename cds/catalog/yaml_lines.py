"""YAML reading that remembers line numbers and refuses duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys and forgets where things were;
a catalog or target file is edited by hand, so an error must point at the line to fix.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cds.lib.errors import InputError, Location


class Mapping(dict[str, Any]):
    """A YAML mapping with the line of the mapping and of each key (1-based)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)


# libyaml's parser where PyYAML was built with it (ten times faster on the catalogs, same nodes and
# lines); the constructors, and so what a document may hold, are the safe loader's either way.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise InputError(
                f"khóa «{key}» lặp lại trong cùng một mục",
                f"key «{key}» appears twice in the same entry",
                Location(row=key_node.start_mark.line + 1, column=str(key)),
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """A YAML text with line numbers (``Mapping``) and duplicate keys refused; only plain data."""
    return yaml.load(text, Loader=_LineLoader)  # a safe loader: no arbitrary objects


def read_utf8(path: Path) -> tuple[str, bytes]:
    """A UTF-8 data file's text and raw bytes (catalogs, targets); every failure is an ``InputError``."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(
            f"không đọc được tệp: {err.strerror}",
            f"cannot read the file: {err.strerror}",
            Location(file=path.name),
        ) from None
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError:
        raise InputError(
            "tệp không phải UTF-8; hãy lưu lại với bảng mã UTF-8",
            "the file is not UTF-8; save it again as UTF-8",
            Location(file=path.name),
        ) from None


# path -> (the bytes parsed, the document pickled): a file read again with the same bytes is not parsed
# again (the catalogs are read hundreds of times per test run, 84 ms each); a changed file is. Checked
# by content, not by size and mtime, which a rewrite within one clock tick can leave equal. A pickle
# gives each caller its own copy (6 ms), so no caller sees another's changes to its document.
_PARSED: dict[str, tuple[bytes, bytes]] = {}
_PARSED_KEPT = 64


def read_yaml(path: Path) -> tuple[Any, bytes]:
    """Parsed document and raw bytes (for the sha256); every failure is an ``InputError``."""
    text, data = read_utf8(path)
    key = os.path.abspath(path)
    seen = _PARSED.get(key)
    if seen is not None and seen[0] == data:
        return pickle.loads(seen[1]), data  # our own pickle, made below from a parsed document
    document = _parse_file(path, text)
    if len(_PARSED) >= _PARSED_KEPT:
        _PARSED.pop(next(iter(_PARSED)), None)
    _PARSED[key] = (data, pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    return document, data


def _parse_file(path: Path, text: str) -> Any:
    try:
        document = parse_yaml(text)
    except InputError as err:
        raise err.located(file=path.name) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise InputError(
            f"lỗi cú pháp YAML: {problem}",
            f"YAML syntax error: {problem}",
            Location(file=path.name, row=mark.line + 1 if mark else None),
        ) from None
    return document
