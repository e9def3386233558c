"""The named rules of a failure that follow from how it happened and how care is funded:

    section_48_decision     is the Care Act 2014 s48 temporary duty engaged?
    responsibility_for      who is responsible for a person, by how their care is funded
    approaches_for          approach 1 (building-based), 2 (home-based) or both

Each is a pure function of its arguments, tested on its own (DOMAIN.md, "Market and provider
failure").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from failure_plan.models import Approach, Funding


# --- the section 48 temporary duty --------------------------------------------------------
@dataclass(frozen=True)
class Section48Decision:
    applies: bool
    reasons: tuple[str, ...]

    @property
    def headline(self) -> str:
        verb = "applies" if self.applies else "does not apply"
        return f"The temporary duty under section 48 of the Care Act 2014 {verb} because:"


def section_48_decision(
    *, provider_registered: bool, business_failure: bool, activity_regulated: bool
) -> Section48Decision:
    """The Care Act 2014 section 48 temporary duty is engaged when the provider is registered
    with CQC, AND it is unable to carry on the activity because of business failure, AND the
    activity is a regulated activity. All three must hold.

    When it applies, the reasons are the three facts; when it does not, the reasons are the
    facts that fail. Once engaged, the duty covers everyone receiving care from the service in
    the council's area, whoever pays and whichever council arranged it.
    """
    facts = (
        (
            provider_registered,
            "the provider is registered with CQC",
            "the provider is not registered with CQC",
        ),
        (
            business_failure,
            "it is unable to carry on the activity because of business failure",
            "it has not become unable to carry on the activity because of business failure",
        ),
        (
            activity_regulated,
            "the activity is a regulated activity",
            "the activity is not a regulated activity",
        ),
    )
    applies = all(holds for holds, _yes, _no in facts)
    if applies:
        reasons = tuple(yes for _holds, yes, _no in facts)
    else:
        reasons = tuple(no for holds, _yes, no in facts if not holds)
    return Section48Decision(applies=applies, reasons=reasons)


# --- who is responsible for a person ------------------------------------------------------
@dataclass(frozen=True)
class Responsibility:
    responsible: str  # who leads on this person's care and move
    welfare: str  # who co-ordinates their immediate welfare and the move
    funding_and_planning: str  # who pays and plans for the longer term

    @property
    def explanation(self) -> str:
        if self.welfare == self.funding_and_planning:
            return (
                f"{self.responsible} is responsible for their care and move, its funding and "
                "their long-term plan."
            )
        if self.responsible.startswith("The ICB"):
            return (
                "The ICB is responsible for their care, its funding and their long-term plan. "
                "The council helps find somewhere and manage the move."
            )
        who = self.funding_and_planning
        if who.startswith("The "):
            who = "the " + who[4:]
        return (
            "The council co-ordinates their immediate welfare and the move. Funding and "
            f"long-term planning stay with {who}."
        )


def responsibility_for(*, funding: str, placing_council: str = "") -> Responsibility:
    """Who is responsible for a person affected by a failure follows how their care is funded:

    - council-funded, and jointly or part-funded people: the council;
    - fully health-funded people (continuing health care): the ICB, with the council helping
      to find somewhere and manage the move;
    - self-funders and people placed by other councils: the council co-ordinates their
      immediate welfare and the move, but funding and long-term planning stay with the person
      (self-funders) or the placing council.
    """
    if funding in (Funding.COUNCIL, Funding.JOINT):
        return Responsibility(
            responsible="The council",
            welfare="The council",
            funding_and_planning="The council",
        )
    if funding == Funding.HEALTH:
        return Responsibility(
            responsible="The ICB",
            welfare="The ICB, working with the council",
            funding_and_planning="The ICB",
        )
    if funding == Funding.SELF_FUNDER:
        return Responsibility(
            responsible="The council co-ordinates",
            welfare="The council",
            funding_and_planning="The person, or whoever acts for them",
        )
    if funding == Funding.OTHER_COUNCIL:
        placer = placing_council or "The placing council"
        return Responsibility(
            responsible="The council co-ordinates",
            welfare="The council",
            funding_and_planning=placer,
        )
    raise ValueError(f"Unknown funding {funding!r}")


# --- approach -----------------------------------------------------------------------------
def approaches_for(service_types: Iterable[str], scenarios: Mapping[str, str]) -> list[str]:
    """The approach to a failure follows the failed services' types through the playbook's
    scenarios (``scenarios`` maps a service type to its approach). Services of both kinds
    call for both approaches. A type the playbook has no scenario for calls for both, so no
    task is left out; tasks that do not fit are marked "not needed".
    """
    found: set[str] = set()
    for service_type in service_types:
        approach = scenarios.get(service_type)
        if approach is None:
            found.update(Approach.values)
        else:
            found.add(approach)
    return [approach for approach in Approach.values if approach in found]
