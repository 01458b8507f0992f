"""/api/v1/overview/ (config/api.py mounts this router)."""

from ninja import Router

router = Router(tags=["全省一屏"])

__all__ = ["router"]
