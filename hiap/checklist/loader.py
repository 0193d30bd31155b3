"""Read checklist YAML into validated models, with ``file:line: field: problem; fix`` errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hiap import yamlio
from hiap.errors import InputError, InputErrors, did_you_mean
from hiap.models.checklist import Checklist, Mitigation, Question, RecordField, Section
from hiap.yamlio import Located

_MODELS_BY_CONTAINER: dict[str, type[BaseModel]] = {
    "sections": Section,
    "questions": Question,
    "mitigations": Mitigation,
    "fields": RecordField,
}


def load_checklist_file(path: Path, origin: str = "core") -> Checklist:
    located = yamlio.load(path, what="checklist")
    return load_checklist(located, origin=origin)


def load_checklist(located: Located, origin: str = "core") -> Checklist:
    data = located.data
    if isinstance(data.get("sections"), list):
        for s_index, section in enumerate(data["sections"]):
            if isinstance(section, dict):
                section.setdefault("line", located.line("sections", s_index))
                section.setdefault("file", located.path)
                section.setdefault("origin", origin)
                for q_index, question in enumerate(section.get("questions") or []):
                    if isinstance(question, dict):
                        question.setdefault("line", located.line("sections", s_index, "questions", q_index))
                        question.setdefault("file", located.path)
                        question.setdefault("origin", origin)
    for key in ("mitigations", "indicators"):
        if isinstance(data.get(key), list):
            for index, item in enumerate(data[key]):
                if isinstance(item, dict):
                    if key == "mitigations":
                        item.setdefault("line", located.line(key, index))
                        item.setdefault("file", located.path)
                    item.setdefault("origin", origin)
    data.setdefault("origin", origin)
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        raise pydantic_errors(exc, located, Checklist) from None
    return checklist.model_copy(update={"path": located.path})


_LIST = ("this should be a list", "write one '- item' per line beneath it, or [a, b] on one line")
_YES_NO = ("this should be yes or no", "write yes or no")
_NUMBER = ("this should be a number", "write digits only, such as 12 or 12.5")
#: pydantic's wording for the common type errors, put as someone editing the YAML needs it.
_MAPPING = ("this should be a mapping of keys to values", "write 'key: value' lines indented beneath it")
_PLAIN: dict[str, tuple[str, str]] = {
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "too_short": ("this list is empty", "add at least one item"),
    "string_pattern_mismatch": (
        "this should be a short id: lower-case letters, digits and '_', starting with a letter",
        "for example 'libraries'",
    ),
    "list_type": _LIST,
    "tuple_type": _LIST,
    "bool_type": _YES_NO,
    "bool_parsing": _YES_NO,
    "string_type": ("this should be text", 'put it in quotes, for example "1.0.0"'),
    "int_type": ("this should be a whole number", "write digits only"),
    "int_parsing": ("this should be a whole number", "write digits only"),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "invalid_key": ("a key must be a word, not a number", "put it in quotes or rename it"),
}


def pydantic_errors(exc: ValidationError, located: Located, root: type[BaseModel]) -> InputErrors:
    """Turn pydantic's errors into our one-line messages, with lines and did-you-mean hints."""
    errors: list[InputError] = []
    seen: set[tuple[Any, ...]] = set()
    raw = exc.errors()
    # a container's own error ("needs at least one question") only echoes its items' errors;
    # a set of every error's proper prefixes finds those in one pass (a huge file has thousands)
    containers = {tuple(e["loc"])[:n] for e in raw for n in range(len(e["loc"]))}
    for err in raw:
        if tuple(err["loc"]) in containers:
            continue
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # pydantic reports union/model-before branches with extra loc parts; drop them for messages
        loc = tuple(p for p in loc if p not in ("str", "list[str]", "int", "float", "bool", "dict[str,any]"))
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        line = located.line(*loc)
        field = _friendly_field(located.data, loc)
        message, hint = _message(err, loc, located.data, root)
        errors.append(InputError(message, file=located.path, line=line, field=field, hint=hint))
    return InputErrors(errors)


def _friendly_field(data: Any, loc: tuple[Any, ...]) -> str:
    """``sections[2].questions[0].help`` reads better as ``question p1.effect: help``."""
    label = ""
    node = data
    rest: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
            rest.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            container = loc[index - 1] if index else ""
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                noun = {
                    "sections": "section",
                    "questions": "question",
                    "mitigations": "mitigation",
                    "indicators": "indicator",
                    "groups": "group",
                    "options": "option",
                    "fields": "field",
                }.get(str(container), str(container))
                label = f"{noun} '{node['id']}'"
                rest = []
            elif isinstance(node, dict) and isinstance(node.get("value"), str):
                label = (label + ": " if label else "") + f"option '{node['value']}'"
                rest = []
            else:
                rest[-1:] = [f"{rest[-1] if rest else ''}[{part}]"]
        else:
            rest.append(str(part))
    tail = ".".join(r for r in rest if r)
    return ": ".join(p for p in (label, tail) if p) or "top level"


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    model = root
    for part in loc:
        if isinstance(part, str) and part in _MODELS_BY_CONTAINER:
            model = _MODELS_BY_CONTAINER[part]
        elif part == "options":
            from hiap.models.checklist import Option

            model = Option
    return model


def _message(err: Any, loc: tuple[Any, ...], data: Any, root: type[BaseModel]) -> tuple[str, str | None]:
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        model = _model_at(root, loc[:-1])
        fields = [f for f in model.model_fields if f not in ("line", "origin", "path", "file")]
        hint = did_you_mean(name, fields) or f"allowed keys are: {', '.join(fields)}"
        return f"unknown key '{name}'", hint
    if kind == "missing":
        return "this key is required but missing", "add it"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        given = err.get("input")
        choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
        suggestion = did_you_mean(str(given), choices) if isinstance(given, str) else None
        return f"'{given}' is not allowed here; expected {expected}", suggestion
    if kind in _PLAIN:
        return _PLAIN[kind]
    msg = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if kind == "string_too_short":
        return "this text is too short to help anyone", "write it out in plain language"
    return msg, None
