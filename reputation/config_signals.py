"""Project-file sections for signals: alert detection and delivery, campaigns and contests (docs/signals.md)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from reputation.config_base import StrictModel


class Webhook(StrictModel):
    url: str = Field(pattern=r"^https?://", description="Where alerts are POSTed as JSON.")
    name: str | None = Field(None, description="Shown in delivery records; defaults to the URL's host.")
    secret_env: str | None = Field(
        None, description="Environment variable with a shared secret, sent as an HMAC-SHA256 signature header."
    )


class AlertSettings(StrictModel):
    """Spike and crisis detection, and where alerts go."""

    sensitivity: float = Field(
        4.0, gt=0, description="Robust z-score (observed against the seasonal median, in MADs) that makes an alert."
    )
    min_mentions: int = Field(
        20, ge=1, description="A day (or hour) with fewer mentions of the brand is never an alert."
    )
    baseline_weeks: int = Field(4, ge=1, le=26, description="Weeks of history the seasonal baseline is drawn from.")
    cooldown_hours: int = Field(
        24, ge=0, description="After an alert, the same brand and signal alert again only after this many hours."
    )
    hourly: bool = Field(True, description="Also watch hourly volume, to alert within the hour a crisis starts.")
    email: list[str] = Field(default_factory=list, description="Addresses alerts are e-mailed to.")
    webhooks: list[Webhook] = Field(default_factory=list)
    send_within_hours: int = Field(
        72,
        ge=1,
        description="Only alerts whose episode ended this close to the newest mention are sent: a first run over "
        "months of history does not send months of old alerts.",
    )
    retries: int = Field(3, ge=0, le=10, description="Further attempts after a failed delivery.")
    retry_backoff_seconds: float = Field(2.0, ge=0, description="Wait before the first retry; doubles each time.")


class Campaign(StrictModel):
    """A campaign or contest to measure: mentions matching `query` (brand query syntax) or carrying one of
    `hashtags`, between `start` and `end` (project time zone, inclusive)."""

    name: str = Field(min_length=1)
    kind: Literal["campaign", "contest"] = "campaign"
    brand: str | None = Field(None, description="The brand it is for (default: the own brand).")
    query: str | None = Field(None, description="Boolean query (docs/queries.md) that picks its mentions.")
    hashtags: list[str] = Field(
        default_factory=list, description="Hashtags that pick its mentions (with or without #)."
    )
    start: date
    end: date
    baseline_days: int = Field(28, ge=7, description="Days before `start` that the lift is measured against.")

    @model_validator(mode="after")
    def _check(self) -> Campaign:
        if not self.query and not self.hashtags:
            raise ValueError(f"campaign {self.name!r}: give a query or hashtags")
        if self.end < self.start:
            raise ValueError(f"campaign {self.name!r}: end ({self.end}) is before start ({self.start})")
        return self
