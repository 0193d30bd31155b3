"""What a path is before hiap reads or writes it, and every write made whole and in place.

Answers files live in shared network folders, templates come from intranets and outputs are
named on the command line, so no path is trusted to be what its name says:

- only regular files are read: a named pipe would block for ever, a device never ends, a folder
  or a socket is a mistake; each is refused with exit 2 naming the path;
- writes go to a temporary file beside the target, then replace it in one step. A symbolic link
  is written *through* (its target is replaced and the link stays a link, so a linked answers
  file is not split in two); devices, pipes, sockets and folders are refused; a read-only file is
  refused rather than replaced behind its owner's back; the old file's mode, owner and group are
  kept where the system allows; a new file gets the permissions the umask gives;
- on Windows a file open in Word or held by an antivirus scanner refuses to be replaced for a
  moment (PermissionError from ``os.replace``): the replace is retried for a while.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from hiap.errors import InputError
from hiap.textsafe import for_spreadsheet, for_terminal, shown_path

__all__ = ["for_spreadsheet", "for_terminal", "shown_path"]

#: How long a replace is retried while another program holds the target open (Windows).
REPLACE_PATIENCE_S = 10.0
#: Windows errors for a file in use: access denied, sharing violation, lock violation.
_IN_USE_WINERRORS = (5, 32, 33)


def article(what: str) -> str:
    return ("an " if what[:1].lower() in "aeiou" else "a ") + what


def kind_of(mode: int) -> str:
    """A node type in words, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a regular file"


def _not_regular(path: Path | str, mode: int, what: str, hint: str | None = None) -> InputError:
    return InputError(
        f"this is {kind_of(mode)}, not {article(what)}", file=path, hint=hint or "give the path of a file"
    )


def _open_error(path: Path | str, exc: OSError, what: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"no such {what}", file=path, hint="check the path")
    if exc.errno == errno.ELOOP:
        return InputError("this is a symbolic link that loops back on itself", file=path, hint="fix or remove the link")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"this is a folder, not {article(what)}", file=path)
    if exc.errno == errno.ENXIO:
        return InputError(f"this is a socket or a device, not {article(what)}", file=path)
    return InputError(f"cannot read the {what} ({exc.strerror or exc})", file=path)


def open_regular(path: Path | str, what: str) -> IO[bytes]:
    """Open a regular file for reading, refusing anything else without blocking on it.

    ``O_NONBLOCK`` makes opening a named pipe return at once instead of waiting for a writer;
    the node is then judged by ``fstat`` on what was opened, so it cannot be swapped in between.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not hasattr(os, "O_NONBLOCK"):  # Windows: no pipes in the file system to block on, but check first
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise _open_error(path, exc, what) from None
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, what)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(path, exc, what) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path | str, what: str, max_bytes: int) -> bytes:
    """A regular file's bytes, refusing one larger than ``max_bytes``."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise _open_error(path, exc, what) from None
    if size > max_bytes:
        raise InputError(
            f"the {what} is {size / 1024 / 1024:.1f} MiB; the limit is {max_bytes // 1024 // 1024} MiB",
            file=path,
            hint="check it is the right file",
        )
    with open_regular(path, what) as handle:
        try:
            data = handle.read(max_bytes + 1)  # one byte past the limit: a file may grow while read
        except OSError as exc:
            raise InputError(f"cannot read the {what} ({exc.strerror or exc})", file=path) from None
    if len(data) > max_bytes:
        raise InputError(
            f"the {what} is larger than the limit of {max_bytes // 1024 // 1024} MiB",
            file=path,
            hint="check it is the right file",
        )
    return data


# -- outputs --------------------------------------------------------------------------------------


def _read_only(path: Path, st: os.stat_result) -> bool:
    """No write permission bit at all (the Windows read-only attribute shows as this), or none for us.

    ``os.access`` alone is not enough: it says yes to root for every file.
    """
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


#: Where devices and the process's own descriptors live: ``/dev/stdout`` can lead to a regular
#: file (a shell's redirection), and replacing that would cut the shell's output off.
_SYSTEM_PLACES = ("/dev/", "/proc/", "/sys/")


def _special_place(path: Path | str) -> bool:
    if os.name == "nt":
        return False
    given = os.path.abspath(path)
    return any(p.startswith(_SYSTEM_PLACES) for p in (given + "/", os.path.realpath(path) + "/"))


def output_target(path: Path | str, what: str, field: str | None = None) -> Path:
    """The file that writing ``path`` will replace: through symbolic links, and only a regular file.

    Refuses a folder, device, pipe or socket, a link that loops, a read-only file and a missing
    folder, each with one line saying what to do.
    """
    if _special_place(path):
        raise InputError(
            f"this is a device or system file; hiap writes the {what} only to a regular file",
            file=path,
            field=field,
            hint="give a file name",
        )
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(
                "this is a symbolic link that loops back on itself",
                file=path,
                field=field,
                hint="fix or remove the link",
            ) from None
        raise InputError(f"cannot write the {what} ({exc.strerror or exc})", file=path, field=field) from None
    # through a link to what it names; otherwise the path as given (a relative path keeps working
    # in a folder whose parents this user may not look into)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if st is None:
        try:
            folder_ok = stat.S_ISDIR(os.stat(target.parent if str(target.parent) else ".").st_mode)
        except OSError:
            folder_ok = False
        if not folder_ok:
            raise InputError(
                "the folder to write in does not exist", file=path, field=field, hint="create it, or give another path"
            )
        return target
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"the {what} is a folder", file=path, field=field, hint="give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"this is {kind_of(st.st_mode)}; hiap writes the {what} only to a regular file",
            file=path,
            field=field,
            hint="give a file name",
        )
    if _read_only(target, st):
        raise InputError(
            f"the file is read-only, so hiap leaves the {what} as it is",
            file=path,
            field=field,
            hint="make the file writable if it should change, or choose another name",
        )
    return target


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file (through links, case-folding file systems, hard links)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_input_as_output(output: Path | str, inputs: Iterable[tuple[Path | str | None, str]], field: str) -> None:
    """An output that would replace one of the run's inputs is refused before anything is written."""
    for source, what in inputs:
        if source is not None and same_file(output, source):
            raise InputError(
                f"the output would overwrite the {what}", file=output, field=field, hint="choose another name for it"
            )


def _umask() -> int:
    """The process umask (read without changing it where the system tells it)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_metadata(fd: int, old: os.stat_result | None) -> None:
    """Give the new file the old one's mode, owner and group, or a new file's usual mode.

    mkstemp creates files readable by their owner only, which would lock colleagues out of an
    assessment kept in a shared folder. Changing the owner needs privileges and changing the group
    needs membership: what the system refuses is left as it is (the group is still tried alone).
    """
    if old is None:
        mode = 0o666 & ~_umask()
    else:
        mode = stat.S_IMODE(old.st_mode) & 0o777
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, mode)
    if old is None or not hasattr(os, "fchown"):
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, old.st_gid)
    if hasattr(os, "fchmod") and old.st_mode & (stat.S_ISUID | stat.S_ISGID) == 0:
        with contextlib.suppress(OSError):  # chown may clear bits; set the mode again
            os.fchmod(fd, mode)


def _in_use(exc: PermissionError) -> bool:
    return os.name == "nt" or getattr(exc, "winerror", None) in _IN_USE_WINERRORS


def replace(source: Path | str, target: Path | str, sleep: Callable[[float], None] = time.sleep) -> None:
    """``os.replace``, retried for up to ``REPLACE_PATIENCE_S`` while the target is held open.

    Word and antivirus scanners on Windows open files without sharing delete access, so replacing
    one fails with a sharing violation until they let go; POSIX systems never do this, and a
    PermissionError there is final (a folder that cannot be written).
    """
    deadline = time.monotonic() + REPLACE_PATIENCE_S
    delay = 0.05
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not _in_use(exc) or time.monotonic() >= deadline:
                raise
        sleep(delay)
        delay = min(delay * 2, 0.5)


def _temporary_beside(target: Path, suffix: str) -> tuple[int, Path]:
    """A new private file in the target's folder, named by the folder as given.

    ``tempfile.mkstemp`` makes the folder absolute first, which fails in a folder whose parents
    this user may not look into (a share mounted below a private home, say) though the folder
    itself is writable; the path as given works wherever the target does.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        candidate = target.parent / f".{target.name}.{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(candidate, flags, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


@contextlib.contextmanager
def replacing(
    path: Path | str, what: str, field: str | None = None, suffix: str = ".tmp"
) -> Iterator[tuple[int, Path]]:
    """Yield ``(fd, temporary path)`` beside the real target; on success it replaces the target.

    The caller writes (and may close) the descriptor; on any failure the temporary file goes and
    the old file is untouched.
    """
    target = output_target(path, what, field)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    fd, temporary = _temporary_beside(target, suffix)
    closed = False
    try:
        _keep_metadata(fd, old)
        yield fd, temporary
        with contextlib.suppress(OSError):
            os.close(fd)
        closed = True
        replace(temporary, target)
    except BaseException:
        if not closed:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write(path: Path | str, data: bytes, what: str = "file", field: str | None = None) -> None:
    """Replace ``path`` in one step; a crash leaves the old file or the new one, never half.

    The data is fsynced before the rename, so even a power cut cannot leave an empty file under
    the old name. The folder itself is not fsynced: that would double the cost of every save in
    the interview (about 8 ms on a virtual disk) to protect only the last rename, and a crash
    then costs at most the latest answer, never the file.
    """
    with replacing(path, what, field) as (fd, _temporary):
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
