from jiguan.governance.tests.fixtures import library  # noqa: F401  (the fixture)
