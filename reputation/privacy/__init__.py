"""Privacy: pseudonymous authors (at ingestion, reputation.schema), retention of mentions for a limited time, and
the right to be forgotten (docs/privacy.md).

- :func:`apply_retention` deletes what is older than `privacy.retention_days`, everywhere;
- :func:`resolve` and :func:`forget` erase one author from every table and file, and keep a tombstone;
- :func:`ingest_exclusions` is what ingestion reads so that neither comes back.

Which table holds what is declared once, in :mod:`reputation.privacy.tables`.
"""

from reputation.privacy.erase import Erasure
from reputation.privacy.forget import ForgetResult, Identity, forget, resolve
from reputation.privacy.retention import RetentionResult, apply_retention, cutoff_for
from reputation.privacy.tombstones import IngestExclusions, ingest_exclusions

__all__ = [
    "Erasure",
    "ForgetResult",
    "Identity",
    "IngestExclusions",
    "RetentionResult",
    "apply_retention",
    "cutoff_for",
    "forget",
    "ingest_exclusions",
    "resolve",
]
