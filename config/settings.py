"""Minyi settings. Every value that differs between machines comes from the environment;
see the README's "Settings" table. Defaults are safe for the embedded mode only."""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_choice, env_int, env_list, env_str, env_url, require

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MINYI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

MINYI_ENV = env_choice("MINYI_ENV", "embedded", ("embedded", "production"))
PRODUCTION = MINYI_ENV == "production"
TESTING = env_bool("MINYI_TESTING", False)

DEBUG = env_bool("DEBUG", False)


def _embedded_secret_key():
    # The embedded mode keeps one random key per installation so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY")
if PRODUCTION:
    require("SECRET_KEY", SECRET_KEY)
elif not SECRET_KEY:
    SECRET_KEY = _embedded_secret_key()

# Key material for personal data stored encrypted (representatives' phones). Set it once and
# back it up with the database: without it the stored values cannot be read.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
if PRODUCTION:
    require("FIELD_ENCRYPTION_KEY", FIELD_ENCRYPTION_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", () if PRODUCTION else ("127.0.0.1", "localhost", "[::1]", "testserver"))
if PRODUCTION:
    require("ALLOWED_HOSTS", ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI for /api/docs from our own static files, not a CDN
    "django_htmx",
    "template_partials",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "minyi.core",
    "minyi.audit",
    "minyi.accounts",
    "minyi.regions",
    "minyi.organisations",
    "minyi.representatives",
    "minyi.workdays",
    "minyi.matters",
    "minyi.notifications",
    "minyi.opinions",
    "minyi.suggestions",
    "minyi.transfers",
    "minyi.voting",
    "minyi.projects",
    "minyi.duty",
    "minyi.wishes",
    "minyi.open311",
    "minyi.figures",
    "minyi.cockpit",
    "minyi.transparency",
    "minyi.screens",
    "minyi.annual_reports",
    "minyi.workbench",
    "minyi.public",
    "minyi.demo",
    "minyi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "minyi.audit.middleware.RequestContextMiddleware",
    "minyi.accounts.middleware.AccountPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "minyi.core.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", "", schemes=("sqlite", "postgres", "postgresql"))
if PRODUCTION:
    require("DATABASE_URL", DATABASE_URL)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "minyi.sqlite3"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take the write lock
    # up front so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("MINYI_TEST_SQLITE", "") or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, queue, rate limits --------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
if PRODUCTION:
    require("REDIS_URL", REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Parallel test workers share one Redis database; a prefix each keeps them apart.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "minyi") + (env_str("PYTEST_XDIST_WORKER") if TESTING else ""),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    # A file cache is shared by the web and worker processes, which rate limits and lockouts need.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / (f"cache-test{env_str('PYTEST_XDIST_WORKER')}" if TESTING else "cache")),
        }
    }

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", TESTING)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env_str("HUEY_NAME", "minyi"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 4, minimum=1), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "minyi",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 2, minimum=1), "worker_type": "thread"},
    }
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 180, minimum=30)

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "minyi.accounts.backends.UsernameOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords and do not test its strength.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "minyi.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "minyi.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", PRODUCTION)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above becomes an idle timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", PRODUCTION) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=3)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCK_MINUTES", 30, minimum=1) / 60  # hours
# Lock the account, not the address: a whole county office often shares one NAT address, and
# an address lockout would shut everybody out when one colleague mistypes.
AXES_LOCKOUT_PARAMETERS = ["username"]
# The embedded mode's file cache counts rate limits without atomic increments: near the limit
# it may let a few extra attempts through, which is acceptable on one machine. Production uses Redis.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001", "django_ratelimit.E003"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "minyi.accounts.views.locked_out"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if SECURE_PROXY_SSL_HEADER else ["REMOTE_ADDR"]
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Minyi"
# Generous enough for a county office behind one NAT address, tight enough to stop a sweep.
LOGIN_RATE_PER_ADDRESS = env_str("LOGIN_RATE_PER_ADDRESS", "60/10m")
RATELIMIT_IP_META_KEY = "minyi.audit.context.client_ip"
# Public opinion intake and tracking (web form and API). Per address allows a station's reception
# day on one Wi-Fi; per phone stops one person flooding; tracking stops code guessing.
OPINION_SUBMIT_RATE_PER_ADDRESS = env_str("OPINION_SUBMIT_RATE_PER_ADDRESS", "60/h")
OPINION_SUBMIT_RATE_PER_PHONE = env_str("OPINION_SUBMIT_RATE_PER_PHONE", "5/h")
OPINION_TRACK_RATE_PER_ADDRESS = env_str("OPINION_TRACK_RATE_PER_ADDRESS", "30/h")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "minyi_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Email and SMS --------------------------------------------------------------------------
EMAIL_URL = env_url("EMAIL_URL", "", schemes=("smtp", "smtps", "console"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "minyi@localhost")
if EMAIL_URL.startswith(("smtp", "smtps")):
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL and env_bool("EMAIL_STARTTLS", True)
    EMAIL_TIMEOUT = 10
elif TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    # Embedded mode keeps mails as files so a newcomer can read what would have been sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "outbox")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "民意")
SMS_BACKEND = env_choice("SMS_BACKEND", "database", ("database", "aliyun"))
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10, minimum=1, maximum=60)
ALIYUN_SMS_ACCESS_KEY_ID = env_str("ALIYUN_SMS_ACCESS_KEY_ID")
ALIYUN_SMS_ACCESS_KEY_SECRET = env_str("ALIYUN_SMS_ACCESS_KEY_SECRET")
ALIYUN_SMS_ENDPOINT = env_url("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com", schemes=("http", "https"))
from django.core.exceptions import ImproperlyConfigured

# Template codes per notification kind: "kind=SMS_123,default=SMS_456".
ALIYUN_SMS_TEMPLATES = {}
for _pair in env_list("ALIYUN_SMS_TEMPLATES"):
    _kind, _sep, _code = (part.strip() for part in _pair.partition("="))
    if not _sep or not _kind or not _code:
        raise ImproperlyConfigured(f"Setting ALIYUN_SMS_TEMPLATES must be kind=TEMPLATE_CODE pairs, not {_pair!r}.")
    ALIYUN_SMS_TEMPLATES[_kind] = _code
if SMS_BACKEND == "aliyun" and not (ALIYUN_SMS_ACCESS_KEY_ID and ALIYUN_SMS_ACCESS_KEY_SECRET and ALIYUN_SMS_TEMPLATES):
    raise ImproperlyConfigured(
        "SMS_BACKEND=aliyun needs ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET and ALIYUN_SMS_TEMPLATES."
    )
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5, minimum=1, maximum=20)

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint's font subsetting logs every table it prunes at INFO: noise in every PDF export.
    "loggers": {"axes": {"level": "WARNING"}, "django.security.DisallowedHost": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}

MINYI_SITE_NAME = _("Minyi")
MINYI_DEPLOYMENT_NAME = env_str("MINYI_DEPLOYMENT_NAME", "")
CSRF_FAILURE_VIEW = "minyi.core.views.csrf_failure"
