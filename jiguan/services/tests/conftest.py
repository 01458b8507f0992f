from jiguan.services.tests.fixtures import services  # noqa: F401  (the fixture)
