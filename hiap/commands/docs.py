"""``hiap docs [GUIDE]``: the guides, read offline from the copy installed with hiap.

The wheel installs ``docs/*.md`` under ``share/hiap/docs`` in hiap's environment (found through
the distribution's own file list, so pipx, uv tool, user and system installs all work); a source
checkout reads its ``docs/`` folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hiap.errors import InputError, did_you_mean


def guide_folder() -> Path | None:
    """Where the guides are: the checkout's docs/ beside the package, else the installed copy."""
    import hiap

    checkout = Path(hiap.__file__).resolve().parent.parent / "docs"
    if (checkout / "configuration.md").is_file():
        return checkout
    from importlib import metadata

    try:
        files = metadata.files("hiap") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in files:
        parts = Path(str(entry)).parts
        if entry.name.endswith(".md") and parts[-3:-1] == ("hiap", "docs") and "share" in parts:
            return Path(str(entry.locate())).resolve().parent
    return None


def guides() -> dict[str, Path]:
    folder = guide_folder()
    if folder is None:
        return {}
    return {path.stem.replace("_", "-"): path for path in sorted(folder.glob("*.md"))}


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def cmd_docs(args: argparse.Namespace) -> int:
    found = guides()
    if not found:
        raise InputError(
            "the guides are not installed with this hiap",
            hint="reinstall hiap from the wheel, folder or git URL it came from (with pipx: pipx reinstall hiap)",
        )
    if args.guide is None:
        width = max(len(name) for name in found)
        print("Guides installed with hiap (hiap docs NAME prints one):")
        for name, file in found.items():
            print(f"  {name.ljust(width)}  {_title(file)}")
        print(f"They are in {next(iter(found.values())).parent}")
        return 0
    name = args.guide.strip().lower().replace("_", "-").removesuffix(".md")
    path = found.get(name)
    if path is None:
        hint = did_you_mean(name, found) or f"the guides are: {', '.join(found)}"
        raise InputError(f"no guide called '{args.guide}'", field="GUIDE", hint=hint)
    if args.path:
        print(path)
        return 0
    print(path.read_text(encoding="utf-8"), end="")
    return 0
