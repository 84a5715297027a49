"""Searchable pickers (house rule 16: users pick, never type codes).

A ``PickerWidget`` renders a search box and a hidden input holding the chosen value (a unit code, an
account name). Typing, or focusing the box, asks the field's search endpoint (htmx) for at most
``PICK_LIMIT`` matches within what the user may see; the endpoint answers with ``core/_picks.html``.
Clicking a match (or Enter on it; arrow keys move between matches) fills the hidden input. Without
JavaScript the typed text is submitted instead, so a code or an account name typed by hand still
works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from huanjie.core.api_params import SEARCH_MAX

PICK_LIMIT = 20


@dataclass(frozen=True)
class Pick:
    value: str  # what the form submits (a unit code, an account name)
    label: str  # what the user reads (青澜市 › 澜溪县 › 泉园镇 › 荷口村; 王新)
    detail: str = ""  # shown beside the label (the code, the account name)


class PickerWidget(forms.TextInput):
    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        *,
        url_name: str = "",
        label_for: Callable[[str], str] | None = None,
        placeholder: str = "输入名称查找，或点击后从列表中选择",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.url = ""  # set by a form whose search URL names an object (org:unit_move_parents)
        self.label_for = label_for
        self.placeholder = placeholder

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # The picked value; without JavaScript, what was typed in the search box.
        picked = data.get(name)
        return picked if picked not in (None, "") else data.get(f"{name}_search", picked)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        shown = str(value or "")
        label = shown
        if shown and self.label_for is not None:
            label = self.label_for(shown) or shown
        context["widget"].update(
            {
                "url": self.url or reverse(self.url_name),
                "label": label,
                "placeholder": self.placeholder,
                "search_name": f"{name}_search",
            }
        )
        return context


class PickedModelChoiceField(forms.ModelChoiceField):
    """A model choice made with a picker: the submitted value is free text (the hidden input can be
    anything), so a value that cannot be a choice is refused as one before the database sees it."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def search_text(request: Any) -> str | None:
    """The picker's search text (``q``, or the ``*_search`` box that asked), stripped; None when it
    is longer than any name or code (a bounded parameter, as in core.api_params)."""
    text = request.GET.get("q")
    if text is None:
        text = next((v for k, v in request.GET.items() if k.endswith("_search")), "")
    text = text.strip()
    return None if len(text) > SEARCH_MAX else text


def picks_response(request: Any, picks: list[Pick], *, more: bool, too_long: bool = False) -> HttpResponse:
    """The list of matches a picker shows (an htmx partial)."""
    return render(
        request,
        "core/_picks.html",
        {"picks": picks[:PICK_LIMIT], "more": more, "too_long": too_long, "limit": PICK_LIMIT},
    )
