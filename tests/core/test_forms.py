"""core.forms.call_service: a service's refusal lands on the form."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.forms import call_service


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
