from __future__ import annotations

import pandas as pd
import pytest

from reputation.nlp.text import HANDLE, URL, strip_noise


def _by_regexes(texts: pd.Series) -> pd.Series:
    """strip_noise as it is defined: pandas regex passes over the whole series."""
    return (
        texts.fillna("")
        .str.replace(URL, " ", regex=True)
        .str.replace(HANDLE, " ", regex=True)
        .str.replace("#", " ", regex=False)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )


TEXTS = [
    "Le réseau de @Nexora_FR est en panne #panne https://t.co/x1 depuis 3 jours",
    "  a\u00a0b\u2003c\u3000d\t\ne  ",  # Unicode spaces: the regex's \s and str.split() agree
    "mail@nexora.com @début de phrase",  # an address is not a handle
    "www.nexora.fr/offres et http://a.b?c=d fin",
    "zéro\u200blargeur \x1c\x1d\x1e\x1f \x85 fin",
    "##double #é@h",
    "",
    None,
]


@pytest.mark.parametrize("dtype", [object, "str"])
def test_strip_noise_gives_what_the_regex_passes_give(dtype: object):
    texts = pd.Series(TEXTS, index=range(10, 10 + len(TEXTS)), dtype=dtype, name="text")
    fast = strip_noise(texts)
    pd.testing.assert_series_equal(fast, _by_regexes(texts))
    assert fast.iloc[0] == "Le réseau de est en panne panne depuis 3 jours"
    assert fast.iloc[2] == "mail@nexora.com de phrase"
