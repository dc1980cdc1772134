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
