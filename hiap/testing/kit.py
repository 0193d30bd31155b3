"""What the ``hiap_kit`` fixture gives a plugin's tests: the real pipeline, one plugin loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hiap.models.answers import Answer, AnswersFile
from hiap.models.assessment import Assessment


class ContractError(AssertionError):
    """The plugin breaks the plugin contract; the message lists every problem."""


class PluginKit:
    def __init__(self, name: str, *, plugin: object | None = None, workdir: Path | None = None) -> None:
        from hiap.pipeline import open_engine

        self.name = name
        self.workdir = Path(workdir) if workdir else Path.cwd()
        if plugin is None:
            self.engine = open_engine(only=name, strict=False)
        else:
            self.engine = open_engine(only="", extra=[(name, plugin)], strict=False)

    # -- what was loaded -------------------------------------------------------------------
    @property
    def catalogue(self) -> Any:
        return self.engine.catalogue

    @property
    def questions(self) -> list[Any]:
        return [q for q in self.catalogue.questions if q.origin == self.name]

    @property
    def problems(self) -> list[str]:
        return [p.line() for p in self.engine.host.problems]

    # -- running the pipeline ----------------------------------------------------------------
    def answers(
        self,
        values: dict[str, Any],
        *,
        sectors: list[str] | None = None,
        route: str = "full",
        kind: str = "policy",
        title: str = "Test decision",
    ) -> AnswersFile:
        """An answers file from a dict of question id -> value, with the screening answers that
        make a sector's questions apply; values are validated exactly as a file's would be."""
        from hiap.answers import answers_file

        answers = AnswersFile()
        for qid, value in {**self._screening(sectors, route, kind, title), **values}.items():
            answers.set(qid, Answer(value=value))
        problems = answers_file.validate(answers, self.catalogue)
        if problems:
            raise ContractError("answers do not fit the checklist:\n" + "\n".join(p.format() for p in problems))
        return answers

    def _screening(self, sectors: list[str] | None, route: str, kind: str, title: str) -> dict[str, Any]:
        """The answers that make a sector's questions apply, found by role (not by id)."""
        roles = self.catalogue.roles
        given = {
            "title": title,
            "kind": [kind],
            "route": route,
            "sectors": sectors if sectors is not None else self.default_sectors(),
        }
        return {q.id: value for role, value in given.items() if (q := roles.question(role)) is not None}

    def default_sectors(self) -> list[str]:
        """The plugin's own name if screening offers it as a sector, so its questions apply."""
        question = self.catalogue.roles.question("sectors")
        if question is None:
            return []
        return [self.name] if self.name in {o.value for o in self.catalogue.options(question)} else []

    def assess(self, values: dict[str, Any], **kwargs: Any) -> Assessment:
        from hiap.pipeline import assess

        return assess(self.answers(values, **kwargs), self.engine)

    def render(self, values: dict[str, Any], fmt: str = "docx", **kwargs: Any) -> Path:
        from hiap.pipeline import render_to

        assessment = self.assess(values, **kwargs)
        path = self.workdir / f"{self.name}-assessment.{fmt}"
        render_to(self.engine, assessment, fmt, path)
        return path

    def document(self, values: dict[str, Any], **kwargs: Any) -> Any:
        """The Word document, read back with python-docx."""
        import docx

        return docx.Document(str(self.render(values, "docx", **kwargs)))

    @staticmethod
    def document_text(document: Any) -> str:
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)

    # -- the contract ------------------------------------------------------------------------
    def contract_problems(self) -> list[str]:
        """Everything that breaks the plugin contract, as plain sentences."""
        out: list[str] = []
        record = self.engine.host.records.get(self.name)
        if record is None:
            return [f"plugin '{self.name}' is not installed (no entry point '{self.name}' in the 'hiap' group)"]
        if record.status != "ok":
            out.append(f"plugin '{self.name}' failed to load: {record.error}")
        out.extend(self.problems)
        prefix = self.name + "."
        cat = self.catalogue
        for question in self.questions:
            if question.principles and not question.sources:
                out.append(f"question '{question.id}' bears on principles but names no sources")
        for mitigation in cat.mitigations:
            if mitigation.origin == self.name and not mitigation.id.startswith(prefix):
                out.append(f"mitigation '{mitigation.id}' is not in the '{prefix}' namespace")
        for indicator in cat.indicators:
            if indicator.origin == self.name and not indicator.id.startswith(prefix):
                out.append(f"indicator '{indicator.id}' is not in the '{prefix}' namespace")
        if out:
            return out
        # run every hook through a full assessment and render to each format
        try:
            values = self.sample_answers()
            assessment = self.assess(values)
            for fmt in ("md", "json"):
                self.render(values, fmt)
        except Exception as exc:  # noqa: BLE001 - reported as a contract problem
            out.append(f"a full assessment with this plugin failed: {type(exc).__name__}: {exc}")
            return out
        out.extend(self.problems)
        if self.questions and not any(c.source == self.name for p in assessment.principles for c in p.contributions):
            out.append("none of the plugin's answers changed any principle's rating (give options 'scores')")
        return out

    def bank_problems(self, min_questions: int = 8, min_indicators: int = 5) -> list[str]:
        """What a sector team's question bank lacks: enough questions, help that shows first in
        under 90 words (a median under 60) with where to look, sources with public links, a
        reviewed date, mitigations that some answer can trigger, and named indicators."""
        out: list[str] = []
        questions = self.questions
        if len(questions) < min_questions:
            out.append(f"only {len(questions)} questions; a sector bank needs at least {min_questions}")
        lengths = []
        for question in questions:
            words = len(question.help.split())
            lengths.append(words)
            if words > 90:
                out.append(f"question '{question.id}': help is {words} words; keep what shows first under 90")
            if question.principles and not question.sources:
                out.append(f"question '{question.id}': bears on principles but names no sources")
            out += [
                f"question '{question.id}': source '{source.title}' has no link"
                for source in question.sources
                if not source.url
            ]
            if not question.reviewed:
                out.append(f"question '{question.id}': say when it was last checked against its sources (reviewed)")
        if lengths and sorted(lengths)[len(lengths) // 2] >= 60:
            out.append(f"the median help is {sorted(lengths)[len(lengths) // 2]} words; aim for under 60")
        suggested = {m for q in questions for o in q.options for m in o.suggests}
        for mitigation in self.catalogue.mitigations:
            if mitigation.origin == self.name and mitigation.id not in suggested and not mitigation.when:
                out.append(f"mitigation '{mitigation.id}': no answer suggests it and it has no 'when'")
        indicators = [i for i in self.catalogue.indicators if i.origin == self.name]
        if len(indicators) < min_indicators:
            out.append(f"only {len(indicators)} indicators; name at least {min_indicators}")
        out += [
            f"indicator '{i.id}': needs a source and principles" for i in indicators if not (i.source and i.principles)
        ]
        return out

    def assert_question_bank(self, min_questions: int = 8, min_indicators: int = 5) -> None:
        problems = self.bank_problems(min_questions, min_indicators)
        if problems:
            raise ContractError(f"plugin '{self.name}' question bank:\n- " + "\n- ".join(problems))

    def assert_contract(self) -> None:
        problems = self.contract_problems()
        if problems:
            raise ContractError(f"plugin '{self.name}' breaks the contract:\n- " + "\n- ".join(problems))

    def sample_answers(self) -> dict[str, Any]:
        """An adverse-leaning answer to every question of the plugin that applies: the first
        option that declares scores, every option of a grid, so each scoring path runs once."""
        from hiap.checklist.route import route

        values: dict[str, Any] = {}
        base = self._screening(None, "full", "policy", "Test decision")
        for question in self.questions:
            if not route(self.catalogue, {**base, **values}).applies(question.id):
                continue
            options = self.catalogue.options(question)
            scored = [o for o in options if o.scores] or list(options)
            if question.type == "choice" and scored:
                values[question.id] = scored[0].value
            elif question.type == "multi" and options:
                values[question.id] = [o.value for o in options if o.value != "none"]
            elif question.type == "yesno":
                values[question.id] = True
            elif question.type in ("text", "longtext"):
                values[question.id] = "Answered by the contract check."
            elif question.type == "number":
                values[question.id] = question.minimum or 1
        return values
