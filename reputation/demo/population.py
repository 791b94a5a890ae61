"""Who posts: planted accounts (influencers, detractors, brand accounts, at-risk customers) and the crowd per platform.

An author lives on one platform: the same person on two platforms would be two authors, so every
table below is per platform and author ids are unique within their platform.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

from . import vocab as V
from .textkit import slugify

PLATFORMS = ("twitter", "facebook", "instagram", "reddit", "youtube", "forum", "blog", "news", "review")
# Share of *original* posts per platform (replies and shares come on top, mostly on the big three).
ROOT_SHARE = {
    "twitter": 0.30,
    "facebook": 0.22,
    "instagram": 0.15,
    "reddit": 0.085,
    "youtube": 0.07,
    "forum": 0.07,
    "blog": 0.03,
    "news": 0.035,
    "review": 0.04,
}
AUTHOR_SHARE = {
    "twitter": 0.31,
    "facebook": 0.19,
    "instagram": 0.12,
    "reddit": 0.09,
    "youtube": 0.07,
    "forum": 0.05,
    "blog": 0.02,
    "news": 0.015,
    "review": 0.075,
}
COMMENTER_SHARE = {"news": 0.03, "blog": 0.03}  # readers commenting on articles, part of the author budget
FR_SHARE = {
    "twitter": 0.5,
    "facebook": 0.62,
    "instagram": 0.56,
    "reddit": 0.32,
    "youtube": 0.55,
    "forum": 0.72,
    "blog": 0.6,
    "news": 0.6,
    "review": 0.55,
}
# Follower scale per platform: reviewers and forum members have almost no audience, outlets a real one.
FOLLOWER_SCALE = {
    "twitter": 1.0,
    "facebook": 1.0,
    "instagram": 1.3,
    "reddit": 0.25,
    "youtube": 0.5,
    "forum": 0.12,
    "blog": 6.0,
    "news": 12.0,
    "review": 0.04,
}
ORDINARY_MAX_FOLLOWERS = 45_000
# Decoys: ordinary people with a celebrity-sized audience (a hockey player, a singer) who mention the market a
# few times and get little interaction. A followers-only ranking puts them first; an influence ranking must not.
DECOYS_PER_PLATFORM = {"twitter": 3, "instagram": 2, "youtube": 1, "facebook": 1}
DECOY_FOLLOWERS = (500_000, 2_500_000)
CONTEST_PLATFORMS = ("twitter", "instagram", "facebook")
COMMENT_ONLY = ("news", "blog")  # platforms whose replies come from a separate pool of commenters


@dataclass(frozen=True)
class Planted:
    """A hand-made account whose influence the pipeline must find."""

    platform: str
    handle: str
    followers: int
    lang: str
    kind: str  # influencer | detractor | brand | turning (at-risk customer: happy, then turned by the crisis)
    posts: int = 0  # planned original posts for the default config (24k mentions)
    stance: str = ""  # influencers: advocate | informative
    brand: str = ""  # detractors: target brand; brand accounts: owner; at-risk customers: their provider
    role: str = ""  # brand accounts: support | corporate


INFLUENCERS = (
    Planted("twitter", "TechAvecSam", 182_000, "fr", "influencer", 75, "advocate"),
    Planted("twitter", "GadgetGuyCA", 241_000, "en", "influencer", 70, "advocate"),
    Planted("youtube", "TechnoJulie", 418_000, "fr", "influencer", 42, "advocate"),
    Planted("youtube", "MobileMattReviews", 305_000, "en", "influencer", 45, "advocate"),
    Planted("instagram", "lea.connectee", 96_000, "fr", "influencer", 55, "advocate"),
    Planted("twitter", "TelecomNewsQC", 67_000, "fr", "influencer", 100, "informative"),
    Planted("facebook", "Le Coin Techno", 131_000, "fr", "influencer", 48, "advocate"),
    Planted("reddit", "northern_bandwidth", 54_000, "en", "influencer", 42, "informative"),
    Planted("instagram", "techno.chloe", 124_000, "fr", "influencer", 52, "advocate"),
    Planted("twitter", "PhoneDealsPaul", 158_000, "en", "influencer", 48, "advocate"),
    Planted("facebook", "Branché au Quotidien", 86_000, "fr", "influencer", 44, "advocate"),
    Planted("reddit", "gigabit_gabe", 47_500, "en", "influencer", 44, "advocate"),
)
DETRACTORS = (
    Planted("twitter", "ClientEnColere", 24_500, "fr", "detractor", 62, brand="Nexora"),
    Planted("twitter", "BillShockCanada", 41_000, "en", "detractor", 55, brand="Nexora"),
    Planted("facebook", "Consommateurs Lésés QC", 68_000, "fr", "detractor", 40, brand="Nexora"),
    Planted("reddit", "throttled_again", 15_500, "en", "detractor", 42, brand="Nexora"),
    Planted("youtube", "SignalPerdu", 33_000, "fr", "detractor", 35, brand="Nexora"),
    Planted("twitter", "RembourseMoiSVP", 18_500, "fr", "detractor", 48, brand="Nexora"),
    Planted("facebook", "Abonnés Déçus Montréal", 52_000, "fr", "detractor", 36, brand="Nexora"),
    Planted("instagram", "dropped.calls.diary", 27_000, "en", "detractor", 40, brand="Nexora"),
    Planted("reddit", "fed_up_subscriber", 12_800, "en", "detractor", 34, brand="Nexora"),
    # Competitors' detractors: they talk mostly of their target and sit the Nexora outage out.
    Planted("twitter", "FactureSalee", 21_000, "fr", "detractor", 44, brand="Telvia"),
    Planted("youtube", "DeadZoneDiaries", 34_000, "en", "detractor", 32, brand="Orbix"),
)
BRAND_ACCOUNTS = (
    Planted("twitter", "NexoraHelp", 38_000, "fr", "brand", brand="Nexora", role="support"),
    Planted("twitter", "Nexora", 212_000, "fr", "brand", brand="Nexora", role="corporate"),
    Planted("facebook", "Nexora", 305_000, "fr", "brand", brand="Nexora", role="support"),
    Planted("instagram", "Nexora", 148_000, "fr", "brand", brand="Nexora", role="support"),
    Planted("reddit", "NexoraHelp", 1_200, "en", "brand", brand="Nexora", role="support"),
    Planted("review", "Nexora", 0, "fr", "brand", brand="Nexora", role="support"),
    Planted("twitter", "TelviaCares", 29_000, "fr", "brand", brand="Telvia", role="support"),
    Planted("facebook", "Telvia", 250_000, "fr", "brand", brand="Telvia", role="support"),
    Planted("twitter", "OrbixSupport", 12_000, "en", "brand", brand="Orbix", role="support"),
    Planted("twitter", "FibreaAide", 8_500, "fr", "brand", brand="Fibrea", role="support"),
)
# At-risk customers: ordinary-looking Nexora customers, happy until the outage and negative from it on. Their
# posts are spread evenly on both sides of the crisis (see ``Simulation``), not along the daily volume.
AT_RISK = (
    Planted("twitter", "mathieu_gagnon27", 640, "fr", "turning", 24, brand="Nexora"),
    Planted("twitter", "RyanMcLeod", 1_850, "en", "turning", 24, brand="Nexora"),
    Planted("facebook", "Nathalie Bergeron", 420, "fr", "turning", 24, brand="Nexora"),
    Planted("facebook", "Karen Whitfield", 290, "en", "turning", 24, brand="Nexora"),
    Planted("instagram", "cami.lavoie", 2_400, "fr", "turning", 24, brand="Nexora"),
    Planted("instagram", "jess.okafor22", 1_100, "en", "turning", 24, brand="Nexora"),
    Planted("reddit", "quiet_harbour41", 180, "en", "turning", 24, brand="Nexora"),
    Planted("reddit", "Pixel_Ouellet", 230, "fr", "turning", 24, brand="Nexora"),
    Planted("forum", "sylvie_cote", 160, "fr", "turning", 24, brand="Nexora"),
    Planted("forum", "DaveKowalski", 175, "en", "turning", 24, brand="Nexora"),
)
PLANTED = INFLUENCERS + DETRACTORS + BRAND_ACCOUNTS + AT_RISK

_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# A 64-bit odd multiplier coprime with 3 and 5: i -> i * _MULT + offset is a bijection modulo any
# power of 10, 36 or 64, so codes look random yet never collide; the offset decorrelates id families.
_MULT = 0x9E3779B97F4A7C19
_OFFSET = 0x5851F42D4C957F2D


def _mix(i: int, salt: int, modulus: int) -> int:
    return (i * _MULT + salt * _OFFSET + 0x14057B7EF767814F) % modulus


def scramble(i: int, alphabet: str, length: int, salt: int = 0) -> str:
    """Unique, random-looking fixed-length code for counter ``i`` (a bijection, so never a collision)."""
    base = len(alphabet)
    x = _mix(i, salt, base**length)
    out = []
    for _ in range(length):
        x, d = divmod(x, base)
        out.append(alphabet[d])
    return "".join(out)


def scramble_digits(i: int, length: int, salt: int = 0) -> str:
    """Numeric variant of :func:`scramble` without a leading zero."""
    return str(10 ** (length - 1) + _mix(i, salt, 9 * 10 ** (length - 1)))


@dataclass
class Pool:
    """Weighted author sampler (cumulative weights + bisect: O(log n) per draw)."""

    members: list[int] = field(default_factory=list)
    cum: list[float] = field(default_factory=list)

    def add(self, idx: int, weight: float) -> None:
        self.members.append(idx)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def draw(self, r: float) -> int:
        return self.members[bisect_right(self.cum, r * self.cum[-1])]

    def __bool__(self) -> bool:
        return bool(self.members)


@dataclass
class AuthorTable:
    """All authors of one platform, as parallel lists (fast to index in the hot loop)."""

    platform: str
    ids: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    followers: list[int] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # user | newcomer | influencer | detractor | brand | turning
    pools: dict[tuple[str, str], Pool] = field(default_factory=dict)  # (lang, "user"|"new") -> pool
    planted: dict[str, int] = field(default_factory=dict)  # handle -> index
    decoys: list[int] = field(default_factory=list)  # indices of ordinary users given a celebrity audience

    def add(self, author_id: str, handle: str, followers: int, lang: str, kind: str) -> int:
        self.ids.append(author_id)
        self.handles.append(handle)
        self.followers.append(followers)
        self.langs.append(lang)
        self.kinds.append(kind)
        return len(self.ids) - 1

    def pool(self, lang: str, group: str = "user") -> Pool:
        p = self.pools.get((lang, group))
        if p:
            return p
        return self.pools.get(("en" if lang == "fr" else "fr", group)) or Pool()


def _author_id(platform: str, i: int) -> str:
    if platform == "twitter":
        return scramble_digits(i, 18, 7)
    if platform == "facebook":
        return "1000" + scramble_digits(i, 11, 3)
    if platform == "instagram":
        return scramble_digits(i, 10, 5)
    if platform == "reddit":
        return "t2_" + scramble(i, _B36, 8, 11)
    if platform == "youtube":
        return "UC" + scramble(i, _B64, 22, 13)
    if platform == "forum":
        return "u" + scramble_digits(i, 6, 17)
    return f"{platform[:2]}-{scramble_digits(i, 7, 19)}"


class HandleMaker:
    """Plausible, unique-per-platform handles and display names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: dict[str, set[str]] = {p: set() for p in PLATFORMS}

    def make(self, platform: str, lang: str) -> str:
        rng = self.rng
        first = rng.choice(V.FIRST_NAMES[lang])
        last = rng.choice(V.LAST_NAMES[lang])
        word = rng.choice(V.HANDLE_WORDS[lang])
        nn = str(rng.randint(1, 99))
        if platform == "facebook":
            name = f"{first} {last}"
        elif platform == "review":
            name = rng.choice((f"{first} {last[0]}.", f"{first}{last[0]}{nn}".lower(), f"{first} {last}"))
        elif platform == "news":
            name = self._outlet(lang)
        elif platform == "blog":
            name = rng.choice((f"{first}{word}", f"{word}{last}", f"{first}-{last}")).lower()
        elif platform == "reddit":
            name = rng.choice(
                (
                    f"{word}_{last}{nn}",
                    f"throwaway{rng.randint(1000, 9999)}",
                    f"{first}{word.capitalize()}{nn}",
                    f"{word.capitalize()}_{first}",
                )
            )
        else:
            sep = "." if platform == "instagram" else "_"
            name = rng.choice(
                (
                    f"{first}{last}",
                    f"{first}{sep}{last}{nn}",
                    f"{first}{sep}{last}".lower(),
                    f"{word}{first}",
                    f"{first}{nn}",
                    f"{first[0]}{last}",
                    f"{word}{sep}{last}{nn}",
                    f"{first}{sep}{word}",
                )
            )
        seen = self.seen[platform]
        base = name
        while name in seen or name.lower() in _TAKEN:
            x = rng.random()
            if platform == "facebook" and x < 0.8:  # people disambiguate with a middle initial
                name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTV')}. {last}"
            elif platform == "news" and x < 0.8:
                name = f"{base} {rng.choice(('Hebdo', 'Express', 'Plus', 'Now', 'Daily', 'Online'))}"
            elif platform in ("facebook", "news"):
                name = f"{base} {rng.randint(2, 99)}"
            else:
                name = f"{base}{rng.randint(2, 999)}"
        seen.add(name)
        return name

    def _outlet(self, lang: str) -> str:
        rng = self.rng
        if lang == "fr":
            head = rng.choice(("Le Courrier", "L'Écho", "La Voix", "Le Journal", "Info", "Le Réveil"))
            tail = rng.choice(("de Laval", "du Saguenay", "de l'Estrie", "Techno", "Numérique", "de Lévis"))
            return f"{head} {tail}"
        head = rng.choice(("The", "Daily", "Metro", "Northern"))
        mid = rng.choice(("Ottawa", "Toronto", "Kingston", "Signal", "Tech", "Valley"))
        return f"{head} {mid} {rng.choice(('Ledger', 'Times', 'Wire', 'Observer', 'Tribune'))}"


_TAKEN = frozenset(p.handle.lower() for p in PLANTED)


def _followers(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    """Heavy tail: a lognormal body (median ~110) plus a Pareto tail for the few popular users."""
    body = rng.lognormal(np.log(110.0), 1.25, n)
    tail = (rng.pareto(1.4, n) + 1.0) * 4_000.0
    mixed = np.where(rng.random(n) < 0.025, tail, body) * scale
    return np.clip(mixed, 0, ORDINARY_MAX_FOLLOWERS).astype(np.int64)


def build_population(seed: int, n_authors: int, newcomer_share: float = 0.12) -> dict[str, AuthorTable]:
    """Create every platform's authors; ordinary ones get a heavy-tailed activity weight."""
    rng = np.random.default_rng([seed, 1])
    prng = random.Random(seed * 7919 + 1)
    handles = HandleMaker(prng)
    tables: dict[str, AuthorTable] = {}
    for platform in PLATFORMS:
        table = AuthorTable(platform)
        for acct in PLANTED:
            if acct.platform == platform:
                idx = table.add(_author_id(platform, len(table.ids)), acct.handle, acct.followers, acct.lang, acct.kind)
                table.planted[acct.handle] = idx
        n = max(8, round(n_authors * AUTHOR_SHARE[platform]))
        is_fr = rng.random(n) < FR_SHARE[platform]
        bilingual = rng.random(n) < 0.12
        followers = _followers(rng, n, FOLLOWER_SCALE[platform])
        # Activity: lognormal weights, capped so nobody ordinary out-posts the planted accounts.
        activity = np.clip(rng.lognormal(0.0, 0.9, n), 0.12, 3.0)
        newcomer = rng.random(n) < (newcomer_share * 1.6 if platform in CONTEST_PLATFORMS else 0.0)
        for k in range(n):
            lang = "fr" if is_fr[k] else "en"
            kind = "newcomer" if newcomer[k] else "user"
            handle = handles.make(platform, lang)
            if platform in ("blog", "news"):
                # Blogs and outlets are identified by their (fictional) domain.
                tld = {"blog": ".blogue.example" if lang == "fr" else ".blog.example", "news": ".example"}
                author_id = slugify(handle, 40) + f"-{len(table.ids)}" * (platform == "blog") + tld[platform]
            else:
                author_id = _author_id(platform, len(table.ids))
            idx = table.add(author_id, handle, int(followers[k]), lang, kind)
            group = "new" if newcomer[k] else "user"
            table.pools.setdefault((lang, group), Pool()).add(idx, float(activity[k]))
            if bilingual[k]:
                other = "en" if lang == "fr" else "fr"
                table.pools.setdefault((other, group), Pool()).add(idx, float(activity[k]) * 0.5)
        users = [i for i in range(len(table.ids)) if table.kinds[i] == "user"]
        for i in rng.choice(users, size=DECOYS_PER_PLATFORM.get(platform, 0), replace=False):
            table.followers[int(i)] = int(rng.integers(*DECOY_FOLLOWERS))
            table.decoys.append(int(i))
        if platform in COMMENT_ONLY:
            # Readers who comment under articles and blog posts (outlets and bloggers write the posts).
            for k, f in enumerate(_followers(rng, max(8, round(n_authors * COMMENTER_SHARE[platform])), 0.1)):
                lang = "fr" if rng.random() < FR_SHARE[platform] else "en"
                idx = table.add(_author_id(platform, len(table.ids)), handles.make("forum", lang), int(f), lang, "user")
                table.pools.setdefault((lang, "commenter"), Pool()).add(idx, 0.5 + (k % 5) * 0.4)
        tables[platform] = table
    return tables
