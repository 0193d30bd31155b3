"""``hiap evidence FILE``: refresh the local-evidence snapshot in an answers file, and say what changed.

Added to hiap's command line by this plugin's ``register_commands``, so it is gone when the
plugin is switched off. The snapshot is what documents are rendered from, so a refresh is an
event in the audit trail and is reported in words an officer can check before the figures
reach a committee. A source that cannot be read stops the refresh (exit 2) with the snapshot
left as it was: half a refresh would silently drop figures the assessment relied on.
"""

from __future__ import annotations

import argparse
from typing import Any

from hiap.api import (
    EvidenceItem,
    InputError,
    load_answers,
    local_evidence,
    open_engine,
    record_event,
    save_answers,
    snapshot_evidence,
)


def _key(item: EvidenceItem) -> tuple[str, ...]:
    """What makes a figure or a service 'the same one' across two refreshes."""
    if item.kind == "asset":
        return ("asset", item.label.strip().lower(), (item.organisation or "").strip().lower())
    return ("indicator", item.indicator_id or item.label, item.breakdown or "", item.area or "")


def _name(item: EvidenceItem) -> str:
    """'Life expectancy at birth (male)': the breakdown shortened to what tells rows apart."""
    if item.kind == "asset":
        return item.label + (f" ({item.organisation})" if item.organisation else "")
    quiet = ("", "persons", "all ages", "not applicable")
    parts = [p.strip() for p in (item.breakdown or "").split(",") if p.strip().lower() not in quiet]
    detail = ", ".join(parts)
    return item.label + (f" ({detail[0].lower() + detail[1:]})" if detail else "")


def _figure(item: EvidenceItem) -> str:
    unit = item.unit or ""
    return f"{item.value or '-'}{unit if unit.startswith('%') else ' ' + unit if unit else ''}"


def describe_changes(old: list[EvidenceItem], new: list[EvidenceItem]) -> list[str]:
    """One line per change, in words: figures that moved, and figures or services added or removed."""
    before = {_key(i): i for i in old}
    after = {_key(i): i for i in new}
    lines: list[str] = []
    for key, item in after.items():
        was = before.get(key)
        if was is None:
            what = f"{_figure(item)} ({item.period})" if item.kind != "asset" else "service"
            lines.append(f"Added: {_name(item)}: {what}" if item.kind != "asset" else f"Added service: {_name(item)}")
            continue
        if item.kind == "asset":
            if set(was.principles) != set(item.principles) or set(was.groups) != set(item.groups):
                lines.append(f"Changed service: {_name(item)} (principles or priority groups)")
            continue
        if (was.value, was.unit, was.period) != (item.value, item.unit, item.period):
            value = (
                f"{was.value or '-'} → {_figure(item)}"
                if was.unit == item.unit
                else f"{_figure(was)} → {_figure(item)}"
            )
            period = f" ({was.period} → {item.period})" if was.period != item.period else f" ({item.period})"
            lines.append(f"{_name(item)}: {value}{period}")
        elif (was.comparator, was.comparison) != (item.comparator, item.comparison):
            lines.append(
                f"{_name(item)}: compared with {was.comparator or '-'} → {item.comparator or '-'}; "
                f"{item.comparison or 'not compared'}"
            )
    for key, item in before.items():
        if key not in after:
            if item.kind == "asset":
                cited = " (it was cited: check the assessment)" if item.cited else ""
                lines.append(f"Removed service: {_name(item)}{cited}")
            else:
                lines.append(f"Removed: {_name(item)} (was {_figure(item)}, {item.period})")
    return lines


def keep_cited(old: list[EvidenceItem], new: list[EvidenceItem]) -> list[EvidenceItem]:
    """The officer's choice to cite a service outlives a refresh, while the service remains."""
    cited = {_key(i) for i in old if i.cited}
    return [i.model_copy(update={"cited": True}) if _key(i) in cited else i for i in new]


def run(args: argparse.Namespace) -> int:
    from hiap_evidence import NAME, read_settings

    engine = open_engine(args)
    answers = load_answers(args.file, engine.catalogue)
    settings = read_settings(engine.context)
    sources = [k for k in ("indicators", "assets") if settings.get(k)]
    seen = len(engine.host.problems)
    items: list[Any] = local_evidence(engine, answers)
    failures = [p for p in engine.host.problems[seen:] if p.hook == "local_evidence"]
    if failures:
        first = failures[0]
        # the traceback's last line holds the whole message; the one-line summary is cut at 300
        reason = first.traceback.strip().splitlines()[-1] if first.traceback else first.error
        name, _, rest = reason.partition(": ")
        reason = rest if rest and name.rsplit(".", 1)[-1].endswith("Error") else reason
        raise InputError(f"{reason} (read by the '{first.plugin}' plugin); the answers file was not changed")
    if not sources and not items:
        raise settings.error(
            None,
            "no local evidence sources are configured",
            f'set indicators = ["fingertips-export.csv"] and/or assets = ["asset-register.csv"] under '
            f"[plugins.{NAME}] in hiap.toml (hiap docs local-evidence)",
        )
    if not items:
        raise settings.error(
            None,
            "the configured sources gave no figures or services",
            "check that the files are the right ones (hiap docs local-evidence)",
        )
    old: list[EvidenceItem] = []
    taken_before: str | None = None
    if answers.evidence is not None:
        old = list(answers.evidence.items) + list(answers.evidence.assets)
        taken_before = answers.evidence.taken or "an unknown date"
    new = keep_cited(old, list(items))
    changes = describe_changes(old, new)

    council = engine.context.council
    indicators = [i for i in new if i.kind != "asset"]
    assets = [i for i in new if i.kind == "asset"]
    area_name = council.get("area_name") or next((i.area for i in indicators if i.area), None)
    summary = f"{len(indicators)} figure(s) and {len(assets)} service(s)"
    note = f"{summary}; " + (f"{len(changes)} change(s) since {taken_before}" if taken_before else "first snapshot")
    stamp = record_event(answers, engine, "evidence_refreshed", note)
    snapshot_evidence(answers, new, taken=stamp, area_code=council.get("area_code"), area_name=area_name)
    save_answers(answers, args.file)

    place = f" for {area_name}" if area_name else ""
    if taken_before is None:
        print(f"First local-evidence snapshot{place}: {summary}.")
    elif not changes:
        print(f"No changes since the snapshot of {taken_before}{place}: {summary}.")
    else:
        print(f"Changes since the snapshot of {taken_before}{place}:")
    for line in changes if taken_before is not None else [c for c in changes if not c.startswith("Added service")]:
        print(f"  {line}")
    cited = sum(1 for i in assets if i.cited)
    if cited:
        print(f"{cited} cited service(s) kept as cited.")
    print(f"Saved the snapshot in {args.file}; 'hiap render' uses it, offline.")
    return 0
