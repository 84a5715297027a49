"""The shared optimistic-locking mechanism (core.versioning, core.forms.VersionedForm)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from huanjie.core import versioning
from huanjie.core.forms import VersionedForm, call_service
from huanjie.core.models import WorkflowRecord
from huanjie.core.versioning import StaleEdit, Versioned, check_version
from huanjie.org.models import OrgUnit


def test_workflow_records_use_the_shared_version():
    assert issubclass(WorkflowRecord, Versioned)


def test_check_version_passes_on_the_loaded_version(cast):
    check_version(cast.village, 1)
    check_version(cast.village, "1")


@pytest.mark.parametrize("expected", [2, None, "", "x"])
def test_check_version_refuses_anything_else(cast, expected):
    with pytest.raises(StaleEdit) as exc:
        check_version(cast.village, expected)
    assert isinstance(exc.value, ValidationError)
    assert exc.value.differences == []
    assert "此记录已被他人修改" in exc.value.messages[0]


def test_differences_read_as_the_official_sees_them(cast):
    seen = versioning.seen_values(cast.village, ("name", "is_pilot", "level", "parent", "households"))
    OrgUnit.objects.filter(pk=cast.village.pk).update(
        name="东村村", is_pilot=True, parent=cast.town_b, households=None, version=2
    )
    current = OrgUnit.objects.get(pk=cast.village.pk)
    with pytest.raises(StaleEdit) as exc:
        check_version(current, 1, seen=seen, fields=seen)
    assert [str(d) for d in exc.value.differences] == [
        "名称：您看到的值“东村” → 现在的值“东村村”",
        "试点：您看到的值“否” → 现在的值“是”",
        "上级单位：您看到的值“青石镇” → 现在的值“白沙镇”",
        "户数：您看到的值“420” → 现在的值“（空）”",
    ]
    assert exc.value.messages[1:] == [str(d) for d in exc.value.differences]


def test_seen_is_signed(cast):
    signed = versioning.seen_dumps(cast.village, ("name",))
    assert versioning.seen_loads(signed) == {"name": "东村"}
    assert versioning.seen_loads(signed[:-2] + "xx") is None
    assert versioning.seen_loads("") is None


class _NameForm(VersionedForm):
    name = forms.CharField()
    reason = forms.CharField()


def test_stale_form_is_rebound_to_the_current_values(cast):
    loaded = _NameForm(record=cast.village, record_fields=("name",))
    data = {"name": "新名", "reason": "理由", "version": 1, "seen": loaded.initial["seen"]}
    OrgUnit.objects.filter(pk=cast.village.pk).update(name="东村村", version=5)
    form = _NameForm(data, record=cast.village, record_fields=("name",))
    assert form.is_valid()

    def service(**kwargs):
        check_version(
            OrgUnit.objects.get(pk=cast.village.pk), kwargs["version"], seen=kwargs["seen"], fields=("name",)
        )

    assert call_service(form, service, **form.versioned()) is None
    assert form["name"].value() == "东村村" and form["reason"].value() == "理由"
    assert form["version"].value() == 5
    assert [d.current for d in form.differences] == ["东村村"]
    assert "名称：您看到的值“东村” → 现在的值“东村村”" in form.non_field_errors()


def test_form_without_version_is_invalid(cast):
    form = _NameForm({"name": "新名", "reason": "理由"}, record=cast.village)
    assert not form.is_valid()
    assert form.non_field_errors() == ["表单缺少版本信息，请刷新页面后重新填写"]
