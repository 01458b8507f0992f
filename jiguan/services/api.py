"""/api/v1/services/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.services.catalogue.api import router as catalogue_router
from jiguan.services.inspections.api import router as inspections_router
from jiguan.services.purchases.api import router as purchases_router
from jiguan.services.standards.api import router as standards_router

router = Router()
router.add_router("", catalogue_router)
router.add_router("", standards_router)
router.add_router("", inspections_router)
router.add_router("", purchases_router)
