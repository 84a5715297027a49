"""The JSON contract of ``huanjie idcheck``: one object per citizen identity number (GB 11643-1999).

The check itself is :func:`huanjie.rules.ids.parse_citizen_id`; this module turns its typed result
(or its refusal) into the line the command prints. No Django, no I/O.
"""

from __future__ import annotations

from datetime import date

from huanjie.rules.ids import InvalidCitizenId, parse_citizen_id

__all__ = ["idcheck_report"]


def idcheck_report(raw: str, *, today: date | None = None) -> dict[str, str | bool | None]:
    """One line of ``huanjie idcheck``: ``{id, valid, number, birth_date, sex, region, reason}``.

    ``id`` echoes the input as typed (stripped); ``number`` is the normalized 18-character form.
    """
    try:
        cid = parse_citizen_id(raw, today=today)
    except InvalidCitizenId as exc:
        return {
            "id": raw.strip(),
            "valid": False,
            "number": None,
            "birth_date": None,
            "sex": None,
            "region": None,
            "reason": exc.reason,
        }
    return {
        "id": raw.strip(),
        "valid": True,
        "number": cid.number,
        "birth_date": cid.birth_date.isoformat(),
        "sex": cid.sex,
        "region": cid.region,
        "reason": None,
    }
