import os
from collections.abc import Callable, Iterable

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application: Callable[..., Iterable[bytes]] = get_wsgi_application()


def _refuse_unsafe_production() -> None:
    """A production server does not start on a weak setup (demo password, DEBUG...)."""
    from django.conf import settings
    from django.core.checks import run_checks

    if not settings.PRODUCTION:
        return
    serious = [m for m in run_checks(include_deployment_checks=True) if m.is_serious()]
    if serious:
        raise SystemExit("拒绝启动：\n" + "\n".join(str(m) for m in serious))


_refuse_unsafe_production()


def _freeze_startup_objects() -> None:
    """Last, once the application is loaded: jiguan.core.deploy.gcfreeze."""
    from jiguan.core.deploy.gcfreeze import RefreezeAfterWarmup, freeze_startup_objects

    global application
    freeze_startup_objects()
    # And again after the first requests, which load as much again (URLs, templates...).
    application = RefreezeAfterWarmup(application)


_freeze_startup_objects()
