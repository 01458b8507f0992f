"""Targets and quotas (目标与定额): five-year target plans and their progress, yearly quotas,
quota breaches with their explanation and review."""
