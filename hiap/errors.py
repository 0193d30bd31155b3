"""The error types every stage raises, and the exit codes of the product contract.

One error class for bad input (``InputError``, exit 2) carries the file, line and field so the
CLI can print the one-line message users act on; anything else that escapes is a bug (exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    BUG = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


class HiapError(Exception):
    """Base of hiap's own errors."""

    exit_code: ExitCode = ExitCode.BUG


class InputError(HiapError):
    """Bad input: a file, a field or an option. Always names where, what and what to do."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        """The one line users see. It quotes file names and values from files, so control and
        escape sequences in them are shown, not acted on by the terminal."""
        from hiap.textsafe import for_terminal

        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        parts = [p for p in (where, self.field) if p]
        text = self.message.rstrip(".")
        if self.hint:
            text += f"; {self.hint.rstrip('.')}"
        return for_terminal((": ".join(parts) + ": " if parts else "") + text)


class InputErrors(InputError):
    """Several independent problems found in one pass (``hiap check`` lists them all)."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, field=first.field, hint=first.hint)

    def format(self) -> str:
        return "\n".join(e.format() for e in getattr(self, "errors", []))


class PluginError(HiapError):
    """A plugin failed; raised only in strict mode, otherwise recorded and reported."""

    exit_code = ExitCode.BAD_INPUT


class Interrupted(HiapError):
    """The officer pressed Ctrl-C; everything answered so far has been saved."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, path: Path | None) -> None:
        self.path = path
        super().__init__("interrupted")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest valid choice, for misspelt keys and values."""
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None
