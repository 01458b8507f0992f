"""/api/v1/internalaudit/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.internalaudit.coverage.api import router as coverage_router
from jiguan.internalaudit.leaders.api import router as leaders_router
from jiguan.internalaudit.projects.api import router as projects_router

router = Router()
router.add_router("", leaders_router)
router.add_router("", projects_router)
router.add_router("", coverage_router)
