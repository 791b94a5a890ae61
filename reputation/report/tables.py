"""The weekly report's figures as CSV tables, for an analyst's spreadsheet: attached to the e-mail and saved beside
the HTML report, one file per table (`weekly-<week end>-<table>.csv`).

Every file is UTF-8 with a byte-order mark (so Excel reads accents right), comma-separated with a dot for decimals,
dates in ISO 8601, ratios as fractions (0.25 = 25 %), and starts with the report's `week_start` and `week_end`
columns, so several weeks' files can be stacked. Cells of text that a spreadsheet would run as a formula (starting
with =, or with + - @ and holding a call, a reference or a pipe) are prefixed with an apostrophe. Lists (terms,
topics, mention ids) are joined with "; ".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

TABLES = (
    "brands", "daily", "topics", "emerging", "community", "voice", "alerts", "media_outlets", "sources_to_add",
    "campaigns",
)  # fmt: skip
ALERT_COLUMNS = [
    "rank", "alert_id", "brand", "kind", "signal", "started_at", "ended_at", "peak_at", "mentions", "observed",
    "expected", "score", "terms", "topics", "examples",
]  # fmt: skip
OUTLET_COLUMNS = [
    "brand", "rank", "outlet", "kind", "platform", "name", "mentions", "authors", "reach", "net_sentiment",
    "share_of_brand", "first_seen", "last_seen", "week_mentions", "new_this_week",
]  # fmt: skip
SOURCE_COLUMNS = [
    "brand", "rank", "domain", "mentions", "linked", "published", "authors", "net_sentiment", "first_seen",
    "last_seen", "example_url",
]  # fmt: skip
CAMPAIGN_COLUMNS = [
    "campaign", "kind", "brand", "status", "start_day", "end_day", "days", "mentions", "member_mentions",
    "participants", "new_members", "new_member_share", "reach", "engagement", "net_sentiment", "brand_mentions",
    "brand_per_day", "baseline_days", "baseline_per_day", "lift", "extra_mentions", "brand_net_sentiment",
    "baseline_net_sentiment", "share_of_voice", "baseline_share_of_voice",
]  # fmt: skip
# the context's brand rows -> the CSV's columns
BRAND_COLUMNS = {
    "brand": "brand",
    "mentions": "mentions",
    "prev_mentions": "prev_mentions",
    "change": "mentions_change",
    "net": "net_sentiment",
    "net_delta": "net_sentiment_change",
    "share_of_voice": "share_of_voice",
    "prev_share_of_voice": "prev_share_of_voice",
    "reach": "reach",
    "prev_reach": "prev_reach",
    "reach_change": "reach_change",
}
# Text a spreadsheet could run as a formula: `=...`, or `+`, `-`, `@` followed by a call, a reference or a pipe
# (a handle like @nexora or a phone number like +33 6 stays as it is).
_FORMULA = re.compile(r"^(?:[=\t\r]|[+\-@].*[(=!|])", re.S)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    for c in columns:
        if c not in df.columns:
            df[c] = pd.Series(dtype=object)
    return df[columns]


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values) if values is not None else ""


def _section_tables(context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The tables of the week's alerts, the media map and the campaigns, for the sections the context holds."""
    tables = {}
    if "alerts" in context:
        rows = [
            {
                **a,
                "rank": i + 1,
                "terms": _joined(a["terms"]),
                "topics": _joined(f"{t['label']} ({t['mentions']})" for t in a["topics"]),
                "examples": _joined(a["example_ids"]),
            }
            for i, a in enumerate(context["alerts"])
        ]
        tables["alerts"] = _frame(rows, ALERT_COLUMNS)
    if "media" in context:
        media = context["media"]
        listed = {o["outlet"]: o for o in [*media["outlets"], *media["new"]]}  # an outlet in both lists once
        outlets = sorted(listed.values(), key=lambda o: o["rank"])
        tables["media_outlets"] = _frame(outlets, OUTLET_COLUMNS)
        tables["sources_to_add"] = _frame(media["candidates"], SOURCE_COLUMNS)
    if "campaigns" in context:
        tables["campaigns"] = _frame(context["campaigns"], CAMPAIGN_COLUMNS)
    return tables


def report_tables(context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The report's tables: brands (the week against the week before), daily (8 weeks per brand), topics,
    emerging topics, community (advocates, detractors, members at risk), voice (the voice of the community), then,
    when the context holds those sections, alerts (the week's, as listed), media_outlets (the own brand's top and
    new outlets), sources_to_add (domains mentions link to that no source collects) and campaigns."""
    brands = _frame(context["brands"], list(BRAND_COLUMNS)).rename(columns=BRAND_COLUMNS)
    daily = context["daily"][["day", "brand", "mentions", "positive", "negative", "net_sentiment", "reach"]].copy()
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    topics = _frame(context["topics"], ["label", "top_terms", "mentions", "net"])
    topics = topics.rename(columns={"net": "net_sentiment"})
    topics["top_terms"] = topics["top_terms"].map(lambda t: "; ".join(t) if t is not None and len(t) else "")
    emerging = _frame(context["emerging"], ["kind", "label", "mentions", "baseline", "ratio"])
    period = context.get("roles_period") or {}
    community = _frame(
        [r for role in ("advocate", "detractor", "at_risk") for r in context.get("roles", {}).get(role, [])],
        ["role", "rank", "who", "platform", "followers", "influence_score", "mentions", "net_sentiment", "net_before"],
    )
    community.insert(1, "period", period.get("period"))
    voice = _frame(
        [
            {**row, "rank": i + 1}
            for intent in context.get("voice", {})
            for i, row in enumerate(context["voice"][intent])
        ],
        ["intent", "rank", "who", "platform", "local_time", "engagement", "sentiment", "text", "url"],
    )
    tables = {
        "brands": brands,
        "daily": daily,
        "topics": topics,
        "emerging": emerging,
        "community": community,
        "voice": voice,
        **_section_tables(context),
    }
    for df in tables.values():
        df.insert(0, "week_end", context["end"])
        df.insert(0, "week_start", context["start"])
    return tables


def _defuse(value: object) -> object:
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as the CSV bytes described in the module's docstring."""
    out = df.infer_objects()
    for c in out.columns:
        if pd.api.types.is_object_dtype(out[c]) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(_defuse)
        elif pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(4)
    return out.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S", lineterminator="\r\n").encode("utf-8-sig")


def table_filename(context: dict[str, Any], name: str) -> str:
    return f"weekly-{context['end'].isoformat()}-{name}.csv"


def write_tables(context: dict[str, Any], out_dir: Path, tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Save the report's tables as CSV files in `out_dir`; returns the files written."""
    written = []
    for name, df in (tables or report_tables(context)).items():
        path = out_dir / table_filename(context, name)
        path.write_bytes(csv_bytes(df))
        written.append(path)
    return written
