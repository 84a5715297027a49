"""The follow-on elections' page (issue 13 req. 6): the village's follow-on steps and one result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import results_followon_selectors as fsel
from huanjie.elections import results_followon_services as svc
from huanjie.elections import results_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_followon_forms import FollowOnForm

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以登记选举结果"


def _page(request, pk: int, *, form: FollowOnForm | None = None, status: int = 200) -> HttpResponse:
    page = fsel.followon_page(request.user, pk)
    if form is None and page.can_edit:
        r = page.result
        initial: dict[str, object] = {
            "held_on": page.election.election_day,
            "committee_members": len(page.committee),
        }
        if r is not None:
            initial = {
                "held_on": r.held_on,
                "committee_members": r.committee_members,
                "version": r.version,
                "members": "\n".join(f"{m['name']} {m['sex']} {m['role']}".strip() for m in r.members),
            }
        form = FollowOnForm(initial=initial)
    return render(request, "elections/results/followon.html", {"page": page, "form": form}, status=status)


@requires(ElectionsCap.VIEW)
def followon_result(request, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def followon_save(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    form = FollowOnForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            members = svc.parse_members(d["members"])
        except ValidationError as exc:
            form.add_error("members", exc.message_dict["members"])
        else:
            row = call_service(
                form,
                svc.followon_record,
                actor=request.user,
                election=e,
                held_on=d["held_on"],
                members=members,
                committee_members=d["committee_members"] or 0,
                version=d["version"],
            )
            if row is not None:
                messages.success(request, "已登记选举结果")
                return redirect("elections_results:followon_result", pk=pk)
    return _page(request, pk, form=form, status=400)
