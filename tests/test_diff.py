"""``hiap diff``: differences in words for a committee report, JSON for machines, nothing for
identical files, and exit 2 for a file that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiap import yamlio
from hiap.answers import answers_file
from hiap.assessment.diff import Change, compare, shorten, to_text
from hiap.config import Config
from hiap.models.answers import Answer
from hiap.pipeline import Engine, assess, open_engine
from tests.conftest import Run

BASE = """\
format: 1
decision:
  title: Bus fare changes
  kind: [policy]
  summary: Raise adult bus fares by 10 per cent from April to keep the network running.
  lead_officer: Sam Patel, Transport Manager
  decision_maker: Cabinet
  meeting_date: 2026-12-07
  directorate: Place
  nation: england
answers:
  screening.principles: ["4"]
  screening.gradient: falls_on_deprived
  screening.area: urban
  screening.groups_differ: likely
  screening.route: rapid
  screening.route_reason: One principle, a small change, reversible at the next fares review.
  screening.sectors: [income_benefits]
  p4.effect: minor_negative
  p4.reasoning: Fares rise for people on low incomes who rely on the bus.
  p4.mitigation: Concessions for households on low incomes.
  p4.residual: none
  groups.adverse: [disability]
  groups.effects:
    value:
      disability: Disabled people travel by bus more often and pay more.
  groups.psed: Concessions keep the service open to disabled people; no one is excluded.
  evidence.engagement: planned
  actions.plan:
    - action: Extend concessionary fares
      owner: Transport Manager
      due: 2027-01-31
    - action: Monitor uptake by ward
      owner: Insight Team
      due: 2027-03-31
  actions.conclusion: adjust
  monitoring.review_date: 2027-06-30
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return open_engine(only="", entry_points=False, config=Config())


def changed(tmp_path: Path, **values: object) -> Path:
    """BASE with some answers set (None removes one), written to a new file."""
    answers = answers_file.parse(yamlio.loads(BASE, path="base", what="answers file"))
    for qid, value in values.items():
        qid = qid.replace("__", ".")
        if value is None:
            answers.remove(qid)
        else:
            answers.set(qid, value if isinstance(value, Answer) else Answer(value=value))
    path = tmp_path / f"new-{len(list(tmp_path.iterdir()))}.hiap.yaml"
    answers_file.save(answers, path)
    return path


def diff(engine: Engine, old: Path, new: Path) -> list[Change]:
    a = answers_file.load_validated(old, engine.catalogue)
    b = answers_file.load_validated(new, engine.catalogue)
    return compare(a, b, assess(a, engine), assess(b, engine), engine.catalogue)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.hiap.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def texts(changes: list[Change], section: str) -> list[str]:
    return [c.text for c in changes if c.section == section]


def test_identical_versions_have_no_differences(engine: Engine, base: Path, tmp_path: Path) -> None:
    # saving again changes the timestamps and the layout, not the assessment
    assert diff(engine, base, changed(tmp_path)) == []
    assert to_text([], title="x", old_name="a", new_name="b") == "No differences.\n"


def test_rating_conclusion_and_answer_changes_are_in_words(engine: Engine, base: Path, tmp_path: Path) -> None:
    changes = diff(engine, base, changed(tmp_path, p4__effect="mixed", p4__mitigation=None))
    assert texts(changes, "principles") == ["Principle 4 (healthy standard of living): Minor negative → Mixed"]
    # a draft reaches no conclusion, and the difference says so rather than carry the old one over
    assert texts(changes, "conclusion") == [
        "Overall conclusion: Adjust the decision. → Not complete, 1 answer to give and 1 other item to resolve. "
        "No conclusion has been reached yet."
    ]
    answers = texts(changes, "answers")
    effect = next(t for t in answers if "Mixed (positive for some" in t)
    assert effect.endswith(": Minor negative → Mixed (positive for some, negative for others)")
    assert any(t.endswith("Concessions for households on low incomes. (removed)") for t in answers)
    assert texts(changes, "completeness") == ["Complete: Yes → No (2 items still to do)"]
    assert texts(changes, "signoff") == ["Status: Complete → Draft"]


def test_a_changed_conclusion_is_the_assessors(engine: Engine, base: Path, tmp_path: Path) -> None:
    new = changed(
        tmp_path,
        actions__conclusion="stop",
        actions__conclusion_reason="The fares rise falls on the people with least choice.",
    )
    assert texts(diff(engine, base, new), "conclusion") == [
        "Overall conclusion: Adjust the decision. → Stop and rethink. The assessor's reason: The fares rise "
        "falls on the people with least choice."
    ]


def test_decision_details_review_date_and_sign_off(engine: Engine, base: Path, tmp_path: Path) -> None:
    new = changed(
        tmp_path,
        decision__meeting_date="2026-12-14",
        decision__lead_officer="Priya Shah, Passenger Transport Manager",
        monitoring__review_date="2027-09-30",
        signoff__reviewer="Equality Lead",
        signoff__approver="Director of Place",
    )
    changes = diff(engine, base, new)
    assert texts(changes, "decision") == [
        "Lead officer: Sam Patel, Transport Manager → Priya Shah, Passenger Transport Manager",
        "Meeting date: 7 December 2026 → 14 December 2026",
    ]
    assert texts(changes, "review") == ["Review date: 30 June 2027 → 30 September 2027"]
    assert texts(changes, "signoff") == ["Reviewer: Equality Lead (added)", "Approver: Director of Place (added)"]
    # the sign-off and review answers are reported once, in their own sections
    assert not any("review" in c.what.lower() or "approve" in c.what.lower() for c in changes if c.section == "answers")


def test_actions_added_removed_and_reassigned(engine: Engine, base: Path, tmp_path: Path) -> None:
    plan = [
        {"action": "Extend concessionary fares", "owner": "Head of Transport", "due": "2027-02-28"},
        {"action": "Publish fares in community languages", "owner": "Comms Team"},
    ]
    changes = diff(engine, base, changed(tmp_path, actions__plan=plan))
    assert texts(changes, "actions") == [
        "Action 'Extend concessionary fares': owner: Transport Manager → Head of Transport",
        "Action 'Extend concessionary fares': due date: 31 January 2027 → 28 February 2027",
        "Action: Publish fares in community languages (owner: Comms Team; no date) (added)",
        "Action: Monitor uptake by ward (owner: Insight Team; by 31 March 2027) (removed)",
    ]


def test_groups_and_answers_that_no_longer_apply(engine: Engine, base: Path, tmp_path: Path) -> None:
    changes = diff(
        engine,
        base,
        changed(tmp_path, groups__adverse=["carers"], groups__effects={"carers": "Carers pay more to travel."}),
    )
    groups = texts(changes, "groups")
    assert "Carers (adult and young carers): Likely to be adversely affected (added)" in groups
    assert "Disabled people: Likely to be adversely affected (removed)" in groups
    # untick living standards in the grid: its rating row no longer applies, and says so
    gone = diff(engine, base, changed(tmp_path, screening__principles=["1"]))
    effect = [c for c in gone if c.id == "p4.effect"]
    assert len(effect) == 1 and effect[0].change == "removed" and effect[0].detail == "no longer asked"
    assert "Principle 4 (healthy standard of living): Minor negative → Not assessed" in texts(gone, "principles")


def test_notes_and_evidence_changes_are_listed(engine: Engine, base: Path, tmp_path: Path) -> None:
    note = Answer(value="minor_negative", note="Fares rise 10%.", sources=["Fares review 2026"])
    changes = diff(engine, base, changed(tmp_path, p4__effect=note))
    assert [c.what.rsplit(" (", 1)[1] for c in changes if c.id == "p4.effect"] == ["officer's note)", "evidence)"]


def test_long_answers_are_shortened_in_the_text_only() -> None:
    long = "word " * 100
    change = Change(section="answers", what="Q", change="changed", old=long, new="short")
    assert len(change.text) < 200 and change.text.endswith("… → short")
    assert change.old == long
    assert shorten("a  b\n c") == "a b c"


def test_cli_text_json_and_identical(hiap: Run, base: Path, tmp_path: Path) -> None:
    new = changed(tmp_path, p4__effect="major_negative", p4__mitigation=None)
    result = hiap("diff", str(base), str(new), "--plugins", "")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith('What changed in "Bus fare changes"')
    assert (
        "Ratings on the Marmot principles\n- Principle 4 (healthy standard of living): Minor negative → "
        "Major negative" in out
    )
    assert out.index("Overall conclusion") < out.index("Ratings on the Marmot principles") < out.index("Answers")

    data = json.loads(hiap("diff", str(base), str(new), "--json", "--plugins", "").stdout)
    assert data["identical"] is False and data["title"] == "Bus fare changes"
    rating = next(c for c in data["changes"] if c["section"] == "principles")
    assert rating["old_value"] == {"effect": "minor_negative", "relevant": True}
    assert rating["new_value"] == {"effect": "major_negative", "relevant": True}

    same = hiap("diff", str(base), str(base), "--plugins", "")
    assert (same.returncode, same.stdout) == (0, "No differences.\n")
    assert json.loads(hiap("diff", str(base), str(base), "--json", "--plugins", "").stdout)["changes"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: 1\ndecision: [oops\n", "not valid YAML"),
        ("title: not an answers file\n", "does not look like a hiap answers file"),
        ("format: 1\nanswers:\n  p4.effect: hugely\n", "is not one of the options"),
    ],
)
def test_cli_bad_file_is_exit_2(hiap: Run, base: Path, tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.hiap.yaml"
    bad.write_text(text, encoding="utf-8")
    result = hiap("diff", str(base), str(bad), "--plugins", "")
    assert result.returncode == 2
    assert message in result.stderr and "bad.hiap.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_local_evidence_taken_or_changed_is_a_difference(hiap: Run, tmp_path: Path) -> None:
    """The two King's Lynn files hold the same answers that count, but one has a snapshot of
    local figures and two services cited, which the appendix prints: diff said 'No differences'."""
    from tests.conftest import ROOT

    plain = ROOT / "examples" / "kings-lynn-healthy-weight-planning.hiap.yaml"
    local = ROOT / "examples" / "kings-lynn-with-local-evidence.hiap.yaml"
    shown = hiap("diff", str(plain), str(local)).stdout
    assert "Local evidence\n- Local figures: 17 (Children in relative low income families (under 16s); " in shown
    assert "- Service cited as a partner: Village outreach bus: Rural Access Norfolk (sample entry) (added)" in shown
    text = local.read_text(encoding="utf-8")
    figure = "  - label: Children in relative low income families (under 16s)\n    value: '22.6'\n"
    assert figure in text
    newer = tmp_path / "newer.hiap.yaml"
    newer.write_text(text.replace(figure, figure.replace("22.6", "24.1")), encoding="utf-8")
    shown = hiap("diff", str(local), str(newer)).stdout
    assert (
        "- Local figure: Children in relative low income families (under 16s): 22.6% (2023/24) → 24.1% (2023/24)"
        in shown
    ), shown
