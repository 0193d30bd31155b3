"""The one place that wires the stages: plugins -> checklists -> answers -> assessment -> render."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiap import config as config_mod
from hiap import hookcall, plugins
from hiap.answers import answers_file, snapshot
from hiap.checklist import catalogue as catalogue_mod
from hiap.checklist.catalogue import Catalogue
from hiap.errors import InputError, did_you_mean
from hiap.models.answers import AnswersFile
from hiap.models.assessment import Assessment
from hiap.models.checklist import Checklist
from hiap.models.context import RunContext
from hiap.plugins import REINSTALL, CoreUnavailable


@dataclass
class Engine:
    host: plugins.PluginHost
    catalogue: Catalogue
    context: RunContext
    config: config_mod.Config


def open_engine(
    *,
    only: str | None = None,
    disabled: str | None = None,
    strict: bool | None = None,
    debug: bool = False,
    interactive: bool = False,
    extra: list[tuple[str, object]] | None = None,
    entry_points: bool = True,
    config: config_mod.Config | None = None,
    host: plugins.PluginHost | None = None,
) -> Engine:
    """Settings, plugins and the merged checklists. ``host`` reuses plugins already loaded
    (the command line loads them to find plugins' commands)."""
    cfg = config if config is not None else config_mod.load()
    if host is None:
        host = plugins.build(
            only=only, disabled=disabled, strict=strict, debug=debug, extra=extra, entry_points=entry_points
        )
    context = RunContext(
        interactive=interactive,
        council=dict(cfg.council),
        plugin_settings={name: dict(values) for name, values in cfg.plugins.items()},
        config_file=str(cfg.path) if cfg.path else None,
        config_dir=str(cfg.path.parent) if cfg.path else None,
        setting_lines=dict(cfg.lines),
    )
    check_settings(host, context)
    catalogue = load_catalogue(host, context)
    return Engine(host, catalogue, context, cfg)


def check_settings(host: plugins.PluginHost, context: RunContext) -> None:
    """Each plugin checks its own ``[plugins.NAME]`` table: a mistake there is bad input (exit 2,
    one line), like a mistake in hiap's own settings; any other failure is the plugin's."""
    from hiap.errors import PluginError

    hook = "check_settings"
    for impl in reversed(getattr(host.pm.hook, hook).get_hookimpls()):
        kwargs = {"settings": context.settings(impl.plugin_name), "context": context}
        try:
            value = impl.function(**{name: kwargs[name] for name in impl.argnames})
        except (InputError, PluginError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - isolate the plugin
            host.report(impl.plugin_name, hook, exc)
            continue
        if value is not None:
            host.report(
                impl.plugin_name,
                hook,
                f"returned the wrong shape (expected None: raise settings.error(...) for a mistake), "
                f"got {type(value).__name__}",
            )


def load_catalogue(host: plugins.PluginHost, context: RunContext) -> Catalogue:
    """hiap's own checklists must load: if they cannot, every command stops (exit 2, one line)
    rather than carry on with sector questions alone and write a document that says nothing.
    A plugin's bad checklist is reported against that plugin and left out.

    The merged, validated checklists come from the compiled catalogue in the user's cache when
    it matches every source file (``hiap.checklist.cache``), and are stored there otherwise."""
    from hiap.checklist import cache

    sources = checklist_sources(host, context)
    key = cache.source_key(sources)
    compiled = cache.read(key)
    if compiled is not None:
        catalogue_mod.parsed.update(compiled.conditions)
        merged = _merge_cached(compiled.checklists)
        if merged is not None:
            for plugin, message in compiled.rejected:
                host.report(plugin, "checklist_sources", message)
            return merged
    catalogue, rejected = _compile(host, sources)
    cache.write(key, catalogue, rejected)
    return catalogue


def _merge_cached(checklists: Any) -> Catalogue | None:
    """The cached checklists merged, or None when they no longer merge (a plugin's load order
    changed): the caller then compiles from the YAML, which reports each problem once."""
    try:
        return catalogue_mod.build(checklists)
    except InputError:
        return None


def checklist_sources(host: plugins.PluginHost, context: RunContext) -> list[tuple[str, Path]]:
    """Every checklist file the plugins offer, core first, as (plugin, path)."""
    sources: list[tuple[str, Path]] = []
    seen = len(host.problems)
    for plugin, value in hookcall.collect_raw(host, "checklist_sources", context=context):
        paths = value if isinstance(value, (list, tuple)) else [value]
        for item in paths:
            if not isinstance(item, (str, os.PathLike)):
                host.report(plugin, "checklist_sources", f"returned {type(item).__name__}, expected a file path")
                continue
            sources.append((plugin, Path(item)))
    failed = next((p for p in host.problems[seen:] if p.plugin == plugins.CORE), None)
    if failed is not None or not any(plugin == plugins.CORE for plugin, _ in sources):
        why = failed.error if failed is not None else "the core plugin offered no checklist files"
        raise CoreUnavailable(f"hiap's own checklist cannot be loaded ({why}); {REINSTALL}")
    return sorted(sources, key=lambda s: s[0] != plugins.CORE)


def _compile(host: plugins.PluginHost, sources: list[tuple[str, Path]]) -> tuple[Catalogue, list[tuple[str, str]]]:
    """Read, validate and merge the YAML; a plugin's checklist that fails is reported and left
    out, and listed in what is returned so a cached run reports it too."""
    from hiap.checklist.loader import load_checklist_file

    core: list[Checklist] = []
    extra: list[tuple[str, Checklist]] = []
    rejected: list[tuple[str, str]] = []

    def reject(plugin: str, message: str) -> None:
        rejected.append((plugin, message))
        host.report(plugin, "checklist_sources", message)

    for plugin, path in sources:
        try:
            checklist = load_checklist_file(path, origin=plugin)
        except InputError as exc:
            if plugin == plugins.CORE:
                raise CoreUnavailable(
                    f"hiap's own checklist cannot be loaded: {exc.format().splitlines()[0]}; {REINSTALL}"
                ) from exc
            reject(plugin, exc.format().splitlines()[0])
            continue
        if plugin == plugins.CORE:
            core.append(checklist)
        else:
            extra.append((plugin, checklist))
    accepted = list(core)
    try:
        catalogue = catalogue_mod.build(accepted)
    except InputError as exc:
        raise CoreUnavailable(
            f"hiap's own checklist cannot be loaded: {exc.format().splitlines()[0]}; {REINSTALL}"
        ) from exc
    for plugin, checklist in extra:
        try:
            catalogue = catalogue_mod.build(accepted + [checklist])
        except InputError as exc:
            reject(plugin, exc.format().splitlines()[0])
            continue
        accepted.append(checklist)
    return catalogue, rejected


def assess(answers: AnswersFile, engine: Engine) -> Assessment:
    from hiap.assessment.build import build

    return build(answers, engine.catalogue, engine.host, engine.context)


def output_formats(engine: Engine) -> dict[str, Any]:
    from hiap.hookspecs_models import OutputFormat

    found: dict[str, OutputFormat] = {}
    collected = hookcall.collect(engine.host, "output_formats", OutputFormat)
    # the core's formats are claimed first, so a plugin reusing a name is the one reported
    for fmt in sorted(collected, key=lambda f: f.source != "core"):
        if fmt.name in found:
            engine.host.report(
                fmt.source, "output_formats", f"format '{fmt.name}' is already registered by {found[fmt.name].source}"
            )
            continue
        found[fmt.name] = fmt
    return found


def guidance(engine: Engine, question: Any) -> list[Any]:
    """Extra guidance plugins offer for a question (shown behind '?' in the interview)."""
    from hiap.hookspecs_models import Guidance

    return hookcall.collect(engine.host, "question_guidance", Guidance, question=question, context=engine.context)


def local_evidence(engine: Engine, answers: AnswersFile) -> list[Any]:
    """Ask plugins for local figures and services; called by the interview and by the evidence
    plugin's `hiap evidence`, never by render, so documents stay offline and repeatable."""
    from hiap.assessment.build import view_of
    from hiap.models.assessment import EvidenceItem

    view = view_of(answers, engine.catalogue)
    return hookcall.collect(
        engine.host, "local_evidence", EvidenceItem, answers=view, catalogue=engine.catalogue, context=engine.context
    )


snapshot_evidence = snapshot.snapshot_evidence


def render_to(
    engine: Any,
    assessment: Any,
    fmt_name: str,
    out: Path,
    template: Path | None = None,
    appendix: str | None = None,
    inputs: tuple[Path, ...] = (),
) -> Path:
    from hiap.render.formats import write_format

    formats = output_formats(engine)
    fmt = formats.get(fmt_name)
    if fmt is None:
        hint = did_you_mean(fmt_name, formats) or f"use one of: {', '.join(formats)}"
        raise InputError(f"unknown format '{fmt_name}'", field="--format", hint=hint)
    if template is None and engine.config.council.get("template"):
        template = engine.config.resolve(engine.config.council["template"])
        if not template.exists():  # say where the name came from: the user never typed it here
            raise InputError(
                f"names {template.name}, which does not exist",
                file=engine.config.path,
                field="council.template",
                hint="correct the path (relative to this file), or remove the line to use hiap's own template",
            )
    options: dict[str, Any] = {
        "template": template,
        "appendix": appendix or engine.config.council.get("appendix_letter"),
        "council": dict(engine.config.council),
    }
    if out.exists() and out.is_dir():
        raise InputError("the output is a folder", file=out, hint="give a file name with -o")
    check_output(out, inputs, template, engine.config.path)
    try:
        write_format(fmt, assessment, out, options)
    except PermissionError as exc:
        raise InputError(
            f"cannot write the document ({exc.strerror})",
            file=out,
            hint="close it in Word if it is open, or choose another name with -o",
        ) from None
    except OSError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(
            f"cannot write the document ({exc.strerror or exc})",
            file=out,
            hint="check there is space and you can write to the folder",
        ) from None
    return out


def check_output(out: Path, answers: tuple[Path, ...], template: Path | None, config: Path | None) -> None:
    """Before any work: the output is a writable regular file (through links) and none of the inputs."""
    from hiap import safeio

    if out.name.endswith(answers_file.SUFFIX):
        raise InputError(
            "the output would be named like an answers file",
            file=out,
            field="-o",
            hint="give the document its own name",
        )
    safeio.refuse_input_as_output(
        out,
        [*((a, "answers file") for a in answers), (template, "template"), (config, "configuration file")],
        "-o",
    )
    safeio.output_target(out, "document", "-o")
