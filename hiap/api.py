"""hiap's public API for plugins: everything a plugin may import, in one place.

A plugin that imports only from ``hiap`` (``hookimpl``) and ``hiap.api`` keeps working across
hiap's releases while ``HOOK_API_VERSION`` stays the same; anything else in the package may
change without notice. hiap's own evidence plugin uses nothing else, as a third party would.
Names are imported on first use, so importing this module costs nothing.

Errors and settings
    ``InputError`` (bad input: exit 2, one line naming file, line, field and fix),
    ``HiapError``, ``ExitCode``, ``did_you_mean``, ``PluginSettings`` (a plugin's
    ``[plugins.NAME]`` table: ``context.settings("NAME")``), ``council_nation(context.council)``
    (the nation ``hiap.toml`` gives the council, from ``nation`` or the area code).
Reading files
    ``read_yaml(path, what=...)`` (hiap's safe YAML loader: no tags, no aliases bombs, the line of
    every key; returns a ``Located`` with ``.data`` and ``.line(*keys)``), ``read_text(path,
    what=..., max_bytes=...)`` (a size-limited, encoding-checked text read),
    ``load_checklist(path, origin=...)`` (a checklist YAML file, validated, as the engine reads it).
Commands (``register_commands``)
    ``CommandLine``, ``open_engine(args)`` (settings, plugins and checklists, honouring the
    global options in ``args``), ``load_answers(path, catalogue)``, ``save_answers(answers,
    path)``, ``now()``, ``assess(answers, engine)``, ``local_evidence(engine, answers)``,
    ``snapshot_evidence(answers, items, taken=..., area_code=..., area_name=...)``,
    ``record_event(answers, engine, event, note)``.
Models
    ``RunContext``, ``AnswerView``, ``AnswersFile``, ``Answer``, ``Event``, ``Assessment``,
    ``ScoreContribution``, ``PrincipleScore``, ``SuggestedMitigation``, ``EvidenceItem``,
    ``DocSection``, ``Block`` (any of the next five), ``Heading``, ``Paragraph``, ``Bullets``, ``Table``, ``Callout``,
    ``Guidance``, ``OutputFormat``; ``PRINCIPLES`` and ``SHORT_LABELS`` (the eight Marmot
    principles by number); ``Source`` (a cited source: title, url, publisher, date).
Writing a document section
    ``sector_section`` (the usual sector section of the document), ``as_sentence`` (a capital
    and a full stop), ``listing`` ("a, b and c"), ``conclusion_words`` (a conclusion's key in
    words), ``long_date`` ("7 December 2026"), ``group_people`` (a group as the people the
    assessor's own line names: "women", not the category's "women and men").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiap import HOOK_API_VERSION as HOOK_API_VERSION
    from hiap import hookimpl as hookimpl
    from hiap.answers.answers_file import now as now
    from hiap.answers.values import long_date as long_date
    from hiap.commandline import CommandLine as CommandLine
    from hiap.commands import record_event as record_event
    from hiap.errors import ExitCode as ExitCode
    from hiap.errors import HiapError as HiapError
    from hiap.errors import InputError as InputError
    from hiap.errors import did_you_mean as did_you_mean
    from hiap.hookspecs_models import Guidance as Guidance
    from hiap.hookspecs_models import OutputFormat as OutputFormat
    from hiap.models.answers import Answer as Answer
    from hiap.models.answers import AnswersFile as AnswersFile
    from hiap.models.answers import Event as Event
    from hiap.models.assessment import Assessment as Assessment
    from hiap.models.assessment import EvidenceItem as EvidenceItem
    from hiap.models.assessment import PrincipleScore as PrincipleScore
    from hiap.models.assessment import ScoreContribution as ScoreContribution
    from hiap.models.assessment import SuggestedMitigation as SuggestedMitigation
    from hiap.models.checklist import Source as Source
    from hiap.models.context import AnswerView as AnswerView
    from hiap.models.context import RunContext as RunContext
    from hiap.models.document import Block as Block
    from hiap.models.document import Bullets as Bullets
    from hiap.models.document import Callout as Callout
    from hiap.models.document import DocSection as DocSection
    from hiap.models.document import Heading as Heading
    from hiap.models.document import Paragraph as Paragraph
    from hiap.models.document import Table as Table
    from hiap.models.principles import PRINCIPLES as PRINCIPLES
    from hiap.models.principles import SHORT_LABELS as SHORT_LABELS
    from hiap.pipeline import Engine as Engine
    from hiap.pipeline import assess as assess
    from hiap.pipeline import local_evidence as local_evidence
    from hiap.pipeline import snapshot_evidence as snapshot_evidence
    from hiap.sector import sector_section as sector_section
    from hiap.settings import PluginSettings as PluginSettings
    from hiap.settings import council_nation as council_nation
    from hiap.wording import as_sentence as as_sentence
    from hiap.wording import conclusion_words as conclusion_words
    from hiap.wording import group_people as group_people
    from hiap.wording import listing as listing
    from hiap.yamlio import Located as Located
    from hiap.yamlio import read_text as read_text

#: public name -> (module, name in that module)
_WHERE: dict[str, tuple[str, str]] = {
    "HOOK_API_VERSION": ("hiap", "HOOK_API_VERSION"),
    "hookimpl": ("hiap", "hookimpl"),
    "load_answers": ("hiap.answers.answers_file", "load_validated"),
    "now": ("hiap.answers.answers_file", "now"),
    "long_date": ("hiap.answers.values", "long_date"),
    "load_checklist": ("hiap.checklist.loader", "load_checklist_file"),
    "save_answers": ("hiap.answers.answers_file", "save"),
    "CommandLine": ("hiap.commandline", "CommandLine"),
    "open_engine": ("hiap.commands", "engine_from"),
    "record_event": ("hiap.commands", "record_event"),
    "ExitCode": ("hiap.errors", "ExitCode"),
    "HiapError": ("hiap.errors", "HiapError"),
    "InputError": ("hiap.errors", "InputError"),
    "did_you_mean": ("hiap.errors", "did_you_mean"),
    "Guidance": ("hiap.hookspecs_models", "Guidance"),
    "OutputFormat": ("hiap.hookspecs_models", "OutputFormat"),
    "Answer": ("hiap.models.answers", "Answer"),
    "AnswersFile": ("hiap.models.answers", "AnswersFile"),
    "Event": ("hiap.models.answers", "Event"),
    "Assessment": ("hiap.models.assessment", "Assessment"),
    "EvidenceItem": ("hiap.models.assessment", "EvidenceItem"),
    "PrincipleScore": ("hiap.models.assessment", "PrincipleScore"),
    "ScoreContribution": ("hiap.models.assessment", "ScoreContribution"),
    "SuggestedMitigation": ("hiap.models.assessment", "SuggestedMitigation"),
    "Source": ("hiap.models.checklist", "Source"),
    "AnswerView": ("hiap.models.context", "AnswerView"),
    "RunContext": ("hiap.models.context", "RunContext"),
    "Block": ("hiap.models.document", "Block"),
    "Bullets": ("hiap.models.document", "Bullets"),
    "Callout": ("hiap.models.document", "Callout"),
    "DocSection": ("hiap.models.document", "DocSection"),
    "Heading": ("hiap.models.document", "Heading"),
    "Paragraph": ("hiap.models.document", "Paragraph"),
    "Table": ("hiap.models.document", "Table"),
    "PRINCIPLES": ("hiap.models.principles", "PRINCIPLES"),
    "SHORT_LABELS": ("hiap.models.principles", "SHORT_LABELS"),
    "Engine": ("hiap.pipeline", "Engine"),
    "assess": ("hiap.pipeline", "assess"),
    "local_evidence": ("hiap.pipeline", "local_evidence"),
    "snapshot_evidence": ("hiap.pipeline", "snapshot_evidence"),
    "sector_section": ("hiap.sector", "sector_section"),
    "PluginSettings": ("hiap.settings", "PluginSettings"),
    "council_nation": ("hiap.settings", "council_nation"),
    "as_sentence": ("hiap.wording", "as_sentence"),
    "conclusion_words": ("hiap.wording", "conclusion_words"),
    "group_people": ("hiap.wording", "group_people"),
    "listing": ("hiap.wording", "listing"),
    "Located": ("hiap.yamlio", "Located"),
    "read_yaml": ("hiap.yamlio", "load"),
    "read_text": ("hiap.yamlio", "read_text"),
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'hiap.api' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
