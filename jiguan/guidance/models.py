"""Django's model registry for the guidance app: each topic's models are imported here."""

# plans16: the five-year plan and research
from jiguan.guidance.plans.models import (  # noqa: F401
    Plan,
    Review,
    ReviewItem,
    Target,
    TargetValue,
)
from jiguan.guidance.research.models import (  # noqa: F401
    Award,
    Member,
    Milestone,
    Report,
    Topic,
    Use,
)
