"""`hiap plugin new`: the scaffold installs like a third party's plugin, is listed, passes its own
tests as generated, and when broken on purpose is named without taking hiap down."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import Run


def _venv(tmp_path: Path) -> Path:
    """A fresh environment that sees hiap and its dependencies (as if pip-installed) and nothing else."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    purelib = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    ours = sorted({sysconfig.get_paths()["purelib"], *site.getsitepackages()})
    # addsitedir (not a bare path) so the editable install's own .pth finder is honoured too
    lines = [f"import site; site.addsitedir({folder!r})" for folder in ours]
    (purelib / "hiap-under-test.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return venv


def test_scaffold_installs_lists_passes_and_fails_gracefully(tmp_path: Path, hiap: Run) -> None:
    result = hiap("plugin", "new", "libraries", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plugin = tmp_path / "hiap-libraries"
    assert (plugin / "src" / "hiap_libraries" / "libraries.yaml").is_file()

    venv = _venv(tmp_path)
    python = str(venv / "bin" / "python")
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(tmp_path / "cfg")}
    env.pop("HIAP_PLUGINS", None)
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(plugin)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert install.returncode == 0, install.stderr

    listed = subprocess.run([python, "-m", "hiap", "plugins", "--json"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0, listed.stderr
    record = next(p for p in json.loads(listed.stdout) if p["name"] == "libraries")
    assert record["status"] == "ok" and record["error"] is None and record["version"] == "0.1.0"
    assert {"checklist_sources", "document_sections"} <= set(record["hooks"])

    questions = subprocess.run([python, "-m", "hiap", "checklists", "--json"], capture_output=True, text=True, env=env)
    checklists = {c["id"]: c for c in json.loads(questions.stdout)}
    grid, question = checklists["libraries"]["sections"][0]["questions"]
    assert grid["id"] == "libraries.changes" and grid["type"] == "multi"
    assert question["id"] == "libraries.access_barriers" and question["sources"]

    tests = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(plugin / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=plugin,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout

    # break the module on purpose: hiap carries on, names it, shows no traceback
    init = plugin / "src" / "hiap_libraries" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "\nraise ImportError('broken on purpose')\n", encoding="utf-8")
    broken = subprocess.run([python, "-m", "hiap", "checklists"], capture_output=True, text=True, env=env)
    assert broken.returncode == 0
    assert "plugin 'libraries' failed in import: ImportError: broken on purpose" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert "Marmot" in broken.stdout
    listed = subprocess.run([python, "-m", "hiap", "plugins", "--json"], capture_output=True, text=True, env=env)
    record = next(p for p in json.loads(listed.stdout) if p["name"] == "libraries")
    assert record["status"] == "failed" and record["error"] == "ImportError: broken on purpose"
    strict = subprocess.run(
        [python, "-m", "hiap", "checklists", "--strict-plugins"], capture_output=True, text=True, env=env
    )
    assert strict.returncode == 2 and "strict mode" in strict.stderr


@pytest.mark.parametrize("name", ["Bad-Name", "core", "p3", "x"])
def test_bad_plugin_names_are_refused(tmp_path: Path, hiap: Run, name: str) -> None:
    result = hiap("plugin", "new", name, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("hiap: error: NAME: ")
    assert not list(tmp_path.glob("hiap-*"))


def test_existing_folder_is_never_overwritten(tmp_path: Path, hiap: Run) -> None:
    (tmp_path / "hiap-libraries").mkdir()
    result = hiap("plugin", "new", "libraries", cwd=tmp_path)
    assert result.returncode == 2 and "already exists" in result.stderr


def test_a_name_with_an_underscore_is_one_spelling_for_folder_and_distribution(tmp_path: Path, hiap: Run) -> None:
    """`hiap plugin new social_care` makes hiap-social-care/, and the package is hiap-social-care
    too (it was hiap-social_care, so `hiap plugins` named something the user could not find)."""
    done = hiap("plugin", "new", "social_care", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    project = (tmp_path / "hiap-social-care" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "hiap-social-care"' in project and 'social_care = "hiap_social_care"' in project
