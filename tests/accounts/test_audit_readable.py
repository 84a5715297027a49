"""Issue 9, requirement 7: the audit page reads as a record for an auditor — names and Chinese
labels for actions, roles, fields and units; one line per entry with the details on demand;
filters by person (actor or object), unit and action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huanjie.accounts.console_selectors import AuditFilters, audit_events, audit_rows
from huanjie.accounts.models import User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _grant(client, cast):
    User.objects.create_user("newop", password=PASSWORD, display_name="王新")
    client.force_login(cast["secadmin"])
    response = client.post(
        reverse("console:roles"),
        {
            "username": "newop",
            "role": "town_operator",
            "unit_code": "329901002000",
            "reason": "组干〔2026〕3号",
        },
    )
    assert response.status_code == 302


def test_role_grant_reads_with_names_and_labels(client, cast):
    _grant(client, cast)
    ev = AuditEvent.objects.get(action=AuditAction.ROLE_GRANT)
    (row,) = audit_rows([ev])
    shown = {c.field: c.after for c in row.changes}
    assert "town_operator" not in shown.values()
    assert "乡镇操作员" in shown.values()
    assert "王新（newop）" in shown.values()  # the account by name, not "用户: 12"
    assert cast.town_b.name in shown.values()
    assert not any(v.isdigit() for v in shown.values())
    assert row.unit_label.endswith(cast.town_b.name) and "›" in row.unit_label
    client.force_login(cast["auditadmin"])
    html = client.get(reverse("console:audit")).content.decode()
    assert "授予角色" in html and "乡镇操作员" in html and "town_operator" not in html
    assert "<details>" in html  # one line per entry, details on demand


def test_import_results_are_labelled_in_chinese(cast):
    audit.record(
        AuditAction.IMPORT,
        actor=cast["town_operator"],
        model="people.Person",
        object_id="7",
        object_repr="导入班子成员名册：名册.xlsx",
        org_path=cast.village.path,
        after={"kind": "roster", "persons_created": 3, "tenures_created": 5, "rows": 8},
    )
    (row,) = audit_rows(AuditEvent.objects.filter(action=AuditAction.IMPORT))
    fields = [c.field for c in row.changes]
    assert "persons_created" not in fields and "新增人员数" in fields and "新增任职数" in fields
    kind = next(c.after for c in row.changes if c.field == "类型")
    assert kind != "roster"
    assert row.unit_label.split(" › ")[-1] == cast.village.name
    assert "新增人员数：3" in row.summary or "类型" in row.summary


def test_filters_by_person_unit_and_action(client, cast):
    _grant(client, cast)
    admin = cast["auditadmin"]
    by_subject = audit_events(admin, AuditFilters(subject="王新"))
    assert {e.action for e in by_subject} == {AuditAction.ROLE_GRANT}
    by_actor = audit_events(admin, AuditFilters(actor=cast["secadmin"].username))
    assert by_actor.filter(action=AuditAction.ROLE_GRANT).exists()
    by_unit = audit_events(admin, AuditFilters(org_path="329901002000", action=AuditAction.ROLE_GRANT))
    assert by_unit.count() == 1
    assert not audit_events(
        admin, AuditFilters(org_path="329901001000", action=AuditAction.ROLE_GRANT)
    ).exists()
    client.force_login(admin)
    response = client.get(reverse("console:audit"), {"subject": "王新", "action": "role_grant"})
    assert len(response.context["rows"]) == 1
    html = response.content.decode()
    # The actor and unit filters are searchable pickers (tests/accounts/test_pickers.py).
    assert reverse("console:audit_units") in html and reverse("console:audit_accounts") in html


def test_workflow_states_and_the_system_read_in_chinese(cast):
    """Found by the role walk (issue 9 req 12): a campaign's transition showed "状态：published" (and
    in its details "流转：publish") and the demo builder's entry "system"."""
    from huanjie.planning.models import Campaign

    audit.record(
        AuditAction.TRANSITION,
        actor=None,
        model="planning.Campaign",
        object_id="1",
        object_repr="青澜市换届工作",
        org_path=cast.city.path,
        before={"state": "draft"},
        after={"state": "published", "transition": "publish"},
    )
    (row,) = audit_rows([AuditEvent.objects.get(action=AuditAction.TRANSITION)])
    spec = Campaign.workflow_spec
    publish = spec.transition("publish")
    assert publish is not None
    assert [(c.before, c.after) for c in row.changes] == [
        (spec.state_label("draft"), spec.state_label("published")),
        ("", publish.label_zh),
    ]
    assert "published" not in row.summary and spec.state_label("published") in row.summary
    assert row.actor_label == "系统"
