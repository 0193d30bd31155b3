"""Complete answer sets for the real core checklist, one per route, for tests and benchmarks.

Each is what an officer would give for a plausible decision; tests change one answer at a time
from here, so a failure points at the rule that moved.
"""

from __future__ import annotations

from typing import Any

DECISION: dict[str, Any] = {
    "decision.title": "Withdrawing the evening bus subsidy",
    "decision.kind": ["budget", "service_change"],
    "decision.summary": "Stop the £240,000 subsidy for evening buses on three routes from April 2027.",
    "decision.lead_officer": "Priya Shah, Passenger Transport Manager",
    "decision.decision_maker": "Executive",
    "decision.meeting_date": "2027-01-14",
    "decision.nation": "england",
}

SCREENED_OUT: dict[str, Any] = {
    **DECISION,
    "decision.title": "Renewing the corporate telephony contract",
    "decision.kind": ["commissioning"],
    "decision.summary": "Renew the contract for the council's internal phone system on the same terms.",
    "screening.principles": ["none"],
    "screening.gradient": "even",
    "screening.groups_differ": "unlikely",
    "screening.route": "none",
    "screening.route_reason": "An internal system with no change for residents or staff.",
}

RAPID: dict[str, Any] = {
    **DECISION,
    "screening.principles": ["3", "4", "5", "6"],
    "screening.gradient": "falls_on_deprived",
    "screening.groups_differ": "likely",
    "screening.route": "rapid",
    "screening.route_reason": "A contained saving; the routes and their users are known.",
    "screening.sectors": ["transport"],
    "screening.area": "urban",
    "decision.wards": "Farley, South, Dallow",
    "p3.effect": "minor_negative",
    "p3.reasoning": "Evening shift workers without a car lose their way home.",
    "p3.mitigation": "Keep the 21:00 departures on route 7 for shift changes at the hospital.",
    "p3.residual": "minor",
    "p3.justification": "The saving protects statutory services; the remaining harm is small.",
    "p4.effect": "minor_negative",
    "p4.reasoning": "Taxis cost several times the fare.",
    "p4.mitigation": "Promote the taxi-share scheme.",
    "p4.residual": "none",
    "p5.effect": "neutral",
    "p5.reasoning": "Daytime routes are unchanged.",
    "p6.effect": "minor_positive",
    "p6.reasoning": "No effect expected on prevention beyond more walking.",
    "groups.adverse": ["low_income", "disability"],
    "groups.positive": [],
    "groups.effects": {
        "low_income": "Evening shift workers without a car lose a cheap way home.",
        "disability": "Disabled people who cannot drive lose evening trips.",
    },
    "groups.psed": "We considered each aim; the mitigation keeps access for shift workers.",
    "evidence.engagement": "planned",
    "actions.plan": [{"action": "Keep the 21:00 departures on route 7", "owner": "Priya Shah", "due": "2027-03-31"}],
    # a rapid route asks about remaining harm only when it is major: the mitigations adjust the plan
    "actions.conclusion": "adjust",
    "monitoring.review_date": "2027-10-31",
}

FULL: dict[str, Any] = {
    **RAPID,
    # the full route asks what harm remains (p3: minor, justified), so the ratings point here
    "actions.conclusion": "continue_with_justification",
    "screening.route": "full",
    "screening.principles": ["1", "2", "3", "4", "5", "6"],
    "decision.directorate": "Place",
    "decision.reference": "FP/2027/01",
    "decision.key_decision": True,
    "screening.cobenefit": "Keeping one route would meet most of the saving.",
    "screening.unintended": "More cars on the road at night.",
    "evidence.cumulative": "Library hours were cut last year in the same wards.",
    "screening.gradient_varies": [],
    "screening.council": "unitary",
    "evidence.profile": "About 900 evening passengers a week; most live in the three most deprived wards and have no car.",
    "duties.children": "none_affected",
    "duties.crime_disorder": "no_effect",
    "duties.wellbeing": "less",
    "p1.effect": "neutral",
    "p1.reasoning": "Families rarely travel late.",
    "p2.effect": "neutral",
    "p2.reasoning": "Colleges close before the evening services run.",
    "p3.equity": "widens",
    "p3.likelihood": "probable",
    "p3.timing": "short",
    "p3.confidence": "medium",
    "p4.equity": "no_change",
    "p4.likelihood": "definite",
    "p4.timing": "short",
    "p4.confidence": "high",
    "p6.equity": "no_change",
    "p6.confidence": "low",
    "groups.core20_share": 45,
    "groups.socio_economic": "voluntary",
    "groups.socio_economic_how": "The remaining route serves the most deprived wards.",
    "evidence.sources": "Ticket data by stop, 2025-26.",
    "monitoring.indicators": [{"indicator": "Evening journeys by ward", "baseline": "1,200 a week"}],
}
