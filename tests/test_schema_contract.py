"""The committed SDL is the contract with frontend teams: code and file must agree."""

from __future__ import annotations

from schema.export import SCHEMA_FILE, export_sdl

REQUIRED_QUERIES = {"publications", "publication", "subscribers", "channels", "topics",
                    "templates", "deliveries", "node"}
REQUIRED_MUTATIONS = {"createChannel", "updateChannel", "createTopic", "createSubscriber",
                      "updateSubscriberPreferences", "unsubscribe", "createPublication",
                      "updatePublication", "schedulePublication", "publishNow",
                      "cancelPublication"}


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == export_sdl(), (
        "schema/schema.graphql is out of date: run `publishing export-schema` and commit it"
    )


def test_names_the_team_relies_on_exist() -> None:
    sdl = export_sdl()
    query_block = sdl[sdl.index("type Query {"):]
    mutation_block = sdl[sdl.index("type Mutation {"):]
    for name in REQUIRED_QUERIES:
        assert f"  {name}(" in query_block[:query_block.index("\n}")], name
    for name in REQUIRED_MUTATIONS:
        assert f"  {name}(" in mutation_block[:mutation_block.index("\n}")], name


async def test_introspection_answers_without_errors() -> None:
    """What GraphiQL asks on every load: every default value must be introspectable (an
    object default of a custom scalar is not, and logged three tracebacks per load)."""
    from graphql import get_introspection_query

    from schema.root import schema

    result = await schema.execute(get_introspection_query())
    assert result.errors is None, result.errors
    inputs = {kind["name"]: {field["name"]: field["defaultValue"]
                             for field in kind["inputFields"]}
              for kind in result.data["__schema"]["types"] if kind["inputFields"]}
    assert inputs["CreateChannelInput"]["config"] == "null"
    assert inputs["CreateSubscriberInput"]["attributes"] == "null"
