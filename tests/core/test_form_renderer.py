"""The project's form renderer writes Django's <input> widgets itself: the markup must be exactly
what Django's templates render, for every input widget, value and attribute."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from huanjie.core.form_renderer import INPUT_TEMPLATES, FastInputRenderer

WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.FileInput,
    forms.ClearableFileInput,
    forms.Textarea,
    forms.Select,
]
VALUES = [
    None,
    "",
    0,
    12,
    3.5,
    "张三",
    "a<b>&\"c'",
    mark_safe("<b>安全</b>"),
    dt.date(2026, 3, 20),
    True,
    False,
]
ATTRS = [
    {},
    {"class": "form-control", "required": True, "disabled": False, "maxlength": 30},
    {"placeholder": '票数 <"&">', "aria-label": "另选他人 1 得票", "min": 0, "max": 100_000},
    {"data-x": mark_safe("<i>"), "autofocus": True, "list": "hj-boxes"},
]


def test_the_project_uses_the_fast_renderer():
    assert isinstance(get_default_renderer(), FastInputRenderer)


@pytest.mark.parametrize("widget_class", WIDGETS)
def test_every_input_widget_renders_as_djangos_template_does(widget_class):
    fast, django = FastInputRenderer(), DjangoTemplates()
    for attrs in ATTRS:
        for value in VALUES:
            w = widget_class(attrs=dict(attrs))
            if isinstance(w, forms.Select):
                w.choices = [("1", "一"), ("2", "二")]
            expected = w.render("f_1", value, attrs={"id": "id_f_1"}, renderer=django)
            got = w.render("f_1", value, attrs={"id": "id_f_1"}, renderer=fast)
            assert got == expected, (widget_class.__name__, attrs, value)


def test_only_djangos_input_templates_are_written_directly(monkeypatch):
    fast = FastInputRenderer()
    seen = []
    monkeypatch.setattr(
        DjangoTemplates, "render", lambda self, name, ctx, request=None: seen.append(name) or ""
    )
    forms.TextInput().render("a", "x", renderer=fast)
    forms.Select(choices=[("1", "一")]).render("b", "1", renderer=fast)
    forms.Textarea().render("c", "x", renderer=fast)
    assert seen == ["django/forms/widgets/select.html", "django/forms/widgets/textarea.html"]
    assert "django/forms/widgets/text.html" in INPUT_TEMPLATES


@pytest.mark.parametrize("widget_class", [forms.CheckboxSelectMultiple, forms.RadioSelect])
def test_a_groups_choices_render_as_djangos_templates_do(widget_class):
    """``{{ box.tag }}`` (the label not wrapped) is written directly; the wrapped choice and the whole
    group still go through Django's templates — either way the same markup."""
    fast, django = FastInputRenderer(), DjangoTemplates()
    choices = [(1, "张三"), (2, "a<b>&\"c'"), (3, mark_safe("<b>安全</b>"))]

    class F(forms.Form):
        pick = forms.MultipleChoiceField(
            choices=choices, widget=widget_class(attrs={"class": "form-check-input"})
        )

    for data in ({}, {"pick": ["2"]}, {"pick": ["1", "3"]}):
        a, b = F(data or None, renderer=fast), F(data or None, renderer=django)
        assert [w.tag() for w in a["pick"]] == [w.tag() for w in b["pick"]]
        assert [w.tag(wrap_label=True) for w in a["pick"]] == [w.tag(wrap_label=True) for w in b["pick"]]
        assert str(a["pick"]) == str(b["pick"])


def test_an_unwrapped_choice_skips_the_template(monkeypatch):
    fast = FastInputRenderer()
    seen = []
    real = DjangoTemplates.render
    monkeypatch.setattr(
        DjangoTemplates,
        "render",
        lambda self, name, ctx, request=None: seen.append(name) or real(self, name, ctx),
    )

    class F(forms.Form):
        pick = forms.MultipleChoiceField(choices=[(1, "一")], widget=forms.CheckboxSelectMultiple)

    [box] = list(F(renderer=fast)["pick"])
    assert box.tag().startswith('<input type="checkbox" name="pick" value="1"')
    assert seen == []
    box.tag(wrap_label=True)
    assert seen == ["django/forms/widgets/checkbox_option.html"]


def test_a_callable_value_goes_through_the_template():
    fast, django = FastInputRenderer(), DjangoTemplates()
    w = forms.TextInput(attrs={"data-v": lambda: "called"})
    assert w.render("a", "x", renderer=fast) == w.render("a", "x", renderer=django)


def test_a_form_renders_the_same_with_either_renderer():
    class F(forms.Form):
        name = forms.CharField(max_length=30, widget=forms.TextInput(attrs={"class": "form-control"}))
        n = forms.IntegerField(min_value=0, required=False)
        day = forms.DateField()
        ok = forms.BooleanField(required=False)
        kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])

    data = {"name": "<张三>", "n": "-1", "day": "2026-03-20", "ok": "on", "kind": "b"}
    assert str(F(data, renderer=FastInputRenderer())) == str(F(data, renderer=DjangoTemplates()))
