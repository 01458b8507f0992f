from jiguan.core.tests.test_scope_matrix import Endpoint

SCOPE_MATRIX: list[Endpoint] = []
