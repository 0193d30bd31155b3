"""Plugins that exit, interrupt, print or fail half-way, installed for real and run through the CLI.

Each plugin below is a module plus a ``*.dist-info`` with an entry point in the ``hiap`` group,
on PYTHONPATH, so hiap finds it exactly as it finds an installed plugin. What it does wrong is
its failure: named on stderr, isolated from the other plugins and from hiap's own output; a real
Ctrl-C still stops hiap.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

GOOD = "format: 1\ndecision:\n  title: Library opening hours\n  kind: service_change\n"


def install(site: Path, name: str, source: str) -> None:
    """A plugin distribution ``hiap-NAME`` whose entry point ``NAME`` is the module ``NAME_plugin``."""
    site.mkdir(exist_ok=True)
    (site / f"{name}_plugin.py").write_text("from hiap import hookimpl\n" + source, encoding="utf-8")
    info = site / f"hiap_{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: hiap-{name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[hiap]\n{name} = {name}_plugin\n", encoding="utf-8")


def hiap(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "NO_COLOR": "1",
        "HIAP_CONFIG_DIR": str(folder / "no-config"),
        "PYTHONPATH": str(folder / "site"),
    }
    for name in ("HIAP_PLUGINS", "HIAP_DISABLE_PLUGINS", "HIAP_STRICT_PLUGINS", "HIAP_DEBUG"):
        full.pop(name, None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hiap", *args], cwd=folder, env=full, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "decision.hiap.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


HOOK = "@hookimpl\ndef score_principle(principle):\n    {body}\n"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("raise SystemExit(0)", "called sys.exit(0)"),
        ("import sys; sys.exit('bye')", "called sys.exit('bye')"),
        ("raise KeyboardInterrupt", "raised KeyboardInterrupt itself"),
        ("raise GeneratorExit", "GeneratorExit"),
        ("print('debugging', principle)", "printed to standard output"),
    ],
)
def test_a_plugin_that_exits_interrupts_or_prints_in_a_hook_is_named_and_isolated(
    folder: Path, body: str, said: str
) -> None:
    install(folder / "site", "rogue", HOOK.format(body=body))
    result = hiap(folder, "render", "decision.hiap.yaml", "--format", "json", "-o", "out.json")
    assert result.returncode == 0, result.stderr
    assert "plugin 'rogue' failed in score_principle" in result.stderr and said in result.stderr
    assert "debugging" not in result.stdout
    assert json.loads((folder / "out.json").read_text(encoding="utf-8"))["title"] == "Library opening hours"
    strict = hiap(folder, "render", "decision.hiap.yaml", "--format", "md", "-o", "strict.md", "--strict-plugins")
    assert strict.returncode == 2 and said in strict.stderr and not (folder / "strict.md").exists()


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("print('hello from the plugin')\n", "printed to standard output"),
        ("raise SystemExit(3)\n", "called sys.exit(3)"),
        ("raise KeyboardInterrupt\n", "raised KeyboardInterrupt itself"),
    ],
)
def test_a_plugin_that_prints_or_exits_at_import_does_not_break_json_output(
    folder: Path, source: str, said: str
) -> None:
    install(folder / "site", "noisy", source)
    result = hiap(folder, "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listed = {p["name"]: p for p in json.loads(result.stdout)}  # the whole of stdout is the JSON
    assert listed["noisy"]["status"] == "failed" and said in listed["noisy"]["error"]


def test_a_failing_output_format_plugin_leaves_the_previous_file_and_is_named(folder: Path) -> None:
    install(
        folder / "site",
        "rtfout",
        "from hiap.hookspecs_models import OutputFormat\n"
        "def _render(assessment, path, options):\n"
        "    with open(path, 'w') as handle:\n"
        "        handle.write('half a document')\n"
        "    raise RuntimeError('the RTF engine crashed')\n"
        "@hookimpl\n"
        "def output_formats():\n"
        "    return [OutputFormat(name='rtf', suffix='.rtf', description='Rich Text', render=_render)]\n",
    )
    previous = folder / "decision.rtf"
    previous.write_bytes(b"{\\rtf1 the version the committee has}\n")
    result = hiap(folder, "render", "decision.hiap.yaml", "--format", "rtf")
    assert result.returncode == 2, result.stderr
    assert "plugin 'rtfout' failed to write the 'rtf' format: RuntimeError: the RTF engine crashed" in result.stderr
    assert "the previous file is unchanged" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert previous.read_bytes() == b"{\\rtf1 the version the committee has}\n"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_an_output_format_plugin_that_succeeds_replaces_the_file_whole(folder: Path) -> None:
    install(
        folder / "site",
        "txtout",
        "from hiap.hookspecs_models import OutputFormat\n"
        "def _render(assessment, path, options):\n"
        "    assert str(path).endswith('.txt')\n"
        "    open(path, 'w').write(assessment.title + '\\n')\n"
        "@hookimpl\n"
        "def output_formats():\n"
        "    return [OutputFormat(name='txt', suffix='.txt', description='Text', render=_render)]\n",
    )
    result = hiap(folder, "render", "decision.hiap.yaml", "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert (folder / "decision.txt").read_text(encoding="utf-8") == "Library opening hours\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_a_real_ctrl_c_while_a_plugin_runs_still_stops_hiap(folder: Path) -> None:
    ready = folder / "ready"
    install(
        folder / "site",
        "slow",
        f"import time\n@hookimpl\ndef score_principle(principle):\n"
        f"    open({str(ready)!r}, 'w').close()\n    time.sleep(60)\n",
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(folder / "site"), "HIAP_CONFIG_DIR": str(folder / "x")}
    child = subprocess.Popen(
        [sys.executable, "-m", "hiap", "render", "decision.hiap.yaml", "-o", "out.md", "--format", "md"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert "failed in score_principle" not in err
    assert not (folder / "out.md").exists()


def test_a_plugin_checklist_path_that_is_a_named_pipe_is_refused_without_waiting(folder: Path) -> None:
    os.mkfifo(folder / "questions.yaml")
    install(
        folder / "site",
        "piped",
        f"@hookimpl\ndef checklist_sources(context):\n    return [{str(folder / 'questions.yaml')!r}]\n",
    )
    result = hiap(folder, "render", "decision.hiap.yaml", "--format", "md", "-o", "out.md")
    assert result.returncode == 0, result.stderr
    assert "plugin 'piped' failed in checklist_sources" in result.stderr
    assert "this is a named pipe, not a checklist" in result.stderr
