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

import numpy as np
import pandas as pd

from reputation import community
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


def _stances(m: pd.DataFrame) -> pd.DataFrame:
    """Per author and brand: mentions, positive, negative, opinions and net sentiment."""
    rows = m[["author_id", "brands", "sentiment"]].explode("brands").dropna(subset=["brands"])
    rows = rows.rename(columns={"brands": "brand"})
    g = rows.assign(pos=rows["sentiment"] == "positive", neg=rows["sentiment"] == "negative").groupby(
        ["author_id", "brand"]
    )
    out = g.agg(brand_mentions=("sentiment", "size"), positive=("pos", "sum"), negative=("neg", "sum"))
    out["opinions"] = out["positive"] + out["negative"]
    out["net"] = ((out["positive"] - out["negative"]) / out["opinions"]).where(out["opinions"] > 0)
    # What the scores rank by: the net sentiment shrunk towards 0 by two neutral pseudo-opinions, so that 2 positive
    # mentions out of 2 (lean 0.5) count for less than 19 out of 24 (lean 0.62) though their net is higher.
    out["lean"] = (out["positive"] - out["negative"]) / (out["opinions"] + 2)
    return out.reset_index()


def _member_posts(all_m: pd.DataFrame) -> pd.DataFrame:
    """The mentions a reply can answer for :func:`_answers`: members' (brand accounts' posts excluded), with their
    author. Found once for every period."""
    return all_m.loc[~all_m["is_brand"], ["mention_id", "author_id"]].rename(
        columns={"mention_id": "parent_id", "author_id": "parent_author"}
    )


def _answers(m: pd.DataFrame, member_posts: pd.DataFrame) -> pd.Series:
    """Replies each author wrote in `m` to a member other than themselves (`member_posts`: :func:`_member_posts`)."""
    replies = m[["author_id", "parent_id"]].dropna().merge(member_posts, on="parent_id")
    return replies[replies["author_id"] != replies["parent_author"]].groupby("author_id").size()


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


def _contributors(members: _Members, m: pd.DataFrame, rules: CommunityRoles) -> list[dict]:
    """Active members who create content and answer others."""
    frame = members.frame
    originals = m[m["parent_id"].isna() & m["share_of_id"].isna()].groupby("author_id").size()
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


def _at_risk(
    members: _Members, all_m: pd.DataFrame, period: Period, stance: pd.DataFrame, rules: CommunityRoles
) -> list[dict]:
    """Members positive about a brand in the lookback window, and at or below zero and clearly lower in the period."""
    start = pd.Timestamp(period.start)
    window = all_m[
        (all_m["local_time"] < start)
        & (all_m["local_time"] >= start - pd.Timedelta(days=rules.lookback_days))
        & isin(all_m["author_id"], members.frame.index)
    ]
    before = _stances(window)
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
    m: pd.DataFrame,
    all_m: pd.DataFrame,
    events: pd.DataFrame,
    period: Period,
    first_seen: pd.Series,
    accounts: set[str],
    weights: community.Weights,
    rules: CommunityRoles,
    member_posts: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(edges, influence rows, role rows) of one period; `m` holds the period's mentions only, `member_posts` is
    :func:`_member_posts` of the whole history."""
    profiles = community.author_profiles(m, accounts)
    in_period = (events["day"] >= period.start) & (events["day"] <= period.end)
    edges = community.aggregate_edges(events[in_period])
    scores = community.influence(profiles, edges, weights).assign(period=period.name)
    edges = edges.assign(period=period.name)
    frame = profiles.assign(
        influence_score=scores["influence_score"].to_numpy(), influence_rank=scores["rank"].to_numpy()
    )[~profiles["is_brand_account"]].set_index("author_id")
    if frame.empty:
        return edges, scores, pd.DataFrame(columns=ROLE_COLUMNS)
    frame["answers"] = _answers(m, member_posts).reindex(frame.index, fill_value=0)
    members = _Members(frame)
    stance = _stances(m[isin(m["author_id"], frame.index)])
    rows = _stance_roles(members, stance, rules) + _contributors(members, m, rules)
    if period.name != "all":  # nobody is new, or turning, over the whole history
        rows += _newcomers(members, period, first_seen, rules) + _at_risk(members, all_m, period, stance, rules)
    if not rows:
        return edges, scores, pd.DataFrame(columns=ROLE_COLUMNS)
    roles = pd.DataFrame(rows).assign(period=period.name)
    roles["brand"] = roles["brand"].astype(object)
    roles = roles.sort_values(["role", "brand", "score", "author_id"], ascending=[True, True, False, True])
    roles["rank"] = roles.groupby(["role", "brand"], dropna=False).cumcount() + 1
    return edges, scores, roles.reindex(columns=ROLE_COLUMNS)


@dataclass(frozen=True)
class PeriodResults:
    """What the community stage stores per period."""

    periods: list[Period]
    edges: pd.DataFrame  # community.aggregate_edges of each period, with `period`
    influence: pd.DataFrame  # community.influence of each period, with `period`
    roles: pd.DataFrame  # ROLE_COLUMNS + period_start, period_end


def period_results(
    m: pd.DataFrame,
    events: pd.DataFrame,
    accounts: set[str],
    weights: community.Weights,
    rules: CommunityRoles,
    skip: frozenset[str] = frozenset(),
) -> Iterator[tuple[Period, pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """(period, edges, influence rows, role rows) for every period of :func:`periods` but those named in `skip`
    (whose stored results still hold: reputation.community_keys), one period at a time: a caller can store each and
    let it go (at a million mentions the periods' edges and scores take hundreds of MB together).

    `m`: the raw mention columns plus `local_time` (project time zone, naive), `sentiment` and `is_brand`;
    `events`: :func:`community.interaction_events` of it with `day`, the local date of each interaction."""
    if m.empty:
        return
    m = m.assign(day=m["local_time"].dt.date)
    first_seen = m.groupby("author_id")["local_time"].min()
    member_posts = _member_posts(m)
    for period in periods(m["day"], rules.recent_days):
        if period.name in skip:
            continue
        within = (m["day"] >= period.start) & (m["day"] <= period.end)
        sub = m if within.all() else m[within]  # `all`: the frame itself, not a copy of the whole history
        if sub.empty:
            continue
        edges, scores, roles = _period_roles(sub, m, events, period, first_seen, accounts, weights, rules, member_posts)
        yield period, edges, scores, roles.assign(period_start=period.start, period_end=period.end)


def roles_and_influence(
    m: pd.DataFrame, events: pd.DataFrame, accounts: set[str], weights: community.Weights, rules: CommunityRoles
) -> PeriodResults:
    """:func:`period_results` of every period, together."""
    if m.empty:
        return PeriodResults([], pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=ROLE_COLUMNS))
    _, edges, influences, roles = zip(*period_results(m, events, accounts, weights, rules), strict=True)
    return PeriodResults(
        periods(m["local_time"].dt.date, rules.recent_days),
        pd.concat(edges, ignore_index=True),
        pd.concat(influences, ignore_index=True),
        pd.concat(roles, ignore_index=True),
    )
