"""Calling hooks one implementation at a time: provenance, isolation and result validation.

pluggy's own call lets the first exception abort every other plugin and does not say who
raised it. Here each implementation runs alone (in pluggy's real order, so tryfirst/trylast
hold), its result is validated against the hook's contract, stamped with its source, and a
failure is reported against that plugin while the others carry on. "Failure" includes
``sys.exit``, a ``KeyboardInterrupt`` the plugin raised itself, ``GeneratorExit`` and printing to
standard output (see ``hiap.isolate``); a real Ctrl-C still stops hiap.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from hiap import isolate
from hiap.plugins import PluginHost

M = TypeVar("M", bound=BaseModel)


def _impls(host: PluginHost, hook: str) -> list[Any]:
    caller = getattr(host.pm.hook, hook)
    return list(reversed(caller.get_hookimpls()))


def _call(host: PluginHost, impl: Any, hook: str, kwargs: dict[str, Any]) -> tuple[bool, Any]:
    from hiap.errors import PluginError

    try:
        args = {name: kwargs[name] for name in impl.argnames}
    except KeyError as exc:  # pragma: no cover - pluggy validates argnames at register time
        host.report(impl.plugin_name, hook, f"asks for an argument this hook does not have: {exc}")
        return False, None
    outcome = isolate.run(impl.function, passthrough=(PluginError,), **args)
    if not outcome.ok:
        host.report(impl.plugin_name, hook, isolate.reportable(outcome))
        return False, None
    return True, outcome.value


def _validate(
    host: PluginHost, impl: Any, hook: str, adapter: TypeAdapter[Any], model: type[BaseModel], value: Any
) -> tuple[bool, Any]:
    """Check a result against the hook's contract; reading it runs plugin code too (a generator,
    a property), so it is guarded the same way as the call."""
    from hiap.errors import PluginError

    outcome = isolate.run(adapter.validate_python, value, from_attributes=True, passthrough=(PluginError,))
    if outcome.ok:
        return True, outcome.value
    exc = outcome.exception
    if isinstance(exc, ValidationError):
        host.report(impl.plugin_name, hook, _shape_error(exc, model))
    else:
        host.report(impl.plugin_name, hook, outcome.error or "failed")
    return False, None


def _shape_error(exc: ValidationError, model: type[BaseModel]) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"returned the wrong shape (expected {model.__name__} or a list of them): {where}: {first['msg']}"


@functools.cache
def _adapter(model: type[BaseModel], many: bool) -> TypeAdapter[Any]:
    """Validators are costly to build and the same for every call of a hook: build each once."""
    if many:
        return TypeAdapter(model | list[model] | None)  # type: ignore[arg-type,valid-type]
    return TypeAdapter(model | None)  # type: ignore[arg-type]


def collect(host: PluginHost, hook: str, model: type[M], **kwargs: Any) -> list[M]:
    """Call every implementation; keep valid results, in call order, stamped with their source."""
    adapter = _adapter(model, True)
    results: list[M] = []
    for impl in _impls(host, hook):
        ok, value = _call(host, impl, hook, kwargs)
        if not ok or value is None:
            continue
        ok, validated = _validate(host, impl, hook, adapter, model, value)
        if not ok:
            continue
        items = validated if isinstance(validated, list) else [validated]
        stamped = [_stamp(item, impl.plugin_name) for item in items]
        if stamped and impl.plugin_name != "core":
            host.contributed.add(impl.plugin_name)
        results.extend(stamped)
    return results


def first(host: PluginHost, hook: str, model: type[M], **kwargs: Any) -> M | None:
    """For firstresult hooks: the first valid non-None result; failures are skipped, not fatal."""
    adapter = _adapter(model, False)
    for impl in _impls(host, hook):
        ok, value = _call(host, impl, hook, kwargs)
        if not ok or value is None:
            continue
        ok, validated = _validate(host, impl, hook, adapter, model, value)
        if not ok:
            continue
        if validated is not None:
            return validated  # type: ignore[no-any-return]
    return None


def collect_raw(host: PluginHost, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """For hooks whose results are checked by the caller (checklist paths): (plugin, value)."""
    out: list[tuple[str, Any]] = []
    for impl in _impls(host, hook):
        ok, value = _call(host, impl, hook, kwargs)
        if ok and value is not None:
            out.append((impl.plugin_name, value))
    return out


def _stamp(item: Any, plugin: str) -> Any:
    if isinstance(item, BaseModel) and "source" in type(item).model_fields:
        if getattr(item, "source", None) in (None, "core") and plugin != "core":
            return item.model_copy(update={"source": plugin})
    if isinstance(item, BaseModel) and "origin" in type(item).model_fields and plugin != "core":
        return item.model_copy(update={"origin": plugin})
    return item
