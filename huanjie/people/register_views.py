"""登记人员 (register a person), 添加近亲属 with a relative registered on the spot, and the person
picker that lists namesakes to choose from (issue 9, requirement 3).

Thin views: people.registration writes (ID check, blind-index duplicates, the conflict queue),
people.selectors reads (scoped to the user). A person registered outside the user's jurisdiction is
never named: the page says only that the request went to the level above (the same text for every
such person).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.org.selectors import leaf_choices, towns_visible, visible_unit
from huanjie.people import registration, selectors, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.register_forms import PersonRegisterForm, RelationPickForm
from huanjie.people.views import UNIT_CHOICES_MAX_LEAVES, _person, _person_crumbs

REGISTER_FIELDS = (
    "ethnicity",
    "political_status",
    "party_join_date",
    "education",
    "education_in_service",
    "phone",
    "occupation",
    "is_veteran",
    "is_returning_graduate",
)


def _leaf_choices(user: Any) -> list[Any] | None:
    """Villages and communities to pick from, grouped by town when there are several towns (names
    repeat across towns: 东村 may exist twice); ``None`` for a jurisdiction too large to list."""
    leaves = leaf_choices(user, UNIT_CHOICES_MAX_LEAVES)
    if leaves is None:
        return None
    towns = {t.path: t.name for t in towns_visible(user)}
    if len(towns) <= 1:
        return leaves
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name in leaves:
        groups.setdefault(towns.get(code[:9], "其他"), []).append((code, name))
    return list(groups.items())


def _leaf(user: Any, code: str) -> OrgUnit | None:
    unit = visible_unit(user, code)
    return unit if unit is not None and unit.level in LEAF_LEVELS else None


def _queued_page(request: Any, *, back_url: str, back_label: str, crumbs: list[dict[str, str]]) -> Any:
    """The one answer for an ID registered outside the jurisdiction: no name, no unit, no level."""
    return render(
        request,
        "people/register_queued.html",
        {
            "message": registration.QUEUED_MESSAGE,
            "back_url": back_url,
            "back_label": back_label,
            "crumbs": crumbs,
        },
    )


@requires(PeopleCap.EDIT)
@require_http_methods(["GET", "POST"])
def person_register(request):
    """登记人员: the ID is checked, a duplicate in the jurisdiction is shown (masked, linked), one
    outside it goes to the registration-conflict queue and is never named."""
    user = request.user
    units = _leaf_choices(user)
    initial: dict[str, Any] = {}
    if units and len(units) == 1 and isinstance(units[0][1], str):
        initial["unit"] = units[0][0]  # a village operator's own village
    form = PersonRegisterForm(request.POST or None, units=units, initial=initial)
    crumbs = [{"label": "人员", "url": reverse("people:list")}, {"label": "登记人员", "url": ""}]
    existing = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = _leaf(user, d["unit"])
        if unit is None:
            form.add_error("unit", "请选择您管辖范围内的村（社区）")
        else:
            done = call_service(
                form,
                registration.person_register_checked,
                actor=user,
                citizen_id=d["citizen_id"],
                name=d["name"],
                domicile_unit=unit,
                sex=d["sex"] or None,
                **{k: d[k] for k in REGISTER_FIELDS},
            )
            if done is not None and done.outcome == "created":
                messages.success(request, f"已登记：{done.person.name}")
                return redirect("people:detail", pk=done.person.pk)
            if done is not None and done.outcome == "queued":
                return _queued_page(
                    request,
                    back_url=reverse("people:register"),
                    back_label="继续登记",
                    crumbs=crumbs,
                )
            if done is not None:
                existing, _ = selectors.person_matches(user, pk=done.person.pk)
    return render(
        request,
        "people/person_register.html",
        {
            "form": form,
            "existing": existing,
            "title": "登记人员",
            "crumbs": crumbs,
            "cancel_url": reverse("people:list"),
        },
    )


@requires(PeopleCap.VIEW)
@require_GET
def person_pick(request):
    """htmx: the persons of the jurisdiction matching the typed name, to pick one (a radio list)."""
    q = (request.GET.get("q") or request.GET.get("relative") or "")[:50]
    try:
        exclude = int(request.GET.get("exclude") or 0) or None
    except ValueError:
        exclude = None
    matches, more = selectors.person_matches(request.user, q, exclude_pk=exclude)
    return render(
        request,
        "people/_person_pick.html",
        {"matches": matches, "more": more, "q": q.strip(), "picked": None},
    )


@requires(PeopleCap.EDIT)
@require_http_methods(["GET", "POST"])
def relation_add(request, pk: int):
    """添加近亲属: pick a registered person (a list when the name is ambiguous) or register the
    relative here and link them in one transaction."""
    user = request.user
    person = _person(request, pk, "edit")
    form = RelationPickForm(
        request.POST or None,
        record=person,
        record_fields=services.PERSON_SHOWN_FIELDS,
        refresh_fields=(),
        units=_leaf_choices(user),
        initial={"unit": person.domicile_unit.code},
    )
    matches: list[selectors.PersonMatch] = []
    more = False
    picked = None
    crumbs = _person_crumbs(user, person, "添加近亲属")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if form.registering:
            unit = _leaf(user, d["unit"]) if d["unit"] else person.domicile_unit
            if unit is None:
                form.add_error("unit", "请选择您管辖范围内的村（社区）")
            else:
                done = call_service(
                    form,
                    registration.relative_register,
                    actor=user,
                    person=person,
                    kind=d["kind"],
                    citizen_id=d["citizen_id"],
                    name=d["name"],
                    domicile_unit=unit,
                    sex=d["sex"] or None,
                    **form.versioned(),
                )
                if done is not None:
                    result, _relation = done
                    if result.outcome == "created":
                        messages.success(request, f"已登记并添加亲属：{result.person.name}")
                        return redirect("people:detail", pk=person.pk)
                    if result.outcome == "queued":
                        return _queued_page(
                            request,
                            back_url=reverse("people:detail", args=[person.pk]),
                            back_label=f"返回 {person.name}",
                            crumbs=crumbs,
                        )
                    form.add_error(
                        "citizen_id",
                        "该身份证号已登记（见上方列表），请选择此人，不要重复登记；并清空下方新亲属各项",
                    )
                    matches, more = selectors.person_matches(user, pk=result.person.pk)
        else:
            relative = None
            if d["relative_pk"]:
                relative = selectors.person_list(user).filter(pk=d["relative_pk"]).first()
                if relative is None:
                    form.add_error("relative", "在您的管辖范围内未找到此人")
            else:
                matches, more = selectors.person_matches(user, d["relative"], exclude_pk=person.pk)
                if not matches:
                    form.add_error(
                        "relative", "在您的管辖范围内未找到此人；如尚未登记，请在下方“登记新亲属”填写"
                    )
                elif len(matches) > 1 or more:
                    form.add_error(
                        "relative", f"匹配到多人（{len(matches)}{'+' if more else ''} 人），请从列表中选择"
                    )
                else:
                    relative = selectors.person_list(user).filter(pk=matches[0].pk).first()
            if relative is not None:
                picked = relative.pk
                done = call_service(
                    form,
                    services.relation_add,
                    actor=user,
                    person=person,
                    relative=relative,
                    kind=d["kind"],
                    **form.versioned(),
                )
                if done:
                    messages.success(request, f"已添加亲属：{relative.name}")
                    return redirect("people:detail", pk=person.pk)
    q = (form.data.get("relative") or "").strip() if form.is_bound else ""
    if form.errors and q and not matches and not getattr(form, "registering", False):
        matches, more = selectors.person_matches(user, q, exclude_pk=person.pk)
    return render(
        request,
        "people/relation_add.html",
        {
            "form": form,
            "person": person,
            "title": f"为 {person.name} 添加近亲属",
            "matches": matches,
            "more": more,
            "picked": str(picked or (form.data.get("relative_pk") if form.is_bound else "") or ""),
            "q": q,
            "crumbs": crumbs,
            "cancel_url": reverse("people:detail", args=[person.pk]),
        },
    )
