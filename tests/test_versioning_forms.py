"""House rule 15, walked over the routes: every route of the apps that own editable records (org,
people, the administrators' consoles) is either an edit form, tested here for a lost update, or
named below with the reason it edits no loaded record. For each edit form: load it, let someone
else save the record (its version moves on), submit the loaded form → refused with 此记录已被他人修改,
nothing saved and nothing audited; submit the refreshed form → saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import F
from django.urls import get_resolver, reverse

from huanjie.accounts.models import RoleAssignment
from huanjie.core.forms import VersionedForm
from huanjie.core.models import AuditEvent
from huanjie.people.choices import CommitteeKind, Post
from tests.factories import PersonFactory, seat
from tests.forms_kit import form_data

NAMESPACES = ("org", "people", "console")

NOT_EDITS = {
    "org:tree": "read",
    "org:tree_children": "read",
    "org:unit_list": "read",
    "org:unit_export": "read",
    "org:unit": "read",
    "people:list": "read",
    "people:export": "read",
    "people:detail": "read",
    "people:print": "read",
    "people:committees_print": "read",
    "people:committee_changes": "creates a change set: each tenure it ends is re-read locked and refused "
    "when changed since the page was loaded (people.services._apply)",
    "people:change_detail": "read",
    "people:change_decide": "a workflow transition with the version the page showed: core.workflow refuses "
    "a proposal changed since (StaleRecord; tests/people/test_committee_changes.py)",
    "people:unmask": "read (audited)",
    "people:conflicts": "read",
    "people:conflict_decide": "decides an open registration conflict once: the service locks it and "
    "refuses one already decided (people.conflicts.conflict_decide)",
    "people:register": "registers a new person (nothing loaded; a duplicate ID is refused by the "
    "blind index, people.registration)",
    "people:pick": "read (the picker's list)",
    "console:audit": "read",
    "console:audit_export": "read",
    "console:audit_verify": "read",
    "console:accounts": "creates an account (nothing loaded); the list is read",
    "console:accounts_export": "read",
    "console:account": "read; its forms post to account_active and account_reset",
    "console:resets": "confirms a PasswordReset (one-shot: a second confirmation is refused) or "
    "initiates one for an account picked from a list (the service locks and re-reads it)",
    "console:resets_audit": "as console:resets",
    "console:roles": "grants a role (nothing loaded); the list is read",
    "console:roles_export": "read",
    "console:roles_units": "read (picker search)",
    "console:roles_accounts": "read (picker search)",
    "console:audit_units": "read (picker search)",
    "console:audit_accounts": "read (picker search)",
    "org:unit_move_parents": "read (picker search)",
}


@dataclass
class EditForm:
    role: str
    url: Callable[[Any, dict], str]
    record: Callable[[Any, dict], Any]
    data: dict[str, Any] = field(default_factory=dict)
    page: Callable[[Any, dict], str] | None = None
    key: str = "form"
    ok: int = 302


def _account(c, w):
    return reverse("console:account", kwargs={"pk": c["leader"].pk})


EDIT_FORMS: dict[str, EditForm] = {
    "org:unit_edit": EditForm(
        "town_operator",
        lambda c, w: f"/org/unit/{c.village.code}/edit/",
        lambda c, w: c.village,
        {"population": "1"},
    ),
    "org:unit_create": EditForm(
        "town_operator",
        lambda c, w: f"/org/unit/{c.town.code}/new/",
        lambda c, w: c.town,
        {"code": "329901001203", "level": "village", "name": "北村"},
    ),
    "org:unit_move": EditForm(
        "county_operator",
        lambda c, w: f"/org/unit/{c.village2.code}/move/",
        lambda c, w: c.village2,
        {"new_parent": "@town_b", "new_code": "329901002202", "reason": "区划调整"},
    ),
    "org:unit_deactivate": EditForm(
        "town_operator",
        lambda c, w: f"/org/unit/{c.village2.code}/deactivate/",
        lambda c, w: c.village2,
        {"reason": "并入东村"},
    ),
    "people:edit": EditForm(
        "town_operator",
        lambda c, w: f"/people/{w['zhang'].pk}/edit/",
        lambda c, w: w["zhang"],
        {"phone": "1"},
    ),
    "people:relation_add": EditForm(
        "town_operator",
        lambda c, w: f"/people/{w['zhang'].pk}/relations/new/",
        lambda c, w: w["zhang"],
        {"relative": "@wang", "kind": "spouse"},
    ),
    "people:tenure_add": EditForm(
        "town_operator",
        lambda c, w: f"/people/{w['zhang'].pk}/tenures/new/",
        lambda c, w: w["zhang"],
        {
            "unit": "@village",
            "kind": CommitteeKind.VILLAGERS,
            "post": "chair",
            "term_number": "12",
            "start_date": "2026-03-01",
        },
    ),
    "people:tenure_end": EditForm(
        "town_operator",
        lambda c, w: f"/people/tenures/{w['tenure'].pk}/end/",
        lambda c, w: w["tenure"],
        {"end_date": "2026-05-01", "end_reason": "resigned"},
    ),
    "console:account_active": EditForm(
        "sysadmin",
        lambda c, w: reverse("console:account_active", kwargs={"pk": c["leader"].pk}),
        lambda c, w: c["leader"],
        {"reason": "退休"},
        page=_account,
        key="active_form",
    ),
    "console:account_reset": EditForm(
        "sysadmin",
        lambda c, w: reverse("console:account_reset", kwargs={"pk": c["leader"].pk}),
        lambda c, w: c["leader"],
        {"reason": "遗忘密码"},
        page=_account,
        key="reset_form",
        ok=200,
    ),
    "console:role_revoke": EditForm(
        "secadmin",
        lambda c, w: reverse("console:role_revoke", kwargs={"pk": w["ra"].pk}),
        lambda c, w: w["ra"],
        {"reason": "调离"},
    ),
}


def _route_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for ns in NAMESPACES:
        _prefix, sub = resolver.namespace_dict[ns]
        names |= {f"{ns}:{k}" for k in sub.reverse_dict if isinstance(k, str)}
    return names


def test_every_route_is_an_edit_form_or_named_as_no_edit():
    names = _route_names()
    unclassified = names - set(EDIT_FORMS) - set(NOT_EDITS)
    assert not unclassified, (
        f"classify these routes (edit form with a stale test, or why not): {unclassified}"
    )
    assert not (set(EDIT_FORMS) | set(NOT_EDITS)) - names, "stale entries"


def _world(cast):
    zhang = PersonFactory(domicile_unit=cast.village, name="张三")
    wang = PersonFactory(domicile_unit=cast.village2, name="王五")
    other = PersonFactory(domicile_unit=cast.village, name="李四")
    tenure = seat(other, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    return {
        "zhang": zhang,
        "wang": wang,
        "tenure": tenure,
        "ra": RoleAssignment.objects.get(user=cast["leader"]),
    }


def _fill(data, cast, world):
    names = {"@town_b": cast.town_b.pk, "@village": cast.village.code, "@wang": world["wang"].name}
    return {k: names.get(v, v) for k, v in data.items()}


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_stale_form_is_refused_then_the_refreshed_form_saves(client, cast, name):
    spec = EDIT_FORMS[name]
    world = _world(cast)
    client.force_login(cast[spec.role])
    url = spec.url(cast, world)
    page = client.get(spec.page(cast, world) if spec.page else url)
    assert page.status_code == 200
    assert isinstance(page.context[spec.key], VersionedForm)
    stale = form_data(page, spec.key) | _fill(spec.data, cast, world)

    record = spec.record(cast, world)
    model = type(record)
    # Someone else saves the record meanwhile (its version moves on).
    model._base_manager.filter(pk=record.pk).update(version=F("version") + 1)
    before = model._base_manager.get(pk=record.pk)
    events = AuditEvent.objects.count()
    response = client.post(url, stale)
    assert response.status_code in (200, 400)
    assert "此记录已被他人修改" in response.content.decode(), response.context[spec.key].errors
    assert AuditEvent.objects.count() == events, "a refused write is not audited"
    after = model._base_manager.get(pk=record.pk)
    assert [getattr(after, f.attname) for f in model._meta.concrete_fields] == [
        getattr(before, f.attname) for f in model._meta.concrete_fields
    ], "a refused write changes nothing"

    again = client.post(url, form_data(response, spec.key) | _fill(spec.data, cast, world))
    assert again.status_code == spec.ok, again.content.decode()[:2000]
    assert AuditEvent.objects.count() > events
