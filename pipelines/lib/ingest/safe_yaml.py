"""A record file's YAML, read safely: bounded size, strict UTF-8, no anchors or aliases (the
"billion laughs" bomb), no implicit timestamps, duplicate keys refused, and every key's line
kept, so each problem is located. `load_yaml` raises `RecordFileError` with the line, field and
reason; it never lets a parser error or a traceback through."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

import yaml

MAX_FILE_BYTES = 256 * 1024

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (~10x faster, same result), else the
pure-Python one: for files whose size and shape are already bounded."""


class _RecordLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps (dates are parsed strictly by the model) and
    without anchors/aliases (the "billion laughs" bomb)."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in records",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


class _FastRecordLoader(FAST_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's parser (about 10x faster) with the same resolvers and constructors. It cannot
    refuse aliases while composing, so `load_yaml` falls back to `_RecordLoader` when the
    composed tree shares a node (an alias) and for any error: its messages and lines are the
    contract."""


_FastRecordLoader.yaml_implicit_resolvers = _RecordLoader.yaml_implicit_resolvers
# First characters some implicit resolver (null, bool, int, float, merge, value) is registered
# for; a plain scalar starting with any other character is a string, as long as no resolver is
# registered for every first character (the `None` key) nor by path (`add_path_resolver`):
# the shortcuts below are installed only then.
_RESOLVER_FIRST = frozenset(first for first in _RecordLoader.yaml_implicit_resolvers if first)
_SHORTCUTS = (
    None not in _RecordLoader.yaml_implicit_resolvers and not _FastRecordLoader.yaml_path_resolvers
)


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its tag, for those `_resolve` matched
_PLAIN_TAGS_MAX = 4096  # entries: keys and common values repeat across files, most others not


def _resolve(self, kind, value, implicit):
    """`BaseResolver.resolve` for a loader without path resolvers (libyaml's composer calls
    it once per node): a plain scalar's tag depends on its text only, so most are answered
    by their first character or from `_PLAIN_TAGS`, without a regular expression."""
    if kind is not yaml.ScalarNode:
        return FAST_LOADER.resolve(self, kind, value, implicit)
    if not implicit[0] or (value and value[0] not in _RESOLVER_FIRST):
        return _STR
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = FAST_LOADER.resolve(self, kind, value, implicit)
        if len(_PLAIN_TAGS) >= _PLAIN_TAGS_MAX:
            # Full: start again, so the memo holds what the files read now repeat (one kept
            # from another kind of file, or the first one-off values, cost a check of 22,950
            # records ~1 s of 5: docs/benchmarks.md, issue 15's tenth pass).
            _PLAIN_TAGS.clear()
        _PLAIN_TAGS[value] = tag
    return tag


def _no_path_resolvers(self, *_):
    """`descend_resolver`/`ascend_resolver` for a loader without path resolvers (they return
    at once then): libyaml's composer calls each once per node."""


if _SHORTCUTS:
    _FastRecordLoader.resolve = _resolve
    _FastRecordLoader.descend_resolver = _no_path_resolvers
    _FastRecordLoader.ascend_resolver = _no_path_resolvers


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while YAML is read into objects that live on.
    Parsing makes millions of objects and no cycles (a fallback loader breaks its own in
    `dispose`), so the collector's passes over the growing heap find nothing; they took ~75 %
    of reading a 5 MiB reference file and ~30 % of a cold check of 45,900 records
    (docs/benchmarks.md, issue 15's seventh pass). Nested uses leave it to the outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class RecordFileError(Exception):
    def __init__(self, line: int | None, field: str, reason: str):
        super().__init__(reason)
        self.line, self.field, self.reason = line, field, reason


def _line_map(node: yaml.Node, prefix: str = "") -> dict[str, int]:
    """Map dotted field paths to 1-based line numbers; reject duplicate keys on the way."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{prefix}.{key}" if prefix else key
            if path in lines:
                raise RecordFileError(key_node.start_mark.line + 1, path, "duplicate key")
            lines[path] = key_node.start_mark.line + 1
            lines.update(_line_map(value_node, path))
    return lines


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_SCALARS = {  # the safe constructor's own function for each plain scalar tag
    tag: yaml.SafeLoader.yaml_constructors[tag]
    for tag in (f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "str"))
}


_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _NotPlain(Exception):
    """A node `_plain` leaves to PyYAML's constructor (another tag, a merge key, a mapping as a
    key) or to the alias check (a node reached twice)."""


def _plain(
    node: yaml.Node,
    loader,
    prefix: str,
    lines: dict[str, int] | None,
    seen: set[int] | None,
    outer: set[str] | None = None,
):
    """The value PyYAML's `construct_document` gives a tree of plain mappings, sequences and
    null/bool/int/float/str scalars, in one walk that also fills `lines` as `_line_map` does
    (dotted path -> line of its key, for mappings not inside a sequence) and refuses a node
    reached twice (an alias; `seen`: the nodes reached so far, or None where the text has no
    anchor, so no node can be reached twice). A path is a duplicate key where `_line_map`
    finds one: when it repeats a path of its own mapping or of that mapping's earlier
    descendants (`outer` collects each mapping's paths for the mapping around it). Anything
    else raises `_NotPlain`; `load_yaml` then takes the general path, which decides and words
    it. (Nodes are compared by exact type: the composer makes no subclasses.)"""
    if seen is not None:
        if id(node) in seen:
            raise _NotPlain
        seen.add(id(node))
    kind = type(node)
    if kind is _SCALAR:
        if node.tag == _STR:  # most values: `construct_yaml_str` returns the text as it is
            return node.value
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise _NotPlain
        return construct(loader, node)
    if kind is _SEQUENCE and node.tag == _SEQ:
        return [_plain(item, loader, prefix, None, seen) for item in node.value]
    if kind is not _MAPPING or node.tag != _MAP:
        raise _NotPlain
    mapping = {}
    mine: set[str] = set()  # the paths `_line_map`'s call for this mapping would hold
    for key_node, value_node in node.value:
        if type(key_node) is not _SCALAR:
            raise _NotPlain
        if seen is not None:
            if id(key_node) in seen:
                raise _NotPlain
            seen.add(id(key_node))
        text = key_node.value
        if key_node.tag == _STR:
            key = text
        else:
            construct = _SCALARS.get(key_node.tag)
            if construct is None:  # `<<` (merge), `=` (value), an explicit tag
                raise _NotPlain
            key = construct(loader, key_node)
        path = None
        if lines is not None:
            path = f"{prefix}.{text}" if prefix else text
            if path in mine:
                raise RecordFileError(key_node.start_mark.line + 1, path, "duplicate key")
            mine.add(path)
            lines[path] = key_node.start_mark.line + 1
        if seen is None and type(value_node) is _SCALAR and value_node.tag == _STR:
            mapping[key] = value_node.value  # the commonest value, without a call
        else:
            mapping[key] = _plain(value_node, loader, path or "", lines, seen, mine)
    if outer is not None:
        outer.update(mine)
    return mapping


def _has_alias(root: yaml.Node) -> bool:
    """True when a node is reachable twice: what an alias composes to. Iterative and linear in
    the distinct nodes, so an alias bomb is found without expanding it."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def load_yaml(
    data: bytes, top: type = dict, max_bytes: int = MAX_FILE_BYTES
) -> tuple[Any, dict[str, int]]:
    """Parse one record file's bytes safely (`top`: the type the document must be, a mapping
    for records; `max_bytes`: the cap of this kind of file). Raises RecordFileError with a
    located reason."""
    with collector_paused():
        return _load_yaml(data, top, max_bytes)


def _load_yaml(data: bytes, top: type, max_bytes: int) -> tuple[Any, dict[str, int]]:
    if len(data) > max_bytes:
        raise RecordFileError(None, "(file)", f"file too large ({len(data)} bytes > {max_bytes})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordFileError(line, "(file)", f"not valid UTF-8 (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise RecordFileError(None, "(file)", "empty file: expected a YAML mapping of fields")
    fast = _FastRecordLoader(text)  # the C parser first; the pure one for what it refuses
    try:
        node = fast.get_single_node()
        if node is not None:
            try:
                lines: dict[str, int] = {}
                # no `&` anywhere: no anchor, so no alias can share a node
                seen: set[int] | None = set() if "&" in text else None
                value = _plain(node, fast, "", lines, seen)
                if isinstance(value, top):
                    return value, lines
            except _NotPlain:
                pass  # the general path below decides
            except RecordFileError:  # a duplicate key; but an alias anywhere is named first
                if not _has_alias(node):
                    raise
        if node is not None and not _has_alias(node):
            lines = _line_map(node)
            value = fast.construct_document(node)
            if isinstance(value, top):
                return value, lines
    except RecordFileError:
        raise
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        pass  # the pure-Python parser below reports it, located
    finally:
        fast.dispose()
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RecordFileError(None, "(file)", "empty file: expected a YAML mapping of fields")
        lines = _line_map(node)
        value = loader.construct_document(node)
    except RecordFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise RecordFileError(line, "(file)", f"invalid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise RecordFileError(None, "(file)", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise RecordFileError(None, "(file)", "invalid YAML: nesting too deep") from None
    finally:
        loader.dispose()
    if not isinstance(value, top):
        kind = "a list" if isinstance(value, list) else type(value).__name__
        want = "a mapping of fields" if top is dict else "a list of entries"
        raise RecordFileError(1, "(file)", f"expected {want} at the top, got {kind}")
    return value, lines
