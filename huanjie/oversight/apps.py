from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.oversight.capabilities import OversightCap

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT
_HANDLE, _REVIEW = OversightCap.PETITION_HANDLE, OversightCap.REVIEW


class OversightConfig(AppConfig):
    """Oversight (issue 14): petitions, risks and contingency plans, incident reports up the chain,
    supervision groups and their findings, violations with enforced consequences, training, policy
    Q&A, election-day checklists, publicity and public opinion.

    Each area lives in its own modules (``<area>_models``, ``<area>_services``, ``<area>_views`` …)
    and adds its navigation entries, URL files and API routers below, one block per area."""

    name = "huanjie.oversight"
    label = "oversight"
    verbose_name = "监督"
    plugin = Plugin(
        nav=(
            # training, policy Q&A, election-day checklist, publicity (issue 14 reqs. 6-8)
            NavEntry("oversight_training:coverage", "培训与三项机制", "mortarboard", _VIEW, order=70),
            NavEntry("oversight_qa:questions", "政策咨询", "question-circle", _VIEW, order=71),
            NavEntry("oversight_checklist:index", "选举日检查清单", "list-check", _VIEW, order=72),
            NavEntry("oversight_publicity:tasks", "宣传与舆情", "megaphone", _VIEW, order=73),
        ),
        urls=(
            # training, policy Q&A, election-day checklist, publicity (issue 14 reqs. 6-8)
            ("oversight/training/", "huanjie.oversight.training_urls"),
            ("oversight/qa/", "huanjie.oversight.qa_urls"),
            ("oversight/checklist/", "huanjie.oversight.checklist_urls"),
            ("oversight/publicity/", "huanjie.oversight.publicity_urls"),
        ),
        api=(),
        walker="tests.oversight.walker",
        grants={
            "city_operator": frozenset({_VIEW, _EDIT, _HANDLE, _REVIEW}),
            "county_operator": frozenset({_VIEW, _EDIT, _HANDLE, _REVIEW}),
            "county_approver": frozenset({_VIEW, _REVIEW}),
            "town_operator": frozenset({_VIEW, _EDIT, _HANDLE}),
            "leader": frozenset({_VIEW}),
            "supervisor": frozenset({_VIEW, OversightCap.SUPERVISE}),
        },
    )

    def ready(self) -> None:
        from huanjie.core.plugins import todo_providers

        # the election-day checklist (issue 14 req. 7): incomplete after the election day
        from huanjie.oversight import checklist_selectors

        todo_providers.register("oversight.checklist", checklist_selectors.checklist_todos)
