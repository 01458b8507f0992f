"""/api/v1/guidance/ (config/api.py mounts this router); each topic adds its routes."""

from ninja import Router

from jiguan.guidance.plans.api import router as plans_router  # plans16
from jiguan.guidance.research.api import router as research_router  # plans16

router = Router(tags=["业务指导"])
# plans16: the five-year plan and research
router.add_router("", plans_router)
router.add_router("", research_router)

# Meetings, training, liaison (branch meet16)
from jiguan.guidance.liaison.api import router as liaison_router  # noqa: E402
from jiguan.guidance.meetings.api import router as meetings_router  # noqa: E402
from jiguan.guidance.training.api import router as training_router  # noqa: E402

router.add_router("", meetings_router)
router.add_router("", training_router)
router.add_router("", liaison_router)

__all__ = ["router"]
