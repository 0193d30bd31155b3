"""The public API is real and is what the built-in plugins use; the command line and the
commands do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hiap.api
from tests.conftest import ROOT

pytestmark = pytest.mark.windows


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", hiap.api.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(hiap.api, name) is not None


def test_an_unknown_name_says_so() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        hiap.api.__getattr__("nothing_here")


@pytest.mark.parametrize("path", sorted((ROOT / "plugins").glob("hiap-*/src/**/*.py")), ids=lambda p: p.name)
def test_built_in_plugins_import_only_the_public_api(path: Path) -> None:
    own = path.parent.name
    for name in _imports(path):
        if name == "hiap" or name.startswith("hiap."):
            assert name in ("hiap", "hiap.api"), f"{path.relative_to(ROOT)} imports {name}"
        else:
            assert not name.startswith("hiap_") or name.split(".")[0] == own


def test_the_command_line_and_the_commands_do_not_import_each_other() -> None:
    assert not {n for n in _imports(ROOT / "hiap" / "cli.py") if n.startswith("hiap.commands")}
    for path in (ROOT / "hiap" / "commands").glob("*.py"):
        assert "hiap.cli" not in _imports(path), path.name


def test_hook_names_come_from_the_hookspecs() -> None:
    from hiap import hookspecs

    specs = [name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "hiap_spec")]
    assert sorted(hookspecs.HOOK_NAMES) == sorted(specs)
    assert "HOOK_NAMES: tuple[str, ...] = (\n" not in (ROOT / "hiap" / "hookspecs.py").read_text(encoding="utf-8")
