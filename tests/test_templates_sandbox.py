"""Template safety: known server-side template injection payloads are refused (at save,
and at render time when the attack comes in through data), and runaway templates are
stopped by the step, time and size limits. Nothing is written when a save is refused."""

from __future__ import annotations

import base64
import re
import time

import pytest

from domain.audience.models import Subscriber
from domain.channels.models import ChannelType
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.publications.models import Publication
from domain.templates import service
from domain.templates.engine import render_set
from domain.templates.errors import TemplateLimitExceeded, TemplateSecurityError
from domain.templates.limits import RenderLimits
from domain.templates.models import Template, TemplateFormat, TemplateVersion
from domain.templates.rendering import render_for
from domain.templates.resolution import StoredTemplate, TemplateSet

EDITOR = {"role": "editor", "subject": "sandbox-editor"}
AUTHOR = Actor(name="sandbox-author", role=Role.EDITOR)
CREATE = """
mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id } }"""
PREVIEW = """
query($input: RenderPreviewInput!) { renderPreview(input: $input) { html text } }"""

SSTI_PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__()[40]('/etc/passwd').read() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ config.items() }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('id').read() }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context.environment }}",
    "{% set x = self._TemplateReference__context %}{{ x }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}",
    "{{ url_for.__globals__.os.popen('id').read() }}",
    "{{ get_flashed_messages.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{{ ''|attr('__class__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ ''|attr(['_', '_class_', '_']|join) }}",
    "{{ ''['__class__'] }}",
    "{{ ''['\\u005f\\u005fclass\\u005f\\u005f'] }}",
    "{% set key = ['_', '_class_', '_']|join %}{{ ''[key] }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ publication.published_at.__class__.mro() }}",
    "{{ publication.title.mro }}",
    "{{ range.__globals__ }}",
    "{{ environment.loader.list_templates() }}",
    "{{ __builtins__ }}",
    "{{ os.popen('id').read() }}",
    "{% include '/etc/passwd' %}",
    "{% extends '../../../../etc/passwd' %}",
    "{% import 'os' as os %}{{ os.popen('id') }}",
    "{% include subscriber.attributes.template %}",
    "{{ publication.update(title='owned') }}",
    "{{ publication.topics.append(1) }}",
    "{{ subscriber.attributes.clear() }}",
]


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
async def test_known_injection_payloads_are_refused_at_save(gql, payload) -> None:
    error = await gql.error(CREATE, {"input": {"name": "evil", "channelType": "EMAIL",
                                               "source": payload}}, **EDITOR)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "source"}, error
    assert any(word in error["message"] for word in (
        "refused", "not available", "not allowed", "unknown template", "quoted name")), error
    assert await Template.all().count() == 0
    assert await TemplateVersion.all().count() == 0


async def test_an_injection_through_data_is_refused_when_rendering(gql, db) -> None:
    """A template that looks up keys chosen by data saves fine; a subscriber whose data
    names an internal gets a clear refusal, not the internal."""
    template = (await gql.data(CREATE, {"input": {
        "name": "lookup", "channelType": "EMAIL",
        "source": "{{ publication[subscriber.attributes.field] }}"}}, **EDITOR)
                )["createTemplate"]
    honest = await Subscriber.create(email="h@example.com", attributes={"field": "title"})
    hostile = await Subscriber.create(email="x@example.com",
                                      attributes={"field": "__class__"})
    ok = await gql.data(PREVIEW, {"input": {"templateId": template["id"],
                                            "subscriberId": _gid("Subscriber", honest.id)}},
                        role="viewer")
    assert ok["renderPreview"]["html"] == "A sample publication"
    error = await gql.error(PREVIEW, {"input": {"templateId": template["id"],
                                                "subscriberId": _gid("Subscriber",
                                                                     hostile.id)}},
                            role="viewer")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "templateId"}
    assert "refused by the template sandbox" in error["message"]
    assert "'lookup' v1, line 1" in error["message"]


RUNAWAY = [
    pytest.param("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                 "{% endfor %}", "loop iterations", id="nested-loops"),
    pytest.param("{% for i in range(3) %}{{ 'x' * 200000 }}{% endfor %}",
                 "output exceeds", id="huge-output"),
    pytest.param("{% for i in range(100000) %}{{ publication.body }}{% endfor %}",
                 "output exceeds", id="endless-output"),
    pytest.param("{% for i in range(100000) %}" + "static text " * 100 + "{% endfor %}",
                 "along the way", id="endless-static-text"),
    pytest.param("{{ 'x' * 100000000 }}", "exceeds the output limit", id="string-repeat"),
    pytest.param("{{ 'x'|center(99999999) }}", "larger than", id="filter-argument"),
    pytest.param("{{ '%099999999d' % 1 }}", "larger than", id="format-width"),
    pytest.param("{{ 9 ** 999999 }}", "too large", id="big-power"),
    pytest.param("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                 "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "exceeds", id="doubling"),
    pytest.param("{% set kept %}{% for i in range(100000) %}{{ publication.body }}"
                 "{% endfor %}{% endset %}nothing shown", "along the way", id="captured"),
    pytest.param("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion",
                 id="recursion"),
    pytest.param("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
                 "{{ f(60) }}", "loop iterations and calls|longer than 1 s",
                 id="exponential-macro"),
]


@pytest.mark.parametrize(("source", "reason"), RUNAWAY)
async def test_runaway_templates_are_stopped_and_refused_at_save(gql, source, reason) -> None:
    started = time.perf_counter()
    error = await gql.error(CREATE, {"input": {"name": "runaway", "channelType": "EMAIL",
                                               "source": source}}, **EDITOR)
    assert time.perf_counter() - started < 30  # stopped, not run to completion
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "source"}, error
    assert "template stopped" in error["message"], error
    assert re.search(reason, error["message"]), error
    assert await Template.all().count() == 0
    assert await TemplateVersion.all().count() == 0


@pytest.mark.parametrize("wrap", [("", ""), ("{% set kept %}", "{% endset %}done")],
                         ids=["streamed", "captured"])
async def test_an_include_in_a_loop_is_accounted_for(gql, wrap) -> None:
    await gql.data(CREATE, {"input": {"name": "big", "channelType": "EMAIL",
                                      "source": "x" * 90_000}}, **EDITOR)
    error = await gql.error(CREATE, {"input": {
        "name": "loop", "channelType": "EMAIL",
        "source": wrap[0] + "{% for i in range(100000) %}{% include 'big' %}{% endfor %}"
                  + wrap[1]}}, **EDITOR)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "source"}, error
    assert "template stopped" in error["message"]
    assert await Template.all().count() == 1


def _draft(source: str, format: TemplateFormat = TemplateFormat.HTML) -> TemplateSet:
    return TemplateSet(format, "t", {"t": StoredTemplate(None, "t", 0, source)})


def test_the_time_limit_stops_a_loop_the_step_limit_would_allow() -> None:
    limits = RenderLimits(max_steps=10**12, max_seconds=0.2)
    started = time.perf_counter()
    with pytest.raises(TemplateLimitExceeded, match=r"longer than 0\.2 s"):
        render_set(_draft("{% for i in range(100000) %}{% for j in range(100000) %}"
                          "{{ j }}{% endfor %}{% endfor %}"), {}, RenderLimits(
            max_steps=limits.max_steps, max_seconds=limits.max_seconds,
            max_output_chars=10**9, work_factor=1000))
    assert time.perf_counter() - started < 10  # 10^10 iterations would take hours


def test_a_sandbox_refusal_says_what_and_where() -> None:
    with pytest.raises(TemplateSecurityError) as raised:
        render_set(_draft("line 1\n{{ publication[key] }}"),
                   {"publication": {"title": "t"}, "key": "__class__"})
    assert raised.value.location == "template 't' (unsaved), line 2"
    assert "access to attribute '__class__' of a dict value is not allowed" in str(
        raised.value)


async def test_limits_apply_when_sending_too(db) -> None:
    publication = await Publication.create(title="t", body="word " * 1200)
    template = await service.create_template(AUTHOR, name="big", channel_type=ChannelType.EMAIL,
                                             source="{{ publication.body }}")
    publication.template_choices = {"html": template.id}
    await publication.save()
    with pytest.raises(TemplateLimitExceeded, match="output exceeds 5000 characters"):
        await render_for(publication, ChannelType.EMAIL,
                         limits=RenderLimits(max_output_chars=5000))
