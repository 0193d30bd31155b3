"""Finding, loading and guarding plugins.

Each entry point in the ``hiap`` group is loaded in its own guard, sorted by name, so one
broken plugin is reported (name, hook, one-line error) and the rest still load. The core's own
behaviour is registered the same way, under the name ``core``, and cannot be switched off.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

import pluggy

from hiap import HOOK_API_VERSION, hookspecs, isolate
from hiap.errors import ExitCode, HiapError, PluginError

ENTRY_POINT_GROUP = "hiap"
CORE = "core"
#: What to do when hiap's own part cannot be loaded: the installation is damaged.
REINSTALL = (
    "reinstall hiap from the wheel, folder or git URL it came from (with pipx: pipx reinstall hiap) and run again"
)


class CoreUnavailable(HiapError):
    """hiap's own checklist or core plugin did not load. Unlike a third party's plugin, the
    run cannot carry on without it: every command stops with one line (exit 2)."""

    exit_code = ExitCode.BAD_INPUT


class PluginRecord:
    """One plugin as loaded: what ``hiap plugins`` lists. (Plain classes in this module, not
    dataclasses: it loads on every run, ``hiap --help`` included, and dataclasses costs ms.)"""

    def __init__(
        self,
        name: str,
        version: str | None,
        dist: str | None,
        status: str = "ok",  # ok | failed | disabled
        error: str | None = None,
        hooks: list[str] | None = None,
        builtin: bool = False,
        module: str | None = None,
        traceback: str | None = None,
    ) -> None:
        self.name, self.version, self.dist, self.status, self.error = name, version, dist, status, error
        self.hooks: list[str] = hooks if hooks is not None else []
        self.builtin, self.module, self.traceback = builtin, module, traceback
        #: the subcommands it adds (filled in by ``hiap plugins``, which asks for them)
        self.commands: list[str] = []

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "hooks": self.hooks,
            "commands": self.commands,
            "status": self.status,
            "error": self.error,
            "distribution": self.dist,
            "module": self.module,
        }


class Problem:
    """A plugin's failure in one hook, in words (and its traceback for --debug)."""

    def __init__(self, plugin: str, hook: str, error: str, traceback: str | None = None) -> None:
        self.plugin, self.hook, self.error, self.traceback = plugin, hook, error, traceback

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.plugin, self.hook, self.error, self.traceback) == (
            other.plugin,
            other.hook,
            other.error,
            other.traceback,
        )

    def __hash__(self) -> int:
        return hash((self.plugin, self.hook, self.error))

    def __repr__(self) -> str:
        return f"Problem({self.plugin!r}, {self.hook!r}, {self.error!r})"

    def line(self) -> str:
        return f"plugin '{self.plugin}' failed in {self.hook}: {self.error}"


class PluginHost:
    """A fresh plugin manager plus what happened while loading and calling plugins."""

    def __init__(
        self, pm: pluggy.PluginManager, records: dict[str, PluginRecord], strict: bool = False, debug: bool = False
    ) -> None:
        self.pm, self.records, self.strict, self.debug = pm, records, strict, debug
        self.problems: list[Problem] = []
        self.contributed: set[str] = set()
        self.shown = 0

    def report(self, plugin: str, hook: str, exc: BaseException | str) -> None:
        """Record a plugin failure once; in strict mode, stop the run (exit 2)."""
        from hiap.isolate import describe
        from hiap.safeio import for_terminal

        if isinstance(exc, BaseException):
            error = describe(exc)
            tb = _formatted(exc)
        else:
            error, tb = for_terminal(exc), None
        problem = Problem(plugin, hook, error, tb)
        if any(p.plugin == plugin and p.hook == hook and p.error == error for p in self.problems):
            return
        self.problems.append(problem)
        if self.strict:
            raise PluginError(problem.line() + " (strict mode)")

    def ok_plugins(self) -> dict[str, str]:
        return {n: r.version or "" for n, r in self.records.items() if r.status == "ok" and not r.builtin}

    def failed(self) -> list[str]:
        names = {r.name for r in self.records.values() if r.status == "failed"}
        names |= {p.plugin for p in self.problems}
        return sorted(names)


def _selection(value: str | None) -> set[str] | None:
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def build(
    *,
    only: str | None = None,
    disabled: str | None = None,
    strict: bool | None = None,
    debug: bool = False,
    extra: list[tuple[str, object]] | None = None,
    entry_points: bool = True,
    core: bool = True,
) -> PluginHost:
    """A fresh manager: core first, then installed plugins sorted by name, each guarded.

    ``only`` (``--plugins`` / ``HIAP_PLUGINS``) is a comma-separated list of plugin names to
    load ('' loads none); ``disabled`` (``--disable-plugin`` / ``HIAP_DISABLE_PLUGINS``) blocks
    names. ``extra`` registers plugin objects directly (the test kit uses it). ``core=False``
    leaves hiap's own plugin out: the command line uses that to find plugins' commands without
    importing the engine.
    """
    if only is None:
        only = os.environ.get("HIAP_PLUGINS")
    if disabled is None:
        disabled = os.environ.get("HIAP_DISABLE_PLUGINS")
    if strict is None:
        strict = os.environ.get("HIAP_STRICT_PLUGINS", "") not in ("", "0", "false", "no")
    pm = pluggy.PluginManager("hiap")
    pm.add_hookspecs(hookspecs)
    host = PluginHost(pm=pm, records={}, strict=strict, debug=debug)

    if core:
        _register_core(host)

    chosen = _selection(only)
    blocked = _selection(disabled) or set()
    found: set[str] = set()
    if entry_points:
        from hiap import entry_points as installed

        seen_names: set[str] = set()
        for ep in installed.entry_points(ENTRY_POINT_GROUP):
            if ep.name in seen_names:
                continue
            seen_names.add(ep.name)
            found.add(ep.name)
            record = PluginRecord(ep.name, ep.version, ep.distribution, module=ep.value)
            if ep.name in blocked or (chosen is not None and ep.name not in chosen):
                record.status = "disabled"
                if ep.distribution == "hiap":  # shipped inside hiap: its own version is known only once imported
                    record.version = None
                record.error = "switched off by " + (
                    "--disable-plugin/HIAP_DISABLE_PLUGINS" if ep.name in blocked else "--plugins/HIAP_PLUGINS"
                )
                host.records[ep.name] = record
                continue
            host.records[ep.name] = record
            # SystemExit, printing at import and the like are its failures
            loaded = isolate.run(functools.partial(installed.load, ep.value))
            if not loaded.ok:
                _fail(host, record, "import", isolate.reportable(loaded))
                continue
            plugin = loaded.value
            # plugins shipped inside hiap's wheel keep their own version, not hiap's
            own = getattr(plugin, "__version__", None)
            if isinstance(own, str) and own:
                record.version = own
            _register(host, record, plugin)
    for name, plugin in extra or []:
        found.add(name)
        record = PluginRecord(
            name, getattr(plugin, "__version__", None), None, module=getattr(plugin, "__name__", None)
        )
        host.records[name] = record
        _register(host, record, plugin)
    if chosen:
        for missing in sorted(chosen - found):
            host.report(missing, "load", "not installed (named in --plugins/HIAP_PLUGINS)")
    return host


def _register_core(host: PluginHost) -> None:
    """hiap's own behaviour, registered first (so called last) under the name ``core``."""
    try:
        from hiap.defaults import core as core_plugin

        host.pm.register(core_plugin, name=CORE)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged installation, said in one line
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        raise CoreUnavailable(f"hiap's own plugin cannot be loaded ({reason}); {REINSTALL}") from exc
    host.records[CORE] = PluginRecord(
        CORE, _own_version(), "hiap", hooks=_hooks(host.pm, core_plugin), builtin=True, module=core_plugin.__name__
    )


def _register(host: PluginHost, record: PluginRecord, plugin: object) -> None:
    api = getattr(plugin, "HIAP_HOOK_API", HOOK_API_VERSION)
    if api != HOOK_API_VERSION:
        _fail(
            host,
            record,
            "load",
            f"built for hiap hook API {api}, but this hiap provides API {HOOK_API_VERSION}; "
            f"install a version of the plugin made for this hiap, or upgrade hiap",
        )
        return
    try:
        _refuse_wrappers(plugin)
        host.pm.register(plugin, name=record.name)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        _fail(host, record, "load", exc)
        return
    try:
        host.pm.check_pending()
    except pluggy.PluginValidationError as exc:
        host.pm.unregister(name=record.name)
        unknown = [n for n in _impl_names(plugin) if n not in hookspecs.HOOK_NAMES]
        from hiap.errors import did_you_mean

        hints = [f"'{n}' ({did_you_mean(n, hookspecs.HOOK_NAMES) or 'no such hook'})" for n in unknown]
        _fail(host, record, "load", f"implements unknown hook {', '.join(hints) or exc}")
        return
    record.hooks = _hooks(host.pm, plugin)


def _refuse_wrappers(plugin: object) -> None:
    for name in _impl_names(plugin):
        opts = getattr(getattr(plugin, name), "hiap_impl", {})
        if opts.get("wrapper") or opts.get("hookwrapper"):
            raise TypeError(
                f"hook '{name}' is a wrapper; hiap calls hooks one plugin at a time, so wrappers are not supported"
            )


def _impl_names(plugin: object) -> list[str]:
    return [n for n in dir(plugin) if hasattr(getattr(plugin, n, None), "hiap_impl")]


def _fail(host: PluginHost, record: PluginRecord, hook: str, exc: BaseException | str) -> None:
    record.status = "failed"
    if isinstance(exc, BaseException):
        record.error = isolate.describe(exc)
        record.traceback = _formatted(exc)
    else:
        record.error = exc
    host.report(record.name, hook, record.error if not isinstance(exc, BaseException) else exc)


def _hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    callers = pm.get_hookcallers(plugin) or []
    return sorted(caller.name for caller in callers)


def _own_version() -> str:
    from hiap import __version__

    return __version__


def print_problems(host: PluginHost, stream: Any = None) -> None:
    """One line per failed plugin on stderr; the traceback only with --debug."""
    out = stream or sys.stderr
    for problem in host.problems[host.shown :]:
        print(f"hiap: warning: {problem.line()}; carrying on without it (run 'hiap plugins' for details)", file=out)
        if host.debug and problem.traceback:
            print(problem.traceback, file=out)
    host.shown = len(host.problems)


def _formatted(exc: BaseException) -> str:
    """The traceback for --debug; traceback is imported only when a plugin has failed."""
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
