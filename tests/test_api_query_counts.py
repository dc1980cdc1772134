"""No N+1: a page of publications with topics, channels and delivery counts costs the same
number of SQL statements whatever its size (Saleor-style query-count tests)."""

from __future__ import annotations

from domain.audience.models import Subscriber, Topic
from domain.channels.models import Channel, ChannelType
from domain.deliveries.models import Delivery, DeliveryStatus
from domain.publications.models import Publication
from tests.graphql_client import count_queries

PAGE_QUERY = """
query Page($first: Int!) {
  publications(first: $first) {
    edges { cursor node {
      id title status priority publishAt
      topics { id slug name }
      channels { id name type status }
      deliveryCounts { pending sent delivered failed dead total }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _seed(publications: int) -> None:
    topics = [await Topic.create(slug=f"t{index}", name=f"Topic {index}") for index in range(3)]
    channels = [await Channel.create(name=f"c{index}", type=ChannelType.WEBHOOK,
                                     config={"url": "https://example.com/hook"})
                for index in range(2)]
    subscriber = await Subscriber.create(email="s@example.com")
    for index in range(publications):
        publication = await Publication.create(title=f"Publication {index}")
        await publication.topics.add(*topics[: 1 + index % 3])
        await publication.channels.add(*channels[: 1 + index % 2])
        await Delivery.bulk_create([
            Delivery(idempotency_key=f"{publication.id}:{n}", publication=publication,
                     channel=channels[0], subscriber=subscriber, recipient="r",
                     status=status)
            for n, status in enumerate([DeliveryStatus.SENT, DeliveryStatus.FAILED,
                                        DeliveryStatus.PENDING][: 1 + index % 3])
        ])


async def _statements_for_page(gql, first: int) -> tuple[int, dict]:
    # the caller's principal is read once and then cached (domain/principals/directory.py)
    await gql.data("{ me { name } }", role="viewer")
    with count_queries() as statements:
        data = await gql.data(PAGE_QUERY, {"first": first}, role="viewer")
    return len(statements), data


async def test_page_cost_does_not_grow_with_page_size(gql) -> None:
    await _seed(60)
    small_count, small = await _statements_for_page(gql, 5)
    large_count, large = await _statements_for_page(gql, 50)

    assert len(small["publications"]["edges"]) == 5
    assert len(large["publications"]["edges"]) == 50
    nodes = [edge["node"] for edge in large["publications"]["edges"]]
    assert all(node["topics"] and node["channels"] for node in nodes)
    assert sum(node["deliveryCounts"]["total"] for node in nodes) > 50
    # page + (publication->topic pairs, topics) + (publication->channel pairs, channels)
    # + delivery counts = 6, whatever the page size.
    assert small_count == large_count == 6, (small_count, large_count)


async def test_delivery_counts_match_the_ledger(gql) -> None:
    await _seed(3)
    data = await gql.data(PAGE_QUERY, {"first": 10}, role="viewer")
    by_title = {edge["node"]["title"]: edge["node"]["deliveryCounts"]
                for edge in data["publications"]["edges"]}
    assert by_title["Publication 0"] == {"pending": 0, "sent": 1, "delivered": 0, "failed": 0,
                                         "dead": 0, "total": 1}
    assert by_title["Publication 2"]["total"] == 3
    assert by_title["Publication 2"]["pending"] == 1


async def test_subscriber_page_with_preferences_is_constant(gql) -> None:
    topic = await Topic.create(slug="news", name="News")
    channel = await Channel.create(name="mail", type=ChannelType.EMAIL,
                                   config={"from_address": "a@example.com"})
    from domain.audience.models import SubscriberPreference

    for index in range(40):
        subscriber = await Subscriber.create(email=f"user{index}@example.com")
        await SubscriberPreference.create(subscriber=subscriber, topic=topic, channel=channel)
    query = """query($first: Int!) { subscribers(first: $first) { edges { node {
        email preferences { frequency topic { slug } channel { name } } } } } }"""
    counts = []
    await gql.data("{ me { name } }")  # the caller's principal is read once, then cached
    for first in (5, 40):
        with count_queries() as statements:
            data = await gql.data(query, {"first": first})
        assert len(data["subscribers"]["edges"]) == first
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


ANALYSIS_PAGE = """
query Page($first: Int!) {
  publications(first: $first) {
    edges { node { id title analysis { quality source subScores { aspect score reason }
                                       relevance { topicName score } keywords } } }
  }
}
"""


async def test_page_with_analyses_is_constant(gql) -> None:
    from domain.intelligence.analysis import AnalyzableContent
    from domain.intelligence.local import LocalAnalyzer
    from domain.intelligence.store import save

    await _seed(60)
    analyzer = LocalAnalyzer()
    for publication in await Publication.all():
        content = AnalyzableContent(publication.title, publication.summary, publication.body)
        await save(content.content_hash, "local", analyzer.model_version,
                   analyzer.analyze_now(content, []))
    await gql.data("{ me { name } }", role="viewer")
    counts = []
    for first in (5, 50):
        with count_queries() as statements:
            data = await gql.data(ANALYSIS_PAGE, {"first": first}, role="viewer")
        nodes = [edge["node"] for edge in data["publications"]["edges"]]
        assert len(nodes) == first and all(node["analysis"] for node in nodes)
        counts.append(len(statements))
    # the page + one batch of analyses by content hash
    assert counts == [2, 2], counts
