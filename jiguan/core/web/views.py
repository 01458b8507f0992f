from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jiguan.core.types import AuthedRequest
from jiguan.core.web import nav


def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/home.html",
                  {"modules": nav.items_for(request.user, request.path),
                   "figures": nav.figures_for(request.user)})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process is up and answers."""
    return JsonResponse({"status": "ok"})
