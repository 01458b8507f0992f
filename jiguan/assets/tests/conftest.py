from jiguan.assets.tests.cards_fixtures import cards  # noqa: F401  (the fixture)
from jiguan.assets.tests.fixtures import assets  # noqa: F401  (the fixture)
from jiguan.assets.tests.supervision_fixtures import supervision  # noqa: F401  (the fixture)
