"""hiap local evidence plugin: the council's own figures and services, beside each principle.

Reads the OHID Fingertips CSV exports and the asset register named under ``[evidence]`` in
``hiap.toml`` and offers them through the ``local_evidence`` hook. That hook runs only in the
interview and in ``hiap evidence``, whose results are stored in the answers file; rendering
reads that snapshot, so a document made next year shows the figures the decision saw.

A file that cannot be read raises ``InputError`` naming the file and row: hiap reports it
against this plugin, and ``hiap evidence`` stops with exit 2 and leaves the snapshot alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hiap import hookimpl
from hiap.errors import InputError
from hiap.models.assessment import EvidenceItem
from hiap_evidence.assets import read_assets
from hiap_evidence.fingertips import ENGLAND, read_indicators
from hiap_evidence.mapping import load_mapping

HIAP_HOOK_API = 1
NAME = "evidence"


def _paths(settings: dict[str, Any], key: str) -> list[Path]:
    paths = [Path(p) for p in settings.get(key) or []]
    for path in paths:
        if not path.is_file():
            raise InputError(
                f"no such file '{path}'",
                file=settings.get("config_file"),
                field=f"evidence.{key}",
                hint="check the name; paths in hiap.toml are relative to the folder it is in",
            )
    return paths


def gather(settings: dict[str, Any], council: dict[str, Any], known_groups: set[str]) -> list[EvidenceItem]:
    """Every figure and service the configured files give, in a stable order."""
    indicators, assets = _paths(settings, "indicators"), _paths(settings, "assets")
    if not indicators and not assets:
        return []
    mapping = load_mapping(settings.get("mapping"), known_groups)
    items: list[EvidenceItem] = []
    if indicators:
        area = council.get("area_code")
        if not area:
            raise InputError(
                "[evidence] indicators needs the council's area code",
                file=settings.get("config_file"),
                field="council.area_code",
                hint='add area_code = "E07000146" (your ONS code) under [council]',
            )
        comparator = settings.get("comparator") or ENGLAND
        items.extend(read_indicators(indicators, area, mapping, comparator=comparator))
    for path in assets:
        items.extend(read_assets(path, mapping, known_groups))
    return items


@hookimpl
def local_evidence(catalogue: Any, context: Any) -> list[EvidenceItem] | None:
    return gather(context.evidence, context.council, set(catalogue.groups)) or None
