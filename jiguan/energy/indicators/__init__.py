"""Indicators (指标): the dashboard, roll-ups and one institution's year, read from the summary
tables; the same numbers on the pages and the API."""
