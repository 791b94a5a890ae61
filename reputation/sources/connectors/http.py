"""One HTTP client for every connector: timeouts, retries with backoff, rate limits, conditional requests.

Retried: connection errors, timeouts, 429 (waiting what Retry-After says, capped) and 5xx. Not retried: other 4xx,
which mean the request itself is wrong (bad token, unknown account) and would fail again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

USER_AGENT = "reputation/0.1 (+https://github.com/reputation)"


class FetchError(RuntimeError):
    """A request that failed for good (after retries, or at once for a client error)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all
    backoff: float = 1.0  # seconds before the 2nd try, doubled each time
    max_wait: float = 60.0  # cap on any wait, Retry-After included


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After")
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        try:  # an HTTP date
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return default


class HttpClient:
    """A thin httpx wrapper; `sleep` is injectable so tests of long back-offs stay fast but real."""

    def __init__(
        self,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 20.0,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.waits: list[float] = []  # every wait, for the run report
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, **(headers or {})}, timeout=timeout, follow_redirects=True
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, params: Mapping[str, str | int] | None = None, headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """GET with retries; returns the response (2xx or 304), raises FetchError otherwise."""
        wait = self.policy.backoff
        for attempt in range(1, self.policy.attempts + 1):
            try:
                response = self._client.get(url, params=params, headers=headers)
            except (httpx.TransportError, httpx.TimeoutException) as err:
                problem, delay = f"{type(err).__name__}: {err}", wait
            else:
                if response.status_code < 400 or response.status_code == 304:
                    return response
                if response.status_code != 429 and response.status_code < 500:
                    raise FetchError(f"GET {response.url}: HTTP {response.status_code} {response.text[:200]!r}")
                problem = f"HTTP {response.status_code}"
                delay = _retry_after(response, wait) if response.status_code == 429 else wait
            if attempt == self.policy.attempts:
                raise FetchError(f"GET {url}: {problem} (after {attempt} tries)")
            delay = min(delay, self.policy.max_wait)
            self.waits.append(delay)
            self.sleep(delay)
            wait *= 2
        raise AssertionError("unreachable")
