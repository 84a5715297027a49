"""Pages of the policy Q&A (issue 14 req. 6): the towns' questions, the answer page of the county or
city, and the published FAQ by topic (searchable, paginated)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.listing import paginate
from huanjie.core.permissions import requires
from huanjie.oversight import qa_selectors as sel
from huanjie.oversight import qa_services as svc
from huanjie.oversight import training_selectors as common
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.qa_forms import AnswerForm, AskForm, FaqFilter, QuestionFilter
from huanjie.oversight.training_views import NO_CAMPAIGN, campaign_context

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT


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
        filt = QuestionFilter(request.GET)
        f = filt.cleaned_data if filt.is_valid() else {}
        ctx.update(
            form=form,
            filter_form=filt,
            page_obj=paginate(
                request, sel.questions(request.user, c, state=f.get("state", ""), topic=f.get("topic", ""))
            ),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/qa/questions.html", ctx, status=status)


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
