"""The figures a computed indicator reads, each from its module's own summaries.

A measure is a function of (region, year) giving a ``Reading``: the value, the inputs it
was computed from (label and value, as the score page shows them) and the address of the
rows behind it. The assessment never asks a bureau to type a figure the platform holds.
Each module's measures are in a file of their own here (space.py, energy.py ...); the
registry is the one place a scheme's indicator names them (``Indicator.measure``)."""

from jiguan.assessment.measures.registry import MEASURES, Measure, Reading, get, measure_choices

__all__ = ["MEASURES", "Measure", "Reading", "get", "measure_choices"]
