"""The base of every project-file model (reputation.config and the section modules beside it)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    # Unknown keys are errors: a typo in a key must not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)
