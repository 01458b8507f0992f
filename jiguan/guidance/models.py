"""Django's model registry for the guidance app: each topic's models are imported here."""

from jiguan.guidance.liaison.models import (  # noqa: F401
    Assignment,
    Visit,
    VisitIssue,
)
from jiguan.guidance.meetings.models import (  # noqa: F401
    Attendee,
    Invitation,
    Material,
    Meeting,
    MeetingDecision,
    ProgressNote,
)
from jiguan.guidance.plans.models import (  # noqa: F401
    Plan,
    Review,
    ReviewItem,
    Target,
    TargetValue,
)
from jiguan.guidance.research.models import (  # noqa: F401
    Award,
    Member,
    Milestone,
    Report,
    Topic,
    Use,
)
from jiguan.guidance.training.models import (  # noqa: F401
    Attendance,
    Course,
    Session,
    Trainee,
)
