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
from hiap.textsafe import bidi_closed

_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
#: "3rd March 2026", "14 Jan 2026", "14 Jan. 26", "March 3, 2026"
_WORD_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4}|\d{2})$")
_WORD_DATE_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
#: What an officer types for a figure they do not have.
NOT_KNOWN = "not_known"
_NOT_KNOWN_WORDS = {"not known", "not_known", "unknown", "don't know", "dont know", "n/k", "nk"}
#: Words and marks that say a figure is an estimate ("about 35", "c. 1,200", "~40", "35?").
_ESTIMATE = re.compile(
    r"^\s*(?:about|around|approx(?:imately|\.)?|roughly|c\.|ca\.|circa|~|est(?:imated|\.)?)\s*|\s*\?\s*$", re.I
)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class AnswerError(ValueError):
    """The value does not fit the question; the message says what would."""


def example_dates(today: dt.date | None = None) -> tuple[str, str]:
    """An example date for prompts, in both ways it can be typed: the next 31 March (the end of
    the council's financial year), so the example is never a date already past."""
    today = today or dt.date.today()
    year = today.year if today < dt.date(today.year, 3, 31) else today.year + 1
    return f"31/03/{year}", f"31 March {year}"


def parse_date(raw: Any) -> str:
    """A date as people write it in a council: 31/03/2026, 2026-03-31, 3rd March 2026, 14 Jan 26."""
    text = str(raw).strip()
    try:
        found = _day_month_year(text)
        if found is not None:
            day, month, year = found
            if year < 100:  # 17/3/26: a council date is this century
                year += 2000
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text).isoformat()
    except ValueError:
        digits, words = example_dates()
        raise AnswerError(f"'{text}' is not a date; write it as {digits} or {words}") from None


def _day_month_year(text: str) -> tuple[int, int, int] | None:
    match = _UK_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return day, month, year
    lowered = " ".join(text.lower().split())
    match = _WORD_DATE.match(lowered)
    if match and match.group(2) in _MONTHS:
        return int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    match = _WORD_DATE_US.match(lowered)
    if match and match.group(1) in _MONTHS:
        return int(match.group(2)), _MONTHS[match.group(1)], int(match.group(3))
    return None


def long_date(value: dt.date | str) -> str:
    """A date as committee papers write it ("31 March 2026"); anything unreadable as given.

    The one place dates are put into words, for the interview, the documents and the board report.
    """
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(parse_date(str(value)[:10]))
    except ValueError:
        return str(value)
    return day.strftime("%-d %B %Y")


def is_estimate(raw: Any) -> bool:
    """Whether a typed figure is marked as an estimate ("about 35", "c. 1,200", "~40", "35?")."""
    return isinstance(raw, str) and bool(_ESTIMATE.search(raw)) and not is_not_known(raw)


def is_not_known(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().lower().rstrip(".") in _NOT_KNOWN_WORDS


def parse_number(raw: Any, minimum: float | None = None, maximum: float | None = None) -> int | float | str:
    """A figure, with the estimate marks taken off; "not known" is kept as ``not_known``."""
    if isinstance(raw, bool):
        raise AnswerError("expected a number")
    if is_not_known(raw):
        return NOT_KNOWN
    if isinstance(raw, (int, float)):
        number: int | float = raw
    else:
        text = _ESTIMATE.sub("", str(raw)).strip().replace(",", "").rstrip("%").strip()
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise AnswerError(
                    f"'{raw}' is not a number; write digits, such as 1200, 'about 1200' or 'not known'"
                ) from None
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
        return bidi_closed(text.strip() if kind == "text" else text.rstrip())
    if kind == "date":
        return parse_date(raw)
    if kind == "number":
        return parse_number(raw, question.minimum, question.maximum)
    if kind == "records":
        return parse_records(question.fields, raw)
    if kind == "each":
        return parse_each(raw)
    raise AnswerError(f"unknown question type '{kind}'")  # pragma: no cover - the model forbids it


def parse_each(raw: Any) -> dict[str, str] | None:
    """One line of text per chosen item: ``{item: text}``; empty lines are dropped.

    Which items there should be is the route's business (they are the answers to the questions
    named in ``each``), so a line for an item no longer chosen is kept, not refused."""
    if not isinstance(raw, dict):
        raise AnswerError("expected one line per item, as 'item: text' lines indented beneath it")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, (list, dict)) or key is None:
            raise AnswerError(f"'{key}': expected one line of text")
        if value is None or not str(value).strip():
            continue
        text = " ".join(str(value).split())
        if len(text) > 2_000:
            raise AnswerError(f"'{key}': the line is longer than 2,000 characters; shorten it")
        out[str(key)] = text
    return out or None


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
    if question.type == "each":
        return "; ".join(f"{labels.get(k, k)}: {v}" for k, v in value.items())
    if question.type == "number":
        return number_words(value)
    return str(value)


def number_words(value: Any, estimate: bool = False) -> str:
    """A figure as a councillor reads it: 1,200; 12.5; "about 35"; "Not known"."""
    if value == NOT_KNOWN:
        return "Not known"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    shown = f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    if isinstance(value, float) and value.is_integer():
        shown = f"{int(value):,}"
    return f"about {shown}" if estimate else shown


def plain_value(value: Any) -> str:
    """Any stored answer as one line of text, for answers no question describes any more (kept
    on an upgrade, or not asked on this route): lists joined with '; ', yes and no in words."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(plain_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    return str(value)
