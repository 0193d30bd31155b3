"""The interview session: ask what applies, save after every answer, review, finish.

The engine decides what applies; this module keeps the officer's place (a history stack for
going back), writes the answers file atomically after every answer, and turns Ctrl-C into a
saved ``Interrupted``. All terminal I/O goes through a ``Prompter``, so the same session runs
with arrow-key prompts, plain numbered prompts, or a script in tests.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from hiap.answers import answers_file, audit, values
from hiap.answers.snapshot import snapshot_evidence
from hiap.checklist import conditions
from hiap.checklist.catalogue import Catalogue
from hiap.errors import InputError, Interrupted
from hiap.interview.engine import Progress
from hiap.interview.prompter import (
    BACK,
    KEYS_HELP,
    NOTE,
    PLAIN_HELP,
    SAVE,
    Item,
    Prompter,
    Signal,
    ask_question,
)
from hiap.models.answers import Answer, AnswersFile, Event
from hiap.models.assessment import Assessment, EvidenceItem
from hiap.models.checklist import Question
from hiap.models.principles import SCALES, SHORT_LABELS, roll_up_impacts

Outcome = Literal["finished", "saved"]
_ADVERSE_ROLES = ("mitigation", "justification", "effect", "equity")


class _Counts:
    """A Fenwick tree: add at a position, and sum a prefix, both in O(log n)."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)
        self.total = 0

    def add(self, index: int, delta: int) -> None:
        self.total += delta
        index += 1
        while index < len(self.tree):
            self.tree[index] += delta
            index += index & -index

    def upto(self, index: int) -> int:
        """The sum of positions 0 to ``index``."""
        index += 1
        total = 0
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total


class Applicability:
    """Which questions apply, and where the officer is, kept up to date one answer at a time.

    Gives the same results as ``engine.active``, ``next_question`` and ``progress`` (full
    forward passes), but after an answer changes it re-evaluates only the questions whose
    conditions read that answer, then those whose applicability changed as a result, in
    checklist order; counts for the progress line live in Fenwick trees and unasked questions
    in a heap. A step therefore costs about the same with 50 questions or 1,000.
    """

    def __init__(self, catalogue: Catalogue, answers: AnswersFile) -> None:
        self.catalogue = catalogue
        self.answers = answers
        self.questions = catalogue.questions
        self.position = {q.id: i for i, q in enumerate(self.questions)}
        section_number = {section.id: n for n, section in enumerate(catalogue.sections)}
        self.section_of = [section_number[catalogue.section_of[q.id].id] for q in self.questions]
        self.dependents: dict[str, list[int]] = {}
        for index, question in enumerate(self.questions):
            section = catalogue.section_of[question.id]
            refs: set[str] = set()
            for node in (catalogue.conditions.get(question.id), catalogue.section_conditions.get(section.id)):
                if node is not None:
                    refs.update(ref.id for ref in conditions.references(node))
            if question.kinds or section.kinds:
                refs.add("decision.kind")
            for ref in refs:
                self.dependents.setdefault(ref, []).append(index)
        self.reset()

    def reset(self) -> None:
        """The full forward pass, as ``engine.active`` does it."""
        size = len(self.questions)
        flat = self.answers.flat()
        self.values: dict[str, Any] = {}
        self.flags = [False] * size
        self.asked = [q.id in flat for q in self.questions]
        self.active_counts = _Counts(size)
        self.answered_counts = _Counts(size)
        self.section_sizes = [0] * len(self.catalogue.sections)
        self.section_counts = _Counts(len(self.catalogue.sections))
        self.unasked: list[int] = []
        for index, question in enumerate(self.questions):
            if self.catalogue.applies(question, self.values.get):
                self._set_flag(index, True)
                answer = flat.get(question.id)
                if answer is not None and answer.value is not None:
                    self.values[question.id] = answer.value

    def _set_flag(self, index: int, on: bool) -> None:
        self.flags[index] = on
        delta = 1 if on else -1
        self.active_counts.add(index, delta)
        if self.asked[index]:
            self.answered_counts.add(index, delta)
        elif on:
            heapq.heappush(self.unasked, index)
        section = self.section_of[index]
        self.section_sizes[section] += delta
        if self.section_sizes[section] == (1 if on else 0):
            self.section_counts.add(section, delta)

    def _set_asked(self, index: int, asked: bool) -> None:
        if self.asked[index] == asked:
            return
        self.asked[index] = asked
        if self.flags[index]:
            self.answered_counts.add(index, 1 if asked else -1)
            if not asked:
                heapq.heappush(self.unasked, index)

    def update(self, qid: str) -> None:
        """Call after the answer to ``qid`` was set or removed."""
        index = self.position.get(qid)
        if index is None:
            return
        self._set_asked(index, self.answers.get(qid) is not None)
        if not self.flags[index]:
            return  # an answer to a question that does not apply is kept but changes nothing
        if not self._refresh_value(index):
            return
        pending = list(self.dependents.get(qid, ()))
        heapq.heapify(pending)
        seen: set[int] = set()
        while pending:
            index = heapq.heappop(pending)
            if index in seen:
                continue
            seen.add(index)
            question = self.questions[index]
            now = self.catalogue.applies(question, self.values.get)
            if now == self.flags[index]:
                continue
            self._set_flag(index, now)
            if self._refresh_value(index):
                for dependent in self.dependents.get(question.id, ()):
                    heapq.heappush(pending, dependent)

    def _refresh_value(self, index: int) -> bool:
        """Make ``values`` hold this question's answer if it applies; say whether that changed."""
        question = self.questions[index]
        answer = self.answers.get(question.id)
        visible = answer.value if self.flags[index] and answer is not None else None
        old = self.values.get(question.id)
        if visible is None:
            if question.id not in self.values:
                return False
            del self.values[question.id]
            return True
        if question.id in self.values and type(old) is type(visible) and old == visible:
            return False
        self.values[question.id] = visible
        return True

    def active(self) -> list[Question]:
        return [q for q, flag in zip(self.questions, self.flags, strict=True) if flag]

    def applies(self, qid: str) -> bool:
        index = self.position.get(qid)
        return index is not None and self.flags[index]

    def first_unasked(self) -> Question | None:
        """The engine's next question: the first that applies and has not been asked."""
        heap = self.unasked
        while heap and not (self.flags[heap[0]] and not self.asked[heap[0]]):
            heapq.heappop(heap)  # stale: answered since, or no longer applies
        return self.questions[heap[0]] if heap else None

    def next_active(self, question: Question) -> Question | None:
        for index in range(self.position[question.id] + 1, len(self.questions)):
            if self.flags[index]:
                return self.questions[index]
        return None

    def previous_active(self, question: Question) -> Question | None:
        for index in range(self.position[question.id] - 1, -1, -1):
            if self.flags[index]:
                return self.questions[index]
        return None

    def progress(self, question: Question) -> Progress:
        """The numbers ``engine.progress`` gives, from the counts."""
        position = self.position[question.id]
        total = self.active_counts.total
        index = self.active_counts.upto(position) if self.flags[position] else total
        section = self.section_of[position]
        section_index = self.section_counts.upto(section) if self.section_sizes[section] else 1
        return Progress(
            index=index,
            total=total,
            section_index=section_index,
            section_total=self.section_counts.total,
            section=self.catalogue.section_of[question.id],
            answered=self.answered_counts.total,
        )


class Session:
    """One sitting of the interview over one answers file."""

    def __init__(
        self,
        catalogue: Catalogue,
        prompter: Prompter,
        *,
        assess: Callable[[AnswersFile], Assessment],
        by: str | None = None,
        plugins: dict[str, str] | None = None,
        guidance: Callable[[Question], Sequence[Any]] | None = None,
        evidence: Callable[[AnswersFile], list[EvidenceItem]] | None = None,
        area: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self.catalogue = catalogue
        self.prompter = prompter
        if guidance is not None:
            prompter.extra_guidance = guidance  # type: ignore[attr-defined]
        #: asks plugins for local figures; called once, when the first principle is reached
        self.evidence = evidence
        self.area = area
        self._evidence_tried = False
        self.assess = assess
        self.by = by
        self.plugins = dict(plugins or {})
        self.answers: AnswersFile | None = None
        self.path: Path | None = None
        self.history: list[str] = []
        self.pending_notes: dict[str, Answer] = {}
        self.cache = answers_file.SaveCache()
        self.tracker: Applicability | None = None
        self._section_shown: str | None = None
        self._intro_shown = False

    # -- opening a file ------------------------------------------------------------------
    def open(self, path: Path) -> None:
        """Resume ``path`` if it exists, otherwise create it (saved at once, so a bad folder shows now)."""
        if path.exists():
            self._resume(path)
        else:
            self._create(path)

    def open_by_title(self, folder: Path) -> None:
        """No file given: ask the title, then name the file after it in ``folder``."""
        question = self.catalogue.by_id.get("decision.title")
        if question is None:
            raise InputError(
                "the checklists have no 'decision.title' question, so the file cannot be named",
                hint="give the answers file name: hiap assess FILE",
            )
        self._intro()
        self._announce_section(question)
        try:
            title = self._ask_title(question)
        except (KeyboardInterrupt, EOFError):
            self.prompter.say("Stopped before anything was saved.")
            raise Interrupted(None) from None
        path = folder / answers_file.default_name(str(title))
        if path.exists():
            free = _free_name(path)
            try:
                existing_title = answers_file.load(path).title
            except InputError:
                existing_title = None
            about = f' ("{existing_title}")' if existing_title else ""
            self.prompter.say(f"A file named {path.name} already exists{about}.")
            items = [Item("resume", f"Resume {path.name}"), Item("new", f"Start a new assessment in {free.name}")]
            choice: Any = None
            try:
                while choice not in ("resume", "new"):  # keys such as back or help just ask again
                    choice = self.prompter.select(
                        "Resume it, or start a new assessment?",
                        items,
                        default="resume" if existing_title == title else "new",
                    )
            except (KeyboardInterrupt, EOFError):
                raise Interrupted(None) from None
            if choice == "resume":
                self.prompter.say(f"Resuming {path.name}.")
                self._resume(path)
                return
            path = free
            self.prompter.say(f"Starting a new assessment in {path.name}.")
        else:
            self.prompter.say(f"Saving your answers in {path.name}.")
        self._create(path, title=title)
        self.history.append(question.id)

    def _ask_title(self, question: Question) -> Any:
        while True:
            result = ask_question(self.prompter, question, self.catalogue.options(question))
            if result is BACK:
                self.prompter.say("This is the first question.")
            elif result is SAVE:
                self.prompter.say("Nothing to save yet: give the title first.")
            elif result is NOTE:
                self.prompter.say("Give the title first; notes can be added to it later with Ctrl-N.")
            elif result is not None:
                return result

    def _create(self, path: Path, title: Any = None) -> None:
        if not path.parent.is_dir():
            raise InputError("the folder does not exist", file=path.parent, hint="create it, or give another path")
        self.answers = answers_file.new(self.catalogue, self.plugins, by=self.by)
        self.path = path
        if title is not None:
            self.answers.set("decision.title", Answer(value=title))
        self.tracker = Applicability(self.catalogue, self.answers)
        self._save()

    def _resume(self, path: Path) -> None:
        answers = answers_file.load(path)
        for problem in answers_file.validate(answers, self.catalogue, path=str(path)):
            qid = problem.field or ""
            if qid in self.catalogue.by_id:
                old = answers.get(qid)
                self.prompter.say(
                    f"{qid}: {problem.message}; it will be asked again (the old answer was: {old.value if old else ''})"
                )
                answers.remove(qid)
            else:
                self.prompter.say(f"Note: {problem.format()}; the answer is kept but not used")
        self.answers = answers
        self.path = path
        self.tracker = Applicability(self.catalogue, answers)
        audit.record(answers, "resumed", self.by, self._versions())
        self._save()
        self._intro()
        upcoming = self.tracker.first_unasked()
        if upcoming is None:
            self.prompter.say(f"Resuming {answers.title}: every question that applies is answered; here is the review.")
        else:
            position = self.tracker.progress(upcoming)
            self.prompter.say(
                f"Resuming {answers.title}: at question {position.index} of {position.total}: {upcoming.text}"
            )

    def _intro(self) -> None:
        if not self._intro_shown:
            self._intro_shown = True
            self.prompter.say(PLAIN_HELP if self.prompter.plain else KEYS_HELP, style="dim")

    # -- the interview -------------------------------------------------------------------
    def run(self) -> Outcome:
        """Ask, review and finish; Ctrl-C (or end of input) saves and raises ``Interrupted``."""
        assert self.answers is not None and self.tracker is not None, "open a file first"
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError):
            self._save()
            raise Interrupted(self.path) from None

    def _run(self) -> Outcome:
        assert self.tracker is not None
        self._intro()
        start = self.tracker.first_unasked()
        if start is not None and self._walk(start, changing=False) == "saved":
            return self._saved()
        while True:
            action = self._review()
            if action == "saved":
                return self._saved()
            if action == "finished":
                return "finished"

    def _walk(self, start: Question, *, changing: bool) -> str:
        """Ask from ``start`` on, then the next unasked question. After going back, the officer
        steps forward through the questions already answered (each showing its answer); in change
        mode (from the review) only ``start`` and any questions that newly apply are asked."""
        assert self.tracker is not None
        floor = len(self.history)
        current: Question | None = start
        while current is not None:
            revisiting = self.answers is not None and self.answers.get(current.id) is not None
            result = self._ask(current)
            if result is SAVE:
                return "saved"
            if result is BACK:
                previous = self._previous(current, floor if changing else 0)
                if previous is None:
                    if changing:
                        return "review"
                    self.prompter.say("This is the first question.")
                    continue
                current = previous
                continue
            self.history.append(current.id)
            if changing or not revisiting:
                current = self.tracker.first_unasked()
            else:  # stepping forward again after going back: the next question, with its answer
                current = self.tracker.next_active(current) or self.tracker.first_unasked()
        return "done"

    def _previous(self, current: Question, floor: int) -> Question | None:
        assert self.tracker is not None
        while len(self.history) > floor:
            qid = self.history.pop()
            if qid != current.id and self.tracker.applies(qid):
                return self.catalogue.by_id[qid]
        if floor:
            return None
        return self.tracker.previous_active(current)

    def _ask(self, question: Question) -> Any:
        """One question until answered or signalled; the answer is saved before returning."""
        assert self.answers is not None and self.tracker is not None
        self._announce_section(question)
        position = self.tracker.progress(question)
        self.prompter.say(
            f"Section {position.section_index} of {position.section_total}: {position.section.title}"
            f" · question {position.index} of {position.total} · {position.answered} answered",
            style="dim",
        )
        draft: Any = None
        while True:
            saved = self.answers.get(question.id)
            default = saved.value if saved is not None and saved.value is not None else question.default
            if default is None and question.role == "effect" and len(question.principles) == 1:
                default = self._suggested_effect(question.principles[0])
            result = ask_question(self.prompter, question, self.catalogue.options(question), default, draft=draft)
            if result is NOTE:
                draft = self.prompter.draft
                self._note(question)
                continue
            if isinstance(result, Signal):
                return result
            self.record(question, result)
            return result

    def _announce_section(self, question: Question) -> None:
        section = self.catalogue.section_of[question.id]
        if section.id == self._section_shown:
            return
        self._section_shown = section.id
        self.prompter.heading(section.title)
        if section.intro:
            self.prompter.say(section.intro.strip())
        if len(section.principles) == 1:
            self._capture_evidence()
            self._show_local_figures(section.principles[0])
            self._show_signals(section.principles[0])
        if any(q.role == "actions" for q in section.questions):
            self._show_suggestions()

    # -- local evidence --------------------------------------------------------------------
    def _capture_evidence(self) -> None:
        """Snapshot local figures into the answers file the first time a principle is reached,
        so the document rendered later shows exactly what the officer saw, offline."""
        assert self.answers is not None
        if self.evidence is None or self.answers.evidence is not None or self._evidence_tried:
            return
        self._evidence_tried = True
        try:
            items = self.evidence(self.answers)
        except InputError as exc:
            self.prompter.say(f"Local figures could not be read, so none are shown: {exc.format()}")
            return
        if not items:
            return
        snapshot_evidence(self.answers, items, taken=answers_file.now(), area_code=self.area[0], area_name=self.area[1])
        self.answers.events.append(Event(at=answers_file.now(), event="evidence_refreshed", by=self.by))
        self._save()
        figures = sum(1 for i in items if i.kind != "asset")
        services = len(items) - figures
        self.prompter.say(
            f"Captured {figures} local figure{'s' if figures != 1 else ''} and {services} local "
            f"service{'s' if services != 1 else ''} into the answers file; they are shown beside each principle.",
            style="dim",
        )

    def _show_local_figures(self, principle: int) -> None:
        assert self.answers is not None
        if self.answers.evidence is None:
            return
        rows = [
            [
                item.label + (f" ({item.breakdown})" if item.breakdown else ""),
                item.shown_value,
                item.shown_comparator,
                item.comparison or "-",
                item.period or "-",
            ]
            for item in self.answers.evidence.items
            if principle in item.principles
        ]
        if rows:
            area = self.answers.evidence.area_name or self.answers.evidence.area_code or "the area"
            self.prompter.table(
                f"Local figures for {area}", ["Indicator", "Value", "England", "Compared with England", "Period"], rows
            )

    def _signal_contributions(self, principle: int) -> list[tuple[str, str, str]]:
        """(where, answer, impact) for earlier answers whose options score this principle."""
        assert self.answers is not None
        answers = self.answers

        def get(qid: str) -> Any:  # only answers to questions that still apply
            answer = answers.get(qid)
            if answer is None or (self.tracker is not None and not self.tracker.applies(qid)):
                return None
            return answer.value

        return [
            (self.catalogue.section_of[q.id].title, option.label, option.scores[principle])
            for q, option in self.catalogue.scored_answers(principle, get)
        ]

    def _show_signals(self, principle: int) -> None:
        """Before the officer rates a principle: what their earlier answers point to, so the
        rating of record is made knowing them (the document shows any disagreement)."""
        found = self._signal_contributions(principle)
        if not found:
            return
        self.prompter.table(
            "Your earlier answers that bear on this principle",
            ["From", "Answer", "Points to"],
            [[where, _short(label, 70), SCALES["impact"][impact]] for where, label, impact in found],
        )

    def _suggested_effect(self, principle: int) -> str | None:
        """The rating the earlier answers point to, offered as the default."""
        found = self._signal_contributions(principle)
        if not found:
            return None
        rating, size = roll_up_impacts([impact for *_, impact in found])
        if rating in ("positive", "negative"):
            return f"{size}_{rating}"
        return rating if rating in ("mixed", "uncertain", "neutral") else None

    def _show_suggestions(self) -> None:
        """Before the action plan: what the answers so far suggest, to adopt in the officer's words.
        Suggestions stay out of the document, where they would read as commitments."""
        assert self.answers is not None
        assessment = self.assess(self.answers)
        self.prompter.say(
            f"From your ratings so far, the overall conclusion would be: {assessment.conclusion_words}. "
            f"{assessment.conclusion_reason}"
        )
        if not assessment.mitigations:
            return
        rows = [
            [m.text, ", ".join(str(n) for n in m.principles) or "-", m.indicator or "-"] for m in assessment.mitigations
        ]
        self.prompter.table(
            "Suggested from your answers: adopt any that fit into the action plan",
            ["Suggestion", "Principles", "How you would know it worked"],
            rows,
        )

    def _cite_partners(self, assessment: Assessment) -> str | None:
        """Offer the local services matched to the concerns; the officer chooses which to cite."""
        assert self.answers is not None
        if self.answers.evidence is None or not assessment.partners:
            return None
        assets = self.answers.evidence.assets
        matched = [
            i
            for i, a in enumerate(assets)
            if any(a.label == p.label and a.organisation == p.organisation for p in assessment.partners)
        ]
        if not matched:
            return None
        items = [
            Item(i, _short(f"{assets[i].label} ({assets[i].organisation or 'no organisation given'})")) for i in matched
        ]
        picked = self.prompter.checkbox(
            "Local services that could help with the concerns found. Which will you cite as partners?",
            items,
            checked=[i for i in matched if assets[i].cited],
            hint="Matched on the principles of concern and the groups affected. Cited services appear in the document.",
        )
        if isinstance(picked, Signal):
            return "saved" if picked is SAVE else None
        for i in matched:
            assets[i] = assets[i].model_copy(update={"cited": i in picked})
        self._save()
        return None

    def record(self, question: Question, value: Any) -> None:
        """Store an answer (keeping its note), update what applies, and save at once."""
        assert self.answers is not None and self.tracker is not None
        saved = self.answers.get(question.id) or self.pending_notes.pop(question.id, None)
        old_value = saved.value if saved is not None else None
        answer = Answer(value=value, note=saved.note if saved else None, sources=list(saved.sources) if saved else [])
        self.answers.set(question.id, answer)
        # reopened / reviewed / signed off: the audit trail the Brown principles ask for
        audit.record_change(
            self.answers, question.id, old_value, value, self.by, self._versions(), catalogue=self.catalogue
        )
        self.answers.complete = False
        self.tracker.update(question.id)
        self._save()
        if self.prompter.plain:
            self.prompter.say("Saved: " + ("no answer (skipped)" if value is None else self._display(question, value)))

    def _versions(self) -> dict[str, str]:
        return audit.versions(self.catalogue, self.plugins)

    def _note(self, question: Question) -> None:
        """Ctrl-N or :note: a note and sources for this question's answer (kept until it is answered)."""
        assert self.answers is not None
        answered = self.answers.get(question.id)
        saved = answered or self.pending_notes.get(question.id)
        self.prompter.say(f"Note and sources for: {question.text.strip()}")
        note = self.prompter.text(
            "Note (Enter keeps it as it is; < cancels):", default=(saved.note or "") if saved else ""
        )
        if isinstance(note, Signal) or note.strip() in ("<", ":back"):
            self.prompter.say("Note not changed.")
            return
        listed = ", ".join(saved.sources) if saved else ""
        sources = self.prompter.text("Sources, separated by commas (Enter keeps them; < cancels):", default=listed)
        if isinstance(sources, Signal) or sources.strip() in ("<", ":back"):
            self.prompter.say("Note not changed.")
            return
        cleaned = [s.strip() for s in sources.split(",") if s.strip()]
        if answered is None:
            self.pending_notes[question.id] = Answer(note=note.strip() or None, sources=cleaned)
            self.prompter.say("Note kept; it is saved with your answer.")
            return
        self.answers.set(question.id, answered.model_copy(update={"note": note.strip() or None, "sources": cleaned}))
        self._save()
        self.prompter.say("Note saved.")

    def _save(self) -> None:
        if self.answers is not None and self.path is not None:
            answers_file.save(self.answers, self.path, cache=self.cache)

    def _saved(self) -> Outcome:
        self._save()
        return "saved"

    def _display(self, question: Question, value: Any) -> str:
        if question.type == "records" and value:
            return " | ".join("; ".join(f"{k}: {v}" for k, v in row.items()) for row in value)
        return values.display(question, value, self.catalogue.options(question))

    # -- review and finish ----------------------------------------------------------------
    def _review(self) -> str:
        assert self.answers is not None and self.tracker is not None
        by_section: dict[str, list[Question]] = {}
        for question in self.tracker.active():
            if self.answers.get(question.id) is not None:
                by_section.setdefault(self.catalogue.section_of[question.id].id, []).append(question)
        sections = [self.catalogue.section_of[qs[0].id] for qs in by_section.values()]
        self.prompter.heading("Review your answers")
        self.prompter.table(
            "Sections answered",
            ["#", "Section", "Answers", "First answer"],
            [
                [str(n), section.title, str(len(by_section[section.id])), self._sample(by_section[section.id])]
                for n, section in enumerate(sections, start=1)
            ],
        )
        choice = self.prompter.select(
            "What next?",
            [
                Item("finish", "Looks right – finish and write the document"),
                Item("change", "See or change answers, section by section"),
                Item("save", "Save and exit"),
            ],
            default="finish",
        )
        if choice in ("save", SAVE):
            return "saved"
        if choice is BACK and by_section:
            last = list(by_section.values())[-1][-1]
            return "saved" if self._walk(last, changing=False) == "saved" else "review"
        if choice == "change":
            return self._change(sections, by_section)
        if choice == "finish":
            return self._finish()
        return "review"

    def _sample(self, questions: list[Question]) -> str:
        assert self.answers is not None
        first = questions[0]
        answer = self.answers.get(first.id)
        return _short(self._display(first, answer.value) if answer else "-", 60)

    def _change(self, sections: list[Any], by_section: dict[str, list[Question]]) -> str:
        """Pick a section, see its answers, pick one to change: short lists, numbered in plain mode."""
        assert self.answers is not None
        items = [Item(sec.id, f"{sec.title} ({len(by_section[sec.id])} answers)") for sec in sections]
        items.append(Item(None, "Back to the review"))
        picked_section = self.prompter.select("Which section?", items, default=None)
        if picked_section is SAVE:
            return "saved"
        if not isinstance(picked_section, str):
            return "review"
        questions = by_section[picked_section]
        rows = []
        for n, question in enumerate(questions, start=1):
            answer = self.answers.get(question.id)
            shown = self._display(question, answer.value) if answer else ""
            if answer is not None and (answer.note or answer.sources):
                shown += " (with a note)" if answer.note else " (with sources)"
            rows.append([str(n), question.text.strip(), shown])
        self.prompter.table(self.catalogue.section_of[questions[0].id].title, ["#", "Question", "Answer"], rows)
        choices = [Item(q.id, _short(f"{n}. {q.text}", 100)) for n, q in enumerate(questions, start=1)]
        choices.append(Item(None, "Back to the review"))
        picked = self.prompter.select("Which answer do you want to change?", choices, default=None)
        if picked is SAVE:
            return "saved"
        if isinstance(picked, str):
            self._section_shown = None
            if self._walk(self.catalogue.by_id[picked], changing=True) == "saved":
                return "saved"
        return "review"

    def _finish(self) -> str:
        assert self.answers is not None and self.tracker is not None
        assessment = self.assess(self.answers)
        if self._cite_partners(assessment) == "saved":
            return "saved"
        blocking = [s for s in assessment.principles if s.adverse and not s.mitigation and not s.justification]
        if blocking:
            self.prompter.say(
                "Not finished yet: an adverse rating needs a mitigation or a justification first.", style="bold"
            )
            items: list[Item] = []
            for score in blocking:
                label = f"Principle {score.principle} ({SHORT_LABELS[score.principle].lower()})"
                self.prompter.say(
                    f"- {label} is rated {score.words.lower()}"
                    f"{' and widens the gap' if score.equity == 'widens' else ''}, "
                    "but has neither a mitigation nor a justification."
                )
                target = self._target(score.principle)
                if target is not None:
                    items.append(Item(target.id, _short(f"Go to {label.lower()}: {target.text.strip()}")))
            items += [
                Item("review", "Back to the review"),
                Item("save", "Save and exit (a draft can be finished later)"),
            ]
            choice = self.prompter.select("Go to that question now?", items, default=items[0].value)
            if choice in ("save", SAVE):
                return "saved"
            if isinstance(choice, str) and choice in self.catalogue.by_id:
                self._section_shown = None
                if self._walk(self.catalogue.by_id[choice], changing=True) == "saved":
                    return "saved"
            return "review"
        self.answers.complete = assessment.complete
        if assessment.complete:
            audit.record(self.answers, "completed", self.by, self._versions())
        else:
            self.answers.events.append(
                Event(
                    at=answers_file.now(),
                    event="reviewed",
                    by=self.by,
                    note=f"finished as a draft with {len(assessment.missing)} item(s) to do",
                )
            )
        self._save()
        return "finished"

    def _target(self, principle: int) -> Question | None:
        """Where to record a mitigation or justification for a principle: the first that applies."""
        assert self.tracker is not None
        active = self.tracker.active()
        for role in _ADVERSE_ROLES:
            for question in active:
                if question.role == role and principle in question.principles:
                    return question
        return None


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _free_name(path: Path) -> Path:
    stem = path.name[: -len(answers_file.SUFFIX)] if path.name.endswith(answers_file.SUFFIX) else path.stem
    number = 2
    while True:
        candidate = path.with_name(f"{stem}-{number}{answers_file.SUFFIX}")
        if not candidate.exists():
            return candidate
        number += 1


__all__ = ["Applicability", "Outcome", "Session"]
