"""``hiap outline FILE [--json]``: the route from here, counted as answers the way the
proportion targets count them: sections, questions that apply, answered and still to give."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hiap import wording


def cmd_outline(args: argparse.Namespace) -> int:
    from hiap.answers import answers_file
    from hiap.commands import engine_from
    from hiap.interview.engine import outline

    engine = engine_from(args)
    answers = answers_file.load_validated(args.file, engine.catalogue)
    found = outline(engine.catalogue, answers.values())
    if args.json:
        print(json.dumps(as_json(found, str(args.file), answers.title), indent=2, ensure_ascii=False))
        return 0
    depth = wording.ROUTE_WORDS.get(found.depth or "", "Depth not chosen yet")
    scope = (
        f"; principles in scope: {', '.join(str(n) for n in found.principles)}"
        if found.principles and found.depth != "none"
        else ""
    )
    print(f"{answers.title}")
    print(f"{depth}{scope}")
    print(
        f"{wording.plural(found.answered, 'answer')} given, {found.remaining} still to give"
        + (f", up to {found.may_come} more that later answers may bring in" if found.may_come else "")
        + (f"; about {found.minutes} minutes to go" if found.minutes else "")
    )
    width = max((len(s.title) for s, _, _ in found.sections()), default=10)
    # 'To give' applies for certain and adds up to the line above; 'May come' is what a later
    # answer may bring in, section by section
    sure = {s.id: left for s, _, left in found.sections(certain_only=True)}
    print()
    print(f"{'Section'.ljust(width)}  Given  To give  May come")
    for section, given, left in found.sections():
        now = sure.get(section.id, 0)
        print(f"{section.title.ljust(width)}  {given:>5}  {now:>7}  {left - now:>8}")
    return 0


def as_json(found: Any, file: str, title: str) -> dict[str, Any]:
    def entry(e: Any) -> dict[str, Any]:
        return {
            "id": e.question.id,
            "section": e.section.id,
            "text": " ".join(e.question.text.split()),
            "type": e.question.type,
            "row": e.question.row,
            "answered": e.answered,
            "required": e.question.required,
            "fields": e.fields,
        }

    return {
        "file": file,
        "title": title,
        "depth": found.depth,
        "principles": found.principles,
        "answered": found.answered,
        "remaining": found.remaining,
        "may_come": found.may_come,
        "minutes": found.minutes,
        "sections": [
            {"id": s.id, "title": s.title, "answered": given, "remaining": left} for s, given, left in found.sections()
        ],
        "questions": [entry(e) for e in found.entries],
        "may_still_come": [entry(e) for e in found.maybe],
    }
