"""The hook API: every way a plugin can extend hiap. These docstrings are the reference.

Rules for implementations: accept any subset of the documented arguments, never give them
default values (pluggy does not pass those), and return a value, a list, or ``None`` for
"nothing to add". Every result is validated; a wrong shape or an exception is reported with
the plugin's name and the hook, and hiap carries on without that contribution.
``docs/plugin_hooks.md`` has one heading per hook; a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("hiap")


@hookspec
def checklist_sources(context: Any) -> Any:
    """Offer whole checklist YAML files: new sections, questions, mitigations and indicators.

    :param context: the :class:`~hiap.models.context.RunContext` of this run.
    :returns: a list of paths (``str`` or ``pathlib.Path``) to checklist YAML files shipped
        with the plugin. Question ids must start with the plugin's name. Sections go after the
        core ``screening`` section unless the file says ``after: <section id>``.

    Called once when checklists are loaded, before any question is asked.
    """


@hookspec
def question_guidance(question: Any, context: Any) -> Any:
    """Add guidance to a question: local policy, a contact, a local data source.

    :param question: the :class:`~hiap.models.checklist.Question` being shown.
    :param context: the run context.
    :returns: a :class:`~hiap.hookspecs_models.Guidance`, a list of them, or None.

    Called when the officer asks for help on a question (``?``) and when the full guidance
    appears in documents.
    """


@hookspec
def score_principle(principle: int, answers: Any, catalogue: Any, context: Any) -> Any:
    """Say how the answers bear on one Marmot principle.

    :param principle: the principle's number, 1 to 8.
    :param answers: an :class:`~hiap.models.context.AnswerView` of the answers that count.
    :param catalogue: the merged checklists (:class:`~hiap.checklist.catalogue.Catalogue`).
    :param context: the run context.
    :returns: a :class:`~hiap.models.assessment.ScoreContribution`, a list of them, or None.

    Called once per principle while the assessment is built. All contributions count.
    """


@hookspec(firstresult=True)
def combine_scores(principle: int, contributions: Any, answers: Any, catalogue: Any, context: Any) -> Any:
    """Combine the contributions for a principle into its rating.

    :param principle: the principle's number, 1 to 8.
    :param contributions: the list of :class:`~hiap.models.assessment.ScoreContribution`.
    :param answers: the :class:`~hiap.models.context.AnswerView`.
    :param catalogue: the merged checklists (to find the assessor's equity, confidence and
        reasoning answers by their ``role``).
    :param context: the run context.
    :returns: a :class:`~hiap.models.assessment.PrincipleScore`, or None to leave it to others.

    Stops at first non-None result. The core's combiner is registered ``trylast``, so a council
    plugin marked ``tryfirst`` can replace the policy for some or all principles.
    """


@hookspec
def suggest_mitigations(principle_score: Any, answers: Any, catalogue: Any, context: Any) -> Any:
    """Suggest actions that avoid, reduce or offset an adverse effect, or enhance a good one.

    :param principle_score: the :class:`~hiap.models.assessment.PrincipleScore` just combined.
    :param answers: the :class:`~hiap.models.context.AnswerView`.
    :param catalogue: the merged checklists.
    :param context: the run context.
    :returns: a list of :class:`~hiap.models.assessment.SuggestedMitigation`, or None.

    Called once per principle, after ``combine_scores``. Suggestions with the same id are
    merged.
    """


@hookspec
def local_evidence(answers: Any, catalogue: Any, context: Any) -> Any:
    """Offer local figures and services for this decision (indicators, asset registers).

    :param answers: the :class:`~hiap.models.context.AnswerView` (decision details are there).
    :param catalogue: the merged checklists.
    :param context: the run context (``context.council`` holds the area code).
    :returns: a list of :class:`~hiap.models.assessment.EvidenceItem`, or None.

    Called by the interview and by ``hiap evidence``; the results are snapshotted into the
    answers file, so rendering never calls it and stays offline and repeatable.
    """


@hookspec
def document_sections(assessment: Any, context: Any) -> Any:
    """Add sections to the document, in format-neutral blocks.

    :param assessment: the finished :class:`~hiap.models.assessment.Assessment`.
    :param context: the run context.
    :returns: a :class:`~hiap.models.document.DocSection`, a list of them, or None.

    Called once per render, before any writer runs; the same sections appear in Word, Markdown
    and JSON.
    """


@hookspec
def output_formats() -> Any:
    """Register output formats for ``hiap render --format``.

    :returns: a list of :class:`~hiap.hookspecs_models.OutputFormat`.

    Called once per render. The core registers ``docx``, ``md`` and ``json`` through this hook;
    two formats with the same name are an error attributed to the later plugin.
    """


@hookspec
def check_settings(settings: Any, context: Any) -> Any:
    """Check the plugin's own table of ``hiap.toml`` (``[plugins.NAME]``) as a run starts.

    :param settings: a :class:`~hiap.settings.PluginSettings`: this plugin's own table (empty if
        the file has none), with the file and the line of each key, and ``check_keys``,
        ``path``, ``paths`` and ``error`` to check it with.
    :param context: the run context.
    :returns: None. For a mistake, raise the ``InputError`` that ``settings.error(key, message,
        hint)`` makes: every command then stops with exit 2 and that one line, exactly as for a
        mistake in hiap's own settings. Any other exception is the plugin's failure, reported
        and isolated like any hook's.

    Called once per command, as soon as the plugins are loaded and before any checklist is
    read. Keep it quick: check the keys and their values, not that the files named exist (the
    command that reads them says so when it does).
    """


@hookspec
def register_commands(cli: Any) -> Any:
    """Add subcommands to the ``hiap`` command line, as llm and datasette plugins can.

    :param cli: a :class:`~hiap.commandline.CommandLine`. Call
        ``cli.add_command(name, help=..., description=..., run=...)`` once per command: it
        returns the command's :class:`argparse.ArgumentParser`, for the command's own arguments
        (the global options ``--debug``, ``--plugins`` and the rest are already on it).
        ``run(args)`` receives the parsed :class:`argparse.Namespace` and returns the exit code
        (``None`` means 0).
    :returns: None.

    Called when the command line is built, only when the command typed is not one of hiap's own
    (and for ``hiap --help``, ``hiap plugins`` and ``hiap completion``), so hiap's own commands
    and ``hiap --version`` never wait for plugins to load. A name hiap or another plugin already
    uses is reported against the later plugin, which keeps its other commands.
    """


#: Every hook, in the order above: derived from the specs, so a new hook cannot be left out.
HOOK_NAMES: tuple[str, ...] = tuple(
    name for name, value in list(globals().items()) if callable(value) and hasattr(value, "hiap_spec")
)
