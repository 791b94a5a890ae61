"""Seeded generator of a bilingual (fr/en) stream of telecom mentions, with the ground truth it planted.

The market: own brand Nexora, competitors Telvia, Orbix and Fibrea. Planted on purpose and written to
``ground_truth.json``: topics, influencers, detractors, brand support accounts, at-risk customers, a 2-day
Nexora outage crisis and a Nexora giveaway. Same config and seed give byte-identical files.

Keys of ``ground_truth.json``:

- ``seed``, ``start``, ``end``, ``n_mentions``, ``n_mentions_target``, ``n_authors``: the run and its size;
- ``brands``: ``{"own": ..., "competitors": [...]}``;
- ``brand_accounts``: the brands' own accounts (``brand``, ``role``: support | corporate);
- ``influencers``: planted influencers (``followers``, ``stance``: advocate | informative, ``lang``);
- ``detractors``: planted detractors (``followers``, ``brand``: the brand they attack, ``lang``); Nexora's
  pile on during the outage, a competitor's detractors talk mostly of their target;
- ``at_risk``: ordinary-looking Nexora customers whose own posts are positive before the crisis and
  negative from its first day on (``followers``, ``brand``, ``lang``, ``turned_on``: the crisis start date);
- ``decoys``: ordinary users with a celebrity-sized audience and little interaction;
- ``crisis``, ``contest``: the planted events (dates, hashtags, keywords, observed volumes);
- ``linked_sites``: news and consumer sites that some mentions link to and no demo source collects (the media
  map's candidate sources);
- ``topics``: the topic ids with their keywords; ``platforms``, ``languages``, ``sentiments``,
  ``no_brand_share``: observed distributions.

Every planted account (brand accounts, influencers, detractors, at-risk customers) carries ``platform``,
``author_id``, ``handle`` and ``observed`` (``posts``: all its mentions, replies included;
``replies_and_shares_received``; ``distinct_repliers_and_sharers``).
"""

from __future__ import annotations

import calendar
import csv
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import vocab as V
from .compose import LINKED_SITES
from .engine import COLUMNS, TRUTH_COLUMNS
from .population import AT_RISK, BRAND_ACCOUNTS, DETRACTORS, INFLUENCERS, AuthorTable, Planted, build_population
from .scenario import Simulation
from .timeline import Timeline

__all__ = ["COLUMNS", "TRUTH_COLUMNS", "DemoConfig", "generate", "generate_with_truth", "write_demo"]


@dataclass(frozen=True)
class DemoConfig:
    """Size and seed of the demo stream."""

    seed: int = 42
    n_mentions: int = 24_000  # target count (the result may differ by a few %)
    start: date = date(2026, 8, 31)  # first day (a Monday, so the period is whole weeks), local time
    weeks: int = 10
    n_authors: int = 3_000

    @classmethod
    def sized(cls, n_mentions: int, weeks: int = 10, seed: int = 42) -> DemoConfig:
        """A config whose author count grows with the stream (about 8 mentions per author, at least 3,000)."""
        return cls(seed=seed, n_mentions=n_mentions, weeks=weeks, n_authors=max(3_000, n_mentions // 8))

    def __post_init__(self) -> None:
        if self.n_mentions < 500:
            raise ValueError("n_mentions must be at least 500")
        if self.n_authors < 200:
            raise ValueError("n_authors must be at least 200")


class _Stats:
    """Running figures for the ground truth, so nothing needs the whole stream in memory."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        self.n = 0
        self.own_day = Counter[int]()
        self.own_neg_day = Counter[int]()
        self.tag_days = Counter[str]()
        self.platforms = Counter[str]()
        self.langs = Counter[str]()
        self.sentiments = Counter[str]()
        self.no_brand = 0
        self.first_seen: dict[tuple[str, str], tuple[int, bool]] = {}
        self.posts_by = Counter[tuple[str, str]]()

    def add(self, row: tuple, truth: tuple) -> None:
        self.n += 1
        day = self.tl.day_of(calendar.timegm(time.strptime(row[9], "%Y-%m-%dT%H:%M:%SZ")))  # local day
        self.platforms[row[0]] += 1
        self.langs[truth[2]] += 1
        self.sentiments[truth[4]] += 1
        brands = truth[6]
        if not brands:
            self.no_brand += 1
        if V.OWN_BRAND in brands:
            self.own_day[day] += 1
            self.own_neg_day[day] += truth[4] == "negative"
        low = row[7].lower()
        for tag in V.CONTEST_TAGS.values():
            if tag.lower() in low:
                self.tag_days[self.tl.date_of(day)] += 1
        self.first_seen.setdefault((row[0], row[3]), (day, bool(truth[8])))
        self.posts_by[(row[0], row[3])] += 1


def _run(config: DemoConfig, on_row: Callable[[tuple, tuple], None]) -> dict:
    tl = Timeline(config.start, config.weeks, config.seed)
    tables = build_population(config.seed, config.n_authors)
    sim = Simulation(config.seed, tl, tables, config.n_mentions)
    stats = _Stats(tl)

    def handle(row: tuple, truth: tuple) -> None:
        stats.add(row, truth)
        on_row(row, truth)

    for _ in sim.days(handle):
        pass
    return _ground_truth(config, tl, tables, sim, stats)


def generate_with_truth(config: DemoConfig = DemoConfig()) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(mentions, per-mention ground truth, ground truth dict)."""
    rows: list[tuple] = []
    truths: list[tuple] = []

    def keep(row: tuple, truth: tuple) -> None:
        rows.append(row)
        truths.append(truth)

    gt = _run(config, keep)
    return _frame(rows, COLUMNS), _frame(truths, TRUTH_COLUMNS), gt


_INT_COLUMNS = frozenset({"author_followers", "likes", "shares", "replies"})


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    """Columns of Python ``str``/``None`` (object dtype, so missing stays ``None`` and never NaN)."""
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    data: dict[str, object] = {}
    for name, col in zip(columns, values, strict=True):
        if name in _INT_COLUMNS:
            data[name] = pd.Series(col, dtype="int64")
        elif name == "views":
            data[name] = pd.array(col, dtype="Int64")
        elif name in ("is_crisis", "is_contest"):
            data[name] = pd.Series(col, dtype=bool)
        else:
            data[name] = pd.Series(col, dtype=object)
    return pd.DataFrame(data)


def generate(config: DemoConfig = DemoConfig()) -> tuple[pd.DataFrame, dict]:
    """Return (mentions in the canonical schema, ground truth as a JSON-serialisable dict)."""
    df, _, gt = generate_with_truth(config)
    return df, gt


def write_demo(out_dir: Path, config: DemoConfig = DemoConfig()) -> dict[str, Path]:
    """Write out_dir/mentions.jsonl, out_dir/ground_truth.json and out_dir/ground_truth_mentions.csv.

    Rows are streamed day by day, so memory does not grow with the number of mentions.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "mentions": out_dir / "mentions.jsonl",
        "ground_truth": out_dir / "ground_truth.json",
        "ground_truth_mentions": out_dir / "ground_truth_mentions.csv",
    }
    with (
        paths["mentions"].open("w", encoding="utf-8", newline="\n") as jf,
        paths["ground_truth_mentions"].open("w", encoding="utf-8", newline="") as cf,
    ):
        writer = csv.writer(cf, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        dumps = json.JSONEncoder(ensure_ascii=False).encode

        def write(row: tuple, truth: tuple) -> None:
            jf.write(dumps(dict(zip(COLUMNS, row, strict=True))))
            jf.write("\n")
            writer.writerow(truth)

        gt = _run(config, write)
    paths["ground_truth"].write_text(json.dumps(gt, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return paths


# ------------------------------------------------------------------ ground truth
def _account(tables: dict[str, AuthorTable], acct: Planted, sim: Simulation, **extra: object) -> dict:
    table = tables[acct.platform]
    idx = table.planted[acct.handle]
    out: dict[str, object] = {"platform": acct.platform, "author_id": table.ids[idx], "handle": acct.handle}
    out.update(extra)
    counts = sim.received.get((acct.platform, idx))
    if counts is not None:
        out["observed"] = {
            "posts": counts[0],
            "replies_and_shares_received": counts[1],
            "distinct_repliers_and_sharers": len(sim.repliers[(acct.platform, idx)]),
        }
    return out


def _ground_truth(
    config: DemoConfig, tl: Timeline, tables: dict[str, AuthorTable], sim: Simulation, stats: _Stats
) -> dict:
    crisis_days = list(range(tl.crisis.first, tl.crisis.last + 1))
    normal = sorted(stats.own_day[d] for d in range(tl.n_days) if d not in tl.crisis and d not in tl.contest)
    baseline = normal[len(normal) // 2] if normal else 0
    crisis_volume = [stats.own_day[d] for d in crisis_days]
    crisis_neg = sum(stats.own_neg_day[d] for d in crisis_days) / max(1, sum(crisis_volume))
    contest_start = tl.dates[tl.contest.first]
    turned_on = tl.date_of(tl.crisis.first)
    new_authors = sum(1 for day, contest in stats.first_seen.values() if contest and day in tl.contest)
    return {
        "seed": config.seed,
        "start": tl.date_of(0),
        "end": tl.date_of(tl.n_days - 1),
        "n_mentions": stats.n,
        "n_mentions_target": config.n_mentions,
        "n_authors": len(stats.first_seen),
        "brands": {"own": V.OWN_BRAND, "competitors": list(V.COMPETITORS)},
        "brand_accounts": [_account(tables, a, sim, brand=a.brand, role=a.role) for a in BRAND_ACCOUNTS],
        "influencers": [
            _account(tables, a, sim, followers=a.followers, stance=a.stance, lang=a.lang) for a in INFLUENCERS
        ],
        "detractors": [_account(tables, a, sim, followers=a.followers, brand=a.brand, lang=a.lang) for a in DETRACTORS],
        "at_risk": [
            _account(tables, a, sim, followers=a.followers, brand=a.brand, lang=a.lang, turned_on=turned_on)
            for a in AT_RISK
        ],
        "decoys": [
            {
                "platform": p,
                "author_id": t.ids[i],
                "handle": t.handles[i],
                "followers": t.followers[i],
                "observed": {"posts": stats.posts_by.get((p, t.ids[i]), 0)},
            }
            for p, t in tables.items()
            for i in t.decoys
        ],
        "crisis": {
            "brand": V.OWN_BRAND,
            "start": tl.date_of(tl.crisis.first),
            "end": tl.date_of(tl.crisis.last),
            "topic": "network_outage",
            "description": "Province-wide Nexora mobile and internet outage starting at dawn; customers demand "
            "refunds, Nexora posts status updates and restores service on the second day.",
            "expected_direction": "negative",
            "hashtags": sorted(V.CRISIS_TAGS.values()),
            "keywords_fr": ["panne générale", "panne", "remboursement", "crédit", "aucun signal"],
            "keywords_en": ["outage", "down", "refund", "bill adjustment", "zero signal"],
            "observed": {
                "own_brand_daily_median": baseline,
                "own_brand_volume_on_crisis_days": crisis_volume,
                "volume_multiple": round(sum(crisis_volume) / len(crisis_volume) / max(1, baseline), 2),
                "negative_share": round(crisis_neg, 3),
            },
        },
        "contest": {
            "brand": V.OWN_BRAND,
            "hashtags": [V.CONTEST_TAGS["en"], V.CONTEST_TAGS["fr"]],
            "start": contest_start.isoformat(),
            "end": tl.date_of(tl.contest.last),
            "topic": "contest",
            "prize": V.CONTEST_PRIZE,
            "description": "Nexora giveaway: follow, like, share and tag friends to win a phone.",
            "observed": {
                "mentions_with_hashtag": sum(stats.tag_days.values()),
                "days_with_hashtag": sorted(stats.tag_days),
                "new_authors": new_authors,
            },
        },
        "linked_sites": sorted(s.split("/")[0].removeprefix("www.") for s in LINKED_SITES),
        "topics": [
            {"id": t, "name": info["name"], "keywords_en": info["en"], "keywords_fr": info["fr"]}
            for t, info in V.TOPICS.items()
        ],
        "platforms": dict(sorted(stats.platforms.items())),
        "languages": dict(sorted(stats.langs.items())),
        "sentiments": dict(sorted(stats.sentiments.items())),
        "no_brand_share": round(stats.no_brand / max(1, stats.n), 3),
    }
