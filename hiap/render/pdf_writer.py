"""PDF: the Word appendix and its annex, converted by LibreOffice when it is installed.

The PDF is the Word document as LibreOffice lays it out, so it has the same pages, headings and
table structure; it is exported tagged, and as PDF/UA where LibreOffice can meet it, so a screen
reader finds the headings, tables and reading order. LibreOffice runs headless with a profile of
its own in a temporary folder, so a LibreOffice the user has open (which locks the usual profile)
neither blocks nor receives the conversion, and it is stopped if it takes too long.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hiap.errors import InputError
from hiap.models.assessment import Assessment

#: The export filter with its options as JSON (LibreOffice 7.4 and later): tagged PDF, and PDF/UA.
EXPORT_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"}}'
)
#: Seconds a conversion may take: a first start with a new profile takes 5 to 20 on a slow laptop.
TIMEOUT = 240
#: Where the installers put LibreOffice when it is not on the PATH.
_USUAL_PLACES = {
    "win32": [
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
        Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
        / "LibreOffice"
        / "program"
        / "soffice.exe",
    ],
    "darwin": [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")],
}
NOT_INSTALLED = (
    "PDF needs LibreOffice, which is not installed here; install it (Windows or macOS: from "
    "libreoffice.org; Debian or Ubuntu: sudo apt-get install libreoffice-writer) and run this again, "
    "or write Word with --format docx and save it as PDF from Word"
)


def find_soffice() -> str | None:
    """LibreOffice's command, on the PATH or where its installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in _USUAL_PLACES.get(sys.platform, []):
        if place.is_file():
            return str(place)
    return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and whatever it started (soffice starts soffice.bin)."""
    with contextlib.suppress(OSError):  # already gone
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    process.communicate()


def convert(soffice: str, documents: list[Path], outdir: Path) -> None:
    """Convert Word files to PDF in one LibreOffice run (its start-up is most of the time)."""
    profile = (outdir / "profile").as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        EXPORT_FILTER,
        "--outdir",
        str(outdir),
        *(str(d) for d in documents),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=os.name == "posix",
    )
    try:
        _, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise InputError(
            f"LibreOffice did not finish making the PDF within {TIMEOUT} seconds",
            field="--format",
            hint="try again, or write Word with --format docx and save it as PDF from Word",
        ) from None
    missing = [d for d in documents if not (outdir / (d.stem + ".pdf")).is_file()]
    if process.returncode != 0 or missing:
        said = " ".join(err.decode("utf-8", "replace").split())[-300:] or f"exit code {process.returncode}"
        raise InputError(
            f"LibreOffice could not make the PDF ({said})",
            field="--format",
            hint="check that LibreOffice opens, or write Word with --format docx and save it as PDF from Word",
        )


def write_pdf(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    """Write the appendix as ``path`` and its annex beside it, each whole, from the Word files
    written to a temporary folder."""
    from hiap.render.content import annex_path
    from hiap.render.docx_writer import write_docx
    from hiap.yamlio import atomic_write

    soffice = find_soffice()
    if soffice is None:
        raise InputError(NOT_INSTALLED, field="--format")
    work = Path(tempfile.mkdtemp(prefix="hiap-pdf-"))
    try:
        # named after the target, so the PDFs are too (LibreOffice keeps the name, changes the suffix)
        appendix = work / f"{path.stem}.docx"
        write_docx(a, appendix, options)
        documents = [appendix, annex_path(appendix)]
        convert(soffice, documents, work)
        atomic_write(path, (work / f"{path.stem}.pdf").read_bytes())
        atomic_write(annex_path(path), (work / f"{annex_path(appendix).stem}.pdf").read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
