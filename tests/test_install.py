"""Installing hiap: the lock make and CI install from, a wheel that carries the plugins and the
guides and builds without warnings, a core that cannot vanish unnoticed, and the resume line
after Ctrl-C that works where the user is."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;.*)? \\$")
EXAMPLE = ROOT / "examples" / "luton-temporary-accommodation.hiap.yaml"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock(name: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            pins[_norm(match.group(1))] = match.group(2)
            assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{name}: {line} has no hash"
    return pins


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_norm(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


@pytest.mark.windows
def test_the_lock_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    run, test = _lock("run.txt"), _lock("test.txt")
    assert _requirement_names(project["dependencies"]) | {"setuptools"} <= set(run)
    assert _requirement_names(project["optional-dependencies"]["test"]) | set(run) <= set(test)
    assert "pytest" not in run and "mypy" not in run and "ruff" not in run  # make run stays light
    assert all(test[name] == version for name, version in run.items()), "run.txt and test.txt disagree"


@pytest.mark.windows
def test_pylock_toml_pins_what_the_lock_pins() -> None:
    """pylock.toml (PEP 751) is the same resolution in the standard format: `make lock` writes both."""
    packages = tomllib.loads((ROOT / "pylock.toml").read_text(encoding="utf-8"))["packages"]
    assert {_norm(p["name"]): p["version"] for p in packages} == _lock("test.txt")


def test_make_and_ci_install_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements/run.txt" in makefile
    assert "--require-hashes --no-deps -r requirements/test.txt" in makefile
    assert "--no-build-isolation -e ." in makefile  # the build backend comes from the lock too
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test\n" in ci and "make test-latest" in ci


def test_this_environment_is_the_lock() -> None:
    """`make test` runs in a venv built from requirements/test.txt alone, so every locked
    release is the one installed; `make test-latest` is the run that may differ."""
    if os.environ.get("HIAP_TESTING_LATEST"):
        pytest.skip("make test-latest runs against the newest releases, not the lock")
    if not (Path(sys.prefix) / ".test-installed").exists():
        pytest.skip("not the environment make test builds from the lock")
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differ = {n: (v, installed.get(n)) for n, v in _lock("test.txt").items() if n in installed and installed[n] != v}
    assert not differ, differ


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """hiap's wheel, built from this checkout as a release would be, and the build's output."""
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "hiap"
    ignore = shutil.ignore_patterns(".venv*", ".git", "build", "*.egg-info", "__pycache__", "wheelhouse", ".*cache")
    shutil.copytree(ROOT, source, ignore=ignore)  # a clean copy: nothing left from an editable install
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (path,) = out.glob("hiap-*.whl")
    return path, built.stdout + built.stderr


def test_the_wheel_builds_without_packaging_warnings(wheel: tuple[Path, str]) -> None:
    _, log = wheel
    for warning in ("absent from the `packages` configuration", "cannot be found", "SetuptoolsDeprecationWarning"):
        assert warning not in log, warning


def test_the_wheel_carries_the_plugins_the_checklists_the_template_and_the_guides(wheel: tuple[Path, str]) -> None:
    path, _ = wheel
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    for plugin in ("housing", "transport", "employment", "evidence", "wales", "scotland"):
        assert f"hiap_{plugin}/__init__.py" in names
        assert f"{plugin} = hiap_{plugin}" in entry_points
    for name in ("hiap/checklists/core.yaml", "hiap/checklists/groups.yaml", "hiap/render/house.docx"):
        assert name in names
    assert "hiap_housing/housing.yaml" in names and "hiap_evidence/mapping.yaml" in names
    assert "hiap/scaffold/template/src/__PACKAGE__/__init__.py.tmpl" in names
    assert "hiap/scaffold/template/tests/test___NAME__.py.tmpl" in names
    guides = {n.rsplit("/", 1)[-1] for n in names if "/data/share/hiap/docs/" in n}
    assert {"configuration.md", "writing_plugins.md", "plugin_hooks.md", "local_evidence.md"} <= guides


def _venv_with_our_dependencies(folder: Path) -> Path:
    """A fresh venv that sees this environment's dependencies but not hiap itself (no .pth
    files of ours are read, so the editable install's finder stays out)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "dependencies-under-test.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def installed(wheel: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (not editable) in a fresh environment; its python."""
    python = _venv_with_our_dependencies(tmp_path_factory.mktemp("venv") / "env")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel[0])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return python


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(tmp_path / "no-config")}
    for name in ("HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS", "HIAP_CONFIG", "PYTHONPATH"):
        env.pop(name, None)
    return env


def test_installed_from_the_wheel_it_has_its_plugins_and_its_guides(installed: Path, tmp_path: Path) -> None:
    def hiap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed), "-m", "hiap", *args], capture_output=True, text=True, cwd=tmp_path, env=_env(tmp_path)
        )

    plugins = hiap("plugins")
    assert plugins.returncode == 0, plugins.stderr
    for name in ("housing", "transport", "employment", "evidence", "wales", "scotland"):
        assert re.search(rf"^{name} \d+\.\d+\.\d+ \(hiap\): ok$", plugins.stdout, re.M), plugins.stdout
    located = hiap("docs", "configuration", "--path")
    assert located.returncode == 0 and "share" in located.stdout and located.stdout.strip().endswith("configuration.md")
    assert hiap("docs", "configuration").stdout.startswith("# Configuration")
    rendered = hiap("render", str(EXAMPLE), "-o", str(tmp_path / "out.docx"))
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "out.docx").stat().st_size > 10_000


def test_python_dash_m_from_the_repository_root_with_an_installed_hiap_works(installed: Path, tmp_path: Path) -> None:
    """The source in the working folder shadows the installed package; it holds the whole of
    hiap, checklists included, so the run works and the document is the real one."""
    out = tmp_path / "from-root.md"
    result = subprocess.run(
        [str(installed), "-m", "hiap", "render", str(EXAMPLE.relative_to(ROOT)), "--format", "md", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Temporary Accommodation" in text and "## Findings by Marmot principle" in text  # the core's checklist
    assert "Housing findings" in text  # and the plugin's section: both loaded


COMMANDS = [
    ("render", str(EXAMPLE), "-o", "out.docx"),
    ("check", str(EXAMPLE)),
    ("checklists",),
    ("plugins",),
    ("assess", str(EXAMPLE), "--no-input"),
    ("diff", str(EXAMPLE), str(EXAMPLE)),
    ("portfolio", str(EXAMPLE), "-o", "out.md"),
    ("evidence", "copy.hiap.yaml"),
]


@pytest.mark.windows
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_without_its_own_checklist_every_command_stops_in_one_line(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hiap import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-config"))
    shutil.copy(EXAMPLE, tmp_path / "copy.hiap.yaml")
    (tmp_path / "empty").mkdir()
    monkeypatch.setattr("hiap.defaults.core._checklist_dir", lambda: tmp_path / "empty")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert cli.main(list(args)) == 2
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith("hiap: error: hiap's own checklist cannot be loaded")
    assert "reinstall hiap" in line and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no document written


@pytest.mark.windows
def test_a_broken_core_checklist_is_fatal_not_a_plugin_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hiap import cli

    folder = tmp_path / "core"
    shutil.copytree(ROOT / "hiap" / "checklists", folder)
    (folder / "core.yaml").write_text("id: core\nversion: [broken\n", encoding="utf-8")
    monkeypatch.setattr("hiap.defaults.core._checklist_dir", lambda: folder)
    monkeypatch.setenv("HIAP_CONFIG_DIR", str(tmp_path / "no-config"))
    assert cli.main(["render", str(EXAMPLE), "-o", str(tmp_path / "out.docx")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert f"{folder / 'core.yaml'}:" in line and "hiap's own checklist cannot be loaded" in line
    assert "not valid YAML" in line
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.windows
def test_new_answers_files_are_named_in_whole_words() -> None:
    from hiap.answers.answers_file import default_name

    name = default_name("King's Lynn and West Norfolk healthy weight supplementary planning document 2026")
    assert name == "king-s-lynn-and-west-norfolk-healthy-weight-supplementary.hiap.yaml"
    stem = name.removesuffix(".hiap.yaml")
    title_words = "king s lynn and west norfolk healthy weight supplementary planning document 2026".split()
    assert len(stem) <= 60 and all(word in title_words for word in stem.split("-"))
    assert default_name("Éducation: café Über") == "éducation-café-über.hiap.yaml"
    assert default_name("x" * 80) == "x" * 60 + ".hiap.yaml"  # one word longer than the limit


def _resume(tmp_path: Path, *, argv0: str, path_dirs: list[Path], env: dict[str, str] | None = None) -> str:
    code = (
        "import sys; from pathlib import Path; from hiap.console import resume_command; "
        f"sys.argv[0] = {argv0!r}; print(resume_command(Path('assessments/my decision.hiap.yaml')))"
    )
    full = {**os.environ, "PATH": os.pathsep.join(map(str, path_dirs)), **(env or {})}
    full.pop("HIAP_RESUME_COMMAND", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True
    ).stdout.strip()


def test_the_resume_line_works_where_the_user_is(tmp_path: Path) -> None:
    here = Path(sys.executable).parent
    script = here / "hiap"
    quoted = "'assessments/my decision.hiap.yaml'"
    make = _resume(tmp_path, argv0=str(script), path_dirs=[here], env={"HIAP_RESUME_COMMAND": "make run FILE={file}"})
    assert make == f"make run FILE={quoted}"
    assert _resume(tmp_path, argv0=str(script), path_dirs=[here]) == f"hiap assess {quoted}"
    assert _resume(tmp_path, argv0=str(script), path_dirs=[tmp_path]) == f"{script} assess {quoted}"
    module = _resume(tmp_path, argv0=str(ROOT / "hiap" / "__main__.py"), path_dirs=[tmp_path])
    assert module == f"{sys.executable} -m hiap assess {quoted}"


@pytest.mark.pty
def test_ctrl_c_under_make_run_is_a_clean_stop_with_the_make_command_to_resume(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    if shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "hiap").exists():
        pytest.skip("needs make and the checkout's .venv")
    answers = tmp_path / "draft.hiap.yaml"
    env = {**_env(tmp_path), "HIAP_PLUGINS": ""}
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    # -o: take the set-up as done (make test built .venv from the test lock)
    child = pexpect.spawn(
        "make",
        ["-s", "-C", str(ROOT), "-o", ".venv/.run-installed", "run", f"FILE={answers}"],
        env=env,
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=60,
    )
    try:
        child.expect_exact("What is the title of the decision?")
        time.sleep(0.5)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close(force=True)
    assert f"Resume with: make run FILE={answers}" in output
    assert "Error 130" not in output and "***" not in output and "Traceback" not in output
    assert child.exitstatus in (0, 130) or child.signalstatus is not None
