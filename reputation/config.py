"""The project file: one YAML document that describes what to watch, how to read it and where results go.

Loaded with :func:`load_project`, validated by typed models; a bad key gives a :class:`ProjectError`
naming the key and what is expected. Relative paths are resolved against the project file's folder.
Secrets are never stored: the file names environment variables (fields ending in ``_env``), read when
needed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import yaml
from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from reputation.config_base import StrictModel
from reputation.config_signals import AlertSettings, Campaign


class ProjectError(ValueError):
    """The project file cannot be used as it is; the message names the key and what is expected."""


_Model = StrictModel


class Brand(_Model):
    """A brand to watch, own or competitor."""

    name: str = Field(description="Display name, also the value stored in `brands` columns.", min_length=1)
    query: str = Field(description="Boolean query matched on title and text (see docs/queries.md).", min_length=1)
    products: list[str] = Field(
        default_factory=list, description="The brand's products and offers, found as entities (e.g. Nexora Box)."
    )
    accounts: list[str] = Field(
        default_factory=list,
        description="The brand's own account handles (its replies are not mentions by fans).",
    )

    @field_validator("query")
    @classmethod
    def _query_parses(cls, value: str) -> str:
        from reputation.query import parse_query  # local import: query is pure, config must stay light

        parse_query(value)  # raises QuerySyntaxError (a ValueError) with the position
        return value


class Brands(_Model):
    own: Brand = Field(description="The organisation the project is for.")
    competitors: list[Brand] = Field(default_factory=list, description="Brands to compare with.")

    @model_validator(mode="after")
    def _unique_names(self) -> Brands:
        names = [b.name.lower() for b in self.all]
        if len(names) != len(set(names)):
            raise ValueError(f"brand names must be unique, got {[b.name for b in self.all]}")
        return self

    @property
    def all(self) -> list[Brand]:
        return [self.own, *self.competitors]


class FileSource(_Model):
    """Files in the canonical mention format (CSV, JSON or JSONL)."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["file"] = "file"
    paths: list[Path] = Field(description="Files or folders to ingest (relative to the project file).", min_length=1)
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="For exports in their own columns: canonical column -> the file's column, or a dotted path "
        "into nested JSON (e.g. author_handle: user.screen_name). Columns not named are ignored.",
    )

    @field_validator("columns")
    @classmethod
    def _canonical_targets(cls, value: dict[str, str]) -> dict[str, str]:
        from reputation.schema import CANONICAL_COLUMNS

        unknown = sorted(set(value) - set(CANONICAL_COLUMNS))
        if unknown:
            raise ValueError(f"{unknown} are not canonical columns; expected some of {list(CANONICAL_COLUMNS)}")
        return value


class FeedSource(_Model):
    """An RSS or Atom feed, polled over HTTP (conditional requests: unchanged feeds cost nothing)."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["rss"] = "rss"
    url: str = Field(pattern=r"^https?://\S+$", description="Feed URL.")


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_MAX_PAGES = Field(5, ge=1, le=100, description="Most pages (requests) per run; the rest waits for the next run.")


def _api_url(value: str) -> str:
    """An API base URL: https, or plain http to this machine only (tests, local proxies), as tokens travel in it."""
    from urllib.parse import urlsplit  # local import: only source validation needs it

    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not parts.netloc or not (parts.scheme == "https" or local) or any(c.isspace() for c in value):
        raise ValueError(f"expected an https:// URL (plain http only for localhost), got {value!r}")
    return value.rstrip("/")


class MastodonSource(_Model):
    """Statuses from a Mastodon instance's API: a hashtag timeline, a full-text search or one account's posts."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["mastodon"] = "mastodon"
    instance: str = Field(description="Base URL of the instance that answers, e.g. https://mastodon.social.")
    hashtag: str | None = Field(None, description="A hashtag, with or without '#': its public timeline.")
    query: str | None = Field(
        None, min_length=1, description="Full-text search (/api/v2/search); most instances require a token for it."
    )
    account: str | None = Field(
        None, pattern=r"^\w+$", description="An account id (not a handle; see /api/v1/accounts/lookup?acct=...)."
    )
    token_env: str | None = Field(
        None, pattern=_ENV_NAME, description="Environment variable holding a bearer access token (optional)."
    )
    max_pages: int = _MAX_PAGES

    @field_validator("instance")
    @classmethod
    def _instance_url(cls, value: str) -> str:
        return _api_url(value)

    @field_validator("hashtag")
    @classmethod
    def _bare_hashtag(cls, value: str | None) -> str | None:
        if value is None:
            return None
        tag = value.removeprefix("#")
        if not tag or not all(c.isalnum() or c == "_" for c in tag):
            raise ValueError(f"expected a hashtag of letters, digits and '_', got {value!r}")
        return tag

    @model_validator(mode="after")
    def _exactly_one_feed(self) -> MastodonSource:
        given = [k for k in ("hashtag", "query", "account") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of hashtag, query or account, got {given or 'none'}")
        return self


class RedditSource(_Model):
    """Reddit search results, newest first, site-wide or in one subreddit."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["reddit"] = "reddit"
    query: str = Field(min_length=1, description="Search query (Reddit search syntax).")
    subreddit: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_]+$", description="Search only this subreddit (its name, without r/)."
    )
    base_url: str | None = Field(
        None,
        description="API base URL; defaults to https://oauth.reddit.com with a token, else https://www.reddit.com.",
    )
    token_env: str | None = Field(
        None, pattern=_ENV_NAME, description="Environment variable holding an OAuth bearer token (optional)."
    )
    max_pages: int = _MAX_PAGES

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return None if value is None else _api_url(value)


class YouTubeSource(_Model):
    """Comment threads (with their embedded replies) of given YouTube videos, newest first."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["youtube"] = "youtube"
    video_ids: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{11}$")]] = Field(
        min_length=1, description="Video ids (the 11 characters after watch?v=)."
    )
    api_key_env: str = Field(pattern=_ENV_NAME, description="Environment variable holding a YouTube Data API key.")
    base_url: str = Field("https://www.googleapis.com/youtube/v3", description="API base URL.")
    max_pages: int = Field(5, ge=1, le=100, description="Most pages (requests) per video and run.")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return _api_url(value)


class BlueskySource(_Model):
    """Bluesky posts matching a search (app.bsky.feed.searchPosts), newest first."""

    name: str = Field(description="Source name, stored in each mention's `source` column.", min_length=1)
    type: Literal["bluesky"] = "bluesky"
    query: str = Field(min_length=1, description="Search query (Lucene-like syntax of searchPosts).")
    service: str = Field(
        "https://public.api.bsky.app",
        description="XRPC service: the public AppView, or your PDS (e.g. https://bsky.social) with a token.",
    )
    token_env: str | None = Field(
        None, pattern=_ENV_NAME, description="Environment variable holding an access JWT (optional)."
    )
    max_pages: int = _MAX_PAGES

    @field_validator("service")
    @classmethod
    def _service_url(cls, value: str) -> str:
        return _api_url(value)


def _source_type(value: Any) -> str:
    # `type` may be left out for file sources (the first kind of source, and the commonest)
    return value.get("type", "file") if isinstance(value, dict) else getattr(value, "type", "file")


Source = Annotated[
    Annotated[FileSource, Tag("file")]
    | Annotated[FeedSource, Tag("rss")]
    | Annotated[MastodonSource, Tag("mastodon")]
    | Annotated[RedditSource, Tag("reddit")]
    | Annotated[YouTubeSource, Tag("youtube")]
    | Annotated[BlueskySource, Tag("bluesky")],
    Discriminator(_source_type),
]
LiveSource = FeedSource | MastodonSource | RedditSource | YouTubeSource | BlueskySource


SentimentLabel = Literal["negative", "neutral", "positive"]


class TransformersSettings(_Model):
    """How a Hugging Face model (`sentiment: transformers:` or `onnx:<hub id or folder>`) is run."""

    batch_size: int = Field(32, ge=1, le=1024, description="Texts per forward pass (texts are sorted by length).")
    max_length: int = Field(128, ge=8, le=4096, description="Tokens kept per text; longer texts are truncated.")
    labels: dict[str, SentimentLabel] = Field(
        default_factory=dict,
        description="Model label -> negative/neutral/positive, for models whose config names labels LABEL_0...; "
        "by default the names in the model's config are used.",
    )
    quantize: Literal["int8", "none"] = Field(
        "int8",
        description="onnx: models only: int8 (weights quantized to 8-bit integers, the fast default) or none (the "
        "float export, for comparison).",
    )


class Models(_Model):
    language: Literal["fasttext+lingua", "lingua"] = Field(
        "fasttext+lingua",
        description="Language detector: fastText where it is sure, lingua for the rest (fast), or lingua alone.",
    )
    sentiment: str = Field(
        "builtin-linear",
        description="Sentiment model: builtin-linear (default), builtin-lexicon, transformers:<hub id or folder>, "
        "onnx:<hub id or folder> (the same model run by ONNX Runtime, int8), "
        "or a model trained by `reputation sentiment train` (NAME or NAME@VERSION, from the registry folder).",
    )
    transformers: TransformersSettings = Field(default_factory=TransformersSettings)
    registry: Path = Field(
        Path("models"), description="Folder of the project's own trained models (relative to the project file)."
    )
    topics: Literal["tfidf-nmf"] = Field("tfidf-nmf", description="Topic model.")
    entities: Literal["project", "spacy"] = Field(
        "project",
        description="project: the brands and products of this file only (fast); spacy: also people, places and "
        "organisations from spaCy's French and English models (about 500 mentions/s).",
    )


class Moderation(_Model):
    """The community charter: what gets flagged (flagged mentions are kept and marked, never deleted)."""

    insults: bool = Field(True, description="Flag insults and slurs (French and English).")
    spam: bool = Field(True, description="Flag spam and self-promotion (promo codes, 'follow me', many links).")
    personal_data: bool = Field(True, description="Flag e-mail addresses and phone numbers.")
    extra_terms: list[str] = Field(default_factory=list, description="The project's own banned words or phrases.")
    allowed_domains: list[str] = Field(
        default_factory=list, description="Sites whose links are never spam (the brand's own sites)."
    )
    max_links: int = Field(2, ge=0, description="More links than this in one mention is spam-like.")


class Aspect(_Model):
    """An aspect people talk about (price, customer service...), found by its terms in mentions."""

    name: str = Field(
        pattern=r"^\w+$", description="Aspect name as stored in enr_aspects.aspect (letters, digits, _): price."
    )
    fr: list[str] = Field(
        default_factory=list,
        description="French words or phrases, case and accents ignored; a trailing * matches any ending (factur*).",
    )
    en: list[str] = Field(default_factory=list, description="English words or phrases, same rules as `fr`.")
    replace: bool = Field(
        False, description="For a built-in aspect's name: these terms replace the built-in ones instead of adding."
    )

    @field_validator("fr", "en")
    @classmethod
    def _terms(cls, value: list[str]) -> list[str]:
        from reputation.nlp.aspects import check_term  # local import: config must stay light

        return [check_term(t) for t in value]

    @model_validator(mode="after")
    def _has_terms(self) -> Aspect:
        if not self.fr and not self.en:
            raise ValueError(f"aspect {self.name!r} needs at least one French or English term")
        return self


class AspectSettings(_Model):
    """Aspect-based sentiment: what mentions talk about, with a sentiment per aspect (docs/enrichment.md)."""

    defaults: bool = Field(
        True,
        description="Start from the built-in aspects (price, customer_service, network, product, delivery); "
        "false: only `custom` ones.",
    )
    drop: list[str] = Field(default_factory=list, description="Built-in aspects not to look for (e.g. delivery).")
    custom: list[Aspect] = Field(
        default_factory=list,
        description="The project's aspects; one named like a built-in aspect adds its terms to it (or replaces them).",
    )
    products: bool = Field(True, description="The brands' products (brands.*.products) as aspects of kind product.")
    noun_chunks: bool = Field(
        False,
        description="Also spaCy's noun chunks the terms do not cover, as aspects of kind noun_chunk (a few hundred "
        "mentions/s instead of several thousand, so off by default).",
    )

    @model_validator(mode="after")
    def _known_names(self) -> AspectSettings:
        if not self.custom and not self.drop:
            return self
        from reputation.nlp.aspects import DEFAULT_ASPECTS

        names = [a.name for a in self.custom]
        if len(names) != len(set(names)):
            raise ValueError(f"custom aspect names must be unique, got {names}")
        unknown = [n for n in self.drop if n not in DEFAULT_ASPECTS]
        unknown += [a.name for a in self.custom if a.replace and a.name not in DEFAULT_ASPECTS]
        if unknown:
            raise ValueError(f"{unknown} are not built-in aspects; expected some of {list(DEFAULT_ASPECTS)}")
        return self


class EmergingSettings(_Model):
    """When a topic's week is an alert (new, or growing abnormally against its baseline)."""

    baseline_weeks: int = Field(4, ge=1, le=52, description="Weeks before, whose median is the baseline.")
    min_mentions: int = Field(20, ge=1, description="Fewer mentions than this in a week is never an alert.")
    growth: float = Field(
        2.0, gt=1, description="A week this many times its baseline (and a Poisson margin above it) is an alert."
    )


class TopicSettings(_Model):
    """Topic discovery (docs/topics.md)."""

    backend: Literal["lexical", "embedding"] = Field(
        "lexical",
        description="lexical: TF-IDF + NMF (fast, the default); embedding: MiniLM sentence embeddings + k-means "
        "(needs the `embeddings` extra, about 150 mentions/s on two cores).",
    )
    min_topics: int = Field(8, ge=2, le=200, description="Fewest topics to consider when choosing their number.")
    max_topics: int = Field(16, ge=2, le=200, description="Most topics to consider when choosing their number.")
    n_topics: int | None = Field(
        None, ge=2, le=200, description="Fixed number of topics: overrides min_topics and max_topics."
    )
    min_mentions: int = Field(200, ge=10, description="Below this many mentions, topics are not fitted.")
    top_terms: int = Field(8, ge=3, le=30, description="Terms kept per topic (overall, French and English).")
    representatives: int = Field(3, ge=0, le=20, description="Mentions closest to each topic kept as examples.")
    outlier_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Least similarity to the nearest topic for a mention to join it (else topic -1); "
        "empty: the backend's default (lexical 0.005, embedding 0.2).",
    )
    selection_sample: int = Field(
        4_000, ge=200, description="Mentions sampled to choose the number of topics (each candidate is fitted)."
    )
    fit_sample: int = Field(
        200_000,
        ge=1_000,
        description="Most mentions a refit discovers topics on: beyond, a seeded sample of this many is fitted and "
        "every other mention is assigned to it, so a refit's memory stops growing with the history.",
    )
    batch_size: int = Field(128, ge=1, le=4_096, description="Mentions per batch for the sentence encoder.")
    seed: int = Field(0, description="Random seed of sampling, NMF and k-means: a refit with it is reproducible.")
    refit_days: int = Field(
        7, ge=0, description="Refit when the active fit is this many days old (new mentions are assigned meanwhile)."
    )
    refit_growth: float = Field(
        0.5, gt=0, description="...or when the mentions have grown by this share since the fit (0.5: by half)."
    )
    emerging: EmergingSettings = Field(default_factory=lambda: EmergingSettings())

    @model_validator(mode="after")
    def _bounds(self) -> TopicSettings:
        if self.min_topics > self.max_topics:
            raise ValueError(f"min_topics ({self.min_topics}) is above max_topics ({self.max_topics})")
        return self

    def topic_range(self) -> tuple[int, int]:
        """Bounds on the number of topics: (n_topics, n_topics) when it is fixed."""
        return (self.n_topics, self.n_topics) if self.n_topics else (self.min_topics, self.max_topics)


class InfluenceWeights(_Model):
    """Weights of the influence score components (see docs/influence.md); they are normalised to sum to 1."""

    reach: float = Field(0.2, ge=0)
    engagement: float = Field(0.3, ge=0)
    centrality: float = Field(0.3, ge=0)
    activity: float = Field(0.1, ge=0)
    relevance: float = Field(0.1, ge=0)

    @model_validator(mode="after")
    def _not_all_zero(self) -> InfluenceWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one influence weight must be positive")
        return self


class CommunityRoles(_Model):
    """Thresholds of the community roles (docs/influence.md, "Roles")."""

    influential_quantile: float = Field(
        0.9, gt=0, lt=1, description="Influential = influence score at or above this quantile of the period's members."
    )
    min_opinions: int = Field(2, ge=1, description="Positive or negative mentions of a brand needed to judge a stance.")
    advocate_net: float = Field(0.3, ge=-1, le=1, description="Net sentiment towards a brand at or above: advocate.")
    detractor_net: float = Field(-0.3, ge=-1, le=1, description="Net sentiment at or below: detractor.")
    contributor_mentions: int = Field(5, ge=1, description="Mentions in the period a contributor needs.")
    contributor_answers: int = Field(2, ge=0, description="Replies to other members a contributor needs.")
    newcomer_mentions: int = Field(2, ge=1, description="Mentions in the period a newcomer needs to be listed.")
    at_risk_before_net: float = Field(0.3, ge=-1, le=1, description="At risk: net at or above this before...")
    at_risk_drop: float = Field(
        0.5, gt=0, le=2, description="...and at least this much lower, and <= 0, in the period."
    )
    lookback_days: int = Field(90, ge=7, description="'Before' a period: this many days before it starts.")
    recent_days: int = Field(28, ge=7, description="Length of the `recent` period, ending on the last complete week.")
    top: int = Field(10, ge=1, le=1000, description="Rows per role and brand in the top lists (view community_top).")


class Warehouse(_Model):
    path: Path = Field(Path("warehouse.duckdb"), description="DuckDB file (relative to the project file).")


class DaskRunner(_Model):
    """Where the per-mention model work runs on Dask (docs/operations.md, "Scale-out on Dask")."""

    address: str | None = Field(
        None,
        description="Scheduler of an existing Dask cluster, e.g. tcp://scheduler:8786; without it, a temporary "
        "local cluster of `workers` processes. REPUTATION_DASK_ADDRESS overrides it.",
    )
    workers: int = Field(2, ge=1, le=256, description="Worker processes of the temporary local cluster.")
    partition_size: int = Field(2_000, ge=100, le=20_000, description="Mentions per task sent to a worker.")


class Runner(_Model):
    """How the flows run their heavy stages: here (the default), or on a Dask cluster."""

    dask: DaskRunner | None = Field(None, description="Run the per-mention enrichment on a Dask cluster.")


class Recipient(_Model):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", description="E-mail address.")
    language: Literal["fr", "en"] | None = Field(None, description="Report language; defaults to report.language.")


class Report(_Model):
    dir: Path = Field(Path("reports"), description="Folder where reports are saved (relative to the project file).")
    language: Literal["fr", "en"] = Field("en", description="Default report language.")
    recipients: list[Recipient] = Field(default_factory=list)
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_user_env: str | None = Field(None, description="Environment variable holding the SMTP login.")
    smtp_password_env: str | None = Field(None, description="Environment variable holding the SMTP password.")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="starttls (port 587), ssl (port 465) or none (a local relay only)."
    )
    sender: str | None = Field(None, description="From address (default: reputation@ the SMTP host).")


class Schedules(_Model):
    """When `reputation serve` runs the flows: cron expressions (minute hour day-of-month month day-of-week) read
    in a time zone; null turns a job off."""

    timezone: str = Field("Europe/Paris", description="IANA time zone the cron expressions are read in.")
    ingest: str | None = Field("0 * * * *", description="Load the project's sources (default: hourly).")
    pipeline: str | None = Field("30 2 * * *", description="Enrichment, then analytics (default: daily at 02:30).")
    report: str | None = Field("0 8 * * 1", description="Save and e-mail the weekly report (default: Monday 08:00).")

    # Standard cron (man 5 crontab), a subset of what Prefect accepts, so a file that loads is one Prefect takes.
    _ALIASES: ClassVar = frozenset({"@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"})
    _FIELDS: ClassVar = (  # name, range, and names for the values from the start of the range
        ("minute", 0, 59, ()),
        ("hour", 0, 23, ()),
        ("day of month", 1, 31, ()),
        ("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
        ("day of week", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),  # 0 and 7 are both Sunday
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import available_timezones  # the list Prefect checks schedules against

        if value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Europe/Paris or America/Toronto)")
        return value

    @field_validator("ingest", "pipeline", "report")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is None or value.strip() in cls._ALIASES:
            return value
        parts = value.split()
        if len(parts) != len(cls._FIELDS):
            raise ValueError(
                f"{value!r} has {len(parts)} field(s); a cron expression has 5: minute hour day-of-month month "
                "day-of-week (e.g. '30 2 * * *' for 02:30 every day, '0 8 * * mon' for Mondays at 08:00)"
            )
        for part, (field, low, high, names) in zip(parts, cls._FIELDS, strict=True):
            for item in part.split(","):
                problem = cls._cron_item_problem(item, low, high, names)
                if problem:
                    raise ValueError(f"{value!r}: {field} {item!r} {problem}")
        return value

    @staticmethod
    def _cron_item_problem(item: str, low: int, high: int, names: tuple[str, ...]) -> str | None:
        """What is wrong with one comma-separated item of a cron field (`*`, `5`, `1-5`, `*/15`, `mon`), if anything."""
        base, slash, step = item.partition("/")
        if slash and not (step.isdigit() and int(step) > 0):
            return f"has a bad step {step!r} (a whole number from 1, as in */15)"
        if base == "*":
            return None
        if slash and "-" not in base:
            return "has a step without a range (write */15 or 0-30/15)"
        bounds = []
        for end in base.split("-", 1):
            if end.lower() in names:
                number = low + names.index(end.lower())
            elif end.isdigit():
                number = int(end)
            else:
                return "is not a number, a range (1-5), a list (1,3), a step (*/15)" + (
                    f" or a name ({names[0]})" if names else ""
                )
            if not low <= number <= high:
                return f"is out of range {low}-{high}"
            bounds.append(number)
        if len(bounds) == 2 and bounds[0] > bounds[1]:
            return "is a range whose start is after its end"
        return None


class Privacy(_Model):
    """What is kept about authors, and for how long (docs/privacy.md)."""

    keep_handles: bool = Field(True, description="Keep author handles; false stores pseudonymous ids only.")
    salt_env: str | None = Field(
        None, description="Environment variable with a secret salt for pseudonymous author ids."
    )
    retention_days: int | None = Field(
        None,
        ge=1,
        description="Delete mentions published more than this many days ago (calendar days in the project's time "
        "zone), and everything derived from them; null keeps everything.",
    )

    def salt(self) -> str:
        return env_secret(self.salt_env) if self.salt_env else ""


class Project(_Model):
    """A whole project: brands, sources, models, warehouse, report and schedules."""

    name: str = Field(min_length=1)
    timezone: str = Field("UTC", description="Time zone of the project's days in metrics and reports.")
    brands: Brands
    sources: list[Source] = Field(default_factory=list)
    landing_dir: Path = Field(
        Path("landing"), description="Where live sources' raw pages are kept (relative to the project file)."
    )
    models: Models = Field(default_factory=Models)
    topics: TopicSettings = Field(default_factory=TopicSettings)
    moderation: Moderation = Field(default_factory=Moderation)
    aspects: AspectSettings = Field(default_factory=AspectSettings)
    influence: InfluenceWeights = Field(default_factory=InfluenceWeights)
    community: CommunityRoles = Field(default_factory=CommunityRoles)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    campaigns: list[Campaign] = Field(default_factory=list)
    warehouse: Warehouse = Field(default_factory=Warehouse)
    runner: Runner = Field(default_factory=Runner)
    report: Report = Field(default_factory=Report)
    schedules: Schedules = Field(default_factory=Schedules)
    privacy: Privacy = Field(default_factory=Privacy)
    base_dir: Path = Field(Path("."), description="Folder of the project file; set by load_project.")

    @property
    def warehouse_path(self) -> Path:
        return self._resolve(self.warehouse.path)

    @property
    def report_dir(self) -> Path:
        return self._resolve(self.report.dir)

    def source_paths(self) -> list[tuple[str, Path]]:
        return [(s.name, self._resolve(p)) for s in self.sources if isinstance(s, FileSource) for p in s.paths]

    def live_sources(self) -> list[LiveSource]:
        return [s for s in self.sources if not isinstance(s, FileSource)]

    @property
    def landing_path(self) -> Path:
        return self._resolve(self.landing_dir)

    @property
    def registry_path(self) -> Path:
        return self._resolve(self.models.registry)

    @property
    def sentiment_spec(self) -> str:
        """`models.sentiment`, a `transformers:` or `onnx:` folder relative to the project file made absolute."""
        spec = self.models.sentiment
        for prefix in ("transformers:", "onnx:"):
            if spec.startswith(prefix):
                folder = Path(spec.removeprefix(prefix)).expanduser()
                if not folder.is_absolute() and (self.base_dir / folder).is_dir():  # otherwise a hub id, or the cwd's
                    return prefix + str((self.base_dir / folder).resolve())
        return spec

    def _resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.base_dir / path)


def env_secret(name: str) -> str:
    """Read a secret from the environment; a missing one is an error naming the variable."""
    value = os.environ.get(name)
    if value is None:
        raise ProjectError(f"environment variable {name} is not set (the project file refers to it)")
    return value


def _format_errors(err: ValidationError, source: str) -> str:
    lines = [f"{source}: invalid project file"]
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see the example project)"
        lines.append(f"  - {key}: {msg}")
    return "\n".join(lines)


def parse_project(data: Any, base_dir: Path, source: str = "project") -> Project:
    """Validate an already-parsed YAML document."""
    if not isinstance(data, dict):
        raise ProjectError(f"{source}: expected a mapping of keys at the top level, got {type(data).__name__}")
    try:
        return Project.model_validate({**data, "base_dir": base_dir})
    except ValidationError as err:
        raise ProjectError(_format_errors(err, source)) from None


def load_project(path: str | Path) -> Project:
    """Read and validate a project file."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"project file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ProjectError(f"{path}: not valid YAML: {err}") from None
    return parse_project(data, path.resolve().parent, str(path))
