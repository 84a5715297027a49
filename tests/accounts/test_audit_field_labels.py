"""Issue 9 req. 7: every field of every model of the project has a Chinese label on the audit page
(accounts.console_selectors.field_label: the verbose name, a foreign key by its model's name)."""

import re

from django.apps import apps

from huanjie.accounts.console_selectors import field_label, model_label

ASCII_WORD = re.compile(r"[A-Za-z_]{2,}")
ACRONYMS = re.compile(r"IP|HMAC-SM3|SM3")  # how the office writes them


def test_every_model_and_field_reads_in_chinese():
    raw = []
    for model in apps.get_models():
        if not model.__module__.startswith("huanjie."):
            continue
        label = model._meta.label
        if ASCII_WORD.search(ACRONYMS.sub("", model_label(label))):
            raw.append(label)
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            shown = field_label(label, field.attname)
            if ASCII_WORD.search(ACRONYMS.sub("", shown)):
                raw.append(f"{label}.{field.attname} → {shown}")
    assert raw == [], "\n".join(raw)
