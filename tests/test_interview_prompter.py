"""The prompt adapters, in-process: questionary through prompt_toolkit pipe input, and plain mode."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from hiap.answers import values
from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.loader import load_checklist_file
from hiap.interview.prompter import (
    BACK,
    HELP,
    NOTE,
    SAVE,
    Item,
    PlainPrompter,
    QuestionaryPrompter,
    Suggestion,
    ask_question,
)

FIXTURES = Path(__file__).parent / "fixtures" / "interview"

DOWN, UP, ENTER, F1 = "\x1b[B", "\x1b[A", "\r", "\x1bOP"
CTRL_B, CTRL_C, CTRL_N, CTRL_S, BACKSPACE = "\x02", "\x03", "\x0e", "\x13", "\x7f"
END = "\x1b[F"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build([load_checklist_file(FIXTURES / "mini.yaml")])


class Run:
    """Drive one call against a QuestionaryPrompter whose keystrokes come from a pipe."""

    def __init__(self) -> None:
        self.console = Console(file=io.StringIO(), record=True, width=100, force_terminal=False)

    def __call__(self, keys: str, call: Callable[[QuestionaryPrompter], Any]) -> Any:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            with create_app_session(input=pipe, output=DummyOutput()):
                return call(QuestionaryPrompter(console=self.console))

    @property
    def printed(self) -> str:
        return self.console.export_text(clear=False)


@pytest.fixture
def run() -> Run:
    return Run()


def ask(catalogue: Catalogue, qid: str, default: Any = None) -> Callable[[Any], Any]:
    question = catalogue.by_id[qid]
    return lambda p: ask_question(p, question, catalogue.options(question), default)


# -- questionary: each question type -------------------------------------------------------


def test_text_answer_and_hint(run: Run, catalogue: Catalogue) -> None:
    assert run("Town centre parking" + ENTER, ask(catalogue, "decision.title")) == "Town centre parking"
    assert "Hint: The title used on the committee report." in run.printed


def test_text_default_is_kept_on_enter(run: Run, catalogue: Catalogue) -> None:
    assert run(ENTER, ask(catalogue, "decision.title", "Old title")) == "Old title"


def test_required_text_refuses_empty(run: Run, catalogue: Catalogue) -> None:
    assert (
        run(ENTER + "  " + ENTER + BACKSPACE * 2 + "Now given" + ENTER, ask(catalogue, "decision.title")) == "Now given"
    )


def test_optional_text_enter_skips(run: Run, catalogue: Catalogue) -> None:
    assert run(ENTER, ask(catalogue, "screening.people")) is None


def test_choice_arrow_number_and_default(run: Run, catalogue: Catalogue) -> None:
    # with no default the pointer starts on "Show guidance" (nothing is chosen for the officer):
    # Enter shows the guidance, Down wraps to the first answer
    assert run(ENTER + DOWN + DOWN + ENTER, ask(catalogue, "decision.kind")) == "strategy"
    assert "Guidance" in run.printed
    assert run("5" + ENTER, ask(catalogue, "decision.kind")) == "budget"
    assert run(ENTER, ask(catalogue, "decision.kind", "capital")) == "capital"


def test_yesno_optional_is_never_skipped_for_the_officer(run: Run, catalogue: Catalogue) -> None:
    assert run("3" + ENTER, ask(catalogue, "decision.key_decision")) is None  # "Leave unanswered", last
    assert run("1" + ENTER, ask(catalogue, "decision.key_decision")) is True
    assert run(ENTER, ask(catalogue, "decision.key_decision", False)) is False


def test_rating_uses_the_scale(run: Run, catalogue: Catalogue) -> None:
    assert run(ENTER, ask(catalogue, "p1.effect", "neutral")) == "neutral"
    assert run("4" + ENTER, ask(catalogue, "p1.effect")) == "minor_negative"


def test_multi_ticks_and_prechecked_default(run: Run, catalogue: Catalogue) -> None:
    assert run(" " + DOWN + " " + ENTER, ask(catalogue, "groups.adverse")) == ["older_people", "carers"]
    assert run(ENTER, ask(catalogue, "groups.adverse", ["carers"])) == ["carers"]
    assert run(ENTER, ask(catalogue, "groups.adverse")) is None  # optional, nothing ticked: skipped


def test_date_validates_and_normalises(run: Run, catalogue: Catalogue) -> None:
    keys = "32/13/2026" + ENTER + BACKSPACE * 10 + "31/03/2026" + ENTER
    assert run(keys, ask(catalogue, "decision.meeting_date")) == "2026-03-31"
    assert run(ENTER, ask(catalogue, "decision.meeting_date", "2026-04-01")) == "2026-04-01"


def test_number_validates_range(run: Run, catalogue: Catalogue) -> None:
    keys = "abc" + ENTER + BACKSPACE * 3 + "-4" + ENTER + BACKSPACE * 2 + "1,200" + ENTER
    assert run(keys, ask(catalogue, "screening.people")) == 1200


def test_longtext_finishes_on_an_empty_line(run: Run, catalogue: Catalogue) -> None:
    keys = "No bearing on health." + ENTER + "None at all." + ENTER + ENTER
    assert run(keys, ask(catalogue, "screening.reason")) == "No bearing on health.\nNone at all."


@pytest.mark.parametrize("qid", ["decision.title", "decision.kind", "groups.adverse", "screening.reason"])
def test_ctrl_b_returns_back(run: Run, catalogue: Catalogue, qid: str) -> None:
    assert run(CTRL_B, ask(catalogue, qid)) is BACK


@pytest.mark.parametrize("typed", ["<", ":back"])
def test_typed_back(run: Run, catalogue: Catalogue, typed: str) -> None:
    assert run(typed + ENTER, ask(catalogue, "decision.title")) is BACK


def test_f1_returns_help_from_any_prompt(run: Run) -> None:
    assert run(F1, lambda p: p.text("Title?")) is HELP
    assert run(F1, lambda p: p.select("Pick", [Item(1, "One"), Item(2, "Two")])) is HELP
    assert run(F1, lambda p: p.checkbox("Tick", [Item(1, "One")])) is HELP


def test_f1_shows_guidance_and_keeps_what_was_typed(run: Run, catalogue: Catalogue) -> None:
    assert run("Town" + F1 + " hall" + ENTER, ask(catalogue, "decision.title")) == "Town hall"
    assert "Use the title exactly as it will appear" in run.printed
    assert "Council report writing guide (https://example.org/guide)" in run.printed


def test_question_mark_shows_guidance_then_asks_again(run: Run, catalogue: Catalogue) -> None:
    assert run("?" + ENTER + "12" + ENTER, ask(catalogue, "screening.people")) == 12
    assert "An estimate is fine" in run.printed


def test_show_guidance_entry_on_choices(run: Run, catalogue: Catalogue) -> None:
    # kinds: 7 options, then "Show guidance" as the 8th entry
    assert run("8" + ENTER + "2" + ENTER, ask(catalogue, "decision.kind")) == "strategy"
    assert "The kind of decision decides which questions follow" in run.printed


def test_show_guidance_entry_on_checkbox_keeps_ticks(run: Run, catalogue: Catalogue) -> None:
    keys = " " + DOWN + DOWN + " " + ENTER + ENTER  # tick the first group and guidance, then confirm again
    assert run(keys, ask(catalogue, "groups.adverse")) == ["older_people"]
    assert "Tick every group that could be worse off" in run.printed


def test_note_and_save_keys_and_commands(run: Run, catalogue: Catalogue) -> None:
    assert run(CTRL_N, ask(catalogue, "decision.kind")) is NOTE
    assert run(":note" + ENTER, ask(catalogue, "decision.title")) is NOTE
    assert run(CTRL_S, ask(catalogue, "groups.adverse")) is SAVE
    assert run(":save" + ENTER, ask(catalogue, "decision.title")) is SAVE


@pytest.mark.parametrize("qid", ["decision.title", "decision.kind", "groups.adverse", "screening.reason"])
def test_ctrl_c_raises_keyboard_interrupt(run: Run, catalogue: Catalogue, qid: str) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(CTRL_C, ask(catalogue, qid))


def test_records_add_rows_field_by_field(run: Run, catalogue: Catalogue) -> None:
    keys = (
        "1"
        + ENTER  # Add an entry
        + "Leaflet drop"
        + ENTER
        + "Ann Smith"
        + ENTER
        + "31/03/2026"
        + ENTER
        + ENTER
        + "2"
        + ENTER  # the list: 1 Done, 2 Add another entry
        + "Survey"
        + ENTER
        + ENTER
        + ENTER
        + "Response rate"
        + ENTER
        + ENTER
    )  # Done (the default), as every list ends
    assert run(keys, ask(catalogue, "actions.plan")) == [
        {"action": "Leaflet drop", "owner": "Ann Smith", "due": "2026-03-31"},
        {"action": "Survey", "indicator": "Response rate"},
    ]


def test_records_refuse_a_bad_field_value(run: Run, catalogue: Catalogue) -> None:
    keys = "1" + ENTER + ENTER + "Act" + ENTER + ENTER + "soon" + ENTER + BACKSPACE * 4 + ENTER + ENTER + ENTER
    assert run(keys, ask(catalogue, "actions.plan")) == [{"action": "Act"}]


def test_records_edit_and_remove_on_re_ask(run: Run, catalogue: Catalogue) -> None:
    rows = [{"action": "Leaflet drop", "owner": "Ann"}, {"action": "Survey"}]
    # menu: 1 Done, 2 Add another, 3 Change entry 1, 4 Change entry 2, 5 Remove entry 1, 6 Remove entry 2
    keys = (
        "3"
        + ENTER
        + END  # the shown answer is selected: End keeps it to edit, typing alone would replace it
        + "s"
        + ENTER
        + BACKSPACE * 3
        + "Bob"
        + ENTER
        + ENTER
        + ENTER  # change entry 1
        + "6"
        + ENTER  # remove entry 2
        + ENTER
    )  # done
    assert run(keys, ask(catalogue, "actions.plan", rows)) == [{"action": "Leaflet drops", "owner": "Bob"}]
    assert "Removed entry 2: Action: Survey" in run.printed


def test_records_remove_all_then_skip(run: Run, catalogue: Catalogue) -> None:
    keys = "4" + ENTER + "2" + ENTER  # remove the only entry, then "Leave it empty"
    assert run(keys, ask(catalogue, "actions.plan", [{"action": "Only one"}])) is None


# -- plain mode: numbered choices typed as numbers, one line at a time ---------------------


def plain(lines: list[str]) -> tuple[PlainPrompter, io.StringIO]:
    out = io.StringIO()
    return PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out), out


def plain_ask(catalogue: Catalogue, qid: str, lines: list[str], default: Any = None) -> tuple[Any, str]:
    prompter, out = plain(lines)
    question = catalogue.by_id[qid]
    return ask_question(prompter, question, catalogue.options(question), default), out.getvalue()


def test_plain_choice_by_number_with_numbered_list(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.kind", ["9", "x", "5"])
    assert value == "budget"
    assert "  1. Policy\n" in shown and "  8. Show guidance\n" in shown
    assert shown.count("Sorry: type a number from 1 to 8.") == 2
    assert "You chose: Budget or savings proposal" in shown
    assert "\x1b" not in shown  # nothing redrawn, no escape codes


def test_plain_choice_enter_keeps_current_answer(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.kind", [""], default="capital")
    assert value == "capital"
    assert "Capital project (default)" in shown


def test_plain_required_choice_needs_a_number(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.kind", ["", "1"])
    assert value == "policy"
    assert "Sorry: type a number from 1 to 8." in shown


def test_plain_yesno_optional_needs_a_choice_to_skip(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.key_decision", ["", "3"])
    assert value is None and "Sorry: type a number from 1 to 4." in shown and "3. Leave unanswered" in shown
    assert plain_ask(catalogue, "decision.key_decision", ["2"])[0] is False


def test_plain_validation_messages(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.meeting_date", ["32/13/2026", "31/03/2026"])
    assert value == "2026-03-31"
    digits, words = values.example_dates()
    assert f"Sorry: '32/13/2026' is not a date; write it as {digits} or {words}." in shown
    value, shown = plain_ask(catalogue, "screening.people", ["2000000", "12"])
    assert value == 12
    assert "Sorry: 2000000 is above the largest allowed value, 1000000." in shown
    value, shown = plain_ask(catalogue, "decision.title", ["", "Given"])
    assert value == "Given"
    assert "Sorry: An answer is needed: this question is required." in shown


def test_plain_text_default_and_skip(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.title", [""], default="Kept title")
    assert value == "Kept title"
    assert "Current answer: Kept title. Press Enter to keep it." in shown
    assert plain_ask(catalogue, "screening.people", [":skip"], default=5)[0] is None
    value, shown = plain_ask(catalogue, "decision.title", [":skip", "T"])
    assert value == "T" and "This one cannot be skipped: the assessment cannot be completed without it" in shown


def test_plain_longtext_reads_until_an_empty_line(catalogue: Catalogue) -> None:
    value, _ = plain_ask(catalogue, "screening.reason", ["First line.", "Second line.", ""])
    assert value == "First line.\nSecond line."


def test_plain_multi_numbers_and_required_message(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "groups.adverse", ["2, 1"])
    assert value == ["carers", "older_people"]
    assert "Type the numbers of all that apply" in shown
    value, _ = plain_ask(catalogue, "groups.adverse", [""], default=["carers"])
    assert value == ["carers"]
    value, shown = plain_ask(catalogue, "groups.adverse", ["1,7", "1"])
    assert value == ["older_people"] and "Sorry: use numbers from 1 to 3" in shown


def test_plain_commands(catalogue: Catalogue) -> None:
    assert plain_ask(catalogue, "decision.kind", ["<"])[0] is BACK
    assert plain_ask(catalogue, "decision.title", [":back"])[0] is BACK
    assert plain_ask(catalogue, "groups.adverse", [":note"])[0] is NOTE
    assert plain_ask(catalogue, "decision.kind", [":save"])[0] is SAVE


def test_plain_guidance_then_answer(catalogue: Catalogue) -> None:
    value, shown = plain_ask(catalogue, "decision.kind", ["?", "2"])
    assert value == "strategy"
    assert "Guidance:\nThe kind of decision decides which questions follow" in shown
    value, shown = plain_ask(catalogue, "decision.title", ["?", "T"])
    assert "Sources:\n- Council report writing guide (https://example.org/guide)" in shown


def test_plain_records(catalogue: Catalogue) -> None:
    lines = ["1", "Leaflet drop", "", "31/03/2026", "", "1"]  # add; fields; Done
    value, shown = plain_ask(catalogue, "actions.plan", lines)
    assert value == [{"action": "Leaflet drop", "due": "2026-03-31"}]
    assert "Entry 1:" in shown


def test_adopted_entries_ask_only_their_empty_fields(catalogue: Catalogue) -> None:
    """Adopting is not retyping, nor confirming field by field: what a suggestion fills in is
    shown and kept, only what it leaves empty is asked, and the list can still change any entry."""
    full = {"action": "Keep route 7 until 21:00.", "owner": "Transport manager", "due": "2027-03-31"}
    bare = {"action": "Leaflets at every stop."}
    # adopt both; not shared; entry 1: only its empty field (how you will know); entry 2: owner, due, ...; Done
    prompter, out = plain(["1,2", "2", "", "Parish clerk", "", "", "1"])
    question = catalogue.by_id["actions.plan"]
    value = ask_question(
        prompter,
        question,
        catalogue.options(question),
        suggestions=[Suggestion("Keep route 7", full), Suggestion("Leaflets", bare)],
    )
    shown = out.getvalue()
    assert value == [full, {"action": "Leaflets at every stop.", "owner": "Parish clerk"}]
    assert (
        "Entry 1, adopted: Action: Keep route 7 until 21:00; Owner: Transport manager; Due date: 31/03/2027\n" in shown
    )
    first = shown[shown.index("Entry 1:") : shown.index("Entry 2, adopted")]
    assert "Owner" not in first and "Due date" not in first and "How will you know it worked?" in first
    assert "Entry 2, adopted: Action: Leaflets at every stop\n" in shown and "Entry 2:" in shown
    assert "Change entry 1" in shown


def test_plain_end_of_input_raises_eof(catalogue: Catalogue) -> None:
    with pytest.raises(EOFError):
        plain_ask(catalogue, "decision.title", [])
