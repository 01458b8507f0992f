"""Django's model registry for the travel app: each topic's models (the app label and the
tables stay "travel")."""

from jiguan.travel.ledger.models import Charge, CostEntry, Rate, Statement  # noqa: F401
from jiguan.travel.trips.models import Driver, Trip  # noqa: F401
from jiguan.travel.vehicles.models import (  # noqa: F401
    Establishment,
    Platform,
    Vehicle,
    VehicleStandard,
)
