"""Settings read from the environment.

Everything an operator can change lives here so that API processes and workers
configured from the same environment behave the same way.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

if TYPE_CHECKING:
    from app.auth import TokenKeys
    from domain.channels.providers import ProviderEndpoints
    from domain.keyring import KeyRing

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"
MIN_SECRET_KEY_LENGTH = 32
#: where the app answers SES v2 calls when the outbox is on (app/outbox.py)
OUTBOX_SES_PATH = "/outbox/ses"
#: where the app answers Slack/Discord/webhook posts when the outbox is on
OUTBOX_HOOKS_PATH = "/outbox/hooks"
#: the outbox checks no signature: these only make botocore sign the request
OUTBOX_CREDENTIALS = ("OUTBOXDEVELOPMENTKEY", "outbox-development-secret")
#: the separate listener for GET /metrics (0 turns it off)
DEFAULT_METRICS_PORT = 9464


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1); names are not resolved."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ConfigurationError(Exception):
    """A setting is missing or wrong; the message is one line an operator can act on."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str | None = None
    redis_url: str | None = None
    #: the newest key: signs JWTs and links, encrypts channel secrets
    secret_key: str = DEFAULT_SECRET_KEY
    #: older keys, newest first: still verify and decrypt what they made (key rotation)
    previous_secret_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    jwt_public_key: str | None = None
    jwt_private_key: str | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    allow_private_targets: bool = False
    #: Redis pub/sub is server-wide (not per db): deployments sharing a Redis server
    #: need their own prefix for live-dashboard events (domain/realtime/events.py)
    events_prefix: str = Field(default="publishing:events", min_length=1, max_length=200,
                               pattern=r"^\S+$")
    #: how old a process's copy of the feature flags may get (changes are also announced)
    flag_cache_seconds: float = Field(default=1.0, gt=0, le=60)

    db_pool_min: int = Field(default=1, ge=0, le=100)
    db_pool_max: int = Field(default=10, ge=1, le=500)
    worker_max_jobs: int = Field(default=20, ge=1, le=1000)
    delivery_max_attempts: int = Field(default=6, ge=1, le=50)
    delivery_backoff_base_seconds: float = Field(default=5.0, gt=0, le=3600)
    delivery_backoff_max_seconds: float = Field(default=3600.0, gt=0, le=86400)
    delivery_batch_size: int = Field(default=200, ge=1, le=5000)
    delivery_concurrency: int = Field(default=50, ge=1, le=1000)
    delivery_lease_seconds: float = Field(default=120.0, ge=5, le=3600)
    delivery_request_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    delivery_pumps: int = Field(default=4, ge=1, le=64)
    breaker_failure_threshold: int = Field(default=5, ge=1, le=1000)
    breaker_cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)
    # Provider endpoints: production defaults; point them at stand-ins for tests/staging
    slack_webhook_base_url: str = "https://hooks.slack.com/services/"
    slack_api_base_url: str = "https://slack.com/api/"
    discord_webhook_base_url: str = "https://discord.com/api/webhooks/"
    ses_endpoint_url: str | None = None
    ses_region: str = "us-east-1"
    #: the development outbox (app/outbox.py: the SES sink and the Slack/Discord/webhook
    #: sinks, and the pages that show what they kept): `auto` is on in development when
    #: SES_ENDPOINT_URL is not set; `on` is refused in production
    outbox: Literal["auto", "on", "off"] = "auto"
    #: the console's one-click login per role (POST /console/dev-login, app/console/):
    #: `auto` is on in development only; `on` is refused in production
    console_dev_login: Literal["auto", "on", "off"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    #: `json`: one JSON object per log line, for log collectors (app/logs.py)
    log_format: Literal["text", "json"] = "text"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    var_dir: str = "var"
    # GET /metrics (app/metrics.py): its own listener, loopback by default (0: none), and
    # a bearer token that opens it on the public port too (and is then asked for there)
    metrics_host: str = "127.0.0.1"
    metrics_port: int = Field(default=DEFAULT_METRICS_PORT, ge=0, le=65535)
    metrics_token: str | None = None

    # Provider events (app/provider_events.py): SNS topics whose SES events we accept
    # (comma-separated; empty refuses every SNS message), a test-only loopback base URL
    # for certificate and SubscribeURL fetches, the soft bounces (since the last
    # delivery) that suppress an address, and the whsec_ secret of POST /events/inbound.
    sns_topic_arns: Annotated[list[str], NoDecode] = Field(default_factory=list)
    sns_certificate_fetch_base_url: str | None = None
    soft_bounce_threshold: int = Field(default=3, ge=1, le=100)
    inbound_webhook_secret: str | None = None
    #: interest profiles: an open or click counts half as much after this many days
    profile_half_life_days: float = Field(default=14.0, gt=0, le=3650)
    #: optimization: channel ids that get the alert when a channel's open rate drops or
    #: its bounces/complaints spike (comma-separated; empty: anomalies are only recorded)
    anomaly_alert_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    # Content intelligence (domain/intelligence): an OpenAI-compatible service (OpenAI,
    # Ollama, vLLM, llama.cpp, LiteLLM); without AI_BASE_URL the embedded local analyzer
    # does everything. The budgets bound how long a caller waits for the remote service
    # before the local analyzer answers instead.
    ai_base_url: str | None = None
    ai_api_key: str | None = None
    ai_model: str = Field(default="gpt-4o-mini", min_length=1, max_length=200)
    ai_embedding_model: str = Field(default="text-embedding-3-small", min_length=1,
                                    max_length=200)
    ai_time_budget_ms: int = Field(default=3000, ge=50, le=120_000)
    ai_job_time_budget_ms: int = Field(default=30_000, ge=50, le=600_000)
    ai_request_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    ai_max_attempts: int = Field(default=3, ge=1, le=10)
    ai_breaker_failure_threshold: int = Field(default=5, ge=1, le=1000)
    ai_breaker_cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("ai_base_url")
    @classmethod
    def _check_ai_base_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("AI_BASE_URL must be an http:// or https:// URL, e.g. "
                             "https://api.openai.com/v1")
        return value.rstrip("/")

    @field_validator("sns_topic_arns", mode="before")
    @classmethod
    def _split_topic_arns(cls, value: object) -> object:
        if isinstance(value, str):
            return [arn.strip() for arn in value.split(",") if arn.strip()]
        return value

    @field_validator("anomaly_alert_channel_ids", mode="before")
    @classmethod
    def _split_channel_ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return [int(part) for part in value.split(",") if part.strip()]
            except ValueError:
                raise ValueError("ANOMALY_ALERT_CHANNEL_IDS is a comma-separated list of "
                                 "channel ids, e.g. 3,7") from None
        return value

    @field_validator("inbound_webhook_secret")
    @classmethod
    def _check_inbound_secret(cls, value: str | None) -> str | None:
        if not value:
            return None
        import base64
        import binascii

        try:
            key = base64.b64decode(value.removeprefix("whsec_"), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if not value.startswith("whsec_") or len(key) < 16:
            raise ValueError("INBOUND_WEBHOOK_SECRET must be whsec_ followed by base64 of "
                             "at least 16 random bytes")
        return value

    @field_validator("outbox", "console_dev_login", mode="before")
    @classmethod
    def _lower_outbox(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_outbox_endpoint(self) -> Settings:
        if self.outbox == "on" and self.ses_endpoint_url:
            raise ValueError("OUTBOX=on sends email to the local outbox; unset "
                             "SES_ENDPOINT_URL or OUTBOX")
        return self

    @model_validator(mode="after")
    def _check_sns_fetch_override(self) -> Settings:
        if self.sns_certificate_fetch_base_url and self.environment == "production":
            raise ValueError("SNS_CERTIFICATE_FETCH_BASE_URL is for tests only; unset it "
                             "in production")
        return self

    @field_validator("secret_key")
    @classmethod
    def _check_secret_key(cls, value: str) -> str:
        if not value:
            raise ValueError("SECRET_KEY must not be empty")
        return value

    @field_validator("previous_secret_keys", mode="before")
    @classmethod
    def _split_previous_keys(cls, value: object) -> object:
        """Comma-separated, or a JSON array for keys that contain commas."""
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                import json

                try:
                    value = json.loads(value)
                except ValueError:
                    raise ValueError("PREVIOUS_SECRET_KEYS must be comma-separated keys "
                                     "or a JSON array of strings") from None
                return value
            return [key.strip() for key in value.split(",") if key.strip()]
        return value

    @field_validator("previous_secret_keys")
    @classmethod
    def _check_previous_keys(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if any(not key for key in value):
            raise ValueError("PREVIOUS_SECRET_KEYS must not hold an empty key")
        if info.data.get("secret_key") in value:
            raise ValueError("PREVIOUS_SECRET_KEYS must not repeat SECRET_KEY (put the new "
                             "key in SECRET_KEY and the old one here)")
        if len(set(value)) != len(value):
            raise ValueError("PREVIOUS_SECRET_KEYS holds the same key twice")
        return value

    @field_validator("metrics_token")
    @classmethod
    def _check_metrics_token(cls, value: str | None) -> str | None:
        if not value:
            return None
        if len(value) < 16 or any(char.isspace() for char in value):
            raise ValueError("METRICS_TOKEN must be at least 16 characters without spaces")
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"postgres", "postgresql", "asyncpg"}:
            raise ValueError(
                f"DATABASE_URL must start with postgres:// or postgresql://, got {parts.scheme!r}"
            )
        if not parts.path.strip("/"):
            raise ValueError("DATABASE_URL must name a database, e.g. postgres://host:5432/app")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
            raise ValueError("REDIS_URL must start with redis://, rediss:// or unix://")
        return value

    @model_validator(mode="after")
    def _check_pool(self) -> Settings:
        if self.db_pool_min > self.db_pool_max:
            raise ValueError("DB_POOL_MIN must not exceed DB_POOL_MAX")
        return self

    @property
    def outbox_enabled(self) -> bool:
        """Whether email goes to the app's own outbox instead of SES: a fresh clone has
        no AWS credentials, and a developer wants to see what would have been sent."""
        if self.outbox == "auto":
            return self.environment == "development" and not self.ses_endpoint_url
        return self.outbox == "on"

    @property
    def console_dev_login_enabled(self) -> bool:
        """Whether anyone who reaches the app may get a short-lived token for a demo
        principal of any role (the console's one-click login): a laptop convenience."""
        if self.console_dev_login == "auto":
            return self.environment == "development"
        return self.console_dev_login == "on"

    def listen_url(self) -> str:
        """Where `publishing serve` is reached on this machine (HOST/PORT; a wildcard
        listen address is reached on loopback)."""
        host = self.host.strip("[]")
        if host in ("", "0.0.0.0", "::"):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def outbox_ses_endpoint(self) -> str:
        """Where `publishing serve` answers SES v2 calls for the outbox."""
        return self.listen_url() + OUTBOX_SES_PATH

    def outbox_hooks_url(self) -> str:
        """The base of the hook sinks as the demo's channels address them: under
        PUBLIC_BASE_URL, like the links in messages (`…/slack/<name>`, …)."""
        return self.public_base_url.rstrip("/") + OUTBOX_HOOKS_PATH

    def own_target_prefixes(self) -> tuple[str, ...]:
        """URLs the SSRF guard lets through although they are on loopback: only the app's
        own hook sinks, and only while the outbox is on (development). Every other
        private target still needs ALLOW_PRIVATE_TARGETS."""
        return (self.outbox_hooks_url() + "/",) if self.outbox_enabled else ()

    def provider_endpoints(self) -> ProviderEndpoints:
        from domain.channels.providers import ProviderEndpoints

        outbox = self.outbox_enabled
        return ProviderEndpoints(
            slack_webhook_base=self.slack_webhook_base_url,
            slack_api_base=self.slack_api_base_url,
            discord_webhook_base=self.discord_webhook_base_url,
            ses_endpoint_url=self.outbox_ses_endpoint() if outbox
            else self.ses_endpoint_url or None,
            ses_region=self.ses_region,
            ses_fallback_credentials=OUTBOX_CREDENTIALS if outbox else None)

    def key_ring(self) -> KeyRing:
        """SECRET_KEY then PREVIOUS_SECRET_KEYS: the newest signs and encrypts, all verify
        and decrypt (JWTs, channel secrets, links; see domain/keyring.py)."""
        from domain.keyring import KeyRing

        return KeyRing((self.secret_key, *self.previous_secret_keys))

    def token_keys(self) -> TokenKeys:
        from app.auth import TokenKeys

        try:
            return TokenKeys.from_settings(self.key_ring(), self.jwt_public_key,
                                           self.jwt_private_key)
        except OSError as error:
            raise ConfigurationError(f"JWT key file cannot be read: {error}") from None

    @property
    def has_weak_secret_key(self) -> bool:
        return (self.secret_key == DEFAULT_SECRET_KEY
                or len(self.secret_key) < MIN_SECRET_KEY_LENGTH)

    def ensure_safe_for_environment(self) -> None:
        """Refuse to run production with settings that are only fit for a laptop."""
        if self.environment != "production":
            return
        if self.has_weak_secret_key:
            raise ConfigurationError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )
        if any(key == DEFAULT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH
               for key in self.previous_secret_keys):
            raise ConfigurationError(
                "PREVIOUS_SECRET_KEYS must hold only random values of at least 32 characters "
                "in production"
            )
        if not self.database_url:
            raise ConfigurationError("DATABASE_URL must be set in production")
        if not self.redis_url:
            raise ConfigurationError("REDIS_URL must be set in production")
        if self.allow_private_targets:
            raise ConfigurationError(
                "ALLOW_PRIVATE_TARGETS=true turns off the SSRF guard and is refused in "
                "production; unset it")
        if self.outbox == "on":
            raise ConfigurationError(
                "OUTBOX=on keeps email in a local outbox instead of sending it and is "
                "refused in production; unset it")
        if self.console_dev_login == "on":
            raise ConfigurationError(
                "CONSOLE_DEV_LOGIN=on hands out tokens to anyone who asks and is refused "
                "in production; unset it")
        if urlsplit(self.public_base_url).scheme != "https":
            raise ConfigurationError(
                f"PUBLIC_BASE_URL must be an https:// URL in production (one-click "
                f"unsubscribe, RFC 8058, needs https), got {self.public_base_url!r}")

    def ensure_safe_to_serve(self) -> None:
        """Refuse to listen beyond loopback with a key anyone can read (the public default
        or a short one): it signs admin tokens and encrypts channel secrets. Checked by
        `publishing serve` in every environment, after --host/--port are applied."""
        if self.has_weak_secret_key and not is_loopback(self.host):
            raise ConfigurationError(
                f"SECRET_KEY: the default or a short key is only accepted on a loopback "
                f"address; set SECRET_KEY to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters to listen on {self.host}")
        if self.metrics_port and self.metrics_port == self.port:
            raise ConfigurationError(
                f"METRICS_PORT must differ from PORT ({self.port}); 0 turns the metrics "
                f"listener off")


def load_settings() -> Settings:
    """Read settings, turning pydantic's multi-line report into one actionable line."""
    from pydantic import ValidationError

    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper() or "settings"
        raise ConfigurationError(f"{field}: {first['msg']}") from None
    settings.ensure_safe_for_environment()
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
