"""Parsing and validation are cached across requests: Strawberry is several times slower
without, and a validation rule rebuilt per request silently defeats the cache."""

from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from schema.extensions import CACHE_SIZE


async def test_repeated_queries_hit_the_parse_and_validation_caches(gql) -> None:
    query = "{ topics(first: 3) { edges { node { slug } } } }"
    await gql.data(query)
    parse_before = _get_parse_cache(CACHE_SIZE).cache_info()
    validate_before = _get_validate_cache(CACHE_SIZE).cache_info()
    for _ in range(5):
        await gql.data(query)
    parse_after = _get_parse_cache(CACHE_SIZE).cache_info()
    validate_after = _get_validate_cache(CACHE_SIZE).cache_info()
    assert parse_after.hits - parse_before.hits == 5
    assert validate_after.hits - validate_before.hits == 5, (validate_before, validate_after)
    assert validate_after.misses == validate_before.misses
