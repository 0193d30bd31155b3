"""JSON: the assessment for the council's register of assessments and other systems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.models.assessment import Assessment


def to_json(a: Assessment) -> str:
    data = a.model_dump(mode="json", exclude={"mitigations", "suggested_conclusion"})
    data["format"] = "hiap-assessment/2"
    data["draft"] = a.draft
    data["conclusion_words"] = wording.conclusion_words(a.conclusion) if a.complete else None
    for item in data["principles"]:
        score = a.principle(item["principle"])
        item["words"] = wording.effect_words(score.effect, score.relevant)
        item["symbol"] = wording.effect_symbol(score.effect, score.relevant)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_json(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_json(a))
