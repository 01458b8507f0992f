"""Django's model registry for the services app: each topic's models (the app label and the
tables stay "services")."""

from jiguan.services.catalogue.models import (  # noqa: F401
    Catalogue,
    NegativeEntry,
    PriceRange,
    ServiceCategory,
    ServiceItem,
    Supplier,
)
from jiguan.services.inspections.models import (  # noqa: F401
    Evaluation,
    Inspection,
    InspectionPhoto,
    InspectionScore,
    Survey,
    SurveyAnswer,
    SurveyCode,
    SurveyItem,
    SurveyResponse,
)
from jiguan.services.purchases.models import (  # noqa: F401
    Contract,
    Purchase,
    PurchaseLine,
)
from jiguan.services.standards.models import (  # noqa: F401
    PilotUnit,
    ServiceStandard,
    StandardItem,
)
