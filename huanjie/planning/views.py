"""Planning pages: the campaign (list, page with milestones, batches, publish/unlock), a village's
seats (职数) and assessments (研判, confidential: every view from outside the town is audited).

Views are thin: selectors read (scoped to the user), services write, templates get booleans.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.workflow import WorkflowError
from huanjie.planning import report_selectors, selectors, services
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import Ability, Income, MemberView
from huanjie.planning.forms import (
    ActionForm,
    AssessmentEditForm,
    AssessmentNewForm,
    BatchForm,
    BulkApproveForm,
    CampaignEditForm,
    CampaignForm,
    CommitteeSeatsForm,
    MemberViewForm,
    MilestoneForm,
    PartySeatsForm,
)


def _index_page(request, form: CampaignForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    cities = selectors.may_create_campaign(user)
    context = {
        "campaigns": selectors.campaigns_visible(user),
        "form": (form or CampaignForm()) if cities else None,
    }
    return render(request, "planning/index.html", context, status=status)


@requires(PlanningCap.VIEW)
def index(request) -> HttpResponse:
    return _index_page(request)


@requires(PlanningCap.CAMPAIGN)
@require_POST
def campaign_new(request) -> HttpResponse:
    cities = selectors.may_create_campaign(request.user)
    if not cities:
        raise PermissionDenied("只有市级可以设立换届工作")
    form = CampaignForm(request.POST)
    if form.is_valid():
        c = call_service(
            form, services.campaign_create, actor=request.user, city=cities[0], **form.cleaned_data
        )
        if c is not None:
            messages.success(request, "已新建换届工作（草稿），发布后各级可见")
            return redirect(c.get_absolute_url())
    return _index_page(request, form=form, status=400)


def _campaign_page(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = selectors.campaign_page(request.user, pk)
    c = page.campaign
    context = {
        "page": page,
        "edit_form": forms.get("edit_form")
        or CampaignEditForm(
            initial={f: getattr(c, f) for f in services.CAMPAIGN_FIELDS},
            record=c,
            record_fields=services.CAMPAIGN_FIELDS,
        ),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "batch_form": forms.get("batch_form") or BatchForm(),
        "action_error": forms.get("action_error", ""),
        "act_url": reverse("planning:campaign_act", args=[c.pk]),
    }
    return render(request, "planning/campaign.html", context, status=status)


@requires(PlanningCap.VIEW)
def campaign(request, pk: int) -> HttpResponse:
    return _campaign_page(request, pk)


@requires(PlanningCap.CAMPAIGN)
@require_POST
def campaign_edit(request, pk: int) -> HttpResponse:
    c = selectors.campaign(request.user, pk)
    form = CampaignEditForm(request.POST, record=c, record_fields=services.CAMPAIGN_FIELDS)
    fields = {f: form.cleaned_data[f] for f in services.CAMPAIGN_FIELDS} if form.is_valid() else {}
    if fields and _call(
        form, services.campaign_update, actor=request.user, campaign=c, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(c.get_absolute_url())
    return _campaign_page(request, pk, status=400, edit_form=form)


def _call(form: Any, fn: Any, **kwargs: Any) -> Any:
    """A service call whose workflow refusal (locked, stale) is shown on the form."""
    try:
        return call_service(form, fn, **kwargs)
    except WorkflowError as exc:
        form.add_error(None, exc.message)
        return None


@requires(PlanningCap.CAMPAIGN)
@require_POST
def milestone_add(request, pk: int) -> HttpResponse:
    c = selectors.campaign(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid() and _call(
        form, services.milestone_add, actor=request.user, campaign=c, **form.cleaned_data
    ):
        return redirect(c.get_absolute_url())
    return _campaign_page(request, pk, status=400, milestone_form=form)


@requires(PlanningCap.CAMPAIGN)
@require_POST
def batch_add(request, pk: int) -> HttpResponse:
    c = selectors.campaign(request.user, pk)
    form = BatchForm(request.POST)
    if form.is_valid() and _call(
        form, services.batch_add, actor=request.user, campaign=c, **form.cleaned_data
    ):
        return redirect(c.get_absolute_url())
    return _campaign_page(request, pk, status=400, batch_form=form)


def _refusal(request, fn: Any, **kwargs: Any) -> str:
    """Run a service; the Chinese reason it was refused, or '' when done."""
    try:
        fn(**kwargs)
    except WorkflowError as exc:
        return exc.message
    except PermissionDenied as exc:
        return str(exc) or "您无权执行此操作"
    return ""


@requires(PlanningCap.CAMPAIGN)
@require_POST
def milestone_delete(request, pk: int) -> HttpResponse:
    m = selectors.milestone(request.user, pk)
    error = _refusal(request, services.milestone_delete, actor=request.user, milestone=m)
    if error:
        messages.error(request, error)
    return redirect(m.campaign.get_absolute_url())


@requires(PlanningCap.CAMPAIGN)
@require_POST
def batch_delete(request, pk: int) -> HttpResponse:
    b = selectors.batch(request.user, pk)
    error = _refusal(request, services.batch_delete, actor=request.user, batch=b)
    if error:
        messages.error(request, error)
    return redirect(b.campaign.get_absolute_url())


@requires(PlanningCap.CAMPAIGN)
@require_POST
def campaign_act(request, pk: int) -> HttpResponse:
    c = selectors.campaign(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _campaign_page(request, pk, status=400, action_error="请选择操作")
    error = _refusal(
        request,
        services.campaign_act,
        actor=request.user,
        campaign=c,
        name=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    if error:
        return _campaign_page(request, pk, status=400, action_error=error)
    messages.success(request, "已办理")
    return redirect(c.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Seats


def _seats_page(request, pk: int, code: str, status: int = 200, **forms: Any) -> HttpResponse:
    page = selectors.seats_page(request.user, pk, code)
    cs, ps = page.committee, page.party
    committee_initial = (
        {
            "members": cs.members,
            "decided_by": cs.decided_by,
            "decision_date": cs.decision_date,
            "document_no": cs.document_no,
        }
        if cs
        else {}
    )
    party_initial = (
        {
            "members": ps.members,
            "form": ps.form,
            "request_no": ps.request_no,
            "request_date": ps.request_date,
            "approval_no": ps.approval_no,
            "approval_date": ps.approval_date,
        }
        if ps
        else {}
    )
    context = {
        "page": page,
        "committee_form": forms.get("committee_form") or CommitteeSeatsForm(initial=committee_initial),
        "party_form": forms.get("party_form") or PartySeatsForm(initial=party_initial),
    }
    return render(request, "planning/seats.html", context, status=status)


@requires(PlanningCap.VIEW)
def seats(request, pk: int, code: str) -> HttpResponse:
    return _seats_page(request, pk, code)


@requires(PlanningCap.EDIT)
@require_POST
def seats_committee(request, pk: int, code: str) -> HttpResponse:
    page = selectors.seats_page(request.user, pk, code)
    form = CommitteeSeatsForm(request.POST)
    if form.is_valid() and _call(
        form,
        services.committee_seats_set,
        actor=request.user,
        campaign=page.campaign,
        unit=page.unit,
        **form.cleaned_data,
    ):
        messages.success(request, "已保存村（居）民委员会职数")
        return redirect("planning:seats", pk=pk, code=code)
    return _seats_page(request, pk, code, status=400, committee_form=form)


@requires(PlanningCap.EDIT)
@require_POST
def seats_party(request, pk: int, code: str) -> HttpResponse:
    page = selectors.seats_page(request.user, pk, code)
    form = PartySeatsForm(request.POST)
    if form.is_valid() and _call(
        form,
        services.party_seats_set,
        actor=request.user,
        campaign=page.campaign,
        unit=page.unit,
        **form.cleaned_data,
    ):
        messages.success(request, "已保存党组织职数")
        return redirect("planning:seats", pk=pk, code=code)
    return _seats_page(request, pk, code, status=400, party_form=form)


# ---------------------------------------------------------------------------------------------
# Assessments


def _assessments_page(
    request, pk: int, status: int = 200, new_form: Any = None, error: str = ""
) -> HttpResponse:
    state = request.GET.get("state", "")[:20]
    page = selectors.assessments_page(request.user, pk, state)
    context = {
        "page": page,
        "state": state,
        "states": selectors.assessment_states(),
        "new_form": new_form or (AssessmentNewForm(units=page.new_units) if page.new_units else None),
        "error": error,
    }
    return render(request, "planning/assessments.html", context, status=status)


@requires(PlanningCap.VIEW)
def assessments(request, pk: int) -> HttpResponse:
    return _assessments_page(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def assessment_new(request, pk: int) -> HttpResponse:
    c = selectors.campaign(request.user, pk)
    units = selectors.preparable_units(request.user, c)
    form = AssessmentNewForm(request.POST, units=units)
    if form.is_valid():
        unit = selectors.leaf_unit(request.user, c, form.cleaned_data["unit"])
        a = _call(form, services.assessment_create, actor=request.user, campaign=c, unit=unit)
        if a is not None:
            return redirect(a.get_absolute_url())
    return _assessments_page(request, pk, status=400, new_form=form)


@requires(PlanningCap.REVIEW)
@require_POST
def assessments_bulk(request, pk: int) -> HttpResponse:
    page = selectors.assessments_page(request.user, pk, "submitted")
    choices = [(r.assessment.pk, str(r.assessment)) for r in page.rows if r.reviewable]
    form = BulkApproveForm(request.POST, choices=choices)
    if not form.is_valid():
        return _assessments_page(request, pk, status=400, error="请勾选待审核的研判")
    results = services.assessments_bulk_approve(
        actor=request.user, assessments=selectors.assessments_by_pk(request.user, form.cleaned_data["ids"])
    )
    done = sum(1 for r in results if r.ok)
    messages.success(request, f"已审核通过 {done} 个研判")
    for r in results:
        if not r.ok:
            messages.error(request, f"{r.record}：{r.message}")
    return redirect("planning:assessments", pk=pk)


def _assessment_page(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    a = selectors.assessment(request.user, pk)
    services.assessment_viewed(actor=request.user, assessment=a)
    page = selectors.assessment_page(request.user, a)
    initial = {
        "grade": a.grade,
        "category": a.category,
        "problems": a.problems,
        "risks": a.risks,
        "notes": a.notes,
    }
    context = {
        "page": page,
        "form": forms.get("form")
        or AssessmentEditForm(initial=initial, record=a, record_fields=services.ASSESSMENT_FIELDS),
        "member_form": forms.get("member_form"),
        "action_error": forms.get("action_error", ""),
        "act_url": reverse("planning:assessment_act", args=[a.pk]),
        "view_choices": MemberView.choices,
        "income_choices": Income.choices,
        "ability_choices": Ability.choices,
        "can_pdf": report_selectors.may_export(request.user, a),
    }
    return render(request, "planning/assessment.html", context, status=status)


@requires(PlanningCap.VIEW)
def assessment(request, pk: int) -> HttpResponse:
    return _assessment_page(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def assessment_edit(request, pk: int) -> HttpResponse:
    a = selectors.assessment(request.user, pk)
    form = AssessmentEditForm(request.POST, record=a, record_fields=services.ASSESSMENT_FIELDS)
    fields = {f: form.cleaned_data[f] for f in services.ASSESSMENT_FIELDS} if form.is_valid() else {}
    if fields and _call(
        form, services.assessment_update, actor=request.user, assessment=a, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(a.get_absolute_url())
    return _assessment_page(request, pk, status=400, form=form)


@requires(PlanningCap.EDIT)
@require_POST
def assessment_member(request, pk: int) -> HttpResponse:
    a = selectors.assessment(request.user, pk)
    form = MemberViewForm(request.POST)
    if form.is_valid():
        tenure = selectors.sitting_tenure(a, form.cleaned_data["tenure"])
        data = {k: v for k, v in form.cleaned_data.items() if k != "tenure"}
        if _call(form, services.member_view_set, actor=request.user, assessment=a, tenure=tenure, **data):
            messages.success(request, "已保存")
            return redirect(a.get_absolute_url())
    return _assessment_page(request, pk, status=400, member_form=form)


@requires(PlanningCap.VIEW)
@require_POST
def assessment_act(request, pk: int) -> HttpResponse:
    a = selectors.assessment(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _assessment_page(request, pk, status=400, action_error="请选择操作")
    error = _refusal(
        request,
        services.assessment_act,
        actor=request.user,
        assessment=a,
        name=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    if error:
        return _assessment_page(request, pk, status=400, action_error=error)
    messages.success(request, "已办理")
    return redirect(a.get_absolute_url())


def unit_panel(user: Any, unit: Any, *, params: Any) -> dict[str, Any] | None:
    """Buttons on a village's page to its seats and its assessment (unit_panels hook)."""
    links = selectors.unit_links(user, unit)
    if links is None:
        return None
    return {"template": "planning/_unit_links.html", "context": links, "place": "actions"}
