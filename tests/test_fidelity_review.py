"""What an officer's second walk-through found the interview suggests and the appendix prints that
the officer did not say (officer-2 review, issues 16 and 17), checked on the officer's own three
answers files: the session driven with their answers, and the Word appendix rendered by the real
CLI and read back with python-docx."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from hiap.answers import answers_file
from hiap.interview.prompter import PlainPrompter
from hiap.interview.session import Session
from hiap.models.answers import Answer
from hiap.pipeline import assess
from tests.conftest import ROOT, Run
from tests.rendering import engine

FOLDER = Path(__file__).parent / "fixtures" / "fidelity"
SCREENED = FOLDER / "ending-saturday-opening-at-strood-library.hiap.yaml"
RAPID = FOLDER / "introducing-on-street-parking-charges-in-bury-park-district.hiap.yaml"
FULL = FOLDER / "re-procuring-the-housing-related-support-service-for-single.hiap.yaml"
TELEPHONY = ROOT / "examples" / "medway-telephony-contract.hiap.yaml"


def copy(source: Path, folder: Path, changes: dict[str, Any] | None = None) -> Path:
    """A copy of an answers file, with some answers changed (None removes one)."""
    path = folder / source.name
    shutil.copyfile(source, path)
    if changes:
        answers = answers_file.load(path)
        for qid, value in changes.items():
            if value is None:
                answers.remove(qid)
            else:
                answers.set(qid, Answer(value=value))
        answers_file.save(answers, path)
    return path


def session_on(path: Path, lines: tuple[str, ...] = ()) -> tuple[Session, io.StringIO]:
    """The interview on an answers file, with every installed plugin, as `hiap assess FILE` opens it."""
    found = engine()
    out = io.StringIO()
    prompter = PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out)
    session = Session(found.catalogue, prompter, assess=lambda a: assess(a, found), by="Test Officer")
    session.answers = answers_file.load(path)
    session.path = path
    session._refresh()
    return session, out


def pre_ticked(path: Path) -> list[str]:
    session, _ = session_on(path)
    return session._default(session.catalogue.by_id["groups.adverse"]) or []


def review(path: Path) -> str:
    """The review screen's text, left by 'Save and exit'."""
    session, out = session_on(path, ("3",))
    assert session._review() == "saved"
    return " ".join(out.getvalue().split())


def render(hiap: Run, path: Path) -> tuple[Any, str]:
    """The appendix through the CLI, read back: the document and its text, tables included."""
    out = path.with_suffix(".docx")
    result = hiap("render", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


def under(document: Any, heading: str) -> str:
    """The paragraphs under a heading, up to the next heading."""
    found: list[str] = []
    inside = False
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            if inside:
                break
            inside = p.text == heading
        elif inside:
            found.append(p.text)
    assert inside or found, f"no heading {heading!r}"
    return "\n".join(found)


# -- 1 and 2: what is pre-ticked and pointed to follows the officer's earlier answers ----------


def test_harm_falling_on_deprived_areas_pre_ticks_core20_and_low_incomes(tmp_path: Path) -> None:
    """Route 2: a charge the officer said falls more on deprived areas and low incomes, and that
    raises costs, pre-ticks the Core20 and low-income groups; 'much the same for everyone' does not."""
    path = copy(RAPID, tmp_path, {"groups.adverse": None, "groups.positive": None, "groups.effects": None})
    assert {"imd_core20", "low_income"} <= set(pre_ticked(path))
    even = copy(RAPID, tmp_path, {"groups.adverse": None, "groups.positive": None, "screening.gradient": "even"})
    assert "imd_core20" not in pre_ticked(even)


def test_the_gradient_alone_pre_ticks_no_one_when_nothing_points_to_harm(tmp_path: Path) -> None:
    """A benefit that falls more on deprived areas harms nobody: no answer scores harm, nothing is pre-ticked."""
    changes: dict[str, Any] = {"groups.adverse": None, "groups.positive": None}
    changes.update(
        {"transport.costs": "reduces_all", "transport.air_noise": None, "transport.changes": ["fares_charges"]}
    )
    path = copy(RAPID, tmp_path, changes)
    assert "imd_core20" not in pre_ticked(path) and "low_income" not in pre_ticked(path)


def test_no_children_affected_rules_out_lone_parents_pregnancy_and_principle_1(tmp_path: Path) -> None:
    """Route 3: the officer said no children are affected; the housing answers that list lone
    parents and score principle 1 no longer pre-tick them nor flag principle 1 at the review."""
    path = copy(FULL, tmp_path, {"groups.adverse": None, "groups.positive": None})
    ticked = set(pre_ticked(path))
    assert ticked, "the housing answers still point to groups"
    assert not ticked & {"lone_parents", "pregnancy_maternity", "children_young_people", "children_poverty"}
    assert "principle 1 (best start in life)" not in review(path)
    # where children are affected, the same housing answers do point to principle 1
    heard = copy(FULL, tmp_path, {"duties.children": "not_heard"})
    assert "Your answers point to an effect on principle 1 (best start in life), which you did not tick" in review(
        heard
    )


# -- 3: a group worse off beside its principle rated unaffected is said, not left silent --------


def test_a_group_worse_off_beside_its_principle_not_rated_is_flagged_at_review(tmp_path: Path) -> None:
    path = copy(RAPID, tmp_path)
    shown = review(path)
    assert (
        "You named people from ethnic minority groups as worse off, but you did not rate principle 7 "
        "(racism and discrimination) as affected" in shown
    )
    assert "You named disabled people as worse off in some ways" in shown  # mixed: better off in some ways too


def test_the_appendix_says_so_beside_not_affected(hiap: Run, tmp_path: Path) -> None:
    _, text = render(hiap, copy(RAPID, tmp_path))
    assert "7. Racism and discrimination" in text and "People from ethnic minority groups" in text
    assert (
        "The assessor named people from ethnic minority groups as worse off (see People affected) but did not "
        "rate principle 7 (racism and discrimination) as affected." in text
    )


def test_no_material_effect_counts_as_not_affected_and_a_rating_clears_the_flag(hiap: Run, tmp_path: Path) -> None:
    ticked = ["3", "4", "5", "7", "8"]
    neutral = {"screening.principles": ticked, "p7.effect": "neutral", "p7.reasoning": "No change for anyone."}
    (tmp_path / "n").mkdir()
    _, text = render(hiap, copy(RAPID, tmp_path / "n", neutral))
    assert "did not rate principle 7 (racism and discrimination) as affected" in text
    rated = {**neutral, "p7.effect": "minor_negative", "p7.reasoning": "The charge falls mainly on Asian traders."}
    rated["p7.mitigation"] = "Staff permits."
    rated["p7.residual"] = "none"
    (tmp_path / "r").mkdir()
    _, text = render(hiap, copy(RAPID, tmp_path / "r", rated))
    assert "principle 7 (racism and discrimination) as affected" not in text


# -- 4: a screened-out decision: principles touched in screening, no claim of due regard --------


def test_screened_out_principles_read_as_touched_not_rated(hiap: Run, tmp_path: Path) -> None:
    _, text = render(hiap, copy(SCREENED, tmp_path))
    assert (
        "Touched in screening: 2. capabilities and control; and 5. healthy and sustainable places. "
        "Not rated, because the decision was screened out." in text
    )
    assert "no material effect on any of the eight" not in text  # the officer ticked two
    assert "Not yet rated" not in text and "not yet rated" not in text
    assert "sets out how the council has had due regard" not in text  # groups.psed is never asked


def test_the_terminal_summary_of_a_screening_says_the_same(tmp_path: Path) -> None:
    from hiap.interview.summary import show_summary

    session, out = session_on(copy(SCREENED, tmp_path))
    assert session.answers is not None
    show_summary(session.prompter, session.assess(session.answers))
    shown = " ".join(out.getvalue().split())
    assert "Touched in screening: 2. capabilities and control; and 5. healthy and sustainable places." in shown
    assert "Not assessed (n/a)" not in shown and "Not affected" not in shown  # the two it touched


def test_a_decision_screened_out_with_no_principle_ticked_says_so(hiap: Run, tmp_path: Path) -> None:
    _, text = render(hiap, copy(TELEPHONY, tmp_path))
    assert "no material effect on any of the eight Marmot principles" in text
    assert "Touched in screening" not in text
    assert "sets out how the council has had due regard" not in text


# -- 5: nothing implies the officer left out what their route never asked ----------------------


@pytest.mark.parametrize("source", [SCREENED, RAPID], ids=["screened-out", "rapid"])
def test_routes_that_never_ask_sources_or_indicators_print_no_gap(hiap: Run, tmp_path: Path, source: Path) -> None:
    document, text = render(hiap, copy(source, tmp_path))
    assert "cited no sources" not in text
    assert "No monitoring indicators" not in text
    assert "Evidence and sources" not in [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


# -- 6: the duties: the officer's choice, each under a heading of its own ------------------------


def test_duties_print_the_choice_without_examples_under_their_own_headings(hiap: Run, tmp_path: Path) -> None:
    document, text = render(hiap, copy(FULL, tmp_path))
    assert "Could increase them" in text
    assert "less lighting or staffing" not in text  # the option's examples, not the officer's words
    socio = under(document, "Socio-economic duty (Equality Act 2010, section 1)")
    for other in ("No children are affected", "Could increase them", "No interference"):
        assert other not in socio
    assert "No children are affected" in under(document, "Children's welfare")
    assert "Could increase them" in under(document, "Crime and disorder")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert not [h for h in headings if h.endswith("?")], "a duty is headed by its topic, not by the question"


# -- 7: Table 2's gap column never uses the symbol for minor negative for 'not assessed' -------------


def test_the_gap_column_says_not_assessed_rather_than_a_dash(hiap: Run, tmp_path: Path) -> None:
    document, _ = render(hiap, copy(FULL, tmp_path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Marmot principle")
    assert [c.text for c in table.rows[0].cells] == ["Marmot principle", "Rating", "Effect on the gap"]
    rows = {r.cells[0].text: r.cells[2].text for r in table.rows[1:]}
    assert rows["1. Best start in life"] == "Not assessed"  # not ticked in screening: no finding claimed
    assert rows["8. Sustainability and health equity"] == "Not assessed"
    assert "-" not in rows.values()
    rapid, _ = render(hiap, copy(RAPID, tmp_path))
    table = next(t for t in rapid.tables if t.rows[0].cells[0].text == "Marmot principle")
    assert len(table.columns) == 2  # a rapid assessment rates no effect on the gap: no column for it
