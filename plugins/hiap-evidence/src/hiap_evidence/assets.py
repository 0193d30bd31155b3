"""A council's asset register: local services that tackle health inequalities.

The shape is Medway Marmot Place Partnership's form (one column per question, multi-select
answers separated by semicolons). Columns are found by keywords in their headings, not by
exact wording, so another council's version of the form works too. Principles are given by
title and turned into numbers; priority groups are free text, mapped to hiap's group ids only
where a phrase clearly names one, and always kept as written in the service's detail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hiap.api import EvidenceItem, InputError
from hiap_evidence.csvfile import MAX_BYTES, rows
from hiap_evidence.mapping import Mapping

WHAT = "asset register"
_MAX_BYTES = 64 * 1024 * 1024


def _has(*words: str, without: tuple[str, ...] = ()) -> Callable[[str], bool]:
    def test(header: str) -> bool:
        return all(re.search(rf"\b{w}", header) for w in words) and not any(
            re.search(rf"\b{w}", header) for w in without
        )

    return test


#: Column -> tests on the lower-cased heading, tried in order; the first column that passes wins.
#: Specific columns come first, so "...Marmot Principles best describes the focus of your
#: service" is taken for the principles before the looser description tests see it.
COLUMNS: dict[str, tuple[Callable[[str], bool], ...]] = {
    "service": (
        _has("name", "service"),
        _has("name", "project"),
        _has("name", "activity"),
        _has("service name"),
    ),
    "organisation": (
        _has("name", "organi[sz]ation", without=("partner", "service", "project", "activity")),
        _has("organi[sz]ation", without=("partner", "email", "e-mail", "telephone", "phone", "address", "website")),
        _has("provider"),
    ),
    "principles": (_has("marmot"), _has("principle")),
    "outcomes": (_has("outcome"), _has("benefit")),
    "groups": (
        _has("group", "priorit", without=("age",)),
        _has("group", "target", without=("age",)),
        _has("priority group"),
    ),
    "ages": (_has("age group"), _has("age", "support"), _has("ages")),
    "gender": (_has("gender"), _has("sex")),
    "areas": (_has("area", "cover"), _has("area", "serve"), _has("ward"), _has("locality")),
    "results": (_has("result"), _has("positive change")),
    "email": (_has("e-?mail"),),
    "phone": (_has("telephone"), _has("phone")),
    "website": (_has("link"), _has("website"), _has("url")),
    "partners": (_has("if yes", "list"), _has("partner", "name"), _has("partner", "list")),
    "description": (_has("description"), _has("summary"), _has("describe", "service")),
}


def find_columns(header: list[str]) -> dict[str, int]:
    """Which column holds what, by keywords; each column is used for one thing only."""
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for name, tests in COLUMNS.items():
        for test in tests:
            index = next((i for i, h in enumerate(lowered) if i not in found.values() and test(h)), None)
            if index is not None:
                found[name] = index
                break
    return found


def split(cell: str) -> list[str]:
    """A multi-select answer: parts separated by semicolons, with the trailing one forms add."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def read_assets(
    path: Path, mapping: Mapping, known_groups: set[str], *, max_bytes: int = _MAX_BYTES
) -> list[EvidenceItem]:
    """One evidence item per service in the register."""
    columns: dict[str, int] = {}
    items: list[EvidenceItem] = []
    for line, fields in rows(path, what=WHAT, max_bytes=min(max_bytes, MAX_BYTES), sniff=True):
        if not columns:
            columns = find_columns(fields)
            if "service" not in columns and "organisation" not in columns:
                raise InputError(
                    "no column names the service or the organisation",
                    file=path,
                    line=line,
                    hint="the register needs a heading such as 'What is the name of the service/project/activity "
                    "you are describing?' (see docs/local_evidence.md)",
                )
            continue
        items.append(_asset(fields, columns, path, line, mapping, known_groups))
    if not items:
        raise InputError(f"the {WHAT} lists no services", file=path, hint="check it is the right file")
    return items


def _asset(
    fields: list[str], columns: dict[str, int], path: Path, line: int, mapping: Mapping, known: set[str]
) -> EvidenceItem:
    def get(key: str) -> str:
        index = columns.get(key)
        return " ".join(fields[index].split()) if index is not None else ""

    service, organisation = get("service"), get("organisation")
    if not service and not organisation:
        raise InputError(
            "this service has no name and no organisation", file=path, line=line, hint="fill one in or delete the row"
        )
    principles: set[int] = set()
    for part in split(get("principles")):
        number = mapping.principle(part)
        if number is None:
            raise InputError(
                f"'{part[:80]}' is not one of the eight Marmot principles",
                file=path,
                line=line,
                field="Marmot principles",
                hint="use a principle's title or number; add local wording under 'principle_titles:' in a mapping "
                "file named by [plugins.evidence] mapping in hiap.toml",
            )
        principles.add(number)
    free_groups = split(get("groups"))
    groups: list[str] = []
    for part in free_groups:
        groups.extend(g for g in mapping.groups(part) if g in known and g not in groups)
    detail = [get("description")]
    labels = (
        ("Priority groups (as given)", "; ".join(free_groups)),
        ("Ages", "; ".join(split(get("ages")))),
        ("Gender", "; ".join(split(get("gender")))),
        ("Delivered with", get("partners")),
        ("Results reported", get("results")),
    )
    detail.extend(f"{label}: {text}" for label, text in labels if text)
    contact = ", ".join(x for x in (get("email"), get("phone"), get("website")) if x)
    return EvidenceItem(
        kind="asset",
        label=service or organisation,
        organisation=organisation or None,
        area="; ".join(split(get("areas"))) or None,
        principles=tuple(sorted(principles)),
        groups=tuple(groups),
        outcomes=tuple(split(get("outcomes"))),
        contact=contact or None,
        detail=". ".join(d.rstrip(".") for d in detail if d) + "." if any(detail) else None,
        source=f"Asset register ({path.name})",
    )
