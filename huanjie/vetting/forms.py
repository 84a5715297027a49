"""Forms of the vetting pages (every field bounded)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.vetting.choices import POSTS_OF_SIDE, Channel, Post, Side, Source

MAX_VOTES = 100_000


class CandidateFilterForm(BootstrapMixin, forms.Form):
    side = forms.ChoiceField(label="班子", choices=[("", "全部"), *Side.choices], required=False)


class CandidateNewForm(BootstrapMixin, forms.Form):
    person = forms.TypedChoiceField(label="人员", coerce=int, choices=())
    # Only Party 预备人选 are registered here; the committees elected by villagers take their
    # candidates from a counted nomination (nomination pages).
    side = forms.ChoiceField(label="班子", choices=[(Side.PARTY, Side.PARTY.label)])
    post = forms.ChoiceField(label="职务", choices=[(p, Post(p).label) for p in POSTS_OF_SIDE[Side.PARTY]])
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    channel = forms.ChoiceField(
        label="产生方式", choices=[(Channel.TWO_RECOMMENDATIONS, Channel.TWO_RECOMMENDATIONS.label)]
    )
    votes_members = forms.IntegerField(label="党员推荐票", min_value=0, max_value=MAX_VOTES, required=False)
    votes_public = forms.IntegerField(label="群众推荐票", min_value=0, max_value=MAX_VOTES, required=False)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
