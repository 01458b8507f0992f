"""/api/v1/governance/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.governance.contracts.api import router as contracts_router
from jiguan.governance.decisions.api import router as decisions_router
from jiguan.governance.library.api import router as library_router
from jiguan.governance.reviews.api import router as reviews_router

router = Router()
router.add_router("", library_router)
router.add_router("", reviews_router)
router.add_router("", contracts_router)
router.add_router("", decisions_router)
