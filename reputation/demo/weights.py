"""Behaviour weights of the simulated market: who talks about what, how, and how much others react.

All tables are plain numbers so they can be tuned in one place; :func:`mix` turns keyword weights into the
cumulative tables that :meth:`ThreadEngine.choose <reputation.demo.engine.ThreadEngine.choose>` samples from.
"""

from __future__ import annotations

from . import vocab as V
from .population import ROOT_SHARE

Mix = tuple[tuple[float, ...], tuple[str, ...]]  # cumulative weights, values


def mix(**weights: float) -> Mix:
    """Cumulative-weight table (a brand-free mention is spelled ``none``)."""
    total = sum(weights.values())
    acc, cum = 0.0, []
    for w in weights.values():
        acc += w
        cum.append(acc / total)
    return tuple(cum), tuple(weights)


# Mean direct replies / shares of an ordinary original post, per platform.
REPLY_MU = {
    "twitter": 0.30,
    "facebook": 0.45,
    "instagram": 0.35,
    "reddit": 1.1,
    "youtube": 0.25,
    "forum": 1.3,
    "blog": 0.4,
    "news": 0.5,
    "review": 0.0,
}
SHARE_MU = {"twitter": 0.22, "facebook": 0.12}
NEST_MU = {
    "twitter": 0.2,
    "facebook": 0.25,
    "instagram": 0.15,
    "reddit": 0.5,
    "youtube": 0.15,
    "forum": 0.45,
    "blog": 0.15,
    "news": 0.2,
    "review": 0.0,
}
SUPPORT_RATE = {"Nexora": 0.42, "Telvia": 0.3, "Orbix": 0.2, "Fibrea": 0.15}
MAX_DEPTH = 4

REPLY_SENTIMENT = {
    "negative": mix(negative=0.62, neutral=0.25, positive=0.13),
    "neutral": mix(negative=0.25, neutral=0.5, positive=0.25),
    "positive": mix(negative=0.15, neutral=0.3, positive=0.55),
}
CRISIS_REPLY = mix(negative=0.93, neutral=0.07)
INTENT = {
    "negative": mix(complaint=0.85, question=0.15),
    "neutral": mix(question=0.5, suggestion=0.2, other=0.3),
    "positive": mix(praise=1.0),
}

DEFAULT_N = 24_000  # planted accounts' post counts are given for this size and scale with n_mentions
NEXORA_SHARE_EST = 0.36  # Nexora's share of daily volume, used to size the crisis and contest extras
CRISIS_EXTRA = 5.0  # extra Nexora volume on crisis days, in multiples of its normal daily volume
CONTEST_EXTRA = 0.9  # extra Nexora volume per contest day (participations, shares)

PLATFORM_MIX = mix(**ROOT_SHARE)
CRISIS_PLATFORMS = mix(
    twitter=0.45, facebook=0.25, instagram=0.05, reddit=0.1, youtube=0.03, forum=0.06, news=0.02, review=0.04
)
CONTEST_PLATFORMS = mix(twitter=0.5, instagram=0.35, facebook=0.15)
BRAND_MIX = mix(Nexora=0.36, Telvia=0.26, Orbix=0.16, Fibrea=0.13, none=0.09)
TOPIC_BASE = {
    "network_outage": 0.16,
    "billing_price": 0.19,
    "customer_service": 0.16,
    "fibre_internet": 0.14,
    "5g_phones": 0.13,
    "delivery_installation": 0.09,
    "roaming_travel": 0.08,
    "contest": 0.05,
}
TOPIC_TILT = {
    "Fibrea": {"fibre_internet": 2.5, "5g_phones": 0.15, "roaming_travel": 0.15},
    "Orbix": {"5g_phones": 1.5, "fibre_internet": 0.4},
    "none": {"contest": 0.5},
}
SENTIMENT_BASE = {
    "Nexora": (0.30, 0.40, 0.30),
    "Telvia": (0.34, 0.40, 0.26),
    "Orbix": (0.30, 0.42, 0.28),
    "Fibrea": (0.27, 0.40, 0.33),
    "none": (0.25, 0.55, 0.20),
}
# Some topics are mostly complaints (billing, support), contests mostly happy.
NEG_TILT = {
    "customer_service": 0.12,
    "billing_price": 0.10,
    "network_outage": 0.04,
    "delivery_installation": 0.05,
    "contest": -0.12,
    "5g_phones": -0.04,
    "fibre_internet": 0.0,
    "roaming_travel": 0.0,
}
NEWS_SENTIMENT = mix(neutral=0.65, negative=0.22, positive=0.13)
INFL_TOPICS = mix(
    **{
        "5g_phones": 0.3,
        "fibre_internet": 0.25,
        "network_outage": 0.15,
        "billing_price": 0.15,
        "roaming_travel": 0.1,
        "customer_service": 0.05,
    }
)
DET_TOPICS = mix(
    billing_price=0.3, customer_service=0.3, network_outage=0.22, delivery_installation=0.1, fibre_internet=0.08
)
# Direct replies / shares received by planted accounts' posts.
INFL_REPLY = {"twitter": 3.5, "youtube": 7.0, "instagram": 5.0, "facebook": 4.0, "reddit": 6.0}
INFL_SHARE = {"twitter": 4.5, "facebook": 2.5}
DET_REPLY = {"twitter": 2.5, "facebook": 3.0, "reddit": 4.0, "youtube": 3.5}
DET_SHARE = {"twitter": 2.5, "facebook": 2.0}
UNDER_ADVOCATE = mix(negative=0.15, neutral=0.4, positive=0.45)
UNDER_DETRACTOR = mix(negative=0.55, neutral=0.3, positive=0.15)
UNDER_BRAND = mix(negative=0.45, neutral=0.35, positive=0.2)  # customers vent under brand promos


# Planted accounts, brand promos, crisis and contest moods.
CRISIS_DAY_OWN = mix(negative=0.8, neutral=0.17, positive=0.03)  # off-topic Nexora posts sour too
DET_SENTIMENT = mix(negative=0.85, neutral=0.12, positive=0.03)
UNDER_CRISIS_NEWS = mix(negative=0.8, neutral=0.2)
UNDER_INFL_CONTEST = mix(neutral=0.6, positive=0.4)
INFL_BRANDS = mix(Nexora=0.62, Telvia=0.16, Orbix=0.12, Fibrea=0.10)
INFORMATIVE_SENTIMENT = mix(negative=0.15, neutral=0.7, positive=0.15)
ADVOCATE_OWN_SENTIMENT = mix(negative=0.05, neutral=0.35, positive=0.6)
ADVOCATE_OTHER_SENTIMENT = mix(negative=0.25, neutral=0.45, positive=0.3)
PROMO_PLATFORMS = mix(twitter=0.4, facebook=0.35, instagram=0.25)
UNDER_ANNOUNCE = mix(neutral=0.55, positive=0.4, negative=0.05)
CONTEST_ENTRY = mix(neutral=0.55, positive=0.38, negative=0.07)
UNDER_CONTEST_ENTRY = mix(neutral=0.5, positive=0.45, negative=0.05)


def _sentiment_table() -> dict[tuple[str, str], Mix]:
    out = {}
    for brand, (neg, neu, pos) in SENTIMENT_BASE.items():
        for topic, tilt in NEG_TILT.items():
            n, u, p = max(0.05, neg + tilt), max(0.05, neu - tilt / 2), max(0.05, pos - tilt / 2)
            out[(brand, topic)] = mix(negative=n, neutral=u, positive=p)
    return out


def _topic_table() -> dict[str, Mix]:
    out = {}
    for brand in (*V.BRANDS, "none"):
        tilt = TOPIC_TILT.get(brand, {})
        out[brand] = mix(**{t: w * tilt.get(t, 1.0) for t, w in TOPIC_BASE.items()})
    return out


SENTIMENT = _sentiment_table()
TOPIC = _topic_table()
