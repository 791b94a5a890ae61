"""Campaigns and contests against the brand's baseline, the response queue and the media map (views `campaigns`,
`campaign_daily`, `response_queue`, `media_map`, `linked_domains`; docs/campaigns.md, docs/response-queue.md)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from reputation.analysis.connection import Connection, fetch


def campaigns(con: Connection) -> pd.DataFrame:
    """One row per campaign or contest of the project file, latest start first, every column of the view
    `campaigns` (window, status, mentions, participants, new members, reach, engagement, sentiment, the brand's
    lift, net sentiment and share of voice against the baseline days)."""
    return fetch(con, "SELECT * FROM campaigns ORDER BY start_day DESC, campaign")


def campaign_summary(con: Connection, name: str) -> dict[str, Any]:
    """One campaign's row of `campaigns` as a dict (lists for the list columns)."""
    found = fetch(con, "SELECT * FROM campaigns WHERE campaign = $name", {"name": name})
    if found.empty:
        known = fetch(con, "SELECT campaign FROM campaigns ORDER BY campaign")["campaign"].tolist()
        raise KeyError(f"no campaign {name!r}; the warehouse has {known or 'none'}")
    row = found.iloc[0].to_dict()
    return {k: list(v) if k in ("top_participants", "hashtags") else v for k, v in row.items()}


def campaign_daily(con: Connection, name: str) -> pd.DataFrame:
    """A campaign's baseline days and window, day by day: `day`, `phase` (`baseline` | `campaign`), `mentions`
    (matching it), `participants`, `net_sentiment` (of those), `brand_mentions`, `brand_net_sentiment`,
    `share_of_voice` (the brand's), `baseline_per_day`."""
    return fetch(
        con,
        "SELECT day, phase, mentions, participants, positive, negative, net_sentiment, brand_mentions, "
        "brand_net_sentiment, share_of_voice, baseline_per_day FROM campaign_daily WHERE campaign = $name ORDER BY day",
        {"name": name},
    )


def response_queue(con: Connection, n: int = 20, intent: str | None = None) -> pd.DataFrame:
    """Members' unanswered questions and complaints about the own brand, what to answer first: `rank`, `priority`
    (0-100), `who`, `platform`, `intent`, `sentiment`, `waiting_hours`, `urgent_terms`, `reason`, `text`, `url`,
    `published_local`, `mention_id`."""
    sql = """
        SELECT rank, priority, who, platform, intent, sentiment, waiting_hours, urgent_terms, reason, text, url,
               published_local, mention_id
        FROM response_queue WHERE $intent IS NULL OR intent = $intent ORDER BY rank LIMIT $n"""
    return fetch(con, sql, {"intent": intent, "n": int(n)})


def media_map(con: Connection, brand: str, n: int = 20, *, new_only: bool = False) -> pd.DataFrame:
    """Who talks about a brand (accounts and web sites), most mentions first: `rank`, `kind`, `name`, `platform`,
    `mentions`, `authors`, `reach`, `net_sentiment`, `share_of_brand`, `week_mentions`, `new_this_week`,
    `first_seen`, `last_seen`."""
    sql = """
        SELECT rank, kind, name, platform, mentions, authors, reach, net_sentiment, share_of_brand, week_mentions,
               new_this_week, first_seen, last_seen
        FROM media_map WHERE brand = $brand AND (NOT $new_only OR new_this_week) ORDER BY rank LIMIT $n"""
    return fetch(con, sql, {"brand": brand, "n": int(n), "new_only": new_only})


def linked_domains(con: Connection, brand: str | None = None, *, candidates_only: bool = False) -> pd.DataFrame:
    """Web domains mentions link to or are published on: `brand`, `rank`, `domain`, `mentions`, `linked`,
    `published`, `authors`, `net_sentiment`, `covered`, `candidate` (no source collects it yet), `example_url`."""
    sql = """
        SELECT brand, rank, domain, mentions, linked, published, authors, net_sentiment, covered, candidate,
               example_url
        FROM linked_domains WHERE ($brand IS NULL OR brand = $brand) AND (NOT $candidates OR candidate)
        ORDER BY brand, rank"""
    return fetch(con, sql, {"brand": brand, "candidates": candidates_only})
