from typing import Any

from django.http import HttpRequest

from jiguan.core.scoping import holds
from jiguan.core.web import nav


def shell(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": nav.items_for(user, request.path),
            "inbox_count": nav.count("inbox", user),
            # The 三员 have no to-dos: their bar shows no inbox link (VIEW_TASKS).
            "can_view_tasks": holds(user, "view_tasks")}
