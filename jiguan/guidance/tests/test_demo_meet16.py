"""The meetings, training and liaison demo seeds run through the real actions on the
standing cast, and do nothing the second time."""

from __future__ import annotations

import random

from jiguan.conftest import Cast
from jiguan.guidance.liaison import demo as liaison_demo
from jiguan.guidance.liaison.models import VisitIssue
from jiguan.guidance.meetings import demo as meetings_demo
from jiguan.guidance.meetings.models import MeetingDecision
from jiguan.guidance.training import demo as training_demo
from jiguan.guidance.training.models import Trainee
from jiguan.todo.models import Task


def test_seeds(cast: Cast) -> None:
    assert meetings_demo.seed(random.Random(1)) == 2
    assert training_demo.seed(random.Random(1)) == 3
    assert liaison_demo.seed(random.Random(1)) > 0
    assert MeetingDecision.objects.filter(status="done").count() == 2
    assert Trainee.objects.filter(person=cast.xihu_person).exists()
    assert VisitIssue.objects.filter(status="open").exists()
    assert VisitIssue.objects.filter(status="answered").exists()
    assert Task.objects.filter(kind="guidance.meeting.decision", done_at__isnull=True).exists()
    assert (meetings_demo.seed(random.Random(1)), training_demo.seed(random.Random(1)),
            liaison_demo.seed(random.Random(1))) == (0, 0, 0)
