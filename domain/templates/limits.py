"""How much one render may do, and the running account that enforces it.

A render is stopped (TemplateLimitExceeded) when it exceeds any of:

* `max_steps`: loop iterations plus calls (macros, methods, functions). Every `{% for %}`
  is rewritten at compile time to pass its iterable through a guard that charges one step
  per item, and the sandbox's `call` hook charges one per call, so no loop nesting or
  macro recursion runs unaccounted;
* `max_seconds`: wall-clock time, checked at every charge (each loop start, iteration
  batch, call and guarded filter). Everything that can run long goes through one of
  those; what happens between two checks is a single operation on values whose size is
  itself capped (below), so the overshoot is small;
* `max_output_chars`: the size of the result, checked chunk by chunk as it is produced;
* `max_output_chars * work_factor`: the text produced along the way, including captured
  blocks (`{% set x %}…{% endset %}`), macro results and filter results that never reach
  the output. Without it a template could build gigabytes in a variable and discard it.

Single values are capped at `max_output_chars` too: string repetition, concatenation
(`+`, `~`), `%`-formatting and the expanding filters and string methods refuse results
larger than that before (or right after) building them.

The state lives in a ContextVar so the guards compiled into cached templates find the
account of the render they run in, whichever thread or task that is.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.templates.errors import TemplateLimitExceeded

if TYPE_CHECKING:
    from domain.templates.resolution import TemplateSet

MAX_INT_ARGUMENT = 100_000


@dataclass(frozen=True, slots=True)
class RenderLimits:
    max_seconds: float = 1.0
    max_steps: int = 250_000
    max_output_chars: int = 512 * 1024
    work_factor: int = 8


DEFAULT_LIMITS = RenderLimits()
#: The account compiling runs under (sandbox.TemplateSandbox.compile). Compiling evaluates
#: no template expression, so nothing should ever be charged to it; were Jinja to fold a
#: constant regardless, a filter or operator meets the same checks as in a render, with
#: a smaller budget.
COMPILE_LIMITS = RenderLimits(max_seconds=0.1, max_steps=1_000, max_output_chars=64 * 1024,
                              work_factor=2)


class RenderState:
    """The account of one render (one format of one message)."""

    __slots__ = ("deadline", "limits", "max_output", "max_produced", "produced", "steps_left",
                 "templates")

    def __init__(self, limits: RenderLimits, templates: TemplateSet | None) -> None:
        self.limits = limits
        self.templates = templates
        self.steps_left = limits.max_steps
        self.deadline = time.perf_counter() + limits.max_seconds
        self.produced = 0
        self.max_output = limits.max_output_chars
        self.max_produced = limits.max_output_chars * limits.work_factor

    def charge(self, steps: int, chars: int = 0) -> None:
        self.steps_left -= steps
        self.produced += chars
        if self.steps_left < 0:
            raise TemplateLimitExceeded(
                f"template stopped: more than {self.limits.max_steps} loop iterations and "
                "calls")
        if self.produced > self.max_produced:
            self._too_much_work()
        if time.perf_counter() > self.deadline:
            raise TemplateLimitExceeded(
                f"template stopped: rendering took longer than {self.limits.max_seconds:g} s")

    def produce(self, chars: int) -> None:
        self.produced += chars
        if self.produced > self.max_produced:
            self._too_much_work()

    def check_value(self, size: int) -> None:
        if size > self.max_output:
            raise TemplateLimitExceeded(
                f"template stopped: a value of {size} characters exceeds the output limit "
                f"of {self.max_output}")

    def output_too_large(self) -> TemplateLimitExceeded:
        return TemplateLimitExceeded(
            f"template stopped: output exceeds {self.max_output} characters")

    def _too_much_work(self) -> None:
        raise TemplateLimitExceeded(
            f"template stopped: it produced more than {self.max_produced} characters of "
            "text along the way")


CURRENT: ContextVar[RenderState | None] = ContextVar("template_render_state", default=None)
