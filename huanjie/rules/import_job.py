"""The import job's way from upload to commit, as a transition table of the workflow mechanism
(huanjie.rules.workflow): the same kind of table as every record prepared below and decided above.

An import job is private to whoever uploaded it, so its person transitions need only the import
capability (no level); the worker's transitions are the system's. huanjie.core.imports.jobs applies
it: nothing else changes a job's status.
"""

from __future__ import annotations

from huanjie.rules.workflow import Transition, WorkflowSpec

IMPORT_RUN = "import.run"  # huanjie.core.capabilities.CoreCap.IMPORT_RUN (rules imports no app)

IMPORT_JOB = WorkflowSpec(
    code="import_job",
    label_zh="导入任务",
    states={
        "pending": "等待检查",
        "validating": "正在检查",
        "invalid": "有错误",
        "ready": "可以导入",
        "queued": "等待导入",
        "committing": "正在导入",
        "done": "已导入",
        "failed": "失败",
        "discarded": "已放弃",
    },
    initial="pending",
    transitions=(
        Transition("check", frozenset({"pending"}), "validating", "检查", capability=IMPORT_RUN, by="either"),
        Transition("pass", frozenset({"validating"}), "ready", "检查通过", by="system"),
        Transition(
            "reject", frozenset({"pending", "validating", "committing"}), "invalid", "发现错误", by="system"
        ),
        Transition("queue", frozenset({"ready"}), "queued", "排队导入", capability=IMPORT_RUN),
        Transition(
            "commit",
            frozenset({"ready", "queued"}),
            "committing",
            "开始导入",
            capability=IMPORT_RUN,
            by="either",
        ),
        Transition("finish", frozenset({"committing"}), "done", "导入完成", by="system"),
        Transition(
            "fail",
            frozenset({"pending", "validating", "queued", "committing"}),
            "failed",
            "失败",
            by="system",
        ),
        Transition(
            "discard", frozenset({"ready", "invalid", "failed"}), "discarded", "放弃", capability=IMPORT_RUN
        ),
    ),
    chain=("city", "county", "town"),
)


def step_to(source: str, target: str) -> Transition | None:
    """The transition of the table that moves a job from ``source`` to ``target``, if any."""
    return next((t for t in IMPORT_JOB.transitions if source in t.sources and t.target == target), None)
