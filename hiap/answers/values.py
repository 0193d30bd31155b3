"""One parse-and-validate function per question type, shared by the prompt and the file loader.

Typed answers, replayed answers and ``--no-input`` answers therefore pass the same checks and
get the same messages, which say what is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hiap.errors import did_you_mean
from hiap.models.checklist import Option, Question, RecordField

_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class AnswerError(ValueError):
    """The value does not fit the question; the message says what would."""


def parse_date(raw: Any) -> str:
    text = str(raw).strip()
    match = _UK_DATE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:  # 17/3/26: a council date is this century
                year += 2000
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text).isoformat()
    except ValueError:
        raise AnswerError(f"'{text}' is not a date; write it as 31/03/2026 or 2026-03-31") from None


def long_date(value: dt.date | str) -> str:
    """A date as committee papers write it ("31 March 2026"); anything unreadable as given.

    The one place dates are put into words, for the interview, the documents and the board report.
    """
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(parse_date(str(value)[:10]))
    except ValueError:
        return str(value)
    return day.strftime("%-d %B %Y")


def parse_number(raw: Any, minimum: float | None = None, maximum: float | None = None) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError("expected a number")
    if isinstance(raw, (int, float)):
        number: int | float = raw
    else:
        text = str(raw).strip().replace(",", "").rstrip("%").strip()
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise AnswerError(f"'{raw}' is not a number; write digits only, such as 1200 or 12.5") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerError("expected a finite number")
    if minimum is not None and number < minimum:
        raise AnswerError(f"{number} is below the smallest allowed value, {_fmt(minimum)}")
    if maximum is not None and number > maximum:
        raise AnswerError(f"{number} is above the largest allowed value, {_fmt(maximum)}")
    return number


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_yesno(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise AnswerError(f"'{raw}' is not yes or no; answer yes or no")


def _option(raw: Any, options: tuple[Option, ...]) -> str:
    values = [o.value for o in options]
    text = str(raw).strip() if raw is not None else ""
    if text in values:
        return text
    for option in options:  # accept the label too, as an officer editing the file might write it
        if option.label.lower() == text.lower():
            return option.value
    hint = did_you_mean(text, values)
    listed = ", ".join(values[:12]) + (" ..." if len(values) > 12 else "")
    raise AnswerError(f"'{text}' is not one of the options" + (f"; {hint}" if hint else f"; choose from: {listed}"))


def parse_value(question: Question, raw: Any, options: tuple[Option, ...] | None = None) -> Any:
    """Validate and normalise a value for ``question``; ``None`` means unanswered."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None
    kind = question.type
    opts = options if options is not None else question.choice_options()
    if kind == "yesno":
        return parse_yesno(raw)
    if kind in ("choice", "rating"):
        if isinstance(raw, (list, dict)):
            raise AnswerError("expected one option, not a list")
        return _option(raw, opts)
    if kind == "multi":
        items = raw if isinstance(raw, list) else [raw]
        chosen: list[str] = []
        for item in items:
            if isinstance(item, (list, dict)):
                raise AnswerError("expected a list of options")
            value = _option(item, opts)
            if value not in chosen:
                chosen.append(value)
        return chosen
    if kind in ("text", "longtext"):
        if isinstance(raw, (list, dict)):
            raise AnswerError("expected text, not a list or mapping")
        text = str(raw)
        if kind == "text" and "\n" in text.strip():
            raise AnswerError("expected a single line of text")
        if len(text) > 20_000:
            raise AnswerError("the text is longer than 20,000 characters; shorten it or attach a document as a source")
        return text.strip() if kind == "text" else text.rstrip()
    if kind == "date":
        return parse_date(raw)
    if kind == "number":
        return parse_number(raw, question.minimum, question.maximum)
    if kind == "records":
        return parse_records(question.fields, raw)
    raise AnswerError(f"unknown question type '{kind}'")  # pragma: no cover - the model forbids it


def parse_records(fields: tuple[RecordField, ...], raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise AnswerError("expected a list of entries, each a mapping of " + ", ".join(f.id for f in fields))
    rows: list[dict[str, Any]] = []
    names = [f.id for f in fields]
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise AnswerError(f"entry {index} should be a mapping of " + ", ".join(names))
        row: dict[str, Any] = {}
        for key in item:
            if key not in names:
                hint = did_you_mean(str(key), names)
                raise AnswerError(
                    f"entry {index}: unknown key '{key}'" + (f"; {hint}" if hint else f"; use {', '.join(names)}")
                )
        for f in fields:
            value = item.get(f.id)
            if value is None or (isinstance(value, str) and not value.strip()):
                if f.required:
                    raise AnswerError(f"entry {index}: '{f.id}' ({f.text}) is required")
                continue
            try:
                if f.type == "date":
                    row[f.id] = parse_date(value)
                elif f.type == "number":
                    row[f.id] = parse_number(value)
                elif f.type == "choice":
                    row[f.id] = _option(value, f.options)
                else:
                    if isinstance(value, (list, dict)):
                        raise AnswerError("expected text")
                    row[f.id] = str(value).strip()
            except AnswerError as exc:
                raise AnswerError(f"entry {index}: {f.id}: {exc}") from None
        rows.append(row)
    return rows


def display(question: Question, value: Any, options: tuple[Option, ...] | None = None) -> str:
    """An answer in words, for the review screen and the documents."""
    if value is None:
        return "Not answered"
    if question.type == "yesno":
        return "Yes" if value else "No"
    opts = options if options is not None else question.choice_options()
    labels = {o.value: o.label for o in opts}
    if question.type in ("choice", "rating"):
        return labels.get(str(value), str(value))
    if question.type == "multi":
        return "; ".join(labels.get(v, v) for v in value) if value else "None"
    if question.type == "date":
        return long_date(value)
    if question.type == "records":
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    return str(value)
