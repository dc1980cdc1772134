"""The executor our schema runs with: Strawberry's, with a fresh memo per subscription event.

graphql-core 3.3 runs each subscription event on `build_per_event_executor(payload)`, a
shallow copy of the subscription's executor. The copy shares the executor's memos, and
those are keyed by the identity of per-execution objects: `_relevant_sub_fields` by each
event's freshly collected field lists (and it keeps those lists alive, so their ids stay
unique). Every event therefore adds entries that no later event can hit, and a dashboard
left open grows with every message it has ever received, without bound (a black-box
probe of a served process saw ~77 KB per 4.4 KB `metricsUpdated` message;
tests/test_subscription_memory.py measures ~5.7 KB of Python objects per event).

Giving each event executor empty memos makes it behave like a fresh execution: the memo
still serves the lists inside one event (its purpose) and goes away with the event.
Queries and mutations never call `build_per_event_executor`, so they are unaffected.
"""

from __future__ import annotations

from typing import Any

from graphql.execution import Executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: memos an executor fills while executing, keyed by that execution's objects:
#: graphql-core's subfield and @stream memos, and the incremental executor's plans
PER_EXECUTION_MEMOS = ("_relevant_sub_fields", "_stream_usages",
                       "_initial_execution_plans", "_deferred_execution_plans")


class PerEventExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def build_per_event_executor(self, payload: Any) -> Executor:
        executor = super().build_per_event_executor(payload)
        for name in PER_EXECUTION_MEMOS:
            memo = getattr(executor, name, None)
            if memo is not None:
                setattr(executor, name, type(memo)())
        return executor
