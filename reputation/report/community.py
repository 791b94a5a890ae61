"""The weekly report's community sections: health of the week against the week before, and who speaks for or
against the own brand (advocates, detractors, members at risk) over the 28 days to the report's week end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reputation.warehouse import Warehouse

ROLE_ROWS = 5  # per list in the report; the warehouse keeps more (view community_top)


def health_rows(wh: Warehouse, start: date) -> dict[str, Any] | None:
    """This week's community health and the week before's, or None when the community stage has not run."""
    df = wh.df(
        "SELECT * FROM community_health WHERE week IN ($w, $p) ORDER BY week DESC",
        {"w": start, "p": start - timedelta(days=7)},  # type: ignore[arg-type]
    )
    if df.empty or df["week"].iloc[0].date() != start:
        return None
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return {"week": rows[0], "previous": rows[1] if len(rows) > 1 else None}


def role_period(wh: Warehouse, end: date) -> dict[str, Any] | None:
    """The roles' period for a report week ending `end`: `recent` when it ends that day (the usual case), else the
    calendar month holding `end` (a report of an older week)."""
    rows = wh.df(
        "SELECT DISTINCT period, period_start, period_end FROM community_roles "
        "WHERE (period = 'recent' AND period_end = $e) OR period = strftime($e, '%Y-%m') "
        "ORDER BY period = 'recent' DESC LIMIT 1",
        {"e": end},  # type: ignore[arg-type]
    )
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {"period": row["period"], "period_start": row["period_start"].date(), "period_end": row["period_end"].date()}


def role_lists(wh: Warehouse, period: str, own: str) -> dict[str, list[dict[str, Any]]]:
    """Top advocates, detractors and members at risk of the own brand in a period (from community_top)."""
    df = wh.df(
        """
        SELECT role, rank, who, platform, followers, influence_score, mentions, net_sentiment, net_before, answers
        FROM community_top
        WHERE period = $p AND brand = $own AND role IN ('advocate', 'detractor', 'at_risk') AND rank <= $n
        ORDER BY role, rank
        """,
        {"p": period, "own": own, "n": ROLE_ROWS},  # type: ignore[arg-type]
    )
    df = df.astype(object).where(df.notna(), None)
    return {role: df[df["role"] == role].to_dict("records") for role in ("advocate", "detractor", "at_risk")}


def community_context(wh: Warehouse, start: date, end: date, own: str) -> dict[str, Any]:
    period = role_period(wh, end)
    return {
        "health": health_rows(wh, start),
        "roles_period": period,
        "roles": role_lists(wh, period["period"], own) if period else {},
    }
