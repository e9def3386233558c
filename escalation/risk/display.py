"""A stored breakdown as pages show it: the evidence in words, made from the raw numbers
stored with each score, biggest factor first."""

from __future__ import annotations

from escalation.risk.factors import FACTORS
from providers.models import Rating


def factor_detail(key: str, evidence: dict) -> str:
    """The evidence a factor read, in words, from the raw numbers stored with the score."""
    e = evidence or {}

    def n(name: str) -> int:
        return int(e.get(name) or 0)

    if key == "cqc_overall":
        return Rating(e["cqc_rating"]).label if e.get("cqc_rating") else "No rating"
    if key == "cqc_key_questions":
        below = e.get("key_questions_below_good")
        return "No rating" if below is None else f"{int(below)} of 5 below Good"
    if key in ("safeguarding", "complaints"):
        return f"{n(key + '_recent')} in 3 months, {n(key + '_older')} earlier"
    if key == "intelligence":
        return f"{n('severity_points')} severity points"
    if key == "visit_ratings":
        rated = n("rated_areas")
        return f"{n('poor_areas')} of {rated} rated areas" if rated else "No visit"
    if key == "overdue_actions":
        return str(n("overdue_actions"))
    if key == "placement_stops":
        parts = []
        if n("sanctions_in_force"):
            parts.append(f"{n('sanctions_in_force')} in force")
        if n("sanctions_ended"):
            parts.append(f"{n('sanctions_ended')} ended in the last 12 months")
        return ", ".join(parts) if parts else "None in the last 12 months"
    if key == "manager_vacancy":
        return "Vacant" if e.get("vacant") else "In post"
    if key == "exposure":
        spend = float(e.get("annual_spend") or 0)
        return f"{n('people_funded')} people, £{spend:,.0f} a year"
    if key == "financial":
        return str(n("financial_warnings"))
    if key == "missed_visits":
        planned = n("planned_visits")
        return f"{n('missed_visits')} of {planned}" if planned else "No figures"
    if key == "late_visits":
        delivered = n("delivered_visits")
        return f"{n('late_visits')} of {delivered}" if delivered else "No figures"
    return ""


def breakdown(factors) -> list[dict]:
    """A stored breakdown as pages show it, biggest first: one dict per factor with its
    ``key``, ``label``, ``value``, ``weight``, ``points`` and ``detail`` (the evidence in
    words, made here from the raw numbers).

    A score's ``factors`` holds, in factor order, ``keys``, ``value``, ``weight`` and
    ``points`` (arrays), ``evidence_names`` and ``evidence`` (the raw numbers) and
    ``cqc_rating``. Scores calculated before that format are a list of per-factor dicts that
    carry their own label and detail, shown as they were.
    """
    if isinstance(factors, dict):
        evidence = dict(
            zip(factors.get("evidence_names", []), factors.get("evidence", []), strict=True)
        )
        evidence["cqc_rating"] = factors.get("cqc_rating")
        rows = []
        for key, value, weight, pts in zip(
            factors["keys"], factors["value"], factors["weight"], factors["points"], strict=True
        ):
            if key == "manager_vacancy":
                evidence["vacant"] = bool(value)
            rows.append(
                {
                    "key": key,
                    "label": FACTORS.get(key, key),
                    "value": value,
                    "weight": weight,
                    "points": pts,
                    "detail": factor_detail(key, evidence),
                }
            )
        return by_points(rows)
    rows = [
        {**factor, "label": FACTORS.get(factor.get("key"), factor.get("label", ""))}
        for factor in factors or []
    ]
    return by_points(rows)


def by_points(factors: list[dict]) -> list[dict]:
    """A breakdown ordered biggest first (for pages)."""
    return sorted(factors, key=lambda f: -float(f.get("points") or 0))
