"""Programmes (专项工作): water-saving units, energy performance contracts and their verified
savings, garbage sorting; and the coefficient set pages."""
