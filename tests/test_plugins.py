"""The plugin system: every hook works, every failure is attributed and isolated, and plugins
can be chosen, disabled and listed. In-process tests use the mini checklist as the core's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hiap import hookimpl, pipeline
from hiap.errors import PluginError
from hiap.hookspecs import HOOK_NAMES
from hiap.models.answers import Answer, AnswersFile
from hiap.render.markdown_writer import to_markdown
from tests.conftest import FIXTURES, Run
from tests.plugin_fixtures import GoodPlugin, OverridingCombiner, raising, wrong_shape


@pytest.fixture(autouse=True)
def mini_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the core plugin offer the small test checklist instead of the real one."""
    monkeypatch.setattr("hiap.defaults.core._checklist_dir", lambda: FIXTURES / "mini")


def engine(*plugins: tuple[str, object], strict: bool = False) -> pipeline.Engine:
    from hiap.config import Config

    return pipeline.open_engine(only="", extra=list(plugins), strict=strict, entry_points=False, config=Config())


def answers(**values: Any) -> AnswersFile:
    a = AnswersFile()
    base = {
        "decision.title": "Test",
        "decision.kind": "policy",
        "screening.route": "full",
        "screening.sectors": ["other"],
        "p4.relevant": True,
        "p4.effect": "minor_negative",
    }
    for key, value in {**base, **{k.replace("__", "."): v for k, v in values.items()}}.items():
        a.set(key, Answer(value=value))
    return a


def test_hook_checklist_sources() -> None:
    e = engine(("good", GoodPlugin()))
    assert e.catalogue.by_id["good.ta"].origin == "good"
    assert [s.id for s in e.catalogue.sections][:3] == ["decision", "screening", "good"]


def test_hook_checklist_sources_bad_yaml_is_the_plugins_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nversion: '1'\ntitle: Bad\nsections:\n  - id: bad\n    title: B\n    questions:\n"
        "      - {id: bad.q, text: Question?, help: Long enough help text here., type: yesno, "
        "when: \"__import__('os')\"}\n",
        encoding="utf-8",
    )

    class BadYaml:
        @hookimpl
        def checklist_sources(self) -> list[Path]:
            return [bad]

    e = engine(("bad", BadYaml()))
    assert "bad.q" not in e.catalogue.by_id and "p4.effect" in e.catalogue.by_id
    (problem,) = e.host.problems
    assert problem.plugin == "bad" and problem.hook == "checklist_sources"
    assert "__import__('os')" in problem.error and str(bad) in problem.error


def test_hook_question_guidance() -> None:
    e = engine(("good", GoodPlugin()))
    found = pipeline.guidance(e, e.catalogue.by_id["p4.relevant"])
    assert [(g.title, g.source) for g in found] == [("Local cost-of-living data", "good")]
    assert pipeline.guidance(e, e.catalogue.by_id["p4.effect"]) == []


def test_hook_score_principle() -> None:
    e = engine(("good", GoodPlugin()))
    a = pipeline.assess(answers(), e)
    # a plugin's score travels with the principle (the interview offers it before the assessor
    # rates), but it is never the rating of record: principle 6 stays unrated until the assessor rates it
    assert a.principle(6).rating == "not_assessed"
    assert a.principle(6).contributions[0].source == "good"


def test_sector_scores_from_plugin_yaml_count() -> None:
    e = engine(("good", GoodPlugin()))
    a = pipeline.assess(answers(good__ta="increases"), e)
    # the assessor's minor negative is the rating of record; the answer agrees in direction
    assert (a.principle(4).rating, a.principle(4).size) == ("negative", "minor")
    assert [c.kind for c in a.principle(4).contributions] == ["rating", "answer"]
    assert {c.source for c in a.principle(4).contributions} == {"core", "good"}


def test_hook_combine_scores() -> None:
    e = engine(("council", OverridingCombiner()))
    a = pipeline.assess(answers(), e)
    assert a.principle(2).rating == "uncertain"  # the council's tryfirst combiner
    assert a.principle(4).rating == "negative"  # deferred to the core's for the others


def test_hook_suggest_mitigations() -> None:
    e = engine(("good", GoodPlugin()))
    a = pipeline.assess(answers(), e)
    assert ("good.leaflet", "good") in [(m.id, m.source) for m in a.mitigations]


def test_hook_local_evidence() -> None:
    e = engine(("good", GoodPlugin()))
    items = pipeline.local_evidence(e, answers())
    assert [(i.label, i.origin) for i in items] == [("Life expectancy at birth (male)", "good")]
    a = answers()
    pipeline.snapshot_evidence(a, items, taken="2026-11-01", area_code="E07000146")
    assert pipeline.assess(a, e).evidence[0].value == "72.5"


def test_hook_document_sections() -> None:
    e = engine(("good", GoodPlugin()))
    text = to_markdown(pipeline.assess(answers(), e))
    assert "## Good plugin section" in text and "Seen 8 principles." in text
    assert text.index("## People affected") < text.index("## Good plugin section") < text.index("## Action plan")


def test_hook_output_formats(tmp_path: Path) -> None:
    e = engine(("good", GoodPlugin()))
    formats = pipeline.output_formats(e)
    assert {"docx", "md", "json", "txt"} <= set(formats)
    out = tmp_path / "x.txt"
    formats["txt"].render(pipeline.assess(answers(), e), out, {})
    assert out.read_text(encoding="utf-8") == "TXT Test\n"


def test_duplicate_output_format_is_the_later_plugins_problem() -> None:
    from hiap.hookspecs_models import OutputFormat

    class Dup:
        @hookimpl
        def output_formats(self) -> list[OutputFormat]:
            return [OutputFormat(name="md", suffix=".md", description="again", render=lambda *a: None)]

    e = engine(("dup", Dup()))
    assert pipeline.output_formats(e)["md"].source == "core"
    assert e.host.problems[0].plugin == "dup" and "already registered by core" in e.host.problems[0].error


def test_hook_check_settings() -> None:
    from hiap.config import Config
    from hiap.errors import InputError

    config = Config(path=Path("/srv/hiap.toml"), plugins={"good": {"colour": "blue"}}, lines={"plugins.good.colour": 4})
    with pytest.raises(InputError) as caught:
        pipeline.open_engine(only="", extra=[("good", GoodPlugin())], entry_points=False, config=config)
    assert caught.value.format() == "/srv/hiap.toml:4: plugins.good.colour: 'blue' is not a colour; use red or green"
    config.plugins["good"]["colour"] = "red"
    e = pipeline.open_engine(only="", extra=[("good", GoodPlugin())], entry_points=False, config=config)
    assert e.host.problems == []


def test_hook_register_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from hiap.cli import build_parser
    from hiap.commandline import CommandLine, plugin_commands

    class Clash:
        @hookimpl
        def register_commands(self, cli: Any) -> None:
            cli.add_command("render", help="take over render", run=lambda args: 0)
            cli.add_command("hello", help="take over another plugin's command", run=lambda args: 0)
            cli.add_command("clash-ok", help="a command of its own", run=lambda args: 0)

    e = engine(("zclash", Clash()), ("good", GoodPlugin()))  # called in reverse: good first
    cli = CommandLine()
    parser = build_parser(cli)
    plugin_commands(e.host, cli)
    assert {name: c.plugin for name, c in cli.commands.items()} == {"hello": "good", "clash-ok": "zclash"}
    errors = sorted(p.error for p in e.host.problems if p.plugin == "zclash")
    assert errors == [
        "command 'hello' is already added by good; this one is left out",
        "command 'render' is already added by hiap itself; this one is left out",
    ]
    args = parser.parse_args(["hello", "--name", "Luton", "--debug"])  # a global option after the command
    assert cli.commands[args._plugin_command].run(args) == 3
    assert capsys.readouterr().out == "Hello, Luton!\n"
    assert "say hello (from plugin 'good')" in parser.format_help()


def _run_all_hooks(e: pipeline.Engine) -> None:
    from hiap.commandline import plugin_commands

    plugin_commands(e.host)
    pipeline.check_settings(e.host, e.context)
    a = pipeline.assess(answers(), e)
    pipeline.guidance(e, e.catalogue.by_id["p4.relevant"])
    pipeline.local_evidence(e, answers())
    pipeline.output_formats(e)
    to_markdown(a)


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_a_plugin_that_raises_in_any_hook_is_named_and_isolated(hook: str) -> None:
    e = engine(("good", GoodPlugin()), (f"bad_{hook}", raising(hook)))
    _run_all_hooks(e)
    mine = [p for p in e.host.problems if p.plugin == f"bad_{hook}"]
    assert len(mine) == 1, e.host.problems
    assert mine[0].hook == hook and f"RuntimeError: boom in {hook}" == mine[0].error
    assert mine[0].traceback and "boom in" in mine[0].traceback
    assert "good.ta" in e.catalogue.by_id  # the good plugin still contributes
    a = pipeline.assess(answers(), e)
    assert any(c.source == "good" for c in a.principle(6).contributions)  # the good plugin still scores
    assert ("bad_" + hook, "failed") in [(p.name, p.status) for p in a.plugins]


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_a_plugin_returning_the_wrong_shape_is_named_and_isolated(hook: str) -> None:
    e = engine(("good", GoodPlugin()), (f"wrong_{hook}", wrong_shape(hook)))
    _run_all_hooks(e)
    mine = [p for p in e.host.problems if p.plugin == f"wrong_{hook}"]
    assert len(mine) == 1, e.host.problems
    assert mine[0].hook == hook
    assert "wrong shape" in mine[0].error or "expected a file path" in mine[0].error
    assert any(c.source == "good" for c in pipeline.assess(answers(), e).principle(6).contributions)


def test_strict_mode_turns_a_plugin_failure_into_an_error() -> None:
    with pytest.raises(PluginError, match="plugin 'bad' failed in score_principle: RuntimeError: boom"):
        e = engine(("bad", raising("score_principle")), strict=True)
        pipeline.assess(answers(), e)


def test_misspelt_hook_name_is_caught_with_a_suggestion() -> None:
    class Typo:
        @hookimpl
        def score_principles(self, principle: int) -> None:
            return None

    e = engine(("typo", Typo()))
    record = e.host.records["typo"]
    assert record.status == "failed"
    assert "unknown hook 'score_principles' (did you mean 'score_principle'?)" in (record.error or "")


def test_plugin_for_another_hook_api_version_gets_a_clear_message() -> None:
    class Future:
        HIAP_HOOK_API = 2

    e = engine(("future", Future()))
    assert e.host.records["future"].status == "failed"
    assert "built for hiap hook API 2, but this hiap provides API 1" in (e.host.records["future"].error or "")


def test_wrappers_are_refused() -> None:
    class Wrapper:
        @hookimpl(wrapper=True)
        def score_principle(self, principle: int) -> Any:
            return (yield)

    e = engine(("wrap", Wrapper()))
    assert "wrapper" in (e.host.records["wrap"].error or "")


def test_hookspecs_have_argument_docs_and_are_documented() -> None:
    import inspect

    from hiap import hookspecs

    docs = (Path(__file__).parent.parent / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
    for name in HOOK_NAMES:
        spec = getattr(hookspecs, name)
        args = list(inspect.signature(spec).parameters)
        assert f"## {name}({', '.join(args)})" in docs, f"docs/plugin_hooks.md lacks a heading for {name}"
        for arg in args:
            assert f":param {arg}:" in (spec.__doc__ or ""), f"{name} does not document {arg}"


def test_every_hook_has_a_test() -> None:
    tests = {name for name in globals() if name.startswith("test_hook_")}
    for hook in HOOK_NAMES:
        assert f"test_hook_{hook}" in tests, f"no test_hook_{hook}"


def test_test_kit_reports_what_a_thin_question_bank_lacks() -> None:
    from hiap.testing.kit import ContractError, PluginKit

    kit = PluginKit("good", plugin=GoodPlugin())
    problems = kit.bank_problems()
    assert "only 1 questions; a sector bank needs at least 8" in problems
    assert "only 0 indicators; name at least 5" in problems
    assert any("good.ta" in p and "names no sources" in p for p in problems)
    with pytest.raises(ContractError, match="question bank"):
        kit.assert_question_bank()


def test_a_switched_off_builtin_plugin_does_not_show_hiaps_version_as_its_own(hiap: Run) -> None:
    """Built-in plugins ship inside hiap's wheel with versions of their own (transport 2.1.0),
    known only once imported: switched off, the list says no version rather than hiap's."""
    import json

    from hiap import __version__

    off = {p["name"]: p for p in json.loads(hiap("--plugins", "", "plugins", "--json").stdout)}
    on = {p["name"]: p for p in json.loads(hiap("plugins", "--json").stdout)}
    assert off["transport"]["status"] == "disabled" and off["transport"]["version"] is None
    assert on["transport"]["version"] not in (None, __version__)
    shown = hiap("--plugins", "", "plugins").stdout
    assert "transport (hiap): switched off" in shown and f"transport {__version__}" not in shown
