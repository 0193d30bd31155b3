"""Every sentence hiap writes about an assessment, in en-GB: one module per language.

The assessment, the interview's summary and review, the documents, ``hiap diff`` and the
portfolio take their words from here, so a principle, a rating or a conclusion reads the same
everywhere, and a translation is one new module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from hiap.answers.values import long_date
from hiap.models.principles import CONCLUSIONS, PRINCIPLES, SCALES, SHORT_LABELS, TOPICS

#: Symbols beside the words (never colour alone), distinct for major and minor.
EFFECT_SYMBOLS: dict[str, str] = {
    "major_positive": "++",
    "minor_positive": "+",
    "neutral": "=",
    "minor_negative": "-",
    "major_negative": "--",
    "mixed": "+/-",
    "uncertain": "?",
}
NOT_IN_SCOPE_SYMBOL = "n/a"
#: A principle outside the relevance grid (or a screened-out decision's): not assessed, which is
#: what the officer did; "not affected" would be a finding they never made.
NOT_ASSESSED = "Not assessed"
NOT_RATED_SYMBOL = "…"

SYMBOL_KEY = (
    "Symbols: ++ major positive, + minor positive, = no material effect, - minor negative, -- major negative, "
    "+/- mixed, ? uncertain, n/a not assessed (not ticked in screening), … not yet rated."
)

EFFECT_WORDS: dict[str, str] = {
    "major_positive": "Major positive",
    "minor_positive": "Minor positive",
    "neutral": "No material effect",
    "minor_negative": "Minor negative",
    "major_negative": "Major negative",
    "mixed": "Mixed",
    "uncertain": "Uncertain",
}

#: The roll-up ratings (plugins' combiners may return only these), in words.
RATING_WORDS: dict[str, str] = {
    "positive": "Positive",
    "negative": "Negative",
    "mixed": "Mixed",
    "neutral": "No material effect",
    "uncertain": "Uncertain",
    "not_assessed": "Not yet rated",
}

ROUTE_WORDS: dict[str, str] = {
    "none": "Screened out: no further assessment",
    "rapid": "Rapid assessment",
    "full": "Full assessment",
}

DIRECTION_WORDS = {"adverse": "Adversely", "positive": "Positively", "both": "Both"}


# -- principles ----------------------------------------------------------------------------


def principle_name(number: int) -> str:
    """'principle 4 (healthy standard of living)', as it reads mid-sentence."""
    return f"principle {number} ({SHORT_LABELS[number].lower()})"


def principle_label(number: int) -> str:
    """'Principle 4 (healthy standard of living)', as it opens a line."""
    return "P" + principle_name(number)[1:]


def principle_short(number: int) -> str:
    """'4. Healthy standard of living', for tables."""
    return f"{number}. {SHORT_LABELS[number]}"


def principle_heading(number: int) -> str:
    return f"{number}. {PRINCIPLES[number]}"


def principles_named(numbers: Sequence[int]) -> str:
    """'principle 4 (healthy standard of living)', or 'principles 1, 4 and 5' when there are many."""
    if len(numbers) == 1:
        return principle_name(numbers[0])
    return "principles " + listing([str(n) for n in numbers])


def effect_words(effect: str | None, in_scope: bool = True) -> str:
    if not in_scope:
        return NOT_ASSESSED
    if effect is None:
        return "Not yet rated"
    return EFFECT_WORDS.get(effect, effect)


def effect_symbol(effect: str | None, in_scope: bool = True) -> str:
    if not in_scope:
        return NOT_IN_SCOPE_SYMBOL
    return EFFECT_SYMBOLS.get(effect or "", NOT_RATED_SYMBOL)


def scale_words(scale: str, value: str | None, missing: str = "Not recorded") -> str:
    """A scale value in words, without the explanation in brackets that the interview shows."""
    if not value:
        return missing
    return SCALES[scale].get(value, value).split(" (")[0]


# -- conclusion ----------------------------------------------------------------------------


def conclusion_words(code: str | None) -> str | None:
    return CONCLUSIONS.get(code) if code else None


def draft_line(to_answer: int, other: int) -> str:
    """'Draft: not complete, 29 answers to give' (and what else is outstanding)."""
    parts = []
    if to_answer:
        parts.append(f"{to_answer} answer{'s' if to_answer != 1 else ''} to give")
    if other:
        parts.append(f"{other} other item{'s' if other != 1 else ''} to resolve")
    return "Draft: not complete" + (", " + " and ".join(parts) if parts else "")


def overall(a: Any) -> tuple[str, str]:
    """(label, text) of the conclusion box on page 1: the assessor's conclusion, or why there is none."""
    if not a.complete:
        line = draft_line(a.to_answer, len(a.missing) - a.to_answer).removeprefix("Draft: ")
        return "Draft", f"{line[0].upper()}{line[1:]}. No conclusion has been reached yet."
    if a.screened_out:
        return "Screening conclusion", "No further assessment needed: the decision was screened out."
    if a.conclusion is None and a.added_since:
        return "Overall conclusion", (
            "As in the signed-off document: the checklists it was signed off under recorded the "
            "conclusion there, not as an answer."
        )
    words = conclusion_words(a.conclusion) or "Not given"
    reason = f" The assessor's reason: {a.conclusion_reason.strip().rstrip('.')}." if a.conclusion_reason else ""
    return "Overall conclusion", f"{words}.{reason}"


def harm_missing(number: int, effect_or_rating: str | None, widens: bool) -> str:
    rated = EFFECT_WORDS.get(effect_or_rating or "", RATING_WORDS.get(effect_or_rating or "", "adverse")).lower()
    gap = " and widens the gap" if widens else ""
    return (
        f"{principle_label(number)} is rated {rated}{gap}, but has neither a mitigation that removes the harm "
        "nor a justification"
    )


def unanswered(question: Any) -> str:
    """A required answer still to give, named so that two alike ('what harm remains?') differ."""
    where = f"{principle_label(question.principles[0])}: " if len(question.principles) == 1 else ""
    return f"Not answered: {where}{' '.join(question.text.split())}"


# -- groups --------------------------------------------------------------------------------

_PROPER = {"Gypsy", "English", "Welsh", "Black", "Asian", "NHS", "Core20PLUS5", "Roma", "British"}


def in_sentence(label: str) -> str:
    """A label or an action as it reads mid-sentence: 'Disabled people' -> 'disabled people',
    but 'Gypsy, Roma and Traveller communities' and 'NHS ...' keep their capitals."""
    first = label.split(" ", 1)[0].strip(",;:")
    if not label or first in _PROPER or (len(first) > 1 and first[1].isupper()):
        return label
    return label[0].lower() + label[1:]


def as_sentence(text: str) -> str:
    """Capital first letter, full stop at the end."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def listing(items: Sequence[str]) -> str:
    """'a and b'; 'a, b and c'; with semicolons when the items carry commas or 'and' themselves."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if any("," in item or " and " in item for item in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# -- the paragraph for the covering report --------------------------------------------------


#: The appendix letter until the clerk gives one: visible, so it is filled in before publishing.
APPENDIX_PLACEHOLDER = "[X]"


def appendix_title(title: str, appendix: str | None, draft: bool) -> str:
    """A short title: the decision goes in the subtitle so page 1 stays one page in any template."""
    letter = f"Appendix {appendix}: " if appendix else ""
    return f"{letter}Health in All Policies assessment" + (" (draft)" if draft else "")


def page_title(decision: str, title: str) -> str:
    """A web page's title: the decision first, as a browser tab or a search result shows too
    little of a title for "Appendix B: ..." on every council's pages to tell them apart."""
    decision = " ".join(decision.split())
    return f"{decision} – {title}" if decision else title


def implications(a: Any, appendix: str | None = None) -> str:
    """About 150 words for the covering report's health and equality implications section."""
    where = f"Appendix {appendix}" if appendix else "the appendix"
    subject = f"A Health in All Policies assessment of this decision against the eight Marmot principles is attached as {where}."
    due_regard = (
        "It sets out how the council has had due regard to the aims of the Public Sector Equality Duty "
        "(Equality Act 2010, section 149) before taking the decision."
    )
    if not a.complete:
        return " ".join(
            [
                draft_line(a.to_answer, len(a.missing) - a.to_answer) + ".",
                subject,
                "As a draft it reaches no conclusion yet: it must be completed before the decision is taken.",
            ]
        )
    if a.screened_out:
        reason = (a.route_reason or a.route_check or "").strip().rstrip(".")
        return " ".join(
            filter(
                None,
                [
                    subject,
                    "Screening found that no further assessment is needed"
                    + (f": {in_sentence(reason)}." if reason else "."),
                    # a screened-out decision answers no PSED question: say what screening did
                    "The screening asked whether any group could be affected differently, as due regard to "
                    "the aims of the Public Sector Equality Duty (Equality Act 2010, section 149) requires.",
                ],
            )
        )
    chosen = conclusion_words(a.conclusion)
    concluded = (
        f"Its overall conclusion is: {chosen.lower()}."
        if chosen
        else "Its overall conclusion is as recorded in the signed-off document."
    )
    parts = [subject, concluded]
    rated = [p for p in a.principles if p.relevant and p.effect]

    def topics(items: Sequence[Any]) -> str:
        return listing([TOPICS[p.principle] for p in items])

    positive = [p for p in rated if p.effect in ("major_positive", "minor_positive")]
    negative = [p for p in rated if p.effect in ("major_negative", "minor_negative")]
    mixed = [p for p in rated if p.effect == "mixed"]
    uncertain = [p for p in rated if p.effect == "uncertain"]
    widens = [p for p in rated if p.equity == "widens"]
    if positive:
        parts.append(f"It is expected to have a positive effect on {topics(positive)}.")
    if negative:
        parts.append(f"It could have a negative effect on {topics(negative)}.")
    if mixed:
        parts.append(f"Its effects on {topics(mixed)} are mixed: positive for some people, negative for others.")
    if widens:
        parts.append(f"Without action it could widen health inequalities in {topics(widens)}.")
    if uncertain:
        parts.append(f"Its effects on {topics(uncertain)} are not yet known.")
    worse = _people_named(a, "adverse")
    mixed_groups = _people_named(a, "both")
    better = _people_named(a, "positive")
    if worse:
        parts.append(f"The people most likely to be adversely affected are {worse}.")
    if mixed_groups:
        parts.append(f"The effects on {mixed_groups} are mixed: better in some ways, worse in others.")
    if better:
        parts.append(f"It is expected to benefit {better}.")
    parts.append(due_regard)
    if a.actions:
        parts.append(proposes([x.action for x in a.actions]))
    if a.review_date:
        parts.append(f"The effects will be reviewed by {long_date(a.review_date)}.")
    return " ".join(parts)


def action_gaps(actions: Sequence[Any]) -> list[str]:
    """Review points for actions that no one can be held to: no owner, or no date to check by
    (the board's report and ``hiap monitor`` follow each action by its owner and date)."""
    points = []
    for n, action in enumerate(actions, start=1):
        gaps = [noun for noun, value in (("owner", action.owner), ("date", action.due)) if not value]
        if gaps:
            give = " and ".join(("an " if noun == "owner" else "a ") + noun for noun in gaps)
            points.append(
                f"Action {n} ({shorten(action.action, 50)}) has no {' or '.join(gaps)}: "
                f"give it {give}, so that it can be followed up."
            )
    return points


def complete_line(points: int) -> str:
    """The review's last word when no required answer is missing, and whether points above remain."""
    if points:
        return (
            "No required answer is missing, so the assessment can be finished; "
            f"look at the {plural(points, 'point')} above first."
        )
    return "Nothing is missing: the assessment is complete and ready for review."


def _people_named(a: Any, direction: str, most: int = 6) -> str:
    """The groups the assessor said are affected this way, as people, every one of them up to
    ``most``; beyond that the rest are counted, never silently dropped from the covering report."""
    people = [group_people(g) for g in a.groups if g.direction == direction]
    if len(people) > most:
        rest = len(people) - (most - 1)
        people = [*people[: most - 1], f"{rest} other groups named in the appendix"]
    return listing(people)


#: First words after which an action is not an instruction that "to" can introduce: a clause
#: ("before the subsidy ends, seek ..."), a noun phrase ("a new protocol ...") or "to" itself.
_NOT_A_VERB = frozenset(
    "a an the all each every this these that those our its their any some no new one two three "
    "before after by from when whenever if once within until till during in on at for with over "
    "ahead as following subject where while unless to".split()
)


def proposes(actions: Sequence[str], most: int = 3) -> str:
    """'It proposes 2 actions: to inspect ... and to adopt ...', for the covering report: every
    action up to ``most`` (its first sentence; the appendix has the rest), "to" only where an
    action opens with an instruction (a verb), so a clause or a noun phrase is never garbled."""
    if len(actions) == 1:
        return f"It proposes one action: {_action_item(actions[0], whole=True)}."
    among = "" if len(actions) <= most else ", among them"
    items = listing([_action_item(a) for a in actions[:most]])
    return f"It proposes {len(actions)} actions{among} (set out in the action plan): {items}."


#: Words of an action the covering report quotes when there are several: its gist, not its detail.
ACTION_GIST_WORDS = 25


def _action_item(action: str, whole: bool = False) -> str:
    """An action as the report names it: its first sentence (alone, ``whole``), or with several
    actions its gist: up to the first colon or semicolon, and at most ``ACTION_GIST_WORDS`` words."""
    text = " ".join(action.split())
    first = text.split(". ", 1)[0].rstrip(".")
    if not whole:
        first = re.split(r"[:;] ", first, maxsplit=1)[0]
        words = first.split()
        if len(words) > ACTION_GIST_WORDS:
            # the first clause long enough to say what is done: up to a comma after eight words
            ends = [n for n, w in enumerate(words[:ACTION_GIST_WORDS], start=1) if w.endswith(",") and n >= 8]
            first = " ".join(words[: ends[0]]).rstrip(",") if ends else " ".join(words[:ACTION_GIST_WORDS]) + " …"
    first = in_sentence(first)
    word = first.split(" ", 1)[0].strip(",;:").casefold()
    verb = word.isalpha() and word not in _NOT_A_VERB and not (word.endswith("ing") and len(word) > 5)
    return f"to {first}" if verb else first


#: Group categories whose wording as people names more than the assessor may have meant ("older
#: and younger people" for age): which of its people the assessor's own line speaks of, by the
#: words that name them, and the neutral wording when it names neither or both.
_PEOPLE_IN_THEIR_WORDS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "age": (
        (
            ("older people", r"\b(?:older|elderly|pensioners?|retired|old age|over[- ](?:60|65|70|75|80)s?)\b"),
            (
                "younger people",
                r"\b(?:young|younger|youth|child(?:ren)?|teenagers?|learners?|pupils?|students?|post-16|"
                r"under[- ](?:16|18|19|21|25)s?|16[- ]to[- ](?:18|19|24|25))\b",
            ),
        ),
        "people of particular ages",
    ),
    "care_leavers": (
        (
            ("care leavers", r"\bcare[- ]leavers?\b|\bleaving care\b"),
            ("children in care", r"\b(?:children|young people) in care\b|\blooked[- ]after\b"),
            ("care-experienced people", r"\bcare[- ]experienced\b"),
        ),
        "children in care, care leavers and care-experienced people",
    ),
    "sex": (
        (
            ("women", r"\b(?:women|woman|female|mothers?|girls?)\b"),
            ("men", r"\b(?:men|man|male|fathers?|boys?)\b"),
        ),
        "women or men",
    ),
}


def group_people(g: Any) -> str:
    """A group as people, saying no more than the assessor did: where the category's wording
    names several kinds of people (age: older and younger), only those the assessor's own line
    names, else a neutral 'people of particular ages'."""
    import re

    people = str(g.people)
    known = _PEOPLE_IN_THEIR_WORDS.get(str(g.id))
    if known is None:
        return people
    kinds, neutral = known
    how = str(g.how or "")
    named = [words for words, pattern in kinds if re.search(pattern, how, flags=re.IGNORECASE)]
    return named[0] if len(named) == 1 else neutral


# -- the appendix and its annex ---------------------------------------------------------------

#: Section headings of the appendix, in the order a clerk reads them.
HEADINGS: dict[str, str] = {
    "summary": "Summary",
    "todo": "What is still to do",
    "implications": "Paragraph for the covering report",
    "decision": "The decision",
    "principles": "Findings by Marmot principle",
    "groups": "People affected",
    "actions": "Action plan",
    "monitoring": "Monitoring and review",
    "signoff": "Sign-off",
    "sources": "Evidence and sources",
}

#: Labels that open a paragraph ("Reasoning: ..."); documents set them in bold.
LEAD_INS: dict[str, str] = {
    "decision": "Decision",
    "rating": "Rating",
    "reasoning": "Reasoning",
    "evidence": "Evidence",
    "mitigation": "Mitigation",
    "residual": "Harm remaining after mitigation",
    "justification": "Justification for the harm that remains",
    "gradient": "How the effects fall across the social gradient",
    "alternatives": "Less harmful options considered",
    "unintended": "Unintended consequences",
    "cumulative": "Overlapping disadvantage and cumulative effects",
    "route": "Depth of assessment",
    "route_check": "Why no further assessment is needed despite the screening answers",
    "sectors": "Areas of life the decision touches",
    "groups_differ": "Whether groups are affected differently",
    "core20": "Share of the people affected who live in the most deprived fifth of areas (Core20)",
    "engagement": "Engagement",
    "review": "Review date",
    "not_affected": "Not ticked in screening",
    "symbols": "Symbols",
    "status": "Status",
}

#: How a group comes out of the decision, as the assessor judged it.
GROUP_EFFECT_WORDS = {"adverse": "Worse off", "positive": "Better off", "both": "Mixed"}


def lead_in(key: str, text: str) -> str:
    """'Reasoning: ...': a label and the text it introduces."""
    return f"{LEAD_INS[key]}: {text}"


def rating_words(effect: str | None, in_scope: bool = True) -> str:
    """'Minor negative (-)': the assessor's rating in words, with its symbol."""
    return f"{effect_words(effect, in_scope)} ({effect_symbol(effect, in_scope)})"


def rating_facts(p: Any) -> str:
    """The rest of a principle's rating row in one line: gap, likelihood, timing, confidence."""
    parts = [lead_in("rating", rating_words(p.effect, p.relevant))]
    for scale, label in (
        ("equity", "Effect on the gap"),
        ("likelihood", "Likelihood"),
        ("timing", "Timing"),
        ("confidence", "Confidence"),
    ):
        value = getattr(p, scale)
        if value:
            parts.append(f"{label}: {scale_words(scale, value).lower()}")
    return ". ".join(parts) + "."


def not_affected(numbers: Sequence[int]) -> str:
    """The principles the assessor left out of the relevance grid, in one line: what they did
    (left them unticked), not a finding of no effect that they never wrote."""
    names = listing([f"{n}. {SHORT_LABELS[n].lower()}" for n in numbers])
    one = len(numbers) == 1
    return lead_in(
        "not_affected",
        f"{names}. The assessor did not mark {'it' if one else 'them'} as touched by the decision, "
        f"so {'it was' if one else 'they were'} not rated.",
    )


def no_principle_affected() -> str:
    return "In the assessor's judgement the decision has no material effect on any of the eight Marmot principles."


def screened_principles(numbers: Sequence[int]) -> str:
    """Page 1 of a decision screened out with principles ticked: touched, and why none is rated."""
    names = listing([f"{n}. {SHORT_LABELS[n].lower()}" for n in numbers])
    return f"Touched in screening: {names}. Not rated, because the decision was screened out."


def gap_cell(equity: str | None, in_scope: bool) -> str:
    """Table 2's 'Effect on the gap' cell: never '-', which the symbol key reads as minor negative."""
    if not in_scope:
        return NOT_ASSESSED
    return scale_words("equity", equity)


def _either(numbers: Sequence[int]) -> str:
    names = [principle_name(n) for n in numbers]
    return names[0] if len(names) == 1 else "either " + " or ".join(names)


def _worse(mixed: bool) -> str:
    return "worse off in some ways" if mixed else "worse off"


def unrated_review(principles: Sequence[int], people: str | None, mixed: bool = False) -> str:
    """The review's warning, to the officer, where their answers bear on a principle their
    ratings leave out: a scored answer's, or a group they named worse off."""
    if people is None:
        return (
            f"Your answers point to an effect on {principles_named(principles)}, which you did not tick "
            "in screening: change the screening answer if the decision does bear on it."
        )
    return (
        f"You named {people} as {_worse(mixed)}, but you did not rate {_either(principles)} as affected: "
        + (
            "tick and rate it if the decision does bear on it"
            if len(principles) == 1
            else "tick and rate the one the decision bears on"
        )
        + ", or change the groups you named."
    )


def unrated_note(principles: Sequence[int], people: str, mixed: bool = False) -> str:
    """The appendix's line where a group is named worse off and no principle it bears on is rated
    as affected: both are the assessor's answers, so neither stands silently beside the other."""
    return (
        f"The assessor named {people} as {_worse(mixed)} (see People affected) but did not rate "
        f"{_either(principles)} as affected."
    )


def residual_words(value: str | None) -> str:
    return scale_words("residual", value)


def residual_sentence(value: str) -> str:
    """'Harm remaining after mitigation: some minor harm remains.', to close the mitigation."""
    return f"{LEAD_INS['residual']}: {residual_words(value)[0].lower()}{residual_words(value)[1:]}."


def group_effect(direction: str) -> str:
    return GROUP_EFFECT_WORDS.get(direction, direction)


def no_group_named() -> str:
    return "The assessor named no group of people as affected differently from others."


def adverse_people(people: Sequence[str], shown: int = 6, mixed: Sequence[str] = ()) -> str:
    """Page 1's line on who is likely to be worse off, and on whom the effects are mixed, in the
    assessor's choice of groups: a group rated 'Mixed' is never called worse off."""
    if not people and not mixed:
        return "The assessor named no group of people as likely to be worse off."

    def some(names: Sequence[str], room: int) -> str:
        more = len(names) - room
        return listing(
            list(names[:room]) + ([f"{plural(more, 'other group')} (see People affected)"] if more > 0 else [])
        )

    parts = [f"Likely to be worse off, as the assessor judged: {some(people, shown)}."] if people else []
    if mixed:
        parts.append(
            f"Mixed (better off in some ways, worse off in others): {some(mixed, max(2, shown - len(people)))}."
        )
    return " ".join(parts)


def without_examples(label: str) -> str:
    """'Could increase them (less lighting, closed youth provision)' -> 'Could increase them': an
    option's bracketed examples help the officer choose; they are not what the officer said."""
    stripped = label.rstrip()
    if stripped.endswith(")") and " (" in stripped:
        head, _, inside = stripped.rpartition(" (")
        if head and ("," in inside or inside.lower().startswith(("for example", "such as", "e.g."))):
            return head
    return label


def group_how_missing(signed_earlier: bool = False) -> str:
    """The cell for a group without its own line: still to write, or (signed off under earlier
    checklists, which asked one paragraph for all groups) in that paragraph, kept in the annex."""
    return "Described for all groups together (see the annex)" if signed_earlier else "Not yet described"


def core20_line(share: str) -> str:
    return lead_in("core20", share + ".")


def status_words(a: Any) -> str:
    """Approved, complete or a draft, for the key facts."""
    if not a.complete:
        return draft_line(a.to_answer, len(a.missing) - a.to_answer)
    return "Approved" if a.approved else "Complete, awaiting approval"


def decided_by(maker: str | None, when: str | None) -> str | None:
    """'Executive, 7 December 2026': who decides, and when."""
    parts = [x for x in (maker, long_date(when) if when else None) if x]
    return ", ".join(parts) if parts else None


def action_line(action: str, due: str | None) -> str:
    """An action as page 1 lists it, with the date a councillor asks about first."""
    return f"{action.strip().rstrip('.')} ({'by ' + long_date(due) if due else 'no date set'})"


def more_actions(count: int) -> str:
    return f"{plural(count, 'further action')} in the action plan."


def no_actions() -> str:
    return "No actions have been recorded yet."


def no_actions_screened_out() -> str:
    """A decision screened out needs no actions: 'yet' would suggest something is missing."""
    return "None: the decision was screened out."


def facts_on_page_two(labels: Sequence[str]) -> str:
    """The line page 1 carries when a crowded page leaves some key facts to page 2."""
    return f"More key facts ({', '.join(label.lower() for label in labels)}): see The decision."


def signed(role: str, name: str | None, when: str | None) -> tuple[str, str, str]:
    """A sign-off row: the role, who, and when."""
    labels = {"assessor": "Assessed by", "reviewer": "Reviewed by", "approver": "Approved by"}
    return labels[role], name or "Not recorded", long_date(when) if when and name else "-"


def draft_notice(count: int) -> str:
    return (
        f"The assessment is not complete: {plural(count, 'item')} still to do. "
        "It reaches no conclusion until they are done."
    )


def no_monitoring() -> str:
    return "No monitoring indicators have been recorded."


def no_review_date() -> str:
    return "Not set"


def local_figures_caption(principle: int, area: str | None) -> str:
    """'Local context for principle 6: King's Lynn and West Norfolk' (its source is in the sources)."""
    return f"Local context for principle {principle}" + (f": {area}" if area else "")


def partners_intro(count: int) -> str:
    return f"The assessor cites {plural(count, 'local service')} as partners in the action plan (listed in the annex)."


def no_sources() -> str:
    return "The assessor cited no sources."


def duty_heading(text: str) -> str:
    return " ".join(text.split())


# -- the annex: every answer, as given ---------------------------------------------------------


def annex_title(appendix: str | None, draft: bool) -> str:
    """'Annex to Appendix C: the assessment record'."""
    of = f"Appendix {appendix}" if appendix else "the appendix"
    return f"Annex to {of}: the assessment record" + (" (draft)" if draft else "")


def annex_intro(appendix: str | None) -> str:
    of = f"Appendix {appendix}" if appendix else "the appendix"
    return (
        f"Every answer in the assessment, question by question, as the assessor gave it. {of[0].upper()}{of[1:]} "
        "sets out the findings; this record is for anyone checking them, and can be published as a background paper."
    )


def kept_intro() -> str:
    return (
        "Answers kept in the record that no longer count: a later answer changed which questions apply, "
        "or a newer checklist no longer asks the question. They are listed so that nothing said is lost."
    )


def retired_question(qid: str) -> str:
    """An answer to a question no checklist asks now, named from its id ('p7.barriers' reads
    'Principle 7 (racism and discrimination): barriers')."""
    head, _, tail = qid.partition(".")
    topic = tail.replace("_", " ") or head
    if len(head) == 2 and head[0] == "p" and head[1].isdigit() and int(head[1]) in SHORT_LABELS:
        return f"{principle_label(int(head[1]))}: {topic}"
    return f"{head.replace('_', ' ').capitalize()}: {topic}"


def added_since(count: int) -> str:
    """The annex's note on questions an assessment signed off under earlier checklists never saw."""
    return (
        f"It was signed off under those checklists, so the {plural(count, 'question')} they did not ask "
        "are not gaps in it; a revision asks them."
    )


def earlier_checklists(versions: dict[str, tuple[str, str]]) -> str:
    done = listing([f"{name} {given} (now {now})" for name, (given, now) in sorted(versions.items())])
    return f"Some answers were given under an earlier version of the questions: {done}."


# -- differences between two versions (hiap diff) ---------------------------------------------

DIFF_SECTIONS: dict[str, str] = {
    "version": "Version",
    "decision": "Decision details",
    "conclusion": "Overall conclusion",
    "principles": "Ratings on the Marmot principles",
    "groups": "Population groups",
    "actions": "Actions",
    "review": "Review date",
    "signoff": "Sign-off",
    "completeness": "Completeness",
    "evidence": "Local evidence",
    "answers": "Answers",
}

LOCAL_FIGURE = "Local figure"
CITED_SERVICE = "Service cited as a partner"


def evidence_item_words(item: Any, named: bool = True) -> str:
    """A local figure or service as a change line gives it: 'Smoking at time of delivery: 13.9%
    (2023/24)' or, for a service, its name and who runs it."""
    if item.kind == "indicator":
        shown = item.shown_value + (f" ({item.period})" if item.period else "")
    else:
        shown = item.organisation or item.source
    return f"{item.label}: {shown}" if named else shown


#: The decision's key facts by role, as a change names them.
DECISION_LABELS: dict[str, str] = {
    "title": "Title",
    "reference": "Reference",
    "kind": "Kind of decision",
    "summary": "Summary of the decision",
    "directorate": "Directorate",
    "assessor": "Lead officer",
    "decision_maker": "Decision maker",
    "meeting_date": "Meeting date",
    "wards": "Wards or areas affected",
    "key_decision": "Key decision",
}

GROUP_DIRECTION_WORDS: dict[str | None, str] = {
    None: "Not named",
    "adverse": "Likely to be adversely affected",
    "positive": "Likely to benefit",
    "both": "Both benefits and is adversely affected",
}


def shorten(text: str | None, limit: int = 160) -> str:
    """Whitespace collapsed and cut at a word before ``limit`` characters ("none" when empty)."""
    words = " ".join(str(text or "").split()) or "none"
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


def change_line(what: str, change: str, old: str | None, new: str | None, detail: str | None = None) -> str:
    """'What: old → new', 'What: new (added)' or 'What: old (removed)', with any detail after."""
    note = f" ({detail})" if detail else ""
    if change == "added":
        return f"{what}: {shorten(new)} (added){note}"
    if change == "removed":
        return f"{what}: {shorten(old)} (removed){note}"
    return f"{what}: {shorten(old)} → {shorten(new)}{note}"


def gap_label(number: int) -> str:
    return f"{principle_label(number)}, effect on the gap"


def action_words(action: Any) -> str:
    """'Extend concessionary fares (owner: Transport Manager; by 31 January 2027)'."""
    parts = [
        f"owner: {action.owner}" if action.owner else "no owner named",
        f"by {long_date(action.due)}" if action.due else "no date",
    ]
    return f"{action.action.rstrip('.')} ({'; '.join(parts)})"


def action_field_label(action_text: str, field: str) -> str:
    what = {"owner": "owner", "due": "due date", "indicator": "how we will know it worked"}[field]
    return f"Action '{shorten(action_text, 60)}': {what}"


def assessment_status(a: Any) -> str:
    """Approved, Complete (awaiting approval) or Draft."""
    return "Approved" if a.approved else ("Complete" if a.complete else "Draft")


def completeness_words(a: Any) -> str:
    count = len(a.missing)
    return "Yes" if a.complete else f"No ({count} item{'s' if count != 1 else ''} still to do)"


def note_label(what: str) -> str:
    return f"{what} (officer's note)"


def evidence_label(what: str) -> str:
    return f"{what} (evidence)"


def diff_heading(title: str, old_name: str, new_name: str) -> list[str]:
    return [f'What changed in "{title}"', f"from {old_name} to {new_name}"]


def difference_count(count: int) -> str:
    return plural(count, "difference")


NO_DIFFERENCES = "No differences."


# -- versions, review and progress (living assessments) --------------------------------------


def version_words(version: int, revises: str | None = None, revised_version: int | None = None) -> str:
    """'Version 2, revising luton.hiap.yaml (version 1)', or 'Version 1'."""
    if revises is None:
        return f"Version {version}"
    return f"Version {version}, revising {revises} (version {revised_version or version - 1})"


def revised_note(version: int, previous: str, reason: str) -> str:
    return f"Version {version}, revising {previous}: {' '.join(reason.split())}"


def revision_words(day: str | None, by: str | None, note: str | None) -> str:
    """'revised on 7 December 2026 by Sam Patel: Cabinet asked for a phased start'."""
    reason = (note or "").split(": ", 1)[1] if note and ", revising " in note.split(": ", 1)[0] else note
    who = f" by {by}" if by else ""
    return f"revised on {day}{who}" + (f": {reason}" if reason else "")


def comment_target(catalogue: Any, on: str) -> str:
    """What a comment is about: 'Principle 4 (...): Why this rating?' or "the section 'Screening'"."""
    if on.startswith("section:"):
        section = next((s for s in catalogue.sections if s.id == on[len("section:") :]), None)
        return f"the section '{section.title if section is not None else on[len('section:') :]}'"
    question = catalogue.by_id.get(on)
    if question is None:
        return f"'{on}' (no longer asked)"
    text = " ".join(question.text.split())
    if len(question.principles) == 1:
        return f"{principle_label(question.principles[0])}: {text}"
    return text


def cannot_approve(a: Any, signed_off: bool, waiting: Sequence[str]) -> str | None:
    """Why an assessment cannot be approved now (None when it can): signed off already, not
    complete, or comments still waiting for the officer (their ids)."""
    if signed_off:
        return "it is already signed off; to change it, start a new version with 'hiap revise'"
    if not a.complete:
        return draft_line(a.to_answer, len(a.missing) - a.to_answer).replace(
            "Draft: not complete", "it is not complete"
        )
    if waiting:
        return (
            f"{plural(len(waiting), 'comment')} still wait{'s' if len(waiting) == 1 else ''} for the officer "
            f"({', '.join(waiting)}): resolve or withdraw {'it' if len(waiting) == 1 else 'them'} first"
        )
    return None


COMMENT_STATUS_WORDS: dict[str, str] = {
    "open": "Waiting for the officer",
    "answered": "Answered: waiting for the reviewer",
    "resolved": "Resolved",
}

#: The audit trail's events, as the version history names them.
EVENT_WORDS: dict[str, str] = {
    "created": "Created",
    "resumed": "Resumed",
    "answered": "Answered",
    "completed": "Completed",
    "reviewed": "Reviewed",
    "signed_off": "Signed off",
    "reopened": "Reopened",
    "evidence_refreshed": "Local figures captured",
    "upgraded": "Carried to a newer checklist",
    "commented": "Review comment",
    "responded": "Officer's response",
    "resolved": "Comment resolved",
    "revised": "New version started",
    "progress": "Progress recorded",
}


def version_history(events: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(date, what happened, by) for the document's version history: each step of the record,
    with review comments and progress summarised per day and per person, so a long review reads
    as 'Review comment (4)' rather than four rows."""
    rows: list[tuple[str, str, str]] = []
    counted = {"commented", "responded", "resolved", "progress"}
    for event in events:
        if event.event in ("answered", "resumed"):
            continue
        day, by = str(event.at)[:10], event.by or "-"
        what = EVENT_WORDS.get(event.event, event.event.replace("_", " ").capitalize())
        if event.event in counted and rows and rows[-1][0] == day and rows[-1][2] == by:
            last = rows[-1][1]
            if last == what or last.startswith(what + " ("):
                number = int(last[len(what) + 2 : -1]) if last.startswith(what + " (") else 1
                rows[-1] = (day, f"{what} ({number + 1})", by)
                continue
        if event.event in ("reviewed", "revised", "upgraded") and event.note:
            what = event.note if event.event != "revised" else f"{what}: {event.note}"
        rows.append((day, what, by))
    return rows


PROMISE_STATUS_WORDS: dict[str, str] = {
    "overdue": "Overdue",
    "due_soon": "Due within 30 days",
    "open": "Open",
    "done": "Done",
}


def promise_words(promise: Any) -> str:
    """'Action 2: Extend concessionary fares', 'Review of the assessment', 'Indicator 1: ...'."""
    if promise.item == "review":
        return "Review of the assessment"
    return f"{promise.item.capitalize()} {promise.number}: {' '.join(promise.text.split())}"


def progress_note(
    promise: Any, *, done: bool, date: str | None = None, value: str | None = None, note: str | None = None
) -> str:
    """The trail's note for progress on a promise: what, done or not, when, and the note."""
    parts = [promise_words(promise)]
    if value:
        parts.append(f"reading {value}" + (f" of {long_date(date)}" if date else "") + " recorded")
    if done and promise.item == "indicator":
        # an indicator is read again and again: it is delivered (being monitored) once read, never finished
        parts.append("monitoring under way")
    elif done:
        parts.append("done" + (f" on {long_date(date)}" if date else ""))
    elif date and not value:
        parts.append(f"update of {long_date(date)}")
    text = ", ".join(parts)
    return text + (f": {' '.join(note.split())}" if note and note.strip() else "")


def delivered_words(promise: Any) -> str:
    """What was delivered on a promise, for the portfolio: 'Done on 3 March 2027: note'."""
    if promise.item == "indicator":
        if promise.value:
            when = f" ({long_date(promise.done_on)})" if promise.done_on else ""
            return f"Latest reading {promise.value}{when}" + (f": {promise.note}" if promise.note else "")
        return "No reading recorded"
    if promise.done:
        when = f" on {long_date(promise.done_on)}" if promise.done_on else ""
        return f"Done{when}" + (f": {promise.note}" if promise.note else "")
    if promise.note:
        return f"Not done yet: {promise.note}"
    return "Nothing recorded"


def due_words(promise: Any, as_of: Any) -> str:
    """'Overdue by 12 days', 'Due in 5 days', 'Due today', 'No date set', 'Done'."""
    if promise.done:
        return "Done"
    days = promise.days(as_of)
    if days is None:
        return "No date set"
    if days < 0:
        return f"Overdue by {plural(-days, 'day')}"
    if days == 0:
        return "Due today"
    return f"Due in {plural(days, 'day')}"


# -- carrying answers to a newer checklist (hiap upgrade) -------------------------------------


def checklist_changes(versions: dict[str, tuple[str, str]]) -> str:
    """'core 1.0.0 → 2.0.0; groups 1.0.0 → 1.1.0'."""
    return "; ".join(f"{cid} {old} → {new}" for cid, (old, new) in versions.items())


def value_words(value: Any) -> str:
    """A stored value as plain words, for an answer whose question is gone or changed."""
    if value is None:
        return "no answer"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(value_words(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_words(v)}" for k, v in value.items())
    return shorten(str(value), 120)


def carried_line(how: str, new_id: str, old_ids: Sequence[str], text: str, before: Sequence[Any], after: str) -> str:
    """One answer carried to a new question, in words the officer can check against their file."""
    olds = listing(list(old_ids))
    if how == "renamed":
        return f"{olds} is now {new_id} ('{shorten(text, 90)}'): {after}"
    if how == "merged":
        return f"{olds} joined into {new_id} ('{shorten(text, 90)}'): {after}"
    if how == "collected":
        return f"{olds} collected into {new_id} ('{shorten(text, 90)}'): {after}"
    if how == "options":
        was = value_words(before[0]) if before else "the old option"
        return f"{new_id}: the option '{was}' is now '{after}'"
    return f"{new_id} now takes several choices: {after}"


def upgrade_summary(carried: int, unchanged: int, retired: int, kept: int, to_ask: int) -> str:
    kept_words = f"{plural(retired + kept, 'answer')} kept in the file and listed"
    ask = f"; {plural(to_ask, 'question')} to answer with 'hiap assess'" if to_ask else ""
    return (
        f"Nothing was lost: {plural(unchanged, 'answer')} carried as they were, {carried} carried to new "
        f"questions, {kept_words}{ask}."
    )


__all__ = [
    "EFFECT_SYMBOLS",
    "GROUP_EFFECT_WORDS",
    "HEADINGS",
    "LEAD_INS",
    "EFFECT_WORDS",
    "RATING_WORDS",
    "ROUTE_WORDS",
    "SYMBOL_KEY",
    "appendix_title",
    "as_sentence",
    "conclusion_words",
    "draft_line",
    "effect_symbol",
    "effect_words",
    "implications",
    "in_sentence",
    "listing",
    "overall",
    "principle_heading",
    "principle_label",
    "principle_name",
    "principle_short",
    "principles_named",
    "scale_words",
]
