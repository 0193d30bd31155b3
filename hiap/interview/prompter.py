"""Prompt adapters: how one question is put to the officer, and what comes back.

``ask_question`` maps each question type onto four primitives (text, select, checkbox and
output) and validates with ``values.parse_value``, the function the answers-file loader uses,
so typed answers and file answers pass the same checks. Two adapters provide the primitives:

* ``QuestionaryPrompter``: arrow-key lists and editable defaults. questionary has no back key,
  so extra key bindings are merged into each prompt's application and end it with a ``Signal``
  (Alt-B or Page Up back, which tmux and screen leave alone; Ctrl-B too, outside tmux; F1
  guidance; Ctrl-N note; Ctrl-S save and exit). Ctrl-C propagates as ``KeyboardInterrupt``
  (``unsafe_ask``) so the session saves in one place. A rejected entry is cleared, with the
  reason shown, so a retry never lands on top of it.
* ``PlainPrompter``: for screen readers. Every prompt is one plain ``input()``-style line;
  choices are numbered and answered by number; nothing is redrawn.

Typed commands work at every text prompt (and every plain prompt) for terminals where keys
misbehave: ``<`` or ``:back``, ``?``, ``:note``, ``:save`` and ``:skip``.

questionary, prompt_toolkit and rich are imported inside the methods that use them, so
importing this module (or ``hiap --help``) stays cheap.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from hiap.answers import values
from hiap.answers.values import AnswerError
from hiap.models.checklist import Option, Question, RecordField


class Signal(enum.Enum):
    """What a prompt returns instead of an answer."""

    BACK = "back"
    HELP = "help"
    #: the "why it matters" part of the guidance: figures and background, shown only on request
    WHY = "why"
    NOTE = "note"
    SAVE = "save"


BACK, HELP, NOTE, SAVE, WHY = Signal.BACK, Signal.HELP, Signal.NOTE, Signal.SAVE, Signal.WHY

COMMANDS: dict[str, Signal] = {
    "<": BACK,
    ":back": BACK,
    "?": HELP,
    ":help": HELP,
    "??": WHY,
    ":why": WHY,
    ":note": NOTE,
    ":save": SAVE,
}
SKIP_COMMAND = ":skip"
REQUIRED = "An answer is needed: this question is required"
SKIP_REFUSED = "This one cannot be skipped"


def skip_refused(question: Question) -> str:
    """Why a required question cannot be left unanswered, in the officer's words."""
    if question.role == "justification":
        reason = "harm remains after mitigation, so the committee must be told why the decision goes ahead"
    elif question.when:
        reason = "your earlier answers make it needed before the assessment can be completed"
    else:
        reason = "the assessment cannot be completed without it"
    return f"{SKIP_REFUSED}: {reason}"


KEYS_HELP = (
    "Keys: Alt-B or Page Up back · F1 guidance (F2: why it matters) · Ctrl-N add a note · Ctrl-S save and exit · "
    "Ctrl-C stop (answers are kept).\n"
    "At a text prompt you can also type < to go back, ? for guidance, ?? for why it matters, :note, :save or :skip; "
    "in a list, ? and < work as keys."
)
PLAIN_HELP = (
    "At any prompt, type ? for guidance, ?? for why it matters, < to go back, :note to add a note and sources, "
    ":save to save and exit, or :skip to leave an optional question unanswered. "
    "Press Enter to keep the current answer."
)

Validate = Callable[[str], str | None]


class _Skip(enum.Enum):
    SKIP = "skip"


_SKIP = _Skip.SKIP


@dataclass(frozen=True)
class Item:
    """One entry of a list prompt: what it returns, and what the officer reads."""

    value: Any
    label: str


@dataclass(frozen=True)
class Suggestion:
    """A row the officer can adopt with a key and then edit (an action from their own mitigation)."""

    label: str
    row: dict[str, Any]


class Prompter(Protocol):
    """The primitives a session needs; each returns a value or a ``Signal``."""

    plain: bool
    #: what was entered when a key or command ended a prompt (text, ticks or rows), to offer it again
    draft: Any
    #: the last number typed was marked as an estimate ("about 35")
    estimate: bool

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str | None = None,
        validate: Validate | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str | Signal: ...

    def select(self, message: str, items: Sequence[Item], *, default: Any = None, hint: str | None = None) -> Any: ...

    def checkbox(
        self,
        message: str,
        items: Sequence[Item],
        *,
        checked: Sequence[Any] = (),
        hint: str | None = None,
        validate: Callable[[list[Any]], str | None] | None = None,
    ) -> list[Any] | Signal: ...

    def say(self, text: str, *, style: str | None = None) -> None: ...

    def heading(self, text: str) -> None: ...

    def guidance(self, question: Question, *, why: bool = False) -> None: ...

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None: ...


# -- one question, any type ----------------------------------------------------------------


def default_text(question: Question | RecordField, value: Any) -> str:
    """A stored value as the officer would type it (dates the UK way)."""
    if value is None:
        return ""
    if question.type == "date":
        try:
            import datetime as dt

            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def command_of(raw: str) -> Signal | None:
    return COMMANDS.get(raw.strip().lower())


def ask_question(
    p: Prompter,
    question: Question,
    options: tuple[Option, ...],
    default: Any = None,
    *,
    draft: Any = None,
    items: Sequence[Item] = (),
    suggestions: Sequence[Suggestion] = (),
) -> Any:
    """Ask until the officer gives a valid answer (``None`` means skipped) or a ``Signal``.

    ``items`` are the things a one-line-per-item question asks about; ``suggestions`` are rows a
    list question offers to adopt. Guidance requests are handled here (print it, ask again,
    keep what was typed); back, note and save are for the session.
    """
    while True:
        result = _ask_once(p, question, options, default, draft, items, suggestions)
        if result in (HELP, WHY):
            p.guidance(question, why=result is WHY)
            draft = p.draft
            continue
        return result


def _ask_once(
    p: Prompter,
    q: Question,
    options: tuple[Option, ...],
    default: Any,
    draft: Any,
    items: Sequence[Item],
    suggestions: Sequence[Suggestion],
) -> Any:
    p.draft = None
    p.estimate = False
    if q.type in ("text", "longtext", "date", "number"):
        return _ask_text(p, q, options, default, draft if isinstance(draft, str) else None)
    if q.type in ("choice", "rating", "yesno"):
        if q.type == "yesno":
            choices = [Item(True, "Yes"), Item(False, "No")]
        else:
            choices = [Item(o.value, o.label) for o in options]
        if not q.required:
            choices.append(Item(_SKIP, "Leave unanswered"))
        choices.append(Item(HELP, "Show guidance"))
        # nothing is chosen for the officer: the default is a saved answer, a suggestion or the help's
        result = p.select(q.text, choices, default=default, hint=q.hint)
        return None if result is _SKIP else result
    if q.type == "multi":
        return _ask_multi(p, q, options, draft if isinstance(draft, list) else default)
    if q.type == "records":
        return ask_records(p, q, draft if isinstance(draft, list) else default, suggestions)
    if q.type == "each":
        return _ask_each(p, q, items, draft if isinstance(draft, dict) else default)
    raise AnswerError(f"unknown question type '{q.type}'")  # pragma: no cover - the model forbids it


def _ask_each(p: Prompter, q: Question, items: Sequence[Item], default: Any) -> Any:
    """One line per item (a group), each its own short prompt; back from the first leaves the question."""
    if not items:
        p.say(f"{q.text} Nothing to ask: no items were chosen in the earlier answers.")
        return None
    lines: dict[str, str] = dict(default) if isinstance(default, dict) else {}
    p.say(q.text)
    if q.hint:
        p.say("Hint: " + q.hint.strip(), style="dim")
    index = 0
    while index < len(items):
        item = items[index]

        def check(raw: str) -> str | None:
            if command_of(raw) is not None or raw.strip().lower() == SKIP_COMMAND:
                return None
            if len(raw) > 2_000:
                return "keep it to one line of up to 2,000 characters"
            return None

        raw = p.text(
            f"{item.label}:",
            default=lines.get(str(item.value), ""),
            validate=check,
            instruction=f"({index + 1} of {len(items)}; one line)",
        )
        signal = raw if isinstance(raw, Signal) else command_of(raw)
        if signal in (HELP, WHY):  # guidance, then the same line again
            p.guidance(q, why=signal is WHY)
            continue
        if signal is BACK:
            if index == 0:
                p.draft = lines
                return BACK
            index -= 1
            continue
        if signal is not None:
            p.draft = lines
            return signal
        assert isinstance(raw, str)
        text = " ".join(raw.split())
        if text and text.lower() != SKIP_COMMAND:
            lines[str(item.value)] = text
        else:
            lines.pop(str(item.value), None)
        index += 1
    chosen = {str(i.value) for i in items}
    kept = {k: v for k, v in lines.items() if k in chosen}
    if not kept and q.required:
        p.say("At least one line is needed: this question is required.")
        return _ask_each(p, q, items, lines)
    return values.parse_value(q, kept) if kept else None


def _without_command_lines(raw: str) -> str:
    """In a long answer, a line that is only a command (':skip', '<', '?') was meant as one, not
    as text for the committee paper: keep it only if it is the whole answer."""
    lines = raw.splitlines()
    if len(lines) < 2:
        return raw
    kept = [line for line in lines if line.strip().lower() not in COMMANDS and line.strip().lower() != SKIP_COMMAND]
    if not any(line.strip() for line in kept):
        return next(line for line in lines if line.strip())
    return "\n".join(kept)


def _ask_text(p: Prompter, q: Question, options: tuple[Option, ...], default: Any, draft: str | None) -> Any:
    def check(raw: str) -> str | None:
        raw = _without_command_lines(raw)
        text = raw.strip().lower()
        if text in COMMANDS:
            return None
        if text == SKIP_COMMAND:
            return skip_refused(q) if q.required else None
        try:
            value = values.parse_value(q, raw, options)
        except AnswerError as exc:
            return str(exc)
        if value is None and q.required:
            return REQUIRED
        return None

    instruction = None
    if q.type == "longtext":
        instruction = "(Enter on an empty line finishes)"
    elif q.type == "date":
        digits, words = values.example_dates()
        instruction = f"(such as {digits} or {words})"
    elif q.type == "number":
        instruction = "(a number; 'about 35' marks an estimate; 'not known' if you cannot say)"
    if not q.required:
        instruction = (instruction + " " if instruction else "") + "(optional: leave empty to skip)"
    shown = draft if draft is not None else default_text(q, default)
    raw = p.text(
        q.text, default=shown, hint=q.hint, validate=check, multiline=q.type == "longtext", instruction=instruction
    )
    if isinstance(raw, Signal):
        return raw
    raw = _without_command_lines(raw)
    signal = command_of(raw)
    if signal is not None:
        if signal not in (HELP, WHY):
            p.draft = None
        return signal
    if raw.strip().lower() == SKIP_COMMAND:
        return None
    if q.type == "number":
        p.estimate = values.is_estimate(raw)
    return values.parse_value(q, raw, options)


def _ask_multi(p: Prompter, q: Question, options: tuple[Option, ...], default: Any) -> Any:
    items = [Item(o.value, o.label) for o in options] + [Item(HELP, "Show guidance")]

    def check(chosen: list[Any]) -> str | None:
        if HELP in chosen or chosen or not q.required:
            return None
        return "Tick at least one answer: this question is required"

    result = p.checkbox(q.text, items, checked=list(default or []), hint=q.hint, validate=check)
    if isinstance(result, Signal):
        p.draft = None
        return result
    if HELP in result:
        p.draft = [v for v in result if v is not HELP]
        return HELP
    return values.parse_value(q, result, options)


# -- records: an action plan, a monitoring table -------------------------------------------


def _row_words(fields: Sequence[RecordField], row: dict[str, Any]) -> str:
    parts = [f"{f.text}: {default_text(f, row[f.id]).rstrip(' .;')}" for f in fields if row.get(f.id) not in (None, "")]
    return "; ".join(parts) or "(empty)"


def ask_records(p: Prompter, q: Question, default: Any, suggestions: Sequence[Suggestion] = ()) -> Any:
    """Rows asked field by field, each followed by the same list ("Done / Add another / Change /
    Remove"); existing rows can be changed or removed.

    With ``suggestions``, the officer first ticks the ones to adopt; each adopted row is shown
    with what the suggestion fills in and only its empty fields are asked (nothing is retyped or
    confirmed field by field); any entry can then be changed from the list.
    When a key or command interrupts, the rows entered so far are left in ``p.draft`` so that
    the question can be asked again without losing them.
    """
    rows: list[dict[str, Any]] = [dict(r) for r in (default or [])]
    if not rows and suggestions:
        picked = p.checkbox(
            f"{q.text} Tick any of these to adopt; you can change any of them before the list is done.",
            [Item(i, s.label) for i, s in enumerate(suggestions)],
            hint="Your own mitigations come first, then suggestions from your answers. Tick none to write your own.",
        )
        if isinstance(picked, Signal):
            return picked
        shared = _shared_fields(p, q, [suggestions[i].row for i in picked])
        if isinstance(shared, Signal):
            return shared
        for index in picked:
            start = {k: v for k, v in suggestions[index].row.items() if v} | shared
            p.say(f"Entry {len(rows) + 1}, adopted: {_row_words(q.fields, start)}")
            row = _ask_row(p, q, start, len(rows) + 1, given=set(start))
            if isinstance(row, Signal):
                p.draft = [dict(r) for r in rows]
                return row
            rows.append(row)
    if not rows and q.required:
        outcome = _add_row(p, q, rows)
        if outcome is not True and not rows:
            return outcome
    while True:
        if rows:
            p.say(f"Entries so far for: {q.text}")
            for number, row in enumerate(rows, start=1):
                p.say(f"  {number}. {_row_words(q.fields, row)}")
        items: list[Item] = []
        if rows:
            items.append(Item("done", f"Done: keep {'this entry' if len(rows) == 1 else f'these {len(rows)} entries'}"))
            items.append(Item("add", "Add another entry"))
            items += [Item(("edit", i), f"Change entry {i + 1}") for i in range(len(rows))]
            items += [Item(("remove", i), f"Remove entry {i + 1}") for i in range(len(rows))]
        else:
            items.append(Item("add", "Add an entry"))
            items.append(Item("done", "Leave it empty (no entries)"))
        items.append(Item(HELP, "Show guidance"))
        choice = p.select(q.text, items, default="done" if rows else "add", hint=q.hint)
        if choice is HELP:
            p.guidance(q)
            continue
        if isinstance(choice, Signal):
            p.draft = [dict(r) for r in rows]
            return choice
        if choice == "done":
            if not rows and q.required:
                p.say("At least one entry is needed: this question is required.")
                continue
            return values.parse_value(q, rows) if rows else None
        if choice == "add":
            outcome = _add_row(p, q, rows)
            if outcome is not True and outcome is not BACK:
                p.draft = [dict(r) for r in rows]
                return outcome
            continue
        action, index = choice
        if action == "remove":
            removed = rows.pop(index)
            p.say(f"Removed entry {index + 1}: {_row_words(q.fields, removed)}")
            continue
        changed = _ask_row(p, q, rows[index], index + 1)
        if isinstance(changed, Signal):
            if changed is not BACK:
                p.draft = [dict(r) for r in rows]
                return changed
            continue
        rows[index] = changed


def _add_row(p: Prompter, q: Question, rows: list[dict[str, Any]]) -> bool | Signal:
    """Append one row (True), or a signal abandons it. Every list then ends the same way: the
    entries so far, and "Done / Add another / Change / Remove" with Done first."""
    row = _ask_row(p, q, {}, len(rows) + 1)
    if isinstance(row, Signal):
        return row
    rows.append(row)
    return True


#: fields that are usually the same across the adopted rows of one list (who, and by when)
SHARED_FIELDS = ("owner", "due")


def _shared_fields(p: Prompter, q: Question, adopted: list[dict[str, Any]]) -> dict[str, Any] | Signal:
    """With several rows adopted at once, offer one owner and one due date for all of them:
    each row keeps its own fields (filled from these), and any row can still be changed."""
    fields = [f for f in q.fields if f.id in SHARED_FIELDS]
    if len(adopted) < 2 or not fields:
        return {}
    names = " and ".join(f.text.lower() for f in fields)
    same = p.select(
        f"The same {names} for all {len(adopted)} adopted entries?",
        [Item(True, "Yes: give them once"), Item(False, "No: give them entry by entry")],
        default=True,
    )
    if isinstance(same, Signal):
        return same
    if same is not True:
        return {}
    first = {f.id: adopted[0].get(f.id) for f in fields if adopted[0].get(f.id)}
    shared = _ask_row(p, q, first, 0, only={f.id for f in fields})
    return shared


def _ask_row(
    p: Prompter,
    q: Question,
    row: dict[str, Any],
    number: int,
    *,
    given: Collection[str] = (),
    only: Collection[str] | None = None,
) -> dict[str, Any] | Signal:
    """One row, field by field; back (or any key signal) abandons the row. Fields in ``given``
    were answered once for several rows and are kept, not asked; ``only`` asks just those fields."""
    out: dict[str, Any] = {k: v for k, v in row.items() if k in given}
    asked = [f for f in q.fields if f.id not in given and (only is None or f.id in only)]
    if not asked:
        return out
    p.say(f"Entry {number}:" if number else "For every adopted entry:")
    for field in asked:
        current = row.get(field.id)
        if field.type == "choice":
            items = [Item(o.value, o.label) for o in field.options]
            if not field.required:
                items.append(Item(_SKIP, "Leave empty"))
            result = p.select(field.text, items, default=current if current is not None else None)
            if isinstance(result, Signal):
                return result
            if result is not _SKIP:
                out[field.id] = result
            continue

        def check(raw: str, field: RecordField = field) -> str | None:
            if raw.strip().lower() in COMMANDS:
                return None
            if raw.strip().lower() == SKIP_COMMAND:
                return f"{SKIP_REFUSED}: {field.text} is needed for each entry" if field.required else None
            try:
                _field_value(field, raw)
            except AnswerError as exc:
                return str(exc)
            return None

        raw = p.text(
            field.text,
            default=default_text(field, current),
            validate=check,
            instruction=_field_instruction(field),
        )
        if isinstance(raw, Signal):
            return raw
        signal = command_of(raw)
        if signal is not None:
            return signal
        value = None if raw.strip().lower() == SKIP_COMMAND else _field_value(field, raw)
        if value is not None:
            out[field.id] = value
    return out


def _field_instruction(field: RecordField) -> str | None:
    parts = [f"(as {values.example_dates()[0]})"] if field.type == "date" else []
    if not field.required:
        parts.append("(optional)")
    return " ".join(parts) or None


def _field_value(field: RecordField, raw: str) -> Any:
    if not raw.strip():
        if field.required:
            raise AnswerError(f"{field.text} is required")
        return None
    if field.type == "date":
        return values.parse_date(raw)
    if field.type == "number":
        return values.parse_number(raw)
    return raw.strip()


# -- questionary: arrow keys, editable defaults, key signals -------------------------------


class QuestionaryPrompter:
    """Full-screen-free prompts from questionary, with back/help/note/save keys merged in."""

    plain = False

    def __init__(self, console: Any = None) -> None:
        #: the text in the box when a key ended the last prompt: offered again unselected
        self._typed: str | None = None
        self.draft: Any = None
        self.estimate = False
        self._console = console

    @property
    def console(self) -> Any:
        if self._console is None:
            from hiap.console import console

            self._console = console()
        return self._console

    def _refuse(self, problem: str) -> None:
        """Say why an entry was refused; the box has been cleared, so the retry is typed fresh."""
        from prompt_toolkit.application import run_in_terminal

        line = f"{problem}." if problem.startswith(SKIP_REFUSED) else f"Sorry: {problem}. Type it again."
        run_in_terminal(lambda: self.say(line, style="bold"))

    def _keys(
        self,
        question: Any,
        multiline: bool = False,
        validate: Validate | None = None,
        default: str = "",
        *,
        listing: bool = False,
    ) -> Any:
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()

        def exit_with(signal: Signal) -> Callable[[Any], None]:
            def handler(event: Any) -> None:
                self.draft = self._typed = event.app.current_buffer.text
                event.app.exit(result=signal)

            return handler

        for keys, signal in (
            (("escape", "b"), BACK),  # Alt-B: tmux and screen take Ctrl-B and Ctrl-A, not this
            (("pageup",), BACK),
            (("c-b",), BACK),
            (("f1",), HELP),
            (("f2",), WHY),
            (("c-n",), NOTE),
            (("c-s",), SAVE),
        ):
            bindings.add(*keys, eager=True)(exit_with(signal))
        if listing:  # a list has no text to type '?' or '<' into: the key itself asks, as officers try
            bindings.add("?", eager=True)(exit_with(HELP))
            bindings.add("<", eager=True)(exit_with(BACK))
        if validate is not None and not multiline:

            @bindings.add("enter", eager=True)
            def _enter(event: Any) -> None:
                # a rejected entry is cleared, so the retry is typed fresh, not onto the old text
                buffer = event.app.current_buffer
                problem = validate(buffer.text)
                if problem is None:
                    buffer.validate_and_handle()
                    return
                buffer.reset()
                self._refuse(problem)

        if multiline:
            app = question.application

            @Condition
            def finishing() -> bool:
                buffer = app.current_buffer
                text = buffer.text
                if text.strip().lower() in COMMANDS or text.strip().lower() == SKIP_COMMAND:
                    return True  # '?' or '<' alone: one Enter, as at any other prompt
                if default and text == default:
                    return True  # a prefilled answer kept as it is: one Enter, as elsewhere
                return not text.strip() or (buffer.document.is_cursor_at_the_end and text.endswith("\n"))

            @bindings.add("enter", filter=finishing, eager=True)
            def _finish(event: Any) -> None:
                buffer = event.app.current_buffer
                text = buffer.text.rstrip()
                problem = validate(text) if validate is not None else None
                if problem is not None:
                    buffer.reset()
                    self._refuse(problem)
                    return
                buffer.text = text
                buffer.validate_and_handle()

        if default and default != self._typed:  # what was being typed (before F1, say) is not selected
            app_ = question.application

            def select_all() -> None:
                # the prefilled answer is selected: typing replaces it (as in plain mode, and in
                # any form field), an arrow key or End keeps it to edit, Enter keeps it as it is
                from prompt_toolkit.selection import SelectionType

                buffer = app_.current_buffer
                if buffer.text:
                    buffer.cursor_position = 0
                    buffer.start_selection(selection_type=SelectionType.CHARACTERS)
                    if buffer.selection_state is not None:
                        buffer.selection_state.enter_shift_mode()
                    buffer.cursor_position = len(buffer.text)

            app_.pre_run_callables.append(select_all)

        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
        return question

    def _hint(self, hint: str | None) -> None:
        if hint:
            self.say("Hint: " + hint.strip(), style="dim")

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str | None = None,
        validate: Validate | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str | Signal:
        import questionary

        if multiline:
            # prompt_toolkit draws nothing at all when a multiline prompt's message is wider than
            # the terminal, so the question goes above as plain text and the prompt stays short
            self.say(message, style="bold")
            message = "Answer"
        self._hint(hint)

        def check(raw: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(raw)
            return True if problem is None else problem

        question = questionary.text(
            message,
            default=default,
            validate=check,
            multiline=multiline,
            instruction=(instruction or "")
            + (" (typing replaces the answer shown; → or End edits it)" if default else ""),
            qmark="?",
            style=_style(),
        )
        result: str | Signal = self._keys(question, multiline, validate, default).unsafe_ask()
        if not isinstance(result, Signal):
            self._typed = None
        return result

    def select(self, message: str, items: Sequence[Item], *, default: Any = None, hint: str | None = None) -> Any:
        import questionary

        self._hint(hint)
        choices = [questionary.Choice(title=_wrap(item.label), value=index) for index, item in enumerate(items)]
        # with no default, the pointer starts on "Show guidance", not on the first answer: nothing
        # is chosen for the officer that an earlier answer might contradict
        wanted = HELP if default is None and any(item.value is HELP for item in items) else default
        chosen = next((choices[i] for i, item in enumerate(items) if _same(item.value, wanted)), None)
        shortcuts = len(items) <= 36
        question = questionary.select(
            message,
            choices=choices,
            default=chosen,
            use_shortcuts=shortcuts,
            use_jk_keys=False,
            use_emacs_keys=False,
            instruction="(arrow keys or number, then Enter)",
            style=_style(),
        )
        result = self._keys(
            _fit(question, sum(_wrap(i.label).count("\n") + 1 for i in items)), listing=True
        ).unsafe_ask()
        if isinstance(result, Signal):
            return result
        return items[result].value

    def checkbox(
        self,
        message: str,
        items: Sequence[Item],
        *,
        checked: Sequence[Any] = (),
        hint: str | None = None,
        validate: Callable[[list[Any]], str | None] | None = None,
    ) -> list[Any] | Signal:
        import questionary

        self._hint(hint)
        choices = [
            questionary.Choice(title=_wrap(item.label), value=index, checked=any(_same(item.value, c) for c in checked))
            for index, item in enumerate(items)
        ]

        def check(indexes: list[Any]) -> bool | str:
            if validate is None:
                return True
            problem = validate([items[i].value for i in indexes])
            return True if problem is None else problem

        long = len(items) > 15  # more than a screen: typing filters the list, so nothing scrolls away
        question = questionary.checkbox(
            message,
            choices=choices,
            validate=check,
            use_jk_keys=False,
            use_emacs_keys=False,
            use_search_filter=long,
            instruction="(type to filter, Space ticks, Enter confirms)" if long else "(Space ticks, Enter confirms)",
            style=_style(),
        )
        result = self._keys(
            _fit(question, sum(_wrap(i.label).count("\n") + 1 for i in items)), listing=True
        ).unsafe_ask()
        if isinstance(result, Signal):
            return result
        if len(result) > 1:  # questionary echoes only "done (3 selections)": say which
            self.say("Ticked: " + "; ".join(" ".join(items[i].label.split()) for i in result), style="dim")
        return [items[i].value for i in result]

    def say(self, text: str, *, style: str | None = None) -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style or ""))

    def heading(self, text: str) -> None:
        from rich.rule import Rule

        self.console.print()
        self.console.print(Rule(text, align="left"))

    def guidance(self, question: Question, *, why: bool = False) -> None:
        from rich.panel import Panel
        from rich.text import Text

        text = guidance_text(question, _extra(self, question), why=why)
        title = "Why it matters" if why else "Guidance"
        self.console.print(Panel(Text(text), title=title, title_align="left", expand=False))

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        from rich.table import Table

        table = Table(title=title, title_justify="left", show_lines=False)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)


def _lines() -> tuple[int, int]:
    import shutil

    size = shutil.get_terminal_size((120, 36))
    return max(40, size.columns), max(12, size.lines)


def _wrap(label: str) -> str:
    """A choice label wrapped at word boundaries to the terminal, indented under its first line,
    so a long label is read whole rather than cut mid-word at the screen's edge."""
    import textwrap

    columns, _ = _lines()
    width = columns - 8  # the pointer, a tick box or a number shortcut come first
    text = " ".join(label.split())
    if len(text) <= width:
        return text
    return ("\n" + " " * 6).join(textwrap.wrap(text, width=width - 6, break_long_words=False) or [text])


def _fit(question: Any, count: int) -> Any:
    """A list longer than the screen scrolls inside a window of its own, under the question,
    so the question stays in view (the pointed-at item is kept visible as it moves)."""
    from prompt_toolkit.layout.dimension import Dimension

    _, rows = _lines()
    room = max(6, rows - 12)
    if count <= room:
        return question
    container = question.application.layout.container
    for child in getattr(container, "children", []):
        window = getattr(child, "content", None)
        if window is not None and type(window).__name__ == "Window" and "Inquirer" in type(window.content).__name__:
            window.height = Dimension(max=room)
    return question


def _style() -> Any:
    """With NO_COLOR, questionary's own bold and reverse video go too, not only its colours."""
    from hiap.console import no_style

    if not no_style():
        return None
    from questionary import Style

    plain = "noinherit nobold noitalic nounderline noreverse"
    names = ("qmark", "question", "answer", "pointer", "highlighted", "selected", "separator", "instruction")
    return Style([(name, plain) for name in (*names, "text", "disabled", "validation-toolbar")])


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same kind, so True never matches 1 and 'no' never matches False."""
    return type(a) is type(b) and a == b


#: Extra guidance for a question from plugins (the ``question_guidance`` hook); the session
#: sets it, so both prompters show local guidance beside the checklist's own.
ExtraGuidance = Callable[[Question], Sequence[Any]]


def guidance_text(question: Question, extra: Sequence[Any] = (), *, why: bool = False, keys: bool = True) -> str:
    """What to consider and where to look first; the figures and background behind "why it
    matters" only when asked for (?? or F2), so the first screen stays short. ``keys`` is false in
    plain mode, where a line is typed and F2 is no key."""
    if why:
        return (question.why or "There is nothing more for this question.").strip()
    lines = [" ".join(question.help.split())]
    if question.look:
        lines += ["", "Where to look: " + " ".join(question.look.split())]
    if question.why:
        lines += ["", "Why it matters: type ?? " + ("(or press F2) " if keys else "") + "to read more."]
    if question.sources:
        lines.append("")
        lines.append("Sources:")
        for source in question.sources:
            lines.append(f"- {source.title}" + (f" ({source.url})" if source.url else ""))
    for item in extra:
        lines += ["", f"{item.title} (from {item.source}):", item.text.strip()]
        lines += [f"- {source.title}" + (f" ({source.url})" if source.url else "") for source in item.sources]
    return "\n".join(lines)


def _extra(prompter: Any, question: Question) -> Sequence[Any]:
    provider = getattr(prompter, "extra_guidance", None)
    return provider(question) if provider is not None else ()


# -- plain: numbered choices, one line at a time, for screen readers -----------------------


class PlainPrompter:
    """Line-by-line prompts with numbered choices: nothing is redrawn, so screen readers keep up."""

    plain = True

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.draft: Any = None
        self.estimate = False
        self._in = stdin
        self._out = stdout

    @property
    def out(self) -> TextIO:
        return self._out if self._out is not None else sys.stdout

    def _line(self, prompt: str) -> str:
        if self._in is None:
            return input(prompt)
        self.out.write(prompt)
        self.out.flush()
        line = self._in.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def say(self, text: str, *, style: str | None = None) -> None:
        print(text, file=self.out, flush=True)

    def heading(self, text: str) -> None:
        self.say("")
        self.say(text)

    def guidance(self, question: Question, *, why: bool = False) -> None:
        self.say("Why it matters:" if why else "Guidance:")
        self.say(guidance_text(question, _extra(self, question), why=why, keys=False))
        self.say("End of guidance.")

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.say(title)
        for row in rows:
            self.say(", ".join(f"{h}: {v}" for h, v in zip(headers, row, strict=False) if v))

    def text(
        self,
        message: str,
        *,
        default: str = "",
        hint: str | None = None,
        validate: Validate | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str | Signal:
        self.say(message)
        if hint:
            self.say("Hint: " + hint.strip())
        if instruction:
            self.say(instruction)
        if default:
            self.say(f"Current answer: {default}. Press Enter to keep it.")
        while True:
            raw = self._line("> ")
            if multiline and raw.strip() and command_of(raw) is None and raw.strip().lower() != SKIP_COMMAND:
                lines = [raw]
                while True:
                    more = self._line("... ")
                    if not more.strip():
                        break
                    lines.append(more)
                raw = "\n".join(lines)
            if not raw.strip() and default:
                raw = default
            problem = validate(raw) if validate else None
            if problem is None:
                return raw
            self.say(f"Sorry: {problem}.")

    def _numbered(self, message: str, items: Sequence[Item], hint: str | None, marked: Sequence[Any]) -> None:
        self.say(message)
        if hint:
            self.say("Hint: " + hint.strip())
        for number, item in enumerate(items, start=1):
            mark = " (default)" if any(_same(item.value, m) for m in marked) else ""
            self.say(f"  {number}. {item.label}{mark}")

    def _number(self, raw: str, items: Sequence[Item]) -> int | None:
        text = raw.strip()
        if text.isdigit() and 1 <= int(text) <= len(items):
            return int(text) - 1
        for index, item in enumerate(items):
            if item.label.lower() == text.lower():
                return index
        return None

    def select(self, message: str, items: Sequence[Item], *, default: Any = None, hint: str | None = None) -> Any:
        current = next((item for item in items if _same(item.value, default)), None)
        self._numbered(message, items, hint, [current.value] if current else [])
        while True:
            raw = self._line("Type a number" + (f" (Enter chooses: {current.label})" if current else "") + ": ")
            signal = command_of(raw)
            if signal is not None:
                return signal
            if not raw.strip() and current is not None:
                return current.value
            index = self._number(raw, items)
            if index is not None:
                self.say(f"You chose: {items[index].label}")
                return items[index].value
            self.say(f"Sorry: type a number from 1 to {len(items)}.")

    def checkbox(
        self,
        message: str,
        items: Sequence[Item],
        *,
        checked: Sequence[Any] = (),
        hint: str | None = None,
        validate: Callable[[list[Any]], str | None] | None = None,
    ) -> list[Any] | Signal:
        self._numbered(message, items, hint, checked)
        while True:
            raw = self._line(
                "Type the numbers of all that apply, separated by commas"
                + (" (Enter keeps the current answers)" if checked else "")
                + ": "
            )
            signal = command_of(raw)
            if signal is not None:
                return signal
            if raw.strip().lower() == SKIP_COMMAND:
                chosen: list[Any] = []
            elif not raw.strip():
                chosen = list(checked)
            else:
                indexes = [
                    self._number(part, items)
                    for part in raw.replace(";", ",").replace(" ", ",").split(",")
                    if part.strip()
                ]
                if any(i is None for i in indexes):
                    self.say(f"Sorry: use numbers from 1 to {len(items)}, separated by commas.")
                    continue
                chosen = [items[i].value for i in dict.fromkeys(i for i in indexes if i is not None)]
            problem = validate(chosen) if validate else None
            if problem is None:
                return chosen
            self.say(f"Sorry: {problem}.")
