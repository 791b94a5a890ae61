"""Structured logs: one event per run and per stage, with counts and durations (docs/operations.md, "Logs").

Events go to the logger ``reputation.events``: as a readable line on the console (and in Prefect's run logs, which
pick up the ``reputation`` loggers), and as one JSON object per line in the project's log file
(``<log_dir>/reputation.jsonl``) once :func:`log_to_file` was called. ``REPUTATION_LOG_FORMAT=json`` makes the
console lines JSON too (for log collectors).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger("reputation.events")
LOG_FILE = "reputation.jsonl"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, event and its fields, or the message."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if fields is not None:
            doc["event"] = record.event  # type: ignore[attr-defined]
            doc.update(fields)
        else:
            doc["message"] = record.getMessage()
        return json.dumps(doc, default=str, ensure_ascii=False)


def _human(event: str, fields: dict[str, Any]) -> str:
    parts = [f"{k}={v}" for k, v in fields.items() if v is not None and k != "detail"]
    detail = f" ({fields['detail']})" if fields.get("detail") else ""
    return f"{event} " + " ".join(parts) + detail


def log_event(event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log a structured event (`run_started`, `run_finished`, `stage`...) with its fields."""
    if fields.get("status") == "failed":
        level = max(level, logging.ERROR)
    LOGGER.log(level, _human(event, fields), extra={"event": event, "fields": fields})


def log_to_file(log_dir: Path) -> Path:
    """Also append the events, as JSON lines, to `log_dir`/reputation.jsonl (once per file and process)."""
    path = (log_dir / LOG_FILE).resolve()
    for h in LOGGER.handlers:
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    if os.environ.get("REPUTATION_LOG_FORMAT", "").lower() == "json":
        _json_console()
    return path


def _json_console() -> None:
    if not any(getattr(h, "_reputation_console", False) for h in LOGGER.handlers):
        console = logging.StreamHandler()
        console.setFormatter(JsonFormatter())
        console._reputation_console = True  # type: ignore[attr-defined]
        LOGGER.addHandler(console)
        LOGGER.propagate = False  # one JSON line per event, not a second human one
