"""/api/v1/assessment/ (config/api.py mounts this router)."""

from jiguan.assessment.results.api import router

__all__ = ["router"]
