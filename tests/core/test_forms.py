"""core.forms.call_service: a service's refusal lands on the form."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.forms import BootstrapMixin, call_service


class NameForm(forms.Form):
    name = forms.CharField()


def _form() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_result_is_returned():
    assert call_service(_form(), lambda **kw: kw["value"], value=3) == 3


def test_validation_error_goes_on_its_field():
    def refuse(**_):
        raise ValidationError({"name": "名称不能为空"})

    form = _form()
    assert call_service(form, refuse) is None
    assert form.errors == {"name": ["名称不能为空"]}


def test_permission_denied_is_a_form_error_or_propagates():
    def deny(**_):
        raise PermissionDenied("对象不在您的管辖范围内")

    form = _form()
    assert call_service(form, deny) is None
    assert form.non_field_errors() == ["对象不在您的管辖范围内"]
    with pytest.raises(PermissionDenied):
        call_service(_form(), deny, denied_on_form=False)


# -- BootstrapMixin: choice groups render as Bootstrap form-check radios and checkboxes -------------


class ChoiceGroupsForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label="决定", choices=[("a", "同意"), ("b", "不同意")], widget=forms.RadioSelect
    )
    flags = forms.MultipleChoiceField(
        label="问题", choices=[("x", "甲"), ("y", "乙")], widget=forms.CheckboxSelectMultiple, required=False
    )
    name = forms.CharField(label="姓名")


def test_radio_and_checkbox_groups_render_as_form_checks():
    html = str(ChoiceGroupsForm()["decision"])
    # Each option is an input.form-check-input with its label.form-check-label in a div.form-check;
    # nothing of the group carries form-control (which drew the radios as one text box).
    assert "form-control" not in html
    assert html.count('<div class="form-check">') == 2
    assert html.count('type="radio" name="decision" value="') == 2
    assert html.count('class="form-check-input"') == 2
    assert '<label class="form-check-label" for="id_decision_0">同意</label>' in html
    flags = str(ChoiceGroupsForm()["flags"])
    assert "form-control" not in flags and flags.count('type="checkbox"') == 2
    assert flags.count('class="form-check-input"') == 2
    # Other widgets keep their classes.
    assert 'class="form-control"' in str(ChoiceGroupsForm()["name"])


def test_an_invalid_radio_group_is_marked_on_its_options():
    form = ChoiceGroupsForm({"decision": "", "name": "张三"})
    assert not form.is_valid()
    html = str(form["decision"])
    assert html.count('class="form-check-input is-invalid"') == 2
    assert form.errors["decision"] == ["请选择“决定”"]


def test_the_generic_field_template_gives_a_group_a_legend():
    from django.template.loader import render_to_string

    html = render_to_string("core/_form_fields.html", {"form": ChoiceGroupsForm()})
    assert "<legend" in html and "决定" in html
    assert 'for="id_decision"' not in html  # the group has no single input to point at
