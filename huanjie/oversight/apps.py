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
            # Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2
            NavEntry("oversight_petitions:list", "信访", "envelope-paper", _VIEW, order=60),
            NavEntry("oversight_risks:list", "风险研判", "exclamation-triangle", _VIEW, order=61),
            # Incident reports and supervision (issue 14 reqs. 3, 4).
            NavEntry("oversight_incidents:list", "重大事件报送", "megaphone", _VIEW, order=62),
            NavEntry("oversight_supervision:findings", "督导问题", "binoculars", _VIEW, order=63),
            # training, policy Q&A, election-day checklist, publicity (issue 14 reqs. 6-8)
            NavEntry("oversight_training:coverage", "培训与三项机制", "mortarboard", _VIEW, order=70),
            NavEntry("oversight_qa:questions", "政策咨询", "question-circle", _VIEW, order=71),
            NavEntry("oversight_checklist:index", "选举日检查清单", "list-check", _VIEW, order=72),
            NavEntry("oversight_publicity:tasks", "宣传与舆情", "broadcast", _VIEW, order=73),
            # violations (三个一律), issue 14 req. 5
            NavEntry("oversight_violations:list", "违纪违规案件", "shield-exclamation", _VIEW, order=64),
        ),
        urls=(
            ("oversight/petitions/", "huanjie.oversight.petitions_urls"),
            ("oversight/risks/", "huanjie.oversight.risks_urls"),
            ("oversight/incidents/", "huanjie.oversight.incidents_urls"),
            ("oversight/supervision/", "huanjie.oversight.supervision_urls"),
            # training, policy Q&A, election-day checklist, publicity (issue 14 reqs. 6-8)
            ("oversight/training/", "huanjie.oversight.training_urls"),
            ("oversight/qa/", "huanjie.oversight.qa_urls"),
            ("oversight/checklist/", "huanjie.oversight.checklist_urls"),
            ("oversight/publicity/", "huanjie.oversight.publicity_urls"),
            # violations (三个一律), issue 14 req. 5
            ("oversight/violations/", "huanjie.oversight.violations_urls"),
        ),
        api=(
            ("/oversight", "huanjie.oversight.petitions_api.router"),
            ("/oversight", "huanjie.oversight.petitions_api.risks_router"),
        ),
        walker="tests.oversight.walker",
        # Petitions and risks (issue 14 reqs. 1–2, 9): imports from their templates, list exports.
        importers={
            "oversight_petitions": "huanjie.oversight.petitions_importers.PetitionImporter",
            "oversight_risks": "huanjie.oversight.risks_importers.RiskImporter",
            # the other registers (issue 14 req. 9): incidents, publicity, opinion, Q&A, officials
            "oversight_incidents": "huanjie.oversight.registers_importers.IncidentImporter",
            "oversight_publicity_tasks": "huanjie.oversight.registers_importers.PublicityTaskImporter",
            "oversight_opinion_events": "huanjie.oversight.registers_importers.OpinionEventImporter",
            "oversight_questions": "huanjie.oversight.registers_importers.QuestionImporter",
            "oversight_training_officials": "huanjie.oversight.registers_importers.OfficialImporter",
            "oversight_checklist": "huanjie.oversight.registers_importers.ChecklistImporter",
            "oversight_findings": "huanjie.oversight.registers_importers.FindingImporter",
            "oversight_supervision_groups": "huanjie.oversight.registers_importers.GroupImporter",
            # training attendance, education upgrades, the three mechanisms; violations (立案 only)
            "oversight_training_attendance": "huanjie.oversight.training_importers.AttendanceImporter",
            "oversight_upgrades": "huanjie.oversight.training_importers.UpgradeImporter",
            "oversight_mechanism_decisions": "huanjie.oversight.training_importers.DecisionImporter",
            "oversight_violations": "huanjie.oversight.violations_importers.ViolationCaseImporter",
        },
        exporters={
            "oversight_petitions": "oversight_petitions:export",
            "oversight_risks": "oversight_risks:export",
            # violations (三个一律), issue 14 req. 5
            "oversight_violations": "oversight_violations:export",
            # the other registers (issue 14 req. 9)
            "oversight_incidents": "oversight_incidents:export",
            "oversight_publicity_tasks": "oversight_publicity:tasks_export",
            "oversight_opinion_events": "oversight_publicity:events_export",
            "oversight_questions": "oversight_qa:export",
            "oversight_training_officials": "oversight_training:officials_export",
            "oversight_checklist": "oversight_checklist:export",
            "oversight_findings": "oversight_supervision:export",
            "oversight_supervision_groups": "oversight_supervision:groups_export",
            "oversight_training_attendance": "oversight_training:attendance_export",
            "oversight_upgrades": "oversight_training:upgrades_export",
            "oversight_mechanism_decisions": "oversight_training:decisions_export",
        },
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
        # Petitions and risks (issue 14 reqs. 1–2): a petition about a candidate reaches screening;
        # a high-risk village without an approved plan cannot have its election scheduled.
        from huanjie.core.plugins import scheduling_gates, screening_items, screening_runs, todo_providers
        from huanjie.core.scoping import MembershipScope, register_membership_scope
        from huanjie.oversight import (
            checklist_selectors,
            incidents_selectors,
            petitions_selectors,
            risks_selectors,
            supervision_services,
        )

        screening_items.register("oversight.petitions", petitions_selectors.screening_items)
        screening_runs.register("oversight.petitions", petitions_selectors.screening_run)
        scheduling_gates.register("oversight.risks", risks_selectors.scheduling_gates)

        # Incident reports and supervision (issue 14 reqs. 3, 4): a supervisor's jurisdiction is his
        # groups' (core scoping's membership scope); overdue acknowledgements on the home page.
        register_membership_scope(
            MembershipScope(
                "supervisor",
                frozenset({_VIEW, OversightCap.SUPERVISE}),
                supervision_services.supervised_paths,
            )
        )
        todo_providers.register("oversight.incidents", incidents_selectors.overdue_todos)

        # the election-day checklist (issue 14 req. 7): incomplete after the election day
        todo_providers.register("oversight.checklist", checklist_selectors.checklist_todos)

        # violations (三个一律, issue 14 req. 5): a decided case reaches its candidates' screening
        from huanjie.oversight import violations_selectors

        screening_items.register("oversight.violations", violations_selectors.screening_items)
        screening_runs.register("oversight.violations", violations_selectors.screening_run)
