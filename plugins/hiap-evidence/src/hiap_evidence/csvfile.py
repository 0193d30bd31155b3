"""Reading CSV files as councils actually have them: streamed, checked, with row numbers.

Fingertips exports of a whole profile run to hundreds of megabytes, so rows are streamed and
only the ones needed are kept. Files re-saved by Excel may be Windows-1252 rather than UTF-8,
and asset registers saved as "Text (Tab delimited)" use tabs; both are accepted. Anything else
(binary, empty, cut short, a row with the wrong number of fields) is an ``InputError`` naming
the file and the line, so ``hiap evidence`` stops with exit 2 and says what to fix.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path

from hiap.api import InputError

#: Larger than any Fingertips profile export for every district in England.
MAX_BYTES = 1024 * 1024 * 1024
_CHUNK = 1024 * 1024


def check_file(path: Path, *, what: str, max_bytes: int) -> None:
    """Refuse what is not a readable, non-empty text file of a sane size."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(
            f"no such {what}", file=path, hint="check the file name under [plugins.evidence] in hiap.toml"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what} ({exc.strerror})", file=path) from None
    if path.is_dir():
        raise InputError(f"this is a folder, not a {what}", file=path, hint="name the CSV file itself")
    if size == 0:
        raise InputError(f"the {what} is empty", file=path, hint="export it again")
    if size > max_bytes:
        raise InputError(
            f"the {what} is {size / 1024 / 1024:.0f} MiB; the limit is {max_bytes // 1024 // 1024} MiB",
            file=path,
            hint="export only the profile and area type you need",
        )


def encoding_of(path: Path, *, what: str) -> str:
    """UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252 as Excel saves it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(_CHUNK):
            if first and b"\x00" in chunk[:8192]:
                raise InputError(
                    f"this is a binary file, not a {what}", file=path, hint="save or export it as CSV (comma separated)"
                )
            first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp1252"
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def rows(path: Path, *, what: str, max_bytes: int = MAX_BYTES, sniff: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every non-blank row, the header first.

    Every row must have as many fields as the header: a short or long row means the file was
    cut short or edited by hand, and guessing which column moved would put figures in the
    wrong place.
    """
    check_file(path, what=what, max_bytes=max_bytes)
    encoding = encoding_of(path, what=what)
    try:
        with path.open("r", encoding=encoding, newline="") as handle:
            delimiter = ","
            if sniff:
                first = handle.readline()
                if first.count("\t") > first.count(","):
                    delimiter = "\t"
                handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            width = 0
            start = 1
            try:
                for fields in reader:
                    line = start
                    start = reader.line_num + 1
                    if not any(fields) or (len(fields) == 1 and not fields[0].strip()):
                        continue  # a blank line, or a row of empty cells as spreadsheets leave
                    if not width:
                        width = len(fields)
                    elif len(fields) > width and not any(f.strip() for f in fields[width:]):
                        fields = fields[:width]  # a trailing comma, as some tools write
                    if len(fields) != width:
                        raise InputError(
                            f"this row has {len(fields)} fields but the header has {width}",
                            file=path,
                            line=line,
                            hint="the file may be cut short or edited by hand; export it again",
                        )
                    yield line, fields
            except csv.Error as exc:
                raise InputError(
                    f"not a readable CSV file ({exc})", file=path, line=reader.line_num or None, hint="export it again"
                ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is neither UTF-8 nor Windows-1252 text (byte {exc.start})",
            file=path,
            hint="save it as 'CSV UTF-8 (comma delimited)'",
        ) from None


def column_key(header: str) -> str:
    """A header reduced to letters and digits, so 'Area Name', 'AreaName' and 'area name' agree."""
    return re.sub(r"[^a-z0-9]", "", header.lower())
