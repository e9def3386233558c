"""The market's vocabulary: service types, scales and sizes, client groups, CQC ratings
and their categories, contract types."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

SPEND_FLAG_THRESHOLD = Decimal("1000000")  # providers with more annual spend are flagged


class Scale(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL = "local", "Local"


class Size(models.TextChoices):
    LARGE = "large", "Large"
    MEDIUM = "medium", "Medium"
    SMALL = "small", "Small"


class ServiceType(models.TextChoices):
    RESIDENTIAL = "residential", "Residential care home"
    NURSING = "nursing", "Nursing home"
    HOME_SUPPORT = "home_support", "Home support"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    HOUSING_WITH_CARE = "housing_with_care", "Housing with care (extra care)"
    DAY_OPPORTUNITIES = "day_opportunities", "Day opportunities"
    COMMUNITY_MEALS = "community_meals", "Community meals"
    SHELTERED_HOUSING = "sheltered_housing", "Sheltered housing (not social care)"
    THIRD_SECTOR_LARGE = "third_sector_large", "Third sector (large)"
    THIRD_SECTOR_SMALL = "third_sector_small", "Third sector (small and local)"


CARE_HOME_TYPES = (ServiceType.RESIDENTIAL, ServiceType.NURSING)
HOME_BASED_TYPES = (ServiceType.HOME_SUPPORT, ServiceType.COMMUNITY_MEALS)


class RatingCategory(models.TextChoices):
    """How CQC and boards group services when comparing ratings (seeds 000 and 004)."""

    RESIDENTIAL = "residential", "Residential"
    NURSING = "nursing", "Nursing"
    COMMUNITY = "community", "Community"


def rating_category_for(service_type: str) -> str:
    if service_type == ServiceType.RESIDENTIAL:
        return RatingCategory.RESIDENTIAL
    if service_type == ServiceType.NURSING:
        return RatingCategory.NURSING
    return RatingCategory.COMMUNITY


class ClientGroup(models.TextChoices):
    OLDER_PEOPLE = "older_people", "Older people"
    LEARNING_DISABILITY_AUTISM = "ld_autism", "Learning disability and autism"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"


class CapacityUnit(models.TextChoices):
    BEDS = "beds", "beds"
    HOURS = "hours", "hours a week"
    PLACES = "places", "places"
    PEOPLE = "people", "people"


class Rating(models.TextChoices):
    """CQC's four-point scale, plus the states that carry no judgement."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not yet rated"

    @classmethod
    def from_cqc(cls, word: str | None) -> str:
        """Map CQC's rating words, in whatever case they come, to a choice."""
        if not word:
            return cls.NOT_RATED
        key = " ".join(word.strip().lower().split())
        return {
            "outstanding": cls.OUTSTANDING,
            "good": cls.GOOD,
            "requires improvement": cls.REQUIRES_IMPROVEMENT,
            "inadequate": cls.INADEQUATE,
        }.get(key, cls.NOT_RATED)


GOOD_OR_BETTER = (Rating.OUTSTANDING, Rating.GOOD)
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


class ContractType(models.TextChoices):
    BLOCK = "block", "Block"
    SPOT = "spot", "Spot"
    FRAMEWORK = "framework", "Framework"
