"""Which principles a figure or a service speaks to: the shipped table plus the council's own.

The table is data (``mapping.yaml``) so that a public health team can add the indicators it
exports, and local wording of principles and groups, without touching code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap.api import PRINCIPLES, SHORT_LABELS, InputError, Located, did_you_mean, read_yaml

SHIPPED = Path(__file__).with_name("mapping.yaml")
TABLES = ("indicators", "principle_titles", "group_synonyms")
_ENTRY_KEYS = ("label", "principles", "unit", "decimals")


@dataclass(frozen=True)
class IndicatorEntry:
    label: str
    principles: tuple[int, ...]
    unit: str | None = None
    decimals: int = 1


@dataclass(frozen=True)
class Synonym:
    """A phrase in free text that names a hiap population group."""

    phrase: str
    groups: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass
class Mapping:
    indicators: dict[str, IndicatorEntry] = field(default_factory=dict)
    principle_titles: dict[str, int] = field(default_factory=dict)
    synonyms: list[Synonym] = field(default_factory=list)

    def principle(self, text: str) -> int | None:
        """The principle a register's wording names, or None when it is not clearly one."""
        key = normalise_title(text)
        if not key:
            return None
        if key.isdigit():
            number = int(key)
            return number if number in PRINCIPLES else None
        if key in self.principle_titles:
            return self.principle_titles[key]
        close = difflib.get_close_matches(key, list(self.principle_titles), n=1, cutoff=0.85)
        return self.principle_titles[close[0]] if close else None

    def groups(self, text: str) -> tuple[str, ...]:
        """hiap group ids that free text clearly names, in the order it names them; longer
        phrases use up their words first (blanked out, so positions stay put)."""
        remaining = text.lower()
        found: list[tuple[int, int, str]] = []
        for synonym in self.synonyms:
            match = synonym.pattern.search(remaining)
            if match is None:
                continue
            found.extend((match.start(), i, group) for i, group in enumerate(synonym.groups))
            remaining = synonym.pattern.sub(lambda m: " " * len(m.group(0)), remaining)
        ordered: list[str] = []
        for _, _, group in sorted(found):
            if group not in ordered:
                ordered.append(group)
        return tuple(ordered)


def normalise_title(text: str) -> str:
    """Lower case, no punctuation, no leading number or 'principle N', no 'a'/'the'."""
    words = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("-", " ")).split()
    if len(words) >= 2 and words[0] in ("principle", "p") and words[1].isdigit():
        if len(words) == 2:
            return words[1]
        words = words[2:]
    if len(words) > 1 and words[0].isdigit():
        words = words[1:]
    words = [w.replace("maximize", "maximise") for w in words if w not in ("a", "the")]
    return " ".join(words)


def _pattern(phrase: str) -> re.Pattern[str]:
    text = phrase.lower().strip()
    if text.endswith("*"):
        return re.compile(r"(?<![a-z0-9])" + re.escape(text[:-1].rstrip()) + r"[a-z0-9]*")
    return re.compile(r"(?<![a-z0-9])" + re.escape(text) + r"s?(?![a-z0-9])")


def load_mapping(user_file: str | None = None, known_groups: set[str] | None = None) -> Mapping:
    """The shipped mapping, with the council's file (if any) laid over it entry by entry."""
    mapping = Mapping()
    for number, title in PRINCIPLES.items():
        mapping.principle_titles[normalise_title(title)] = number
        mapping.principle_titles[normalise_title(SHORT_LABELS[number])] = number
    synonyms: dict[str, tuple[str, ...]] = {}
    _apply(read_yaml(SHIPPED, what="evidence mapping file"), mapping, synonyms, None)
    if user_file:
        _apply(read_yaml(Path(user_file), what="evidence mapping file"), mapping, synonyms, known_groups)
    mapping.synonyms = [
        Synonym(phrase, groups, _pattern(phrase))
        for phrase, groups in sorted(synonyms.items(), key=lambda kv: (-len(kv[0].rstrip("*")), kv[0]))
        if groups
    ]
    return mapping


def _apply(doc: Located, mapping: Mapping, synonyms: dict[str, tuple[str, ...]], known: set[str] | None) -> None:
    data, path = doc.data, doc.path
    for key, table in data.items():
        if key not in TABLES:
            hint = did_you_mean(str(key), TABLES) or f"the tables are: {', '.join(TABLES)}"
            raise InputError(f"unknown table '{key}'", file=path, line=doc.line(key), field=str(key), hint=hint)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise InputError(f"'{key}' should be a mapping", file=path, line=doc.line(key), field=str(key))
        for name, value in table.items():
            line = doc.line(key, name)
            where = f"{key}.{name}"
            if key == "indicators":
                mapping.indicators[_indicator_id(name, path, line)] = _entry(value, path, line, where)
            elif key == "principle_titles":
                if not isinstance(value, int) or isinstance(value, bool) or value not in PRINCIPLES:
                    raise InputError(
                        f"'{value}' is not a principle number", file=path, line=line, field=where, hint="use 1 to 8"
                    )
                mapping.principle_titles[normalise_title(str(name))] = value
            else:
                synonyms[str(name).lower().strip()] = _group_ids(value, path, line, where, known)


def _indicator_id(name: Any, path: str, line: int | None) -> str:
    text = str(name).strip()
    if not text.isdigit():
        raise InputError(
            f"'{name}' is not a Fingertips indicator id",
            file=path,
            line=line,
            hint="use the number in the export's 'Indicator ID' column, such as 90366",
        )
    return text


def _entry(value: Any, path: str, line: int | None, where: str) -> IndicatorEntry:
    if not isinstance(value, dict):
        raise InputError(
            "an indicator needs a mapping such as {label: ..., principles: [6]}", file=path, line=line, field=where
        )
    for key in value:
        if key not in _ENTRY_KEYS:
            hint = did_you_mean(str(key), _ENTRY_KEYS) or f"an indicator takes: {', '.join(_ENTRY_KEYS)}"
            raise InputError(f"unknown key '{key}'", file=path, line=line, field=where, hint=hint)
    label = value.get("label")
    if not isinstance(label, str) or not label.strip():
        raise InputError("the indicator has no label", file=path, line=line, field=where, hint="add label: ...")
    principles = value.get("principles")
    if (
        not isinstance(principles, list)
        or not principles
        or not all(isinstance(p, int) and not isinstance(p, bool) and p in PRINCIPLES for p in principles)
    ):
        raise InputError(
            "'principles' should list principle numbers 1 to 8", file=path, line=line, field=where, hint="e.g. [1, 4]"
        )
    unit = value.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise InputError("'unit' should be text", file=path, line=line, field=where)
    decimals = value.get("decimals", 1)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        raise InputError("'decimals' should be a whole number from 0 to 4", file=path, line=line, field=where)
    return IndicatorEntry(label.strip(), tuple(sorted(set(principles))), unit, decimals)


def _group_ids(value: Any, path: str, line: int | None, where: str, known: set[str] | None) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in items):
        raise InputError("give hiap group ids, such as [carers]", file=path, line=line, field=where)
    if known is not None:
        for item in items:
            if item not in known:
                hint = did_you_mean(item, known) or "see 'hiap checklists' for the group ids"
                raise InputError(f"'{item}' is not a population group id", file=path, line=line, field=where, hint=hint)
    return tuple(items)
