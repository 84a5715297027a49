"""Forms of the Party results pages (every field bounded). Candidates and their votes are typed one
per line (“姓名 票数”); exclusions from 应到会 one per line (“姓名 原因 批准的上级党组织”)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.elections.models import ExclusionReason, PartyMeetingKind
from huanjie.elections.models.party_results import PartyBaseChoice

MAX_COUNT = 100_000
SPLIT = re.compile(r"[\s,，、;；]+")
REASON_WORDS = {
    "疾病": ExclusionReason.ILL,
    "精神": ExclusionReason.ILL,
    "出国": ExclusionReason.ABROAD,
    "服刑": ExclusionReason.SENTENCED,
    "卧床": ExclusionReason.BEDRIDDEN,
    "不能自理": ExclusionReason.BEDRIDDEN,
    "外出": ExclusionReason.AWAY,
}


def _count(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _lines(label: str, help_text: str, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _names(text: str) -> list[str]:
    return [n for n in SPLIT.split(text or "") if n]


def _votes(text: str) -> tuple[list[str], dict[str, int]]:
    names, votes = [], {}
    for line in (text or "").splitlines():
        parts = _names(line)
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) > MAX_COUNT:
            raise forms.ValidationError(f"“{line.strip()}”应写作“姓名 票数”")
        names.append(parts[0])
        votes[parts[0]] = int(parts[1])
    return names, votes


class PartyMeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="会议", choices=PartyMeetingKind.choices)
    held_on = BoundedDateField(label="会议日期")
    full_members = _count("正式党员人数（委员会会议填委员人数）")
    on_probation = _count("受留党察看处分的党员", required=False)
    suspended = _count("被中止表决权、选举权的党员（留置、逮捕）", required=False)
    present = _count("实到会有选举权的人数")
    ballots_issued = _count("发出选票数")
    ballots_returned = _count("收回选票数")
    base = forms.ChoiceField(label="当选须超过半数的基数", choices=PartyBaseChoice.choices)
    exclusions = _lines(
        "经批准不列入应到会人数的党员",
        "每行一人：姓名 原因 批准的上级党组织，原因写疾病、出国、服刑、卧床或外出，例如：王某 出国 镇党委",
    )
    members_seats = _count("应选委员名额", required=False)
    members_votes = _lines("委员候选人及得票", "每行：姓名 票数")
    members_won = forms.CharField(label="当场宣布当选的委员", required=False, max_length=500)
    secretary_votes = _lines("书记候选人及得票", "委员会会议填写；每行：姓名 票数")
    secretary_won = forms.CharField(label="当场宣布当选的书记", required=False, max_length=100)
    deputy_seats = _count("应选副书记名额", required=False)
    deputy_votes = _lines("副书记候选人及得票", "每行：姓名 票数")
    deputy_won = forms.CharField(label="当场宣布当选的副书记", required=False, max_length=300)

    def _clean_votes(self, key: str) -> tuple[list[str], dict[str, int]]:
        try:
            return _votes(self.cleaned_data.get(key, ""))
        except forms.ValidationError as exc:
            self.add_error(key, exc)
            return [], {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        exclusions = []
        for line in (data.get("exclusions") or "").splitlines():
            parts = _names(line)
            if not parts:
                continue
            reason = next((v for k, v in REASON_WORDS.items() if len(parts) > 1 and k in parts[1]), None)
            if len(parts) < 3 or reason is None:
                self.add_error(
                    "exclusions",
                    f"“{line.strip()}”应写作“姓名 原因 批准的上级党组织”，原因为疾病、出国、服刑、卧床或外出",
                )
                continue
            exclusions.append(
                {
                    "name": parts[0],
                    "reason": reason.value,
                    "approved_by": parts[2],
                    "note": " ".join(parts[3:]),
                }
            )
        posts, votes, won = [], {}, {}
        rows = (
            [
                ("书记", 1, "secretary_votes", "secretary_won"),
                ("副书记", data.get("deputy_seats") or 0, "deputy_votes", "deputy_won"),
            ]
            if data.get("kind") == PartyMeetingKind.COMMITTEE
            else [("委员", data.get("members_seats") or 0, "members_votes", "members_won")]
        )
        for post, seats, vkey, wkey in rows:
            names, v = self._clean_votes(vkey)
            if seats and names:
                posts.append({"post": post, "seats": seats, "candidates": names})
                votes[post] = v
                won[post] = _names(data.get(wkey, ""))
        data["parsed"] = {"exclusions": exclusions, "posts": posts, "votes": votes, "announced": won}
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        keys = ("kind", "held_on", "full_members", "present", "ballots_issued", "ballots_returned", "base")
        return {
            **{k: d[k] for k in keys},
            "on_probation": d.get("on_probation") or 0,
            "suspended": d.get("suspended") or 0,
            **d["parsed"],
        }


class PartyReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
