"""JSON: the assessment for the council's register of assessments and other systems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hiap.models.assessment import Assessment


def to_json(a: Assessment) -> str:
    data = a.model_dump(mode="json")
    data["format"] = "hiap-assessment/1"
    for item in data["principles"]:
        item["words"] = a.principle(item["principle"]).words
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_json(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_json(a))
