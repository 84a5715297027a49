"""Issue 9, requirement 6: every message written for the user, in Chinese, addressing them as 您.

1. every form class of the project uses the project's messages (core.forms.ProjectMessagesMixin);
2. every field of every form, given bad data (empty, too long, too short, not a number, not a
   date, a choice that is not offered, a NUL byte, out of range), answers with the project's
   messages: none contains a fragment of Django's defaults;
3. every POST form of the UI, submitted empty and with overlong values, renders no default fragment;
4. the templates say 您, never 你.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError

import huanjie
from huanjie.core.forms import (
    DJANGO_DEFAULT_FRAGMENTS,
    ProjectMessagesMixin,
    project_message,
    use_project_messages,
)
from tests.test_access_control import Walker, build_world
from tests.test_input_fuzz import Forms, _pages

BAD_VALUES = ["", "x" * 5000, "a", "-99999999999", "99999999999", "abc", "2026-13-45", "a\x00b", "<nope>"]


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(huanjie.__path__, "huanjie."):
        if ".migrations" in info.name or info.name.endswith(("settings", "wsgi", "asgi")):
            continue
        importlib.import_module(info.name)
    seen: set[type] = set()
    todo = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in seen if c.__module__.startswith("huanjie.") and "Mixin" not in c.__name__),
        key=lambda c: (c.__module__, c.__name__),
    )


def _contains_default(text: str) -> list[str]:
    return [f for f in DJANGO_DEFAULT_FRAGMENTS if f in text]


def test_every_form_uses_the_project_messages():
    classes = _project_form_classes()
    assert len(classes) > 20
    missing = [f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, ProjectMessagesMixin)]
    assert not missing, f"forms without ProjectMessagesMixin (core.forms): {missing}"


@pytest.mark.django_db
def test_no_field_of_any_form_answers_with_a_default_message():
    problems = []
    for cls in _project_form_classes():
        for name, base in cls.base_fields.items():
            field = copy.deepcopy(base)
            field.required = True
            if isinstance(field, forms.ChoiceField) and not list(field.choices):
                field.choices = [("a", "甲")]
            use_project_messages(field)
            for value in [*BAD_VALUES, ["nope"]]:
                try:
                    field.clean(value)
                except ValidationError as exc:
                    # What the form shows (ProjectMessagesMixin.full_clean's last resort applied).
                    shown = [project_message(field) if _contains_default(m) else m for m in exc.messages]
                    if _contains_default(" ".join(exc.messages)) and field.widget.__class__ not in (
                        forms.Select,
                        forms.HiddenInput,
                    ):
                        problems.append(
                            f"{cls.__name__}.{name} {str(value)[:12]!r}: default reached the backstop"
                        )
                    for message in shown:
                        if _contains_default(message) or not re.search(r"[\u4e00-\u9fff]", message):
                            problems.append(f"{cls.__name__}.{name} {str(value)[:12]!r}: {message}")
                except (TypeError, AttributeError, ValueError):
                    continue
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
def test_a_bounded_field_says_what_is_wrong_in_chinese():
    field = forms.CharField(label="理由", max_length=12, min_length=3)
    use_project_messages(field)
    with pytest.raises(ValidationError) as exc:
        field.clean("x" * 20)
    assert exc.value.messages == ["“理由”最多 12 个字，您输入了 20 个"]
    with pytest.raises(ValidationError) as exc:
        field.clean("")
    assert exc.value.messages == ["请填写“理由”"]
    choice = forms.ChoiceField(label="角色", choices=[("a", "甲")])
    use_project_messages(choice)
    with pytest.raises(ValidationError) as exc:
        choice.clean("b")
    assert exc.value.messages == ["“角色”的所选项不在可选范围内，请重新选择"]
    day = forms.DateField(label="日期")
    use_project_messages(day)
    with pytest.raises(ValidationError, match="请输入有效的日期"):
        day.clean("2026-13-45")
    assert isinstance(day.clean("2026-03-01"), dt.date)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["town_operator", "secadmin", "sysadmin", "auditadmin"])
def test_bad_submissions_render_no_default_message(role, cast, client):
    world = build_world(cast)
    client.force_login(cast[role])
    client.raise_request_exception = False
    walker = Walker(world, role, client, None)
    problems = []
    posted = 0
    for _route, url in _pages(walker):
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        if found := _contains_default(page.content.decode()):
            problems.append(f"GET {url}: {found}")
        parser = Forms()
        parser.feed(page.content.decode("utf-8", errors="replace"))
        for method, action, fields in parser.forms:
            target = action or url
            for data in ({}, dict.fromkeys(fields, "x" * 600), dict.fromkeys(fields, "a\x00")):
                response = client.post(target, data) if method == "post" else client.get(target, data)
                posted += 1
                body = response.content.decode("utf-8", errors="replace")
                if found := _contains_default(body):
                    problems.append(f"{method.upper()} {target}: {found}")
    assert posted > 5
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_templates_address_the_user_as_nin():
    root = Path(huanjie.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "你" in line
    ]
    assert not offenders, f"templates saying 你 (write 您): {offenders}"


def test_a_model_default_message_from_a_service_is_replaced():
    from huanjie.core.forms import apply_service_errors

    form = forms.Form(data={})
    form.fields["name"] = forms.CharField(label="名称", required=False)
    form.is_valid()
    apply_service_errors(
        form, ValidationError({"name": ["这个字段是必填项。"], "other": ["此字段不能为空。"]})
    )
    assert form.errors["name"] == ["“名称”的内容不正确，请检查后重新填写"]
    assert form.errors["__all__"] == ["填写的内容不正确，请检查后重新填写"]
