"""The weekly report: figures read from the warehouse's public views, rendered to HTML (one file per language) and
to CSV tables, and e-mailed (:mod:`reputation.report.email`).

:func:`weekly_context` gathers the figures (a plain dict, easy to test), :func:`render_html` renders them with
autoescaping on, so nothing that comes from a mention can inject HTML. The charts are drawn by
:mod:`reputation.report.charts`; the week's alerts, the media map and the campaign results by
:mod:`reputation.report.sections`; the tables an analyst opens in a spreadsheet come from
:func:`reputation.report.tables.report_tables`. Building and rendering a report only reads the warehouse.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from reputation.config import Project
from reputation.report.charts import Chart, render_charts
from reputation.report.community import community_context
from reputation.report.examples import when
from reputation.report.sections import campaign_results, media_context, week_alerts
from reputation.report.tables import write_tables
from reputation.report.wording import ALERT_WORDING, WORDING
from reputation.warehouse import Warehouse


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


TREND_DAYS = 56  # the charts' 8 weeks, to the report's last day
VOICE_ROWS = 5  # per intent in the voice of the community
VOICE_INTENTS = ("complaint", "question", "suggestion")  # in the report's order

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
               sum(reach) FILTER (day BETWEEN $s AND $e) AS reach,
               sum(reach) FILTER (day BETWEEN $ps AND $pe) AS prev_reach
        FROM daily_brand_metrics GROUP BY brand
        """,
        {"s": start, "e": end, "ps": prev_start, "pe": prev_end},  # type: ignore[arg-type]
    ).fillna(0)
    total, prev_total = float(df["mentions"].sum()), float(df["prev_mentions"].sum())
    rows = []
    for r in df.itertuples():
        net = (r.pos - r.neg) / (r.pos + r.neg) if r.pos + r.neg else None
        prev_net = (r.prev_pos - r.prev_neg) / (r.prev_pos + r.prev_neg) if r.prev_pos + r.prev_neg else None
        change = (r.mentions - r.prev_mentions) / r.prev_mentions if r.prev_mentions else None
        sov, prev_sov = r.mentions / total if total else 0.0, r.prev_mentions / prev_total if prev_total else 0.0
        rows.append(
            {
                "brand": r.brand,
                "mentions": int(r.mentions),
                "prev_mentions": int(r.prev_mentions),
                "change": change,
                "net": net,
                "net_delta": None if net is None or prev_net is None else net - prev_net,
                "share_of_voice": sov,
                "prev_share_of_voice": prev_sov,
                "share_of_voice_delta": sov - prev_sov if prev_total else None,
                "reach": int(r.reach),
                "prev_reach": int(r.prev_reach),
                "reach_change": (r.reach - r.prev_reach) / r.prev_reach if r.prev_reach else None,
            }
        )
    return sorted(rows, key=lambda r: -r["mentions"])


def _sentiment_trend(wh: Warehouse, own: str, end: date) -> pd.DataFrame:
    """The own brand's net sentiment per day and over the 7 days to each day, for the chart's 8 weeks (from the
    first day of data on)."""
    return wh.df(
        f"""
        WITH days AS (
            SELECT CAST(unnest(generate_series(CAST($e AS DATE) - INTERVAL {TREND_DAYS + 6} DAY, CAST($e AS DATE),
                                               INTERVAL 1 DAY)) AS DATE) AS day
        ),
        own AS (
            SELECT d.day, coalesce(m.positive, 0) AS pos, coalesce(m.negative, 0) AS neg
            FROM days d LEFT JOIN daily_brand_metrics m ON m.day = d.day AND m.brand = $own
        )
        SELECT day, (pos - neg) / nullif(pos + neg, 0) AS net,
               (sum(pos) OVER w - sum(neg) OVER w) / nullif(sum(pos) OVER w + sum(neg) OVER w, 0) AS net_7d
        FROM own
        WINDOW w AS (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
        QUALIFY day > CAST($e AS DATE) - INTERVAL {TREND_DAYS} DAY
            AND day >= (SELECT min(day) FROM daily_brand_metrics WHERE brand = $own)
        ORDER BY day
        """,
        {"e": end, "own": own},  # type: ignore[arg-type]
    )


def voice_of_community(wh: Warehouse, project: Project, start: date, end: date) -> dict[str, Any]:
    """The week's suggestions, complaints and questions about the own brand from its members (not the brands'
    accounts): how many, against the week before, and the most engaging of each (near-duplicates, spam and posts
    flagged for personal data left out of the lists)."""
    params = {"s": start, "e": end, "tz": project.timezone, "own": project.brands.own.name, "n": VOICE_ROWS}
    members = f"""
        list_contains(brands, $own) AND intent IN {VOICE_INTENTS}
        AND author_id NOT IN (SELECT author_id FROM community_authors WHERE is_brand_account)
    """
    counts = wh.df(
        f"""
        SELECT intent,
               count(*) FILTER (CAST({_LOCAL} AS DATE) BETWEEN $s AND $e) AS week,
               count(*) FILTER (CAST({_LOCAL} AS DATE) BETWEEN $s - 7 AND $s - 1) AS previous
        FROM mentions WHERE {members} AND CAST({_LOCAL} AS DATE) BETWEEN $s - 7 AND $e
        GROUP BY intent
        """,
        {k: v for k, v in params.items() if k != "n"},  # type: ignore[arg-type]
    ).set_index("intent")
    top = wh.df(
        f"""
        SELECT intent, coalesce(author_handle, author_id) AS who, platform, {_LOCAL} AS local_time, text, sentiment,
               coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement, url, mention_id
        FROM mentions
        WHERE {members} AND CAST({_LOCAL} AS DATE) BETWEEN $s AND $e AND near_duplicate_of IS NULL
          AND NOT list_has_any(coalesce(moderation_flags, []), ['spam', 'personal_data'])
        QUALIFY row_number() OVER (PARTITION BY intent ORDER BY engagement DESC, published_at, mention_id) <= $n
        ORDER BY intent, engagement DESC, published_at, mention_id
        """,
        params,  # type: ignore[arg-type]
    )
    return {
        "voice": {i: top[top["intent"] == i].to_dict("records") for i in VOICE_INTENTS},
        "voice_counts": {
            i: {
                "week": int(counts.at[i, "week"]) if i in counts.index else 0,
                "previous": int(counts.at[i, "previous"]) if i in counts.index else 0,
            }
            for i in VOICE_INTENTS
        },
    }


def weekly_context(wh: Warehouse, project: Project, week_end: date | None = None) -> dict[str, Any]:
    """Every figure the weekly report shows, for the Monday-Sunday week ending `week_end` (default: the last
    complete week of data); days and times are in the project's time zone."""
    start, end = _period(wh, week_end)
    own = project.brands.own.name
    window = {"s": start, "e": end, "tz": project.timezone}
    in_week = f"CAST({_LOCAL} AS DATE) BETWEEN $s AND $e"
    daily = wh.df(
        "SELECT day, brand, mentions, positive, negative, net_sentiment, reach FROM daily_brand_metrics "
        f"WHERE day > $e - INTERVAL {TREND_DAYS} DAY AND day <= $e ORDER BY day, brand",
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
        "key": next((b for b in brands if b["brand"] == own), None),
        "week_mentions": sum(b["mentions"] for b in brands),
        "daily": daily,
        "sentiment_trend": _sentiment_trend(wh, own, end),
        "topics": topics.to_dict("records"),
        "emerging": [
            {**r, "examples": [] if r["examples"] is None else list(r["examples"])[:2]}
            for r in emerging.to_dict("records")
        ],
        "influencers": influencers.to_dict("records"),
        "top_engaged": top_engaged.to_dict("records"),
        "top_negative": top_negative.to_dict("records"),
        **voice_of_community(wh, project, start, end),
        **community_context(wh, start, end, own),
        **week_alerts(wh, project, start, end),
        **media_context(wh, project, end),
        **campaign_results(wh, project, end),
    }


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value * 100:+.0f} %" if signed else f"{value * 100:.0f} %"


def _num(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value:,.0f}".replace(",", "\u202f")


def _pts(value: float | None) -> str:
    """A change of a share, in percentage points."""
    return "–" if value is None or pd.isna(value) else f"{value * 100:+.0f} pts"


def _signed(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:+.2f}"


def _hours(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.1f} h"


def _times(value: float | None) -> str:
    """A ratio as a multiple: 1.9×."""
    return "–" if value is None or pd.isna(value) else f"{value:.1f}×"


def _alert_facts(alert: Mapping[str, Any], t: Mapping[str, str]) -> str:
    """An alert's observed value against the expected one, worded in the report's language (a share in %, a
    volume in mentions)."""
    signal = str(alert["signal"])
    if signal.startswith("negative_share"):
        observed, expected = _pct(alert["observed"]), _pct(alert["expected"])
    else:
        e = alert["expected"]
        observed, expected = _num(alert["observed"]), f"{e:.1f}" if e is not None and e < 10 else _num(e)
    return t.get(f"alert_facts_{signal}", t["alert_facts"]).format(observed=observed, expected=expected)


def environment(html: bool = True) -> Environment:
    """Templates of reports and e-mails; HTML ones autoescaped (`.html.j2`), plain-text ones (`.txt.j2`) not."""
    autoescape = select_autoescape(["html", "j2"]) if html else False
    env = Environment(
        loader=PackageLoader("reputation.report"), autoescape=autoescape, trim_blocks=not html, lstrip_blocks=not html
    )
    env.filters.update(
        pct=_pct, pts=_pts, num=_num, signed=_signed, hours=_hours, arrow=_arrow, times=_times, when=when,
        alert_facts=_alert_facts,
    )  # fmt: skip
    return env


def _arrow(value: float | None) -> str:
    if value is None or pd.isna(value) or abs(value) < 1e-9:
        return "→"
    return "▲" if value > 0 else "▼"


def render_html(context: dict[str, Any], language: str = "en", charts: Mapping[str, Markup] | None = None) -> str:
    """The report's HTML in `language`. `charts`: each chart's HTML (an inline SVG, or an <img> for e-mail); by
    default inline SVGs drawn from the context."""
    if charts is None:
        charts = {name: chart.svg for name, chart in render_charts(context).items()}
    template = environment().get_template("weekly.html.j2")
    return template.render(**context, t=WORDING[language], aw=ALERT_WORDING[language], lang=language, charts=charts)


def render_text(context: dict[str, Any], language: str = "en", **extra: Any) -> str:
    """The report's plain-text summary in `language` (the e-mail's text part)."""
    template = environment(html=False).get_template("weekly.txt.j2")
    return template.render(**context, **extra, t=WORDING[language], aw=ALERT_WORDING[language], lang=language)


def report_languages(project: Project) -> list[str]:
    """Every language the report is read in: report.language and the recipients'."""
    return sorted({project.report.language} | {r.language for r in project.report.recipients if r.language})


def write_reports(
    context: dict[str, Any], project: Project, out_dir: Path | None = None, charts: Mapping[str, Chart] | None = None
) -> list[Path]:
    """Save a report context: the HTML in each of the project's languages (charts inline, so the file shows them
    offline), then its tables as CSV files; returns the files written, the HTML first."""
    out_dir = out_dir or project.report_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    svgs = {name: c.svg for name, c in (charts or render_charts(context)).items()}
    written = []
    for lang in report_languages(project):
        path = out_dir / f"weekly-{context['end'].isoformat()}-{lang}.html"
        path.write_text(render_html(context, lang, svgs), encoding="utf-8")
        written.append(path)
    return written + write_tables(context, out_dir)


def save_weekly_report(
    wh: Warehouse, project: Project, out_dir: Path | None = None, week_end: date | None = None
) -> list[Path]:
    """Build the weekly report from the warehouse and save it (HTML in every language the project uses, CSV)."""
    return write_reports(weekly_context(wh, project, week_end), project, out_dir)
