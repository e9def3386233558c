"""The market: providers, the services they run, contracts, CQC ratings and BCP checks.

Django finds the models here; the rest of the code imports them from ``providers.models``.
"""

from providers.models.choices import (
    CARE_HOME_TYPES,
    GOOD_OR_BETTER,
    HOME_BASED_TYPES,
    KEY_QUESTIONS,
    SPEND_FLAG_THRESHOLD,
    CapacityUnit,
    ClientGroup,
    ContractType,
    Rating,
    RatingCategory,
    Scale,
    ServiceType,
    Size,
    rating_category_for,
)
from providers.models.contracts import BusinessContinuityCheck, Contract, ContractQuerySet
from providers.models.ratings import (
    CQCRating,
    CQCRatingQuerySet,
    CQCSyncRun,
    RatingBenchmark,
    RatingShare,
)
from providers.models.register import LocalAuthority, Provider, Service, ServiceQuerySet

__all__ = [
    "CARE_HOME_TYPES",
    "GOOD_OR_BETTER",
    "HOME_BASED_TYPES",
    "KEY_QUESTIONS",
    "SPEND_FLAG_THRESHOLD",
    "BusinessContinuityCheck",
    "CQCRating",
    "CQCRatingQuerySet",
    "CQCSyncRun",
    "CapacityUnit",
    "ClientGroup",
    "Contract",
    "ContractQuerySet",
    "ContractType",
    "LocalAuthority",
    "Provider",
    "Rating",
    "RatingBenchmark",
    "RatingCategory",
    "RatingShare",
    "Scale",
    "Service",
    "ServiceQuerySet",
    "ServiceType",
    "Size",
    "rating_category_for",
]
