"""Webhooks: a JSON document POSTed to a URL, signed with HMAC-SHA256 when the project names a shared secret.

Headers sent with each POST:

- `X-Reputation-Event`: what the body is (`alert`);
- `X-Reputation-Delivery`: the delivery's id, the same for its retries;
- `X-Reputation-Dedup-Key`: what is delivered (the alert's id), for receivers that deduplicate too;
- `X-Reputation-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body with the secret (when set).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import pandas as pd

from reputation.config import ProjectError, env_secret
from reputation.config_signals import Webhook
from reputation.delivery import DeliveryError

DEFAULT_TIMEOUT = 10.0  # seconds, to connect and for the answer
SIGNATURE_HEADER = "X-Reputation-Signature-256"
USER_AGENT = "reputation-webhook/1"


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _clean(value: object) -> object:
    """NaN and missing values (a DataFrame row's) as null: JSON has no NaN."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "tolist") and not isinstance(value, datetime | date):  # numpy arrays and scalars
        return _clean(value.tolist())
    return value


def encode(payload: Mapping[str, Any]) -> bytes:
    """The body: compact UTF-8 JSON, keys sorted (the same payload always gives the same bytes and signature);
    dates and times in ISO 8601, NaN as null."""
    text = json.dumps(
        _clean(payload),
        default=_json_default,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return text.encode()


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=<hex HMAC-SHA256 of the body>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_target(hook: Webhook, hooks: Sequence[Webhook] = ()) -> str:
    """The name a webhook goes by in the deliveries table: its `name`, else its URL's host (the full URL may hold a
    token); with a short hash of the URL when another unnamed webhook has the same host."""
    if hook.name:
        return hook.name
    host = urlsplit(hook.url).netloc.rpartition("@")[2]
    if sum(1 for h in hooks if not h.name and urlsplit(h.url).netloc.rpartition("@")[2] == host) > 1:
        return f"{host}#{hashlib.sha256(hook.url.encode()).hexdigest()[:8]}"
    return host


def post_json(
    hook: Webhook,
    body: bytes,
    *,
    event: str,
    delivery_id: str,
    dedup_key: str,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """POST `body` (JSON) to the webhook; returns the answer's status line. Raises :class:`DeliveryError`,
    retryable for timeouts, unreachable servers, 408, 429 and 5xx answers."""
    name = webhook_target(hook)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Reputation-Event": event,
        "X-Reputation-Delivery": delivery_id,
        "X-Reputation-Dedup-Key": dedup_key,
    }
    if hook.secret_env:
        try:
            headers[SIGNATURE_HEADER] = sign(env_secret(hook.secret_env), body)
        except ProjectError as err:
            raise DeliveryError(f"webhook {name}: {err}", retryable=False) from None
    try:
        answer = httpx.post(hook.url, content=body, headers=headers, timeout=timeout, follow_redirects=False)
    except httpx.TimeoutException:
        raise DeliveryError(f"webhook {name}: no answer within {timeout:g} s") from None
    except httpx.ConnectError as err:
        raise DeliveryError(f"webhook {name}: cannot connect ({' '.join(str(err).split())})") from None
    except httpx.HTTPError as err:
        raise DeliveryError(f"webhook {name}: {type(err).__name__}: {' '.join(str(err).split())}") from None
    status = f"HTTP {answer.status_code} {answer.reason_phrase}".strip()
    if answer.is_success:
        return status
    said = " ".join(answer.text.split())[:200]
    retryable = answer.status_code in (408, 429) or answer.status_code >= 500
    if answer.is_redirect:
        said = f"redirected to {answer.headers.get('location', '?')} (give the final URL)"
    raise DeliveryError(f"webhook {name}: {status}" + (f": {said}" if said else ""), retryable=retryable)
