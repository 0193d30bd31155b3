"""Checklist loading: safe YAML only, did-you-mean for misspelt keys, file:line messages,
unique ids, and `when` references checked at load time."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hiap.checklist.catalogue import build
from hiap.checklist.loader import load_checklist_file
from hiap.errors import InputError, InputErrors
from tests.conftest import FIXTURES, Run

HEAD = """\
id: core
version: "1"
title: T
sections:
  - id: s
    title: Section
    questions:
"""


def write(tmp_path: Path, body: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(body), "      "), encoding="utf-8")
    return path


def messages(tmp_path: Path, body: str, *, with_core: bool = False) -> list[str]:
    path = write(tmp_path, body)
    try:
        checklist = load_checklist_file(path)
        base = [load_checklist_file(FIXTURES / "mini" / "groups.yaml")]
        build(base + [checklist])
    except InputErrors as exc:
        return [e.format() for e in exc.errors]
    except InputError as exc:
        return [exc.format()]
    return []


Q = """\
- id: s.a
  text: Question A?
  help: Help that is long enough to teach.
  type: yesno
"""


def test_valid_checklist_loads(tmp_path: Path) -> None:
    assert messages(tmp_path, Q) == []


def test_misspelt_key_gets_did_you_mean_with_file_and_line(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q + "  hlep: typo\n")
    assert msg.startswith(f"{tmp_path / 'c.yaml'}:12: question 's.a': hlep: unknown key 'hlep'")
    assert "did you mean 'help'?" in msg


def test_wrong_question_type_suggests(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q.replace("type: yesno", "type: yesnoo"))
    assert "question 's.a': type" in msg and "did you mean 'yesno'?" in msg


def test_short_help_is_refused(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q.replace("Help that is long enough to teach.", "Short."))
    assert "question 's.a': help" in msg and "too short" in msg


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q + Q)
    assert "question id 's.a' is already used" in msg and ":12:" in msg


def test_condition_with_code_names_the_offending_part(tmp_path: Path) -> None:
    body = Q + Q.replace("s.a", "s.b") + "  when: \"__import__('os').system('rm -rf /') == 0\"\n"
    (msg,) = messages(tmp_path, body)
    assert "question 's.b': when" in msg and "__import__('os').system('rm -rf /')" in msg and ":12:" in msg


def test_condition_must_refer_to_an_earlier_question(tmp_path: Path) -> None:
    body = Q.replace("type: yesno", "type: yesno\n  when: s.b == yes") + Q.replace("s.a", "s.b")
    (msg,) = messages(tmp_path, body)
    assert "'s.b' is asked later" in msg


def test_condition_unknown_reference_suggests(tmp_path: Path) -> None:
    body = Q + Q.replace("s.a", "s.b").rstrip() + "\n  when: s.aa == yes\n"
    (msg,) = messages(tmp_path, body)
    assert "'s.aa' is not a question id" in msg and "did you mean 's.a'?" in msg


def test_condition_value_must_be_an_option(tmp_path: Path) -> None:
    choice = """\
- id: s.c
  text: Which?
  help: Help that is long enough to teach.
  type: choice
  options: [alpha, beta]
"""
    body = choice + Q.replace("s.a", "s.d").rstrip() + '\n  when: s.c == "alpah"\n'
    (msg,) = messages(tmp_path, body)
    assert "can never be 'alpah'" in msg and "did you mean 'alpha'?" in msg


def test_unknown_group_is_refused(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q + "  groups: [disabilty]\n")
    assert "unknown population group 'disabilty'" in msg and "did you mean 'disability'?" in msg


def test_rating_needs_a_scale(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q.replace("type: yesno", "type: rating"))
    assert "needs 'scale'" in msg


def test_option_score_must_be_an_impact(tmp_path: Path) -> None:
    body = Q.replace("type: yesno", "type: choice\n  options:\n    - {value: a, label: A, scores: {4: bad}}")
    (msg,) = messages(tmp_path, body)
    assert "score for principle 4 is 'bad'" in msg


def test_principle_out_of_range(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, Q + "  principles: [9]\n")
    assert "principles" in msg and "less than or equal to 8" in msg


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("- a\n- b\n", "top level of the checklist must be a mapping"),
        ("id: [unclosed\n", "not valid YAML"),
        ("!!python/object/apply:os.system ['id']\n", "tag"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("a: 1\na: 2\n", "'a' appears twice"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ],
)
def test_bad_yaml_is_a_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_checklist_file(path)
    assert expected in info.value.format()
    assert str(path) in info.value.format()


def test_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(InputError, match="binary"):
        load_checklist_file(binary)
    huge = tmp_path / "h.yaml"
    huge.write_text("a: " + "x" * (6 * 1024 * 1024), encoding="utf-8")
    with pytest.raises(InputError, match="limit is 5 MiB"):
        load_checklist_file(huge)


def test_plugin_ids_must_be_namespaced(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD.replace("id: core", "id: housing") + textwrap.indent(Q, "      "), encoding="utf-8")
    checklist = load_checklist_file(path, origin="housing")
    with pytest.raises(InputErrors) as info:
        build([checklist])
    assert "not in the plugin's namespace" in info.value.format() and "housing." in info.value.format()


def test_plugin_sections_go_after_screening(mini_with_sector) -> None:  # type: ignore[no-untyped-def]
    assert [s.id for s in mini_with_sector.sections][:3] == ["decision", "screening", "housing"]


def test_errors_name_the_file_the_question_came_from(tmp_path: Path) -> None:
    """Two files with the same origin (the core's groups and checklist): the second file is named."""
    groups = load_checklist_file(FIXTURES / "mini" / "groups.yaml")
    path = write(tmp_path, Q + "  groups: [disabilty]\n")
    with pytest.raises(InputErrors) as info:
        build([groups, load_checklist_file(path)])
    assert info.value.format().startswith(f"{path}:")


def test_every_checklist_hiap_ships_passes_check(hiap: Run) -> None:
    """A plugin author copies the shipped pattern and runs `hiap check` on it, as the guide says:
    the Wales and Scotland gate checklists (ids 'wales_gate', questions 'wales.*') must pass, as
    they load."""
    from tests.conftest import ROOT

    shipped = [*ROOT.glob("hiap/checklists/*.yaml")]
    for path in ROOT.glob("plugins/*/src/*/*.yaml"):
        if "sections:" in path.read_text(encoding="utf-8"):
            shipped.append(path)
    assert any(p.name == "gate.yaml" for p in shipped) and len(shipped) >= 9
    done = hiap("check", *map(str, shipped))
    assert done.returncode == 0, done.stderr
