"""``python -m hiap`` behaves exactly like the ``hiap`` command.

Run from a checkout's root, ``python -m`` imports the source in this folder ahead of an
installed hiap. That works (the source holds everything hiap needs, checklists included), but if
the two are different versions, say so in one line rather than leave the difference to surprise.
"""

import os
import sys
from pathlib import Path

import hiap
from hiap.cli import main


def _shadowing_note() -> str | None:
    here = Path(os.getcwd()).resolve()
    if Path(hiap.__file__).resolve().parent.parent != here:
        return None
    from importlib import metadata

    elsewhere = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != here]
    installed = next(iter(metadata.distributions(name="hiap", path=elsewhere)), None)
    if installed is None or installed.version == hiap.__version__:
        return None
    return (
        f"running the hiap source in this folder ({hiap.__version__}), not the installed hiap "
        f"{installed.version}, because 'python -m' looks in the current folder first; run the "
        "'hiap' command, or python -m hiap from another folder, to use the installed one"
    )


if __name__ == "__main__":
    note = _shadowing_note()
    if note:
        print(f"hiap: warning: {note}", file=sys.stderr)
    raise SystemExit(main())
