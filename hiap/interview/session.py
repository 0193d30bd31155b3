"""The interview session: ask what applies, save after every answer, review, finish.

``route`` decides what applies; this module keeps the officer's place (a history stack for
going back), writes the answers file atomically after every answer, and turns Ctrl-C into a
saved ``Interrupted``. All terminal I/O goes through a ``Prompter``, so the same session runs
with arrow-key prompts, plain numbered prompts, or a script in tests.

What the answers point to (a rating, groups, a conclusion, actions) is offered as the default
or as a suggestion to adopt, and saved only as the officer's answer once they accept it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from hiap import wording
from hiap.answers import answers_file, audit, values
from hiap.answers.snapshot import snapshot_evidence
from hiap.answers.upgrade import carry
from hiap.checklist import rules
from hiap.checklist.catalogue import Catalogue
from hiap.checklist.route import Route, route
from hiap.errors import InputError, Interrupted
from hiap.interview import engine
from hiap.interview.prompter import (
    BACK,
    KEYS_HELP,
    NOTE,
    PLAIN_HELP,
    SAVE,
    Item,
    Prompter,
    Signal,
    Suggestion,
    ask_question,
)
from hiap.models.answers import Answer, AnswersFile, Event
from hiap.models.assessment import Assessment, EvidenceItem
from hiap.models.checklist import Question
from hiap.models.principles import SCALES, roll_up_impacts

Outcome = Literal["finished", "saved"]


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
        preset: dict[str, Any] | None = None,
    ) -> None:
        self.catalogue = catalogue
        #: answers the council's configuration gives (role -> value), recorded without a prompt
        self.preset = dict(preset or {})
        self.prompter = prompter
        if guidance is not None:
            prompter.extra_guidance = lambda question: self._guidance_for(question, guidance)  # type: ignore[attr-defined]
        #: asks plugins for local figures; called once, when the first principle is reached
        self.evidence = evidence
        self.area = area
        self._evidence_tried = False
        #: builds the assessment; used for what to offer (suggested actions), never saved
        self.assess = assess
        self.by = by
        self.plugins = dict(plugins or {})
        self.answers: AnswersFile | None = None
        self.path: Path | None = None
        self.history: list[str] = []
        self.pending_notes: dict[str, Answer] = {}
        self.cache = answers_file.SaveCache()
        self.now: Route | None = None
        self._section_shown: str | None = None
        self._row_shown: str | None = None
        self._intro_shown = False
        #: question id -> the questions whose condition reads it (a sector bank's first grid, say)
        self.gates: dict[str, list[str]] = {}
        for q in catalogue.questions:
            for ref in catalogue.questions:
                if q.when and ref.id in q.when and ref.id != q.id:
                    self.gates.setdefault(ref.id, []).append(q.id)

    # -- opening a file ------------------------------------------------------------------
    def open(self, path: Path) -> None:
        """Resume ``path`` if it exists, otherwise create it (saved at once, so a bad folder shows now).

        Ctrl-C while it opens (the terminal is not yet a prompt's, so the key is a signal) ends as
        it does at any prompt: with the line saying how to resume, not a bare "Interrupted"."""
        try:
            if path.exists():
                self._resume(path)
            else:
                self._create(path)
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(path if path.exists() else None) from None

    def open_by_title(self, folder: Path) -> None:
        """No file given: ask the title, then name the file after it in ``folder``."""
        question = self.catalogue.roles.question("title")
        if question is None:
            raise InputError(
                "the checklists have no question with the role 'title', so the file cannot be named",
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
            self.prompter.say(f"Saving your answers in {path}.")
        self._create(path, title=(question.id, title))
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

    def _create(self, path: Path, title: tuple[str, Any] | None = None) -> None:
        if not path.parent.is_dir():
            raise InputError("the folder does not exist", file=path.parent, hint="create it, or give another path")
        self.answers = answers_file.new(self.catalogue, self.plugins, by=self.by)
        self.path = path
        if title is not None:
            self.answers.set(title[0], Answer(value=title[1]))
        self._apply_preset()
        self._refresh()
        self._save()
        self._show_outline(start=True)

    def _apply_preset(self) -> None:
        """What the council's configuration settles (its nation) is recorded, not asked again."""
        assert self.answers is not None
        for role, value in self.preset.items():
            question = self.catalogue.roles.question(role)
            if question is None or value is None or self.answers.get(question.id) is not None:
                continue
            try:
                value = values.parse_value(question, value, self.catalogue.options(question))
            except values.AnswerError:
                continue
            self.answers.set(question.id, Answer(value=value, note="From the council's hiap.toml."))

    def _resume(self, path: Path) -> None:
        answers = answers_file.load(path)
        carried = carry(answers, self.catalogue)
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
        if carried.changed:
            self._upgraded(carried)
        self._refresh()
        audit.record(answers, "resumed", self.by, self._versions())
        self._save()
        self._intro()
        assert self.now is not None
        upcoming = self.now.next()
        if upcoming is None:
            self.prompter.say(f"Resuming {answers.title}: every question that applies is answered; here is the review.")
        else:
            self.prompter.say(f"Resuming {answers.title}: {self._count()}. Next: {upcoming.text.strip()}")
            self._show_outline()

    def _upgraded(self, carried: Any) -> None:
        """Answers given under an older checklist were carried to today's: say so, and record it."""
        assert self.answers is not None
        changes = "; ".join(f"{cid} {old} → {new}" for cid, (old, new) in carried.versions.items())
        moved = len(carried.moved)
        kept = len(carried.retired)
        self.prompter.say(
            f"This file was answered with an earlier checklist ({changes}). {wording.plural(moved, 'answer')} "
            f"carried to the new questions; {wording.plural(kept, 'answer')} kept in the file but no longer asked "
            "(they are listed in the document's record). Only what is new will be asked.",
        )
        for cid, (_, new) in carried.versions.items():
            self.answers.checklists[cid] = new
        audit.record(
            self.answers,
            "upgraded",
            self.by,
            self._versions(),
            note=f"Carried from {changes}: {moved} carried, {kept} kept but no longer asked",
        )

    def _guidance_for(self, question: Question, guidance: Callable[[Question], Sequence[Any]]) -> list[Any]:
        """Plugins' guidance, less the blocks for another nation once the officer has said which
        nation the council is in: a plugin that cannot tell hedges with "If the council is in
        Wales", which an England council need not read."""
        items = list(guidance(question))
        nation = self.catalogue.roles.value("nation", self.now.values) if self.now is not None else None
        if not isinstance(nation, str) or not nation:
            return items
        name = nation.replace("_", " ").lower()
        return [
            item
            for item in items
            if not str(getattr(item, "title", "")).lower().startswith("if the council is in ")
            or name in str(item.title).lower()
        ]

    def _intro(self) -> None:
        if not self._intro_shown:
            self._intro_shown = True
            self.prompter.say(PLAIN_HELP if self.prompter.plain else KEYS_HELP, style="dim")

    def _count(self, outline: engine.Outline | None = None) -> str:
        """'12 answers given, at most 23 more': counted as ``hiap outline`` counts (one per plain
        question, per field of a row, per item of a list), the same figure on every screen. Before
        the depth is chosen, only what is left of screening is counted: the rest depends on it."""
        assert self.answers is not None
        found = outline or engine.outline(self.catalogue, self.answers.values())
        given = wording.plural(found.answered, "answer") + " given"
        if found.depth is None and self.catalogue.roles.question("route") is not None:
            return f"{given}, {found.remaining} more so far (the rest depends on the depth chosen in screening)"
        if not found.left:
            return f"{given}, none left to give"
        # a list's length is the officer's to choose: the bound counts one item for each list
        lists = any(e.question.type in ("each", "records") and not e.answered for e in found.entries + found.maybe)
        return f"{given}, at most {found.left} more" + (
            " (and one for each further item you add to a list)" if lists else ""
        )

    def _show_outline(self, start: bool = False) -> None:
        """The whole form: each section with the answers still to give there and about how long,
        and before the depth is chosen, what each depth takes."""
        assert self.answers is not None
        outline = engine.outline(self.catalogue, self.answers.values())
        if outline.left == 0:
            return
        minutes = outline.section_minutes()
        certain = {s.id for s, _, _ in outline.sections(certain_only=True)}
        # sections on the route one row each (a title two plugins share, once), counting what
        # applies for certain, as the line under the table does; what a later answer may bring in
        # (principles not yet ticked, other nations, sector banks, and questions in the sections
        # above) in one last row, so the form fits a screen before the first answer
        sure = {s.id: left for s, _, left in outline.sections(certain_only=True)}
        answers: Counter[str] = Counter()
        mins: Counter[str] = Counter()
        later = within = 0  # sections answers may bring in; answers they may bring into those above
        for section, _given, left in outline.sections():
            if not left:
                continue
            if section.id in certain:
                if sure.get(section.id):
                    answers[section.title] += sure[section.id]
                    mins[section.title] += minutes.get(section.id, 0)
                within += left - sure.get(section.id, 0)
                continue
            later += 1
            answers[""] += left
            mins[""] += minutes.get(section.id, 0)
        rows = [[title, str(answers[title]), f"about {mins[title]}"] for title in answers if title]
        if later or within:
            label = "Questions in the sections above that your answers may bring in"
            if later:
                label = f"{wording.plural(later, 'section')} your answers may bring in"
                label += ", and questions in those above" if within else ""
            rows.append([label, f"up to {answers[''] + within}", f"about {mins['']}" if later else "-"])
        self.prompter.table("The form from here", ["Section", "Answers to give", "Minutes"], rows)
        if outline.depth is None:
            words = {"none": "screened out", "rapid": "a rapid assessment", "full": "a full assessment"}
            parts = [
                f"{words.get(depth, depth)} {fewest} to {most} answers (about {minutes_} minutes)"
                if most > fewest
                else f"{words.get(depth, depth)} about {fewest} answers"
                for depth, fewest, most, minutes_ in engine.by_depth(self.catalogue, self.answers.values())
            ]
            self.prompter.say(
                "Screening decides how much follows. In all, "
                + "; ".join(parts)
                + " (rapid counted with four principles and one sector, full with six and one)."
                + f" So far: {self._count(outline)}.",
                style="dim",
            )
        else:
            self.prompter.say(f"{self._count(outline)}, about {outline.minutes} minutes.", style="dim")

    # -- the interview -------------------------------------------------------------------
    def run(self) -> Outcome:
        """Ask, review and finish; Ctrl-C (or end of input) saves and raises ``Interrupted``."""
        assert self.answers is not None and self.now is not None, "open a file first"
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError):
            self._save()
            raise Interrupted(self.path) from None

    def _run(self) -> Outcome:
        assert self.now is not None
        self._intro()
        start = self.now.next()
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
        floor = len(self.history)
        current: Question | None = start
        while current is not None:
            assert self.answers is not None and self.now is not None
            revisiting = self.answers.get(current.id) is not None
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
                current = self.now.next()
            else:  # stepping forward again after going back: the next question, with its answer
                current = self.now.after(current.id) or self.now.next()
        return "done"

    def _previous(self, current: Question, floor: int) -> Question | None:
        assert self.now is not None
        while len(self.history) > floor:
            qid = self.history.pop()
            if qid != current.id and self.now.applies(qid) and self.catalogue.by_id[qid].asked_in == "assess":
                return self.catalogue.by_id[qid]
        if floor:
            return None
        return self.now.before(current.id)

    def _ask(self, question: Question) -> Any:
        """One question until answered or signalled; the answer is saved before returning."""
        assert self.answers is not None and self.now is not None
        self._announce_section(question)
        outline = engine.outline(self.catalogue, self.answers.values())
        self._announce_row(question, outline)
        section = self.catalogue.section_of[question.id]
        self.prompter.say(
            f"Section {outline.section_number(section.id)}: {section.title} · {self._count(outline)}",
            style="dim",
        )
        preset = self._default(question)  # what the answers so far point to, worked out once
        self._say_preticked(question, preset)
        draft: Any = None
        while True:
            saved = self.answers.get(question.id)
            default = saved.value if saved is not None and saved.value is not None else preset
            result = ask_question(
                self.prompter,
                question,
                self._options(question),
                default,
                draft=draft,
                items=self._items(question),
                suggestions=self._suggestions(question) if saved is None else (),
            )
            if result is NOTE:
                draft = self.prompter.draft
                self._note(question)
                continue
            if isinstance(result, Signal):
                return result
            if not self._confirm_set_aside(question, result):
                draft = result
                continue
            self.record(question, result, estimate=self.prompter.estimate)
            return result

    def _gated_answers(self, question: Question) -> list[str]:
        """Earlier answers, on the route now, to questions whose condition reads ``question``."""
        assert self.answers is not None and self.now is not None
        return [
            qid
            for qid in self.gates.get(question.id, ())
            if self.now.applies(qid) and self.answers.get(qid) is not None and self.now.values.get(qid) is not None
        ]

    def _set_aside(self, question: Question, value: Any, answered: list[str]) -> list[str]:
        """Of ``answered``, those that ``value`` for ``question`` would take off the route."""
        assert self.answers is not None
        trial = route(self.catalogue, {**self.answers.values(), question.id: value})
        return [qid for qid in answered if not trial.applies(qid)]

    def _keeps_answers(self, question: Question) -> list[str]:
        """For an unanswered grid whose options gate later questions (a file answered before the
        grid existed): each option that keeps an answer already given on the route, tried one by
        one against the route, so resuming does not quietly set those answers aside."""
        answered = self._gated_answers(question)
        if not answered:
            return []
        kept: list[str] = []
        for option in self.catalogue.options(question):
            if len(self._set_aside(question, [option.value], answered)) < len(answered):
                kept.append(option.value)
        return kept

    def _confirm_set_aside(self, question: Question, value: Any) -> bool:
        """Before a grid answer (a multi whose options gate later questions) takes earlier answers
        off the route: say how many, and ask. They stay in the file; the route no longer reads them."""
        if question.type != "multi":
            return True
        answered = self._gated_answers(question)
        if not answered:
            return True
        dropped = self._set_aside(question, value, answered)
        if not dropped:
            return True
        count = wording.plural(len(dropped), "earlier answer")
        self.prompter.say(
            f"This answer sets aside {count} ({', '.join(dropped)}): they are kept in the file, "
            "but no longer asked or counted.",
            style="bold",
        )
        choice = self.prompter.select(
            f"Set aside {count}?",
            [Item(True, "Yes, keep this answer"), Item(False, "No, change the answer")],
            default=False,
        )
        return choice is True

    def _say_preticked(self, question: Question, ticked: Any) -> None:
        """A tick-list that comes with ticks the officer did not make names them first: on a long
        list they can sit below the screen, and each one left ticked is a line to write later."""
        assert self.answers is not None
        if question.type != "multi" or not ticked or self.answers.get(question.id) is not None:
            return
        labels = {o.value: o.label for o in self._options(question)}
        names = [labels.get(value, value) for value in ticked]
        self.prompter.say(
            f"Ticked already from your earlier answers: {wording.listing(names)}. Untick any that do not apply."
        )

    def _default(self, question: Question) -> Any:
        """What the answers so far point to, offered for the officer to accept or change."""
        assert self.now is not None
        roles = self.catalogue.roles
        if question.role == "effect" and len(question.principles) == 1:
            # what the earlier answers point to, or the middle of the scale: never a ready-made "major"
            return self._suggested_effect(question.principles[0]) or "neutral"
        if question.role == "equity" and len(question.principles) == 1:
            return rules.suggest_equity(roles, self.now.values, question.principles[0])
        if question.role == "justification":
            # the officer's own words for this principle only: another principle's reason, offered
            # here, is too easily accepted unread and printed twice
            return None
        if question.role == "conclusion":
            return rules.suggest_conclusion(roles, self.now.values)
        if question.role == "groups_adverse":
            return self._suggested_groups() or None
        if question.type == "multi" and question.default is None:
            return self._keeps_answers(question) or None
        return question.default

    def _options(self, question: Question) -> tuple[Any, ...]:
        """The options to offer: a list of principles offers only those ticked in screening."""
        options = self.catalogue.options(question)
        if question.options_from == "principles" and self.now is not None:
            scope = {str(n) for n in rules.in_scope(self.catalogue.roles, self.now.values)}
            if scope:
                return tuple(o for o in options if o.value in scope)
        return options

    def _items(self, question: Question) -> list[Item]:
        """For a one-line-per-item question: the items chosen in the questions it reads."""
        if question.type != "each" or self.now is None:
            return []
        options = {o.value: o.label for o in self.catalogue.options(question)}
        chosen = [v for ref in question.each for v in (self.now.values.get(ref) or [])]
        return [Item(value, options.get(value, value)) for value in dict.fromkeys(chosen)]

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

    def _announce_row(self, question: Question, outline: engine.Outline) -> None:
        """A compound row (a principle's rating row) is introduced once, then asked field by field."""
        if question.row is None or question.row == self._row_shown:
            return
        self._row_shown = question.row
        row = self.catalogue.row(question)
        # name only what is asked now: a rapid row's harm remaining and justification may never come
        assert self.now is not None
        may_come = {e.question.id for e in outline.maybe}
        now = [q.label or q.text for q in row if self.now.applies(q.id)]
        later = [q.label or q.text for q in row if q.id in may_come]
        if len(now) + len(later) > 1:
            line = "One row: " + wording.listing(now) + "."
            if later:
                line += (
                    f" {wording.listing(later)} only if your answers make {'it' if len(later) == 1 else 'them'} matter."
                )
            self.prompter.say(line)

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
        assert self.now is not None
        return [
            (self.catalogue.section_of[q.id].title, option.label, option.scores[principle])
            for q, option in self.catalogue.roles.scored(principle, self.now.values)
        ]

    def _show_signals(self, principle: int) -> None:
        """Before the officer rates a principle: what their earlier answers point to, offered as
        the default rating; the rating of record is theirs."""
        found = self._signal_contributions(principle)
        if not found:
            return
        self.prompter.table(
            "Your earlier answers that bear on this principle (the rating is yours)",
            ["From", "Answer", "Points to"],
            [[where, self._short(label, 70), SCALES["impact"][impact]] for where, label, impact in found],
        )

    def _suggested_effect(self, principle: int) -> str | None:
        found = self._signal_contributions(principle)
        if not found:
            return None
        rating, size = roll_up_impacts([impact for *_, impact in found])
        if rating in ("positive", "negative"):
            return f"{size}_{rating}"
        return rating if rating in ("mixed", "uncertain", "neutral") else None

    def _suggested_groups(self) -> list[str]:
        """Groups that the answers chosen so far say could be harmed, for the officer to keep or untick."""
        assert self.now is not None
        return rules.suggested_groups(self.catalogue, self.now.values)

    def _suggestions(self, question: Question) -> list[Suggestion]:
        """For the action plan: the officer's own mitigations first, then the library's, to adopt."""
        if question.suggestions != "actions" or self.answers is None or self.now is None:
            return []
        roles = self.catalogue.roles
        owner = roles.value("assessor", self.now.values)
        out: list[Suggestion] = []
        for number in rules.in_scope(roles, self.now.values):
            text = roles.value("mitigation", self.now.values, number)
            if text:
                out.append(
                    Suggestion(
                        " ".join(f"Yours (principle {number}): {text}".split()),
                        {"action": " ".join(str(text).split()), "owner": owner},
                    )
                )
        assessment = self.assess(self.answers)
        for m in assessment.mitigations[:8]:
            out.append(
                Suggestion(
                    " ".join(m.text.split()),
                    {"action": " ".join(m.text.split()), "owner": owner, "indicator": m.indicator},
                )
            )
        return out

    def _cite_partners(self, assessment: Assessment) -> str | None:
        """Offer the local services matched to the concerns; the officer chooses which to cite."""
        assert self.answers is not None
        if self.answers.evidence is None or not self.answers.evidence.assets:
            return None
        concern = {p.principle for p in assessment.principles if p.adverse or p.effect == "uncertain"}
        groups = {g.id for g in assessment.adverse_groups}
        assets = self.answers.evidence.assets
        matched = [i for i, a in enumerate(assets) if a.cited or set(a.principles) & concern or set(a.groups) & groups][
            :12
        ]
        if not matched:
            return None
        items = [
            Item(i, self._short(f"{assets[i].label} ({assets[i].organisation or 'no organisation given'})"))
            for i in matched
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

    def record(self, question: Question, value: Any, *, estimate: bool = False) -> None:
        """Store an answer (keeping its note), update what applies, and save at once."""
        assert self.answers is not None
        saved = self.answers.get(question.id) or self.pending_notes.pop(question.id, None)
        old_value = saved.value if saved is not None else None
        answer = Answer(
            value=value,
            note=saved.note if saved else None,
            sources=list(saved.sources) if saved else [],
            estimate=estimate and question.type == "number" and value not in (None, values.NOT_KNOWN),
        )
        self.answers.set(question.id, answer)
        # a change to a completed or signed-off assessment reopens it (the Brown principles' record)
        audit.record_change(self.answers, question.id, old_value, value, self.by, self._versions())
        self._refresh()
        self._save()
        if self.prompter.plain:
            self.prompter.say("Saved: " + ("no answer (skipped)" if value is None else self._display(question, value)))

    def _refresh(self) -> None:
        assert self.answers is not None
        self.now = route(self.catalogue, self.answers.values())

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
            return " | ".join("; ".join(f"{k}: {str(v).rstrip('.;')}" for k, v in row.items()) for row in value)
        if question.type == "number" and self.answers is not None:
            stored = self.answers.get(question.id)
            return values.number_words(value, estimate=bool(stored and stored.estimate))
        return values.display(question, value, self.catalogue.options(question))

    def _short(self, text: str, limit: int = 110) -> str:
        """Cut long text for a table row, except in plain mode: a screen reader hears it whole."""
        text = " ".join(str(text).split())
        if self.prompter.plain or len(text) <= limit:
            return text
        return text[: limit - 1].rstrip() + "…"

    # -- review and finish ----------------------------------------------------------------
    def _review(self) -> str:
        assert self.answers is not None and self.now is not None
        by_section: dict[str, list[Question]] = {}
        for question in self.now.interview:
            if self.answers.get(question.id) is not None:
                by_section.setdefault(self.catalogue.section_of[question.id].id, []).append(question)
        sections = [self.catalogue.section_of[qs[0].id] for qs in by_section.values()]
        self.prompter.heading("Review your answers")
        outline = engine.outline(self.catalogue, self.answers.values())
        given = {s.id: done for s, done, _ in outline.sections()}
        self.prompter.table(
            "Sections answered",
            ["#", "Section", "Answers", "First answer"],
            [
                [str(n), section.title, str(given.get(section.id, 0)), self._sample(by_section[section.id])]
                for n, section in enumerate(sections, start=1)
            ],
        )
        self.prompter.say(
            self._count(outline) + (f" (about {outline.minutes} minutes)" if outline.left else "") + ".",
            style="dim",
        )
        assessment = self.assess(self.answers)
        points = [wording.unrated_review(u.principles, u.people, u.mixed) for u in assessment.unrated]
        points += wording.action_gaps(assessment.actions)
        for point in points:
            self.prompter.say(point)
        if assessment.missing:
            self.prompter.say(
                f"{wording.draft_line(assessment.to_answer, len(assessment.missing) - assessment.to_answer)}:",
                style="bold",
            )
            for item in assessment.missing:
                self.prompter.say(f"- {item}")
        else:
            self.prompter.say(wording.complete_line(len(points)))
        choice = self.prompter.select(
            "What next?",
            [
                Item("finish", "Finish and write the document" + ("" if assessment.complete else " (as a draft)")),
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
            return self._finish(assessment)
        return "review"

    def _sample(self, questions: list[Question]) -> str:
        assert self.answers is not None
        first = questions[0]
        answer = self.answers.get(first.id)
        return self._short(self._display(first, answer.value) if answer else "-", 60)

    def _change(self, sections: list[Any], by_section: dict[str, list[Question]]) -> str:
        """Pick a section, see its answers, pick one to change: short lists, numbered in plain mode."""
        assert self.answers is not None
        given = {s.id: done for s, done, _ in engine.outline(self.catalogue, self.answers.values()).sections()}
        items = [Item(sec.id, f"{sec.title} ({wording.plural(given.get(sec.id, 0), 'answer')})") for sec in sections]
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
        choices = [Item(q.id, self._short(f"{n}. {q.text}", 100)) for n, q in enumerate(questions, start=1)]
        choices.append(Item(None, "Back to the review"))
        picked = self.prompter.select("Which answer do you want to change?", choices, default=None)
        if picked is SAVE:
            return "saved"
        if isinstance(picked, str):
            self._section_shown = None
            self._row_shown = None
            if self._walk(self.catalogue.by_id[picked], changing=True) == "saved":
                return "saved"
        return "review"

    def _finish(self, assessment: Assessment) -> str:
        assert self.answers is not None
        if self._cite_partners(assessment) == "saved":
            return "saved"
        if assessment.complete and not audit.closed(self.answers):
            audit.record(self.answers, "completed", self.by, self._versions())
        self._save()
        return "finished"


def _free_name(path: Path) -> Path:
    stem = path.name[: -len(answers_file.SUFFIX)] if path.name.endswith(answers_file.SUFFIX) else path.stem
    number = 2
    while True:
        candidate = path.with_name(f"{stem}-{number}{answers_file.SUFFIX}")
        if not candidate.exists():
            return candidate
        number += 1


__all__ = ["Outcome", "Session"]
