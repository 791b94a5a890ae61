"""Delivery of reports and alerts (e-mail, webhooks): retries with exponential backoff, every attempt recorded in
the warehouse table `deliveries`, and no second sending of what a target already received.

:func:`deliver` is the one retry loop; a channel only supplies a `send` function that raises :class:`DeliveryError`
(retryable or not) or returns a short description of the server's answer.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from reputation.config import Project
from reputation.warehouse import Warehouse, utcnow

Kind = Literal["report", "alert"]
Channel = Literal["email", "webhook"]


class DeliveryError(Exception):
    """A failed attempt, in one line. `retryable`: a later attempt may succeed (a busy or unreachable server),
    unlike a refused login or address, or a missing setting."""

    def __init__(self, message: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class RetryPolicy:
    """`retries` further attempts after a failed one, waiting `backoff_seconds`, then twice as long each time."""

    retries: int = 3
    backoff_seconds: float = 2.0

    @classmethod
    def from_project(cls, project: Project) -> RetryPolicy:
        return cls(project.alerts.retries, project.alerts.retry_backoff_seconds)

    def delays(self) -> Iterator[float]:
        """The wait before each retry."""
        return (self.backoff_seconds * 2**i for i in range(self.retries))


@dataclass(frozen=True)
class DeliveryResult:
    """How one delivery to one target ended: `sent`, `failed` (after `attempts` attempts, `error` the last cause)
    or `skipped` (this target already received it: no attempt made)."""

    kind: Kind
    channel: Channel
    target: str
    dedup_key: str
    status: Literal["sent", "failed", "skipped"]
    attempts: int
    error: str | None = None
    delivery_id: str | None = None

    def summary(self) -> str:
        what = f"{self.kind} {self.dedup_key} to {self.target} ({self.channel})"
        if self.status == "sent":
            return f"{what}: sent" + (f" at attempt {self.attempts}" if self.attempts > 1 else "")
        if self.status == "skipped":
            return f"{what}: already sent, not sent again"
        return f"{what}: FAILED after {self.attempts} attempt{'s' * (self.attempts != 1)}: {self.error}"


class DeliveryLog:
    """The warehouse table `deliveries` (migration 0013): what was sent, and every attempt."""

    def __init__(self, wh: Warehouse) -> None:
        self.wh = wh

    def already_sent(self, kind: Kind, channel: Channel, target: str, dedup_key: str) -> bool:
        return bool(
            self.wh.scalar(
                "SELECT count(*) FROM deliveries WHERE kind = ? AND channel = ? AND target = ? AND dedup_key = ? "
                "AND status = 'sent'",
                [kind, channel, target, dedup_key],
            )
        )

    def record(self, row: dict[str, object]) -> None:
        # One attempt at a time, as it ends: a process killed during a backoff still leaves the attempts made.
        self.wh.insert_new("deliveries", pd.DataFrame([row]), ["delivery_id", "attempt"])

    def attempts(self, dedup_key: str | None = None) -> pd.DataFrame:
        """The recorded attempts (of one dedup key), oldest first."""
        where, params = ("WHERE dedup_key = ?", [dedup_key]) if dedup_key is not None else ("", [])
        return self.wh.df(f"SELECT * FROM deliveries {where} ORDER BY attempted_at, delivery_id, attempt", params)


def deliver(
    send: Callable[[str], str],
    *,
    log: DeliveryLog | None,
    kind: Kind,
    channel: Channel,
    target: str,
    dedup_key: str,
    policy: RetryPolicy,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryResult:
    """Call `send(delivery_id)` until it succeeds, fails for good (a non-retryable error) or the policy's retries
    run out; record each attempt. The delivery id is the same for every attempt (webhooks send it, for receivers).

    Skipped, without any attempt, when `log` shows this target already received `dedup_key` (unless `force`).
    `log=None` records nothing and skips nothing (dry runs).
    """
    if log is not None and not force and log.already_sent(kind, channel, target, dedup_key):
        return DeliveryResult(kind, channel, target, dedup_key, "skipped", 0)
    delivery_id = uuid.uuid4().hex
    delays = policy.delays()
    attempt = 0
    while True:
        attempt += 1
        try:
            detail, error = send(delivery_id), None
        except DeliveryError as err:
            detail, error = None, err
        if log is not None:
            log.record(
                {
                    "delivery_id": delivery_id,
                    "kind": kind,
                    "channel": channel,
                    "target": target,
                    "dedup_key": dedup_key,
                    "attempt": attempt,
                    "status": "failed" if error else "sent",
                    "error": str(error) if error else None,
                    "detail": detail,
                    "attempted_at": utcnow(),
                }
            )
        if error is None:
            return DeliveryResult(kind, channel, target, dedup_key, "sent", attempt, delivery_id=delivery_id)
        wait = next(delays, None) if error.retryable else None
        if wait is None:
            return DeliveryResult(kind, channel, target, dedup_key, "failed", attempt, str(error), delivery_id)
        sleep(wait)
