"""hiap Scotland plugin: what Scottish law asks of a council decision beside its health effects.

The Fairer Scotland Duty's stages (or its "assessment not required" declaration), the equality
impact assessment the Scottish specific duties require, a children's rights and wellbeing impact
assessment where the decision touches children, and an island communities impact assessment
where islands are affected: asked in ``scotland.yaml``, shown in the document stage by stage
(``document.py``).

Its questions follow the decision's nation (the core question ``decision.nation``, answered
from ``hiap.toml`` where the council's nation is configured): they are asked only when it is
Scotland, so an English decision is asked nothing from this plugin and a file renders the same
anywhere. A council configured as elsewhere (``[council] nation``, or an ``area_code`` whose
first letter is not S) does not load the questions at all, so an installation can carry every
nation's plugin.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiap import hookimpl

if TYPE_CHECKING:  # the models load only when a hook runs, so 'hiap --help' stays instant
    from hiap.api import DocSection, Guidance

HIAP_HOOK_API = 1
__version__ = "1.0.0"
NAME = "scotland"
HERE = Path(__file__).parent
#: the question bank (asked after the population groups)
BANK = HERE / "scotland.yaml"
#: the first question (stage 1), asked when decision.nation == "scotland"
GATE = HERE / "gate.yaml"
GUIDANCE = HERE / "guidance.yaml"


def council_nation(context: Any) -> str | None:
    """The nation ``hiap.toml`` gives the council, if it gives one."""
    from hiap.api import council_nation as configured

    return configured(getattr(context, "council", None))


@hookimpl
def checklist_sources(context: Any) -> list[Path]:
    """The gate and the bank, unless ``hiap.toml`` puts the council in another nation.

    Whether they are asked is the decision's own nation (``decision.nation``), read by the
    gate's condition, so a council with no nation configured is asked nothing from here unless
    it says the decision is Scottish.
    """
    if council_nation(context) in (NAME, None):
        return [GATE, BANK]
    return []


@functools.cache
def _guidance() -> dict[str, Any]:
    from hiap.api import read_yaml

    data = read_yaml(GUIDANCE, what="guidance").data
    return data if isinstance(data, dict) else {}


@hookimpl
def question_guidance(question: Any, context: Any) -> Guidance | None:
    """What a core question means in Scotland, where the core's help speaks of England."""
    from hiap.api import Guidance, Source

    nation = council_nation(context)
    if nation not in (NAME, None):
        return None
    entry = _guidance().get(question.id)
    if not entry:
        return None
    return Guidance(
        title="In Scotland" if nation == NAME else "If the council is in Scotland",
        text=" ".join(str(entry["text"]).split()),
        sources=tuple(Source.model_validate(s) for s in entry.get("sources", ())),
    )


@hookimpl
def document_sections(assessment: Any, context: Any) -> DocSection | None:
    """The Scottish section, for a decision whose recorded nation is Scotland (where the questions load)."""
    from hiap_scotland.document import scotland_section

    if council_nation(context) not in (NAME, None):
        return None
    return scotland_section(assessment)
