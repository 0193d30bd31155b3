"""hiap Wales plugin: what Welsh law asks of a council decision beside its health effects.

The well-being goals and five ways of working, the socio-economic duty, the Welsh language
standards, children's rights as they bind Welsh councils and the Health Impact Assessment
(Wales) Regulations 2025, asked in ``wales.yaml`` and shown in the document as an integrated
impact assessment (``document.py``).

Its questions follow the decision's nation (the core question ``decision.nation``, answered
from ``hiap.toml`` where the council's nation is configured): they are asked only when it is
Wales, so an English decision is asked nothing from this plugin and a file renders the same
anywhere. A council configured as elsewhere (``[council] nation``, or an ``area_code`` whose
first letter is not W) does not load the questions at all, so an installation can carry every
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
NAME = "wales"
HERE = Path(__file__).parent
#: the question bank (asked after the population groups)
BANK = HERE / "wales.yaml"
#: the first question, and the one a screened-out decision is asked; both need decision.nation == "wales"
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
    gate's conditions, so a council with no nation configured is asked nothing from here
    unless it says the decision is Welsh.
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
    """What a core question means in Wales, where the core's help speaks of England."""
    from hiap.api import Guidance, Source

    nation = council_nation(context)
    if nation not in (NAME, None):
        return None
    entry = _guidance().get(question.id)
    if not entry:
        return None
    return Guidance(
        title="In Wales" if nation == NAME else "If the council is in Wales",
        text=" ".join(str(entry["text"]).split()),
        sources=tuple(Source.model_validate(s) for s in entry.get("sources", ())),
    )


@hookimpl
def document_sections(assessment: Any, context: Any) -> DocSection | None:
    """The Welsh section, for a decision whose recorded nation is Wales (where the questions load)."""
    from hiap_wales.document import wales_section

    if council_nation(context) not in (NAME, None):
        return None
    return wales_section(assessment)
