"""Local evidence stored in the answers file, so rendering later is offline and repeatable."""

from __future__ import annotations

from hiap.models.answers import AnswersFile, EvidenceSnapshot
from hiap.models.assessment import EvidenceItem


def snapshot_evidence(
    answers: AnswersFile,
    items: list[EvidenceItem],
    *,
    taken: str,
    area_code: str | None = None,
    area_name: str | None = None,
) -> None:
    """Store figures in the answers file so rendering later gives the same document, offline."""
    indicators = [i for i in items if i.kind != "asset"]
    assets = [i for i in items if i.kind == "asset"]
    answers.evidence = EvidenceSnapshot(
        taken=taken, area_code=area_code, area_name=area_name, items=indicators, assets=assets
    )
