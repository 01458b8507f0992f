"""/api/v1/travel/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.travel.ledger.api import router as ledger_router
from jiguan.travel.trips.api import router as trips_router
from jiguan.travel.vehicles.api import router as vehicles_router

router = Router()
router.add_router("", vehicles_router)
router.add_router("", trips_router)
router.add_router("/ledger", ledger_router)
