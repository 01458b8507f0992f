"""The 业务指导 landing page: one card per topic, each linking to its list."""

from __future__ import annotations

from django.urls import reverse

from jiguan.conftest import Cast


def test_the_landing_page_links_every_topic_in_the_seed_order(cast: Cast) -> None:
    page = cast.client("hangzhou").get(reverse("guidance:home")).content.decode()
    links = [reverse(name) for name in ("guidance:plan_list", "guidance:meeting_list",
                                        "guidance:course_list", "guidance:assignment_list",
                                        "guidance:research_list")]
    positions = [page.find(f'href="{link}"') for link in links]
    assert -1 not in positions, positions
    assert positions == sorted(positions)  # 规划、会议、培训、联系指导、调研
