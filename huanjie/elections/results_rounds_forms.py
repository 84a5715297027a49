"""Forms of the later rounds' and by-elections' pages (every field bounded)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.elections.models import ByElectionBody

MAX_COUNT = 100_000


class LaterRoundForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="投票类别", choices=())
    voting_day = BoundedDateField(label="投票日（当日进行的填第一次投票日）")
    registered = forms.IntegerField(label="登记选民数", min_value=0, max_value=MAX_COUNT)
    reason = forms.CharField(
        label="另定投票日的原因（当日进行的可不填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)  # type: ignore[attr-defined]


class RerunForm(BootstrapMixin, forms.Form):
    election_day = BoundedDateField(label="重新选举的选举日")
    reason = forms.CharField(
        label="重新选举的原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ByElectionForm(BootstrapMixin, forms.Form):
    held_by = forms.ChoiceField(label="补选机构", choices=ByElectionBody.choices)
    members = forms.IntegerField(
        label="应参加人数（村民会议：登记选民数；村民代表会议：组成人员数）", min_value=1, max_value=MAX_COUNT
    )
    voting_day = BoundedDateField(label="补选日期")
    head_only = forms.BooleanField(label="只补选主任", required=False)
    post = forms.CharField(label="补选职位", max_length=20, initial="委员")
    seats = forms.IntegerField(label="名额", min_value=1, max_value=7, initial=1)
    candidates = forms.CharField(
        label="候选人（每行一人，可不填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label="出缺情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        names = [n.strip() for n in d["candidates"].splitlines() if n.strip()]
        post, seats = ("主任", 1) if d["head_only"] else (d["post"], d["seats"])
        return {
            "held_by": d["held_by"],
            "members": d["members"],
            "voting_day": d["voting_day"],
            "head_only": d["head_only"],
            "posts": [(post, seats, names)],
            "reason": d["reason"],
        }
