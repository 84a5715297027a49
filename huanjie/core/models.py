"""Shared models: the audit trail and its chain head, import jobs, and the workflow mechanism
(records, their history, parallel sign-offs)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from huanjie.core.versioning import Versioned


class AuditEvent(models.Model):
    """One recorded change (or sensitive read such as unmasking an ID or exporting personal data).

    Entries form a hash chain: ``hash = SM3(canonical(entry) ‖ prev_hash)``; editing or deleting any
    row breaks the chain, which ``huanjie audit verify`` reports.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        # PROTECT, not SET_NULL: nulling actor_id would rewrite hashed rows and break the chain.
        # Accounts with a history are deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    ip = models.CharField("IP 地址", max_length=45, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    action = models.CharField("操作", max_length=32, db_index=True)
    model = models.CharField("对象类型", max_length=64, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    org_path = models.CharField("所属单位路径", max_length=12, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计记录"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_id}"


class AuditChainHead(models.Model):
    """The single row holding the last sequence number and hash; locking it orders the chain.

    ``mac`` is an HMAC-SM3 of (seq, hash) under a key kept outside the database: someone who can
    write the database but not read the key file cannot move the head (truncation, re-chaining)
    without ``huanjie audit verify`` noticing.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq}"


class ImportJob(models.Model):
    """One uploaded import file and its way through preview (validation) and commit.

    The file is kept here, SM4-GCM encrypted (it holds citizen IDs in clear), between preview and
    commit so that what is committed is exactly what was previewed: a re-upload is never trusted.
    Large files are processed by the task worker; ``rows_done``/``rows_total`` drive the progress bar.
    While a job is being checked or committed its worker holds a lease (``lease_until``), renewed
    with every progress report; a job whose lease ran out is failed by the next reader (its worker
    died). See huanjie.core.imports.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "等待检查"
        VALIDATING = "validating", "正在检查"
        INVALID = "invalid", "有错误"
        READY = "ready", "可以导入"
        QUEUED = "queued", "等待导入"
        COMMITTING = "committing", "正在导入"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"
        DISCARDED = "discarded", "已放弃"

    kind = models.CharField("类型", max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="import_jobs"
    )
    file_name = models.CharField("文件名", max_length=255)
    file_size = models.PositiveBigIntegerField("文件大小", default=0)
    file_digest = models.CharField("文件摘要（SM3）", max_length=64)
    file_data = models.BinaryField("文件（密文）", editable=False)
    # The rows as checked by the preview (compact, SM4-GCM encrypted): the commit re-checks them
    # against the database instead of parsing the same file a second time.
    checked_rows = models.BinaryField("已检查的行（密文）", editable=False, default=b"", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    background = models.BooleanField("后台处理", default=False)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    source = models.CharField("文件格式", max_length=200, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("提示数", default=0)
    problems = models.JSONField("问题", default=list, blank=True)
    preview = models.JSONField("预览", default=dict, blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    message = models.TextField("说明", blank=True)
    ip = models.CharField("IP 地址", max_length=45, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    lease_until = models.DateTimeField("租约到期", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导入任务"
        indexes = [models.Index(fields=["actor", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"


class WorkflowRecord(Versioned):
    """Base of every record that travels a workflow (县镇共管: prepared below, decided above).

    A concrete model declares ``workflow_spec`` (a ``huanjie.rules.workflow.WorkflowSpec``) and
    ``scope_path_field`` (the code-prefix path of the unit the record belongs to). ``state`` is
    written only by ``huanjie.core.workflow``; ``version`` (``core.versioning.Versioned``) refuses
    lost updates; ``state_due`` is the date by which whoever must act next should have acted.
    """

    state = models.CharField("状态", max_length=32, db_index=True)
    state_due = models.DateField("办理期限", null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A new record starts in its workflow's initial state; afterwards only the service moves it.
        if not self.state:
            self.state = self.workflow_spec.initial  # type: ignore[attr-defined]
        super().save(*args, **kwargs)


class WorkflowHistory(models.Model):
    """One applied transition (or unlock) of any workflow record: who, when, from, to, why.

    ``system`` marks transitions no person made (e.g. a job whose worker died, a completed sign-off);
    ``leader_notice`` marks a top-level unit unlocking its own record, which its leader must see.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField("对象编号", max_length=64)
    path = models.CharField("所属单位路径", max_length=12, db_index=True)
    transition = models.CharField("操作", max_length=64)
    from_state = models.CharField("原状态", max_length=32)
    to_state = models.CharField("新状态", max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150)
    system = models.BooleanField("系统操作", default=False)
    reason = models.TextField("理由", blank=True)
    leader_notice = models.BooleanField("须告知本级领导", default=False, db_index=True)
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "流转记录"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.transition}: {self.from_state} → {self.to_state}"


class SignOff(models.Model):
    """One party's answer (e.g. a 联审 department's) to a record in parallel sign-off.

    Answers of an earlier round (the record was returned and sent again) are kept but superseded.
    """

    class Answer(models.TextChoices):
        CLEAR = "clear", "无异议"
        ADVERSE = "adverse", "有异议"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField("对象编号", max_length=64)
    path = models.CharField("所属单位路径", max_length=12, db_index=True)
    party = models.CharField("会签方", max_length=32)
    answer = models.CharField("意见", max_length=16, choices=Answer.choices)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("答复时间")
    superseded = models.BooleanField("已作废（前一轮）", default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "会签意见"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "party"],
                condition=models.Q(superseded=False),
                name="uniq_current_signoff",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_answer_display()}"


class ReportLayout(models.Model):
    """A city's own layout of a reporting table (huanjie.core.layouts), replacing the app's default
    for every export of that city; the JSON text as uploaded, checked when saved and when used."""

    city_path = models.CharField("市级编码", max_length=4)
    code = models.CharField("报表", max_length=64)
    spec = models.TextField("样式定义", max_length=65536)
    updated_by = models.CharField("上传人", max_length=150)
    updated_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "报表样式"
        constraints = [models.UniqueConstraint(fields=["city_path", "code"], name="core_layout_once")]

    def __str__(self) -> str:
        return f"{self.city_path} {self.code}"

    @property
    def audit_org_path(self) -> str:
        return self.city_path
