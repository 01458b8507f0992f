"""Django's model registry for the assessment app: each topic's models."""

from jiguan.assessment.results.models import (  # noqa: F401
    Appeal,
    Assessment,
    Evidence,
    Score,
)
from jiguan.assessment.schemes.models import Group, Indicator, Scheme  # noqa: F401
