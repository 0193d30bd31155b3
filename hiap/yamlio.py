"""Safe YAML in and out, with line numbers for every value so errors can say ``file:line``.

Reading composes the node tree with the C safe loader and builds Python values ourselves, so
we refuse what no checklist or answers file needs: tags (``!!python/...``), aliases (and so
alias bombs), merge keys, duplicate keys and binary data. Writing is atomic: a temporary file
in the same folder, flushed and fsynced, then renamed over the old one.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from hiap import safeio
from hiap.errors import InputError
from hiap.textsafe import bidi_closed

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
#: Values (scalars and collections) in one file; a full assessment holds a few thousand.
MAX_NODES = 150_000
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

#: YAML 1.2 core schema forms (https://yaml.org/spec/1.2.2/#1032-tag-resolution); an integer
#: with a leading zero is kept as text, so a reference such as 0123 keeps its zero.
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z|[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z")
#: What no Word document can hold (XML 1.0 excludes C0 controls but tab and line breaks, lone
#: surrogates and U+FFFE/U+FFFF) and what a terminal would act on (DEL and C1 controls).
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

Path_ = tuple[str | int, ...]


class Located:
    """Parsed YAML plus the line of every key and item, addressed by path."""

    def __init__(self, data: Any, lines: dict[Path_, int], path: str) -> None:
        self.data = data
        self.lines = lines
        self.path = path
        #: the text it was parsed from, where the caller keeps it
        self.text = ""

    def line(self, *where: str | int) -> int | None:
        """The line of the deepest part of ``where`` that has one."""
        key = tuple(where)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def read_text(path: Path, *, what: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing missing, huge, binary or undecodable ones, and anything
    that is not a regular file (a named pipe would block for ever, a device never ends)."""
    raw = safeio.read_limited(path, what, max_bytes)
    if b"\x00" in raw[:8192]:
        raise InputError(
            f"this is a binary file, not {safeio.article(what)}", file=path, hint="check it is the right file"
        )
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
        _prescan(text, path, what)
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        _odd_breaks(text, path)
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(
            f"not valid YAML: {problem}", file=path, line=line, hint="check the indentation and quotes"
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere, such as U+FFFE
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise InputError(
            f"the text holds a character that is not allowed (U+{code:04X})",
            file=path,
            line=text.count("\n", 0, exc.position) + 1,
            hint="remove it (it often comes from copying text out of another program)",
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


#: characters YAML 1.1 (PyYAML) reads as a line break, which text pasted from a word processor or
#: a PDF may hold: in an unquoted value they break the line there, and the parser's complaint
#: then names a later line and the indentation
_ODD_BREAKS = {"\u2028": "a line separator", "\u2029": "a paragraph separator", "\x85": "a next-line character"}


def _odd_breaks(text: str, path: str) -> None:
    """When the YAML does not parse and holds such a character, it is the likely cause: say so."""
    found = [(text.find(ch), ch) for ch in _ODD_BREAKS if ch in text]
    if not found:
        return
    index, ch = min(found)
    raise InputError(
        f"the text holds {_ODD_BREAKS[ch]} character (U+{ord(ch):04X}), which YAML reads as a line break",
        file=path,
        line=text.count("\n", 0, index) + 1,
        hint="replace it with a space, or put the value in quotes",
    )


def _prescan(text: str, path: str, what: str) -> None:
    """Refuse, before composing, nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES`` values.

    Composing recurses in C and crashes the interpreter (a segmentation fault, not an exception)
    some 25,000 levels down, and costs time and memory for every value (a 5 MiB file of
    ``[1,1,1,...]`` holds 2.6 million). One pass over the parser's events finds both, but costs
    about half as much as composing, so it runs only when the text could break either limit:

    - each level of nesting needs a ``[``, ``{``, ``-`` or ``?`` indicator (which opens at most two
      collections) or a line indented further than its parent's, and a chain of k ever-deeper
      lines holds at least k(k-1)/2 characters;
    - every value but the first begins after a line break or an indicator (``, [ { : - ?``), and
      each such place starts at most three (a key, an empty value, a collection).
    """
    if not (_could_nest_deeply(text) or 3 * sum(text.count(mark) for mark in "\n,[{:-?") + 3 > MAX_NODES):
        return
    depth = count = 0
    seen = 0  # where the last event ended: the scanner reads ahead of the events it has given
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    values = (yaml.ScalarEvent, yaml.AliasEvent, *starts)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if event.end_mark is not None:
                seen = event.end_mark.index
            if isinstance(event, values):
                count += 1
                if count > MAX_NODES:
                    raise InputError(
                        f"the {what} holds more than {MAX_NODES:,} values, more than any assessment needs",
                        file=path,
                        line=event.start_mark.line + 1 if event.start_mark else None,
                        hint="check it is the right file, or split it",
                    )
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the root collection is depth 0 to ``_build``
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError("the YAML is nested too deeply", file=path, line=line)
            elif isinstance(event, ends):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml refuses deep flow nesting itself, in words of its own that change between
        # releases: whatever it says, a run of openers past our limit is our message
        mark = exc.problem_mark
        ahead = text[seen : mark.index if mark else len(text)]
        if depth + ahead.count("[") + ahead.count("{") > MAX_DEPTH + 1:
            raise InputError("the YAML is nested too deeply", file=path, line=mark.line + 1 if mark else None) from None
        raise


def _could_nest_deeply(text: str) -> bool:
    reach = math.isqrt(2 * len(text)) + 2
    flow = text.count("[") + text.count("{")
    if 2 * (flow + text.count("-") + text.count("?")) + reach <= _SAFE_DEPTH:  # every '-' and '?' counted
        return False
    block = sum(text.count(mark + blank) for mark in "-?" for blank in _BLANKS) + text.endswith(("-", "?"))
    return 2 * (flow + block) + reach > _SAFE_DEPTH


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
                key = str(key_node.value)
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
    value = _scalar(node)
    if isinstance(value, str) and _UNSAFE_TEXT.search(value):
        code = ord(_UNSAFE_TEXT.search(value).group())  # type: ignore[union-attr]
        raise InputError(
            f"the text holds a control character (U+{code:04X}), which documents cannot hold",
            file=path,
            line=line,
            hint="remove it (it often comes from copying text out of a terminal)",
        )
    return bidi_closed(value) if isinstance(value, str) else value


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar as the YAML 1.2 core schema reads it, and as the officer typed it.

    PyYAML resolves plain scalars by YAML 1.1, where ``No`` is false, ``0123`` is 83 and
    ``12:30`` is 750. Here a plain scalar is a number, a boolean or null only when its text is
    the plain form of one (``42``, ``-1.5``, ``true``, ``null``); anything else stays the text
    that was typed, and the field it lands in decides what it may be.
    """
    text = str(node.value)
    tag = node.tag
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return text
    if not node.style:  # plain (None, or "" from the C composer): resolved by YAML 1.1 rules, checked by ours
        if tag == "tag:yaml.org,2002:null":
            return None if text in _NULLS else text
        if tag == "tag:yaml.org,2002:bool":
            return _BOOLS.get(text, text)
        if tag == "tag:yaml.org,2002:int":
            return int(text) if _INT.match(text) else text
        if tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node) if _FLOAT.match(text) else text
        return text
    try:  # quoted with an explicit tag, such as !!int "12"
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
    except (ValueError, OverflowError):
        return text
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


def atomic_write(path: Path, text: str | bytes, what: str = "file") -> None:
    """Replace ``path`` in one step (see ``safeio.atomic_write``): through symbolic links, never
    over a device, a folder or a read-only file, keeping the old file's mode and owner."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    safeio.atomic_write(path, data, what)
