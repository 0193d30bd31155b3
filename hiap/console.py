"""Console output: one place for rich (imported lazily), NO_COLOR, and error lines."""

from __future__ import annotations

import os
import sys
from typing import Any

_console: Any = None
_err_console: Any = None


def console(stderr: bool = False) -> Any:
    """A rich Console, made on first use so ``hiap --help`` never imports rich."""
    global _console, _err_console
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR")) or plain_mode()
    if stderr:
        if _err_console is None:
            _err_console = Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)
        return _err_console
    if _console is None:
        _console = Console(no_color=no_color, highlight=False, soft_wrap=False)
    return _console


def plain_mode() -> bool:
    """Screen-reader friendly output: numbered choices, no redrawing, no colour."""
    return os.environ.get("HIAP_PLAIN", "") not in ("", "0", "false", "no")


def error(message: str) -> None:
    for line in message.splitlines() or [message]:
        print(f"hiap: error: {line}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"hiap: warning: {message}", file=sys.stderr)
