"""``hiap checklists`` and ``hiap plugins``: what is installed, where it comes from."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hiap.commands import engine_from


def checklists_json(engine: Any) -> list[dict[str, Any]]:
    cat = engine.catalogue
    out = []
    for checklist in cat.checklists:
        sections = [s for s in cat.sections if s.origin == checklist.origin and s in checklist.sections]
        out.append(
            {
                "id": checklist.id,
                "version": checklist.version,
                "title": checklist.title,
                "source": checklist.origin,
                "sections": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "when": s.when,
                        "questions": [
                            {
                                "id": q.id,
                                "text": q.text,
                                "hint": q.hint,
                                "help": q.help,
                                "look": q.look,
                                "why": q.why,
                                "reviewed": q.reviewed,
                                "type": q.type,
                                "principles": list(q.principles),
                                "sources": [{"title": src.title, "url": src.url} for src in q.sources],
                                "groups": list(q.groups),
                                "required": q.required,
                                "when": q.when,
                                "role": q.role,
                                "kinds": list(q.kinds),
                                "options": [{"value": o.value, "label": o.label} for o in cat.options(q)]
                                if q.type in ("choice", "multi", "rating")
                                else [],
                            }
                            for q in s.questions
                        ],
                    }
                    for s in sections
                ],
                "groups": [g.model_dump() for g in checklist.groups],
                "mitigations": [m.id for m in checklist.mitigations],
                "indicators": [i.name for i in checklist.indicators],
            }
        )
    return out


def cmd_checklists(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    data = checklists_json(engine)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    from hiap.console import console

    out = console()
    for checklist in data:
        if not checklist["sections"] and not checklist["groups"]:
            continue
        out.print(
            f"[bold]{checklist['title']}[/bold] ({checklist['id']} {checklist['version']}, from {checklist['source']})"
        )
        if checklist["groups"]:
            out.print(f"  {len(checklist['groups'])} population groups")
        for section in checklist["sections"]:
            out.print(f"  [bold]{section['title']}[/bold] [{section['id']}]: {len(section['questions'])} questions")
            for q in section["questions"]:
                principles = f" (principles {', '.join(map(str, q['principles']))})" if q["principles"] else ""
                out.print(f"    {q['id']}: {q['text']}{principles}", soft_wrap=True)
    total = sum(len(s["questions"]) for c in data for s in c["sections"])
    out.print(
        f"\n{total} questions in {sum(len(c['sections']) for c in data)} sections. "
        "Only those that apply to a decision are asked."
    )
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    from hiap.commandline import plugin_commands
    from hiap.plugins import print_problems

    engine = engine_from(args)
    for command in plugin_commands(engine.host).commands.values():
        engine.host.records[command.plugin].commands.append(command.name)
    print_problems(engine.host)
    records = [r for r in engine.host.records.values() if args.all or not r.builtin]
    for record in records:  # failures found after loading (in a hook) count too
        problem = next((p for p in engine.host.problems if p.plugin == record.name), None)
        if problem and record.status == "ok":
            record.status, record.error = "failed", f"{problem.hook}: {problem.error}"
    if args.json:
        print(json.dumps([r.as_json() for r in records], indent=2))
        return 0
    from hiap.console import console

    out = console()
    if not records:
        out.print(
            "No plugins installed. Sector plugins add questions, scoring and guidance; see docs/writing_plugins.md."
        )
        return 0
    for r in records:
        status = {"ok": "ok", "failed": "FAILED", "disabled": "switched off"}[r.status]
        version = f" {r.version}" if r.version else ""
        out.print(f"[bold]{r.name}[/bold]{version} ({r.dist or 'no distribution'}): {status}")
        if r.hooks:
            out.print(f"  hooks: {', '.join(r.hooks)}")
        if r.commands:
            out.print(f"  commands: {', '.join('hiap ' + c for c in r.commands)}")
        if r.error:
            out.print(f"  {r.error}", markup=False)
    return 0
