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
    # meet16: meetings, training and liaison (independent of each other; each returns a count)
    from jiguan.guidance.liaison.demo import seed as seed_liaison
    from jiguan.guidance.meetings.demo import seed as seed_meetings
    from jiguan.guidance.training.demo import seed as seed_training

    SEEDERS.setdefault("工作会议", _counted(seed_meetings, "新增 {} 项"))
    SEEDERS.setdefault("培训", _counted(seed_training, "新增 {} 项"))
    SEEDERS.setdefault("联系指导", _counted(seed_liaison, "新增 {} 项"))
    # other topics add their seeding function here


def _counted(fn: Callable[[random.Random], int], text: str) -> Seeder:
    return lambda rng: text.format(fn(rng))


def seed_all(seed: int = 1) -> list[str]:
    _load()
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    return [f"{name}：{fn(rng)}" for name, fn in SEEDERS.items()]
