"""Safe YAML in and out, with line numbers for every value so errors can say ``file:line``.

Reading composes the node tree with the C safe loader and builds Python values ourselves, so
we refuse what no checklist or answers file needs: tags (``!!python/...``), aliases (and so
alias bombs), merge keys, duplicate keys and binary data. Writing is atomic: a temporary file
in the same folder, flushed and fsynced, then renamed over the old one.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from hiap.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
#: Nesting that composing survives with a wide margin (it crashes near 25,000 on an 8 MiB stack).
_SAFE_DEPTH = 10_000
#: What may follow a block indicator (``-`` or ``?``) for it to open a collection.
_BLANKS = (" ", "\t", "\r", "\n", "\x85", "\u2028", "\u2029")

try:
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper

_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_constructor = yaml.constructor.SafeConstructor()

Path_ = tuple[str | int, ...]


class Located:
    """Parsed YAML plus the line of every key and item, addressed by path."""

    def __init__(self, data: Any, lines: dict[Path_, int], path: str) -> None:
        self.data = data
        self.lines = lines
        self.path = path

    def line(self, *where: str | int) -> int | None:
        """The line of the deepest part of ``where`` that has one."""
        key = tuple(where)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def read_text(path: Path, *, what: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing missing, huge, binary or undecodable ones."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"no such {what}", file=path, hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read the {what} ({exc.strerror})", file=path) from None
    if path.is_dir():
        raise InputError(f"this is a folder, not a {what}", file=path)
    if size > max_bytes:
        raise InputError(
            f"the {what} is {size / 1024 / 1024:.1f} MiB; the limit is {max_bytes // 1024 // 1024} MiB",
            file=path,
            hint="check it is the right file",
        )
    try:
        # read one byte past the limit: a device such as /dev/zero reports size 0 and never ends
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the {what} ({exc.strerror})", file=path) from None
    if len(raw) > max_bytes:
        raise InputError(
            f"the {what} is larger than the limit of {max_bytes // 1024 // 1024} MiB",
            file=path,
            hint="check it is the right file",
        )
    if b"\x00" in raw[:8192]:
        article = "an" if what[:1] in "aeiou" else "a"
        raise InputError(f"this is a binary file, not {article} {what}", file=path, hint="check it is the right file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is not UTF-8 text (byte {exc.start})", file=path, hint="save it as UTF-8"
        ) from None


def load(path: Path, *, what: str, max_bytes: int = MAX_BYTES) -> Located:
    """Parse one YAML document safely; the top level must be a mapping."""
    text = read_text(path, what=what, max_bytes=max_bytes)
    return loads(text, path=str(path), what=what)


def loads(text: str, *, path: str, what: str) -> Located:
    if not text.strip():
        raise InputError(f"the {what} is empty", file=path, hint="start from an example in examples/")
    try:
        _refuse_deep_nesting(text, path)
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(
            f"not valid YAML: {problem}", file=path, line=line, hint="check the indentation and quotes"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=path) from None
    except RecursionError:
        raise InputError("the YAML is nested too deeply", file=path) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        raise InputError(f"the {what} is empty", file=path, hint="start from an example in examples/")
    if len(documents) > 1:
        line = documents[1].start_mark.line + 1
        raise InputError(
            "the file holds more than one YAML document", file=path, line=line, hint="keep one document per file"
        )
    root = documents[0]
    if root.tag not in _STD_TAGS:
        raise InputError(
            f"the YAML tag '{root.tag}' is not allowed",
            file=path,
            line=root.start_mark.line + 1,
            hint="remove the tag; files hold plain data only",
        )
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            f"the top level of the {what} must be a mapping of keys to values",
            file=path,
            line=root.start_mark.line + 1,
        )
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    try:
        data = _build(root, (), lines, seen, path, 0)
    except RecursionError:
        raise InputError("the YAML is nested too deeply", file=path) from None
    return Located(data, lines, path)


def _refuse_deep_nesting(text: str, path: str) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` before composing, which recurses in C and crashes
    the interpreter (a segmentation fault, not an exception) some 25,000 levels down.

    Scanning the event stream costs about half as much as composing, so it runs only when the text
    could nest dangerously deep. Each level of nesting needs a ``[``, ``{``, ``-`` or ``?`` indicator
    (which opens at most two collections) or a line indented further than its parent's, and a
    chain of k ever-deeper lines holds at least k(k-1)/2 characters.
    """
    reach = math.isqrt(2 * len(text)) + 2
    flow = text.count("[") + text.count("{")
    if 2 * (flow + text.count("-") + text.count("?")) + reach <= _SAFE_DEPTH:  # every '-' and '?' counted
        return
    block = sum(text.count(mark + blank) for mark in "-?" for blank in _BLANKS) + text.endswith(("-", "?"))
    if 2 * (flow + block) + reach <= _SAFE_DEPTH:
        return
    try:
        _scan_depth(text, path, _Loader)
    except yaml.YAMLError:
        # libyaml (since PyYAML 6.0.4) may refuse deep nesting itself, in its own words, before it
        # streams a single event; the pure-Python parser streams them, so hiap's own check speaks
        # whatever the installed PyYAML says. A genuine syntax error is reported by compose later.
        _scan_depth(text, path, yaml.SafeLoader)


def _scan_depth(text: str, path: str, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the root collection is depth 0 to ``_build``
                line = event.start_mark.line + 1 if event.start_mark else None
                raise InputError("the YAML is nested too deeply", file=path, line=line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _build(node: yaml.Node, where: Path_, lines: dict[Path_, int], seen: set[int], path: str, depth: int) -> Any:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise InputError("the YAML is nested too deeply", file=path, line=line)
    if id(node) in seen:
        raise InputError(
            "YAML aliases (*name) are not allowed", file=path, line=line, hint="write the value out in full"
        )
    seen.add(id(node))
    if node.tag not in _STD_TAGS:
        raise InputError(
            f"the YAML tag '{node.tag}' is not allowed",
            file=path,
            line=line,
            hint="remove the tag; files hold plain data only",
        )
    lines.setdefault(where, line)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError("YAML merge keys (<<) are not allowed", file=path, line=key_node.start_mark.line + 1)
            key = _build(key_node, where + ("<key>",), {}, seen, path, depth + 1)
            if isinstance(key, (dict, list)) or key is None:
                raise InputError("a key must be a plain word", file=path, line=key_node.start_mark.line + 1)
            if isinstance(key, bool):
                key = "yes" if key else "no"
            key = key if isinstance(key, (int, str)) else str(key)
            if key in result:
                raise InputError(
                    f"'{key}' appears twice", file=path, line=key_node.start_mark.line + 1, hint="keep one"
                )
            lines[where + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, where + (key,), lines, seen, path, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[where + (index,)] = item.start_mark.line + 1
            items.append(_build(item, where + (index,), lines, seen, path, depth + 1))
        return items
    assert isinstance(node, yaml.ScalarNode)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)
    if node.tag == "tag:yaml.org,2002:str":
        return str(node.value)
    try:
        if node.tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if node.tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node)
        if node.tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
    except (ValueError, OverflowError):
        return str(node.value)
    return None


class _BlockDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Our own dumper class, so the str representer below changes no one else's YAML."""


def _str_representer(dumper: yaml.Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.splitlines())
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_representer)


def dumps(data: Any, width: int = 100) -> str:
    """YAML that officers can read and diff: block style, keys in the order given."""
    return yaml.dump(
        data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=width
    )


def _mode_for(path: Path) -> int:
    """The permissions the file should have: the old file's, or what the umask gives a new file.

    mkstemp creates files readable by their owner only, which would lock colleagues out of an
    assessment kept in a shared folder.
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, text: str | bytes) -> None:
    """Replace ``path`` in one step; a crash leaves the old file or the new one, never half.

    The data is fsynced before the rename, so even a power cut cannot leave an empty file under
    the old name. The folder itself is not fsynced: that would double the cost of every save in
    the interview (about 8 ms on a virtual disk) to protect only the last rename, and a crash
    then costs at most the latest answer, never the file.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):  # the temporary file may already be gone
            os.unlink(tmp)
        raise
