from jiguan.assets.tests.fixtures import assets  # noqa: F401  (the fixture)
