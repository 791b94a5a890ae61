"""Roles per period, each with its reason: advocates, detractors, contributors, newcomers and members at risk.

Pure functions over the mentions frame the community stage reads (definitions in docs/influence.md, "Roles").
Periods are calendar months in the project's time zone, `recent` (the 28 days ending on the last complete
Monday-Sunday week, what the weekly report shows) and `all`. In each period the influence score is computed on that
period's mentions and interactions only, so "influential" means influential *then*.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from reputation import community, community_data
from reputation.config import CommunityRoles
from reputation.frames import isin

ROLES_VERSION = "1"
ROLES = ("advocate", "detractor", "contributor", "newcomer", "at_risk")
ROLE_COLUMNS = [
    "period", "role", "brand", "rank", "author_id", "score", "influence_score", "mentions", "opinions",
    "net_sentiment", "net_before", "answers", "reason",
]  # fmt: skip

TOP_COLUMNS = [
    "period", "period_start", "period_end", "role", "brand", "rank", "who", "platform", "followers", "author_id",
    "score", "influence_score", "mentions", "net_sentiment", "net_before", "answers", "reason",
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    name: str
    start: date  # inclusive, project time zone
    end: date  # inclusive


def periods(days: pd.Series, recent_days: int = 28) -> list[Period]:
    """Calendar months covered by `days` (local dates), then `recent` and `all`."""
    if days.empty:
        return []
    first, last = min(days), max(days)
    out = []
    month = date(first.year, first.month, 1)
    while month <= last:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        out.append(Period(month.strftime("%Y-%m"), month, following - timedelta(days=1)))
        month = following
    week_end = last - timedelta(days=(last.weekday() + 1) % 7)  # the Sunday of the last complete week
    out.append(Period("recent", week_end - timedelta(days=recent_days - 1), week_end))
    out.append(Period("all", first, last))
    return out


def _stances(counts: pd.DataFrame) -> pd.DataFrame:
    """Per author and brand (community_data.stance_counts): mentions, positive, negative, opinions and net
    sentiment."""
    out = counts.copy()
    out["opinions"] = out["positive"] + out["negative"]
    out["net"] = ((out["positive"] - out["negative"]) / out["opinions"]).where(out["opinions"] > 0)
    # What the scores rank by: the net sentiment shrunk towards 0 by two neutral pseudo-opinions, so that 2 positive
    # mentions out of 2 (lean 0.5) count for less than 19 out of 24 (lean 0.62) though their net is higher.
    out["lean"] = (out["positive"] - out["negative"]) / (out["opinions"] + 2)
    return out


def _signed(x: float) -> str:
    return f"{x:+.2f}"


class _Members:
    """The period's members (brand accounts excluded) with their influence, and role rows built from them, a column at
    a time: in a busy month most members are new, and a row built one by one cost seconds at a million mentions."""

    def __init__(self, members: pd.DataFrame) -> None:
        self.frame = members

    def _at(self, authors: Sequence[str], column: str) -> np.ndarray:
        return self.frame[column].to_numpy(dtype=float, na_value=np.nan)[self.frame.index.get_indexer(authors)]

    def influence(self, authors: Sequence[str]) -> np.ndarray:
        return self._at(authors, "influence_score")

    def influence_words(self, authors: Sequence[str]) -> list[str]:
        columns = (self._at(authors, c).tolist() for c in ("influence_score", "influence_rank", "followers"))
        return [
            f"influence {score:.0f} (#{int(rank)})" + ("" if np.isnan(followers) else f", {int(followers):,} followers")
            for score, rank, followers in zip(*columns, strict=True)
        ]

    def rows(
        self,
        role: str | np.ndarray,
        brand: Sequence[str] | None,
        authors: Sequence[str],
        score: Sequence[float],
        reason: Sequence[str],
        **extra: Sequence[object],
    ) -> pd.DataFrame:
        """ROLE_COLUMNS but `period` and `rank`, one row per author, and the `extra` columns."""
        return pd.DataFrame(
            {
                "role": role,
                "brand": np.asarray(brand, dtype=object) if brand is not None else None,
                "author_id": np.asarray(authors, dtype=object),
                "score": np.asarray(score, dtype=float),
                "influence_score": self._at(authors, "influence_score"),
                "mentions": self._at(authors, "mentions").astype("int64"),
                "answers": self._at(authors, "answers").astype("int64"),
                "reason": reason,
                **extra,
            },
            index=pd.RangeIndex(len(authors)),
        )


def _stance_roles(members: _Members, stance: pd.DataFrame, rules: CommunityRoles) -> pd.DataFrame:
    """Advocates and detractors: influential in the period, and clearly for or against a brand."""
    frame = members.frame
    influential_from = float(np.quantile(frame["influence_score"], rules.influential_quantile))
    influential = frame.index[frame["influence_score"] >= influential_from]
    judged = stance[isin(stance["author_id"], influential) & (stance["opinions"] >= rules.min_opinions)]
    net = judged["net"].to_numpy(dtype=float)
    role = np.where(net >= rules.advocate_net, "advocate", np.where(net <= rules.detractor_net, "detractor", ""))
    judged, role = judged[role != ""], role[role != ""]
    authors = judged["author_id"].to_numpy(dtype=object)
    columns = [judged[c].tolist() for c in ("positive", "negative", "brand_mentions", "brand", "net")]
    return members.rows(
        role,
        judged["brand"].to_numpy(),
        authors,
        members.influence(authors) * np.abs(judged["lean"].to_numpy(dtype=float)),
        [
            f"{words}; {positive} positive and {negative} negative of {mentions} mentions of {brand} "
            f"(net {_signed(net)})"
            for words, positive, negative, mentions, brand, net in zip(
                members.influence_words(authors), *columns, strict=True
            )
        ],
        opinions=judged["opinions"].to_numpy(dtype="int64"),
        net_sentiment=judged["net"].to_numpy(dtype=float),
    )


def _contributors(members: _Members, originals: pd.Series, rules: CommunityRoles) -> pd.DataFrame:
    """Active members who create content and answer others (`originals`: posts of their own, by author)."""
    frame = members.frame
    helpers = frame[(frame["mentions"] >= rules.contributor_mentions) & (frame["answers"] >= rules.contributor_answers)]
    posts = originals.reindex(helpers.index, fill_value=0).astype("int64").tolist()
    columns = list(zip(posts, *(helpers[c].tolist() for c in ("mentions", "answers", "replies_received")), strict=True))
    return members.rows(
        "contributor",
        None,
        helpers.index,
        [2 * answers + own + 0.5 * received for own, _, answers, received in columns],
        [
            f"{mentions} mentions: {own} posts of their own, {answers} answers to other members; "
            f"{received} replies received"
            for own, mentions, answers, received in columns
        ],
    )


def _newcomers(members: _Members, period: Period, first_seen: pd.Series, rules: CommunityRoles) -> pd.DataFrame:
    """Members whose first mention ever falls in the period, ranked by their influence in it."""
    frame = members.frame
    fresh = frame[
        (first_seen.reindex(frame.index) >= pd.Timestamp(period.start)) & (frame["mentions"] >= rules.newcomer_mentions)
    ]
    firsts = first_seen.reindex(fresh.index).tolist()
    columns = [fresh[c].tolist() for c in ("mentions", "replies_received")]
    return members.rows(
        "newcomer",
        None,
        fresh.index,
        fresh["influence_score"].to_numpy(dtype=float),
        [
            f"first mention on {first:%Y-%m-%d}; {mentions} mentions, {received} replies received, {words}"
            for first, mentions, received, words in zip(
                firsts, *columns, members.influence_words(fresh.index), strict=True
            )
        ],
    )


def _at_risk(members: _Members, before: pd.DataFrame, stance: pd.DataFrame, rules: CommunityRoles) -> pd.DataFrame:
    """Members positive about a brand in the lookback window (`before`: :func:`_stances` of the window), and at or
    below zero and clearly lower in the period."""
    before = before[isin(before["author_id"], members.frame.index)]
    before = before[(before["opinions"] >= rules.min_opinions) & (before["net"] >= rules.at_risk_before_net)]
    now = stance[stance["opinions"] >= rules.min_opinions]
    both = before.merge(now, on=["author_id", "brand"], suffixes=("_before", ""))
    t = both[(both["net"] <= 0) & (both["net"] <= both["net_before"] - rules.at_risk_drop)]
    lean = t["lean_before"].to_numpy(dtype=float) - t["lean"].to_numpy(dtype=float)
    fields = ("net_before", "brand", "positive_before", "negative_before", "net", "positive", "negative")
    return members.rows(
        "at_risk",
        t["brand"].to_numpy(),
        t["author_id"].to_numpy(),
        lean * (1 + members.influence(t["author_id"]) / 100),
        [
            f"net {_signed(net_before)} on {brand} in the {rules.lookback_days} days before "
            f"({positive_before} positive, {negative_before} negative), {_signed(net)} in this period "
            f"({positive} positive, {negative} negative)"
            for net_before, brand, positive_before, negative_before, net, positive, negative in zip(
                *(t[c].tolist() for c in fields), strict=True
            )
        ],
        opinions=t["opinions"].to_numpy(dtype="int64"),
        net_sentiment=t["net"].to_numpy(dtype=float),
        net_before=t["net_before"].to_numpy(dtype=float),
    )


def _period_roles(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    profiles: pd.DataFrame,
    first_seen: pd.Series,
    weights: community.Weights,
    rules: CommunityRoles,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(influence rows, role rows) of one period, from the staged mentions (reputation.community_data); `profiles`:
    the period's, `first_seen`: each author's first mention ever."""
    start, end = period.start, period.end
    scores = community.influence(profiles, community_data.graph(con, start, end), weights).assign(period=period.name)
    frame = profiles.assign(
        influence_score=scores["influence_score"].to_numpy(), influence_rank=scores["rank"].to_numpy()
    )[~profiles["is_brand_account"]].set_index("author_id")
    if frame.empty:
        return scores, pd.DataFrame(columns=ROLE_COLUMNS)
    frame["answers"] = community_data.answers(con, start, end).reindex(frame.index, fill_value=0)
    members = _Members(frame)
    first, after = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    stance = _stances(community_data.stance_counts(con, first, after))
    stance = stance[isin(stance["author_id"], frame.index)]
    parts = [
        _stance_roles(members, stance, rules),
        _contributors(members, community_data.originals(con, start, end), rules),
    ]
    if period.name != "all":  # nobody is new, or turning, over the whole history
        before = _stances(community_data.stance_counts(con, first - pd.Timedelta(days=rules.lookback_days), first))
        parts += [_newcomers(members, period, first_seen, rules), _at_risk(members, before, stance, rules)]
    parts = [part for part in parts if len(part)]
    if not parts:
        return scores, pd.DataFrame(columns=ROLE_COLUMNS)
    roles = pd.concat(parts, ignore_index=True).assign(period=period.name)
    roles["brand"] = roles["brand"].astype(object)
    roles = roles.sort_values(["role", "brand", "score", "author_id"], ascending=[True, True, False, True])
    roles["rank"] = roles.groupby(["role", "brand"], dropna=False).cumcount() + 1
    return scores, roles.reindex(columns=ROLE_COLUMNS)


@dataclass(frozen=True)
class PeriodResults:
    """What the community stage stores per period."""

    periods: list[Period]
    edges: pd.DataFrame  # community_data.edges of each period, with `period`
    influence: pd.DataFrame  # community.influence of each period, with `period`
    roles: pd.DataFrame  # ROLE_COLUMNS + period_start, period_end


def period_results(
    con: duckdb.DuckDBPyConnection,
    plan: list[Period],
    accounts: set[str],
    weights: community.Weights,
    rules: CommunityRoles,
    skip: frozenset[str] = frozenset(),
) -> Iterator[tuple[Period, pd.DataFrame, pd.DataFrame]]:
    """(period, influence rows, role rows) for every period of `plan` (:func:`periods`) that has mentions but those
    named in `skip` (whose stored results still hold: reputation.community_keys), one period at a time: a caller can
    store each and let it go. A period's edges are `community_data.edges_sql(period.start, period.end)`.

    `con` holds the staged mentions and interactions (reputation.community_data)."""
    first_seen: pd.Series | None = None
    for period in plan:
        if period.name in skip:
            continue
        profiles = community_data.profiles(con, accounts, period.start, period.end)
        if profiles.empty:
            continue
        if first_seen is None:
            first_seen = community_data.first_seen(con)
        scores, roles = _period_roles(con, period, profiles, first_seen, weights, rules)
        yield period, scores, roles.assign(period_start=period.start, period_end=period.end)


def roles_and_influence(
    m: pd.DataFrame, accounts: set[str], weights: community.Weights, rules: CommunityRoles
) -> PeriodResults:
    """:func:`period_results` of every period of a mentions frame, together. `m`: the raw mention columns plus
    `local_time` (project time zone, naive), `sentiment` and `is_brand`."""
    if m.empty:
        return PeriodResults([], pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=ROLE_COLUMNS))
    plan = periods(m["local_time"].dt.date, rules.recent_days)

    def work(con: duckdb.DuckDBPyConnection) -> list[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
        return [
            (community_data.edges(con, p.start, p.end).assign(period=p.name), scores, roles)
            for p, scores, roles in period_results(con, plan, accounts, weights, rules)
        ]

    edges, influences, roles = zip(*community_data.on_frame(m, work), strict=True)
    return PeriodResults(
        plan,
        pd.concat(edges, ignore_index=True),
        pd.concat(influences, ignore_index=True),
        pd.concat(roles, ignore_index=True),
    )
