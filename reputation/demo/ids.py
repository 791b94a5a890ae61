"""Platform-native mention ids and URLs (Twitter snowflakes, Reddit t3_/t1_, YouTube comment ids...).

Every id comes from a per-platform counter pushed through a bijection, so ids look random yet can
never collide; Twitter ids embed the timestamp like real snowflakes do.
"""

from __future__ import annotations

from .population import _B36, _B64, scramble, scramble_digits
from .textkit import slugify

_TWITTER_EPOCH_MS = 1_288_834_974_657
SUBREDDITS = {
    "fr": ("Quebec", "montreal", "QuebecTech", "Gatineau"),
    "en": ("canada", "ottawa", "toronto", "PersonalFinanceCanada", "CanadianTelecom", "onguardforthee"),
}
FORUMS = {"fr": "forum.mobilequebec.example", "en": "forums.canadiantelecom.example"}
REVIEW_SITES = {"fr": "avis.telecomquebec.example", "en": "reviews.telecomcanada.example"}


class IdFactory:
    """Issues (platform_id, url) pairs; ``root_url`` of the thread is reused by its replies."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}

    def _next(self, key: str) -> int:
        n = self.count.get(key, 0)
        self.count[key] = n + 1
        return n

    def root(
        self, platform: str, ts: int, ms: int, handle: str, author_id: str, title: str | None, lang: str, pick: int
    ) -> tuple[str, str]:
        """Id and URL of an original post. ``pick`` is a random int used to choose subreddits, videos..."""
        n = self._next(platform)
        if platform == "twitter":
            pid = self.snowflake(ts, ms, n)
            return pid, f"https://x.com/{handle}/status/{pid}"
        if platform == "facebook":
            post = scramble_digits(n, 15, 23)
            return f"{author_id}_{post}", f"https://www.facebook.com/{author_id}/posts/{post}"
        if platform == "instagram":
            code = scramble(n, _B64, 11, 29)
            return code, f"https://www.instagram.com/p/{code}/"
        slug = slugify(title or "post")
        if platform == "reddit":
            code = scramble(n, _B36, 7, 31)
            sub = SUBREDDITS[lang][pick % len(SUBREDDITS[lang])]
            return "t3_" + code, f"https://www.reddit.com/r/{sub}/comments/{code}/{slug}/"
        if platform == "youtube":
            if title is not None:  # a video by the channel itself
                vid = scramble(n, _B64, 11, 37)
                return vid, f"https://www.youtube.com/watch?v={vid}"
            cid = "Ugx" + scramble(n, _B64, 20, 41) + "4AaABAg"
            vid = scramble(pick % 5_000, _B64, 11, 43)
            return cid, f"https://www.youtube.com/watch?v={vid}&lc={cid}"
        if platform == "forum":
            tid = scramble_digits(n, 6, 47)
            return f"t{tid}", f"https://{FORUMS[lang]}/t/{slug}/{tid}"
        if platform == "blog":
            num = scramble_digits(n, 5, 53)
            return f"blog-{num}", f"https://{author_id}/{ts_month(ts)}/{slug}-{num}/"
        if platform == "news":
            num = scramble_digits(n, 7, 59)
            return f"news-{num}", f"https://www.{author_id}/techno/{slug}-{num}"
        num = scramble_digits(n, 8, 61)
        return f"rev-{num}", f"https://{REVIEW_SITES[lang]}/avis/{num}"

    def child(self, platform: str, ts: int, ms: int, handle: str, root_url: str, share: bool) -> tuple[str, str]:
        """Id and URL of a reply (or share) inside the thread whose root URL is ``root_url``."""
        n = self._next(platform + "/child")  # one counter per platform: ids of replies and shares never clash
        if platform == "twitter":
            pid = self.snowflake(ts, ms, self._next("twitter"))
            return pid, f"https://x.com/{handle}/status/{pid}"
        if platform == "facebook":
            if share:
                post = scramble_digits(n, 15, 67)
                return f"s{post}", f"https://www.facebook.com/permalink/{post}"
            cid = scramble_digits(n, 16, 71)
            return cid, f"{root_url}?comment_id={cid}"
        if platform == "instagram":
            cid = "179" + scramble_digits(n, 14, 73)
            return cid, f"{root_url}c/{cid}/"
        if platform == "reddit":
            code = scramble(n, _B36, 7, 79)
            return "t1_" + code, f"{root_url}{code}/"
        if platform == "youtube":
            cid = "Ugz" + scramble(n, _B64, 20, 83) + "4AaABAg"
            base = root_url.split("&lc=")[0]
            return cid, f"{base}&lc={cid}"
        if platform == "forum":
            pid = scramble_digits(n, 7, 89)
            return f"p{pid}", f"{root_url}#p{pid}"
        num = scramble_digits(n, 7, 97)
        prefix = {"blog": "blogc", "news": "newsc", "review": "resp"}[platform]
        return f"{prefix}-{num}", f"{root_url}#{prefix}-{num}"

    @staticmethod
    def snowflake(ts: int, ms: int, n: int) -> str:
        """Twitter-style id: milliseconds since the Twitter epoch in the high bits, a sequence below."""
        return str(((ts * 1000 + ms - _TWITTER_EPOCH_MS) << 22) | (n & 0x3FFFFF))


def ts_month(ts: int) -> str:
    """``yyyy/mm`` of an epoch second, for blog URLs (no datetime objects in the hot path)."""
    days = ts // 86_400
    # Civil-from-days (Howard Hinnant's algorithm): exact for any Gregorian date.
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return f"{year:04d}/{month:02d}"
