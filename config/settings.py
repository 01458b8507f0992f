"""The one settings module. Every deploy-time value comes from the environment.

Development (the default, `make run`): SQLite in WAL mode, DEBUG off, the demo data set.
Production: set JIGUAN_ENV=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; the
production checks in jiguan.core.deploy.checks refuse to start with a weak setup.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_json, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JIGUAN_VAR_DIR", str(BASE_DIR / "var")))

JIGUAN_ENV = env_str("JIGUAN_ENV", "development")
if JIGUAN_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("JIGUAN_ENV must be development, production or test")
PRODUCTION = JIGUAN_ENV == "production"

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_secret("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("production needs SECRET_KEY (50+ random characters)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The province this deployment serves (6-digit division code); Zhejiang by default.
JIGUAN_PROVINCE = env_str("JIGUAN_PROVINCE", "330000")
# Sub-provincial cities (副省级城市): the office-area rules give them provincial figures.
JIGUAN_SUB_PROVINCIAL_CITIES = env_list("JIGUAN_SUB_PROVINCIAL_CITIES", ["330100", "330200"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",  # serves the API docs page from its bundled static files, not from a CDN
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "jiguan.core",
    "jiguan.access",
    "jiguan.audit",
    "jiguan.orgs",
    "jiguan.todo",
    "jiguan.space",
    "jiguan.energy",
    "jiguan.travel",
    "jiguan.governance",
    "jiguan.services",
    "jiguan.assets",
    "jiguan.internalaudit",
    "jiguan.assessment",
    "jiguan.guidance",
    "jiguan.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "jiguan.access.login.middleware.IdleTimeoutMiddleware",
    "jiguan.access.login.session_policy.SessionCapMiddleware",
    "jiguan.access.login.session_policy.LockedAccountMiddleware",
    "jiguan.access.login.middleware.PasswordChangeRequiredMiddleware",
    "jiguan.access.twofactor.middleware.TwoFactorMiddleware",
    "jiguan.audit.probing.ProbingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the lockout responses of the views above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's renderer with the plain <input> and <select> widgets rendered in Python, to the
# same text (jiguan/core/web/forms.py; bench/README.md session 10).
FORM_RENDERER = "jiguan.core.web.forms.WidgetRenderer"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "access:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiguan.access.context_processors.scope",
                "jiguan.core.web.context_processors.shell",
            ],
            # |num, |qty and |with_unit in every template (jiguan/core/numbers.py); {% url %} with
            # a row's ids from a URL reversed once per name (jiguan/core/templatetags/urls.py);
            # {% jinja %} for a list's rows (jiguan/core/web/jinja.py); |date with the pages'
            # formats compiled once (jiguan/core/templatetags/dates.py).
            "builtins": ["jiguan.core.templatetags.numbers", "jiguan.core.templatetags.urls",
                         "jiguan.core.templatetags.pages", "jiguan.core.templatetags.jinja",
                         "jiguan.core.templatetags.dates"],
        },
    },
    {
        # The row loops of the list pages ({% jinja %}; jiguan/core/web/jinja.py): templates
        # in each app's jinja2/ folder.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "jiguan.core.web.jinja.environment"},
    },
]

# --- database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
# Seconds a worker thread keeps its database connection between requests (0: a new one per
# request). On SQLite a new connection runs the PRAGMAs below, registers the search
# functions and parses the schema again before its first query: about a third of a short
# page's time (bench/README.md, session 10: the agency list 69 → 87 requests a second, p95
# 150 → 97 ms under 8 clients).
DB_CONN_MAX_AGE = env_int("JIGUAN_DB_CONN_MAX_AGE", 60)
# PostgreSQL: parallel workers a query node may start for the site's connections
# (max_parallel_workers_per_gather; the server's default is 2). 0 by default: on a server
# that also answers many users at once, a list's count or search that starts two workers
# only takes cores from the other requests (bench/README.md, session 12). Empty: the
# server's own setting.
PG_PARALLEL_WORKERS: int | None = (
    None if env_str("JIGUAN_PG_PARALLEL_WORKERS", "0") == ""
    else env_int("JIGUAN_PG_PARALLEL_WORKERS", 0))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and PG_PARALLEL_WORKERS is not None:
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = " ".join(filter(None, [
            _options.get("options", ""),
            f"-c max_parallel_workers_per_gather={PG_PARALLEL_WORKERS}",
        ]))
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "jiguan.sqlite3")),
            "CONN_MAX_AGE": DB_CONN_MAX_AGE,
            "OPTIONS": {
                # WAL lets readers work while the task worker writes.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background tasks (django-tasks, database backend: no broker to run) ----------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if env_bool("JIGUAN_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- login security: 等保 2.0 level 3 (our policy; see docs/security.md) ----------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "jiguan.access.login.passwords.ComplexityValidator"},
    {"NAME": "jiguan.access.login.passwords.NoUsernameValidator"},
    {"NAME": "jiguan.access.login.passwords.CommonPasswordValidator"},
    {"NAME": "jiguan.access.login.passwords.DemoPasswordValidator"},
    {"NAME": "jiguan.access.login.passwords.PasswordHistoryValidator"},
]
# How many of an account's latest passwords (the current one included) may not be reused.
JIGUAN_PASSWORD_HISTORY = env_int("JIGUAN_PASSWORD_HISTORY", 5)
JIGUAN_PASSWORD_MAX_AGE_DAYS = env_int("JIGUAN_PASSWORD_MAX_AGE_DAYS", 90)
JIGUAN_IDLE_TIMEOUT_SECONDS = env_int("JIGUAN_IDLE_TIMEOUT_SECONDS", 30 * 60)
# The absolute cap: a session older than this ends whatever the activity (session_policy).
JIGUAN_SESSION_MAX_AGE_SECONDS = env_int("JIGUAN_SESSION_MAX_AGE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = JIGUAN_SESSION_MAX_AGE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "jiguan.core.web.errors.csrf_failure"  # Chinese, in the site's shell

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (docs/adr/0003, jiguan/access/login/lockout.py): a user name from one client address
# after JIGUAN_LOCKOUT_FAILURES failures; from every address after
# JIGUAN_LOCKOUT_ACCOUNT_FAILURES failures in the window; attempts while locked do not
# extend the lock.
AXES_FAILURE_LIMIT = env_int("JIGUAN_LOCKOUT_FAILURES", 5)
JIGUAN_LOCKOUT_ACCOUNT_FAILURES = env_int("JIGUAN_LOCKOUT_ACCOUNT_FAILURES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JIGUAN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "jiguan.access.login.lockout.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, the header it sets to the client's address (nginx:
# `proxy_set_header X-Real-IP $remote_addr;`); empty: REMOTE_ADDR. Audit and lockout use it.
JIGUAN_CLIENT_IP_HEADER = env_str("JIGUAN_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "jiguan.audit.record.client_ip"
AXES_LOCKOUT_CALLABLE = "jiguan.access.login.lockout.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# --- two factors (等保 8.1.4.1 d; jiguan.access.twofactor, docs/security.md) ----------------
# Roles whose holders must log in with a TOTP code besides the password: the 三员 and every
# bureau role by default; agency reporters (单位填报员) when JIGUAN_2FA_REPORTERS is on.
JIGUAN_2FA_REQUIRED_ROLES = env_list("JIGUAN_2FA_REQUIRED_ROLES", [
    "province_admin", "bureau_staff", "auditor", "system_admin", "security_admin",
    "audit_admin"])
JIGUAN_2FA_REPORTERS = env_bool("JIGUAN_2FA_REPORTERS", False)
# The demo accounts log in with the printed password alone; only when JIGUAN_ENV is
# development (refused by the production checks).
JIGUAN_2FA_DEMO_EXEMPT = env_bool("JIGUAN_2FA_DEMO_EXEMPT", JIGUAN_ENV == "development")
JIGUAN_2FA_PENDING_SECONDS = env_int("JIGUAN_2FA_PENDING_SECONDS", 300)
JIGUAN_2FA_RECOVERY_CODES = env_int("JIGUAN_2FA_RECOVERY_CODES", 10)
OTP_TOTP_ISSUER = env_str("JIGUAN_2FA_ISSUER", "机关事务管理平台")
# Wrong codes count towards django-axes' lockout (one policy); no second throttle.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Out-of-scope probing (jiguan/audit/probing.py): this many 404s on object URLs within this
# many seconds of the first is one audited burst.
JIGUAN_PROBE_404_COUNT = env_int("JIGUAN_PROBE_404_COUNT", 20)
JIGUAN_PROBE_WINDOW_SECONDS = env_int("JIGUAN_PROBE_WINDOW_SECONDS", 60)

# The cache holds short-lived counters (the probing bursts above). "database" (the default)
# is a table in the platform's own database, shared by every worker process, created by
# migration audit/0003; "locmem" keeps them per process (one worker only, or tests).
JIGUAN_CACHE = env_str("JIGUAN_CACHE", "database")
if JIGUAN_CACHE == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "jiguan_cache"}}
elif JIGUAN_CACHE == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("JIGUAN_CACHE must be database or locmem")

USE_TLS = env_bool("JIGUAN_TLS", PRODUCTION)
SECURE_SSL_REDIRECT = USE_TLS
SESSION_COOKIE_SECURE = USE_TLS
CSRF_COOKIE_SECURE = USE_TLS
SECURE_HSTS_SECONDS = 31536000 if USE_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_TLS
SECURE_HSTS_PRELOAD = USE_TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if USE_TLS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Excel imports larger than this run as a background task with a progress bar.
JIGUAN_IMPORT_BACKGROUND_ROWS = env_int("JIGUAN_IMPORT_BACKGROUND_ROWS", 2000)
# List exports of more rows are written by the task worker (a progress bar and a download
# link) instead of inside the request (jiguan/core/export_jobs.py).
JIGUAN_EXPORT_BACKGROUND_ROWS = env_int("JIGUAN_EXPORT_BACKGROUND_ROWS", 5000)
JIGUAN_IMPORT_MAX_BYTES = env_int("JIGUAN_IMPORT_MAX_MB", 20) * 1024 * 1024
# What a workbook may hold before any cell is read, and the parsing child's limits
# (jiguan/core/excel/guard.py and sandbox.py; docs/security.md, 入侵防范).
JIGUAN_IMPORT_MAX_ROWS = env_int("JIGUAN_IMPORT_MAX_ROWS", 1_048_576)
JIGUAN_IMPORT_MAX_COLUMNS = env_int("JIGUAN_IMPORT_MAX_COLUMNS", 1024)
JIGUAN_IMPORT_MAX_CELLS = env_int("JIGUAN_IMPORT_MAX_CELLS", 25_000_000)
JIGUAN_IMPORT_MAX_PARTS = env_int("JIGUAN_IMPORT_MAX_PARTS", 1000)
JIGUAN_IMPORT_MAX_UNZIPPED = env_int("JIGUAN_IMPORT_MAX_UNZIPPED_MB", 1024) * 1024 * 1024
JIGUAN_IMPORT_MAX_PART = env_int("JIGUAN_IMPORT_MAX_PART_MB", 512) * 1024 * 1024
JIGUAN_IMPORT_MAX_RATIO = env_int("JIGUAN_IMPORT_MAX_RATIO", 100)
JIGUAN_IMPORT_MAX_CELL_CHARS = env_int("JIGUAN_IMPORT_MAX_CELL_CHARS", 32_767)
JIGUAN_IMPORT_MEMORY = env_int("JIGUAN_IMPORT_PARSE_MEMORY_MB", 2048) * 1024 * 1024
JIGUAN_IMPORT_SECONDS = env_int("JIGUAN_IMPORT_PARSE_SECONDS", 120)
# A request body (other than uploaded files) above this is refused: the API answers 413 in
# JSON (config/api.py), pages a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("JIGUAN_REQUEST_BODY_MAX_MB", 5) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An attachment, photo or evidence file kept by core.files (jiguan/core/files/): above this
# it is refused with its size and the limit.
JIGUAN_UPLOAD_MAX_BYTES = env_int("JIGUAN_UPLOAD_MAX_MB", 10) * 1024 * 1024
MEDIA_ROOT = VAR_DIR / "media"

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files: vendored, served by WhiteNoise --------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Unverified [R] rule values (domain-rules.md), overridable per deployment as JSON objects,
# e.g. JIGUAN_ENERGY_TARGETS='{"per_capita": "-8"}'. Read through each app's rules.py.
JIGUAN_TOWNSHIP_OFFICE_LIMITS = env_json("JIGUAN_TOWNSHIP_OFFICE_LIMITS", None)
JIGUAN_SERVICE_AREA_PER_PERSON = env_json("JIGUAN_SERVICE_AREA_PER_PERSON", None)
JIGUAN_ENERGY_TARGETS = env_json("JIGUAN_ENERGY_TARGETS", {})
JIGUAN_ENERGY_DENSITIES = env_json("JIGUAN_ENERGY_DENSITIES", {})
JIGUAN_ENERGY_MONTHLY_CAPS = env_json("JIGUAN_ENERGY_MONTHLY_CAPS", {})
JIGUAN_ENERGY_OUTLIER_FACTOR = env_str("JIGUAN_ENERGY_OUTLIER_FACTOR", "3")
JIGUAN_ENERGY_JUMP_SHARE = env_str("JIGUAN_ENERGY_JUMP_SHARE", "0.3")
JIGUAN_ENERGY_ENTRY_CONFIRM_FACTOR = env_str("JIGUAN_ENERGY_ENTRY_CONFIRM_FACTOR", "5")
JIGUAN_WATER_SAVING_TARGET = float(env_str("JIGUAN_WATER_SAVING_TARGET", "0.6"))
# Yearly statistical reports of more institutions than this are built by the task worker.
JIGUAN_ENERGY_YEARLY_SYNC_LIMIT = env_int("JIGUAN_ENERGY_YEARLY_SYNC_LIMIT", 3000)
JIGUAN_ENERGY_OUTSOURCING_YEARS = tuple(
    int(x) for x in env_list("JIGUAN_ENERGY_OUTSOURCING_YEARS", ["5", "10"]))

# The rules library (jiguan/governance): the validity of a normative document in years, of a
# 暂行/试行 one, and how many days ahead its end becomes a to-do (library/rules.py; the
# figures and their source [R] there).
JIGUAN_GOVERNANCE_VALIDITY_YEARS = env_int("JIGUAN_GOVERNANCE_VALIDITY_YEARS", 5)
JIGUAN_GOVERNANCE_PROVISIONAL_YEARS = env_int("JIGUAN_GOVERNANCE_PROVISIONAL_YEARS", 2)
JIGUAN_GOVERNANCE_VALIDITY_NOTICE_DAYS = env_int("JIGUAN_GOVERNANCE_VALIDITY_NOTICE_DAYS", 90)
# Legality reviews and major decisions (branch `decisions`): the review period in working days
# (条例第二十六条 "一般不少于7个工作日", reviews/rules.py), the default distance to the later
# evaluation, and the citations a refusal quotes (decisions/rules.py; empty = the defaults
# there, 《重大行政决策程序暂行条例》 article numbers marked [R]).
JIGUAN_GOVERNANCE_REVIEW_DAYS = env_int("JIGUAN_GOVERNANCE_REVIEW_DAYS", 7)
JIGUAN_GOVERNANCE_DECISION_EVALUATION_DAYS = env_int("JIGUAN_GOVERNANCE_DECISION_EVALUATION_DAYS",
                                                     365)
JIGUAN_GOVERNANCE_DECISION_REVIEW_RULE = env_str("JIGUAN_GOVERNANCE_DECISION_REVIEW_RULE", "")
JIGUAN_GOVERNANCE_DECISION_CHIEF_RULE = env_str("JIGUAN_GOVERNANCE_DECISION_CHIEF_RULE", "")
# Major contracts (jiguan/governance/contracts, branch `contracts`): the amount (元) from
# which a contract of each kind needs a legality review before signing, the filing period
# after signing (and whether it counts working days), and how many days before its end a
# contract becomes a to-do (contracts/rules.py; the figures and their sources there).
JIGUAN_GOVERNANCE_CONTRACT_REVIEW_THRESHOLDS = env_json(
    "JIGUAN_GOVERNANCE_CONTRACT_REVIEW_THRESHOLDS", {})
JIGUAN_GOVERNANCE_CONTRACT_FILING_DAYS = env_int("JIGUAN_GOVERNANCE_CONTRACT_FILING_DAYS", 30)
JIGUAN_GOVERNANCE_CONTRACT_FILING_WORKING_DAYS = env_bool(
    "JIGUAN_GOVERNANCE_CONTRACT_FILING_WORKING_DAYS", False)
JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS = env_int("JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS", 60)

# Purchases of logistics services (jiguan/services/purchases): days before a contract's end
# its to-do is raised, and the province's yearly scale (the seed: about ¥200 M, in 元).
JIGUAN_SERVICES_CONTRACT_REMINDER_DAYS = env_int("JIGUAN_SERVICES_CONTRACT_REMINDER_DAYS", 60)
JIGUAN_SERVICES_YEAR_SCALE = env_int("JIGUAN_SERVICES_YEAR_SCALE", 200_000_000)

# The demo login printed by `make run`; refused in production (jiguan.core.deploy.checks).
JIGUAN_DEMO = env_bool("JIGUAN_DEMO", not PRODUCTION)

# Lockout is per account, as 等保 asks ("limit illegal login attempts" on an account). Adding
# the IP would lock a whole bureau behind one NAT gateway, and dropping the username would
# let a rotating-IP attacker go on; axes' W006 assumes a public site.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Internal audit (jiguan/internalaudit, docs/internalaudit.md): local settings, [R] unverified.
INTERNAL_AUDIT_CYCLE_YEARS = env_int("INTERNAL_AUDIT_CYCLE_YEARS", 5)
INTERNAL_AUDIT_RECTIFY_DAYS = 90     # days after the report for a finding's rectification
INTERNAL_AUDIT_DEPARTURE_DAYS = 180  # days after a leader leaves for the audit to start

# Supervising the group's holdings (jiguan/assets/supervision, branch supervision): the
# bureau's thresholds [R] (supervision/rules.py). Warnings below/above them become a to-do;
# a major matter at or above the amount (元) needs the bureau's acknowledgement; a balance
# sheet may differ by the tolerance (元) for rounding.
JIGUAN_ASSETS_MAINTENANCE_MIN = env_str("JIGUAN_ASSETS_MAINTENANCE_MIN", "100")
JIGUAN_ASSETS_DEBT_RATIO_MAX = env_str("JIGUAN_ASSETS_DEBT_RATIO_MAX", "70")
JIGUAN_ASSETS_PROFIT_MARGIN_MIN = env_str("JIGUAN_ASSETS_PROFIT_MARGIN_MIN", "0")
JIGUAN_ASSETS_BALANCE_TOLERANCE = env_str("JIGUAN_ASSETS_BALANCE_TOLERANCE", "1")
JIGUAN_ASSETS_MAJOR_MATTER_AMOUNT = env_str("JIGUAN_ASSETS_MAJOR_MATTER_AMOUNT", "5000000")
# Logistics services: inspections, surveys and evaluations (jiguan/services/inspections,
# branch inspect). Local policy, [R] unverified: the weights of the two parts of a period's
# evaluation (they add up to 100), the grade's lower bounds on 100 points, the share of the
# period's amount paid per grade when the contract names no rule of its own, the days a
# 不合格's rectification is given, the size limit of a defect photo, the answers a survey
# page takes from one address in an hour, the respondents' codes a survey may hand out.
JIGUAN_SERVICES_EVALUATION_WEIGHTS = env_json("JIGUAN_SERVICES_EVALUATION_WEIGHTS",
                                              {"inspection": 70, "satisfaction": 30})
JIGUAN_SERVICES_GRADE_THRESHOLDS = env_json("JIGUAN_SERVICES_GRADE_THRESHOLDS",
                                            {"excellent": 90, "good": 80, "pass": 60})
JIGUAN_SERVICES_PAYMENT_PERCENT = env_json(
    "JIGUAN_SERVICES_PAYMENT_PERCENT", {"excellent": 100, "good": 100, "pass": 95, "fail": 0})
JIGUAN_SERVICES_RECTIFY_DAYS = env_int("JIGUAN_SERVICES_RECTIFY_DAYS", 30)
JIGUAN_SERVICES_PHOTO_MAX_BYTES = env_int("JIGUAN_SERVICES_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
JIGUAN_SERVICES_SURVEY_POSTS_PER_HOUR = env_int("JIGUAN_SERVICES_SURVEY_POSTS_PER_HOUR", 120)
JIGUAN_SERVICES_SURVEY_MAX_RESPONDENTS = env_int("JIGUAN_SERVICES_SURVEY_MAX_RESPONDENTS", 5000)
# State assets of the units (jiguan/assets/cards, docs/assets.md): the original value from
# which a disposal or a renting/lending out needs the bureau's and the province's approval,
# in yuan, e.g. JIGUAN_ASSETS_DISPOSAL_LIMITS='{"bureau": "500000", "province": "2000000"}'.
# Unset keys keep the defaults in cards/rules.py ([R]).
JIGUAN_ASSETS_DISPOSAL_LIMITS = env_json("JIGUAN_ASSETS_DISPOSAL_LIMITS", {})
JIGUAN_ASSETS_LEASE_LIMITS = env_json("JIGUAN_ASSETS_LEASE_LIMITS", {})
