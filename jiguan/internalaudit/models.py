"""Django's model registry for the internal audit app: each topic's models (the app label
and the tables stay "internalaudit")."""

from jiguan.internalaudit.leaders.models import LeaderTerm  # noqa: F401
from jiguan.internalaudit.projects.models import (  # noqa: F401
    AuditPlan,
    AuditProject,
    Finding,
    ProjectStep,
    UnitBudget,
)
