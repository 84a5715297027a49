"""Reads for the three administrators' consoles (三员分立). Each selector takes the acting user and
returns nothing unless that user holds the console's capability: the audit admin reads the audit
trail, the system admin reads accounts, the security admin reads role assignments.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from huanjie.accounts.models import PasswordReset, RoleAssignment, User
from huanjie.accounts.roles import ROLES, AccountsCap
from huanjie.core.audit import AuditAction
from huanjie.core.capabilities import CoreCap
from huanjie.core.models import AuditEvent

# Chinese names of the recorded actions (unknown ones are shown as recorded).
ACTION_LABELS = dict(AuditAction.choices)
# Object types recorded without a model (a label that names no model class).
_PSEUDO_MODELS = {"export": "导出", "core.Demo": "演示数据"}


# --- audit trail ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    action: str = ""
    model: str = ""
    org_path: str = ""
    request_id: str = ""

    def as_text(self) -> dict[str, str]:
        """The filters in force, labelled in Chinese (for the export's title line)."""
        return {
            "起始日期": self.date_from.isoformat() if self.date_from else "",
            "截止日期": self.date_to.isoformat() if self.date_to else "",
            "操作人": self.actor,
            "操作": ACTION_LABELS.get(self.action, self.action),
            "对象类型": model_label(self.model) if self.model else "",
            "单位代码": self.org_path,
            "请求编号": self.request_id,
        }


def _units() -> Any:
    """The org unit model, reached through the role assignment's foreign key (accounts sits below org
    and never imports it)."""
    return RoleAssignment._meta.get_field("org_unit").related_model


def path_prefix(code: str) -> str:
    """A unit filter typed as a full 12-digit code (329901001000) means its subtree path (329901001)."""
    return str(_units().subtree_path(code.strip()))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(actor: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Audit entries matching ``filters``, newest first; empty for anyone but the audit admin."""
    if not actor.has_capability(CoreCap.AUDIT_VIEW):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.actor:
        # Failed logins have no actor: the account that was tried is the entry's object.
        failed = (AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT)
        tried = Q(action__in=failed, object_repr=filters.actor.strip())
        qs = qs.filter(Q(actor_name__icontains=filters.actor.strip()) | tried)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.model:
        qs = qs.filter(model=filters.model)
    if filters.org_path:
        qs = qs.filter(org_path__startswith=path_prefix(filters.org_path))
    if filters.request_id:
        qs = qs.filter(request_id=filters.request_id.strip())
    return qs.order_by("-seq")


@lru_cache(maxsize=128)
def model_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return _PSEUDO_MODELS.get(label, label)


@lru_cache(maxsize=1024)
def field_label(model: str, attname: str) -> str:
    try:
        meta = apps.get_model(model)._meta
    except (LookupError, ValueError):
        return attname
    for f in meta.concrete_fields:
        if attname in (f.attname, f.name):
            return str(f.verbose_name)
    try:
        return str(meta.get_field(attname).verbose_name)
    except FieldDoesNotExist:
        return attname


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        # Snapshots store datetimes in UTC ISO form; show them in local time.
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list):
        return "、".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_show(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    kind: str  # "added", "removed" or "changed"


def diff(model: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields that differ between the before and after images, with Chinese field names."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change("内容", _show(before), _show(after), "changed")]
    out = []
    creation = not before
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        if key in before and key in after and b == a:
            continue
        if creation and (key == "id" or a in (None, "", False, [], {})):
            continue  # a new object: list what it was created with, not its empty defaults
        kind = "added" if key not in before else "removed" if key not in after else "changed"
        out.append(
            Change(
                field_label(model, key),
                _show(b) if key in before else "",
                _show(a) if key in after else "",
                kind,
            )
        )
    return out


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    action_label: str
    model_label: str
    actor_label: str
    changes: list[Change]


def audit_rows(events: Any) -> list[AuditRow]:
    """Display rows for a page of events (no further queries)."""
    rows = []
    for ev in events:
        anonymous = ev.actor_id is None and ev.action in (AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT)
        rows.append(
            AuditRow(
                event=ev,
                action_label=ACTION_LABELS.get(ev.action, ev.action),
                model_label=model_label(ev.model) if ev.model else "",
                actor_label="（未登录）" if anonymous else ev.actor_name,
                changes=diff(ev.model, ev.before, ev.after),
            )
        )
    return rows


def audit_model_choices(actor: User) -> list[tuple[str, str]]:
    """The object types present in the trail, for the filter (one indexed DISTINCT query)."""
    if not actor.has_capability(CoreCap.AUDIT_VIEW):
        return []
    labels = AuditEvent.objects.order_by().values_list("model", flat=True).distinct()
    return sorted(((m, model_label(m)) for m in labels if m), key=lambda c: c[1])


# --- accounts (system admin) ----------------------------------------------------------------------


def _active_assignments() -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(is_active=True).order_by("role"),
        to_attr="active_assignments",
    )


def accounts(actor: User, q: str = "") -> QuerySet[User]:
    """Accounts (no business data: names, status and role names only) for the system admin."""
    if not actor.has_capability(AccountsCap.ACCOUNTS_MANAGE):
        return User.objects.none()
    qs = User.objects.all()
    if q.strip():
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(display_name__icontains=q.strip()))
    return qs.prefetch_related(_active_assignments()).order_by("username")


def account_get(actor: User, pk: int) -> User:
    try:
        return accounts(actor).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("账号不存在") from None


def role_labels(user: User) -> list[str]:
    return [ROLES[a.role].label for a in getattr(user, "active_assignments", user.roles())]


# --- role assignments (security admin) ------------------------------------------------------------


def assignments(actor: User, q: str = "", *, include_revoked: bool = False) -> QuerySet[RoleAssignment]:
    if not actor.has_capability(AccountsCap.ROLES_MANAGE):
        return RoleAssignment.objects.none()
    qs = RoleAssignment.objects.select_related("user", "org_unit")
    if not include_revoked:
        qs = qs.filter(is_active=True)
    if q.strip():
        needle = q.strip()
        qs = qs.filter(
            Q(user__username__icontains=needle)
            | Q(user__display_name__icontains=needle)
            | Q(org_unit__name__icontains=needle)
            | Q(org_unit__code__startswith=needle)
        )
    return qs.order_by("user__username", "role", "org_unit__code")


def assignment_get(actor: User, pk: int) -> RoleAssignment:
    try:
        return assignments(actor, include_revoked=True).get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise Http404("角色分配不存在") from None


def grantee_by_username(actor: User, username: str) -> User | None:
    if not actor.has_capability(AccountsCap.ROLES_MANAGE):
        return None
    return User.objects.filter(username=unicodedata.normalize("NFKC", username).strip()).first()


def unit_by_code(actor: User, code: str) -> Any:
    """The unit a role is bound to. The security admin assigns deployment-wide, so this lookup is
    not jurisdiction-scoped; it returns only the unit's identity, never business data."""
    if not actor.has_capability(AccountsCap.ROLES_MANAGE):
        return None
    return (
        _units()
        .objects.filter(code=code.strip(), is_active=True)
        .only("id", "code", "path", "level", "name")
        .first()
    )


def unit_suggestions(actor: User) -> list[tuple[str, str]]:
    """Codes and names of the non-leaf units (city, counties, towns) for the unit field's list."""
    if not actor.has_capability(AccountsCap.ROLES_MANAGE):
        return []
    units = _units()
    return list(
        units.objects.filter(is_active=True)
        .exclude(level__in=units.LEAF_LEVELS)
        .order_by("code")
        .values_list("code", "name")
    )


# --- password resets (two administrators) ---------------------------------------------------------

_ADMIN_CAPS = (AccountsCap.ACCOUNTS_MANAGE, AccountsCap.ROLES_MANAGE, CoreCap.AUDIT_VIEW)


def _is_admin(actor: User) -> bool:
    return any(actor.has_capability(c) for c in _ADMIN_CAPS)


def open_reset(actor: User, user: User) -> PasswordReset | None:
    """The account's open reset, for the system admin's account page."""
    from huanjie.accounts.services import open_resets

    if not actor.has_capability(AccountsCap.ACCOUNTS_MANAGE):
        return None
    return open_resets().filter(user=user).select_related("initiated_by", "confirmed_by").first()


def resets_to_confirm(actor: User) -> list[PasswordReset]:
    """Open, unconfirmed resets that ``actor`` is the one to confirm (never their own account or
    a reset they initiated)."""
    from huanjie.accounts.services import open_resets, reset_parties

    if not _is_admin(actor):
        return []
    pending = (
        open_resets()
        .filter(confirmed_at=None)
        .exclude(user_id=actor.pk)
        .exclude(initiated_by_id=actor.pk)
        .select_related("user", "initiated_by")
        .order_by("initiated_at")
    )
    return [r for r in pending if actor.has_capability(reset_parties(r.user)[1])]


def reset_to_confirm_get(actor: User, pk: int) -> PasswordReset:
    for r in resets_to_confirm(actor):
        if r.pk == pk:
            return r
    raise Http404("没有待您确认的该项重置")


def reset_targets(actor: User) -> list[User]:
    """Administrator accounts whose reset ``actor`` initiates from the reset page (the system
    administrator's own account is reset by the security administrator); business accounts are
    reset from the account pages."""
    from huanjie.accounts.services import reset_parties

    if not _is_admin(actor):
        return []
    admins = (
        User.objects.filter(role_assignments__is_active=True, role_assignments__org_unit=None)
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("username")
    )
    return [
        u
        for u in admins
        if reset_parties(u)[0] != AccountsCap.ACCOUNTS_MANAGE and actor.has_capability(reset_parties(u)[0])
    ]
