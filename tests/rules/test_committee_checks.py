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
