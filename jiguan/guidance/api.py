"""/api/v1/guidance/ (config/api.py mounts this router); each topic adds its routes."""

from ninja import Router

router = Router(tags=["业务指导"])

# Meetings, training, liaison (branch meet16)
from jiguan.guidance.liaison.api import router as liaison_router  # noqa: E402
from jiguan.guidance.meetings.api import router as meetings_router  # noqa: E402
from jiguan.guidance.training.api import router as training_router  # noqa: E402

router.add_router("", meetings_router)
router.add_router("", training_router)
router.add_router("", liaison_router)

__all__ = ["router"]
