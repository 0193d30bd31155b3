"""Living assessments, as users meet them on the command line: a review round trip, a new version
of a signed-off assessment (the first left byte for byte as it was), checklist upgrades that lose
nothing, progress that never reopens a sign-off, ``hiap monitor`` and ``hiap check``'s dates."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hiap import yamlio
from hiap.answers import answers_file, versions
from hiap.config import Config
from hiap.models.answers import Answer, AnswersFile
from hiap.pipeline import Engine, open_engine
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FARES = FIXTURES / "living" / "fares.hiap.yaml"
V1 = sorted((FIXTURES / "v1").glob("*.hiap.yaml"))
NO_PLUGINS = ("--plugins", "")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return open_engine(config=Config())


@pytest.fixture(scope="module")
def core() -> Engine:
    return open_engine(only="", entry_points=False, config=Config())


def raw(path: Path) -> AnswersFile:
    return answers_file.load(path)


def copy(source: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def sample(question: Any, catalogue: Any, given: dict[str, Any]) -> Any:
    """A valid answer for any question, to complete a file without caring what it says."""
    kind = question.type
    if kind == "text":
        return "Test answer"
    if kind == "longtext":
        return "A test answer."
    if kind == "date":
        return "2027-03-31"
    if kind == "number":
        return int(question.minimum) if question.minimum is not None else 1
    if kind == "yesno":
        return False
    options = catalogue.options(question)
    if kind in ("choice", "rating"):
        return options[0].value
    if kind == "multi":
        return [options[0].value]
    if kind == "each":
        return {v: "A line for this group." for ref in question.each for v in (given.get(ref) or [])} or None
    return [{f.id: {"date": "2027-03-31"}.get(f.type, "Test") for f in question.fields}]


def complete(path: Path, engine: Engine) -> AnswersFile:
    """Answer every required question still missing (in order), and save."""
    from hiap.checklist.route import route

    answers = answers_file.load_validated(path, engine.catalogue)
    for _ in range(50):
        now = route(engine.catalogue, answers.values())
        missing = [q for q in now.missing if q.asked_in == "assess"]
        if not missing:
            break
        answers.set(missing[0].id, Answer(value=sample(missing[0], engine.catalogue, now.values)))
    answers_file.save(answers, path)
    return answers


# -- review -----------------------------------------------------------------------------------


def test_review_round_trip(hiap: Run, core: Engine, tmp_path: Path) -> None:
    """Reviewer comments and returns; the officer answers on resume; the reviewer approves."""
    from hiap.interview.prompter import PlainPrompter
    from hiap.interview.session import Session
    from hiap.living.respond import Opened, on_resume
    from hiap.pipeline import assess

    path = copy(FARES, tmp_path)
    returned = hiap(
        "review",
        str(path),
        "--comment",
        "p4.reasoning",
        "Say who is most affected, and how you know.",
        "--comment",
        "p4",
        "Is no remaining harm realistic?",
        "--return",
        "--by",
        "Asha Rao, Equality Lead",
        *NO_PLUGINS,
    )
    assert returned.returncode == 0, returned.stderr
    assert "Comment c1 on Principle 4 (healthy standard of living): Why this rating?" in returned.stdout
    assert "Comment c2 on the section 'Ensure a healthy standard of living for all'" in returned.stdout
    assert "Returned to the officer with 2 comments to answer." in returned.stdout

    # approving with comments still waiting for the officer is refused, and nothing is written
    before = path.read_bytes()
    refused = hiap("review", str(path), "--approve", "--reviewer", "A", "--approver", "B", *NO_PLUGINS)
    assert refused.returncode == 2 and "2 comments still wait for the officer (c1, c2)" in refused.stderr
    assert path.read_bytes() == before

    # the officer resumes: changes the answer commented on, and replies to the section's comment
    lines = ["1", "Fares rise 10%; disabled people ride most.", "", "", "2", "Yes: every low-income household.", ""]
    out = io.StringIO()
    prompter = PlainPrompter(stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out)
    session = Session(core.catalogue, prompter, assess=lambda a: assess(a, core), by="Sam Patel")
    session.open(path)
    assert on_resume(session, Opened(path)) is None
    shown = out.getvalue()
    assert "Comments from the review (2)" in shown
    assert "Answer now: Fares rise for people on low incomes who rely on the bus." in shown
    assert "Asha Rao, Equality Lead (" in shown and "Say who is most affected, and how you know." in shown
    answers = raw(path)
    assert answers.answers["p4.reasoning"].value == "Fares rise 10%; disabled people ride most."
    c1, c2 = answers.comments
    assert (c1.status, c1.responses[0].text, c1.responses[0].by) == ("answered", "Changed as you asked.", "Sam Patel")
    assert (c2.status, c2.responses[0].text) == ("answered", "Yes: every low-income household.")

    approved = hiap(
        "review",
        str(path),
        "--approve",
        "--reviewer",
        "Asha Rao, Equality Lead",
        "--approver",
        "Director of Place",
        "--by",
        "Asha Rao",
        *NO_PLUGINS,
    )
    assert approved.returncode == 0, approved.stderr
    answers = raw(path)
    assert [c.status for c in answers.comments] == ["resolved", "resolved"]
    assert answers.answers["signoff.reviewer"].value == "Asha Rao, Equality Lead"
    assert answers.answers["signoff.approver"].value == "Director of Place"
    trail = [e.event for e in answers.events]
    assert trail[:3] == ["commented", "commented", "reviewed"]
    assert answers.events[2].note == "Returned to the officer with 2 comments to answer"
    assert trail[-4:] == ["resolved", "resolved", "reviewed", "signed_off"]
    assert trail.count("responded") == 2
    assert answers.events[-1].by == "Director of Place" and answers.events[-2].by == "Asha Rao, Equality Lead"
    md = hiap("render", str(path), "--format", "md", "-o", "-", *NO_PLUGINS).stdout
    assert "| Status | Approved |" in md and "Director of Place" in md
    # signed off: never changed in place, whatever the reviewer tries
    again = hiap("review", str(path), "--comment", "p4.effect", "One more thing", *NO_PLUGINS)
    assert again.returncode == 2 and "hiap revise" in again.stderr
    listed = hiap("review", str(path), "--list", *NO_PLUGINS)
    assert "Version 1 · Approved" in listed.stdout and "[Resolved]" in listed.stdout


def test_review_refuses_what_it_cannot_do(hiap: Run, tmp_path: Path) -> None:
    path = copy(FARES, tmp_path)
    draft = raw(path)
    draft.remove("groups.psed")
    answers_file.save(draft, path)
    bad = hiap("review", str(path), "--comment", "p9.effect", "x", *NO_PLUGINS)
    assert bad.returncode == 2 and "no question or section has the id 'p9.effect'" in bad.stderr
    incomplete = hiap("review", str(path), "--approve", "--reviewer", "A", "--approver", "B", *NO_PLUGINS)
    assert incomplete.returncode == 2 and "it is not complete, 1 answer to give" in incomplete.stderr
    names = hiap("review", str(path), "--approve", *NO_PLUGINS)
    assert names.returncode == 2 and "--reviewer" in names.stderr
    terminal = hiap("review", str(path), *NO_PLUGINS)
    assert terminal.returncode == 2 and "needs a terminal" in terminal.stderr
    assert "Traceback" not in bad.stderr + incomplete.stderr + names.stderr


def test_version_history_summarises_the_review() -> None:
    from hiap import wording
    from hiap.models.answers import Event

    events = [
        Event(at="2027-01-05T10:00:00Z", event="created", by="Sam"),
        Event(at="2027-01-09T10:00:00Z", event="commented", by="Asha", note="c1 on p4.effect"),
        Event(at="2027-01-09T10:05:00Z", event="commented", by="Asha", note="c2 on p4.reasoning"),
        Event(at="2027-01-09T10:06:00Z", event="reviewed", by="Asha", note="Returned to the officer with 2 comments"),
        Event(at="2027-01-10T09:00:00Z", event="answered", by="Sam"),
        Event(at="2027-01-10T09:00:00Z", event="responded", by="Sam", note="c1: answer changed"),
        Event(at="2027-01-11T09:00:00Z", event="signed_off", by="Director"),
    ]
    assert wording.version_history(events) == [
        ("2027-01-05", "Created", "Sam"),
        ("2027-01-09", "Review comment (2)", "Asha"),
        ("2027-01-09", "Returned to the officer with 2 comments", "Asha"),
        ("2027-01-10", "Officer's response", "Sam"),
        ("2027-01-11", "Signed off", "Director"),
    ]


# -- revise -----------------------------------------------------------------------------------


def test_revise_keeps_the_signed_off_version_byte_for_byte(hiap: Run, engine: Engine, tmp_path: Path) -> None:
    v1 = copy(FIXTURES / "v1" / "luton-temporary-accommodation.hiap.yaml", tmp_path, "luton-ta.hiap.yaml")
    original = v1.read_bytes()
    renders = {}
    for fmt in ("md", "json"):
        result = hiap("render", str(v1), "--format", fmt, "-o", "-")
        assert result.returncode == 0, result.stderr
        renders[fmt] = result.stdout
    assert hiap("render", str(v1), "-o", str(tmp_path / "before.docx")).returncode == 0

    started = hiap("revise", str(v1), "--reason", "Cabinet asked for a phased start", "--by", "Sam", "--no-input")
    assert started.returncode == 0, started.stderr
    v2 = tmp_path / "luton-ta-v2.hiap.yaml"
    assert f"Wrote version 2: {v2}" in started.stdout
    assert v1.read_bytes() == original
    second = raw(v2)
    assert second.revision_of is not None
    assert (second.revision_of.file, second.revision_of.version) == ("luton-ta.hiap.yaml", 1)
    assert second.revision_of.sha256 == versions.digest(v1)
    assert [e.event for e in second.events] == ["revised", "upgraded"]
    assert second.events[0].note == "Version 2, revising luton-ta.hiap.yaml: Cabinet asked for a phased start"
    assert second.events[0].by == "Sam"
    assert second.checklists["core"] == "2.0.0"
    # sign-off is given again for this version; the first version's review stays with it
    assert "signoff.reviewer" not in second.answers and "signoff.approver" not in second.answers
    assert second.comments == []

    # change one answer, give what the new checklist asks, and sign version 2 off
    answers = answers_file.load_validated(v2, engine.catalogue)
    answers.set("monitoring.review_date", Answer(value="2027-09-30"))
    answers_file.save(answers, v2)
    complete(v2, engine)
    signed = hiap("review", str(v2), "--approve", "--reviewer", "Consultant in Public Health", "--approver", "Director")
    assert signed.returncode == 0, signed.stderr

    assert v1.read_bytes() == original
    for fmt, before in renders.items():
        assert hiap("render", str(v1), "--format", fmt, "-o", "-").stdout == before
    assert hiap("render", str(v1), "-o", str(tmp_path / "after.docx")).returncode == 0
    assert docx_parts(tmp_path / "before.docx") == docx_parts(tmp_path / "after.docx")

    diff = hiap("diff", str(v1), str(v2))
    assert diff.returncode == 0, diff.stderr
    assert "Version\n- Version: 1 → 2 (revised on " in diff.stdout
    assert " by Sam: Cabinet asked for a phased start)\n" in diff.stdout
    assert "Review date: 7 June 2027 → 30 September 2027" in diff.stdout

    assert versions.is_earlier_version(v1, v2) and not versions.is_earlier_version(v2, v1)
    refused = hiap("revise", str(v1), "--reason", "Again", "--no-input")
    assert refused.returncode == 2 and "luton-ta-v2.hiap.yaml" in refused.stderr
    third = hiap("revise", str(v2), "--reason", "The review found a gap", "--no-input")
    assert third.returncode == 0, third.stderr
    v3 = tmp_path / "luton-ta-v3.hiap.yaml"
    assert raw(v3).revision_of.version == 2  # type: ignore[union-attr]
    assert versions.is_earlier_version(v1, v3)
    assert versions.superseded([v1, v2, v3]) == {v1: v3, v2: v3}
    assert versions.latest_version(v1) == v3


def docx_parts(path: Path) -> dict[str, bytes]:
    """Every part of a Word file (the zip itself also stores the time it was written)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_revise_refuses_drafts_and_needs_a_reason(hiap: Run, tmp_path: Path) -> None:
    draft = copy(FARES, tmp_path)
    result = hiap("revise", str(draft), "--reason", "Because", "--no-input", *NO_PLUGINS)
    assert result.returncode == 2 and "not signed off, so it is changed in place" in result.stderr
    signed = copy(V1[0], tmp_path)
    reasonless = hiap("revise", str(signed), "--no-input")
    assert reasonless.returncode == 2 and "a new version needs a reason" in reasonless.stderr
    assert not list(tmp_path.glob("*-v2.hiap.yaml"))


def test_versions_are_recognised_by_their_link_only(tmp_path: Path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir()
    two.mkdir()
    v1 = copy(V1[0], one, "x.hiap.yaml")
    other = copy(V1[1], one, "y.hiap.yaml")
    from hiap.models.answers import RevisionOf

    answers = raw(v1)
    answers.revision_of = RevisionOf(file="x.hiap.yaml", version=1, sha256=versions.digest(v1))
    v2 = one / "x-v2.hiap.yaml"
    answers_file.save(answers, v2)
    assert versions.is_earlier_version(v1, v2)
    assert not versions.is_earlier_version(other, v2) and not versions.is_earlier_version(v1, other)
    # copies elsewhere keep the link (the digest), and a file that names itself never loops
    moved_v1, moved_v2 = copy(v1, two, "renamed.hiap.yaml"), copy(v2, two)
    assert versions.is_earlier_version(moved_v1, moved_v2)
    loop = raw(other)
    loop.revision_of = RevisionOf(file="loop.hiap.yaml", version=1, sha256="0" * 64)
    answers_file.save(loop, one / "loop.hiap.yaml")
    assert not versions.is_earlier_version(v1, one / "loop.hiap.yaml")
    assert versions.revision_path(Path("f/luton-v2.hiap.yaml"), 3) == Path("f/luton-v3.hiap.yaml")


# -- upgrade ----------------------------------------------------------------------------------


def _mapping(engine: Engine, qid: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for checklist in engine.catalogue.checklists:
        for step in checklist.upgrades:
            found.update(step.options.get(qid, {}))
    return found


def _as_read(engine: Engine, qid: str, value: Any) -> Any:
    """A value as hiap reads it for its question ('yes' typed for a yes/no question is True)."""
    from hiap.answers.values import AnswerError, parse_value

    question = engine.catalogue.by_id.get(qid)
    if question is None:
        return value
    try:
        return parse_value(question, value, engine.catalogue.options(question))
    except AnswerError:
        return value


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [" ".join(str(value).split())]


def assert_nothing_lost(before: AnswersFile, after: AnswersFile, report: dict[str, Any], engine: Engine) -> None:
    """Every answer of the old file is in the upgraded one: as it was, carried (renamed, merged,
    collected, its option mapped), kept under its old id (retired), or kept in ``kept``."""
    carried = {old: entry for entry in report["carried"] for old in entry["from"]}
    retired = {r["id"] for r in report["retired"]}
    kept = {(k.id, json.dumps(k.value, sort_keys=True, default=str)) for k in after.kept}
    text = json.dumps(after.dump(), default=str)
    for qid, answer in before.flat().items():
        value = answer.value
        if value is None:
            continue
        now = after.get(qid)
        entry = carried.get(qid)
        if (qid, json.dumps(value, sort_keys=True, default=str)) in kept:
            pass
        elif entry is None or qid in retired:
            assert now is not None, f"{qid} was lost"
            value = _as_read(engine, qid, value)
            same = now.value == value or now.value == [value] or str(now.value) == str(value)
            assert same, f"{qid} changed without being listed: {value!r} -> {now.value!r}"
        else:
            target = after.get(entry["to"])
            assert target is not None and target.value is not None, f"{qid} carried to {entry['to']}, which is empty"
            how = entry["how"]
            if how in ("renamed", "list"):  # and its options mapped, where the same step maps them
                mapping = _mapping(engine, entry["to"])
                value = [mapping.get(v, v) for v in value] if isinstance(value, list) else mapping.get(value, value)
                value = _as_read(engine, entry["to"], value)
                assert target.value in (value, [value]), f"{qid}: {value!r} -> {target.value!r}"
            elif how == "merged":
                for part in _texts(value):
                    assert part in " ".join(_texts(target.value)), f"{qid}: '{part[:40]}' not in {entry['to']}"
            elif how == "collected":
                option = next(
                    opt
                    for c in engine.catalogue.checklists
                    for step in c.upgrades
                    for old, opt in step.collected.get(entry["to"], {}).items()
                    if old == qid
                )
                assert (option in target.value) == (value is True or str(value).lower() in ("yes", "true"))
            elif how == "options":
                mapping = _mapping(engine, entry["to"])
                if isinstance(value, list):  # two old options may map to one new one
                    assert target.value == list(dict.fromkeys(mapping.get(v, v) for v in value))
                else:
                    assert target.value == mapping.get(value, value)
        for part in _texts(answer.note) if answer.note else []:
            assert part[:60] in " ".join(text.split()), f"the note on {qid} was lost"
        for source in answer.sources:
            assert source in text, f"a source of {qid} was lost"


@pytest.mark.parametrize("old", V1, ids=[p.name.split(".")[0] for p in V1])
def test_every_v1_file_upgrades_with_nothing_lost(hiap: Run, engine: Engine, old: Path, tmp_path: Path) -> None:
    path = copy(old, tmp_path)
    dry = hiap("upgrade", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert path.read_bytes() == old.read_bytes(), "--dry-run wrote the file"
    assert "Checklists: groups 1.0.0 → " in dry.stdout and "; core 1.0.0 → 2.0.0" in dry.stdout
    assert "No longer asked: kept in the file" in dry.stdout and "Nothing was written (--dry-run)." in dry.stdout
    result = hiap("upgrade", str(path), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["upgraded"] is True and report["versions"]["core"] == {"from": "1.0.0", "to": "2.0.0"}
    after = raw(path)
    assert after.checklists["core"] == "2.0.0" and after.events[-1].event == "upgraded"
    assert_nothing_lost(raw(old), after, report, engine)
    # the upgraded file checks, and 'assess' would ask only the questions listed as new
    assert hiap("check", str(path)).returncode == 0
    from hiap.checklist.route import route

    upgraded = answers_file.load_validated(path, engine.catalogue)
    unasked = [q.id for q in route(engine.catalogue, upgraded.values()).unasked()]
    assert unasked == [q["id"] for q in report["new_questions"]]
    again = hiap("upgrade", str(path))
    assert again.returncode == 0 and "nothing to upgrade" in again.stdout


LIBRARIES_V1 = """\
id: libraries
version: "1.0.0"
title: Libraries
sections:
  - id: libraries
    title: Libraries
    questions:
      - id: libraries.name
        text: Which library is affected?
        help: Name the branch as the library service and its users know it.
        type: text
      - id: libraries.opening
        text: When will it open?
        help: Opening hours decide who can use it, such as workers, carers and children at school.
        type: choice
        options: [{value: weekday, label: Weekdays}, {value: weekend, label: Weekends}, {value: closed, label: Closed}]
      - id: libraries.staffed
        text: Will it be staffed?
        help: Staff help people who cannot use the self-service machines or the internet.
        type: yesno
"""

LIBRARIES_V2 = """\
id: libraries
version: "2.0.0"
title: Libraries
sections:
  - id: libraries
    title: Libraries
    questions:
      - id: libraries.branch
        text: Which branch library does the decision change?
        help: Name the branch as the library service and its users know it.
        type: text
      - id: libraries.opening
        text: When will it open?
        help: Opening hours decide who can use it, such as workers, carers and children at school.
        type: choice
        options: [{value: weekday, label: Weekdays}, {value: evenings, label: Weekday evenings}, {value: closed, label: Closed}]
      - id: libraries.digital
        text: Will people without the internet still be able to use it?
        help: Digital exclusion falls hardest on older, disabled and poorer residents, who use libraries most.
        type: yesno
        required: true
upgrades:
  - to: "2.0.0"
    note: Library questions now name the branch and ask about digital access.
    renamed: {libraries.name: libraries.branch}
    retired: {libraries.staffed: Staffing is now part of the opening hours.}
"""


def libraries_plugin(path: Path) -> Any:
    """A sector plugin whose checklist is whichever version the test wrote to ``path``."""
    import types

    from hiap import hookimpl

    @hookimpl
    def checklist_sources() -> list[Path]:
        return [path]

    return types.SimpleNamespace(__name__="libraries", checklist_sources=checklist_sources)


def test_upgrade_across_a_checklist_change_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renamed question, a removed option and a new question, through 'hiap upgrade'."""
    from hiap.cli import main

    checklist = tmp_path / "libraries.yaml"
    checklist.write_text(LIBRARIES_V2, encoding="utf-8")
    plugin = libraries_plugin(checklist)
    engine = open_engine(only="libraries", entry_points=False, config=Config(), extra=[("libraries", plugin)])
    monkeypatch.setattr("hiap.commands.engine_from", lambda *a, **k: engine)

    path = copy(FARES, tmp_path)
    answers = raw(path)
    answers.checklists = {**engine.catalogue.origins(), "libraries": "1.0.0"}
    answers.set("libraries.name", Answer(value="Central Library", note="The busiest branch."))
    answers.set("libraries.opening", Answer(value="weekend"))
    answers.set("libraries.staffed", Answer(value=True))
    answers_file.save(answers, path)
    before = raw(path)

    assert main(["upgrade", str(path), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "Checklists: libraries 1.0.0 → 2.0.0." in shown
    assert "Library questions now name the branch and ask about digital access." in shown
    assert (
        "- libraries.name is now libraries.branch ('Which branch library does the decision change?'): Central Library"
        in shown
    )
    assert "- libraries.staffed: Yes. Staffing is now part of the opening hours." in shown
    assert "- libraries.opening: weekend. The option 'weekend' is not offered now." in shown
    assert "- libraries.digital: Will people without the internet still be able to use it?" in shown
    assert "- libraries.opening: When will it open?" in shown  # asked again, its old answer kept

    assert main(["upgrade", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    after = raw(path)
    assert after.get("libraries.branch") == Answer(value="Central Library", note="The busiest branch.")
    assert after.get("libraries.staffed") == Answer(value=True)
    assert after.get("libraries.opening") is None
    assert [(k.id, k.value, k.under) for k in after.kept] == [("libraries.opening", "weekend", "libraries 1.0.0")]
    assert_nothing_lost(before, after, report, engine)
    asked = [q["id"] for q in report["new_questions"]]
    assert asked.index("libraries.opening") < asked.index("libraries.digital") and "libraries.branch" not in asked
    assert after.checklists["libraries"] == "2.0.0"
    from hiap.answers.upgrade import kept_rows

    (row,) = kept_rows(after)  # for the document's record of answers
    assert (row.id, row.answer) == ("libraries.opening", "weekend")
    assert row.kept_because == "the option 'weekend' is not offered now (given under libraries 1.0.0)"


def test_an_old_file_renders_without_upgrading(hiap: Run, tmp_path: Path) -> None:
    path = copy(FIXTURES / "v1" / "west-norfolk-rural-transport.hiap.yaml", tmp_path)
    result = hiap("render", str(path), "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == (FIXTURES / "v1" / path.name).read_bytes()


# -- progress, monitor, check -------------------------------------------------------------------


def test_progress_never_reopens_and_changes_no_answer(hiap: Run, engine: Engine, tmp_path: Path) -> None:
    from hiap.living.common import signed_off

    path = copy(FIXTURES / "v1" / "luton-temporary-accommodation.hiap.yaml", tmp_path)
    before = raw(path)
    listed = hiap("progress", str(path), "--as-of", "2027-07-01")
    assert listed.returncode == 0, listed.stderr
    assert "- Action 2: Move every family with children" in listed.stdout and "Overdue by 151 days" in listed.stdout
    done = hiap(
        "progress", str(path), "action", "2", "--done", "--date", "2027-01-20", "--note", "None beyond six weeks."
    )
    assert done.returncode == 0, done.stderr
    read = hiap("progress", str(path), "indicator", "bed and breakfast", "--value", "0", "--date", "2027-06-01")
    assert read.returncode == 0, read.stderr
    # an indicator is read again and again: a reading is recorded, the indicator is never "done"
    assert "reading 0 of 1 June 2027 recorded, monitoring under way." in read.stdout and "done" not in read.stdout
    ahead = hiap("progress", str(path), "action", "3", "--done", "--date", "2099-01-01")
    assert ahead.returncode == 0 and "--date 1 January 2099 is after today" in ahead.stderr, ahead.stderr
    after = raw(path)
    assert plain(after.answers) == plain(before.answers) and plain(after.decision) == plain(before.decision)
    assert after.checklists == before.checklists  # not carried to newer checklists by recording progress
    assert [e.event for e in after.events[-3:]] == ["progress", "progress", "progress"]
    assert "reopened" not in [e.event for e in after.events] and signed_off(after) is not None
    entry = after.progress[0]
    assert (entry.item, entry.done, entry.date, entry.note) == ("action", True, "2027-01-20", "None beyond six weeks.")
    assert entry.text.startswith("Move every family with children")
    for args, message in (
        (("action", "9", "--done"), "there is no action 9: the plan has 6"),
        (("action", "inspect", "--done"), "'inspect' matches actions 1, 6"),
        (("action", "1", "--value", "3"), "--value is a reading, for an indicator"),
        (("action", "1"), "nothing to record"),
        (("action", "1", "--done", "--date", "someday"), "'someday' is not a date"),
    ):
        result = hiap("progress", str(path), *args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)


def plain(block: dict[str, Answer]) -> dict[str, Any]:
    """Answers as they read (a text's trailing newline from a folded block is not part of it)."""
    return {k: (a.value.rstrip() if isinstance(a.value, str) else a.value, a.note, a.sources) for k, a in block.items()}


def test_monitor_json_on_copies_of_the_examples(hiap: Run, tmp_path: Path) -> None:
    """Every open action due before the date is overdue, with its owner and date."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for path in [*sorted((ROOT / "examples").glob("*.hiap.yaml")), *V1]:
        if not (folder / path.name).exists():
            copy(path, folder)
    luton = folder / "luton-temporary-accommodation.hiap.yaml"
    done_text = yamlio.load(luton, what="answers file").data["answers"]["actions.plan"][1]["action"]
    assert hiap("progress", str(luton), "action", "2", "--done", "--date", "2027-01-20").returncode == 0
    as_of = "2027-05-01"
    result = hiap("monitor", str(folder), "--json", "--as-of", as_of)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all({"file", "title", "item", "text", "owner", "due", "status"} <= set(row) for row in rows)
    assert {row["status"] for row in rows} <= {"overdue", "due_soon", "open", "done"}
    checked = 0
    for path in sorted(folder.glob("*.hiap.yaml")):
        answers = yamlio.load(path, what="answers file").data["answers"]
        for row in answers.get("actions.plan") or []:
            due = str(row.get("due") or "")
            found = [
                r
                for r in rows
                if r["item"] == "action" and r["file"].endswith(path.name) and r["text"] == row["action"]
            ]
            assert len(found) == 1, (path.name, row["action"])
            item = found[0]
            assert item["owner"] == row.get("owner") and item["due"] == (due or None)
            if path == luton and row["action"] == done_text:
                assert item["status"] == "done" and item["done_on"] == "2027-01-20"
            elif due and due < as_of:
                assert item["status"] == "overdue"
                checked += 1
            elif due and due <= "2027-05-31":
                assert item["status"] == "due_soon"
            else:
                assert item["status"] == "open"
    assert checked >= 5
    reviews = [r for r in rows if r["item"] == "review"]
    assert reviews and all(r["text"] == "Review of the assessment" for r in reviews)
    text = hiap("monitor", str(folder), "--as-of", "2027-07-01")
    assert "past the review date" in text.stdout and "Overdue (" in text.stdout
    only = json.loads(hiap("monitor", str(folder), "--json", "--as-of", as_of, "--status", "done").stdout)
    assert [r["status"] for r in only] == ["done"]


def test_monitor_names_the_latest_version_of_a_decision(hiap: Run, tmp_path: Path) -> None:
    v1 = copy(FIXTURES / "v1" / "west-norfolk-rural-transport.hiap.yaml", tmp_path, "wn.hiap.yaml")
    assert hiap("revise", str(v1), "--reason", "Phased start", "--no-input").returncode == 0
    rows = json.loads(hiap("monitor", str(tmp_path), "--json", "--as-of", "2027-05-01").stdout)
    latest = {r["file"].rsplit("/", 1)[-1] for r in rows if r["superseded_by"] is None}
    earlier = {
        (r["file"].rsplit("/", 1)[-1], r["superseded_by"].rsplit("/", 1)[-1]) for r in rows if r["superseded_by"]
    }
    assert latest == {"wn-v2.hiap.yaml"} and earlier == {("wn.hiap.yaml", "wn-v2.hiap.yaml")}
    text = hiap("monitor", str(tmp_path), "--as-of", "2027-05-01").stdout
    assert "Left out as earlier versions of a decision listed here:" in text and "wn.hiap.yaml" in text
    assert "[wn.hiap.yaml]" not in text and "[wn-v2.hiap.yaml]" in text
    stale = hiap("progress", str(v1), "action", "1", "--done")
    assert stale.returncode == 2 and "a later version of this assessment exists (wn-v2.hiap.yaml)" in stale.stderr


def test_check_warns_about_dates_already_past(hiap: Run, tmp_path: Path) -> None:
    path = copy(FARES, tmp_path)
    quiet = hiap("check", str(path), "--today", "2026-11-01", *NO_PLUGINS)
    assert (quiet.returncode, quiet.stderr) == (0, "")
    late = hiap("check", str(path), "--today", "2027-07-01", *NO_PLUGINS)
    assert late.returncode == 0 and late.stdout == f"{path}: OK\n"
    assert (
        "action 1 ('Extend concessionary fares') was due on 31 January 2027 and is not recorded as done" in late.stderr
    )
    assert "the review date, 30 June 2027, has passed" in late.stderr
    assert "still a draft" not in late.stderr  # complete: the meeting date is no concern
    draft = raw(path)
    draft.remove("groups.psed")
    answers_file.save(draft, path)
    record = json.loads(hiap("check", str(path), "--json", "--today", "2027-07-01", *NO_PLUGINS).stdout)["files"][0]
    assert record["ok"] is True and len(record["warnings"]) == 4
    assert record["warnings"][0].startswith("the decision was due to be taken on 7 December 2026, but the assessment")


# -- portfolio ---------------------------------------------------------------------------------


def test_portfolio_shows_what_was_promised_and_delivered(hiap: Run, tmp_path: Path) -> None:
    import csv
    import sqlite3

    folder = tmp_path / "folder"
    folder.mkdir()
    luton = copy(FIXTURES / "v1" / "luton-temporary-accommodation.hiap.yaml", folder)
    evidence = copy(FIXTURES / "v1" / "kings-lynn-with-local-evidence.hiap.yaml", folder)
    assert (
        hiap("progress", str(luton), "action", "2", "--done", "--date", "2027-01-20", "--note", "Done.").returncode == 0
    )
    # the configured source has a newer period for one snapshotted figure
    export = (ROOT / "examples" / "evidence" / "sample-fingertips-export.csv").read_text(encoding="utf-8-sig")
    snapshot = raw(evidence).evidence
    assert snapshot is not None
    figure = next(i for i in snapshot.items if i.indicator_id == "93759")
    assert (figure.period, figure.value) == ("2023", "14.2")
    line = next(x for x in export.splitlines() if x.startswith("93759,") and "E07000146" in x and '"2023",14.2' in x)
    newer = line.replace('"2023",14.2', '"2024",19.9').replace("20230000", "20240000")
    (tmp_path / "fingertips.csv").write_text(export.rstrip("\n") + "\n" + newer + "\n", encoding="utf-8")
    shutil.copyfile(ROOT / "examples" / "evidence" / "sample-asset-register.csv", tmp_path / "assets.csv")
    (tmp_path / "hiap.toml").write_text(
        '[council]\nname = "Test council"\narea_code = "E07000146"\n\n'
        '[plugins.evidence]\nindicators = ["fingertips.csv"]\nassets = ["assets.csv"]\n',
        encoding="utf-8",
    )
    env = {"HIAP_CONFIG": str(tmp_path / "hiap.toml")}
    md = hiap("portfolio", str(folder), "--format", "md", "-o", "-", "--today", "2027-07-01", env=env)
    assert md.returncode == 0, md.stderr
    text = md.stdout
    assert "## Promised and delivered" in text
    assert "6 actions promised: 1 done, 5 overdue; the review (7 June 2027): overdue by 24 days." in text
    assert "| 31 January 2027 | Done on 20 January 2027: Done. |" in text
    assert (
        "| Temporary Accommodation Placement and Standards Policy | 6 | 1 | 5 | Overdue by 24 days | 0 of 4 |" in text
    )
    assert (
        "| Fuel poverty (low income, low energy efficiency) | 14.2 % of households (2023) | 19.9 % of households (2024) |"
        in text
    )
    # figures that have not moved are counted, not listed row by row
    assert "No newer figure" not in text
    assert "have no newer period at the source yet (not listed)." in text

    db = tmp_path / "p.db"
    out = hiap(
        "portfolio", str(folder), "--format", "csv", "-o", "-", "--today", "2027-07-01", "--db", str(db), env=env
    )
    assert out.returncode == 0, out.stderr
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff")))}
    assert rows[luton.name]["actions_done"] == "1" and rows[luton.name]["actions_overdue"] == "5"
    assert rows[luton.name]["review_status"] == "overdue"
    with sqlite3.connect(db) as connection:
        statuses = dict(
            connection.execute(
                "SELECT status, count(*) FROM promises WHERE file LIKE ? GROUP BY status", (f"%{luton.name}",)
            ).fetchall()
        )
        then_now = connection.execute(
            "SELECT value_then, value_now, period_now FROM evidence WHERE value_now IS NOT NULL"
        ).fetchall()
    assert statuses == {"done": 1, "overdue": 10}
    assert then_now == [("14.2", "19.9", "2024")]


def test_portfolio_json_record_for_a_decision(engine: Engine) -> None:
    import datetime as dt

    from hiap.portfolio.delivered import record
    from hiap.portfolio.summary import summarise

    answers = answers_file.load_validated(
        FIXTURES / "v1" / "kings-lynn-with-local-evidence.hiap.yaml", engine.catalogue
    )
    summary = summarise(answers, engine.catalogue, engine.host, engine.context, file="kl.hiap.yaml")
    data = record(summary, dt.date(2027, 7, 1))
    actions = [p for p in data["promised"] if p["item"] == "action"]
    assert len(actions) == 5 and actions[0]["status"] == "overdue" and actions[0]["owner"]
    assert data["evidence"][0]["then"]["value"] and data["evidence"][0]["now"] is None
