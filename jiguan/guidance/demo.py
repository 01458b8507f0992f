"""Demo data of the guidance app: each topic has a seeding function ``seed(rng) -> str``
(a line of what it made, e.g. "规划 3 个、指标 12 项") named in :func:`_load`;
``manage.py guidance_demo`` calls :func:`seed_all` (in that order, one transaction)."""

from __future__ import annotations

import random
from collections.abc import Callable

Seeder = Callable[[random.Random], str]
SEEDERS: dict[str, Seeder] = {}


def loaded() -> bool:
    from jiguan.guidance.plans.models import Plan

    return Plan.objects.exists()


def _load() -> None:
    """Each topic's seeding function (topics do not import this glue module)."""
    # plans16: the five-year plan and research (research links to plan targets: after)
    from jiguan.guidance.plans.demo import seed as seed_plans
    from jiguan.guidance.research.demo import seed as seed_research

    SEEDERS.setdefault("发展规划", seed_plans)
    SEEDERS.setdefault("调查研究", seed_research)
    # other topics add their seeding function here


def seed_all(seed: int = 1) -> list[str]:
    _load()
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    return [f"{name}：{fn(rng)}" for name, fn in SEEDERS.items()]
