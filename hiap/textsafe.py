"""Text made safe for where it goes: a terminal, a spreadsheet cell.

Kept free of imports from the rest of hiap, so the error classes can use it too.
"""

from __future__ import annotations

import os
from pathlib import Path

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
#: that make text display in an order other than its own ("Trojan Source").
_TERMINAL_UNSAFE = {
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}
_TERMINAL_TABLE = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _TERMINAL_UNSAFE}


def for_terminal(text: str) -> str:
    """Text with control and escape sequences shown as ``\\x1b`` instead of acted on by the terminal.

    Lone surrogates (an undecodable file name) are shown as their bytes for the same reason: the
    terminal should print what is there, and printing must not fail.
    """
    cleaned = text.translate(_TERMINAL_TABLE)
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        cleaned = cleaned.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return cleaned


#: what opens a run of text displayed in another order (embeddings and overrides, then isolates),
#: and what ends it; a line break ends them all
_BIDI_OPEN = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"} | {
    "\u2066": "\u2069",
    "\u2067": "\u2069",
    "\u2068": "\u2069",
}
_BIDI = frozenset(_BIDI_OPEN) | frozenset(_BIDI_OPEN.values())


def bidi_closed(text: str) -> str:
    """Text whose right-to-left overrides, embeddings and isolates end where it ends.

    Pasted right-to-left text may carry these marks, and each must stay. But one left open
    (U+202E with no U+202C after it) reverses whatever a document prints after it on the same
    line, such as the meeting date after the decision maker: a spoofed date in a published
    appendix. Adding the missing ends (invisible, in Unicode's own order) keeps the text as typed
    and stops its effect at its last character.
    """
    if _BIDI.isdisjoint(text):
        return text
    return "\n".join(_closed_line(line) for line in text.split("\n"))


def _closed_line(line: str) -> str:
    open_: list[str] = []  # the end each open run needs, innermost last
    for ch in line:
        if ch in _BIDI_OPEN:
            open_.append(_BIDI_OPEN[ch])
        elif ch == "\u202c" and open_ and open_[-1] == "\u202c":
            open_.pop()
        elif ch == "\u2069" and "\u2069" in open_:  # an isolate's end also ends what opened inside it
            del open_[len(open_) - 1 - open_[::-1].index("\u2069") :]
    return line + "".join(reversed(open_))


def shown_path(path: Path | str) -> str:
    """A path as messages and reports show it: undecodable bytes and controls made visible."""
    return for_terminal(os.fspath(path))


def decodable(name: str) -> bool:
    """Whether a name from the file system is real text (not bytes smuggled in as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: What makes a spreadsheet read a cell as a formula (OWASP "CSV Injection"; ASVS 1.2.10): these
#: first characters, also after leading spaces, and their full-width forms, which some
#: spreadsheets fold to the same.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def for_spreadsheet(value: str) -> str:
    """A text cell that a spreadsheet shows as text: a leading ``'`` where it would start a formula.

    The quote is the OWASP remedy: Excel and LibreOffice take it as "this is text" and hide it.
    Applied to text only; numbers hiap writes as numbers are left as they are.
    """
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value
