"""Campaigns and contests: what each one brought, measured against the brand's own baseline (docs/campaigns.md).

A campaign of the project file (`campaigns:`, reputation/config_signals.py) picks its mentions with a brand query
(docs/queries.md), with hashtags, or both (either matches). Days are calendar days in the project's time zone and
the campaign's `start` and `end` are inclusive. For each campaign:

- its mentions: mentions published in the window that match; participants: their distinct authors who are not one
  of the brands' accounts (members, as in community health); new members: participants whose first mention ever
  (any mention in the warehouse) falls in the window;
- the lift: the brand's mean daily volume in the window against the median daily volume of the `baseline_days`
  days before `start`, as a ratio and as a difference; the brand's net sentiment and share of voice in the window
  against the same baseline days.

Windows are clipped to the days that have data: a campaign whose `end` is after the last data day is `running`
(measured so far), one that starts after it is `scheduled` (a row of zeros, no daily rows). A campaign whose key
(`campaign_keys`: its definition, the settings, its clipped window, and a hash of the mentions it reads, those before
its window counting by author and time, for first mentions) is the one stored keeps its rows; the others are measured
again. Pure functions take frames; :func:`refresh` reads the warehouse and writes `mart_campaigns` and
`mart_campaign_daily` (views `campaigns`, `campaign_daily`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd

from reputation.config import Project, ProjectError
from reputation.config_signals import Campaign
from reputation.query import Mentions, Node, Or, QuerySyntaxError, Term, match, normalize, parse_query
from reputation.warehouse import Warehouse, not_in, utcnow
from reputation.warehouse.mentions_view import narrowed

TOP = 10  # participants listed in `top_participants`

CAMPAIGN_COLUMNS = [
    "campaign", "kind", "brand", "start_day", "end_day", "status", "days",
    "mentions", "member_mentions", "participants", "new_members", "new_member_share", "reach", "engagement",
    "positive", "negative", "net_sentiment",
    "brand_mentions", "brand_per_day", "baseline_days", "baseline_per_day", "lift", "lift_per_day", "extra_mentions",
    "brand_net_sentiment", "baseline_net_sentiment", "share_of_voice", "baseline_share_of_voice",
    "top_participants", "query", "hashtags",
]  # fmt: skip

DAILY_COLUMNS = [
    "campaign", "day", "phase", "mentions", "participants", "positive", "negative", "net_sentiment",
    "brand_mentions", "brand_net_sentiment", "share_of_voice", "baseline_per_day",
]  # fmt: skip

# What a campaign reads per mention; `day` is the calendar day in the project's time zone.
WINDOW_SQL = narrowed(
    """
SELECT mention_id, platform, author_id, author_handle, author_followers, title, text, lang, url, brands,
       sentiment, likes, shares, replies,
       CAST(timezone($tz, published_at AT TIME ZONE 'UTC') AS DATE) AS day
FROM mentions
WHERE published_at >= $lo AND published_at < $hi
"""
)

SPAN_SQL = narrowed(
    """
SELECT CAST(min(timezone($tz, published_at AT TIME ZONE 'UTC')) AS DATE) AS first_day,
       CAST(max(timezone($tz, published_at AT TIME ZONE 'UTC')) AS DATE) AS last_day
FROM mentions
"""
)

FIRST_SEEN_SQL = narrowed(
    """
SELECT author_id, CAST(timezone($tz, min(published_at) AT TIME ZONE 'UTC') AS DATE) AS first_day
FROM mentions GROUP BY author_id
"""
)

# What a campaign's measure reads of the mentions published before `hi`: every column of WINDOW_SQL for those of its
# window (from `lo`), author and time for the earlier ones (first mentions). Sums go out as text: DuckDB's HUGEINT
# would arrive as a float.
KEY_SQL = narrowed(
    """
SELECT count(*)::VARCHAR AS n,
       sum(CASE WHEN published_at >= $lo
                THEN hash(mention_id, platform, author_id, author_handle, author_followers, title, text, lang, url,
                          brands, sentiment, likes, shares, replies, published_at)
                ELSE hash(author_id, published_at) END)::VARCHAR AS h
FROM mentions
WHERE published_at < $hi
"""
)
KEY_VERSION = "1"  # bump when measure() changes what it computes

_HASHTAG = re.compile(r"^\w+$")


# ------------------------------------------------------------------------------------------------ definitions
def hashtag_term(tag: str) -> Term:
    """The query term for a hashtag: '#' optional in the project file, required in the text; case and accents are
    ignored and the tag must end at a word boundary (#NexoraGiveaway matches "#nexoragiveaway!" but neither
    "#NexoraGiveaways" nor "NexoraGiveaway" without '#')."""
    word = normalize(tag.strip().removeprefix("#"))
    if not _HASHTAG.match(word):
        raise ValueError(f"{tag!r} is not a hashtag (letters, digits and _ after an optional #)")
    return Term(("#" + word,))


def compile_campaign(campaign: Campaign) -> Node:
    """The query tree that picks a campaign's mentions: its query OR any of its hashtags. A query or hashtag that
    does not parse raises :class:`ProjectError` naming the campaign."""
    parts: list[Node] = []
    if campaign.query:
        try:
            parts.append(parse_query(campaign.query))
        except QuerySyntaxError as err:
            raise ProjectError(f"campaigns: {campaign.name!r}: query does not parse: {err}") from None
    for tag in campaign.hashtags:
        try:
            parts.append(hashtag_term(tag))
        except ValueError as err:
            raise ProjectError(f"campaigns: {campaign.name!r}: {err}") from None
    if not parts:
        raise ProjectError(f"campaigns: {campaign.name!r}: give a query or hashtags")
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def campaign_brand(campaign: Campaign, brands: Iterable[str], own: str) -> str:
    """The tracked brand a campaign is for (the own brand by default), spelled as in the project file."""
    wanted = campaign.brand or own
    by_lower = {b.lower(): b for b in brands}
    if wanted.lower() not in by_lower:
        raise ProjectError(
            f"campaigns: {campaign.name!r}: brand {wanted!r} is not one of the project's brands "
            f"({', '.join(by_lower.values())})"
        )
    return by_lower[wanted.lower()]


def status(campaign: Campaign, last_day: date | None) -> str:
    """`scheduled` (starts after the last data day, or no data), `running` (ends after it) or `ended`."""
    if last_day is None or campaign.start > last_day:
        return "scheduled"
    return "running" if campaign.end > last_day else "ended"


def net(positive: float, negative: float) -> float | None:
    """(positive − negative) / (positive + negative); None when both are 0."""
    total = positive + negative
    return (positive - negative) / total if total else None


def lift(window: pd.Series, baseline: pd.Series) -> dict[str, float | None]:
    """The brand's daily volumes in the window against the baseline days: `brand_per_day` (mean over the window),
    `baseline_per_day` (median over the baseline days), `lift` (their ratio; None when the baseline is 0),
    `lift_per_day` (their difference) and `extra_mentions` (the window's volume above the baseline, summed)."""
    per_day = float(window.mean()) if len(window) else None
    base = float(baseline.median()) if len(baseline) else None
    if per_day is None or base is None:
        return {"brand_per_day": per_day, "baseline_per_day": base, "lift": None, "lift_per_day": None,
                "extra_mentions": None}  # fmt: skip
    return {
        "brand_per_day": per_day,
        "baseline_per_day": base,
        "lift": per_day / base if base > 0 else None,
        "lift_per_day": per_day - base,
        "extra_mentions": float((window - base).sum()),
    }


# ------------------------------------------------------------------------------------------------ measures
def _days(first: date, last: date) -> pd.DatetimeIndex:
    return pd.date_range(first, last, freq="D") if first <= last else pd.DatetimeIndex([])


def _empty_row(campaign: Campaign, brand: str, state: str) -> dict:
    row: dict = dict.fromkeys(CAMPAIGN_COLUMNS)
    zeros = ("days", "mentions", "member_mentions", "participants", "new_members", "reach", "engagement",
             "positive", "negative", "brand_mentions", "baseline_days")  # fmt: skip
    row.update(dict.fromkeys(zeros, 0))
    row.update(
        campaign=campaign.name,
        kind=campaign.kind,
        brand=brand,
        start_day=campaign.start,
        end_day=campaign.end,
        status=state,
        top_participants=[],
        query=campaign.query,
        hashtags=list(campaign.hashtags),
    )
    return row


def measure(
    campaign: Campaign,
    m: pd.DataFrame,
    *,
    brand: str,
    tracked: list[str],
    accounts: set[str],
    first_seen: pd.Series,
    first_day: date | None,
    last_day: date | None,
    node: Node | None = None,
    top: int = TOP,
) -> tuple[dict, pd.DataFrame]:
    """One campaign's row of `mart_campaigns` and its rows of `mart_campaign_daily`.

    `m`: mentions covering the baseline days and the window (others are ignored), with `day` (calendar day in the
    project's time zone), `author_id`, `author_handle`, `author_followers`, `title`, `text`, `brands` (list),
    `sentiment`, `likes`, `shares`, `replies` (and `lang`, `platform`, `url` for queries that filter on them).
    `accounts`: the brands' account handles, lower-case; `first_seen`: each author's first day ever (any mention),
    indexed by author_id; `first_day`, `last_day`: the data's first and last day (None when there is none)."""
    state = status(campaign, last_day)
    row = _empty_row(campaign, brand, state)
    if state == "scheduled" or first_day is None or last_day is None:
        return row, pd.DataFrame(columns=DAILY_COLUMNS)
    node = node if node is not None else compile_campaign(campaign)
    win = _days(max(campaign.start, first_day), min(campaign.end, last_day))
    base = _days(max(campaign.start - timedelta(days=campaign.baseline_days), first_day), campaign.start - timedelta(1))
    grid = base.append(win)

    m = m.assign(day=pd.to_datetime(m["day"]).dt.normalize()).reset_index(drop=True)
    m = m[m["day"].isin(grid)].reset_index(drop=True)
    hit = match(node, Mentions(m)).to_numpy(dtype=bool) if len(m) else np.zeros(0, dtype=bool)
    named = m["brands"].explode()
    is_brand = (named == brand).groupby(level=0).any().reindex(m.index, fill_value=False).to_numpy(dtype=bool)
    n_tracked = named.isin(tracked).groupby(level=0).sum().reindex(m.index, fill_value=0).to_numpy()
    handle = m["author_handle"].fillna("").astype(str).str.lower().str.lstrip("@")
    member = ~handle.isin(accounts).to_numpy(dtype=bool)
    pos = (m["sentiment"] == "positive").to_numpy(dtype=bool)
    neg = (m["sentiment"] == "negative").to_numpy(dtype=bool)
    engagement = sum(pd.to_numeric(m[c], errors="coerce").fillna(0).to_numpy() for c in ("likes", "shares", "replies"))

    per_day = (
        pd.DataFrame(
            {
                "day": m["day"],
                "mentions": hit,
                "positive": hit & pos,
                "negative": hit & neg,
                "brand_mentions": is_brand,
                "brand_positive": is_brand & pos,
                "brand_negative": is_brand & neg,
                "tracked": n_tracked,
            }
        )
        .groupby("day")
        .sum()
        .reindex(grid, fill_value=0)
        .astype("int64")
    )
    who = m.loc[hit & member, ["author_id", "day"]].drop_duplicates()
    per_day["participants"] = who.groupby("day").size().reindex(grid, fill_value=0).astype("int64")
    in_win = per_day.index.isin(win)

    # the window's mentions, and those by members
    picked = hit & m["day"].isin(win).to_numpy()
    w = m.assign(engagement=engagement)[picked]
    wm = w[member[picked]]
    authors = (
        wm.assign(followers=pd.to_numeric(wm["author_followers"], errors="coerce"))
        .groupby("author_id")
        .agg(
            mentions=("author_id", "size"),
            engagement=("engagement", "sum"),
            followers=("followers", "max"),
            who=("author_handle", "last"),
        )
    )
    first = pd.to_datetime(first_seen.reindex(authors.index))
    authors["new"] = (first >= pd.Timestamp(campaign.start)).to_numpy()
    ranked = authors.assign(who=authors["who"].fillna(pd.Series(authors.index, index=authors.index))).sort_values(
        ["engagement", "mentions", "followers", "who"], ascending=[False, False, False, True], na_position="last"
    )
    window = per_day[in_win]
    baseline = per_day[~in_win]
    row.update(
        days=len(win),
        mentions=len(w),
        member_mentions=len(wm),
        participants=len(authors),
        new_members=int(authors["new"].sum()),
        new_member_share=float(authors["new"].mean()) if len(authors) else None,
        reach=int(authors["followers"].fillna(0).sum()),
        engagement=int(w["engagement"].sum()),
        positive=int(window["positive"].sum()),
        negative=int(window["negative"].sum()),
        net_sentiment=net(window["positive"].sum(), window["negative"].sum()),
        brand_mentions=int(window["brand_mentions"].sum()),
        baseline_days=len(baseline),
        brand_net_sentiment=net(window["brand_positive"].sum(), window["brand_negative"].sum()),
        baseline_net_sentiment=net(baseline["brand_positive"].sum(), baseline["brand_negative"].sum()),
        share_of_voice=_share(window["brand_mentions"].sum(), window["tracked"].sum()),
        baseline_share_of_voice=_share(baseline["brand_mentions"].sum(), baseline["tracked"].sum()),
        top_participants=[str(x) for x in ranked["who"].head(top)],
        **lift(window["brand_mentions"], baseline["brand_mentions"]),
    )

    daily = per_day.reset_index(names="day")
    daily = daily.assign(
        campaign=campaign.name,
        day=daily["day"].dt.date,
        phase=np.where(in_win, "campaign", "baseline"),
        net_sentiment=[net(p, n) for p, n in zip(daily["positive"], daily["negative"], strict=True)],
        brand_net_sentiment=[net(p, n) for p, n in zip(daily["brand_positive"], daily["brand_negative"], strict=True)],
        share_of_voice=[_share(b, t) for b, t in zip(daily["brand_mentions"], daily["tracked"], strict=True)],
        baseline_per_day=row["baseline_per_day"],
    )
    return row, daily[DAILY_COLUMNS]


def _share(part: float, whole: float) -> float | None:
    return float(part / whole) if whole else None


# ------------------------------------------------------------------------------------------------ stage
def _window(campaign: Campaign, last_day: date) -> tuple[date, date]:
    """(lo, hi): the UTC bounds of the mentions read for a campaign that is not scheduled, a day of margin either
    side of its local days (UTC offsets are under a day); measure() trims."""
    return campaign.start - timedelta(days=campaign.baseline_days + 1), min(campaign.end, last_day) + timedelta(days=2)


def _key(wh: Warehouse, campaign: Campaign, settings: list, lo: date, hi: date) -> str:
    n, h = wh.df(KEY_SQL, {"lo": lo, "hi": hi}).iloc[0]  # type: ignore[arg-type]
    parts = [KEY_VERSION, campaign.model_dump(mode="json"), settings, str(lo), str(hi), n, h]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def refresh(wh: Warehouse, project: Project, *, top: int = TOP) -> dict[str, int]:
    """Recompute `mart_campaigns` and `mart_campaign_daily` for every campaign of the project file (a rerun gives
    the same rows; a campaign whose key holds keeps its rows). Every campaign is checked first (query, hashtags,
    brand, unique name): a bad one raises :class:`ProjectError` naming it, and nothing is written. Returns counts:
    `campaigns`, `ended`, `running`, `scheduled`, `kept` (not measured again), `mentions` (matching, all campaigns)
    and `daily_rows` (written)."""
    tracked = [b.name for b in project.brands.all]
    accounts = {a.lower().lstrip("@") for b in project.brands.all for a in b.accounts}
    names = Counter(c.name for c in project.campaigns)
    if twice := [n for n, k in names.items() if k > 1]:
        raise ProjectError(f"campaigns: names must be unique, {twice[0]!r} is used {names[twice[0]]} times")
    plans = [(c, compile_campaign(c), campaign_brand(c, tracked, project.brands.own.name)) for c in project.campaigns]
    tz = {"tz": project.timezone}
    span = wh.df(SPAN_SQL, tz)  # type: ignore[arg-type]
    first_day, last_day = (_date(span["first_day"].iloc[0]), _date(span["last_day"].iloc[0]))
    # a key counts only with its campaign's row (retention may have deleted the row of a campaign ended long ago)
    stored = dict(
        wh.df(
            "SELECT campaign, campaign_key FROM campaign_keys WHERE campaign IN (SELECT campaign FROM mart_campaigns)"
        ).itertuples(index=False)
    )
    first_seen: pd.Series | None = None
    rows, days, keys, kept = [], [], {}, []
    for campaign, node, brand in plans:
        m = pd.DataFrame(columns=["day", "brands", "author_handle"])
        if status(campaign, last_day) != "scheduled":
            lo, hi = _window(campaign, last_day)  # type: ignore[arg-type]
            # what measure() reads besides the mentions: the data's first day, the clipped end and the status
            clipped = min(campaign.end, last_day)  # type: ignore[type-var]
            settings = [
                brand,
                tracked,
                sorted(accounts),
                top,
                project.timezone,
                first_day,
                clipped,
                status(campaign, last_day),
            ]
            keys[campaign.name] = _key(wh, campaign, settings, lo, hi)
            if stored.get(campaign.name) == keys[campaign.name]:
                kept.append(campaign.name)
                continue
            if first_seen is None:
                seen = wh.df(FIRST_SEEN_SQL, tz)  # type: ignore[arg-type]
                first_seen = pd.Series(pd.to_datetime(seen["first_day"]).to_numpy(), index=seen["author_id"])
            m = wh.df(WINDOW_SQL, {**tz, "lo": lo, "hi": hi})  # type: ignore[arg-type]
        row, daily = measure(
            campaign,
            m,
            brand=brand,
            tracked=tracked,
            accounts=accounts,
            first_seen=pd.Series(dtype="datetime64[ns]") if first_seen is None else first_seen,
            first_day=first_day,
            last_day=last_day,
            node=node,
            top=top,
        )
        rows.append(row)
        if len(daily):
            days.append(daily)
    frame = pd.DataFrame(rows, columns=CAMPAIGN_COLUMNS).assign(computed_at=utcnow())
    daily = pd.concat(days, ignore_index=True) if days else pd.DataFrame(columns=DAILY_COLUMNS)
    # keys go first: a run that stops half-way leaves campaigns without a key, measured again by the next
    wh.replace("campaign_keys", pd.DataFrame(), [], where="true")
    others = not_in("campaign", kept)
    wh.replace("mart_campaigns", frame, [], where=others)
    wh.replace("mart_campaign_daily", daily, [], where=others)
    wh.append("campaign_keys", pd.DataFrame(list(keys.items()), columns=["campaign", "campaign_key"]))
    states = wh.df("SELECT status, mentions FROM mart_campaigns")
    counts = Counter(states["status"])
    return {
        "campaigns": len(states),
        "ended": counts["ended"],
        "running": counts["running"],
        "scheduled": counts["scheduled"],
        "kept": len(kept),
        "mentions": int(states["mentions"].sum()) if len(states) else 0,
        "daily_rows": len(daily),
    }


def _date(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
