"""Typed settings for every service, read from ``REPORTFLOW_*`` environment variables (and a ``.env`` file)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTFLOW_", env_file=".env", extra="ignore")

    DATABASE_URL: str = "sqlite:///./var/reportflow.db"
    DATABASE_PASSWORD: str | None = Field(
        None, description="password put into DATABASE_URL, URL-encoded (any characters, e.g. @ : / #)")
    BROKER_URL: str = "redis://127.0.0.1:6379/0"

    S3_ENDPOINT: str = Field("127.0.0.1:8333", description="host:port of the S3 API")
    S3_ACCESS_KEY: str = "reportflow"
    S3_SECRET_KEY: str = "reportflow-secret"
    S3_BUCKET: str = "reportflow"
    S3_SECURE: bool = False

    ENVIRONMENT: Literal["dev", "production"] = Field("dev", description="production refuses example secrets")
    AUTH: Literal["none", "token"] = Field("none", description="token: every route needs an API token")
    SESSION_SECRET: str = Field("dev-session-secret", description="signs the dashboard's session cookie")

    MAX_UPLOAD_BYTES: int = Field(50 * 1024 * 1024, gt=0)
    MAX_HTML_BYTES: int = Field(10 * 1024 * 1024, gt=0, description="an .html page over this is not read")
    MAX_TEXT_BYTES: int = Field(20 * 1024 * 1024, gt=0, description="a .txt file over this is not read")
    ZIP_MAX_MEMBERS: int = Field(1000, gt=0, description="documents one uploaded .zip may hold")
    ZIP_MAX_TOTAL_BYTES: int = Field(1024**3, gt=0, description="bytes one uploaded .zip may expand to")
    DATA_DIR: Path = Path("./var")
    API_HOST: str = "127.0.0.1"
    API_PORT: int = 8000
    TIMEZONE: str = Field("Asia/Shanghai", description="the time zone the dashboard shows times in (IANA name)")
    TASK_TIME_LIMIT: int = Field(300, gt=0, description="seconds one stage of one document may take")
    TASK_MAX_RETRIES: int = Field(5, ge=0, description="retries of a stage after a transient service error")
    WORKER_MAX_MEMORY_MB: int = Field(1024, gt=0, description="a worker pool process above this is replaced")
    LEASE_SECONDS: float = Field(30, gt=0, description="a running stage's lease; its worker renews it every third")
    RECONCILE_INTERVAL: float = Field(10, gt=0, description="seconds between two reconciler passes")
    RECONCILE_GRACE: float = Field(30, gt=0, description="seconds a document may wait with no message seen "
                                                          "before the reconciler queues it again")
    OCR_MAX_PAGES: int = Field(50, gt=0, description="pages of one document that OCR reads; more is an error")
    OCR_MAX_SECONDS: float = Field(240, gt=0, description="seconds OCR may spend on one document (keep it below "
                                                           "TASK_TIME_LIMIT)")
    STAGE_BATCH_SIZE: int = Field(10, ge=1, description="small documents one stage message may hold (1: each "
                                                        "document in a message of its own)")
    STAGE_BATCH_BYTES: int = Field(512 * 1024, gt=0, description="bytes of stored files one stage message may "
                                                                 "hold; a file over half of it goes alone")
    MAX_REDELIVERIES: int = Field(5, ge=0, description="requeues of a lost document before it is marked dead")
    INDICATOR_SYNONYMS: Path | None = Field(
        None, description="a TSV file of indicator synonyms (variant<TAB>canonical) read after the shipped table")

    @model_validator(mode="after")
    def _no_example_secrets_outside_dev(self):
        if self.ENVIRONMENT == "dev":
            return self
        problems = [name for name, value in (("S3_SECRET_KEY", self.S3_SECRET_KEY),
                                             ("SESSION_SECRET", self.SESSION_SECRET),
                                             ("DATABASE_URL", self.DATABASE_URL))
                    if any(example in value for example in EXAMPLE_SECRETS)]
        if len(self.SESSION_SECRET) < 32 and "SESSION_SECRET" not in problems:
            problems.append("SESSION_SECRET (shorter than 32 characters)")
        if self.AUTH != "token":
            problems.append("AUTH (must be token)")
        if problems:
            raise ValueError("outside dev (REPORTFLOW_ENVIRONMENT=production) these settings are left at example "
                             f"or unsafe values: {', '.join(problems)}")
        return self

    @model_validator(mode="after")
    def _password_into_url(self) -> "Settings":
        """DATABASE_URL with DATABASE_PASSWORD set in it, escaped as a URL needs: compose passes the secret
        separately from the URL, so a password with ``@ : / #`` cannot break the URL."""
        if self.DATABASE_PASSWORD is not None:
            from sqlalchemy.engine import make_url

            url = make_url(self.DATABASE_URL).set(password=self.DATABASE_PASSWORD)
            self.DATABASE_URL = url.render_as_string(hide_password=False)
        return self


# The values shipped in Settings' defaults and deploy/.env.example: never accepted in production.
EXAMPLE_SECRETS = ("reportflow-secret", "change-me", "dev-session-secret")


@lru_cache
def get_settings() -> Settings:
    return Settings()
