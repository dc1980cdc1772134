"""Checks run when a template is saved, before anything is written.

1. Syntax (and compile-time errors such as an unknown filter), reported with line and
   column. Jinja's lexer only tracks lines, so the parser is fed a token stream that
   also records where each token starts; the column is that of the token the parser
   stopped at.
2. Template injection, statically: underscore attributes and keys, the attributes and
   names the sandbox refuses (`mro`, `config`, `environment`, `os`, ...), the `attr`
   filter, and `"{0.__class__}".format(...)`-style format strings. The sandbox refuses
   all of these at render time as well; finding them here gives the author a clear
   error at save instead of a failed send.
3. References (`extends`, `include`, `import`) must be quoted names, so the set of
   templates a publication renders with is known, and can be pinned, in advance.

Expressions or blocks nested deeper than Python's parser and compiler can recurse
(about a hundred parentheses, a few hundred `{% if %}`) are an input error, not a crash.
Compiling evaluates nothing (see domain.templates.sandbox), so a save costs the same
whatever the constants in the text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes
from jinja2.lexer import Token, TokenStream, newline_re
from jinja2.parser import Parser

from domain.templates.errors import TemplateError, TemplateSecurityError
from domain.templates.models import TemplateFormat
from domain.templates.resolution import References, references_in
from domain.templates.sandbox import (
    DENIED_ATTRIBUTES,
    STRINGIFYING_FILTERS,
    TemplateSandbox,
    environment_for,
)

MAX_SOURCE = 100_000
#: Nesting a save accepts: far below what Python's recursion limit lets the parser and
#: the compiler handle (about 70 parentheses, 200 blocks), so every later parse and
#: compile of the text, wherever it runs, has room to spare.
MAX_BRACKET_DEPTH = 24
MAX_BLOCK_DEPTH = 48
_OPENING = frozenset({"lparen", "lbracket", "lbrace"})
_CLOSING = frozenset({"rparen", "rbracket", "rbrace"})
_BLOCK_TAGS = frozenset({"if", "for", "macro", "call", "filter", "block", "with",
                         "autoescape"})
#: Free names that only ever appear in template-injection payloads.
#: Jinja's globals: callables and objects whose printed form is a Python representation
#: (with a memory address); printing one is refused (the sandbox refuses it at render too).
UNPRINTABLE_GLOBALS = frozenset({"range", "dict", "cycler", "joiner", "namespace", "self"})
DENIED_NAMES = frozenset({
    "config", "request", "session", "environment", "settings", "os", "sys", "subprocess",
    "builtins", "__builtins__", "globals", "locals", "eval", "exec", "open", "import",
    "getattr", "lipsum", "url_for", "get_flashed_messages", "application",
})


@dataclass(frozen=True, slots=True)
class CheckedSource:
    tree: nodes.Template
    references: References


def check_source(source: str, format: TemplateFormat, field: str = "source") -> CheckedSource:
    if len(source) > MAX_SOURCE:
        raise TemplateError(f"source must be at most {MAX_SOURCE} characters", field=field)
    environment = environment_for(format)
    try:
        tree = _parse(environment, source, field)
        _scan(tree, field)
        _check_references(tree, field)
        try:
            environment.compile(tree, raw=True)
        except TemplateSyntaxError as error:  # e.g. an unknown filter or test
            column = _column_of_name(source, error.lineno, error.message or "")
            where = (f"line {error.lineno}, column {column}" if column
                     else f"line {error.lineno}")
            raise TemplateError(f"template error at {where}: {error.message}",
                                field=field) from None
        return CheckedSource(tree, references_in(tree))
    except RecursionError:
        raise TemplateError("template error: expressions or blocks are nested too deeply",
                            field=field) from None


# -- 1. syntax with columns ----------------------------------------------------------------


def _parse(environment: TemplateSandbox, source: str, field: str) -> nodes.Template:
    text = "\n".join(newline_re.split(source)[::2])
    starts: dict[int, tuple[Token, int]] = {}  # keeps tokens alive, so ids are not reused
    cursor = 0
    lexer_failed = False

    nesting = _Nesting()

    def tokens() -> Iterator[Token]:
        nonlocal cursor, lexer_failed
        previous = ""
        raw = environment.lexer.tokeniter(source, None)
        while True:
            try:
                lineno, kind, value = next(raw)
            except StopIteration:
                return
            except TemplateSyntaxError:
                lexer_failed = True
                raise
            found = text.find(value, cursor) if value else -1
            start = found if found >= 0 else cursor
            cursor = start + len(value)
            for token in environment.lexer.wrap(iter([(lineno, kind, value)])):
                starts[id(token)] = (token, start)
                nesting.see(token, previous)
                previous = token.type
                yield token

    parser = Parser(environment, source)
    parser.stream = TokenStream(tokens(), None, None)
    try:
        tree = parser.parse()
    except TemplateSyntaxError as error:
        current = parser.stream.current
        known = starts.get(id(current))
        offset = known[1] if known and known[0] is current and not lexer_failed else cursor
        line, column = _line_and_column(text, offset)
        if line != error.lineno:  # the lexer failed past the last token: trust its line
            line, column = error.lineno, None
        where = f"line {line}, column {column}" if column else f"line {line}"
        raise TemplateError(f"template syntax error at {where}: {error.message}",
                            field=field) from None
    tree.set_environment(environment)
    return tree


class _Nesting:
    """Counts bracket and block depth token by token, and stops the parse (with a syntax
    error at the offending token) past the limits."""

    __slots__ = ("blocks", "brackets")

    def __init__(self) -> None:
        self.brackets = 0
        self.blocks = 0

    def see(self, token: Token, previous: str) -> None:
        kind = token.type
        if kind in _OPENING:
            self.brackets += 1
            if self.brackets > MAX_BRACKET_DEPTH:
                raise TemplateSyntaxError(
                    f"brackets nested more than {MAX_BRACKET_DEPTH} deep", token.lineno)
        elif kind in _CLOSING:
            self.brackets = max(self.brackets - 1, 0)
        elif kind == "name" and previous == "block_begin":
            if token.value in _BLOCK_TAGS:
                self.blocks += 1
                if self.blocks > MAX_BLOCK_DEPTH:
                    raise TemplateSyntaxError(
                        f"blocks nested more than {MAX_BLOCK_DEPTH} deep", token.lineno)
            elif token.value.startswith("end"):
                self.blocks = max(self.blocks - 1, 0)


def _column_of_name(source: str, lineno: int, message: str) -> int | None:
    """Compile errors name the culprit ("No filter named 'x'"): find it on its line."""
    quoted = re.search(r"'([^']+)'", message)
    lines = source.splitlines()
    if not quoted or not 1 <= lineno <= len(lines):
        return None
    index = lines[lineno - 1].find(quoted.group(1))
    return index + 1 if index >= 0 else None


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


# -- 2. injection ------------------------------------------------------------------------


def _refused(field: str, node: nodes.Node, what: str) -> TemplateSecurityError:
    return TemplateSecurityError(
        f"template refused at line {node.lineno}: {what} (templates may not reach Python "
        "internals)", field=field)


def _bad_attribute(name: str) -> bool:
    return name.startswith("_") or name in DENIED_ATTRIBUTES


def _scan(tree: nodes.Template, field: str) -> None:
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx != "load"}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name, nodes.Filter,
                               nodes.Call)):
        if isinstance(node, nodes.Getattr) and _bad_attribute(node.attr):
            raise _refused(field, node, f"attribute {node.attr!r} is not allowed")
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and (
                isinstance(node.arg.value, str) and _bad_attribute(node.arg.value)):
            raise _refused(field, node, f"key {node.arg.value!r} is not allowed")
        if isinstance(node, nodes.Name) and node.ctx == "load" and (
                node.name in DENIED_NAMES or node.name.startswith("__")) and (
                node.name not in assigned):
            raise _refused(field, node, f"{node.name!r} is not available in templates")
        if isinstance(node, nodes.Filter) and node.name == "attr":
            raise _refused(field, node, "the attr filter is not available")
        if isinstance(node, nodes.Filter) and node.name in STRINGIFYING_FILTERS:
            _refuse_printed_global(field, node.node, assigned)
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and (
                node.node.attr in ("format", "format_map")) and isinstance(
                node.node.node, nodes.Const) and isinstance(node.node.node.value, str):
            _scan_format_string(node.node.node.value, field, node)


    for node in tree.find_all((nodes.Output, nodes.Concat)):
        for child in node.nodes:
            _refuse_printed_global(field, child, assigned)


def _refuse_printed_global(field: str, node: nodes.Node | None, assigned: set[str]) -> None:
    if isinstance(node, nodes.Name) and node.ctx == "load" and (
            node.name in UNPRINTABLE_GLOBALS) and node.name not in assigned:
        raise _refused(field, node, f"{node.name!r} cannot be printed (it is not data)")


_FIELD_PART = re.compile(r"[.\[]\s*(_[^.\[\]]*)")


def _scan_format_string(text: str, field: str, node: nodes.Node) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    except ValueError:
        return
    for name in fields:
        match = _FIELD_PART.search(name)
        if match:
            raise _refused(field, node, f"format field {name!r} reaches {match.group(1)!r}")


# -- 3. references -------------------------------------------------------------------------


def _check_references(tree: nodes.Template, field: str) -> None:
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        target = node.template
        names = target.items if isinstance(target, nodes.List | nodes.Tuple) else [target]
        for name in names:
            if not (isinstance(name, nodes.Const) and isinstance(name.value, str)):
                raise TemplateError(
                    f"template error at line {node.lineno}: a template name in extends, "
                    "include or import must be a quoted name", field=field)
            if name.value.startswith("#"):
                raise TemplateError(f"template error at line {node.lineno}: template names "
                                    "cannot start with '#'", field=field)
