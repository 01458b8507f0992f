"""/api/v1/assets/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.assets.cards.api import router as cards_router
from jiguan.assets.entities.api import router as entities_router
from jiguan.assets.supervision.api import router as supervision_router

router = Router()
router.add_router("", entities_router)
router.add_router("", supervision_router)
router.add_router("", cards_router)
