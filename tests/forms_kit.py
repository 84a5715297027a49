"""Load a form page as a browser would and submit it later (optimistic-locking tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models


def form_data(response: Any, key: str = "form") -> dict[str, Any]:
    """What the browser would submit for the form in ``response.context[key]`` left as shown."""
    form = response.context[key]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, models.Model):
            value = value.pk
        data[form.add_prefix(name)] = value
    return data


def versioned(response: Any, key: str = "form") -> dict[str, Any]:
    """Only the hidden version fields of the form in ``response`` (to add to hand-made data)."""
    data = form_data(response, key)
    return {k: data[k] for k in ("version", "seen")}


def post_form(client: Any, url: str, data: dict[str, Any], *, page: str = "", key: str = "form") -> Any:
    """Load the form (the page at ``url``, or ``page`` showing it as ``key``), as the browser does:
    its version comes with it; then submit ``data`` to ``url``.

    A page the client may not load is submitted as is (the test expects the refusal)."""
    loaded = client.get(page or url)
    ok = loaded.status_code == 200 and loaded.context and key in loaded.context
    return client.post(url, (versioned(loaded, key) if ok else {}) | data)
