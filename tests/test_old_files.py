"""Answers files written with checklist 1.0.0 keep working: they check, outline and render, and a
resumed one is carried to 2.0.0, says so, and asks only what is new."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from hiap.answers import answers_file
from hiap.checklist.route import route
from hiap.errors import Interrupted
from hiap.interview.prompter import PlainPrompter
from hiap.interview.session import Session
from hiap.pipeline import assess, open_engine
from tests.conftest import FIXTURES, ROOT, Run

V1 = sorted((FIXTURES / "v1").glob("*.hiap.yaml"))


@pytest.mark.parametrize("path", V1, ids=lambda p: p.name)
def test_an_old_file_checks_outlines_and_renders(hiap: Run, path: Path, tmp_path: Path) -> None:
    checked = hiap("check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "OK" in checked.stdout
    outlined = hiap("outline", str(path))
    assert outlined.returncode == 0 and "Full assessment" in outlined.stdout, outlined.stderr
    out = tmp_path / "old.md"
    rendered = hiap("render", str(path), "--format", "md", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    text = out.read_text(encoding="utf-8")
    assert answers_file.load(path).title.split(":")[0] in text
    assert path.read_bytes() == (FIXTURES / "v1" / path.name).read_bytes()  # rendering changes nothing
    # each was signed off complete under 1.0: it renders as signed off, not as a draft of 2.0
    assert "(draft)" not in text and "| Status | Approved |" in text
    assert "No conclusion has been reached" not in text and "Not yet described" not in text
    assert "so the" in text and "they did not ask are not gaps in it" in text  # the annex says why


def test_a_resumed_old_file_is_carried_and_asks_only_what_is_new(tmp_path: Path) -> None:
    engine = open_engine(only="", entry_points=False)
    path = tmp_path / "old.hiap.yaml"
    shutil.copy(FIXTURES / "v1" / "kings-lynn-healthy-weight-planning.hiap.yaml", path)
    before = answers_file.load(path).values()
    out = io.StringIO()
    prompter = PlainPrompter(stdin=io.StringIO(""), stdout=out)
    session = Session(engine.catalogue, prompter, assess=lambda a: assess(a, engine), by="Officer")
    session.open(path)
    with pytest.raises(Interrupted):
        session.run()  # the input ends at the first new question
    shown = out.getvalue()
    assert "This file was answered with an earlier checklist (groups 1.0.0 → 1.2.0; core 1.0.0 → 2.0.0)" in shown
    saved = answers_file.load(path)
    assert saved.checklists["core"] == "2.0.0"
    assert [e.event for e in saved.events][-2:] == ["upgraded", "resumed"]
    # every answer of the old file is still there: carried under its new id, or kept as it was
    carried = saved.values()
    for qid, value in before.items():
        kept = qid in carried or any(v == value or (isinstance(v, str) and str(value) in v) for v in carried.values())
        collected = qid.endswith(".relevant") and carried.get("screening.principles")
        assert kept or collected, qid
    upcoming = route(engine.catalogue, carried).next()
    assert upcoming is not None and upcoming.id not in before  # only what is new is asked


@pytest.mark.parametrize(
    ("line", "typed", "said"),
    [
        ("  meeting_date: '2027-02-15'", "  meeting_date: '2027-02-30'", "'2027-02-30' is not a date"),
        ("  p3.effect: minor_negative", "  p3.efect: minor_negative", "no question has the id 'p3.efect'"),
        ("  p3.effect: minor_negative", "  p3.effect: terrible", "'terrible' is not one of the options"),
    ],
)
def test_a_mistake_is_named_though_another_checklist_is_older(
    hiap: Run, tmp_path: Path, line: str, typed: str, said: str
) -> None:
    """A file answered under an older transport bank is carried to the new one, but a mistake in
    the core's answers (current) is still a mistake: ``check`` names it, and it is not moved to
    ``kept`` where the document would quietly leave it out."""
    source = ROOT / "examples" / "luton-evening-bus-subsidy-rapid.hiap.yaml"
    text = source.read_text(encoding="utf-8")
    assert "  transport: 2.0.0\n" in text and line + "\n" in text  # the bank is older than installed
    path = tmp_path / "mistake.hiap.yaml"
    path.write_text(text.replace(line + "\n", typed + "\n", 1), encoding="utf-8")
    checked = hiap("check", str(path))
    assert checked.returncode == 2 and said in checked.stderr, checked.stdout + checked.stderr


def test_a_group_no_longer_defined_is_kept_when_the_groups_checklist_is_older(hiap: Run, tmp_path: Path) -> None:
    """The core asks which groups are affected, but the groups checklist offers them: when that
    checklist is the older one, a group it no longer defines is history to keep, not a mistake."""
    source = ROOT / "examples" / "blaenau-gwent-post16-travel.hiap.yaml"
    text = source.read_text(encoding="utf-8")
    line = "  groups.adverse: [low_income, children_young_people]\n"
    assert 'groups: "1.1.0"' in text and line in text
    path = tmp_path / "old-groups.hiap.yaml"
    path.write_text(text.replace(line, line.replace("]", ", gone_group]"), 1), encoding="utf-8")
    checked = hiap("check", str(path))
    assert checked.returncode == 0, checked.stderr
    dry = hiap("upgrade", "--dry-run", str(path))
    assert "groups.adverse: gone_group. The option is not offered now." in dry.stdout, dry.stdout + dry.stderr
    current = tmp_path / "current-groups.hiap.yaml"
    current.write_text(path.read_text(encoding="utf-8").replace('groups: "1.1.0"', 'groups: "1.2.0"'), encoding="utf-8")
    checked = hiap("check", str(current))
    assert checked.returncode == 2 and "'gone_group' is not one of the options" in checked.stderr


def test_a_mistake_in_a_carried_banks_answer_is_named_and_kept_in_the_record(hiap: Run, tmp_path: Path) -> None:
    """A mistyped option in an answer given under the older transport bank cannot be told from a
    withdrawn one, so it is set aside, not refused: check says so, and the annex lists it among
    the answers that no longer count (it vanished from every output)."""
    source = ROOT / "examples" / "luton-evening-bus-subsidy-rapid.hiap.yaml"
    text = source.read_text(encoding="utf-8")
    line = "  transport.bus_services: cuts\n"
    assert line in text and "  transport: 2.0.0\n" in text
    path = tmp_path / "typo.hiap.yaml"
    path.write_text(text.replace(line, line.replace("cuts", "cutz"), 1), encoding="utf-8")
    checked = hiap("check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "transport.bus_services: 'cutz' no longer counts: the option 'cutz' is not offered now" in checked.stderr
    out = tmp_path / "typo.md"
    assert hiap("render", str(path), "--format", "md", "-o", str(out)).returncode == 0
    assert "| cutz | the option 'cutz' is not offered now (given under transport 2.0.0) |" in out.read_text("utf-8")


def test_a_file_from_a_newer_checklist_says_so(hiap: Run, tmp_path: Path) -> None:
    """Answered under a newer core than the one installed: valid, but some answers may not show,
    and the fix is to upgrade hiap, so check and render both say so (exit 0)."""
    source = ROOT / "examples" / "blaenau-gwent-post16-travel.hiap.yaml"
    text = source.read_text(encoding="utf-8")
    assert 'core: "2.0.0"' in text
    path = tmp_path / "newer.hiap.yaml"
    path.write_text(text.replace('core: "2.0.0"', 'core: "99.0.0"'), encoding="utf-8")
    said = "answered under core 99.0.0, newer than the 2.0.0 installed here"
    checked = hiap("check", str(path))
    assert checked.returncode == 0 and said in checked.stderr, checked.stderr
    rendered = hiap("render", str(path), "-o", str(tmp_path / "n.md"))
    assert rendered.returncode == 0 and said in rendered.stderr, rendered.stderr
    assert said not in hiap("check", str(source)).stderr
