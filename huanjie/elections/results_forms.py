"""Forms of the results pages (every field bounded). The tally sheet's vote fields are made from the
round's posts: one number per candidate, a few write-in lines (另选他人) and the post's invalid
sections; ``votes()`` gives them back as {post: {name: votes}}."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, ProjectMessagesMixin, VersionedForm
from huanjie.core.versioning import StaleEdit
from huanjie.elections.models import RoundKind

MAX_COUNT = 100_000
WRITE_IN_LINES = 3


def _count(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "hj-count"}),
    )


class RoundNewForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="投票类别", choices=())
    voting_day = BoundedDateField(label="投票日")
    registered = _count("登记选民数")
    voted = _count("参加投票人数（可不填：按发出选票合计）", required=False)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds) or [(RoundKind.FIRST.value, RoundKind.FIRST.label)]  # type: ignore[attr-defined]


class _SheetFields:
    """The fields of a tally sheet made from the round's posts."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, posts: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        self.posts = list(posts)
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.groups: list[dict[str, Any]] = []
        for i, p in enumerate(self.posts):
            group: dict[str, Any] = {
                "post": p["post"],
                "seats": p["seats"],
                "candidates": [],
                "write_ins": [],
            }
            for j, name in enumerate(p["candidates"]):
                key = f"v_{i}_{j}"
                self.fields[key] = _count(name, required=False)
                group["candidates"].append(key)
            for k in range(WRITE_IN_LINES):
                nk, vk = f"w_{i}_{k}_name", f"w_{i}_{k}_votes"
                self.fields[nk] = forms.CharField(
                    label=f"另选他人 {k + 1} 姓名",
                    max_length=30,
                    required=False,
                    widget=forms.TextInput(
                        attrs={"placeholder": "姓名", "aria-label": f"另选他人 {k + 1} 姓名"}
                    ),
                )
                self.fields[vk] = _count(f"另选他人 {k + 1} 得票", required=False)
                self.fields[vk].widget.attrs.update(
                    placeholder="票数", **{"aria-label": f"另选他人 {k + 1} 得票"}
                )
                group["write_ins"].append((nk, vk))
            self.fields[f"x_{i}"] = _count(f"{p['post']}栏无效票", required=False)
            group["invalid"] = f"x_{i}"
            self.groups.append(group)

    def ballot_fields(self) -> list[Any]:
        """The box and its ballot counts, bound, for the template (in the form's order)."""
        return [self[k] for k in ("box", "ballots_issued", "ballots_returned", "ballots_invalid")]  # type: ignore[index]

    def bound_groups(self) -> list[dict[str, Any]]:
        """The vote fields per post, bound, for the template."""
        return [
            {
                "post": g["post"],
                "seats": g["seats"],
                "candidates": [self[k] for k in g["candidates"]],  # type: ignore[index]
                "write_ins": [(self[n], self[v]) for n, v in g["write_ins"]],  # type: ignore[index]
                "invalid": self[g["invalid"]],  # type: ignore[index]
            }
            for g in self.groups
        ]

    def fill(
        self, votes: Mapping[str, Mapping[str, int]], section_invalid: Mapping[str, int]
    ) -> dict[str, Any]:
        """Initial values of the vote fields from stored votes."""
        out: dict[str, Any] = {}
        for i, p in enumerate(self.posts):
            row = dict(votes.get(p["post"], {}))
            for j, name in enumerate(p["candidates"]):
                out[f"v_{i}_{j}"] = row.pop(name, 0)
            for k, (name, n) in enumerate(sorted(row.items())[:WRITE_IN_LINES]):
                out[f"w_{i}_{k}_name"], out[f"w_{i}_{k}_votes"] = name, n
            out[f"x_{i}"] = section_invalid.get(p["post"], 0)
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}  # type: ignore[misc]
        for i, p in enumerate(self.posts):
            names = set(p["candidates"])
            for k in range(WRITE_IN_LINES):
                name = (cleaned.get(f"w_{i}_{k}_name") or "").strip()
                n = cleaned.get(f"w_{i}_{k}_votes") or 0
                if n and not name:
                    self.add_error(f"w_{i}_{k}_name", "请填写另选他人的姓名")  # type: ignore[attr-defined]
                elif name in names:
                    self.add_error(f"w_{i}_{k}_name", f"{name}是候选人，请填在候选人一栏")  # type: ignore[attr-defined]
        return cleaned

    def votes(self) -> dict[str, dict[str, int]]:
        c = self.cleaned_data
        out: dict[str, dict[str, int]] = {}
        for i, p in enumerate(self.posts):
            row: dict[str, int] = {}
            for j, name in enumerate(p["candidates"]):
                row[name] = c.get(f"v_{i}_{j}") or 0
            for k in range(WRITE_IN_LINES):
                name = (c.get(f"w_{i}_{k}_name") or "").strip()
                if name:
                    row[name] = row.get(name, 0) + (c.get(f"w_{i}_{k}_votes") or 0)
            out[p["post"]] = row
        return out

    def section_invalid(self) -> dict[str, int]:
        return {p["post"]: self.cleaned_data.get(f"x_{i}") or 0 for i, p in enumerate(self.posts)}

    def sheet_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "box": c["box"],
            "ballots_issued": c["ballots_issued"],
            "ballots_returned": c["ballots_returned"],
            "ballots_invalid": c.get("ballots_invalid") or 0,
            "votes": self.votes(),
            "section_invalid": self.section_invalid(),
            "idempotency_key": c.get("idempotency_key") or "",
        }


class _SheetBase(ProjectMessagesMixin, forms.Form):
    box = forms.CharField(label="票箱", max_length=50, widget=forms.TextInput(attrs={"list": "hj-boxes"}))
    ballots_issued = _count("发出选票数")
    ballots_returned = _count("收回选票数")
    ballots_invalid = _count("废票数（整张无效）", required=False)
    photo = forms.FileField(label="签字计票单照片（JPG、PNG 或 PDF）", required=False, max_length=200)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class SheetNewForm(BootstrapMixin, _SheetFields, _SheetBase):
    pass


class SheetEditForm(BootstrapMixin, _SheetFields, VersionedForm, _SheetBase):
    def refresh(self, exc: StaleEdit) -> None:
        """Re-bind to the sheet as it is now, the votes included (house rule 15)."""
        current = exc.current
        data = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        if hasattr(data, "_mutable"):
            data._mutable = True
        for key in list(data.keys()):
            if key.startswith(("v_", "w_", "x_")):
                data.pop(key)
        for key, value in self.fill(current.votes, current.section_invalid or {}).items():
            data[key] = value
        self.data = data
        super().refresh(exc)


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class AnnounceForm(BootstrapMixin, VersionedForm):
    announced_by = forms.CharField(label="宣布人（总监票人或选举委员会主任）", max_length=100)
    announced_at = forms.DateTimeField(
        label="宣布时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(
        self, *args: Any, names: Mapping[str, Sequence[str]], seats: Mapping[str, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posts = list(names)
        for i, post in enumerate(self.posts):
            field = forms.MultipleChoiceField(
                label=f"{post}当选人（应选{seats[post]}名）",
                choices=[(n, n) for n in names[post]],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
            field.widget.template_name = "core/widgets/check_group.html"
            self.fields[f"p_{i}"] = field

    def winners(self) -> dict[str, list[str]]:
        return {post: list(self.cleaned_data.get(f"p_{i}") or []) for i, post in enumerate(self.posts)}


# ---------------------------------------------------------------------------------------------
# Individual ballots (issue 13 req. 1): one row per ballot, typed fast


class BallotsBeginForm(BootstrapMixin, forms.Form):
    """Start a box in ballot mode: its name and the ballots issued (entered by hand)."""

    box = forms.CharField(label="票箱", max_length=50)
    ballots_issued = _count("发出选票数")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


SPLIT = r"[\s,，、;；/]+"


class BallotForm(ProjectMessagesMixin, forms.Form):
    """One ballot as read: for each post, the numbers of the candidates marked (as printed on the
    ballot, 1, 2, …) and/or the names written in, separated by spaces or 、; or 废票 for an unreadable
    ballot. Kept to a row of short text boxes so a ballot is typed and sent with the keyboard."""

    unreadable = forms.BooleanField(label="废票", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, posts: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        self.posts = list(posts)
        super().__init__(*args, **kwargs)
        fields = {}
        for i, p in enumerate(self.posts):
            fields[f"m_{i}"] = forms.CharField(
                label=f"{p['post']}（应选{p['seats']}名）",
                max_length=300,
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control hj-ballot-marks",
                        "autocomplete": "off",
                        "placeholder": "序号或姓名",
                    }
                ),
            )
        self.fields = {**fields, **self.fields}
        self.fields["unreadable"].widget.attrs["class"] = "form-check-input"

    def mark_fields(self) -> list[Any]:
        return [self[f"m_{i}"] for i in range(len(self.posts))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        marks: list[list[str]] = []
        for i, p in enumerate(self.posts):
            names: list[str] = []
            for token in re.split(SPLIT, cleaned.get(f"m_{i}") or ""):
                if not token:
                    continue
                if token.isdigit():
                    k = int(token)
                    if not 1 <= k <= len(p["candidates"]):
                        self.add_error(
                            f"m_{i}", f"{p['post']}没有第 {k} 号候选人（共 {len(p['candidates'])} 名）"
                        )
                        continue
                    names.append(p["candidates"][k - 1])
                elif len(token) > 30:
                    self.add_error(f"m_{i}", "姓名不超过 30 字")
                else:
                    names.append(token)
            marks.append(names)
        if cleaned.get("unreadable") and any(marks):
            self.add_error("unreadable", "废票（整张无效）不再登记所选人员，请清空各栏或取消“废票”")
        cleaned["marks"] = None if cleaned.get("unreadable") else marks
        return cleaned
