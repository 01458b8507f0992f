"""/energy/: one namespace, the patterns and tabs gathered from the topic packages."""

from jiguan.energy.indicators import urls as indicators
from jiguan.energy.programs import urls as programs
from jiguan.energy.quality import urls as quality
from jiguan.energy.readings import urls as readings
from jiguan.energy.reports import urls as reports
from jiguan.energy.subnav import Tab
from jiguan.energy.targets import urls as targets

TOPICS = (indicators, readings, quality, targets, programs, reports)

app_name = "energy"
urlpatterns = [pattern for topic in TOPICS for pattern in topic.urlpatterns]


def tabs() -> list[Tab]:
    """Every topic's tabs, in their order."""
    return sorted((tab for topic in TOPICS for tab in topic.SUBNAV), key=lambda t: t.order)
