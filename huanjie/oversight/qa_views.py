"""Pages of the policy Q&A (issue 14 req. 6): the towns' questions, the answer page of the county or
city, and the published FAQ by topic (searchable, paginated)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.oversight import qa_selectors as sel
from huanjie.oversight import qa_services as svc
from huanjie.oversight import training_selectors as common
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.qa_forms import AnswerDaysForm, AnswerForm, AskForm, FaqFilter, QuestionFilter
from huanjie.oversight.training_views import NO_CAMPAIGN, campaign_context

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT


def _filters(request: Any) -> tuple[QuestionFilter, dict[str, str]]:
    units = [
        (u.path, u.name) for u in common.units_for(request.user, _VIEW, ("city", "county", "town"))[:500]
    ]
    filt = QuestionFilter(request.GET, units=units)
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {k: f.get(k, "") for k in ("state", "topic", "unit", "overdue")}


@requires(_VIEW)
def questions(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        towns = common.towns(request.user, _EDIT)
        form = None
        if request.method == "POST":
            form = AskForm(request.POST, towns=towns)
            if form.is_valid():
                q = call_service(form, svc.question_ask, actor=request.user, campaign=c, **form.cleaned_data)
                if q is not None:
                    messages.success(request, "已提交政策咨询，县（区）或市答复后将在此显示")
                    return redirect("oversight_qa:question", pk=q.pk)
            status = 400
        elif towns.exists():
            form = AskForm(towns=towns)
        filt, f = _filters(request)
        days, citation = sel.answer_deadline(c)
        ctx.update(
            answer_days=days,
            answer_citation=citation,
            days_form=AnswerDaysForm(initial={"qa_answer_days": days})
            if common.manages(request.user, c)
            else None,
            form=form,
            filter_form=filt,
            page_obj=paginate(request, sel.questions(request.user, c, **f)),
            export_url=reverse("oversight_qa:export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/qa/questions.html", ctx, status=status)


@requires(_EDIT)
@require_POST
def answer_days(request: Any) -> HttpResponse:
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    form = AnswerDaysForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.answer_days_save, actor=request.user, campaign=c, **form.cleaned_data
    ):
        messages.success(request, "已保存政策咨询答复时限")
    else:
        messages.error(
            request, "；".join(str(e) for errs in form.errors.values() for e in errs) or "保存失败"
        )
    return redirect(reverse("oversight_qa:questions") + f"?campaign={c.pk}")


def _question_page(request: Any, pk: int, status: int = 200, form: Any = None) -> HttpResponse:
    q = sel.question(request.user, pk)
    ctx: dict[str, Any] = {"q": q, "may_answer": sel.may_answer(request.user, q)}
    if ctx["may_answer"]:
        ctx["form"] = form or AnswerForm(
            record=q,
            record_fields=("answer", "published"),
            initial={"answer": q.answer, "published": q.published},
        )
    return render(request, "oversight/qa/question.html", ctx, status=status)


@requires(_VIEW)
def question(request: Any, pk: int) -> HttpResponse:
    return _question_page(request, pk)


@requires(OversightCap.REVIEW, denied="只有县（区）或市可以答复政策咨询")
@require_POST
def answer(request: Any, pk: int) -> HttpResponse:
    q = sel.question(request.user, pk)
    form = AnswerForm(request.POST, record=q, record_fields=("answer", "published"))
    if form.is_valid():
        done = call_service(
            form,
            svc.question_answer,
            actor=request.user,
            question=q,
            answer=form.cleaned_data["answer"],
            published=form.cleaned_data["published"],
            **form.versioned(),
        )
        if done is not None:
            messages.success(request, "已答复" + ("，并公开到常见问题" if done.published else ""))
            return redirect("oversight_qa:question", pk=q.pk)
    return _question_page(request, pk, status=400, form=form)


@requires(_VIEW)
def faq(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    filt = FaqFilter(request.GET)
    f = filt.cleaned_data if filt.is_valid() else {}
    ctx["filter_form"] = filt
    if c is not None:
        ctx["page_obj"] = paginate(request, sel.faq(c, q=f.get("q", ""), topic=f.get("topic", "")))
    return render(request, "oversight/qa/faq.html", ctx)


# req. 9: the 政策咨询登记表 in Excel, as filtered (the print view is the list's ?print=1).
QUESTION_COLUMNS = [
    Column("提问时间", lambda q: q.asked_at, 16),
    Column("提问单位", lambda q: q.town.name, 14),
    Column("类别", lambda q: q.get_topic_display(), 10),
    Column("问题", lambda q: q.text, 40),
    Column("答复单位", lambda q: q.answer_unit.name if q.answer_unit else "", 14),
    Column("答复时间", lambda q: q.answered_at, 16),
    Column("答复", lambda q: q.answer, 40),
    Column("已公开", lambda q: q.published, 8),
    Column("逾期未答复", lambda q: q.is_overdue, 10),
]


@requires(_VIEW)
def export(request: Any) -> FileResponse:
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = _filters(request)
    return xlsx_response(
        filename="政策咨询登记表",
        columns=QUESTION_COLUMNS,
        rows=sel.questions(request.user, c, **f).iterator(chunk_size=2000),
        actor=request.user,
        subject="政策咨询登记表",
        filters={"换届工作": c.name, **describe_filters(filt)},
    )
