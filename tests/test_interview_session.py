"""The interview session end to end in-process, driven through the plain prompter with fed input."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hiap import plugins, yamlio
from hiap.answers import answers_file, audit
from hiap.assessment.build import build as build_assessment
from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.loader import load_checklist_file
from hiap.errors import Interrupted
from hiap.interview import engine
from hiap.interview.prompter import PlainPrompter
from hiap.interview.session import Session
from hiap.models.answers import Answer, AnswersFile

FIXTURES = Path(__file__).parent / "fixtures" / "interview"

# the fixture's kinds list: 1 policy, 2 strategy, 3 commissioning, 4 service change, 5 budget, 6 capital, 7 planning
START = ["Parking charges", "5", "31/03/2026", "1"]  # title, kind, meeting date, key decision
RAPID = ["2", "50"]  # route: rapid; people affected
NEUTRAL_P1 = ["3", "2"]  # effect: neutral; gap: no change
GROUPS = ["2"]  # carers
NO_ACTIONS = ["2"]  # actions menu: 1 add, 2 skip
FINISH = ["1"]
REVIEW_CHANGE = ["2"]
REVIEW_SAVE = ["3"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build([load_checklist_file(FIXTURES / "mini.yaml")])


class Harness:
    def __init__(self, catalogue: Catalogue, lines: list[str]) -> None:
        self.out = io.StringIO()
        host = plugins.build(only="", entry_points=False)
        self.prompter = PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=self.out)
        self.session = Session(
            catalogue, self.prompter, assess=lambda a: build_assessment(a, catalogue, host), by="Test Officer"
        )

    @property
    def shown(self) -> str:
        return self.out.getvalue()


def reload(path: Path, catalogue: Catalogue) -> AnswersFile:
    return answers_file.load_validated(path, catalogue)


def test_full_interview_saves_and_completes(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "parking.hiap.yaml"
    actions = ["1", "Leaflet drop", "Ann", "30/04/2026", "", "1"]  # add one entry, then "Done"
    h = Harness(catalogue, START + RAPID + NEUTRAL_P1 + GROUPS + actions + FINISH)
    h.session.open(path)
    assert h.session.run() == "finished"
    answers = reload(path, catalogue)
    assert audit.closed(answers)
    assert [e.event for e in answers.events] == ["created", "completed"]
    assert answers.events[-1].by == "Test Officer"
    assert answers.values()["decision.meeting_date"] == "2026-03-31"
    assert answers.values()["actions.plan"] == [{"action": "Leaflet drop", "owner": "Ann", "due": "2026-04-30"}]
    shown = h.shown
    # one count everywhere, as hiap outline counts; sections numbered as the route is known so far
    assert "Section 1: The decision · 0 answers given, 6 more so far (the rest depends on the depth" in shown
    assert "Section 2: Screening · 4 answers given, 3 more so far" in shown
    assert "Section 2: Screening · 5 answers given, at most 8 more" in shown  # the depth chosen
    assert "Section 5: Action plan · 9 answers given, at most 1 more" in shown
    assert "The form from here" in shown and "Screening decides how much follows" in shown
    assert "Start with the decision being made." in shown  # the section intro when a section starts
    assert "Review your answers" in shown and "Sections answered" in shown and "Screening" in shown
    outline = engine.outline(catalogue, answers.values())
    assert f"{outline.answered} answers given, none left to give." in shown  # the review, the same count
    assert "screening.reason" not in answers.answers  # never applied, never asked


def test_every_answer_is_saved_at_once(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "a.hiap.yaml"
    h = Harness(catalogue, START[:3])  # then the input ends, as if the terminal closed
    h.session.open(path)
    with pytest.raises(Interrupted) as stopped:
        h.session.run()
    assert stopped.value.path == path
    answers = reload(path, catalogue)
    assert answers.values() == {
        "decision.title": "Parking charges",
        "decision.kind": "budget",
        "decision.meeting_date": "2026-03-31",
    }
    assert not audit.closed(answers)


def test_back_returns_to_the_previous_question_with_its_answer(catalogue: Catalogue, tmp_path: Path) -> None:
    lines = ["Parking charges", "6", "<", "", "<", "<", "<", "Parking fees", "", "31/03/2026", "<", "", "3"]
    h = Harness(catalogue, lines)
    h.session.open(tmp_path / "b.hiap.yaml")
    with pytest.raises(Interrupted):
        h.session.run()
    shown = h.shown
    assert "Capital project (default)" in shown  # back from the date: the kind, with its answer
    assert "Current answer: Parking charges. Press Enter to keep it." in shown
    assert "This is the first question." in shown
    answers = reload(tmp_path / "b.hiap.yaml", catalogue)
    assert answers.values()["decision.title"] == "Parking fees"
    assert answers.values()["decision.meeting_date"] == "2026-03-31"
    assert answers.values()["decision.key_decision"] is None  # "Leave unanswered" on an optional question


def test_changing_an_answer_at_review_asks_new_questions_and_keeps_old(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "c.hiap.yaml"
    lines = (
        START
        + ["1", "No effect on health at all.", ""]
        + GROUPS
        + NO_ACTIONS  # route none, with a reason
        + REVIEW_CHANGE
        + ["2", "1", "2"]  # section 2 (screening), its first answer (the route): now rapid
        + ["50"]
        + NEUTRAL_P1  # the newly applicable questions, before the review returns
        + FINISH
    )
    h = Harness(catalogue, lines)
    h.session.open(path)
    assert h.session.run() == "finished"
    answers = reload(path, catalogue)
    assert answers.values()["screening.route"] == "rapid"
    assert answers.values()["screening.reason"] == "No effect on health at all."  # kept in the file
    assert answers.values()["p1.effect"] == "neutral"
    assessment = build_assessment(answers, catalogue, plugins.build(only="", entry_points=False))
    assert assessment.route_reason is None  # but no longer counted
    assert h.shown.count("Review your answers") == 2
    assert h.shown.index("What effect will it have on the best start in life?") > h.shown.index("Which answer")


def test_the_review_says_what_is_missing_and_finishing_writes_a_draft(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "d.hiap.yaml"
    lines = (
        START
        + RAPID
        + ["4", "2", "", ""]  # minor negative, no change; skip mitigation and justification
        + GROUPS
        + NO_ACTIONS
        + REVIEW_CHANGE
        + ["3", "3", "Free parking for carers on short visits.", ""]  # p1 section, the mitigation
        + FINISH
    )
    h = Harness(catalogue, lines)
    h.session.open(path)
    assert h.session.run() == "finished"
    shown = h.shown
    assert "Draft: not complete, 1 other item to resolve:" in shown
    assert "Principle 1 (best start in life) is rated minor negative, but has neither a mitigation" in shown
    assert "Finish and write the document (as a draft)" in shown
    answers = reload(path, catalogue)
    assert answers.values()["p1.mitigation"] == "Free parking for carers on short visits."
    assert audit.closed(answers)  # complete once the mitigation was given


def test_an_unanswered_harm_finishes_as_a_draft_without_completion(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "e.hiap.yaml"
    lines = START + RAPID + ["4", "2", "", ""] + GROUPS + NO_ACTIONS + FINISH
    h = Harness(catalogue, lines)
    h.session.open(path)
    assert h.session.run() == "finished"
    answers = reload(path, catalogue)
    assert not audit.closed(answers) and answers.values()["p1.effect"] == "minor_negative"
    assert [e.event for e in answers.events] == ["created"]


def test_save_and_exit_from_the_review_and_from_a_question(catalogue: Catalogue, tmp_path: Path) -> None:
    h = Harness(catalogue, START + RAPID + NEUTRAL_P1 + GROUPS + NO_ACTIONS + REVIEW_SAVE)
    h.session.open(tmp_path / "f.hiap.yaml")
    assert h.session.run() == "saved"
    h = Harness(catalogue, START[:2] + [":save"])
    h.session.open(tmp_path / "g.hiap.yaml")
    assert h.session.run() == "saved"
    assert reload(tmp_path / "g.hiap.yaml", catalogue).values()["decision.kind"] == "budget"


def test_notes_and_sources(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "n.hiap.yaml"
    lines = [
        ":note",
        "From the forward plan",
        "Forward plan, Cabinet report",
        "Parking charges",  # before answering
        "5",
        "<",  # answer the kind, then back to it from the date
        ":note",
        "Checked with legal",
        "Forward plan",
        "",  # a note on an answer already saved; keep it
        ":note",
        "Before the meeting",
        "",
        "",
    ]  # a note on the date, then Enter skips it: the note stays
    h = Harness(catalogue, lines)
    h.session.open(path)
    with pytest.raises(Interrupted):
        h.session.run()
    answers = reload(path, catalogue)
    assert answers.get("decision.title") == Answer(
        value="Parking charges", note="From the forward plan", sources=["Forward plan", "Cabinet report"]
    )
    assert answers.get("decision.kind") == Answer(value="budget", note="Checked with legal", sources=["Forward plan"])
    assert answers.get("decision.meeting_date") == Answer(value=None, note="Before the meeting")
    assert "Note saved." in h.shown and "Note kept; it is saved with your answer." in h.shown


def test_resume_reports_position_and_records_the_event(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "r.hiap.yaml"
    h = Harness(catalogue, START[:2])
    h.session.open(path)
    with pytest.raises(Interrupted):
        h.session.run()
    h = Harness(catalogue, ["<", "", "31/03/2026"])  # back with an empty history: the previous active question
    h.session.open(path)
    with pytest.raises(Interrupted):
        h.session.run()
    shown = h.shown
    assert "Resuming Parking charges: 2 answers given, " in shown and "Next: When is the meeting?" in shown
    assert "Budget or savings proposal (default)" in shown
    answers = reload(path, catalogue)
    assert [e.event for e in answers.events] == ["created", "resumed"]
    assert answers.values()["decision.meeting_date"] == "2026-03-31"


def test_resume_asks_again_an_answer_that_no_longer_fits(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "v.hiap.yaml"
    path.write_text("format: 1\ndecision:\n  title: Parking\n  kind: bogus\n", encoding="utf-8")
    h = Harness(catalogue, ["6"])
    h.session.open(path)
    with pytest.raises(Interrupted):
        h.session.run()
    assert "decision.kind: 'bogus' is not one of the options" in h.shown
    assert "it will be asked again" in h.shown
    assert reload(path, catalogue).values()["decision.kind"] == "capital"


def test_no_file_names_it_from_the_title(catalogue: Catalogue, tmp_path: Path) -> None:
    h = Harness(catalogue, ["Town Centre: Parking!"])
    h.session.open_by_title(tmp_path)
    path = tmp_path / "town-centre-parking.hiap.yaml"
    assert h.session.path == path
    assert reload(path, catalogue).values() == {"decision.title": "Town Centre: Parking!"}  # saved at once
    assert f"Saving your answers in {path}." in h.shown
    with pytest.raises(Interrupted):
        h.session.run()

    h = Harness(catalogue, ["Town centre parking", "2"])  # same name: start a new one
    h.session.open_by_title(tmp_path)
    assert h.session.path == tmp_path / "town-centre-parking-2.hiap.yaml"
    assert "A file named town-centre-parking.hiap.yaml already exists" in h.shown
    assert "Starting a new assessment in town-centre-parking-2.hiap.yaml." in h.shown

    h = Harness(catalogue, ["Town Centre: Parking!", ""])  # same title: resuming is the default
    h.session.open_by_title(tmp_path)
    assert h.session.path == path
    assert "Resuming Town Centre: Parking!: 1 answer given, " in h.shown


def test_interrupt_before_the_title_saves_nothing(catalogue: Catalogue, tmp_path: Path) -> None:
    h = Harness(catalogue, [])
    with pytest.raises(Interrupted) as stopped:
        h.session.open_by_title(tmp_path)
    assert stopped.value.path is None
    assert list(tmp_path.iterdir()) == []


def test_records_rows_are_kept_through_a_note(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "rows.hiap.yaml"
    lines = (
        START
        + RAPID
        + NEUTRAL_P1
        + GROUPS
        + ["1", "Leaflet drop", "", "", "", "2"]  # one row; then "Add another entry"
        + [":note"]  # a note from inside the second row: the first row must survive
        + ["Agreed at the project board", ""]
        + ["1"]  # done: keep this entry
        + FINISH
    )
    h = Harness(catalogue, lines)
    h.session.open(path)
    assert h.session.run() == "finished"
    answer = reload(path, catalogue).get("actions.plan")
    assert answer == Answer(value=[{"action": "Leaflet drop"}], note="Agreed at the project board")


# -- saving: the cache gives exactly the text a full dump gives -----------------------------

text = st.one_of(st.text(max_size=250), st.text(alphabet=" \n\tab-:#'\"é", max_size=300))
scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2, max_value=2), st.floats(allow_nan=False), text)
value = st.one_of(
    scalar,
    st.lists(scalar, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["action", "owner", "due"]), scalar, max_size=3), max_size=2),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p1.effect", "p1.mitigation", "decision.title", "groups.adverse"]),
            value,
            st.one_of(st.none(), text),
        ),
        min_size=1,
        max_size=8,
    )
)
@example([("p1.effect", [{"action": "a", "owner": "b"}], None), ("p1.effect", [{"owner": "b", "action": "a"}], None)])
@example([("p1.effect", [True], None), ("p1.effect", [1], None)])
@example([("decision.title", "Ends with blank lines\n\n\n", None), ("p1.effect", "x", None)])
@example([("p1.effect", "x", "A note ending with blank lines\n\n\n")])
def test_save_cache_writes_what_a_full_dump_writes(changes: list[tuple[str, Any, str | None]]) -> None:
    answers = AnswersFile(created="2026-01-01T00:00:00Z")
    cache = answers_file.SaveCache()
    for qid, val, note in changes:
        answers.set(qid, Answer(value=val, note=note))
        data = answers.dump()
        assert cache.dumps(data) == yamlio.dumps(data)


def test_saved_file_is_identical_with_and_without_cache(catalogue: Catalogue, tmp_path: Path) -> None:
    answers = answers_file.new(catalogue, {})
    for qid, val in [("decision.title", "T"), ("p1.mitigation", "A long line " * 20), ("p1.effect", "mixed")]:
        answers.set(qid, Answer(value=val))
    answers_file.save(answers, tmp_path / "a.hiap.yaml", cache=answers_file.SaveCache())
    stamp = answers.updated
    first = (tmp_path / "a.hiap.yaml").read_text(encoding="utf-8")
    answers_file.save(answers, tmp_path / "b.hiap.yaml")
    assert (tmp_path / "b.hiap.yaml").read_text(encoding="utf-8").replace(answers.updated or "", stamp or "") == first


# -- the summary at the end --------------------------------------------------------------------


def test_summary_in_words_plain_and_rich(catalogue: Catalogue, tmp_path: Path) -> None:
    from rich.console import Console

    from hiap.interview.prompter import QuestionaryPrompter
    from hiap.interview.summary import show_summary

    answers = AnswersFile()
    for qid, val in [
        ("decision.title", "Parking charges"),
        ("decision.kind", "budget"),
        ("screening.route", "rapid"),
        ("p1.effect", "minor_negative"),
        ("p1.equity", "widens"),
        ("groups.adverse", ["carers"]),
        ("actions.plan", [{"action": "Free permits for carers", "owner": "Parking", "due": "2026-06-30"}]),
    ]:
        answers.set(qid, Answer(value=val))
    assessment = build_assessment(answers, catalogue, plugins.build(only="", entry_points=False))

    out = io.StringIO()
    show_summary(PlainPrompter(stdin=io.StringIO(), stdout=out), assessment)
    shown = out.getvalue()
    assert "Summary: Parking charges" in shown
    assert "Draft: Not complete, 1 other item to resolve. No conclusion has been reached yet." in shown
    assert "Principle: 1. Best start in life, Rating: Minor negative (-)" in shown
    assert "Effect on the gap: Widens the gap" in shown
    assert "Groups most affected: carers" in shown
    assert "Action: Free permits for carers, Owner: Parking, Due: 30 June 2026" in shown
    assert "Still to do (1): the document is a draft until these are done." in shown
    assert "has neither a mitigation that removes the harm nor a justification" in shown

    console = Console(file=io.StringIO(), record=True, width=120, force_terminal=False)
    show_summary(QuestionaryPrompter(console=console), assessment)
    text = console.export_text()
    assert "The eight Marmot principles" in text and "Racism and discrimination" in text
    assert "Free permits for carers" in text and "30 June 2026" in text


def test_changing_a_completed_assessment_reopens_it_in_the_audit_trail(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "parking.hiap.yaml"
    h = Harness(catalogue, START + RAPID + NEUTRAL_P1 + GROUPS + NO_ACTIONS + FINISH)
    h.session.open(path)
    assert h.session.run() == "finished"
    assert audit.closed(reload(path, catalogue))
    # resume, change the title from the review screen, then save and exit
    again = Harness(catalogue, REVIEW_CHANGE + ["1", "1", "Parking charges (revised)"] + REVIEW_SAVE)
    again.session.open(path)
    assert again.session.run() == "saved"
    answers = reload(path, catalogue)
    kinds = [e.event for e in answers.events]
    assert kinds == ["created", "completed", "resumed", "reopened"], kinds
    assert not audit.closed(answers)
    reopened = answers.events[-1]
    assert reopened.by == "Test Officer" and reopened.versions.get("hiap")


def test_a_command_typed_on_its_own_line_never_reaches_the_document() -> None:
    from hiap.interview.prompter import _without_command_lines

    assert _without_command_lines(":skip\nThousands of families affected.") == "Thousands of families affected."
    assert _without_command_lines("First line\n<\nSecond line") == "First line\nSecond line"
    assert _without_command_lines(":skip") == ":skip"  # a whole-answer command is still a command
    assert _without_command_lines("Uses <, > and ? in a sentence") == "Uses <, > and ? in a sentence"


def test_earlier_answers_are_shown_and_offered_before_a_principle_is_rated(tmp_path: Path) -> None:
    """The officer rates knowing what their sector answers point to; the rating stays theirs."""
    from tests.conftest import FIXTURES as MINI

    cat = build(
        [
            load_checklist_file(MINI / "mini" / "groups.yaml"),
            load_checklist_file(MINI / "mini" / "core.yaml"),
            load_checklist_file(MINI / "mini" / "sector.yaml", origin="housing"),
        ]
    )
    h = Harness(cat, [])
    h.session.open(tmp_path / "s.hiap.yaml")
    assert h.session.answers is not None
    for qid, value in {
        "decision.title": "TA policy",
        "decision.kind": "policy",
        "screening.sectors": ["housing"],
        "screening.route": "full",
        "housing.ta": "increases",
    }.items():
        h.session.answers.set(qid, Answer(value=value))
    h.session._refresh()
    h.session._show_signals(4)
    assert "Your earlier answers that bear on this principle" in h.shown
    assert "It increases use." in h.shown and "Major negative" in h.shown
    assert h.session._suggested_effect(4) == "major_negative"
    assert h.session._suggested_effect(6) is None


def test_a_number_can_be_an_estimate_or_not_known(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "n.hiap.yaml"
    h = Harness(catalogue, START + ["2", "about 1,200"])  # rapid; people affected, as an estimate
    h.session.open(path)
    with pytest.raises(Interrupted):
        h.session.run()
    answer = reload(path, catalogue).get("screening.people")
    assert answer == Answer(value=1200, estimate=True)
    assert "Saved: about 1,200" in h.shown
    assert "estimate: true" in path.read_text(encoding="utf-8")
    h = Harness(catalogue, ["not known"])
    h.session.open(path)
    h.session.answers.remove("screening.people")  # type: ignore[union-attr]
    h.session._refresh()
    with pytest.raises(Interrupted):
        h.session.run()
    assert reload(path, catalogue).get("screening.people") == Answer(value="not_known")


# -- defaults never contradict an earlier answer ----------------------------------------------

V1 = Path(__file__).parent / "fixtures" / "v1" / "luton-temporary-accommodation.hiap.yaml"


def real_session(tmp_path: Path, lines: tuple[str, ...] = (), *, housing: bool = False) -> Harness:
    from hiap.pipeline import assess as assess_with
    from hiap.pipeline import open_engine

    extra: list[tuple[str, object]] = []
    if housing:
        import hiap_housing

        extra = [("housing", hiap_housing)]
    engine = open_engine(only="housing" if housing else "", entry_points=False, extra=extra)
    h = Harness.__new__(Harness)
    h.out = io.StringIO()
    h.prompter = PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=h.out)
    h.session = Session(engine.catalogue, h.prompter, assess=lambda a: assess_with(a, engine), by="Test Officer")
    return h


def test_defaults_never_presume_what_the_officer_has_not_said(tmp_path: Path) -> None:
    from tests.routes import FULL

    h = real_session(tmp_path)
    session = h.session
    session.answers = answers_file.new(session.catalogue, {})
    for qid, value in {**FULL, "p4.justification": "The saving protects statutory services."}.items():
        session.answers.set(qid, Answer(value=value))
    session._refresh()
    by_id = session.catalogue.by_id
    assert FULL["decision.nation"] == "england"
    # no ready-made answer that an earlier one contradicts (the Scotland or Wales duty for England)
    assert session._default(by_id["groups.socio_economic"]) is None
    assert session._default(by_id["p3.confidence"]) is None  # never "High" unasked
    assert session._default(by_id["duties.children"]) is None  # never "children were heard"
    # another principle's justification is not offered as this one's
    assert session._default(by_id["p6.justification"]) is None


def test_a_grid_added_after_a_file_was_answered_keeps_its_answers(tmp_path: Path) -> None:
    """A v1 file answered every housing topic before housing.changes existed: resuming offers the
    options that keep those answers ticked, and unticking them asks before setting any aside."""
    path = tmp_path / "luton.hiap.yaml"
    path.write_bytes(V1.read_bytes())
    h = real_session(tmp_path, housing=True)
    session = h.session
    session.answers = answers_file.load(path)
    session.path = path
    session._refresh()
    grid = session.catalogue.by_id["housing.changes"]
    assert session.answers.get(grid.id) is None
    ticked = session._default(grid)
    options = [o.value for o in session.catalogue.options(grid)]
    assert ticked and set(ticked) <= set(options)
    answered = session._gated_answers(grid)
    assert answered  # the housing findings the officer gave under 1.0
    assert session._set_aside(grid, ticked, answered) == []  # the pre-ticked grid keeps every one
    dropped = session._set_aside(grid, [ticked[0]], answered) if len(ticked) > 1 else answered
    assert dropped
    # a narrower answer is not saved without saying how many answers it sets aside
    h.prompter._in = io.StringIO("2\n")  # "No, change the answer"
    assert session._confirm_set_aside(grid, [ticked[0]] if len(ticked) > 1 else []) is False
    assert f"This answer sets aside {len(dropped)} earlier answer" in h.shown
    h.prompter._in = io.StringIO("1\n")
    narrower = [ticked[0]] if len(ticked) > 1 else []
    assert session._confirm_set_aside(grid, narrower) is True
    session.record(grid, narrower)
    kept = answers_file.load(path).values()
    assert all(qid in kept for qid in dropped)  # set aside, not deleted


def test_groups_an_answer_rules_out_are_never_pre_ticked() -> None:
    """'No children are affected' outweighs any other answer that points to children."""
    from hiap.checklist import rules
    from hiap.pipeline import open_engine

    catalogue = open_engine(only="", entry_points=False).catalogue
    values = {"duties.children": "none_affected", "screening.sectors": ["housing"]}
    assert {"children_young_people", "children_poverty"} <= rules.ruled_out_groups(catalogue, values)
    assert rules.ruled_out_groups(catalogue, {"duties.children": "risk"}) == set()


def test_plain_mode_reads_earlier_answers_in_full_at_review(catalogue: Catalogue, tmp_path: Path) -> None:
    """A screen reader hears a long answer whole in the review's tables, never cut with an ellipsis."""
    title = "Parking charges in the town centre, the hospital and the three district car parks from April 2027"
    reason = (
        "No effect on health at all: the charges change by a few pence and the free disabled bays stay as they are."
    )
    lines = [title, *START[1:], "1", reason, "", *GROUPS, *NO_ACTIONS, *REVIEW_CHANGE, "2", "3", *FINISH]
    h = Harness(catalogue, lines)
    h.session.open(tmp_path / "p.hiap.yaml")
    assert h.session.run() == "finished"
    assert f"Section: The decision, Answers: 4, First answer: {title}\n" in h.shown
    assert f"Question: Why is no assessment needed?, Answer: {reason}\n" in h.shown
    assert "…" not in h.shown


def test_the_review_asks_for_an_owner_and_a_date_for_each_action(catalogue: Catalogue, tmp_path: Path) -> None:
    """An action no one owns, or with no date, cannot be followed up: the review says so in words
    and does not call the assessment 'complete and ready' without a word about it."""
    lines = START + RAPID + NEUTRAL_P1 + GROUPS + ["1", "Leaflet drop", "", "", "", "1"] + FINISH
    h = Harness(catalogue, lines)
    h.session.open(tmp_path / "a.hiap.yaml")
    assert h.session.run() == "finished"
    assert "Action 1 (Leaflet drop) has no owner or date: give it an owner and a date" in h.shown
    assert "No required answer is missing, so the assessment can be finished; look at the 1 point above first." in (
        h.shown
    )
    assert "Nothing is missing" not in h.shown


def test_ctrl_c_while_a_file_opens_ends_with_the_resume_line(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between 'Resuming ...' and the first prompt the terminal is not a prompt's, so Ctrl-C is a
    signal: it must end as at any prompt (Interrupted with the file, so the CLI says how to resume)."""
    path = tmp_path / "r.hiap.yaml"
    first = Harness(catalogue, [*START, *RAPID])
    first.session.open(path)
    with pytest.raises(Interrupted):
        first.session.run()
    again = Harness(catalogue, [])

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(again.session, "_show_outline", interrupted)
    try:
        again.session.open(path)
    except Interrupted as raised:
        assert raised.path == path
    except KeyboardInterrupt:  # caught here, or pytest would take it as the user stopping the run
        pytest.fail("Ctrl-C while the file opened escaped as a bare KeyboardInterrupt")
    else:
        pytest.fail("opening the file was not interrupted")
    assert reload(path, catalogue).values()["decision.title"] == "Parking charges"
