"""hiap transport plugin: questions, scoring, mitigations and indicators for decisions that touch travel: access without a car, fares and charges, buses, road danger, air quality and noise, active travel, severance, personal security, disabled passengers and rural access.

The questions, scores, mitigations and indicators are data, in ``transport.yaml`` beside this
file; the hooks below only offer that file and add the sector's section to the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiap import hookimpl

if TYPE_CHECKING:
    from hiap.api import DocSection

HIAP_HOOK_API = 1
__version__ = "2.1.0"
NAME = "transport"
CHECKLIST = Path(__file__).with_name("transport.yaml")


@hookimpl
def checklist_sources() -> list[Path]:
    return [CHECKLIST]


@hookimpl
def document_sections(assessment: Any) -> DocSection | None:
    from hiap.api import sector_section  # imported when a document is made, so loading stays instant

    return sector_section(assessment, NAME, "Transport findings")
