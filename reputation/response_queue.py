"""The response queue: members' questions and complaints about the own brand that no brand account has answered
yet, most urgent first (definitions and the priority formula: docs/response-queue.md).

Pure functions over a mentions frame (the columns of the public view `mentions`), vectorised: no Python loop over
mentions. :func:`refresh` reads the warehouse, builds the queue as of a time and rebuilds `mart_response_queue`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from reputation.config import Project
from reputation.query import normalize_series
from reputation.warehouse import Warehouse, sql_strings, utcnow
from reputation.warehouse.mentions_view import mentions_sql

QUEUE_VERSION = "1"
TO_ANSWER = ("complaint", "question")  # the intents that call for an answer
ANSWER_DEPTH = 2  # a brand reply to the mention, or to a reply to it, answers it

# What the words of urgency look for, in lower-case text without accents (so "ça fait" is written "ca fait").
# Kept short on purpose: each one is a reason a community manager can read in the queue's `urgent_terms`.
URGENT_TERMS = {
    "en": [
        r"urgent(?:ly)?",
        r"asap",
        r"emergency",
        r"still (?:no|not|nothing|waiting|down|broken)",
        r"(?:for|since) (?:\d+|two|three|four|five|several) ?(?:h|hours?|days?|weeks?)",
        r"\d+ (?:days|weeks) (?:now|already)",
        r"refund",
        r"money back",
        r"cancel(?:l?ing)? my",
        r"no (?:service|signal|internet|network)",
        r"outage",
    ],
    "fr": [
        r"urgent(?:e|es|s)?",
        r"d'urgence",
        r"au plus vite",
        r"toujours (?:pas|rien|aucun|aucune|en panne|en attente)",
        r"depuis (?:\d+|deux|trois|quatre|cinq|plusieurs) ?(?:h|heures?|jours?|semaines?)",
        r"(?:ca|cela) fait (?:\d+|deux|trois|quatre|cinq|plusieurs) ?(?:h|heures?|jours?|semaines?)",
        r"remboursement",
        r"rembourser",
        r"resilier",
        r"resiliation",
        r"mise en demeure",
        r"avocat",
        r"aucun (?:signal|reseau|service)",
        r"pas de (?:service|reseau|signal|connexion)",
        r"panne",
    ],
}
_URGENT = r"(?<!\w)(?:" + "|".join(t for terms in URGENT_TERMS.values() for t in terms) + r")(?!\w)"


@dataclass(frozen=True)
class QueueSettings:
    """The queue's rules (docs/response-queue.md). Weights are the share of each component in the 0..100
    priority; they need not sum to 1 (they are normalised)."""

    active_days: int = 14  # unanswered items older than this drop off the active queue
    age_full_hours: float = 72.0  # waiting this long gives the full age component
    engagement_full: float = 1000.0  # likes + 2 shares + 3 replies that give the full engagement component
    urgency: float = 0.35
    influence: float = 0.25
    engagement: float = 0.20
    age: float = 0.20
    complaint: float = 1.0  # intent part of urgency
    question: float = 0.5


QUEUE_COLUMNS = [
    "rank", "brand", "mention_id", "platform", "who", "author_id", "influence", "intent", "sentiment",
    "urgent_terms", "engagement", "text", "url", "published_at", "published_local", "waiting_hours", "priority",
    "urgency_points", "influence_points", "engagement_points", "age_points", "reason", "as_of",
]  # fmt: skip


def normalize_handles(handles: pd.Series | Iterable[str | None]) -> pd.Series:
    """Handles compared as the brands' accounts are: lower case, without a leading '@' ('' when missing)."""
    s = handles if isinstance(handles, pd.Series) else pd.Series(list(handles), dtype=object)
    return s.fillna("").astype(str).str.strip().str.lstrip("@").str.lower()


def contains(lists: pd.Series, value: str) -> pd.Series:
    """Whether each list (brands, moderation flags; None = empty) holds `value`, vectorised."""
    if lists.empty:
        return pd.Series(False, index=lists.index, dtype=bool)
    exploded = lists.explode()
    hit = exploded.eq(value).groupby(level=0).any()
    return hit.reindex(lists.index, fill_value=False).astype(bool)


def urgent_terms(texts: pd.Series) -> pd.Series:
    """The words of urgency found in each text (accent-free, lower case, ', '-joined; '' when none)."""
    if texts.empty:
        return pd.Series("", index=texts.index, dtype=object)
    found = normalize_series(texts).str.findall(_URGENT)
    return found.map(lambda terms: ", ".join(dict.fromkeys(terms)))


def answered(m: pd.DataFrame, by_brand: pd.Series, depth: int = ANSWER_DEPTH) -> np.ndarray:
    """Whether a mention got an answer from the accounts in `by_brand` (aligned with `m`): a reply to it, or (up
    to `depth`) a reply to one of its replies in the same thread. Only the mentions in `m` count as answers."""
    parent_of = pd.Series(m["parent_id"].to_numpy(), index=m["mention_id"].to_numpy())
    up = m.loc[by_brand.to_numpy() & m["parent_id"].notna().to_numpy(), "parent_id"]
    hit = [up]
    for _ in range(depth - 1):
        up = up.map(parent_of).dropna()
        hit.append(up)
    return m["mention_id"].isin(pd.concat(hit)).to_numpy()


def _points(values: pd.Series | np.ndarray, full: float) -> np.ndarray:
    """log1p-scaled 0..1: `full` (and more) gives 1."""
    return np.clip(np.log1p(np.asarray(values, dtype=float).clip(min=0)) / np.log1p(full), 0.0, 1.0)


@dataclass(frozen=True)
class Queue:
    """The queue as of `as_of`, and the counts behind it, for the run's summary."""

    items: pd.DataFrame  # QUEUE_COLUMNS, by rank
    as_of: datetime
    to_answer: int  # members' questions and complaints about the brand in the active window (no spam, no reposts)
    answered: int  # ... answered by one of the brand's accounts


def build_queue(
    m: pd.DataFrame,
    *,
    brand: str,
    own_accounts: Iterable[str],
    all_accounts: Iterable[str] = (),
    brand_authors: Iterable[str] = (),
    influence: pd.Series | None = None,
    now: datetime | pd.Timestamp | None = None,
    timezone: str = "UTC",
    settings: QueueSettings = QueueSettings(),
) -> Queue:
    """The response queue of `brand` from mentions `m` (columns of the view `mentions`: mention_id, platform,
    author_id, author_handle, text, url, published_at (naive UTC), brands, intent, sentiment, moderation_flags,
    parent_id, share_of_id, likes, shares, replies).

    own_accounts: the brand's account handles (their replies answer); all_accounts: every brand's handles and
    brand_authors: author ids known as brand accounts (neither are members); influence: author_id -> influence
    score 0..100 (period 'all'); now: the time of the queue (naive UTC), default the latest mention."""
    m = m.reset_index(drop=True)
    published = pd.to_datetime(m["published_at"])
    as_of = pd.Timestamp(now) if now is not None else (published.max() if len(m) else pd.Timestamp(utcnow()))
    upto = (published <= as_of).to_numpy()
    m, published = m[upto].reset_index(drop=True), published[upto].reset_index(drop=True)

    handles = normalize_handles(m["author_handle"])
    own = {h for h in normalize_handles(pd.Series(list(own_accounts), dtype=object)) if h}
    every = own | {h for h in normalize_handles(pd.Series(list(all_accounts), dtype=object)) if h}
    by_own = handles.isin(own)
    by_brand = handles.isin(every) | m["author_id"].isin(set(brand_authors))

    # about the brand: it names the brand, or it replies to one of the brand's accounts
    author_of = pd.Series(by_own.to_numpy(), index=m["mention_id"].to_numpy())
    to_own = m["parent_id"].map(author_of).eq(True)
    about = contains(m["brands"], brand) | to_own
    repost = m["share_of_id"].notna() & m["text"].fillna("").str.startswith("RT @")
    spam = contains(m["moderation_flags"], "spam") if "moderation_flags" in m else pd.Series(False, index=m.index)
    waiting = (as_of - published).dt.total_seconds() / 3600
    asked = m["intent"].isin(TO_ANSWER) & about & ~by_brand & ~spam & ~repost & (waiting <= settings.active_days * 24)
    done = answered(m, by_own)
    q = m[asked & ~done].copy()
    q["waiting_hours"] = waiting[q.index]

    scores = influence if influence is not None else pd.Series(dtype=float)
    q["influence"] = q["author_id"].map(scores).astype(float).fillna(0.0)
    q["urgent_terms"] = urgent_terms(q["text"])
    intent_part = np.where(q["intent"] == "complaint", settings.complaint, settings.question)
    urgency = (
        0.5 * intent_part + 0.25 * (q["sentiment"] == "negative").to_numpy() + 0.25 * (q["urgent_terms"] != "")
    ).to_numpy(float)
    q["engagement"] = (q["likes"].fillna(0) + 2 * q["shares"].fillna(0) + 3 * q["replies"].fillna(0)).astype("int64")
    parts = {
        "urgency": urgency,
        "influence": q["influence"].to_numpy() / 100,
        "engagement": _points(q["engagement"], settings.engagement_full),
        "age": np.clip(q["waiting_hours"].to_numpy() / settings.age_full_hours, 0.0, 1.0),
    }
    total = sum(getattr(settings, k) for k in parts)
    for k, v in parts.items():
        q[f"{k}_points"] = 100 * getattr(settings, k) / total * v
    q["priority"] = sum(q[f"{k}_points"] for k in parts)
    q = q.sort_values(["priority", "published_at", "mention_id"], ascending=[False, True, True])
    q["rank"] = np.arange(1, len(q) + 1)
    q["who"] = q["author_handle"].fillna(q["author_id"])
    q["brand"] = brand
    q["published_local"] = (
        pd.to_datetime(q["published_at"]).dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)
    )
    q["reason"] = _reasons(q)
    q["as_of"] = as_of
    return Queue(
        items=q.reindex(columns=QUEUE_COLUMNS).reset_index(drop=True),
        as_of=as_of.to_pydatetime(),
        to_answer=int(asked.sum()),
        answered=int((asked & done).sum()),
    )


def _reasons(q: pd.DataFrame) -> pd.Series:
    """Why an item sits where it does, in words: intent and sentiment, urgent words, influence, engagement, wait."""
    if q.empty:
        return pd.Series(dtype=object)
    mood = q["intent"] + np.where(q["sentiment"] == "negative", ", negative", "")
    words = np.where(q["urgent_terms"] != "", "; urgent: " + q["urgent_terms"], "")
    influence = "; influence " + q["influence"].round().astype(int).astype(str)
    engagement = np.where(q["engagement"] > 0, "; engagement " + q["engagement"].astype(str), "")
    hours = q["waiting_hours"]
    wait = np.where(
        hours < 48,
        "waiting " + hours.round().astype(int).astype(str) + " h",
        "waiting " + (hours / 24).round(1).astype(str) + " days",
    )
    return mood + words + influence + engagement + "; " + wait


def read_mentions(wh: Warehouse, since: datetime | None, until: datetime | None) -> pd.DataFrame:
    """The mentions published in [since, until] (all when None), and the ones they reply to; the text of questions
    and complaints (TO_ANSWER) only, all :func:`build_queue` reads of it."""
    window = "published_at BETWEEN coalesce($since, TIMESTAMP '-infinity') AND coalesce($until, TIMESTAMP 'infinity')"
    columns = f"""mention_id, platform, author_id, author_handle,
        -- the queue reads the text of the questions and complaints only (a repost, urgent words)
        CASE WHEN intent IN ({sql_strings(TO_ANSWER)}) THEN text END AS text,
        url, published_at, brands, intent, sentiment,
        moderation_flags, parent_id, share_of_id, likes, shares, replies"""
    # the ids first, then the rows and the enrichments of those only (mentions_sql's `only`): the window is a
    # fortnight of the history, and only the sentiment, intent and moderation joins are read
    return wh.df(
        f"""WITH w AS (SELECT mention_id, parent_id FROM raw_mentions WHERE {window}),
        queue_ids AS (SELECT mention_id FROM w UNION SELECT parent_id FROM w WHERE parent_id IS NOT NULL)
        SELECT {columns} FROM {mentions_sql(columns, only="queue_ids")} m""",
        {"since": since, "until": until},  # type: ignore[arg-type]
    )


def refresh(
    wh: Warehouse, project: Project, now: datetime | None = None, settings: QueueSettings = QueueSettings()
) -> dict:
    """Rebuild `mart_response_queue`: the own brand's queue as of `now` (naive UTC; default: the latest mention in
    the warehouse, so a warehouse of past data gives the queue as it stood then). Returns a summary."""
    if now is None:
        now = wh.scalar("SELECT max(published_at) FROM raw_mentions")
    if now is None:
        wh.replace("mart_response_queue", pd.DataFrame(columns=QUEUE_COLUMNS), [], where="true")
        return {"as_of": None, "queued": 0, "to_answer": 0, "answered": 0}
    now = pd.Timestamp(now).to_pydatetime()
    # the active window (and what its mentions reply to) is all the queue needs: answers come after the question
    m = read_mentions(wh, now - pd.Timedelta(days=settings.active_days), now)
    influence = wh.df("SELECT author_id, influence_score FROM community_influence WHERE period = 'all'")
    brand_authors = wh.df("SELECT author_id FROM community_authors WHERE is_brand_account")["author_id"]
    own = project.brands.own
    queue = build_queue(
        m,
        brand=own.name,
        own_accounts=own.accounts,
        all_accounts=[a for b in project.brands.all for a in b.accounts],
        brand_authors=brand_authors,
        influence=influence.set_index("author_id")["influence_score"],
        now=now,
        timezone=project.timezone,
        settings=settings,
    )
    wh.replace("mart_response_queue", queue.items.assign(computed_at=utcnow()), [], where="true")
    return {
        "as_of": queue.as_of,
        "queued": len(queue.items),
        "to_answer": queue.to_answer,
        "answered": queue.answered,
    }
