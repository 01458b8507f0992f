"""Test settings: the main module, made fast and deterministic."""

import os

os.environ.setdefault("JIGUAN_ENV", "test")

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:",
                             "OPTIONS": {"transaction_mode": "IMMEDIATE"}}}
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Tests (and the browser tests' live server) serve static files from the app folders.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Two factors are off for the standing cast, which most tests log in with force_login (that
# is: without a password either). The two-factor tests switch the production defaults on
# (jiguan/access/tests/test_twofactor*.py) and log in through both steps.
JIGUAN_2FA_REQUIRED_ROLES = []
JIGUAN_2FA_REPORTERS = False
