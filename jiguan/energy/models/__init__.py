"""Public-institution energy and water (公共机构节约能源资源): the models, by topic.

facts: coefficient sets, institution profiles, readings and the summary tables;
targets: five-year targets, quotas and breaches; programs: water-saving units, energy
performance contracts, garbage sorting.
"""

from jiguan.energy.models.base import NON_NEGATIVE
from jiguan.energy.models.facts import (
    AgencyYear,
    CoefficientSet,
    CoefficientSetQuerySet,
    InstitutionYear,
    Reading,
    RegionMonth,
    RegionYear,
    Source,
)
from jiguan.energy.models.programs import (
    WATER_CRITERIA,
    ContractType,
    EnergyContract,
    GarbageSortingSite,
    SortingSiteKind,
    WaterSavingStatus,
    WaterSavingUnit,
)
from jiguan.energy.models.targets import BreachStatus, Quota, QuotaBreach, TargetPlan

__all__ = [
    "NON_NEGATIVE",
    "WATER_CRITERIA",
    "AgencyYear",
    "BreachStatus",
    "CoefficientSet",
    "CoefficientSetQuerySet",
    "ContractType",
    "EnergyContract",
    "GarbageSortingSite",
    "InstitutionYear",
    "Quota",
    "QuotaBreach",
    "Reading",
    "RegionMonth",
    "RegionYear",
    "SortingSiteKind",
    "Source",
    "TargetPlan",
    "WaterSavingStatus",
    "WaterSavingUnit",
]
