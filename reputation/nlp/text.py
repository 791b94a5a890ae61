"""Small text clean-ups shared by the models."""

from __future__ import annotations

import re

import pandas as pd

URL = re.compile(r"https?://\S+|www\.\S+")
HANDLE = re.compile(r"(?<!\w)@\w+")


def strip_noise(texts: pd.Series) -> pd.Series:
    """Remove URLs and @handles, and the # of hashtags: they carry no language or sentiment of their own."""
    return (
        texts.fillna("")
        .str.replace(URL, " ", regex=True)
        .str.replace(HANDLE, " ", regex=True)
        .str.replace("#", " ", regex=False)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )
