"""/energy/: one namespace, the patterns gathered from the module's parts."""

from jiguan.energy.urls_input import urlpatterns as input_patterns
from jiguan.energy.urls_manage import urlpatterns as manage_patterns
from jiguan.energy.urls_programs import urlpatterns as programs_patterns
from jiguan.energy.urls_reports import urlpatterns as reports_patterns
from jiguan.energy.urls_yearly import urlpatterns as yearly_patterns

app_name = "energy"
urlpatterns = [*reports_patterns, *input_patterns, *manage_patterns, *programs_patterns,
               *yearly_patterns]
