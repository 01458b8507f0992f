"""/api/v1/guidance/ (config/api.py mounts this router); each topic adds its routes."""

from ninja import Router

router = Router(tags=["业务指导"])

__all__ = ["router"]
