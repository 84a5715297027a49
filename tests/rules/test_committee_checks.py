"""Committee checks (issue 9 req. 1): sizes, the Party organization's form, supervision and near
relatives, one head per committee — each finding with its rule."""

from huanjie.rules import committee_checks as cc
from huanjie.rules.profiles import LAWS, PROFILES

V18, V25 = LAWS["village-2018"], LAWS["village-2025"]
C18, C25 = LAWS["community-2018"], LAWS["community-2025"]
NATIONAL, HENAN = PROFILES["national"], PROFILES["henan"]


def codes(findings):
    return [f.code for f in findings]


def test_size_within_bounds_is_clean():
    assert cc.committee_size(5, law=V25) == []
    assert cc.committee_size(0, law=V25) == []  # no committee recorded: nothing to say
    assert cc.committee_size(5, law=V25, profile=NATIONAL) == []


def test_four_hundred_members_is_a_size_warning_with_the_article():
    (f,) = cc.committee_size(400, law=V25)
    assert f.code == "size_over_law" and not f.blocks
    assert "3 至 7" in f.message and f.rule == "村民委员会组织法(2025) 第八条"


def test_too_few_and_community_bounds():
    assert codes(cc.committee_size(2, law=V18)) == ["size_under_law"]
    (f,) = cc.committee_size(4, law=C25, title="居民委员会")
    assert "5 人" in f.message and f.message.startswith("居民委员会")
    assert cc.committee_size(9, law=C18) == []


def test_decided_seats_are_the_measure():
    assert codes(cc.committee_size(6, law=V25, seats=5)) == ["size_over_seats"]
    assert cc.committee_size(5, law=V25, seats=5) == []
    assert codes(cc.committee_size(5, law=V25, seats=9)) == ["seats_out_of_bounds"]
    # Henan's usual 3–5 gives way to a decided 职数 of 7 (a large village).
    assert cc.committee_size(7, law=V25, profile=HENAN, seats=7) == []


def test_henan_usual_size_warns_above_five():
    (f,) = cc.committee_size(6, law=V25, profile=HENAN)
    assert f.code == "size_over_usual" and "河南省" in f.rule and "第八条" in f.rule
    assert cc.committee_size(5, law=V25, profile=HENAN) == []
    assert codes(cc.committee_size(8, law=V25, profile=HENAN)) == ["size_over_law"]


def test_party_form():
    assert codes(cc.party_form("branch", 5, 3)) == ["branch_without_committee"]
    assert cc.party_form("branch", 5, 1) == []
    assert cc.party_form("branch", 30, 5) == []
    assert codes(cc.party_form("branch", 30, 8)) == ["branch_committee_size"]
    assert codes(cc.party_form("branch", None, 9)) == ["branch_committee_size"]
    (f,) = cc.party_form("general_branch", 40, 5)
    assert f.code == "form_below_threshold" and "党总支" in f.message and "[M]" in f.rule
    assert cc.party_form("general_branch", 60, 5) == []
    assert codes(cc.party_form("committee", 80, 7)) == ["form_below_threshold"]
    assert cc.party_form("committee", 120, 7) == []
    assert cc.party_form("committee", None, 7) == []
    assert cc.party_form("", 3, 3) == []


def test_supervision_member_or_relative_of_committee_member_is_blocked():
    rel = cc.relation_map([("s2", "c1", "配偶")])
    supervision = {"c2": "李四", "s2": "王五", "s3": "赵六"}
    found = cc.supervision_conflicts(supervision, {"c1": "张三", "c2": "李四"}, rel, law=V18)
    assert codes(found) == ["supervision_member", "supervision_relative"]
    assert all(f.blocks for f in found)
    assert found[0].rule.startswith("村民委员会组织法(2018) 第三十二条")
    assert "张三" in found[1].message and "配偶" in found[1].message
    assert "第三十七条" in cc.supervision_conflicts({"c1": "张三"}, {"c1": "张三"}, {}, law=V25)[0].rule
    (f,) = cc.supervision_conflicts({"c1": "张三"}, {"c1": "张三"}, {}, law=C25, committee_title="居民委员会")
    assert "第三十六条" in f.rule and "居务监督委员会" in f.rule
    # The 2018 居委会 law has no supervision article.
    assert cc.supervision_conflicts({"c1": "张三"}, {"c1": "张三"}, {}, law=C18) == []


def test_near_relatives_on_one_committee():
    members = {"a": "张三", "b": "张四", "c": "王五"}
    rel = cc.relation_map([("a", "b", "兄弟姐妹"), ("b", "c", "祖父母")])
    # 2018 text, national profile: no rule.
    assert cc.committee_relatives(members, rel, law=V18, profile=NATIONAL) == []
    # 2025 text: all 近亲属.
    found = cc.committee_relatives(members, rel, law=V25, profile=NATIONAL)
    assert codes(found) == ["committee_relatives", "committee_relatives"]
    assert not found[0].blocks and "第八条" in found[0].rule
    # Henan before 2026: its own narrower list (no 祖父母).
    (f,) = cc.committee_relatives(members, rel, law=V18, profile=HENAN)
    assert "兄弟姐妹" in f.message and "河南省" in f.rule


def test_single_holder_message_names_incumbent_and_change():
    msg = cc.single_holder_message("东村村民委员会", "主任", "张三")
    assert "张三" in msg and "登记离任" in msg


def test_each_finding_says_how_sure_its_rule_is():
    from huanjie.rules.citations import PROVENANCE_LABELS
    from huanjie.rules.committee_checks import PARTY_BRANCH_RULE, Finding

    finding = Finding("party_branch", "warning", "……", PARTY_BRANCH_RULE)
    assert finding.provenance == PROVENANCE_LABELS["judgement"]


# -- exact size boundaries ------------------------------------------------------------------------


def test_village_size_boundaries_3_and_7():
    assert codes(cc.committee_size(2, law=V25)) == ["size_under_law"]
    assert cc.committee_size(3, law=V25) == []
    assert cc.committee_size(7, law=V25) == []
    assert codes(cc.committee_size(8, law=V25)) == ["size_over_law"]


def test_community_size_boundaries_5_and_9():
    assert codes(cc.committee_size(4, law=C25, title="居民委员会")) == ["size_under_law"]
    assert cc.committee_size(5, law=C25, title="居民委员会") == []
    assert cc.committee_size(9, law=C25, title="居民委员会") == []
    assert codes(cc.committee_size(10, law=C25, title="居民委员会")) == ["size_over_law"]


def test_party_form_boundary_six_and_seven_full_members():
    assert codes(cc.party_form("branch", 6, 3)) == ["branch_without_committee"]
    assert cc.party_form("branch", 7, 3) == []
    assert cc.party_form("branch", 7, 7) == []
    assert codes(cc.party_form("branch", 7, 8)) == ["branch_committee_size"]


# -- 一肩挑 / 交叉任职 --------------------------------------------------------------------------------

SEC = ("party_org", "secretary")
PARTY_MEMBER = ("party_org", "party_member")
CHAIR = ("villagers_committee", "chair")
MEMBER = ("villagers_committee", "member")
SUP = ("supervision_committee", "supervision_member")


def test_dual_role_consistent_claims_are_clean():
    people = {"1": ("张三", [SEC, CHAIR]), "2": ("李四", [PARTY_MEMBER, MEMBER]), "3": ("王五", [MEMBER])}
    claimed = {"1": {"dual_role"}, "2": {"cross_holding"}, "3": set()}
    assert cc.dual_roles(people, law=V25, claimed=claimed) == []
    # 一肩挑 is 交叉任职 too: stating both is the same claim.
    assert cc.dual_roles(people, law=V25, claimed={"1": {"dual_role", "cross_holding"}}) == []


def test_dual_role_claimed_without_the_tenures_is_a_block():
    people = {"1": ("张三", [SEC, MEMBER]), "2": ("李四", [CHAIR])}
    (split, claim) = sorted(
        cc.dual_roles(people, law=V25, claimed={"1": {"dual_role"}}), key=lambda f: f.code
    )
    assert split.code == "dual_role_split" and not split.blocks
    assert claim.code == "roles_claim" and claim.blocks
    assert "张三标注为“一肩挑、交叉任职”" in claim.message and "应为“交叉任职”" in claim.message
    assert claim.rule.startswith("村民委员会组织法(2025) 第八条；") and "[S]" in claim.rule


def test_cross_holding_unstated_or_claimed_without_posts():
    people = {"1": ("张三", [PARTY_MEMBER, MEMBER]), "2": ("李四", [SUP])}
    (f,) = cc.dual_roles(people, law=V18, claimed={"1": set()})
    assert f.code == "roles_claim" and "标注为“无兼任”" in f.message and "应为“交叉任职”" in f.message
    # Before 2026: Party policy only, tagged [S].
    assert f.rule == cc.dual_role_rule(V18) == cc.CITE_DUAL_ROLE_POLICY
    assert f.provenance == "二手来源（未见原文）"
    (g,) = cc.dual_roles(people, law=None, claimed={"2": {"cross_holding"}})
    assert "李四" in g.message and "应为“无兼任”" in g.message
    (h,) = cc.dual_roles({}, law=V25, claimed={"9": {"dual_role"}})
    assert h.message.startswith("9标注为")  # a claim about nobody sitting: named by its key


def test_dual_role_split_warns_and_one_person_is_clean():
    people = {"1": ("张三", [SEC]), "2": ("李四", [CHAIR])}
    (f,) = cc.dual_roles(people, law=C25, committee_title="居民委员会")
    assert f.code == "dual_role_split" and "党组织书记张三与居民委员会主任李四不是同一人" in f.message
    assert f.rule.startswith("城市居民委员会组织法(2025) 第八条")
    assert cc.dual_roles({"1": ("张三", [SEC, CHAIR])}, law=V25) == []
    assert cc.dual_roles({"1": ("张三", [SEC])}, law=V25) == []  # no 主任 sitting: nothing to compare


def test_unit_findings_runs_every_check_blocks_first():
    posts = {
        "party_org": {"1": ("张三", "secretary"), "2": ("李四", "party_member")},
        "villagers_committee": {str(i): (f"人{i}", "member") for i in range(3, 11)}
        | {"2": ("李四", "chair")},
        "supervision_committee": {"2": ("李四", "supervision_member")},
    }
    found = cc.unit_findings(posts, law=V25, profile=HENAN, party_org_form="branch", party_members=6, seats=7)
    assert codes(found) == [
        "supervision_member",
        "branch_without_committee",
        "size_over_seats",
        "size_over_law",
        "dual_role_split",
    ]
    assert found[0].blocks and not found[-1].blocks
    # Without a law in force only the Party checks and 一肩挑 run; a community uses its own title.
    assert codes(
        cc.unit_findings(posts, law=None, profile=NATIONAL, party_org_form="branch", party_members=6)
    ) == [
        "branch_without_committee",
        "dual_role_split",
    ]
    community = {"residents_committee": {"1": ("张三", "chair")}, "party_org": {"2": ("李四", "secretary")}}
    (f, g) = cc.unit_findings(community, law=C25, profile=NATIONAL)
    assert f.code == "size_under_law" and g.code == "dual_role_split" and "居民委员会主任" in g.message
    rel = cc.relation_map([("3", "4", "配偶")])
    near = {"villagers_committee": {"3": ("甲", "member"), "4": ("乙", "member"), "5": ("丙", "chair")}}
    assert codes(cc.unit_findings(near, law=V25, profile=NATIONAL, relations=rel)) == ["committee_relatives"]
