from django.db import models

from huanjie.rules import registry, tenure_causes

ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
assert len(ETHNICITIES) == 56
ETHNICITY_CHOICES = [(e, e) for e in ETHNICITIES]


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATIONARY = "cpc_probationary", "中共预备党员"
    CYL = "cyl", "共青团员"
    MASSES = "masses", "群众"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    INDEPENDENT = "independent", "无党派人士"


# Who is a Party member (and may have a 入党时间): huanjie.rules.registry.is_party_member.
assert set(registry.PARTY_MEMBER_STATUSES) <= set(PoliticalStatus.values)


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    JUNIOR_COLLEGE = "junior_college", "大专"
    SECONDARY = "secondary", "中专或高中"
    JUNIOR_OR_BELOW = "junior_or_below", "初中及以下"


# The rank (highest first, 大专及以上) is huanjie.rules.registry's; the choices carry its codes and labels.
assert Education.choices == list(registry.EDUCATIONS)


class RelationKind(models.TextChoices):
    """近亲属 (民法典 第一千零四十五条): stored once, from the elder or symmetric side."""

    SPOUSE = "spouse", "配偶"
    PARENT = "parent", "父母"
    CHILD = "child", "子女"
    SIBLING = "sibling", "兄弟姐妹"
    GRANDPARENT = "grandparent", "祖父母"
    MATERNAL_GRANDPARENT = "maternal_grandparent", "外祖父母"
    GRANDCHILD = "grandchild", "孙子女"
    MATERNAL_GRANDCHILD = "maternal_grandchild", "外孙子女"


# person_a is <kind> of person_b; the inverse is how person_b sees person_a.
INVERSE = {
    RelationKind.SPOUSE: RelationKind.SPOUSE,
    RelationKind.SIBLING: RelationKind.SIBLING,
    RelationKind.PARENT: RelationKind.CHILD,
    RelationKind.CHILD: RelationKind.PARENT,
    RelationKind.GRANDPARENT: RelationKind.GRANDCHILD,
    RelationKind.GRANDCHILD: RelationKind.GRANDPARENT,
    RelationKind.MATERNAL_GRANDPARENT: RelationKind.MATERNAL_GRANDCHILD,
    RelationKind.MATERNAL_GRANDCHILD: RelationKind.MATERNAL_GRANDPARENT,
}
# Kinds stored as such; the others are stored as their inverse with the persons swapped.
STORED_KINDS = (
    RelationKind.SPOUSE,
    RelationKind.SIBLING,
    RelationKind.PARENT,
    RelationKind.GRANDPARENT,
    RelationKind.MATERNAL_GRANDPARENT,
)


class CommitteeKind(models.TextChoices):
    PARTY_ORG = "party_org", "党组织"
    VILLAGERS = "villagers_committee", "村民委员会"
    RESIDENTS = "residents_committee", "居民委员会"
    SUPERVISION = "supervision_committee", "村（居）务监督委员会"


class PartyOrgForm(models.TextChoices):
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    PARTY_MEMBER = "party_member", "委员"
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"
    SUPERVISION_CHAIR = "supervision_chair", "监委会主任"
    SUPERVISION_MEMBER = "supervision_member", "监委会委员"


POSTS_BY_COMMITTEE = {
    CommitteeKind.PARTY_ORG: (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.PARTY_MEMBER),
    CommitteeKind.VILLAGERS: (Post.CHAIR, Post.VICE_CHAIR, Post.MEMBER),
    CommitteeKind.RESIDENTS: (Post.CHAIR, Post.VICE_CHAIR, Post.MEMBER),
    CommitteeKind.SUPERVISION: (Post.SUPERVISION_CHAIR, Post.SUPERVISION_MEMBER),
}
# Posts of which a committee has at most one sitting holder: huanjie.rules.registry.has_single_holder.
assert set(Post.values) >= registry.SINGLE_HOLDER_POSTS
POST_RANK = {p: i for i, p in enumerate(Post)}


class EndReason(models.TextChoices):
    """Why a tenure ended. The legal causes of a change set (huanjie.rules.tenure_causes, same codes
    and labels) plus the older free reasons kept for imported and earlier records."""

    TERM_END = "term_end", "任期届满"
    RESIGNED = "resigned", "辞职"
    RECALLED = "recalled", "罢免"
    REMOVED = "removed", "居民会议撤换"
    TERMINATED = "terminated", "职务自行终止"
    ELECTION_VOID = "election_void", "当选无效"
    REVIEW_UNFIT = "review_unfit", "民主评议连续两次不称职"
    DISQUALIFIED = "disqualified", "不得担任（成为村（居）民委员会成员或其近亲属）"
    PARTY_DECISION = "party_decision", "上级党组织决定"
    DISMISSED = "dismissed", "职务终止"
    DECEASED = "deceased", "去世"
    TRANSFERRED = "transferred", "调离"
    OTHER = "other", "其他"


# Every end cause of the rules is an EndReason with the same label.
assert all(
    tenure_causes.cause_label(code) == label
    for code, label in EndReason.choices
    if code not in ("dismissed", "transferred", "other")
)


class ChangeAction(models.TextChoices):
    """One line of a change set: a member leaves (离任) or joins (任职)."""

    END = "end", "离任"
    START = "start", "任职"


START_CAUSE_CHOICES = [
    (c, tenure_causes.cause_label(c)) for c in ("elected", "by_election", "selected", "party_decision")
]
LEGACY_END_REASONS = ("dismissed", "transferred", "other")
END_CAUSE_CHOICES = [(c, label) for c, label in EndReason.choices if c not in LEGACY_END_REASONS]


class Source(models.TextChoices):
    """来源 of a member (seed speech: 选人来源)."""

    INCUMBENT = "incumbent", "现任村干部"
    RESERVE = "reserve", "后备干部"
    HOUSEHOLD_HEAD = "household_head", "党员致富带头人"
    GRADUATE = "graduate", "返乡大学生"
    VETERAN = "veteran", "退役军人"
    RECRUITED = "recruited", "外出务工经商返乡人员"
    SENT_DOWN = "sent_down", "机关选派干部"
    OTHER = "other", "其他"


class ConflictStatus(models.TextChoices):
    """What the level holding both places decided about a person registered elsewhere (hardening
    issue 7): still open, moved to the uploader's unit, a second seat the law allows, or refused."""

    OPEN = "open", "待决定"
    MOVED = "moved", "迁入并任职"
    SECOND_SEAT = "second_seat", "保留原登记并任职"
    REFUSED = "refused", "不予任职"


class ConflictKind(models.TextChoices):
    """What a registration conflict asks for: a seat (a roster row) or a registration (the 登记人员
    page: the ID is registered outside the user's jurisdiction; issue 9 requirement 3)."""

    SEAT = "seat", "任职"
    REGISTRATION = "registration", "登记人员"


CAUSE_CHOICES = [*START_CAUSE_CHOICES, *[c for c in END_CAUSE_CHOICES if c[0] != "party_decision"]]
BODY_CHOICES = list(tenure_causes.BODIES.items())
