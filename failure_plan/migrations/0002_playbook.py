"""Seed the playbook: scenarios, the stakeholder matrix and the checklist template.

Administrators change all of it in the Django admin afterwards (Failure plan > ...). The
wording is Oversight's own; the eight checklist areas, the two approaches and who brings what
to each type of failure follow the council market failure plans in shared/seeds (001, 002).
"""

from django.db import migrations

B, H = "building", "home"
BOTH = (B, H)

SCENARIOS = [
    # service type, approach, key factors
    ("residential", B, "The home closes, or its building can be kept open under a new operator"),
    ("nursing", B, "The home closes, or its building can be kept open under a new operator"),
    ("housing_with_care", B, "The building usually stays available; the care provider changes"),
    ("supported_living", B, "People keep their homes; the support provider changes"),
    ("day_opportunities", B, "The centre closes; people need another day service or activity"),
    ("home_support", H, "The branch stops at short notice; calls move to other providers"),
    ("community_meals", H, "Deliveries stop; meals come from another supplier"),
]

FIN_OP = "Financial and operational"
MATRIX = [
    # service type, council, ICB, CQC, notes
    ("residential", FIN_OP, "Operational", "Oversight", ""),
    ("nursing", FIN_OP, FIN_OP, "Oversight", "The ICB funds nursing care and any CHC placements."),
    ("housing_with_care", FIN_OP, "Operational", "Oversight", ""),
    (
        "supported_living",
        FIN_OP,
        "Operational",
        "Oversight",
        "A default: check it fits the council.",
    ),
    ("home_support", FIN_OP, "Operational", "Oversight", ""),
    ("day_opportunities", FIN_OP, "Operational", "None", "Not regulated by CQC."),
    (
        "community_meals",
        FIN_OP,
        "None",
        "None",
        "A default: check it fits the council. Not regulated by CQC.",
    ),
    (
        "sheltered_housing",
        "Information",
        "None",
        "None",
        "Not social care: the council needs to know.",
    ),
    ("third_sector_large", "Information", "Information", "None", ""),
    ("third_sector_small", "Information", "Information", "None", ""),
]

TASKS = [
    # area, title, guidance, approaches
    (
        "communications",
        "Set up the project group and agree when it meets",
        "A senior manager leads. Include social work, health, finance, legal, communications and commissioning.",
        BOTH,
    ),
    (
        "communications",
        "Agree one communications plan for people, families, staff and partners",
        "Everyone should hear the same message. Say who speaks for the council.",
        BOTH,
    ),
    (
        "communications",
        "Phone each council-funded person, or their family, from an agreed script",
        "Use staff who have been briefed. Note who could not be reached.",
        BOTH,
    ),
    (
        "communications",
        "Phone self-funders and people placed by other councils, or their families",
        "The same script: the council co-ordinates everyone's welfare, whoever pays.",
        BOTH,
    ),
    (
        "communications",
        "Send letters to people and families explaining what happens next",
        "From the provider if possible, with wording the council has agreed.",
        BOTH,
    ),
    (
        "communications",
        "Hold meetings with people and families",
        "Led by the provider if possible, otherwise by the council and the ICB.",
        BOTH,
    ),
    ("communications", "Brief the cabinet member", "Use the incident summary PDF.", BOTH),
    ("communications", "Prepare a press statement and a plan for media enquiries", "", BOTH),
    (
        "communications",
        "Tell CQC, the ICB, ward members, trade unions and the council's own teams",
        "Include brokerage, social work, finance and the contact centre.",
        BOTH,
    ),
    (
        "communications",
        "Tell neighbouring councils and every council that has placed people here",
        "Check their plans do not cut across ours.",
        BOTH,
    ),
    ("communications", "Speak to the provider's staff about what happens to their jobs", "", BOTH),
    (
        "provider",
        "Establish the provider's legal position and intentions",
        "Including any administrator or receiver now acting for it, and their contact details.",
        BOTH,
    ),
    ("provider", "Open urgent talks with providers that could take over the care", "", BOTH),
    (
        "provider",
        "Agree whether the building can stay in use, and on what terms",
        "The landlord may be a creditor. Consider the cost of rent and charges.",
        (B,),
    ),
    (
        "provider",
        "Risk-assess any building to be used, with health and safety colleagues",
        "Whether it is the existing building, a vacant home or other accommodation.",
        (B,),
    ),
    ("provider", "Agree access to the provider's IT and care records while care moves", "", BOTH),
    (
        "provider",
        "Agree who pays the staff until they transfer",
        "The administrator, the outgoing provider or the incoming one.",
        BOTH,
    ),
    (
        "provider",
        "Visit daily to check care stays safe until everyone has moved",
        "Contract officers and, for nursing needs, the ICB's nurses.",
        BOTH,
    ),
    (
        "management",
        "Get authority to make urgent payments",
        "If standing arrangements do not cover it.",
        BOTH,
    ),
    (
        "management",
        "Issue a letter of intent, then the contract, to the provider taking over",
        "Follow the contract up until it is signed.",
        BOTH,
    ),
    (
        "management",
        "Set the new provider up on the finance system and the contracts register",
        "",
        BOTH,
    ),
    ("management", "Update the client record system for everyone affected", "", BOTH),
    (
        "management",
        "Check the new provider's CQC registration covers the care it takes on",
        "",
        BOTH,
    ),
    (
        "management",
        "Decide whether to underwrite the risk of staff challenging their terms",
        "Where staff transfer under TUPE.",
        BOTH,
    ),
    ("management", "Decide whether a safeguarding large-scale enquiry is needed", "", BOTH),
    (
        "management",
        "Allocate social workers, and nurses for health-funded people, to review everyone",
        "Reviews cover self-funders too. Record each review on the people list.",
        BOTH,
    ),
    (
        "management",
        "Arrange advocates, IMCAs and DoLS or LPS authorisations where needed",
        "",
        BOTH,
    ),
    (
        "management",
        "Find alternative accommodation if the building cannot be used",
        "Vacant homes, housing with care, or accommodation across the border if nothing closer exists.",
        (B,),
    ),
    ("management", "Arrange transport for everyone who moves", "", (B,)),
    (
        "management",
        "Move every call into the new providers' rotas without gaps",
        "Check the first visit of each person's new care happened.",
        (H,),
    ),
    (
        "data",
        "Confirm to the provider that the council handles the exchange of information",
        "",
        BOTH,
    ),
    ("data", "Move each person's care information securely to their new provider", "", BOTH),
    ("data", "Move staff information to the new provider where staff transfer", "", BOTH),
    (
        "data",
        "Keep the records the council must retain and agree what happens to the rest",
        "",
        BOTH,
    ),
    (
        "finance",
        "List every unpaid invoice from the provider",
        "And any sums the council can set against what it owes.",
        BOTH,
    ),
    (
        "finance",
        "Check the administrator's accounts against what has been paid",
        "Recover anything paid for care that was not delivered.",
        BOTH,
    ),
    (
        "finance",
        "Agree what to charge self-funders and other councils for arranging care",
        "The council may charge for care it arranges under the section 48 duty.",
        BOTH,
    ),
    (
        "legal",
        "Prepare the council's position if a factoring company claims the provider's debts",
        "",
        BOTH,
    ),
    (
        "legal",
        "Take legal advice on the section 48 duty, the contracts and any staff transfer",
        "",
        BOTH,
    ),
    (
        "market_shaping",
        "Talk to other providers about capacity and viability in the area",
        "",
        BOTH,
    ),
    (
        "market_shaping",
        "Check vacancies and the providers ready to step in at short notice",
        "",
        BOTH,
    ),
    ("review", "Book a wellbeing check for everyone 4 to 6 weeks after they move", "", BOTH),
    (
        "review",
        "Review what led to the failure and whether the signs were there",
        "Quality concerns, money problems or staffing we could have helped with.",
        BOTH,
    ),
    ("review", "Hold the lessons-learned review and update the plan", "", BOTH),
]


def load(apps, schema_editor):
    Scenario = apps.get_model("failure_plan", "Scenario")
    Row = apps.get_model("failure_plan", "StakeholderResponsibility")
    TaskTemplate = apps.get_model("failure_plan", "TaskTemplate")
    for service_type, approach, factors in SCENARIOS:
        Scenario.objects.update_or_create(
            service_type=service_type, defaults={"approach": approach, "key_factors": factors}
        )
    for order, (service_type, council, icb, cqc, notes) in enumerate(MATRIX, start=1):
        Row.objects.update_or_create(
            service_type=service_type,
            defaults={"council": council, "icb": icb, "cqc": cqc, "notes": notes, "order": order},
        )
    for order, (area, title, guidance, approaches) in enumerate(TASKS, start=1):
        TaskTemplate.objects.update_or_create(
            area=area,
            title=title,
            defaults={
                "guidance": guidance,
                "for_building": B in approaches,
                "for_home": H in approaches,
                "order": order * 10,
            },
        )


def unload(apps, schema_editor):
    for name in ("TaskTemplate", "StakeholderResponsibility", "Scenario"):
        apps.get_model("failure_plan", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("failure_plan", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
