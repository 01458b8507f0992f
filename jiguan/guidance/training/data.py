"""The training's constants [R] (see rules.py for their source)."""

from decimal import Decimal

#: the share of a course's hours a trainee must attend to complete it [R]
DEFAULT_REQUIRED_SHARE = Decimal("0.80")
