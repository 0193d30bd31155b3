"""JSON: the assessment for the council's register of assessments and other systems.

The same facts as the appendix and its annex: a draft carries no conclusion, and the sources
are the ones the appendix lists (those behind the answers), each once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.models.assessment import Assessment


def to_json(a: Assessment) -> str:
    from hiap.render.content import sources_used

    data = a.model_dump(mode="json", exclude={"mitigations", "suggested_conclusion"})
    data["format"] = "hiap-assessment/2"
    data["draft"] = a.draft
    # a draft reaches no conclusion: what the assessor has answered so far is kept apart
    data["conclusion_answered"] = a.conclusion
    data["conclusion"] = a.conclusion if a.complete else None
    data["conclusion_words"] = wording.conclusion_words(a.conclusion) if a.complete else None
    data["status"] = wording.status_words(a)
    data["sources"] = [{"title": title, "url": url} for title, url in sources_used(a)]
    for item in data["principles"]:
        score = a.principle(item["principle"])
        item["words"] = wording.effect_words(score.effect, score.relevant)
        item["symbol"] = wording.effect_symbol(score.effect, score.relevant)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_json(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_json(a))
