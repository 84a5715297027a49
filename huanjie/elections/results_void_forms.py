"""Forms of the voiding page (issue 13 req. 8) and the filing list (req. 4): every field bounded."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.rules.voiding import BODY_LABELS, FINDING_ONLY

DECLARING = [(k, v) for k, v in BODY_LABELS.items() if k not in FINDING_ONLY]
FINDING = [(k, BODY_LABELS[k]) for k in ("organization_department", "discipline_commission")]
WHOLE = "_election"


class VoidDecisionForm(BootstrapMixin, forms.Form):
    """A declaration: by which body, its document number and date, the winner or the whole election,
    the reason; the remedy's voting day (empty: the profile's period, else 30 days)."""

    person = forms.ChoiceField(label="宣告对象", choices=())
    body = forms.ChoiceField(label="宣布机关", choices=DECLARING)
    document_no = forms.CharField(label="决定文号", max_length=100)
    decided_on = BoundedDateField(label="决定日期")
    remedy_day = BoundedDateField(label="另行选举、补选或重新选举的投票日（可不填）", required=False)
    reason = forms.CharField(
        label="理由", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, winners: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"{n}（{p}）当选无效") for n, p in winners.items()]
        self.fields["person"].choices = [*choices, (WHOLE, "整个选举无效（重新选举）")]  # type: ignore[attr-defined]


class VoidReferralForm(BootstrapMixin, forms.Form):
    """A finding of an organization department or a discipline commission: it only starts the
    procedure."""

    source = forms.ChoiceField(label="提出机关", choices=FINDING)
    document_no = forms.CharField(label="文号", max_length=100)
    found_on = BoundedDateField(label="日期")
    person = forms.ChoiceField(label="涉及人员", choices=(), required=False)
    summary = forms.CharField(label="调查结论", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, winners: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "（不涉及具体人员）"), *((n, n) for n in winners)]  # type: ignore[attr-defined]
