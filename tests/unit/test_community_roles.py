from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from reputation import community
from reputation.community_roles import periods, roles_and_influence
from reputation.config import CommunityRoles

SEPT, OCT = datetime(2026, 9, 7, 12), datetime(2026, 10, 5, 12)


class Stream:
    """A tiny community, mention by mention."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def post(self, author, when, sentiment="neutral", brands=("Nexora",), followers=100, parent=None, brand=False):
        mid = f"t:{len(self.rows)}"
        self.rows.append(
            {
                "mention_id": mid,
                "platform": "twitter",
                "author_id": author,
                "author_handle": author.capitalize(),
                "author_followers": followers,
                "text": "post",
                "brands": list(brands),
                "published_at": when,
                "local_time": when,
                "parent_id": parent,
                "share_of_id": None,
                "likes": 0,
                "shares": 0,
                "replies": 0,
                "sentiment": sentiment,
                "intent": "other",
                "is_brand": brand,
            }
        )
        return mid

    def frame(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        m = pd.DataFrame(self.rows)
        return m, community.interaction_events(m)


@pytest.fixture()
def stream() -> Stream:
    s = Stream()
    crowd = [f"user{i}" for i in range(40)]
    for k, user in enumerate(crowd):  # one neutral post each, in September, about no brand
        s.post(user, SEPT + timedelta(hours=k), brands=())
    for d in range(6):  # a popular fan and a popular critic in October, whom the crowd answers
        fan = s.post("fan", OCT + timedelta(days=d), "positive", followers=200_000)
        critic = s.post("critic", OCT + timedelta(days=d, hours=1), "negative", followers=50_000)
        for user in crowd[d * 5 : d * 5 + 5]:
            s.post(user, OCT + timedelta(days=d, hours=2), "neutral", parent=fan)
            s.post(user, OCT + timedelta(days=d, hours=3), "neutral", parent=critic)
    s.post("shy_fan", OCT, "positive", followers=10)  # positive, but hardly anyone listens: not influential
    s.post("shy_fan", OCT + timedelta(days=1), "positive", followers=10)
    for k in range(3):  # the helper answers three members and posts three times
        s.post("helper", OCT + timedelta(days=k), brands=(), parent=f"t:{k}")
        s.post("helper", OCT + timedelta(days=k, hours=5), brands=())
    for d in range(3):  # positive in September, negative in October
        s.post("turner", SEPT + timedelta(days=d), "positive", followers=20)
        s.post("turner", OCT + timedelta(days=10 + d), "negative", followers=20)
    s.post("newbie", OCT + timedelta(days=3), brands=())
    s.post("newbie", OCT + timedelta(days=4), brands=())
    s.post("nexorahelp", OCT, "positive", followers=9_000, parent="t:40", brand=True)
    s.post("nexorahelp", OCT + timedelta(days=1), "positive", followers=9_000, parent="t:41", brand=True)
    return s


def roles_of(stream: Stream, **rules) -> tuple[pd.DataFrame, pd.DataFrame]:
    m, _ = stream.frame()
    got = roles_and_influence(m, {"NexoraHelp"}, community.Weights(), CommunityRoles(influential_quantile=0.8, **rules))
    return got.influence, got.roles


def holders(roles: pd.DataFrame, period: str, role: str) -> list[str]:
    got = roles[(roles["period"] == period) & (roles["role"] == role)].sort_values("rank")
    return got["author_id"].tolist()


def test_periods_are_months_then_recent_then_all():
    days = pd.Series([date(2026, 9, 3), date(2026, 10, 14), date(2026, 11, 4)])  # 2026-11-04 is a Wednesday
    got = periods(days)
    assert [p.name for p in got] == ["2026-09", "2026-10", "2026-11", "recent", "all"]
    assert (got[0].start, got[0].end) == (date(2026, 9, 1), date(2026, 9, 30))
    recent = got[3]
    assert recent.end == date(2026, 11, 1) and recent.end.weekday() == 6  # the last complete week's Sunday
    assert recent.start == date(2026, 10, 5)
    assert (got[4].start, got[4].end) == (date(2026, 9, 3), date(2026, 11, 4))


def test_influential_fans_and_critics_are_advocates_and_detractors_with_their_reason(stream: Stream):
    _, roles = roles_of(stream)
    assert holders(roles, "2026-10", "advocate") == ["fan"]  # shy_fan is positive but has no audience
    assert holders(roles, "2026-10", "detractor") == ["critic"]
    fan = roles[(roles["period"] == "2026-10") & (roles["role"] == "advocate")].iloc[0]
    assert fan["brand"] == "Nexora" and fan["net_sentiment"] == 1.0 and fan["opinions"] == 6
    assert "6 positive and 0 negative of 6 mentions of Nexora" in fan["reason"]
    assert "200,000 followers" in fan["reason"]
    assert "nexorahelp" not in set(roles["author_id"])  # the brand's own account holds no role


def test_a_member_who_answers_others_is_a_contributor(stream: Stream):
    _, roles = roles_of(stream, contributor_mentions=5, contributor_answers=2)
    helper = roles[(roles["period"] == "2026-10") & (roles["role"] == "contributor")]
    assert helper["author_id"].tolist() == ["helper"]
    assert helper.iloc[0]["answers"] == 3
    assert "3 posts of their own, 3 answers to other members" in helper.iloc[0]["reason"]


def test_newcomers_are_first_seen_in_the_period(stream: Stream):
    _, roles = roles_of(stream)
    october = set(holders(roles, "2026-10", "newcomer"))
    assert {"newbie", "shy_fan", "helper"} <= october
    assert not october & {f"user{i}" for i in range(40)}  # the crowd was there in September
    assert "newcomer" not in set(roles.loc[roles["period"] == "all", "role"])


def test_a_member_turning_negative_is_at_risk_with_before_and_after(stream: Stream):
    _, roles = roles_of(stream)
    risk = roles[(roles["period"] == "2026-10") & (roles["role"] == "at_risk")]
    assert risk["author_id"].tolist() == ["turner"]
    row = risk.iloc[0]
    assert row["net_before"] == 1.0 and row["net_sentiment"] == -1.0
    assert "+1.00 on Nexora in the 90 days before (3 positive, 0 negative)" in row["reason"]
    assert "critic" not in set(risk["author_id"])  # always negative: a detractor, not a member turning
    # with a stricter evidence requirement, three opinions on each side are not enough
    _, strict = roles_of(stream, min_opinions=4)
    assert holders(strict, "2026-10", "at_risk") == []


def test_influence_is_scored_per_period(stream: Stream):
    scores, _ = roles_of(stream)
    assert set(scores["period"]) == {"2026-09", "2026-10", "recent", "all"}
    september = scores[scores["period"] == "2026-09"]
    assert "fan" not in set(september["author_id"])  # not active in September
    october = scores[scores["period"] == "2026-10"].set_index("author_id")
    assert october.loc["fan", "rank"] == 1


def test_the_graph_of_a_period_holds_its_interactions_only(stream: Stream):
    m, events = stream.frame()
    got = roles_and_influence(m, {"NexoraHelp"}, community.Weights(), CommunityRoles())
    september = got.edges[got.edges["period"] == "2026-09"]
    october = got.edges[got.edges["period"] == "2026-10"]
    assert september.empty  # the crowd posted alone in September
    assert (
        october.loc[october["target_author"] == "fan", "weight"].sum() == 31
    )  # 30 replies from the crowd, 1 from the brand
    everything = got.edges[got.edges["period"] == "all"]
    assert everything["weight"].sum() == len(events)
