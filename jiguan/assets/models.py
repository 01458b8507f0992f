"""Django's model registry for the assets app: each topic's models (the app label and the
tables stay "assets")."""

from jiguan.assets.cards.models import (  # noqa: F401
    Approval,
    AssetCard,
    AssetClass,
    ConfigStandard,
    Matter,
    MatterItem,
)
from jiguan.assets.entities.models import Batch, Entity, Programme, Step  # noqa: F401
from jiguan.assets.supervision.models import (  # noqa: F401
    BoardIssue,
    BoardMeeting,
    BoardMember,
    BoardReport,
    MajorMatter,
    Statement,
    SupervisoryBoard,
)
