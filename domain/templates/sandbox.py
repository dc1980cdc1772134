"""The Jinja2 environment every stored template runs in: a sandbox with resource guards.

Security: `ImmutableSandboxedEnvironment` refuses underscore attributes (`__class__`,
`__globals__`, ...), the internals of functions, frames and generators, and methods that
mutate lists, dicts and sets; `str.format` goes through a sandboxed formatter. On top of
that, attributes such as `mro`, `environment` and `config` are refused, the `attr`
filter and the `lipsum` global are removed, an unsafe access raises at once (instead of
Jinja's silent undefined), and templates are loaded only from the preloaded template set
of the render (never from the file system). Context data is plain dicts, lists, strings,
numbers and datetimes: no ORM object (whose methods could write to the database) ever
reaches a template.

Resources: see domain.templates.limits for the account. The guards are wired in here:
`{% for %}` iterables and `~` concatenations are wrapped at compile time (an AST rewrite
in `_parse`), calls go through the sandbox's `call` hook, operators through
`call_binop`, expanding filters through a wrapper, and `finalize` counts every printed
value.

Nothing a template computes runs at compile time: Jinja folds constant expressions
(`{{ 'x'|center(999999999) }}`) while compiling, when no render account is open, so a
save could build gigabytes before any limit applied. Folding is off (the optimizer, and
the code generator's folding of printed values, see `_NoFoldingCodeGenerator`), and
compiling runs under an account of its own (`COMPILE_LIMITS`) so whatever Jinja still
evaluates meets the same guards. Only template text is emitted as a constant.

Printing: only data (text, numbers, dates, and lists and mappings of them) is turned
into text. Printing a function, class, method, generator or Jinja object (`{{ range }}`,
`{{ cycler(1, 2) }}`, `{{ ''.upper|string }}`, `{{ self ~ '' }}`) is refused: their
Python representations carry memory addresses. Checked where values become text:
`finalize`, `~`, `%`, string methods and the filters that stringify (`STRINGIFYING_FILTERS`).
"""

from __future__ import annotations

import datetime as dt
import re
import string
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import update_wrapper
from typing import Any
from uuid import UUID

from jinja2 import BaseLoader, ChainableUndefined, TemplateNotFound, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import _PassArg, pass_eval_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from domain.templates import filters as extra_filters
from domain.templates.errors import TemplateLimitExceeded, TemplateSecurityError
from domain.templates.formats import (
    JSON_FORMATS,
    RawJSON,
    json_string_content,
    slack_escape,
    to_json,
)
from domain.templates.limits import (
    COMPILE_LIMITS,
    CURRENT,
    MAX_INT_ARGUMENT,
    RenderState,
)
from domain.templates.models import TemplateFormat

ITER_GUARD = "_guard_iter"
STATIC_SIZES_KEPT = 8192
CONCAT_GUARD = "_guard_concat"
#: Attribute names refused on any object, on top of the sandbox's own rules.
DENIED_ATTRIBUTES = frozenset({
    "mro", "environment", "config", "globals", "func_globals", "func_code", "f_globals",
    "f_locals", "f_builtins", "f_back", "f_code", "gi_frame", "gi_code", "cr_frame",
    "cr_code", "ag_frame", "ag_code", "tb_frame", "tb_next", "co_code", "im_func", "im_self",
    "subclasses", "import_module", "system", "popen",
})
#: Filters that can make a value much larger than their input, or loop on an int argument.
GUARDED_FILTERS = frozenset({"batch", "center", "format", "indent", "join", "list",
                             "pprint", "replace", "slice", "string", "tojson", "truncate",
                             "urlize", "wordwrap", "xmlattr", "forceescape", "escape", "e",
                             "markdown", "truncate_html", "title", "wordcount", "urlencode"})
#: Filters whose work grows with their input (pure-Python text processing, about 0.5 to
#: 1 µs a character): the most text one call takes, so that one call, which no time
#: check can interrupt, stays in the tens of milliseconds (markdown: a publication body,
#: at most 200,000 characters, cached), and a step charged per COSTLY_CHARS_PER_STEP.
COSTLY_FILTER_INPUT = {"urlize": 65_536, "wordwrap": 65_536, "markdown": 200_000,
                       "truncate_html": 200_000}
COSTLY_CHARS_PER_STEP = 64
_PERCENT_WIDTH = re.compile(r"%[#0 +\-]*(\d+|\*)?(?:\.(\d+|\*))?")
_DICT_ATTRIBUTES = frozenset(dir(dict))
#: `loop.*` inside {% for %}: all harmless, read on every iteration, so read directly.
_LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                              "length", "depth", "depth0", "previtem", "nextitem", "cycle",
                              "changed"})
_SIZED_TYPES = (str, list, tuple, dict)
#: Filters that turn their value (or arguments) into text: what they are given must be
#: data, not a Python object whose representation shows a memory address.
STRINGIFYING_FILTERS = frozenset({
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "join",
    "lower", "upper", "pprint", "replace", "safe", "string", "striptags", "title", "trim",
    "truncate", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr", "tojson",
    "markdown", "truncate_html",
})
#: Types printed as they are (subclasses of str and int, Undefined: see _check_printable).
_PRINTABLE_TYPES = frozenset({str, Markup, RawJSON, int, float, bool, type(None), Decimal,
                              dt.date, dt.datetime, dt.time, dt.timedelta, UUID, range})
_CONTAINER_TYPES = (list, tuple, dict, set, frozenset)


class LenientUndefined(ChainableUndefined):
    """A missing value renders as empty text, chains (`a.b.c`), iterates as nothing,
    and survives arithmetic, comparisons and calls, so a subscriber without an attribute
    never fails a send."""

    __slots__ = ()

    def _same(self, *args: Any, **kwargs: Any) -> LenientUndefined:
        return self

    def _false(self, other: Any) -> bool:
        return False

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _same
    __mod__ = __rmod__ = __pow__ = __rpow__ = __pos__ = __neg__ = __call__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _false

    def __int__(self) -> int:
        return 0

    def __float__(self) -> float:
        return 0.0


def _state() -> RenderState | None:
    return CURRENT.get()


def _refuse(message: str) -> TemplateSecurityError:
    return TemplateSecurityError(f"refused by the template sandbox: {message}")


# -- compile-time rewrite ----------------------------------------------------------------


def _static_chars(body: Iterable[nodes.Node]) -> int:
    """Template text one pass over `body` can emit at most (if-branches: the largest);
    nested loops and macro bodies account for themselves when they run."""
    total = 0
    for node in body:
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif isinstance(node, nodes.For | nodes.Macro):
            continue
        elif isinstance(node, nodes.If):
            branches = [node.body, *[branch.body for branch in node.elif_], node.else_]
            total += max(_static_chars(branch) for branch in branches)
        else:
            total += _static_chars(node.iter_child_nodes())
    return total


class _GuardLoops(NodeTransformer):
    """`{% for x in items %}` → `{% for x in items|_guard_iter(<text per pass>) %}` and
    `a ~ b` → `[a, b]|_guard_concat` (checks the parts, joins them, checks the size)."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        per_pass = nodes.Const(_static_chars(node.body), lineno=node.lineno)
        node.iter = nodes.Filter(node.iter, ITER_GUARD, [per_pass], [], None, None,
                                 lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        parts = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(parts, CONCAT_GUARD, [], [], None, None, lineno=node.lineno)


class _NoFoldingCodeGenerator(CodeGenerator):
    """Jinja's code generator, minus the compile-time evaluation of printed expressions
    (template text is still emitted as constants): a template's expressions run only
    when it renders, under the render's limits."""

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


def _guard_iter(iterable: Any, per_pass: int = 0) -> Any:
    state = _state()
    if state is None:
        return iterable
    if isinstance(iterable, list | tuple | range | str | dict):
        count = len(iterable)
        state.charge(count + 1, count * per_pass)
        return iterable
    return _counted(iterable, state, per_pass)


def _counted(iterable: Any, state: RenderState, per_pass: int) -> Iterable[Any]:
    state.charge(1)
    for item in iterable:
        state.charge(1, per_pass)
        yield item


@pass_eval_context
def _guard_concat(eval_ctx: Any, parts: list[Any]) -> str:
    for part in parts:
        if type(part) is not str:
            _check_printable(part)
    state = _state()
    if state is not None:
        state.check_value(sum(len(part) for part in parts if isinstance(part, str)))
    value = markup_join(parts) if eval_ctx.autoescape else str_join(parts)
    if state is not None:
        state.check_value(len(value))
        state.produce(len(value))
    return value


# -- printing: data only -----------------------------------------------------------------


def _check_printable(value: Any) -> None:
    """Refuse to turn anything but data into text (lists and mappings are checked item by
    item, without recursion)."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind in _PRINTABLE_TYPES or isinstance(item, str | int | Undefined):
            continue
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, _CONTAINER_TYPES):
            pending.extend(item)
        elif isinstance(item, TemplateModule):  # `{{ module }}` prints its rendered body
            continue
        else:
            raise _refuse(f"a {_kind_of(item)} cannot be turned into text (print data, "
                          "not Python objects)")


def _kind_of(value: Any) -> str:
    if isinstance(value, type):
        return "class"
    if isinstance(value, Macro):
        return "macro"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType | types.MethodType
                  | types.BuiltinMethodType | types.MethodWrapperType):
        return "function or method"
    if isinstance(value, Iterator):
        return "generator (use |list or |join)"
    return f"{type(value).__name__} object"


def _check_all_printable(values: Iterable[Any], _plain: frozenset[type] = _PRINTABLE_TYPES
                         ) -> None:
    for value in values:
        if type(value) not in _plain:
            _check_printable(value)


# -- argument and result checks ----------------------------------------------------------


def _check_int_arguments(values: Iterable[Any]) -> None:
    for value in values:
        if type(value) is int and not -MAX_INT_ARGUMENT <= value <= MAX_INT_ARGUMENT:
            raise TemplateLimitExceeded(
                f"template stopped: argument {value} is larger than {MAX_INT_ARGUMENT}")


def _check_result(state: RenderState, result: Any) -> None:
    if isinstance(result, str):
        state.check_value(len(result))
        state.produce(len(result))
    elif isinstance(result, list | tuple):
        state.check_value(len(result))


def _check_format_string(text: str) -> None:
    """Widths in `%`- and `{}`-format strings are capped like integer arguments."""
    if "%" in text:
        for match in _PERCENT_WIDTH.finditer(text):
            _check_int_arguments(int(group) for group in match.groups()
                                 if group and group.isdigit())
    if "{" in text:
        try:
            specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
        except ValueError:
            return
        for spec in specs:
            _check_int_arguments(int(number) for number in re.findall(r"\d+", spec))


def _check_str_method(state: RenderState, method: Any, args: tuple[Any, ...]) -> None:
    """Size checks for the string methods whose result can dwarf their input."""
    name = getattr(method, "__name__", "")
    text = method.__self__
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        occurrences = text.count(old) if old else len(text) + 1
        state.check_value(len(text) + occurrences * max(len(new) - len(old), 0))
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, list | tuple):
            state.check_value(len(text) * max(len(items) - 1, 0)
                              + sum(len(item) for item in items if isinstance(item, str)))
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        state.check_value(len(text) + text.count("\t") * max(size, 0))
    elif name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        state.check_value(args[0])


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    pass_arg = _PassArg.from_obj(function)
    skip = 2 if pass_arg is not None else 1  # the context/environment, then the value
    stringifies = name in STRINGIFYING_FILTERS
    sized = name in GUARDED_FILTERS
    costly = COSTLY_FILTER_INPUT.get(name)

    if not sized:  # a filter that only stringifies: check what it is given
        def printing(*args: Any, **kwargs: Any) -> Any:
            _check_all_printable(args[skip - 1:])
            if kwargs:
                _check_all_printable(kwargs.values())
            return function(*args, **kwargs)

        update_wrapper(printing, function)
        if pass_arg is not None:
            printing.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
        return printing

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if stringifies:
            if name == "join" and len(args) >= skip and not isinstance(
                    args[skip - 1], _SIZED_TYPES):
                # an iterator (from map, select, ...): join reads it all anyway
                args = (*args[:skip - 1], list(args[skip - 1]), *args[skip:])
            _check_all_printable(args[skip - 1:])
            if kwargs:
                _check_all_printable(kwargs.values())
        state = _state()
        if state is None:
            # Only compiling runs without an account, and it opens one (COMPILE_LIMITS):
            # a guarded filter never runs unchecked, so it is never folded either.
            raise TemplateLimitExceeded("template stopped: filter run outside a render")
        if costly is not None:
            value = args[skip - 1] if len(args) >= skip else None
            size = len(value) if isinstance(value, str) else 0
            if size > costly:
                raise TemplateLimitExceeded(
                    f"template stopped: {name} takes at most {costly} characters, not {size}")
            state.charge(1 + size // COSTLY_CHARS_PER_STEP)
        else:
            state.charge(1)
        _check_int_arguments(args[skip:])
        _check_int_arguments(kwargs.values())
        if name == "format" and len(args) > skip - 1 and isinstance(args[skip - 1], str):
            _check_format_string(args[skip - 1])
        if name == "replace" and len(args) >= skip + 2:
            text = str(args[skip - 1])
            old, new = str(args[skip]), str(args[skip + 1])
            occurrences = text.count(old) if old else len(text) + 1
            state.check_value(len(text) + occurrences * max(len(new) - len(old), 0))
        result = function(*args, **kwargs)
        _check_result(state, result)
        state.charge(0)  # the deadline, right after the call rather than at the next step
        return result

    update_wrapper(guarded, function)
    if pass_arg is not None:
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return guarded


class _DataFormatter(SandboxedFormatter):
    """`str.format` fields must be data (checked before `!r`/`!s` conversion too)."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if type(value) not in _PRINTABLE_TYPES:
            _check_printable(value)
        return super().convert_field(value, conversion)


class _DataEscapeFormatter(_DataFormatter, SandboxedEscapeFormatter):
    pass


# -- escaping of printed values ----------------------------------------------------------


def _finalize_text(value: Any, _current: Callable[[], RenderState | None] = CURRENT.get
                   ) -> Any:
    """Every printed value passes here: None prints as nothing, and text is counted
    against the render's work limit (this is what bounds output captured in
    `{% set %}` blocks and macros, which never reaches the final size check)."""
    if value is None:
        return ""
    if isinstance(value, str):
        state = _current()
        if state is not None:
            state.produced += len(value)
            if state.produced > state.max_produced:
                state.produce(0)
    elif type(value) not in _PRINTABLE_TYPES:
        _check_printable(value)
    return value


def _json_finalizer(escape: Callable[[str], str]) -> Callable[[Any], str]:
    def finalize(value: Any, _current: Callable[[], RenderState | None] = CURRENT.get
                 ) -> str:
        if value is None:
            return ""
        if type(value) not in _PRINTABLE_TYPES:
            _check_printable(value)
        text = str.__str__(value) if isinstance(value, RawJSON) else escape(str(value))
        state = _current()
        if state is not None:
            state.produced += len(text)
            if state.produced > state.max_produced:
                state.produce(0)
        return text
    return finalize


def _json_text(value: str) -> str:
    return json_string_content(value)


def _slack_text(value: str) -> str:
    return json_string_content(slack_escape(value))


def _raw_tojson(value: Any, indent: int | None = None) -> RawJSON:
    return RawJSON(to_json(value))


def _raw_safe(value: Any) -> RawJSON:
    return RawJSON("" if value is None else str(value))


# -- the environment ---------------------------------------------------------------------


class StateLoader(BaseLoader):
    """Loads by internal name ("t:12@3", "builtin:html/base", ...) from the template set
    of the render in progress: everything was fetched before rendering started."""

    def get_source(self, environment: Any, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        state = _state()
        if state is None or state.templates is None:
            raise TemplateNotFound(template)
        source, label = state.templates.source_of(template)
        return source, f"template {label}", _always_fresh


def _always_fresh() -> bool:
    return True


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _NoFoldingCodeGenerator

    def __init__(self, format: TemplateFormat, *, cache_size: int = 2000) -> None:
        json_like = format in JSON_FORMATS
        if format is TemplateFormat.SLACK:
            finalize: Callable[[Any], Any] = _json_finalizer(_slack_text)
        elif json_like:
            finalize = _json_finalizer(_json_text)
        else:
            finalize = _finalize_text
        super().__init__(loader=StateLoader(), autoescape=format is TemplateFormat.HTML,
                         undefined=LenientUndefined, finalize=finalize, auto_reload=False,
                         cache_size=cache_size, trim_blocks=True, lstrip_blocks=True,
                         optimized=False)
        self.format = format
        self.json_like = json_like
        self.globals.pop("lipsum", None)
        self.filters.pop("attr", None)
        self.filters.update(extra_filters.COMMON_FILTERS)
        self.filters["markdown"] = (extra_filters.markdown_html
                                    if format is TemplateFormat.HTML
                                    else extra_filters.markdown_plain)
        if json_like:
            self.filters["tojson"] = _raw_tojson
            self.filters["safe"] = _raw_safe
        for name in (GUARDED_FILTERS | STRINGIFYING_FILTERS) & set(self.filters):
            self.filters[name] = _guarded_filter(name, self.filters[name])
        self.filters[ITER_GUARD] = _guard_iter
        self.filters[CONCAT_GUARD] = _guard_concat
        #: internal name → template text it can emit outside its loops (see join_path)
        self._static_sizes: dict[str, int] = {}
        self._static_sizes_lock = threading.Lock()
        self.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _json_default}

    # templates: compile-time guards and name resolution through the render's set

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        """Compiling evaluates nothing a template computes (folding is off); should Jinja
        evaluate anything regardless, it does so under an account of its own."""
        if CURRENT.get() is not None:  # compiling for a render: its account applies
            return super().compile(source, name, filename, raw, defer_init)
        token = CURRENT.set(RenderState(COMPILE_LIMITS, None))
        try:
            return super().compile(source, name, filename, raw, defer_init)
        finally:
            CURRENT.reset(token)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        guarded = _GuardLoops().visit(tree)
        guarded.set_environment(self)
        if name is not None:
            size = _static_chars(guarded.body)
            with self._static_sizes_lock:  # renders compile in threads
                self._static_sizes[name] = size
                while len(self._static_sizes) > STATIC_SIZES_KEPT:
                    self._static_sizes.pop(next(iter(self._static_sizes)))
        return guarded

    def join_path(self, template: str, parent: str) -> str:
        """Runs on every include, import and extends, so each is charged as a step plus
        the text the template emits (an include in a loop, even inside a captured block,
        cannot pile up text unaccounted)."""
        state = _state()
        if state is None or state.templates is None:
            raise TemplateNotFound(template)
        internal = state.templates.internal_name(template)
        state.charge(1, self._static_sizes.get(internal, 0))
        return internal

    # attribute access

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in DENIED_ATTRIBUTES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise _refuse(f"access to attribute {attribute!r} of a {type(obj).__name__} value "
                      "is not allowed")

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Context data is plain dicts: a key lookup first saves the AttributeError that
        # Jinja's attribute-first rule would raise and catch on every `a.b`.
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        if kind is LoopContext and attribute in _LOOP_ATTRIBUTES:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed `str.format`/`format_map`, with a formatter that formats data
        only (a field can reach an object through attributes: `'{0.upper}'.format(s)`)."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) or (
                value.__name__ not in ("format", "format_map")):
            return None
        template = value.__self__
        if not isinstance(template, str):
            return None
        _check_format_string(template)
        text_type = type(template)
        is_format_map = value.__name__ == "format_map"
        formatter: SandboxedFormatter = (
            _DataEscapeFormatter(self, escape=template.escape)
            if isinstance(template, Markup) else _DataFormatter(self))

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return text_type(formatter.vformat(template, args, kwargs))

        return update_wrapper(wrapper, value)

    # calls and operators

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        state = _state()
        if state is not None:
            state.charge(1)
            _check_int_arguments(args)
            _check_int_arguments(kwargs.values())
            if isinstance(getattr(__obj, "__self__", None), str):
                _check_all_printable(args)
                _check_all_printable(kwargs.values())
                _check_str_method(state, __obj, args)
        result = super().call(__context, __obj, *args, **kwargs)
        if state is not None:
            _check_result(state, result)
        if __self.json_like and isinstance(result, str) and (
                isinstance(__obj, Macro) or type(__obj).__name__ == "BlockReference"):
            return RawJSON(result)
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        state = _state()
        if state is not None:
            _check_binop(state, operator, left, right)
        result = self.binop_table[operator](left, right)
        if state is not None and isinstance(result, _SIZED_TYPES):
            state.check_value(len(result))
            if isinstance(result, str):
                state.produce(len(result))
        return result


def _check_binop(state: RenderState, operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        if isinstance(left, int) and isinstance(right, _SIZED_TYPES):
            left, right = right, left
        if isinstance(left, _SIZED_TYPES) and isinstance(right, int):
            state.check_value(len(left) * max(right, 0))
        elif isinstance(left, int) and isinstance(right, int):
            _check_bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _check_bits(max(left.bit_length(), 1) * right)
    elif operator == "%" and isinstance(left, str):
        _check_format_string(left)
        arguments = right if isinstance(right, tuple) else (right,)
        _check_int_arguments(arguments)
        _check_all_printable(arguments)


def _check_bits(bits: int) -> None:
    if bits > 65_536:
        raise TemplateLimitExceeded("template stopped: a number too large to compute")


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


_ENVIRONMENTS: dict[TemplateFormat, TemplateSandbox] = {}


def environment_for(format: TemplateFormat) -> TemplateSandbox:
    """One environment (and compiled-template cache) per format, shared by all renders:
    compiled templates are keyed by immutable internal names, so sharing is safe."""
    environment = _ENVIRONMENTS.get(format)
    if environment is None:
        environment = _ENVIRONMENTS.setdefault(format, TemplateSandbox(format))
    return environment

