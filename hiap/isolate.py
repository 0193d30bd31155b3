"""Running a plugin's code so that whatever it does is caught, named and kept away from hiap's output.

A plugin is third-party code inside hiap. Beyond raising an ordinary exception it may call
``sys.exit`` (``SystemExit``), raise ``KeyboardInterrupt`` or ``GeneratorExit`` itself, or print
(at import or in a hook), which would end a render with exit 0 and no document, or corrupt
``--json`` output. Each of these is a failure of that plugin, reported like any other.

A real Ctrl-C must still stop hiap. Python raises the same ``KeyboardInterrupt`` for the signal
as a plugin can raise by hand, so the first isolated call installs a SIGINT handler (only where
Python's default one is in place) that notes the signal before raising: a ``KeyboardInterrupt``
seen with that note is the user's, and goes on up; one without it is the plugin's.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
from collections.abc import Callable
from typing import Any

_installed = False
_signalled = False


def _on_sigint(signum: int, frame: Any) -> None:
    global _signalled
    _signalled = True
    raise KeyboardInterrupt


def _install() -> None:
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    with contextlib.suppress(ValueError, TypeError):
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _on_sigint)


def user_interrupted() -> bool:
    """Whether a KeyboardInterrupt came from the keyboard (or no handler could tell: assume it did)."""
    return _signalled or signal.getsignal(signal.SIGINT) is not _on_sigint


class Outcome:
    """What one plugin call gave, or how it failed. (A plain class: this module loads on every run.)"""

    def __init__(self, value: Any = None, error: str | None = None, exception: BaseException | None = None) -> None:
        self.value = value
        #: what went wrong, in words (``SystemExit: 0``), or None
        self.error = error
        self.exception = exception

    @property
    def ok(self) -> bool:
        return self.error is None


def describe(exc: BaseException) -> str:
    """One line for a report: what was raised, control characters made visible."""
    from hiap.safeio import for_terminal

    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r})"
    text = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return for_terminal(text.splitlines()[0] if text else type(exc).__name__)[:300]


def run(
    function: Callable[..., Any], *args: Any, passthrough: tuple[type[BaseException], ...] = (), **kwargs: Any
) -> Outcome:
    """Call plugin code; catch everything it raises (but a real Ctrl-C and ``passthrough``) and
    anything it prints to standard output, which is discarded and counts as a failure."""
    global _signalled
    _install()
    _signalled = False
    printed = io.StringIO()
    outcome = Outcome()
    try:
        with contextlib.redirect_stdout(printed):
            outcome.value = function(*args, **kwargs)
    except passthrough:
        raise
    except KeyboardInterrupt as exc:
        if user_interrupted():
            raise
        outcome = Outcome(error="raised KeyboardInterrupt itself (no key was pressed)", exception=exc)
    except BaseException as exc:  # noqa: BLE001 - SystemExit, GeneratorExit and every error are the plugin's
        outcome = Outcome(error=describe(exc), exception=exc)
    text = printed.getvalue()
    if outcome.ok and text.strip():
        from hiap.safeio import for_terminal

        shown = for_terminal(" ".join(text.split()))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        outcome = Outcome(error=f"printed to standard output, which is hiap's ({shown!r}); nothing it gave was used")
    return outcome


def reportable(outcome: Outcome) -> BaseException | str:
    """What to hand ``PluginHost.report``: the exception where its own words say what happened
    (so --debug can show its traceback), otherwise the words."""
    exc = outcome.exception
    if exc is not None and not isinstance(exc, KeyboardInterrupt):
        return exc
    return outcome.error or "failed"
