"""Settings shared by every environment. Values that vary come from the environment.

``dev`` (``make run``), ``test`` (pytest) and ``production`` (docker-compose, gunicorn)
import this module and change only what differs.
"""

from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from symphony.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SYMPHONY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY must be set (or SECRET_KEY_FILE naming a "
            "file) unless DEBUG=true."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-when-debug-is-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "symphony.security.SecurityConfig",  # session timeouts: records the time of sign-in
    "schools",
    "categorisation",
    "reviews",
    "governance",
    "finance",
    "symphony.portal",  # the roof: pages that join every app; imported by no app
]

MIDDLEWARE = [
    # First: X-Forwarded-* headers are dropped unless a trusted proxy sent the request
    # (SYMPHONY_TRUSTED_PROXIES), before SecurityMiddleware asks whether it is HTTPS.
    "symphony.security.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Default deny: every view needs a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The audit trail's record of refused access, uploads and downloads (schools.audit).
    "schools.audit.AuditMiddleware",
    # Idle and absolute session timeouts, and sessions of deactivated users ended (after
    # messages, to say why; LoginRequiredMiddleware's check runs later, at the view).
    "symphony.security.SessionTimeoutMiddleware",
    # Two-step sign-in (schools.mfa): django-otp marks verified sessions; ours sends an
    # unverified one to set up or enter its code before anything else
    # (after the timeouts, so an expired session is ended first).
    "django_otp.middleware.OTPMiddleware",
    "schools.mfa.MfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: turns a locked-out sign-in into the lock-out page (symphony.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "symphony.urls"
WSGI_APPLICATION = "symphony.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "symphony.portal.navigation.navigation",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        # Persistent connections on PostgreSQL (a connection costs a fork on the server),
        # checked before each request reuses them: after a database restart or a dropped
        # connection the next request reconnects instead of failing (CONN_HEALTH_CHECKS).
        conn_max_age=env_int(
            "DATABASE_CONN_MAX_AGE", 0 if _database_url.startswith("sqlite") else 60
        ),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
# Axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 5.0 6.2.1: at least 12 characters; the common-password list catches the rest.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions (symphony.security.SessionTimeoutMiddleware). Idle: a session unused for
# SESSION_COOKIE_AGE ends, on the server as in the browser. Rather than write the session
# on every request (SESSION_SAVE_EVERY_REQUEST), the middleware refreshes it at most once
# a SESSION_TOUCH_SECONDS, which moves its expiry on. Absolute: SESSION_ABSOLUTE_AGE after
# signing in, however busy, the person signs in again.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_HOURS", 12) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in lock-out (django-axes): AXES_FAILURE_LIMIT failures for one e-mail address from
# one IP address lock that pair out for AXES_COOLOFF_TIME. Locking the pair, not the
# account, means an attacker elsewhere cannot lock a colleague out; failures while locked
# out do not extend the lock-out, so nobody is locked out for good.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # AuthenticationForm's field, holding the e-mail
AXES_USERNAME_CALLABLE = "symphony.security.lockout_username"
AXES_LOCKOUT_CALLABLE = "symphony.security.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address, for the lock-out and the audit trail: symphony.security.client_ip
# reads X-Forwarded-For only when the direct peer is one of SYMPHONY_TRUSTED_PROXIES
# (addresses or CIDR blocks) and SYMPHONY_PROXY_COUNT proxies stand in front of the portal.
# Development serves directly: no proxy, no forwarded header believed.
AXES_CLIENT_IP_CALLABLE = "symphony.security.client_ip"
SYMPHONY_PROXY_COUNT = 0
SYMPHONY_TRUSTED_PROXIES: list[str] = []
# Password reset e-mails (schools/account_views.py): at most this many requests for one
# address, and from one client address, in the window; more are refused and send nothing.
SYMPHONY_PASSWORD_RESET_LIMIT = env_int("SYMPHONY_PASSWORD_RESET_LIMIT", 5)
SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES = env_int("SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES", 60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Strict CSP: every script and stylesheet is ours (no CDN), no inline script.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    # Our own files, each carrying the response's nonce (templates/base.html).
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP when EMAIL_HOST is set; otherwise each message is written to a file in
# var/sent-mail/ (development), so nothing is ever sent by accident.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Symphony <no-reply@symphony.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "sent-mail")},
        }
    }

# Celery. With no CELERY_BROKER_URL the embedded filesystem broker needs no server
# (make run); production and CI use Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "broker" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    _queue.mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60  # the longest any task may run; none sets more
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# A worker killed mid-task (SIGKILL, out of memory, a redeploy) must not lose the task:
# acknowledge only when it has finished, and put it back on the queue when the process
# running it dies. Every task is idempotent (reminders: one row per key, sent under a row
# lock; reports: skipped once ready), so running one twice does no harm.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a dying worker holds at most the task it runs
# Redis hands an unacknowledged message to another worker after the visibility timeout:
# it must outlast the longest task, or a slow task would run twice at once.
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60)
if _visibility_timeout <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT must exceed the task time limit ({CELERY_TASK_TIME_LIMIT} s)."
    )
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility_timeout}
# Web requests publish through symphony.tasks.enqueue: one attempt with a one-second
# connect timeout, never Celery's retries, so a broker that is down costs a request at most
# about a second (the person is told; what they saved stays saved).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- The trust's own choices -------------------------------------------------------
SYMPHONY_TRUST_NAME = env_str("SYMPHONY_TRUST_NAME", "Symphony Learning Trust")

from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["ensure-calendar"] = {
    "task": "schools.ensure_calendar",
    "schedule": crontab(hour=3, minute=15, day_of_month=1),
}
# A stored document (a review's report, an SCC letter, a report as sent) still waiting to
# be made this many minutes after it was asked for (the task queue was down, or its task
# was lost) is queued again by the sweep, which runs as often.
SYMPHONY_DOCUMENT_REQUEUE_MINUTES = env_int("SYMPHONY_DOCUMENT_REQUEUE_MINUTES", 5)
if SYMPHONY_DOCUMENT_REQUEUE_MINUTES < 1:
    raise ImproperlyConfigured("SYMPHONY_DOCUMENT_REQUEUE_MINUTES must be 1 or more.")
CELERY_BEAT_SCHEDULE["requeue-documents"] = {
    "task": "schools.requeue_documents",
    "schedule": SYMPHONY_DOCUMENT_REQUEUE_MINUTES * 60,  # seconds
}

# --- Reviews -----------------------------------------------------------------------
# The judgement scale new peer reviews use: "legacy" (Ofsted's four-point scale, which the
# trust's peer reviews have used so far) or "report_card" (Ofsted's scale from Nov 2025).
SYMPHONY_PEER_REVIEW_SCALE = env_str("SYMPHONY_PEER_REVIEW_SCALE", "legacy")
if SYMPHONY_PEER_REVIEW_SCALE not in ("legacy", "report_card"):
    raise ImproperlyConfigured("SYMPHONY_PEER_REVIEW_SCALE must be legacy or report_card.")
# A review team reads the reviewed school's page, termly data, Core Plan and earlier
# reviews from the day it is named until this many days after the review is published.
# The SIP's days per school per year (School-improvement model: "a SIP for 3 days per
# school"); a visit that would go past them is refused.
SYMPHONY_SIP_DAYS_PER_YEAR = env_int("SYMPHONY_SIP_DAYS_PER_YEAR", 3)
if SYMPHONY_SIP_DAYS_PER_YEAR < 1:
    raise ImproperlyConfigured("SYMPHONY_SIP_DAYS_PER_YEAR must be 1 or more.")
SYMPHONY_REVIEW_TEAM_ACCESS_DAYS = env_int("SYMPHONY_REVIEW_TEAM_ACCESS_DAYS", 30)
if SYMPHONY_REVIEW_TEAM_ACCESS_DAYS < 0:
    raise ImproperlyConfigured("SYMPHONY_REVIEW_TEAM_ACCESS_DAYS must be 0 or more.")
# A newly published peer review stays on the homes of its LGB's governors and the trustees
# until they open it, or this many days after publication (day N still shows it).
SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS = env_int("SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS", 21)
if SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS < 0:
    raise ImproperlyConfigured("SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS must be 0 or more.")

# --- Categorisation ----------------------------------------------------------------
# The School Improvement Strategy 2024-25 re-assesses only category 4 every half-term; the
# Business Plan 2018-19 also put category 3 on half-termly reviews. true = the 2018 rule.
SYMPHONY_CATEGORY_3_HALF_TERMLY = env_bool("SYMPHONY_CATEGORY_3_HALF_TERMLY", False)
# Business Plan 2018-19, "Growth": schools able to support per school needing support (4:1,
# expected to fall to 3:1 as the trust grows).
SYMPHONY_CAPACITY_TARGET = env_int("SYMPHONY_CAPACITY_TARGET", 4)
if SYMPHONY_CAPACITY_TARGET < 1:
    raise ImproperlyConfigured("SYMPHONY_CAPACITY_TARGET must be 1 or more (the N of N:1).")
# Each academic year's first judgement (School Improvement Strategy 2024-25, §5) is due by:
# "term_end" (the end of the autumn term: the termly rule), "first_meeting" (the first risk
# meeting of the autumn term; until one is scheduled, the end of its first half-term) or a
# fixed day "MM-DD" (e.g. "10-31"). categorisation/cadence.py has the rule.
SYMPHONY_START_OF_YEAR_DEADLINE = env_str("SYMPHONY_START_OF_YEAR_DEADLINE", "term_end")
if SYMPHONY_START_OF_YEAR_DEADLINE not in ("term_end", "first_meeting"):
    try:
        date.fromisoformat(f"2000-{SYMPHONY_START_OF_YEAR_DEADLINE}")
    except ValueError:
        raise ImproperlyConfigured(
            "SYMPHONY_START_OF_YEAR_DEADLINE must be term_end, first_meeting or a day MM-DD "
            "(e.g. 10-31)."
        ) from None
# Which schools count as "good or better schools (those with the capacity to support)" in
# the ratio: "categories_1_2" (the default), "category_1" (the plan calls only category 1
# "able to offer support") or "ofsted_good" (good or better by Ofsted, not in categories
# 3-4). Schools needing support are those in categories 3-4 in every reading.
SYMPHONY_CAPACITY_READING = env_str("SYMPHONY_CAPACITY_READING", "categories_1_2")
if SYMPHONY_CAPACITY_READING not in ("categories_1_2", "category_1", "ofsted_good"):
    raise ImproperlyConfigured(
        "SYMPHONY_CAPACITY_READING must be categories_1_2, category_1 or ofsted_good."
    )
# Reminder lead times, in days before a re-assessment falls due / before a risk meeting.
SYMPHONY_REASSESSMENT_REMINDER_DAYS = env_int("SYMPHONY_REASSESSMENT_REMINDER_DAYS", 14)
SYMPHONY_RISK_MEETING_REMINDER_DAYS = env_int("SYMPHONY_RISK_MEETING_REMINDER_DAYS", 3)
# The reading of historic performance against national benchmarks the risk meeting is
# offered (categorisation/evidence.py, ``performance_reading``), in percentage points of the
# school's gap to national over the last three summers: declining when a headline measure
# is below national by more than SYMPHONY_TREND_BELOW_POINTS in the latest year and has
# worsened by at least SYMPHONY_TREND_DECLINE_POINTS since the earliest; positive when no
# figure is below national by more than SYMPHONY_TREND_BELOW_POINTS; otherwise variable.
# The meeting may accept or change the reading.
SYMPHONY_TREND_DECLINE_POINTS = env_int("SYMPHONY_TREND_DECLINE_POINTS", 5)
SYMPHONY_TREND_BELOW_POINTS = env_int("SYMPHONY_TREND_BELOW_POINTS", 0)
if SYMPHONY_TREND_DECLINE_POINTS < 1 or SYMPHONY_TREND_BELOW_POINTS < 0:
    raise ImproperlyConfigured(
        "SYMPHONY_TREND_DECLINE_POINTS must be 1 or more and SYMPHONY_TREND_BELOW_POINTS 0 "
        "or more (percentage points)."
    )

# A national figure is compared with only when it is for the year of the data or at most
# this many years older (shown then as "the latest published"); an older one is shown but
# not judged against ("No national figure for 2025/26 yet; latest 2022/23").
SYMPHONY_NATIONAL_MAX_AGE_YEARS = env_int("SYMPHONY_NATIONAL_MAX_AGE_YEARS", 1)
if SYMPHONY_NATIONAL_MAX_AGE_YEARS < 0:
    raise ImproperlyConfigured("SYMPHONY_NATIONAL_MAX_AGE_YEARS must be 0 or more (years).")
# The portal's address, for links in e-mails and calendar feeds.
SYMPHONY_BASE_URL = env_str(
    "SYMPHONY_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000",
).rstrip("/")
# Where the calendar feed gathers its events: functions (user, start, end) -> [Event].
SYMPHONY_CALENDAR_FEED_SOURCES = ["categorisation.feed.events", "governance.feed.events"]

CELERY_BEAT_SCHEDULE["categorisation-reminders"] = {
    "task": "categorisation.send_reminders",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["deliver-reminders"] = {
    "task": "schools.deliver_reminders",
    "schedule": crontab(minute="*/15"),
}
# Notices for those who chose the weekly digest (User.notify_by) go out on Monday morning.
CELERY_BEAT_SCHEDULE["weekly-digests"] = {
    "task": "schools.send_digests",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
}
# A reminder the mail server refuses is tried again after 15 minutes, then 30, 60 ...
# (at most 6 hours apart), and given up after its 5th attempt: the reminders page shows it
# and an error is logged.
SYMPHONY_REMINDER_MAX_ATTEMPTS = env_int("SYMPHONY_REMINDER_MAX_ATTEMPTS", 5)
SYMPHONY_REMINDER_RETRY_MINUTES = env_int("SYMPHONY_REMINDER_RETRY_MINUTES", 15)
SYMPHONY_REMINDER_RETRY_MAX_MINUTES = env_int("SYMPHONY_REMINDER_RETRY_MAX_MINUTES", 6 * 60)
if SYMPHONY_REMINDER_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("SYMPHONY_REMINDER_MAX_ATTEMPTS must be 1 or more.")

# --- Termly data and KPIs ----------------------------------------------------------
# Every upload read by symphony/uploads.py (termly data, the finance import).
SYMPHONY_UPLOAD_MAX_BYTES = env_int("SYMPHONY_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
# An XLSX or DOCX is a zip: the bytes its parts really inflate to are capped too (zip
# bombs), for spreadsheets and kept documents (letters, minutes, evidence) alike.
SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int(
    "SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024
)
# Business Plan 2018-19: attendance 96% baseline, 97% aspiration.
SYMPHONY_ATTENDANCE_BASELINE = env_int("SYMPHONY_ATTENDANCE_BASELINE", 96)
SYMPHONY_ATTENDANCE_ASPIRATION = env_int("SYMPHONY_ATTENDANCE_ASPIRATION", 97)
# The KPI report's amber against national: not better than national, but within this many
# points of it. The trust's documents fix no margin; the default is the Trust
# Self-Evaluation (2025)'s own key, "about national" within 1 point (aggregates.compare).
SYMPHONY_KPI_AMBER_POINTS = env_int("SYMPHONY_KPI_AMBER_POINTS", 1)
if SYMPHONY_KPI_AMBER_POINTS < 0:
    raise ImproperlyConfigured("SYMPHONY_KPI_AMBER_POINTS must be 0 or more.")
# Business Plan 2018-19: KS2 above national "in every school in the trust for at least
# eighteen months": a school counts from this many months after it joined.
SYMPHONY_EVERY_SCHOOL_MONTHS = env_int("SYMPHONY_EVERY_SCHOOL_MONTHS", 18)
if SYMPHONY_EVERY_SCHOOL_MONTHS < 0:
    raise ImproperlyConfigured("SYMPHONY_EVERY_SCHOOL_MONTHS must be 0 or more.")
# Days before a collection's deadline that headteachers with missing figures are reminded.
SYMPHONY_COLLECTION_REMINDER_DAYS = env_int("SYMPHONY_COLLECTION_REMINDER_DAYS", 5)
CELERY_BEAT_SCHEDULE["collection-reminders"] = {
    "task": "schools.send_collection_reminders",
    "schedule": crontab(hour=7, minute=5),
}
# Whether headteachers see other schools named in termly benchmarking (some trusts share
# named comparisons with heads); by default they see their own school and letters.
SYMPHONY_HEADS_SEE_NAMED_COMPARISONS = env_bool("SYMPHONY_HEADS_SEE_NAMED_COMPARISONS", False)
# DfE statistical confidentiality: counts of pupils (suspensions, exclusions) from 1 to this
# less one are shown as "c" outside the school's own form (schools/data/suppression.py).
SYMPHONY_SUPPRESS_BELOW = env_int("SYMPHONY_SUPPRESS_BELOW", 3)
# Whether the trust's leaders and central team also see "c" on their working pages
# (benchmarking, a collection's figures). Everything that leaves the portal (PDF, CSV,
# XLSX, API) and the trustees' report is suppressed either way.
SYMPHONY_SUPPRESS_FOR_LEADERS = env_bool("SYMPHONY_SUPPRESS_FOR_LEADERS", False)
# The heat map of the on-track figures on a school's data page: each measure's band
# boundaries (the lowest percentage of each band after the first, ascending). The trust's
# documents set none; these are the demo's choice (schools/data/compare.py).
SYMPHONY_ON_TRACK_BANDS = {
    "on_track_expected": (50, 65, 80),
    "on_track_greater_depth": (10, 20, 30),
}

# --- Schools Causing Concern -------------------------------------------------------
# How often an SCC school's action plan is monitored: "half_termly" (the default) or "termly".
SYMPHONY_SCC_MONITORING = env_str("SYMPHONY_SCC_MONITORING", "half_termly")
if SYMPHONY_SCC_MONITORING not in ("half_termly", "termly"):
    raise ImproperlyConfigured("SYMPHONY_SCC_MONITORING must be half_termly or termly.")

# --- Governance --------------------------------------------------------------------
SYMPHONY_TERM_ENDING_MONTHS = env_int("SYMPHONY_TERM_ENDING_MONTHS", 3)
# Safeguarding training for trustees and governors stays in date this many years.
SYMPHONY_SAFEGUARDING_TRAINING_YEARS = env_int("SYMPHONY_SAFEGUARDING_TRAINING_YEARS", 3)
# A skill is a gap when nobody on the body rates it at this level (1-4) or above.
SYMPHONY_SKILL_GAP_BELOW = env_int("SYMPHONY_SKILL_GAP_BELOW", 3)
SYMPHONY_GOVERNANCE_MEETING_REMINDER_DAYS = env_int("SYMPHONY_GOVERNANCE_MEETING_REMINDER_DAYS", 7)
CELERY_BEAT_SCHEDULE["governance-reminders"] = {
    "task": "governance.send_reminders",
    "schedule": crontab(hour=7, minute=10),
}

# --- Finance and operations --------------------------------------------------------
# A risk whose residual score (likelihood x impact, 1-25) reaches this is significant: it
# shows beside the categorisation evidence.
SYMPHONY_SIGNIFICANT_RISK_SCORE = env_int("SYMPHONY_SIGNIFICANT_RISK_SCORE", 15)
SYMPHONY_RISK_REVIEW_REMINDER_DAYS = env_int("SYMPHONY_RISK_REVIEW_REMINDER_DAYS", 14)
CELERY_BEAT_SCHEDULE["finance-reminders"] = {
    "task": "finance.send_reminders",
    "schedule": crontab(hour=7, minute=15),
}

# --- Retention and the audit trail -------------------------------------------------
# Days each kind of record is kept before the nightly job removes (or, for accounts,
# anonymises) it. The audit trail is kept six years, as the trust keeps its financial and
# governance records; a deactivated account is anonymised two years after its last
# sign-in. Each is a setting because each trust's retention schedule differs.
SYMPHONY_RETENTION_DAYS = {
    "audit_events": env_int("SYMPHONY_RETAIN_AUDIT_DAYS", 6 * 365),
    "reminders": env_int("SYMPHONY_RETAIN_REMINDERS_DAYS", 2 * 365),
    "sessions": 0,  # an expired session is removed at the next run
    "api_tokens": env_int("SYMPHONY_RETAIN_REVOKED_TOKENS_DAYS", 365),
    "inactive_users": env_int("SYMPHONY_RETAIN_INACTIVE_USERS_DAYS", 2 * 365),
}
CELERY_BEAT_SCHEDULE["retention"] = {
    "task": "schools.apply_retention",
    "schedule": crontab(hour=2, minute=30),
}

# --- The data API ------------------------------------------------------------------
# An API token expires this many days after it is made (schools/models/api.py); changing
# the owner's password or deactivating the account ends it sooner.
SYMPHONY_API_TOKEN_DAYS = env_int("SYMPHONY_API_TOKEN_DAYS", 365)
if SYMPHONY_API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("SYMPHONY_API_TOKEN_DAYS must be 1 or more.")

# --- Two-step sign-in --------------------------------------------------------------
# Roles that must use an authenticator app (and every account that can use the admin
# site). Anyone else may turn it on. The DfE's cyber security standards for schools ask
# for it on accounts that reach personal or sensitive data.
SYMPHONY_MFA_REQUIRED_ROLES = env_list(
    "SYMPHONY_MFA_REQUIRED_ROLES",
    ["ceo", "dop", "cfo", "finance_ops", "central_admin", "external_reviewer"],
)
OTP_TOTP_ISSUER = SYMPHONY_TRUST_NAME
