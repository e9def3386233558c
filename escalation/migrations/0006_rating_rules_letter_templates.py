"""Seed the placement rating for each level and the council's first wording of the five
letters, and give the roles the new escalation permissions. Administrators change both
afterwards in the Django admin; the letters here are the product's own words, to be replaced
by the council's legal team's."""

from django.db import migrations

from accounts.roles import noop, sync_role_permissions

RATINGS = {0: "green", 1: "green", 2: "amber", 3: "red", 4: "red"}

_OPENING = (
    "Dear {provider_name},\n\n"
    "{service_name}, {service_address}\n"
    "Contract reference: {contract_reference}\n\n"
)
_CLOSING = (
    "\n\nPlease reply to {officer_name} within 10 working days of the date of this letter. "
    "If you have any questions, contact {officer_name} at {officer_email}.\n\nYours sincerely,"
)

LETTERS = {
    "notice_of_concern": (
        "Notice of concern: {service_name}",
        "We are writing to tell you formally that the council has concerns about the quality of "
        "care at {service_name}. The service is at {level} of the council's provider escalation "
        "framework.\n\n"
        "We ask you to send us, within 10 working days, an action plan that sets out how you "
        "will put these concerns right, who is responsible for each action and by when. We will "
        "monitor the plan with you and visit more often until the concerns are resolved.",
    ),
    "potential_breach": (
        "Potential breach of contract: {service_name}",
        "The council considers that the care at {service_name} may not meet the requirements of "
        "your contract with us. The service is at {level} of the council's provider escalation "
        "framework.\n\n"
        "Unless the concerns are put right, the council may take action under the contract, "
        "which can include suspending new placements. We ask you to meet us within 10 working "
        "days to agree the improvements needed and how they will be checked.",
    ),
    "rectification_notice": (
        "Rectification notice: {service_name}",
        "This is a rectification notice under your contract with the council for "
        "{service_name}.\n\n"
        "You are required to put right the failures we have identified by the dates in the "
        "attached action plan. The council will check progress at unannounced visits. If the "
        "failures are not put right in time, the council may issue a final warning.",
    ),
    "final_warning": (
        "Final warning: {service_name}",
        "The failures at {service_name} set out in our earlier letters have not been put right. "
        "This is a final warning under your contract with the council.\n\n"
        "If the failures are not put right by the dates we have given you, the council intends "
        "to terminate the contract for this service. New placements remain suspended.",
    ),
    "termination": (
        "Termination of contract: {service_name}",
        "The council gives notice that it is terminating its contract with you for "
        "{service_name}, for the reasons set out in our earlier letters.\n\n"
        "We will work with you, the people who use the service and their families to move "
        "people safely to other services. Please co-operate fully with the council's "
        "contingency team, whose lead will contact you today.",
    ),
}


def seed(apps, schema_editor):
    PlacementRatingRule = apps.get_model("escalation", "PlacementRatingRule")
    LetterTemplate = apps.get_model("escalation", "LetterTemplate")
    for level, rating in RATINGS.items():
        PlacementRatingRule.objects.get_or_create(level=level, defaults={"rating": rating})
    for kind, (subject, body) in LETTERS.items():
        LetterTemplate.objects.get_or_create(
            kind=kind,
            defaults={
                "subject": subject,
                "body": _OPENING + body + _CLOSING,
                "signatory": "Head of Commissioning and Quality",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("escalation", "0005_level_decisions_sanctions_letters")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(sync_role_permissions, noop),
    ]
