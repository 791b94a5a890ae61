"""Roles per period, each with its reason: advocates, detractors, contributors, newcomers and members at risk.

Pure functions over the mentions frame the community stage reads (definitions in docs/influence.md, "Roles").
Periods are calendar months in the project's time zone, `recent` (the 28 days ending on the last complete
Monday-Sunday week, what the weekly report shows) and `all`. In each period the influence score is computed on that
period's mentions and interactions only, so "influential" means influential *then*.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    """The period's members (brand accounts excluded) with their influence, and role rows built from them."""

    _COLUMNS = ("followers", "influence_score", "influence_rank", "mentions", "answers")

    def __init__(self, members: pd.DataFrame) -> None:
        self.frame = members
        # role rows are built one by one, for a few of the members: each looks its member up by position in plain
        # arrays (a DataFrame row look-up costs ~50x, and a dict per member costs a second at a million mentions)
        self._position = dict(zip(members.index, range(len(members)), strict=True))
        self._columns = {c: members[c].to_numpy(dtype=float, na_value=np.nan) for c in self._COLUMNS}
        self._seen: dict[str, dict[str, float]] = {}

    def _who(self, author: str) -> dict[str, float]:
        if author not in self._seen:
            at = self._position[author]
            self._seen[author] = {c: float(values[at]) for c, values in self._columns.items()}
        return self._seen[author]

    def influence_words(self, author: str) -> str:
        who = self._who(author)
        followers = "" if pd.isna(who["followers"]) else f", {int(who['followers']):,} followers"
        return f"influence {who['influence_score']:.0f} (#{int(who['influence_rank'])}){followers}"

    def influence(self, author: str) -> float:
        return self._who(author)["influence_score"]

    def row(self, role: str, brand: str | None, author: str, score: float, reason: str, **extra: object) -> dict:
        who = self._who(author)
        return {
            "role": role,
            "brand": brand,
            "author_id": author,
            "score": float(score),
            "influence_score": float(who["influence_score"]),
            "mentions": int(who["mentions"]),
            "answers": int(who["answers"]),
            "reason": reason,
            **extra,
        }


def _stance_roles(members: _Members, stance: pd.DataFrame, rules: CommunityRoles) -> list[dict]:
    """Advocates and detractors: influential in the period, and clearly for or against a brand."""
    frame = members.frame
    influential_from = float(np.quantile(frame["influence_score"], rules.influential_quantile))
    influential = frame.index[frame["influence_score"] >= influential_from]
    judged = stance[isin(stance["author_id"], influential) & (stance["opinions"] >= rules.min_opinions)]
    rows = []
    for s in judged.itertuples():
        if s.net >= rules.advocate_net:
            role = "advocate"
        elif s.net <= rules.detractor_net:
            role = "detractor"
        else:
            continue
        counts = f"{s.positive} positive and {s.negative} negative of {s.brand_mentions} mentions of {s.brand}"
        rows.append(
            members.row(
                role,
                s.brand,
                s.author_id,
                members.influence(s.author_id) * abs(s.lean),
                f"{members.influence_words(s.author_id)}; {counts} (net {_signed(s.net)})",
                opinions=int(s.opinions),
                net_sentiment=float(s.net),
            )
        )
    return rows


def _contributors(members: _Members, originals: pd.Series, rules: CommunityRoles) -> list[dict]:
    """Active members who create content and answer others (`originals`: posts of their own, by author)."""
    frame = members.frame
    helpers = frame[(frame["mentions"] >= rules.contributor_mentions) & (frame["answers"] >= rules.contributor_answers)]
    # plain lists, zipped: a row look-up per member costs seconds when most members contribute
    posts = originals.reindex(helpers.index, fill_value=0).astype("int64").tolist()
    columns = [helpers[c].tolist() for c in ("mentions", "answers", "replies_received")]
    return [
        members.row(
            "contributor",
            None,
            author,
            2 * answers + own + 0.5 * received,
            f"{mentions} mentions: {own} posts of their own, {answers} answers to other members; "
            f"{received} replies received",
        )
        for author, own, mentions, answers, received in zip(helpers.index, posts, *columns, strict=True)
    ]


def _newcomers(members: _Members, period: Period, first_seen: pd.Series, rules: CommunityRoles) -> list[dict]:
    """Members whose first mention ever falls in the period, ranked by their influence in it."""
    frame = members.frame
    fresh = frame[
        (first_seen.reindex(frame.index) >= pd.Timestamp(period.start)) & (frame["mentions"] >= rules.newcomer_mentions)
    ]
    # plain lists, zipped: in a busy month most members are new, and a row look-up each cost a second at 300,000
    firsts = first_seen.reindex(fresh.index).tolist()
    columns = [fresh[c].tolist() for c in ("influence_score", "mentions", "replies_received")]
    return [
        members.row(
            "newcomer",
            None,
            author,
            score,
            f"first mention on {first:%Y-%m-%d}; {mentions} mentions, {received} replies received, "
            f"{members.influence_words(author)}",
        )
        for author, first, score, mentions, received in zip(fresh.index, firsts, *columns, strict=True)
    ]


def _at_risk(members: _Members, before: pd.DataFrame, stance: pd.DataFrame, rules: CommunityRoles) -> list[dict]:
    """Members positive about a brand in the lookback window (`before`: :func:`_stances` of the window), and at or
    below zero and clearly lower in the period."""
    before = before[isin(before["author_id"], members.frame.index)]
    before = before[(before["opinions"] >= rules.min_opinions) & (before["net"] >= rules.at_risk_before_net)]
    now = stance[stance["opinions"] >= rules.min_opinions]
    both = before.merge(now, on=["author_id", "brand"], suffixes=("_before", ""))
    turned = both[(both["net"] <= 0) & (both["net"] <= both["net_before"] - rules.at_risk_drop)]
    return [
        members.row(
            "at_risk",
            t.brand,
            t.author_id,
            (t.lean_before - t.lean) * (1 + members.influence(t.author_id) / 100),
            f"net {_signed(t.net_before)} on {t.brand} in the {rules.lookback_days} days before "
            f"({t.positive_before} positive, {t.negative_before} negative), {_signed(t.net)} in this period "
            f"({t.positive} positive, {t.negative} negative)",
            opinions=int(t.opinions),
            net_sentiment=float(t.net),
            net_before=float(t.net_before),
        )
        for t in turned.itertuples()
    ]


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
    rows = _stance_roles(members, stance, rules) + _contributors(
        members, community_data.originals(con, start, end), rules
    )
    if period.name != "all":  # nobody is new, or turning, over the whole history
        before = _stances(community_data.stance_counts(con, first - pd.Timedelta(days=rules.lookback_days), first))
        rows += _newcomers(members, period, first_seen, rules) + _at_risk(members, before, stance, rules)
    if not rows:
        return scores, pd.DataFrame(columns=ROLE_COLUMNS)
    roles = pd.DataFrame(rows).assign(period=period.name)
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
