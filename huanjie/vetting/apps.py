from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.layout_kinds import KINDS

_VIEW, _EDIT, _CONF = VettingCap.VIEW, VettingCap.EDIT, VettingCap.CONFIDENTIAL


class VettingConfig(AppConfig):
    """Candidates (人选): nomination, screening, town pre-check, county joint review, inspection,
    talks and pledges (issue 11).

    Confidentiality (只做不说): ``vetting.confidential`` (findings, screening, inspections, talks) is
    granted only to town, county and city operators, county approvers and leaders; a vetting
    department answers only its own queue (``vetting.answer``); a village operator sees its village's
    candidates and records the 选举委员会's qualification decisions, never the findings behind them.
    """

    name = "huanjie.vetting"
    label = "vetting"
    verbose_name = "人选审查"
    plugin = Plugin(
        nav=(
            NavEntry("vetting:index", "人选", "person-check", VettingCap.VIEW, order=45),
            NavEntry(
                "vetting:precheck_index", "镇级初审", "clipboard-check", VettingCap.CONFIDENTIAL, order=46
            ),
            NavEntry("vetting:review_index", "县级联审", "people", VettingCap.REVIEW, order=47),
            NavEntry("vetting:review_queue_home", "联审队列", "inbox", VettingCap.ANSWER, order=48),
            # Talks and pledges (issue 11 reqs. 7, 9).
            NavEntry("vetting:talk_rollup", "四必谈", "chat-square-text", _CONF, order=46),
            NavEntry("vetting:pledge_rollup", "纪律承诺", "pen", _VIEW, order=47),
        ),
        urls=(("vetting/", "huanjie.vetting.urls"),),
        api=(("/vetting", "huanjie.vetting.api.router"),),
        grants={
            "city_operator": frozenset({_VIEW, _CONF}),
            "county_operator": frozenset({_VIEW, _CONF, VettingCap.REVIEW}),
            "county_approver": frozenset({_VIEW, _CONF, VettingCap.REVIEW}),
            "town_operator": frozenset({_VIEW, _EDIT, _CONF, VettingCap.APPROVE, VettingCap.QUALIFY}),
            "village_operator": frozenset({_VIEW, _EDIT, VettingCap.QUALIFY}),
            "leader": frozenset({_VIEW, _CONF}),
            "vetting": frozenset({VettingCap.ANSWER}),
        },
        exporters={"vetting_talks": "vetting:talk_export", "vetting_pledges": "vetting:pledge_export"},
        walker="tests.vetting.walker",
        layouts=KINDS,
        # A department answers a whole batch of its queue by uploading the sheet (联审部门答复).
        importers={
            "vetting_review_answers": "huanjie.vetting.review_importers.ReviewAnswersImporter",
            "vetting_candidates": "huanjie.vetting.importers.CandidateImporter",
            # The town's confidential registers (四必谈, 考察, 镇级初审; issue 11 req. 11).
            "vetting_talks": "huanjie.vetting.importers_registers.TalkImporter",
            "vetting_inspections": "huanjie.vetting.importers_registers.InspectionImporter",
            "vetting_precheck_answers": "huanjie.vetting.importers_registers.PrecheckAnswerImporter",
            # 纪律责任书、承诺书、保证书 by signing date, the scans uploaded afterwards (req. 9, 11).
            "vetting_pledges": "huanjie.vetting.importers_registers.PledgeImporter",
        },
    )

    def ready(self) -> None:
        # The home page's to-dos of the talks and pledges (issue 11 reqs. 7, 9).
        from huanjie.core.plugins import todo_providers
        from huanjie.vetting import pledge_selectors, talk_selectors

        todo_providers.register("vetting.talks", talk_selectors.talk_todos)
        todo_providers.register("vetting.pledges", pledge_selectors.pledge_todos)
