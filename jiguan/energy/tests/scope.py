"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py),
gathered from the module's parts."""

from jiguan.energy.tests.scope_input import SCOPE_MATRIX as INPUT
from jiguan.energy.tests.scope_manage import SCOPE_MATRIX as MANAGE
from jiguan.energy.tests.scope_programs import SCOPE_MATRIX as PROGRAMS
from jiguan.energy.tests.scope_reports import SCOPE_MATRIX as REPORTS
from jiguan.energy.tests.scope_yearly import SCOPE_MATRIX as YEARLY

SCOPE_MATRIX = [*INPUT, *REPORTS, *MANAGE, *PROGRAMS, *YEARLY]
