"""What `reputation status` shows: the last runs, where each stage stands, and how fresh each source is.

Read-only queries over the run history (`runs`, `stage_runs`, `stage_watermarks`) and the raw layer; each returns a
DataFrame (times in UTC, naive, like the warehouse).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from reputation.config import FileSource, Project
from reputation.warehouse import Warehouse


def last_runs(wh: Warehouse, n: int = 10) -> pd.DataFrame:
    """The `n` latest runs, newest first, with their duration in seconds and the mentions they added."""
    return wh.df(
        """
        SELECT run_id, flow, started_at, ended_at, status,
               date_diff('millisecond', started_at, ended_at) / 1000.0 AS seconds,
               mentions_after - mentions_before AS new_mentions, mentions_after AS mentions,
               stages_ok, stages_failed, rows_out, model_versions, params, error
        FROM runs ORDER BY started_at DESC LIMIT ?
        """,
        [n],
    )


def stage_state(wh: Warehouse) -> pd.DataFrame:
    """Per stage: its last run (status, when, rows, detail) and its last successful run."""
    return wh.df(
        """
        SELECT stage,
               arg_max(status, ended_at) AS last_status,
               max(ended_at) AS last_run,
               max(ended_at) FILTER (WHERE status = 'ok') AS last_ok,
               arg_max(rows_out, ended_at) AS rows_out,
               arg_max(detail, ended_at) AS detail
        FROM stage_runs GROUP BY stage ORDER BY min(started_at)
        """
    )


def watermarks(wh: Warehouse) -> pd.DataFrame:
    """Per-mention stages' watermarks for the active model versions, and how many mentions are behind each."""
    return wh.df(
        """
        SELECT w.output, w.model || '@' || w.model_version AS model, w.high_water, w.updated_at,
               (SELECT count(*) FROM raw_mentions r WHERE r.ingested_at > w.high_water) AS behind
        FROM stage_watermarks w
        JOIN active_models a ON a.model = w.model AND a.model_version = w.model_version
        ORDER BY w.output
        """
    )


def source_freshness(wh: Warehouse, project: Project, now: datetime, stale_after: timedelta) -> pd.DataFrame:
    """Per source of the project (and any other source found in the warehouse): its last load, last error, its
    mentions and the newest one, how old that is, and whether it is stale (no successful load within
    `stale_after`; a source never loaded is stale)."""
    declared = pd.DataFrame(
        {
            "source": [s.name for s in project.sources],
            "kind": ["file" if isinstance(s, FileSource) else s.type for s in project.sources],
        },
        dtype=object,
    )
    loads = wh.df(
        """
        SELECT source,
               max(ingested_at) FILTER (WHERE error IS NULL) AS last_load,
               max(ingested_at) FILTER (WHERE error IS NOT NULL) AS last_error_at,
               arg_max(error, ingested_at) FILTER (WHERE error IS NOT NULL) AS last_error
        FROM ingest_log GROUP BY source
        """
    )
    cursors = wh.df("SELECT source, updated_at AS cursor_at FROM source_cursors")
    mentions = wh.df(
        "SELECT source, count(*) AS mentions, max(published_at) AS newest, max(ingested_at) AS last_new "
        "FROM raw_mentions GROUP BY source"
    )
    found = pd.concat([loads["source"], mentions["source"], cursors["source"]]).dropna().unique()
    extra = pd.DataFrame({"source": [s for s in found if s not in set(declared["source"])], "kind": "undeclared"})
    out = (
        pd.concat([declared, extra], ignore_index=True)
        .merge(loads, on="source", how="left")
        .merge(cursors, on="source", how="left")
        .merge(mentions, on="source", how="left")
    )
    # a live source's fetch that found nothing new still moves its cursor: that is a successful load too
    out["last_load"] = out[["last_load", "cursor_at"]].max(axis=1)
    out["mentions"] = out["mentions"].fillna(0).astype(int)
    out["newest_age_hours"] = (now - out["newest"]).dt.total_seconds() / 3600
    out["stale"] = out["last_load"].isna() | (now - out["last_load"] > stale_after)
    return out.drop(columns="cursor_at")
