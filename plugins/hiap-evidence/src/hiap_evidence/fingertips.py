"""OHID Fingertips CSV exports: the council's latest figure per indicator, beside England's.

An export holds every area of the chosen type, several periods, sexes and ages, and rows
broken down by category (deprivation decile, ethnic group). For the configured area hiap
keeps, per indicator and overall (uncategorised) sex and age, the row of the latest period
that has a value, the comparator's value for the same period, sex and age, and Fingertips'
own comparison with England. Rows of any other area are read past and never kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hiap.api import EvidenceItem, InputError
from hiap_evidence.csvfile import MAX_BYTES, column_key, rows
from hiap_evidence.mapping import IndicatorEntry, Mapping

ENGLAND = "E92000001"
WHAT = "Fingertips export"
#: Columns without which a file cannot be read; the rest are used when present.
REQUIRED = {"indicatorid": "Indicator ID", "areacode": "Area Code", "timeperiod": "Time period", "value": "Value"}
OPTIONAL = (
    "indicatorname",
    "areaname",
    "sex",
    "age",
    "categorytype",
    "lowerci950limit",
    "upperci950limit",
    "valuenote",
    "recenttrend",
    "timeperiodsortable",
)
_COMPARED = "comparedtoengland"  # 'Compared to England value or percentiles'
_HINT = "download it again from Fingertips (Export table or Download data, as CSV) and do not edit figures by hand"


@dataclass(frozen=True)
class Observation:
    """One overall value for one area, as the export gives it."""

    indicator_id: str
    name: str
    area_code: str
    area_name: str
    sex: str
    age: str
    period: str
    order: int
    value: float | None
    lower: float | None
    upper: float | None
    note: str
    trend: str
    compared: str
    file: Path
    line: int


@dataclass
class Export:
    """What one file held for the areas asked about, and how many other areas it covered."""

    path: Path
    observations: list[Observation]
    areas: set[str]
    rows: int


def read_export(path: Path, keep: set[str], *, max_bytes: int = MAX_BYTES) -> Export:
    """Check every row; keep the overall rows of the areas in ``keep``.

    Every row's indicator id and value are checked, since a bad figure in another area's row
    still means a damaged file; the rest of a row is looked at only when it is kept. The loop
    is written flat because a whole-profile export runs to a million rows.
    """
    columns: dict[str, int] = {}
    kept: list[Observation] = []
    areas: set[str] = set()
    count = 0
    i_id = i_value = i_area = 0
    i_category: int | None = None
    isfinite = math.isfinite
    for line, fields in rows(path, what=WHAT, max_bytes=max_bytes):
        if not columns:
            columns = _columns(fields, path, line)
            i_id, i_value, i_area = columns["indicatorid"], columns["value"], columns["areacode"]
            i_category = columns.get("categorytype")
            continue
        count += 1
        if not fields[i_id].isdigit() and not fields[i_id].strip().isdigit():
            text = fields[i_id].strip()[:40]
            raise InputError(f"Indicator ID '{text}' is not a number", file=path, line=line, hint=_HINT)
        value = fields[i_value]
        if value:
            try:
                ok = isfinite(float(value))
            except ValueError:
                ok = not value.strip()
            if not ok:
                raise InputError(f"Value '{value.strip()[:40]}' is not a number", file=path, line=line, hint=_HINT)
        area = fields[i_area].strip()
        areas.add(area)
        if area in keep and (i_category is None or not fields[i_category].strip()):
            kept.append(_observation(fields, columns, path, line))
    if not columns:
        raise InputError(f"the {WHAT} has no header row", file=path, line=1, hint=_HINT)
    return Export(path, kept, areas, count)


def _columns(header: list[str], path: Path, line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = column_key(name)
        if key.startswith(_COMPARED):
            key = _COMPARED
        found.setdefault(key, index)
    missing = [label for key, label in REQUIRED.items() if key not in found]
    if missing:
        raise InputError(
            f"this does not look like a Fingertips export: no column {', '.join(repr(m) for m in missing)}",
            file=path,
            line=line,
            hint=_HINT,
        )
    return {key: found[key] for key in (*REQUIRED, *OPTIONAL, _COMPARED) if key in found}


def _number(text: str, column: str, path: Path, line: int) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"{column} '{text[:40]}' is not a number", file=path, line=line, hint=_HINT)
    return value


def _observation(fields: list[str], columns: dict[str, int], path: Path, line: int) -> Observation:
    def get(key: str) -> str:
        index = columns.get(key)
        return fields[index].strip() if index is not None else ""

    period = re.sub(r"\s*-\s*", "-", get("timeperiod"))
    if not period:
        raise InputError("the row has no Time period", file=path, line=line, hint=_HINT)
    sortable = _number(get("timeperiodsortable"), "Time period Sortable", path, line)
    return Observation(
        indicator_id=get("indicatorid"),
        name=get("indicatorname"),
        area_code=get("areacode"),
        area_name=get("areaname"),
        sex=get("sex"),
        age=get("age"),
        period=period,
        order=int(sortable) if sortable is not None else _order(period),
        value=_number(get("value"), "Value", path, line),
        lower=_number(get("lowerci950limit"), "Lower CI 95.0 limit", path, line),
        upper=_number(get("upperci950limit"), "Upper CI 95.0 limit", path, line),
        note=get("valuenote"),
        trend=get("recenttrend"),
        compared=get(_COMPARED),
        file=path,
        line=line,
    )


def _order(period: str) -> int:
    """A stand-in for 'Time period Sortable' (year * 10000 + quarter * 100) when a file lacks it."""
    year = re.search(r"(19|20)\d\d", period)
    quarter = re.search(r"Q([1-4])", period)
    return (int(year.group(0)) if year else 0) * 10000 + (int(quarter.group(1)) * 100 if quarter else 0)


def latest(observations: Iterable[Observation], area: str) -> list[Observation]:
    """Per indicator and sex and age, the area's row from the latest period that has a value.

    Taken per breakdown, not per indicator, so a release that updates men's figures before
    women's does not make the women's figure vanish; each row carries its own period.
    """
    chosen: dict[tuple[str, str, str], Observation] = {}
    for obs in observations:
        if obs.area_code != area or obs.value is None:
            continue
        key = (obs.indicator_id, obs.sex, obs.age)
        if key not in chosen or obs.order > chosen[key].order:
            chosen[key] = obs
    return list(chosen.values())


def read_indicators(
    paths: list[Path], area: str, mapping: Mapping, *, comparator: str = ENGLAND, max_bytes: int = MAX_BYTES
) -> list[EvidenceItem]:
    """Evidence items for the area's mapped indicators across every export, newest first wins."""
    observations: list[Observation] = []
    for path in paths:
        export = read_export(path, {area, comparator}, max_bytes=max_bytes)
        own = [o for o in export.observations if o.area_code == area]
        if not own:
            others = len(export.areas - {area, comparator})
            raise InputError(
                f"no rows for area {area} in this export ({export.rows} rows, {others} other areas)",
                file=path,
                hint="export your own area from Fingertips, or correct [council] area_code in hiap.toml",
            )
        ids = sorted({o.indicator_id for o in own})
        if not any(i in mapping.indicators for i in ids):
            raise InputError(
                f"none of the {len(ids)} indicators in this export ({', '.join(ids[:5])}"
                f"{', ...' if len(ids) > 5 else ''}) is mapped to a Marmot principle",
                file=path,
                hint="add them under 'indicators:' in a mapping file named by [plugins.evidence] mapping in hiap.toml",
            )
        observations.extend(export.observations)
    compare: dict[tuple[str, str, str, str], Observation] = {}
    for obs in observations:
        if obs.area_code == comparator and obs.value is not None:
            compare.setdefault((obs.indicator_id, obs.period, obs.sex, obs.age), obs)
    newer: dict[tuple[str, str, str], Observation] = {}
    for obs in observations:
        key = (obs.indicator_id, obs.sex, obs.age)
        if obs.area_code == area and obs.value is None and (key not in newer or obs.order > newer[key].order):
            newer[key] = obs
    items = []
    for obs in latest(observations, area):
        entry = mapping.indicators.get(obs.indicator_id)
        if entry is None:
            continue
        other = compare.get((obs.indicator_id, obs.period, obs.sex, obs.age))
        gap = newer.get((obs.indicator_id, obs.sex, obs.age))
        missing = gap if gap is not None and gap.order > obs.order else None
        items.append(_item(obs, other, entry, comparator, missing))
    return sorted(items, key=lambda i: (min(i.principles), i.label, i.breakdown or ""))


def _fmt(value: float | None, decimals: int) -> str | None:
    return None if value is None else f"{value:,.{decimals}f}"


def comparison(obs: Observation, other: Observation | None, comparator: str) -> str | None:
    """Fingertips' own verdict against England when given; otherwise whether the 95% interval
    excludes the comparator's value (higher or lower, as the export does not say which is better)."""
    name = "England" if comparator == ENGLAND else (other.area_name if other and other.area_name else comparator)
    if comparator == ENGLAND and obs.compared:
        text = obs.compared.lower()
        for word, phrase in (
            ("better", "Better than"),
            ("worse", "Worse than"),
            ("similar", "Similar to"),
            ("same", "Similar to"),
            ("higher", "Higher than"),
            ("lower", "Lower than"),
        ):
            if text.startswith(word):
                return f"{phrase} {name}"
        return "Not compared" if text.startswith("not compared") else obs.compared
    if other is None or other.value is None or obs.lower is None or obs.upper is None:
        return None
    if obs.lower > other.value:
        return f"Higher than {name}"
    if obs.upper < other.value:
        return f"Lower than {name}"
    return f"Similar to {name}"


def _item(
    obs: Observation, other: Observation | None, entry: IndicatorEntry, comparator: str, missing: Observation | None
) -> EvidenceItem:
    """``missing``: a newer period with no value (suppressed), which the detail owns up to."""
    decimals = entry.decimals
    comparator_text = None
    if other is not None:
        comparator_text = _fmt(other.value, decimals)
        if comparator != ENGLAND:
            comparator_text = f"{comparator_text} ({other.area_name or comparator})"
    interval = None
    if obs.lower is not None and obs.upper is not None:
        interval = f"{_fmt(obs.lower, decimals)} to {_fmt(obs.upper, decimals)} (95% confidence interval)"
    detail = [f"Fingertips indicator {obs.indicator_id}: {obs.name or entry.label}"]
    if obs.note:
        detail.append(f"Note: {obs.note}")
    if obs.trend:
        detail.append(f"Recent trend: {obs.trend}")
    if missing is not None:
        detail.append(f"No value for {missing.period}" + (f" ({missing.note.rstrip('.')})" if missing.note else ""))
    return EvidenceItem(
        kind="indicator",
        label=entry.label,
        value=_fmt(obs.value, decimals),
        unit=entry.unit,
        area=obs.area_name or obs.area_code,
        comparator=comparator_text,
        comparison=comparison(obs, other, comparator),
        period=obs.period,
        principles=entry.principles,
        source=f"OHID Fingertips export ({obs.file.name})",
        detail=". ".join(d.rstrip(".") for d in detail) + ".",
        indicator_id=obs.indicator_id,
        breakdown=", ".join(x for x in (obs.sex, obs.age) if x and x.lower() != "not applicable") or None,
        interval=interval,
    )
