"""The weekly report: figures read from the warehouse's public views, rendered to one HTML file.

:func:`weekly_context` gathers the figures (a plain dict, easy to test), :func:`render_html` renders them with
autoescaping on, so nothing that comes from a mention can inject HTML.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from reputation.config import Project
from reputation.report.community import community_context
from reputation.report.wording import WORDING
from reputation.warehouse import Warehouse

PALETTE = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989"]


def last_complete_week_end(last_day: date) -> date:
    """The Sunday closing the last full Monday-Sunday week of data (`last_day` itself if it is a Sunday)."""
    return last_day - timedelta(days=(last_day.weekday() + 1) % 7)


def _period(wh: Warehouse, week_end: date | None) -> tuple[date, date]:
    if week_end is None:
        last_day = wh.scalar("SELECT max(day) FROM daily_brand_metrics")
        if last_day is None:
            raise ValueError(f"{wh.path}: no mentions in the warehouse, nothing to report (check the sources)")
        week_end = last_complete_week_end(last_day)
    return week_end - timedelta(days=6), week_end


# A mention's local calendar day and time, in the project's time zone (the days of daily_brand_metrics).
_LOCAL = "timezone($tz, published_at AT TIME ZONE 'UTC')"


def _brand_rows(wh: Warehouse, start: date, end: date) -> list[dict[str, Any]]:
    prev_start, prev_end = start - timedelta(days=7), start - timedelta(days=1)
    df = wh.df(
        """
        SELECT brand,
               sum(mentions) FILTER (day BETWEEN $s AND $e) AS mentions,
               sum(mentions) FILTER (day BETWEEN $ps AND $pe) AS prev_mentions,
               sum(positive) FILTER (day BETWEEN $s AND $e) AS pos,
               sum(negative) FILTER (day BETWEEN $s AND $e) AS neg,
               sum(positive) FILTER (day BETWEEN $ps AND $pe) AS prev_pos,
               sum(negative) FILTER (day BETWEEN $ps AND $pe) AS prev_neg,
               sum(reach) FILTER (day BETWEEN $s AND $e) AS reach
        FROM daily_brand_metrics GROUP BY brand
        """,
        {"s": start, "e": end, "ps": prev_start, "pe": prev_end},  # type: ignore[arg-type]
    ).fillna(0)
    total = df["mentions"].sum()
    rows = []
    for r in df.itertuples():
        net = (r.pos - r.neg) / (r.pos + r.neg) if r.pos + r.neg else None
        prev_net = (r.prev_pos - r.prev_neg) / (r.prev_pos + r.prev_neg) if r.prev_pos + r.prev_neg else None
        change = (r.mentions - r.prev_mentions) / r.prev_mentions if r.prev_mentions else None
        rows.append(
            {
                "brand": r.brand,
                "mentions": int(r.mentions),
                "prev_mentions": int(r.prev_mentions),
                "change": change,
                "net": net,
                "net_delta": None if net is None or prev_net is None else net - prev_net,
                "share_of_voice": r.mentions / total if total else 0.0,
                "reach": int(r.reach),
            }
        )
    return sorted(rows, key=lambda r: -r["mentions"])


def volume_chart(daily: pd.DataFrame, width: int = 640, height: int = 180, first: str | None = None) -> Markup:
    """Inline SVG line chart of daily mentions per brand (numbers and escaped names only)."""
    if daily.empty:
        return Markup("")
    pivot = daily.pivot_table(index="day", columns="brand", values="mentions", aggfunc="sum").fillna(0)
    if first in pivot.columns:  # the own brand leads the legend
        pivot = pivot[[first, *(c for c in pivot.columns if c != first)]]
    top = max(float(pivot.to_numpy().max()), 1.0)
    n = max(len(pivot) - 1, 1)
    pad = 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 36}" role="img">',
        f'<text x="0" y="12" font-size="11" fill="#555">max {int(top)}/day</text>',
    ]
    for i, brand in enumerate(pivot.columns):
        pts = " ".join(
            f"{pad + (width - 2 * pad) * j / n:.1f},{height - (height - pad) * v / top:.1f}"
            for j, v in enumerate(pivot[brand])
        )
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{pts}"/>')
        parts.append(
            f'<text x="{pad + i * 120}" y="{height + 30}" font-size="12" fill="{color}">&#9632; {escape(brand)}</text>'
        )
    first, last = (pd.Timestamp(d).date().isoformat() for d in (pivot.index[0], pivot.index[-1]))
    parts.append(f'<text x="{pad}" y="{height + 14}" font-size="10" fill="#555">{first}</text>')
    parts.append(
        f'<text x="{width - pad}" y="{height + 14}" font-size="10" fill="#555" text-anchor="end">{last}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def weekly_context(wh: Warehouse, project: Project, week_end: date | None = None) -> dict[str, Any]:
    """Every figure the weekly report shows, for the Monday-Sunday week ending `week_end` (default: the last
    complete week of data); days and times are in the project's time zone."""
    start, end = _period(wh, week_end)
    own = project.brands.own.name
    window = {"s": start, "e": end, "tz": project.timezone}
    in_week = f"CAST({_LOCAL} AS DATE) BETWEEN $s AND $e"
    daily = wh.df(
        "SELECT day, brand, mentions FROM daily_brand_metrics WHERE day > $e - INTERVAL 56 DAY AND day <= $e",
        {"e": end},  # type: ignore[arg-type]
    )
    topics = wh.df(
        f"""
        SELECT t.label, t.top_terms, count(*) AS mentions,
               (count_if(m.sentiment = 'positive') - count_if(m.sentiment = 'negative'))
                 / nullif(count_if(m.sentiment IN ('positive', 'negative')), 0) AS net
        FROM mentions m
        JOIN topics t ON t.topic_id = m.topic_id
        JOIN active_models a ON a.stage = 'topics' AND a.model = t.model AND a.model_version = t.model_version
        WHERE {in_week}
        GROUP BY ALL ORDER BY mentions DESC LIMIT 8
        """,
        window,  # type: ignore[arg-type]
    )
    # Topics new or growing abnormally in the report's week (topic_alerts; weeks start on Monday like the report's).
    emerging = wh.df(
        """
        SELECT kind, label, mentions, baseline, ratio,
               (SELECT list(m.text ORDER BY m.mention_id) FROM mentions m WHERE list_contains(a.examples, m.mention_id))
                 AS examples
        FROM topic_alerts a WHERE week = $s ORDER BY mentions DESC LIMIT 5
        """,
        {"s": start},  # type: ignore[arg-type]
    )
    # All-time ranking; the stance column says whether each one speaks well or badly of the own brand.
    influencers = wh.df(
        """
        SELECT coalesce(a.handle, a.author_id) AS who, a.platform, a.followers, a.mentions, a.influence_score,
               (count_if(m.sentiment = 'positive') - count_if(m.sentiment = 'negative'))
                 / nullif(count_if(m.sentiment IN ('positive', 'negative')), 0) AS stance
        FROM authors a
        LEFT JOIN mentions m ON m.author_id = a.author_id AND list_contains(m.brands, $own)
        WHERE a.influence_rank IS NOT NULL AND a.influence_rank <= 10
        GROUP BY ALL ORDER BY a.influence_score DESC
        """,
        {"own": own},  # type: ignore[arg-type]
    )
    notable_sql = f"""
        SELECT coalesce(author_handle, author_id) AS who, platform, {_LOCAL} AS local_time, text, sentiment,
               coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement
        FROM mentions
        WHERE {in_week} AND list_contains(brands, $own) {{extra}}
          -- what the community says: the brands' own posts are not "notable mentions"
          AND author_id NOT IN (SELECT author_id FROM community_authors WHERE is_brand_account)
        ORDER BY engagement DESC, published_at LIMIT 5
    """
    params = {**window, "own": own}
    top_engaged = wh.df(notable_sql.format(extra=""), params)  # type: ignore[arg-type]
    top_negative = wh.df(notable_sql.format(extra="AND sentiment = 'negative'"), params)  # type: ignore[arg-type]
    brands = _brand_rows(wh, start, end)
    return {
        "project": project.name,
        "own": own,
        "start": start,
        "end": end,
        "timezone": project.timezone,
        "brands": brands,
        "week_mentions": sum(b["mentions"] for b in brands),
        "chart": volume_chart(daily, first=own),
        "topics": topics.to_dict("records"),
        "emerging": [
            {**r, "examples": [] if r["examples"] is None else list(r["examples"])[:2]}
            for r in emerging.to_dict("records")
        ],
        "influencers": influencers.to_dict("records"),
        "top_engaged": top_engaged.to_dict("records"),
        "top_negative": top_negative.to_dict("records"),
        **community_context(wh, start, end, own),
    }


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value * 100:+.0f} %" if signed else f"{value * 100:.0f} %"


def _num(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value:,.0f}".replace(",", "\u202f")


def _signed(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:+.2f}"


def _hours(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.1f} h"


def render_html(context: dict[str, Any], language: str = "en") -> str:
    env = Environment(loader=PackageLoader("reputation.report"), autoescape=select_autoescape(["html", "j2"]))
    env.filters.update(pct=_pct, num=_num, signed=_signed, hours=_hours)
    template = env.get_template("weekly.html.j2")
    return template.render(**context, t=WORDING[language], lang=language)


def write_reports(context: dict[str, Any], project: Project, out_dir: Path | None = None) -> list[Path]:
    """Render a report context in the project's language(s) and save it; returns the files written."""
    languages = {project.report.language} | {r.language for r in project.report.recipients if r.language}
    out_dir = out_dir or project.report_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in sorted(languages):
        path = out_dir / f"weekly-{context['end'].isoformat()}-{lang}.html"
        path.write_text(render_html(context, lang), encoding="utf-8")
        written.append(path)
    return written


def save_weekly_report(
    wh: Warehouse, project: Project, out_dir: Path | None = None, week_end: date | None = None
) -> list[Path]:
    """Build the weekly report from the warehouse and save it in every language the project uses."""
    return write_reports(weekly_context(wh, project, week_end), project, out_dir)
