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
from huanjie.accounts.roles import ROLES, VETTING_DEPARTMENTS, AccountsCap
from huanjie.core.audit import AuditAction
from huanjie.core.capabilities import CoreCap
from huanjie.core.models import AuditEvent
from huanjie.core.pickers import Pick

# Chinese names of the recorded actions (unknown ones are shown as recorded).
ACTION_LABELS = dict(AuditAction.choices)
# Object types recorded without a model (a label that names no model class).
_PSEUDO_MODELS = {"export": "导出", "core.Demo": "演示数据", "elections.Document": "选举文书（打印）"}
# Models left with Django's default verbose name (their class name), named here.
_MODEL_NAMES = {"accounts.ApiToken": "接口令牌"}
# Keys of recorded details that name no model field (import results, exports, resets, the demo).
EXTRA_FIELD_LABELS = {
    "kind": "类型",
    "file_name": "文件名",
    "file_digest": "文件摘要（SM3）",
    "rows": "行数",
    "job": "导入任务编号",
    "status": "状态",
    "message": "说明",
    "subject": "导出内容",
    "filters": "筛选条件",
    "matched": "匹配人数",
    "tokens_revoked": "撤销的接口令牌数",
    "sessions_ended": "结束的登录会话数",
    "created_at": "创建时间",
    "updated_at": "修改时间",
    "username": "账号",
    "ip": "IP 地址",
    "at": "时间",
    "success": "是否成功",
    "key": "键",
    "touched": "最近更新时间",
    "seq": "序号",
    "hash": "摘要（SM3）",
    "prev_hash": "前一条的摘要（SM3）",
    "mac": "检查点校验码（HMAC-SM3）",
    "party": "会签方",
    "answer": "意见",
    "state": "状态",
    "transition": "流转",
    "user": "账号",
    "name": "名称",
    "persons_created": "新增人员数",
    "persons_reused": "已有人员数",
    "committees_created": "新建班子数",
    "committees_updated": "更新班子数",
    "tenures_created": "新增任职数",
    "conflicts_created": "转上级决定的登记冲突数",
    "person_ids": "新增人员编号范围",
    "committee_ids": "新建班子编号范围",
    "tenure_ids": "新增任职编号范围",
    "conflict_ids": "登记冲突编号范围",
    "units_created": "新建单位数",
    "units_updated": "更新单位数",
    "units_unchanged": "未变单位数",
    "created_ids": "新建单位编号范围",
    "changes": "逐个单位的修改",
    "counties": "县（市、区）数",
    "towns": "乡镇（街道）数",
    "villages": "村数",
    "communities": "社区数",
    "persons": "人员数",
    "sitting_members": "现任成员数",
    "tenures": "任职数",
    "relations": "亲属关系数",
    "sitting_relative_pairs": "现任成员近亲属对数",
    "weak_villages": "软弱涣散村",
    "pilots": "试点村",
    "campaign": "换届工作",
    "candidates": "人选数",
    "elections": "选举数",
}


# --- audit trail ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    subject: str = ""
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
            "对象": self.subject,
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
    if filters.subject:
        qs = qs.filter(object_repr__icontains=filters.subject.strip())
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
    if label in _MODEL_NAMES:
        return _MODEL_NAMES[label]
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return _PSEUDO_MODELS.get(label, label)


def _model_field(model: str, attname: str) -> Any:
    try:
        meta = apps.get_model(model)._meta
    except (LookupError, ValueError):
        return None
    for f in meta.concrete_fields:
        if attname in (f.attname, f.name):
            return f
    try:
        return meta.get_field(attname)
    except FieldDoesNotExist:
        return None


@lru_cache(maxsize=1024)
def field_label(model: str, attname: str) -> str:
    """The field's verbose name; a foreign key left with Django's default name (``campaign``) is
    called by the model it points to (换届工作)."""
    field = _model_field(model, attname)
    if field is not None and getattr(field, "verbose_name", None):
        label = str(field.verbose_name)
        if label != field.name.replace("_", " "):
            return label
        # Django's default (the field's name): a foreign key is called by its model, a common
        # bookkeeping field (created_at, ip…) by the shared table below.
        if field.is_relation and field.related_model is not None:
            return str(field.related_model._meta.verbose_name)
    return EXTRA_FIELD_LABELS.get(attname, attname)


def _model_class(model: str) -> Any:
    try:
        return apps.get_model(model)
    except (LookupError, ValueError):
        return None


@lru_cache(maxsize=256)
def _declared_labels(model: str, key: str) -> dict[str, str] | None:
    """Labels a model declares for a key its field choices do not cover, in one of two ways: a
    workflow record's ``state`` and ``transition`` from its ``workflow_spec``; and the model's
    ``audit_choices`` (key → (value, label) pairs, or a callable giving them) for codes kept without
    field choices — a JSON list of choice codes, a profile code."""
    cls = _model_class(model)
    if cls is None:
        return None
    spec = getattr(cls, "workflow_spec", None)
    if spec is not None and key == "state":
        return {str(k): str(v) for k, v in spec.states.items()}
    if spec is not None and key == "transition":
        return {t.name: t.label_zh for t in spec.transitions}
    declared = getattr(cls, "audit_choices", {}).get(key)
    if declared is None:
        return None
    pairs = declared() if callable(declared) else declared
    return {str(k): str(v) for k, v in pairs}


def _import_kind_labels() -> dict[str, str]:
    from huanjie.core.imports import import_kinds

    return {str(k): str(v) for k, v in import_kinds()}


def _role_or_choice_label(model: str, key: str, value: Any) -> str | None:
    """The Chinese label of a coded value (a role, a department, a choice, a workflow state or
    transition, a code the model declares, an import kind); a list of codes label by label."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        labels = [_role_or_choice_label(model, key, v) for v in value]
        return "、".join(label or v for label, v in zip(labels, value, strict=True)) if any(labels) else None
    if not isinstance(value, str) or not value:
        return None
    declared = _declared_labels(model, key)
    if declared is not None and value in declared:
        return declared[value]
    if key == "role" and value in ROLES:
        return ROLES[value].label
    if key == "department":
        return dict(VETTING_DEPARTMENTS).get(value)
    if key == "action":
        return ACTION_LABELS.get(value)
    field = _model_field(model, key)
    if field is not None and getattr(field, "choices", None):
        return {str(k): str(v) for k, v in field.flatchoices}.get(value)
    if key in ("state", "transition"):
        # A workflow record's states and transitions have no field choices: their labels are in the
        # record's spec (core.workflow writes both into the entry).
        try:
            spec = getattr(apps.get_model(model), "workflow_spec", None)
        except (LookupError, ValueError):
            spec = None
        if spec is not None and key == "state":
            return str(spec.state_label(value))
        step = spec.transition(value) if spec is not None else None
        if step is not None:
            return str(step.label_zh)
    if key == "kind":
        return _import_kind_labels().get(value)
    return None


class _Names:
    """Names for the ids and unit paths of one page of entries, read in one query per model."""

    def __init__(self, events: list[AuditEvent]) -> None:
        wanted: dict[Any, set[Any]] = {}
        paths: set[str] = set()
        for ev in events:
            if ev.org_path:
                paths.update(ev.org_path[:n] for n in (4, 6, 9, 12) if n <= len(ev.org_path))
            for image in (ev.before, ev.after):
                if not isinstance(image, dict):
                    continue
                for key, value in image.items():
                    related = self._related(ev.model, key)
                    if related is not None and isinstance(value, int | str) and str(value).isdigit():
                        wanted.setdefault(related, set()).add(int(value))
        self.objects: dict[tuple[Any, int], str] = {}
        for model, ids in wanted.items():
            fks = [f.name for f in model._meta.concrete_fields if f.is_relation][:4]
            for obj in model._base_manager.select_related(*fks).filter(pk__in=ids):
                self.objects[(model, obj.pk)] = self._name(obj)
        units = _units()
        self.units = dict(
            units._base_manager.filter(path__in=paths).values_list("path", "name") if paths else []
        )

    @staticmethod
    def _related(model: str, key: str) -> Any:
        field = _model_field(model, key)
        return field.related_model if field is not None and field.is_relation and field.many_to_one else None

    @staticmethod
    def _name(obj: Any) -> str:
        if isinstance(obj, User):
            return f"{obj.display_name}（{obj.username}）" if obj.display_name else obj.username
        return str(obj)

    def value(self, model: str, key: str, value: Any) -> str | None:
        related = self._related(model, key)
        if related is not None and value not in (None, ""):
            name = self.objects.get((related, int(value))) if str(value).isdigit() else None
            return name or f"（编号 {value}，已不存在）"
        return _role_or_choice_label(model, key, value)

    def unit(self, path: str) -> str:
        """The unit's name with its county and town (柳林区 › 东镇 › 东村); its code if unknown."""
        if not path:
            return ""
        names = [self.units[path[:n]] for n in (6, 9, 12) if n <= len(path) and path[:n] in self.units]
        if len(path) == 4 and path in self.units:
            names = [self.units[path]]
        return " › ".join(names) or path


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


def diff(
    model: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    names: _Names | None = None,
) -> list[Change]:
    """The fields that differ between the before and after images, with Chinese field names and
    values (names for ids, labels for codes)."""
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

        def show(value: Any, key: str = key) -> str:
            label = names.value(model, key, value) if names is not None else None
            return label if label is not None else _show(value)

        out.append(
            Change(
                field_label(model, key),
                show(b) if key in before else "",
                show(a) if key in after else "",
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
    unit_label: str = ""

    @property
    def summary(self) -> str:
        """One line: the first changes (the details are shown on demand)."""
        parts = [f"{c.field}：{c.after or c.before}" for c in self.changes[:2]]
        if not parts and self.event.ip:
            parts = [f"IP 地址 {self.event.ip}"]
        more = len(self.changes) - 2
        return "；".join(parts) + (f" 等 {len(self.changes)} 项" if more > 0 else "")


def _actor_name(ev: AuditEvent) -> str:
    # core.audit stores "system" for work done without an account (the demo builder, commands).
    return "系统" if ev.actor_id is None and ev.actor_name == "system" else ev.actor_name


def audit_rows(events: Any) -> list[AuditRow]:
    """Display rows for a page of events: names for ids, labels for codes, units by name (one query
    per kind of referenced object, not one per entry)."""
    events = list(events)
    names = _Names(events)
    rows = []
    for ev in events:
        anonymous = ev.actor_id is None and ev.action in (AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT)
        rows.append(
            AuditRow(
                event=ev,
                action_label=ACTION_LABELS.get(ev.action, ev.action),
                model_label=model_label(ev.model) if ev.model else "",
                actor_label="（未登录）" if anonymous else _actor_name(ev),
                changes=diff(ev.model, ev.before, ev.after, names),
                unit_label=names.unit(ev.org_path),
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


def _may_pick(actor: User) -> bool:
    """Only the administrators who grant roles or read the audit trail search units and accounts
    (deployment-wide: their work is not bound to a jurisdiction, and they see no business data)."""
    return actor.has_capability(AccountsCap.ROLES_MANAGE) or actor.has_capability(CoreCap.AUDIT_VIEW)


def unit_path_labels(paths: list[str]) -> dict[str, str]:
    """Each path's unit with its county and town (澜溪县 › 泉园镇 › 荷口村), one query for all."""
    units = _units()
    wanted = {p[:n] for p in paths for n in (4, 6, 9, 12) if n <= len(p)}
    names = dict(units._base_manager.filter(path__in=wanted).values_list("path", "name"))
    out = {}
    for path in paths:
        chain = [names[path[:n]] for n in (6, 9, 12) if n <= len(path) and path[:n] in names]
        out[path] = " › ".join(chain) or names.get(path, path)
    return out


def unit_search(actor: User, q: str, limit: int) -> tuple[list[Pick], bool]:
    """Active units whose name contains ``q`` or whose code starts with it, by code: at most
    ``limit`` picks and whether there were more. Nothing for anyone but the two administrators."""
    if not _may_pick(actor):
        return [], False
    qs = _units().objects.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    rows = list(qs.order_by("code").values_list("code", "path")[: limit + 1])
    labels = unit_path_labels([path for _code, path in rows[:limit]])
    return [Pick(code, labels[path], code) for code, path in rows[:limit]], len(rows) > limit


def unit_label(actor: User, code: str) -> str:
    """The picked unit's label for a form shown again (empty when unknown or not allowed)."""
    if not _may_pick(actor) or not code.isdigit():
        return ""
    path = _units().objects.filter(code=code).values_list("path", flat=True).first()
    return unit_path_labels([path])[path] if path else ""


def account_search(actor: User, q: str, limit: int) -> tuple[list[Pick], bool]:
    """Active accounts whose login name or name contains ``q``: identities only, no business data.
    Nothing for anyone but the two administrators."""
    if not _may_pick(actor):
        return [], False
    qs = User.objects.filter(is_active=True)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    rows = list(qs.order_by("username").values_list("username", "display_name")[: limit + 1])
    picks = [
        Pick(username, f"{display_name}（{username}）" if display_name else username)
        for username, display_name in rows[:limit]
    ]
    return picks, len(rows) > limit


def account_label(actor: User, username: str) -> str:
    if not _may_pick(actor):
        return ""
    name = User.objects.filter(username=username).values_list("display_name", flat=True).first()
    return f"{name}（{username}）" if name else ""


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
