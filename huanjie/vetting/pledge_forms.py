"""Form of the pledges: record a signed pledge with its scanned copy (the signer is picked from the
required signers still missing, or is election staff named on the form)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField


class PledgeForm(BootstrapMixin, forms.Form):
    signer = forms.ChoiceField(label="签订人", choices=())
    signer_name = forms.CharField(
        label="姓名（乡镇党委书记、换届工作人员填写）", max_length=50, required=False
    )
    signer_post = forms.CharField(label="职务", max_length=100, required=False)
    signed_on = BoundedDateField(label="签订日期")
    file = forms.FileField(label="扫描件", max_length=200)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = choices  # type: ignore[attr-defined]


class PledgeScanForm(BootstrapMixin, forms.Form):
    """The missing scan of a pledge recorded without it (扫描件待补)."""

    file = forms.FileField(label="扫描件", max_length=200)
