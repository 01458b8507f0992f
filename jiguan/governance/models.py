"""Django's model registry for the governance app: each topic's models (the app label and
the tables stay "governance")."""

from jiguan.governance.contracts.models import (  # noqa: F401
    Contract,
    ContractAttachment,
    Dispute,
    Milestone,
    Payment,
)
from jiguan.governance.decisions.models import (  # noqa: F401
    CatalogueItem,
    Decision,
    DecisionDocument,
    DecisionStep,
    Discussion,
    DiscussionOpinion,
)
from jiguan.governance.library.models import (  # noqa: F401
    CleanupCampaign,
    CleanupItem,
    Rule,
    RuleArticle,
    RuleAttachment,
    RuleKind,
    RuleRelation,
    RuleSubject,
)
from jiguan.governance.reviews.models import (  # noqa: F401
    Review,
    ReviewMaterial,
    ReviewOpinion,
)
