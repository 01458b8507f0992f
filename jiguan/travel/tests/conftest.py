from jiguan.travel.tests.fixtures import travel  # noqa: F401  (the fixture)
