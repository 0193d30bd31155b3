"""Small plugins used by the plugin-system tests: one good, and ones that break each hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hiap import hookimpl
from hiap.hookspecs import HOOK_NAMES
from hiap.hookspecs_models import Guidance, OutputFormat
from hiap.models.assessment import EvidenceItem, PrincipleScore, ScoreContribution, SuggestedMitigation
from hiap.models.document import DocSection, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"


class GoodPlugin:
    """Implements every hook correctly; the housing fixture checklist stands in for its YAML."""

    __name__ = "good"

    @hookimpl
    def checklist_sources(self) -> list[Path]:
        return [FIXTURES / "mini" / "sector_good.yaml"]

    @hookimpl
    def question_guidance(self, question: Any) -> Guidance | None:
        if question.id == "p4.relevant":
            return Guidance(
                title="Local cost-of-living data", text="The council's cost-of-living dashboard splits by ward."
            )
        return None

    @hookimpl
    def score_principle(self, principle: int) -> ScoreContribution | None:
        if principle == 6:
            return ScoreContribution(
                principle=6, impact="minor_positive", rationale="Good plugin thinks prevention improves"
            )
        return None

    @hookimpl
    def suggest_mitigations(self, principle_score: PrincipleScore) -> list[SuggestedMitigation]:
        if principle_score.principle == 6:
            return [
                SuggestedMitigation(
                    id="good.leaflet", text="Send the prevention leaflet to every household.", principles=(6,)
                )
            ]
        return []

    @hookimpl
    def local_evidence(self, context: Any) -> list[EvidenceItem]:
        return [
            EvidenceItem(
                label="Life expectancy at birth (male)",
                value="72.5",
                unit="years",
                area="North Lynn",
                principles=(6,),
                source="Test source",
            )
        ]

    @hookimpl
    def document_sections(self, assessment: Any) -> DocSection:
        return DocSection(
            id="good.section",
            title="Good plugin section",
            after="groups",
            blocks=(Paragraph(text=f"Seen {len(assessment.principles)} principles."),),
        )

    @hookimpl
    def output_formats(self) -> list[OutputFormat]:
        def render(assessment: Any, path: Path, options: dict[str, Any]) -> None:
            path.write_text(f"TXT {assessment.title}\n", encoding="utf-8")

        return [OutputFormat(name="txt", suffix=".txt", description="Plain text title", render=render)]

    @hookimpl
    def check_settings(self, settings: Any) -> None:
        if settings.get("colour") not in (None, "red", "green"):
            raise settings.error("colour", f"'{settings.get('colour')}' is not a colour", "use red or green")

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        def hello(args: Any) -> int:
            print(f"Hello, {args.name}{'!' if args.debug else '.'}")
            return 3

        command = cli.add_command("hello", help="say hello", description="Say hello to someone.", run=hello)
        command.add_argument("--name", default="world")


class OverridingCombiner:
    __name__ = "council"

    @hookimpl(tryfirst=True)
    def combine_scores(self, principle: int) -> PrincipleScore | None:
        if principle == 2:
            return PrincipleScore(principle=2, title="Capabilities", rating="uncertain")
        return None


HOOK_ARG: dict[str, str | None] = {
    "checklist_sources": None,
    "question_guidance": "question",
    "score_principle": "principle",
    "combine_scores": "principle",
    "suggest_mitigations": "principle_score",
    "local_evidence": "answers",
    "document_sections": "assessment",
    "output_formats": None,
    "check_settings": "settings",
    "register_commands": "cli",
}


def _boom(hook: str) -> Any:
    raise RuntimeError(f"boom in {hook}")


def raising(hook: str) -> object:
    """A plugin whose implementation of ``hook`` raises."""
    cls = type(f"Raises_{hook}", (), {"__name__": f"raises_{hook}"})
    setattr(cls, hook, hookimpl(_with_arg(HOOK_ARG[hook], hook, lambda: _boom(hook))))
    return cls()


def wrong_shape(hook: str) -> object:
    """A plugin whose implementation of ``hook`` returns something of the wrong type."""
    cls = type(f"Wrong_{hook}", (), {"__name__": f"wrong_{hook}"})
    value: Any = [42] if hook == "checklist_sources" else [{"nonsense": True}]
    setattr(cls, hook, hookimpl(_with_arg(HOOK_ARG[hook], hook, lambda: value)))
    return cls()


def _with_arg(arg: str | None, hook: str, body: Any) -> Any:
    """A method named ``hook`` taking ``self`` and (optionally) one keyword argument ``arg``."""
    if arg is None:

        def fn0(self: Any) -> Any:
            return body()

        fn0.__name__ = hook
        return fn0
    fns = {
        "question": lambda self, question: body(),
        "principle": lambda self, principle: body(),
        "principle_score": lambda self, principle_score: body(),
        "answers": lambda self, answers: body(),
        "assessment": lambda self, assessment: body(),
        "cli": lambda self, cli: body(),
        "settings": lambda self, settings: body(),
    }
    fn = fns[arg]
    fn.__name__ = hook
    return fn


ALL_HOOKS = HOOK_NAMES
