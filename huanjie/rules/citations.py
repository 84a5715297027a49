"""The registry of every citation the engine can emit, with the text it rests on (issue 8 req. 4).

Each :class:`Source` names a document and an article, the verbatim sentence(s) the engine relies on
(provincial measures: the whole article, from ``shared/reference/laws``; national laws: the sentences
quoted in ``shared/reference/legal-rules.md`` §1–§2), its **basis** — ``statute`` (national law),
``provincial`` (provincial measure), ``guidance`` (departmental guidance or policy, e.g. a 民政厅
规程), ``party`` (Party regulation), ``judgement`` (a reading the texts do not fix, [M]) — and its
**provenance** for pages: ``verified`` (text seen), ``secondary`` ([S]), ``inherited`` (a province
whose own article was not verified applies the national rule), ``judgement`` ([M]) or ``unverified``
(a profile added at run time whose article text is not in the registry).

A citation as emitted may join several parts with “；” (national article；provincial article); each
part, without its reliability tag (`` [S]``, ``[M]``), must be a key of the registry:
:func:`lookup` raises :class:`UnregisteredCitation` otherwise, and :class:`~huanjie.rules.explain.Step`
looks its citation up when it is made, so the engine cannot emit an unregistered citation. Citations
taken from a city's own documents (negative lists, age caps) are input data: they are marked
``local`` and not looked up.

The registry is built from :data:`~huanjie.rules.profiles.LAWS` and
:data:`~huanjie.rules.profiles.PROFILES` (every ``*_article`` field), the quotes below and the
judgement calls of the profiles; a profile registered at run time is picked up on the next lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Literal

from huanjie.rules.law_texts import SOURCE_FILES, TEXTS
from huanjie.rules.profiles import LAWS, PROFILES, Law, Profile

Basis = Literal["statute", "provincial", "guidance", "party", "judgement", "local"]
Provenance = Literal["verified", "secondary", "inherited", "judgement", "unverified", "local"]

LEGAL_RULES = "legal-rules.md"

PROVENANCE_LABELS: dict[str, str] = {
    "verified": "已核实（依据原文）",
    "secondary": "二手来源（未见原文）",
    "inherited": "沿用国家法律（本省条款未核实）",
    "judgement": "判断（法律未明确，按配置处理）",
    "unverified": "未核实（配置未附原文）",
    "local": "本地文件（市、县换届文件）",
}
"""Chinese labels for pages that show a verdict: one per ``provenance`` value of a step."""


@dataclass(frozen=True)
class Source:
    """One citable article (or judgement) with the text it rests on."""

    key: str
    document: str
    article: str
    basis: Basis
    provenance: Provenance
    quote: str
    """Verbatim sentence(s); empty when no verbatim text is available (then ``note`` says so)."""
    origin: str
    """Where the quote comes from (a file under shared/reference)."""
    note: str = ""
    """What the text does not say, or the judgement made."""


class UnregisteredCitation(KeyError):
    """A citation that is not in the registry."""


# --------------------------------------------------------------------------------------------
# National texts (quoted from legal-rules.md §1, §2, §5; the full national texts are not in laws/)
# --------------------------------------------------------------------------------------------

_V18 = "村民委员会组织法(2018)"
_V25 = "村民委员会组织法(2025)"
_C18 = "城市居民委员会组织法(2018)"
_C25 = "城市居民委员会组织法(2025)"
_P20 = "中国共产党基层组织选举工作条例(2020)"
_P90 = "中国共产党基层组织选举工作暂行条例(1990)"

_VALIDITY = "有登记参加选举的村民过半数投票，选举有效……候选人获得参加投票的村民过半数的选票，始得当选。"
_SUPPLEMENTARY = (
    "当选人数不足应选名额的，不足的名额另行选举。另行选举的，第一次投票未当选的人员得票多的为候选人，"
    "候选人以得票多的当选，但是所得票数不得少于已投选票总数的三分之一。"
)

NATIONAL: dict[tuple[str, str], tuple[str, str]] = {
    (_V18, "第六条"): (
        "村民委员会由主任、副主任和委员共三至七人组成。……村民委员会成员中，应当有妇女成员，"
        "多民族村民居住的村应当有人数较少的民族的成员。",
        "No 近亲属回避 among members in the 2018 text.",
    ),
    (_V18, "第十三条"): (
        "年满十八周岁的村民，不分民族、种族、性别、职业、家庭出身、宗教信仰、教育程度、财产状况、居住期限，"
        "都有选举权和被选举权；但是，依照法律被剥夺政治权利的人除外。……已在户籍所在村或者居住村登记参加"
        "选举的村民，不得再参加其他地方村民委员会的选举。",
        "",
    ),
    (_V18, "第十四条"): (
        "登记参加选举的村民名单应当在选举日的二十日前由村民选举委员会公布。……应当自名单公布之日起五日内"
        "向村民选举委员会申诉，村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果。",
        "",
    ),
    (_V18, "第十五条"): (
        f"由登记参加选举的村民直接提名候选人。……候选人的名额应当多于应选名额。……{_VALIDITY}{_SUPPLEMENTARY}"
        "……选举实行无记名投票、公开计票的方法，选举结果应当当场公布。……可以书面委托本村有选举权的近亲属"
        "代为投票。……具体选举办法由省、自治区、直辖市的人民代表大会常务委员会规定。",
        "Silent on: turnout of the 另行选举, what follows a failed 另行选举, ties (provincial texts), "
        "invalid ballots in the base (BJ Art. 28 explicit).",
    ),
    (_V18, "第十六条"): (
        "本村五分之一以上有选举权的村民或者三分之一以上的村民代表联名……须有登记参加选举的村民过半数投票，"
        "并须经投票的村民过半数通过。",
        "",
    ),
    (_V18, "第二十条"): (
        "村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。工作移交由村民选举委员会主持，"
        "由乡、民族乡、镇的人民政府监督。",
        "",
    ),
    (_V18, "第十一条"): (
        "由村民直接选举产生。任何组织或者个人不得指定、委派或者撤换村民委员会成员。村民委员会每届任期五年，"
        "届满应当及时举行换届选举。村民委员会成员可以连选连任。",
        "",
    ),
    (_V18, "第十七条"): (
        "以暴力、威胁、欺骗、贿赂、伪造选票、虚报选举票数等不正当手段当选村民委员会成员的，当选无效。",
        "Complaints go to the township/county people's congress and government; the township or county "
        "government investigates (legal-rules.md §1 summary).",
    ),
    (_V18, "第十八条"): ("……丧失行为能力或者被判处刑罚的，其职务自行终止。", ""),
    (_V18, "第十九条"): (
        "……补选程序参照本法第十五条……",
        "Vacancies may be filled by the 村民会议 or 村民代表会议; the term ends with the current committee "
        "(legal-rules.md §1 summary).",
    ),
    (_V18, "第三十二条"): (
        (
            "村应当建立村务监督委员会或者其他形式的村务监督机构……其成员由村民会议或者村民代表会议在村民中"
            "推选产生，其中应有具备财会、管理知识的人员。村民委员会成员"
            "及其近亲属不得担任村务监督机构成员。"
        ),
        "",
    ),
    (_V18, "第三十三条"): (
        "……连续两次被评议不称职的，其职务终止。",
        "Annual 民主评议 by the 村民会议 or 村民代表会议, presided by the 村务监督机构 (legal-rules.md §1).",
    ),
    (_V18, "第三十五条"): ("……其中离任经济责任审计结果应当在下一届村民委员会选举之前公布。", ""),
    (_V25, "第八条"): (
        "村民委员会由主任、副主任和委员共三至七人组成。……村民委员会成员中，应当有妇女成员。"
        "村民委员会成员实行近亲属回避。……村民委员会主任可以由村党组织负责人通过法定程序担任。"
        "村民委员会成员和村党组织领导班子成员可以交叉任职。",
        "近亲属 is not defined in the law; the engine reads it as 民法典 第一千零四十五条 [M]. The "
        "mechanics (which member stays) are not in the text.",
    ),
    (_V25, "第十六条"): (
        "年满十八周岁的村民……都有选举权和被选举权；但是，依照法律被剥夺政治权利的人除外。"
        "（三）户籍不在本村，在本村居住或者从事村务工作一年以上……",
        "",
    ),
    (_V25, "第十七条"): (
        "登记参加选举的村民名单应当在选举日的二十日前由村民选举委员会公布。……应当自名单公布之日起五日内"
        "向村民选举委员会申诉，村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果。",
        "",
    ),
    (_V25, "第十八条"): (
        "村民委员会成员候选人由村党组织或者登记参加选举的村民提名推荐。……被开除中国共产党党籍，"
        "因犯罪受过刑事处罚，利用宗族或者黑恶势力从事非法活动，组织或者参加非法宗教活动或者邪教活动的，"
        f"不得作为候选人。……候选人的名额应当多于应选名额。……{_VALIDITY}{_SUPPLEMENTARY}……"
        "可以书面委托本村有选举权的近亲属或者其他村民代为投票。每一村民接受委托不得超过三人。"
        "候选人不得接受委托投票。",
        "Silent on: turnout of the 另行选举, what follows a failed 另行选举. Requires candidates "
        "(提名推荐; 多于应选名额): elections without candidates are not mentioned [M].",
    ),
    (_V25, "第十九条"): (
        "本村五分之一以上有选举权的村民或者三分之一以上的村民代表联名……须有登记参加选举的村民过半数投票，"
        "并须经投票的村民过半数通过。",
        "",
    ),
    (_V25, "第二十四条"): (
        "村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。工作移交由村民选举委员会主持，"
        "由乡、民族乡、镇的人民政府监督。",
        "",
    ),
    (_V25, "第十四条"): (
        "由村民直接选举产生。任何组织或者个人不得指定、委派或者撤换村民委员会成员。村民委员会每届任期五年，"
        "届满应当及时举行换届选举。村民委员会成员可以连选连任。",
        "",
    ),
    (_V25, "第二十条"): (
        "村民委员会成员可以向村民委员会提出辞职申请，其职务自村民会议或者村民代表会议审议通过之日起终止。",
        "",
    ),
    (_V25, "第二十一条"): (
        "以暴力、威胁、欺骗、贿赂、伪造选票、虚报选举票数等不正当手段当选村民委员会成员的，当选无效。",
        "Same as 2018 Art. 17 (legal-rules.md §1).",
    ),
    (_V25, "第二十二条"): ("……丧失行为能力或者被判处刑罚的，其职务自行终止。", ""),
    (_V25, "第二十三条"): (
        "",
        "Same as 2018 Art. 19, referring to Art. 18 (legal-rules.md §1 summary): 补选 by the 村民会议 or "
        "村民代表会议.",
    ),
    (_V25, "第三十七条"): (
        "村民委员会成员及其近亲属不得担任村务监督机构成员。……村务监督机构的任期与村民委员会的任期相同",
        "Members chosen by the 村民会议 or 村民代表会议 as in 2018 Art. 32 (legal-rules.md §1: “same”).",
    ),
    (_V25, "第三十八条"): (
        "……连续两次被评议不称职的，其职务终止。",
        "Same as 2018 Art. 33 (legal-rules.md §1).",
    ),
    (_V25, "第四十条"): ("……其中离任经济责任审计结果应当在下一届村民委员会选举之前公布。", ""),
    (_C18, "第七条"): ("居民委员会由主任、副主任和委员共五至九人组成。", ""),
    (_C18, "第八条"): (
        "由本居住地区全体有选举权的居民或者由每户派代表选举产生；根据居民意见，也可以由每个居民小组选举代表"
        "二至三人选举产生。",
        "Says who elects and the term only. It holds NO turnout, majority, 另行选举, voter-list or handover "
        "rule: the engine applies the village law's rules by analogy [M] and says so in each step.",
    ),
    (_C18, "第十条"): (
        "",
        "The 居民会议 may 撤换 and 补选 members (legal-rules.md §2 summary; no verbatim text). The recall "
        "thresholds follow the village law by analogy [M].",
    ),
    (_C25, "第十四条"): (
        "",
        "Elected by all voters, one representative per household, or 居民代表; term 5 years "
        "(legal-rules.md §2 summary).",
    ),
    (_C25, "第八条"): (
        "……应当有妇女成员……居民委员会成员实行近亲属回避。……（居民委员会主任）可以由社区党组织负责人"
        "通过法定程序担任（legal-rules.md §2 摘要：交叉任职亦允许）。",
        "近亲属 read as 民法典 第一千零四十五条 [M].",
    ),
    (_C25, "第十六条"): (
        (
            "户籍不在本社区，在本社区工作六个月以上的社区工作者，本人申请参加选举"
            "的，由居民选举委员会确认并进行登记。"
        ),
        "",
    ),
    (_C25, "第十七条"): (
        "经登记的选民名单应当在选举日的二十日前公布。",
        "Objections within 5 days, decision within 3 days (legal-rules.md §2 summary).",
    ),
    (_C25, "第十八条"): ("由社区党组织或者十名以上选民联合提名推荐。……候选人的名额应当多于应选名额。", ""),
    (_C25, "第十九条"): (
        "有选民的过半数参加投票，选举有效……有户的代表的过半数参加投票……有超过三分之二的居民代表参加投票……"
        "候选人获得参加投票的人员过半数的选票，始得当选。……每一选民接受的委托不得超过三人。"
        "候选人不得接受委托投票。……采取居民代表选举方式的，不实行委托投票。",
        "另行选举: same rule as the village law (legal-rules.md §2).",
    ),
    (_C25, "第二十条"): (
        "十分之一以上有选举权的居民或者户的代表，或者三分之一以上的居民代表",
        "Vote in the same mode; turnout and approval as summarised in legal-rules.md §2.",
    ),
    (_C25, "第二十五条"): (
        "",
        "Handover within 10 days, presided by the 居民选举委员会 (legal-rules.md §2 summary).",
    ),
    (_C25, "第三十六条"): ("", "居务监督委员会 mandatory (legal-rules.md §2 summary)."),
    (_P20, ""): (
        "有选举权的到会人数超过应到会人数的五分之四，会议有效。……委员候选人的差额为应选人数的20%。",
        "Quoted from secondary sources [S]; article numbers not confirmed.",
    ),
    (_P20, "第五条"): ("", "Who votes (正式党员); secondary sources only [S]."),
    (_P90, ""): ("被选举人获得赞成票超过实到会有选举权的人数的一半，始得当选。", "Secondary sources [S]."),
}

ELECTION_COMMITTEE_ARTICLES: dict[str, tuple[str, bool]] = {
    "village-2018": ("第十二条", False),
    "village-2025": ("第十五条", True),
    "community-2025": ("第十五条", True),
}
"""The article on the 村（居）民选举委员会 and the withdrawal of its members, per law version, and whether
it also covers a member whose near relative is nominated (the 2025 texts: “成员或者其近亲属”). No
:class:`~huanjie.rules.profiles.Law` field names it; used by ``screening.py``. 城市居民委员会组织法(2018)
has no election committee."""

NATIONAL[(_V18, "第十二条")] = (
    "村民选举委员会由主任和委员组成，由村民会议、村民代表会议或者各村民小组会议推选产生。……"
    "村民选举委员会成员被提名为村民委员会成员候选人，应当退出村民选举委员会。",
    "Only the member who is nominated withdraws; relatives are left to the provinces (e.g. 浙江 第九条).",
)
NATIONAL[(_V25, "第十五条")] = (
    "村民选举委员会成员或者其近亲属被提名为村民委员会成员候选人的，应当退出村民选举委员会。",
    "Vacancies: 按照原推选结果依次递补，也可以另行推选 (legal-rules.md §1).",
)
NATIONAL[(_C25, "第十五条")] = (
    "",
    "居民选举委员会; withdrawal when a member or a near relative becomes a candidate (legal-rules.md §2 "
    "summary, no verbatim text).",
)

# --------------------------------------------------------------------------------------------
# Engine-wide citations that are not one article
# --------------------------------------------------------------------------------------------

CROSS_PROVINCE = "各省选举办法通例（浙江第二十七条、上海第十九条、北京第二十八条、河南第三十五条）[M]"
"""Ballot rules that recur across the provincial measures, cited when the profile names no article."""
CITE_PROVINCIAL_USAGE = (
    "各省村民委员会选举办法通例（浙江第十八条、上海第十二条、北京第二十条、河南第二十六条）[M]"
)
CITE_ORDER = "《中国共产党农村基层组织工作条例》(2019)、换届工作意见：先党组织后村（居）委会 [M]"
CITE_PARTY_APPROVAL = "中国共产党章程：书记、副书记报上级党组织批准 [S]"
CITE_PARTY_VETTING = (
    "中国共产党基层组织选举工作条例(2020)：候选人预备人选报上级党组织审查（具体条文未核实）[M]"
)
CITE_DUAL_ROLE_POLICY = "中国共产党农村基层组织工作条例(2019)：村党组织书记通过法定程序担任村民委员会主任 [S]"
"""一肩挑 as Party policy (legal-rules.md §5.2, §6: confirmed at headline level only)."""
CITE_VETTING = "县级联审机制（关于加强和改进乡村治理的指导意见(2019)）[S]"
ONE_SEAT_CITE = "一人一职：同一人不得同时当选两项职务（法律未明文规定，按本省配置处理）[M]"
COMMUNITY_2018_ANALOGY = "参照村民委员会组织法(2018) 第十五条 [M]"
CIVIL_CODE_KIN = "民法典 第一千零四十五条"
CIVIL_CODE_THRESHOLDS = "民法典 第一千二百五十九条"

JUDGEMENT_SUPP_TURNOUT = "判断：法律未规定另行选举的参选人数要求，本配置不另设要求 [M]"
JUDGEMENT_MAJORITY_SEVERAL = "判断：河南第三十八条未规定多名额时部分人过半数如何处理，本配置按配置项处理 [M]"
JUDGEMENT_AFTER_FAILED = "判断：办法未规定另行选举后仍不足名额如何处理，按本省配置处理 [M]"
JUDGEMENT_UNVERIFIED = "判断：本省相应条款未核实，需由选举委员会报乡镇决定 [M]"
JUDGEMENT_NO_CANDIDATES_2025 = (
    "判断：村民委员会组织法(2025) 第十八条要求提名推荐候选人，不确定候选人的选举方式是否仍可适用有待确认 [M]"
)
JUDGEMENT_CONFLICT = "判断：省级办法与村民委员会组织法(2025)冲突的，自2026年1月1日起适用国家法律 [M]"
JUDGEMENT_EXEMPT = "判断：免予刑事处罚（定罪免刑）不是刑事处罚，不构成“因犯罪受过刑事处罚” [M]"
CITE_PARTY_ELECTED = (
    "中国共产党基层组织选举工作条例(2020)：委员由党员大会选举，书记、副书记由委员会选举并报上级党组织批准 [S]"
)
CITE_PARTY_DECISION = "中国共产党章程：上级党组织认为有必要时，可以调动或者指派下级党组织的负责人 [M]"
CITE_DEATH = "事实：成员去世的，其职务当然终止（法律未另作规定）[M]"
JUDGEMENT_SUPERVISION_CHANGE = (
    "判断：法律未规定村（居）务监督委员会成员的辞职、罢免和补选，由推选它的村（居）民会议或者代表会议决定 [M]"
)
JUDGEMENT_RESIDENTS_CHANGE = (
    "判断：城市居民委员会组织法此项条文未核实，参照村民委员会组织法，由居民会议决定 [M]"
)
JUDGEMENT_COURT_EVIDENCE = "判断：职务自行终止以人民法院的判决或者认定为凭，须登记文书编号 [M]"
JUDGEMENT_LAW_ON_DAY = "判断：各步骤适用该步骤当日施行的法律文本（新法自2026年1月1日起施行，不溯及既往）[M]"
JUDGEMENT_PLAN_SEATS = "判断：人事安排方案的席位以村（居）民会议决定和镇党委批复的职数为限 [M]"
# Candidate screening (issue 11 req. 3, ``screening.py``)
CITE_PARTY_PROBATIONARY = "中国共产党章程 第七条：预备党员没有表决权、选举权和被选举权 [M]"
CITE_PARTY_PROBATION_SANCTION = (
    "中国共产党章程 第四十条：受留党察看处分的党员在察看期间没有表决权、选举权和被选举权 [M]"
)
JUDGEMENT_PARTY_MEMBER = "判断：村（社区）党组织委员会委员候选人须为本组织的正式党员 [M]"
JUDGEMENT_PARTY_PENDING = "判断：正在接受纪律审查、处分尚未作出的，作为待核实事项提示，不单独阻止 [M]"
JUDGEMENT_UNSUBSTANTIATED = "判断：未经查实的核查结论只作提示（待核实），不作为不予确定或者取消资格的依据 [M]"
JUDGEMENT_TOLERANCE = (
    "判断：容错纠错只适用于现任干部，须有县级党委的认定文号，不免除法定禁止情形和“不能”类负面清单情形 [M]"
)
JUDGEMENT_AGE_RELAXATION = "判断：放宽年龄要求须有县级书面批准（文号、日期），只免除年龄要求 [M]"
JUDGEMENT_COMMITTEE_DECIDES = (
    "判断：村（居）民委员会成员候选人的资格由选举委员会依法决定并记录依据，联审意见只是建议，不得径行撤换 [M]"
)
JUDGEMENT_COMMITTEE_WARNS = (
    "判断：负面清单、年龄、学历、考察意见和承诺书属于政策要求，"
    "对村（居）民委员会候选人只作提示并谈话，不取消资格 [M]"
)
JUDGEMENT_CANDIDATE_REGISTERED = (
    "判断：村（居）民委员会及其监督机构成员候选人应为本村（社区）登记参加选举的选民 [M]"
)
JUDGEMENT_PARTY_RELATIVES = (
    "判断：同一党组织委员会人选之间有近亲属关系的，参照村（居）民委员会近亲属回避作提示 [M]"
)
JUDGEMENT_AVOIDANCE_DECIDES = (
    "判断：近亲属回避的具体办法法律未作规定，候选人均为近亲属的，由选举委员会决定并告知（不取消提名）[M]"
)
JUDGEMENT_WITHDRAWAL_2018 = (
    "判断：2018年文本只要求被提名的选举委员会成员本人退出，近亲属被提名的是否退出按本省办法（如浙江第九条），"
    "提请选举委员会处理 [M]"
)
JUDGEMENT_WITHDRAWAL_NO_TEXT = (
    "判断：城市居民委员会组织法(2018)未规定居民选举委员会，成员退出参照村民委员会组织法 [M]"
)

# Nomination of 村（居）民委员会 candidates (``nomination.py``; issue 11 req. 2)
JUDGEMENT_NOMINATION_CAP = (
    "判断：一张提名票某职务所提人数超过限额的，该职务的提名无效（参照选票“多于应选人数的无效”）[M]"
)
JUDGEMENT_NOMINATION_PROXY = "判断：提名由选民本人进行，委托他人提名的无效 [M]"
JUDGEMENT_NOMINATION_ONCE = "判断：每一选民只填写一张提名票，重复提交的不计 [M]"
JUDGEMENT_NOMINATION_TWO_POSTS = "判断：办法未禁止一张提名票提名同一人为两项职务，分别计入各职务 [M]"
JUDGEMENT_NOMINATION_TIE = "判断：提名得票在正式候选人名额截止处相等的，处理方式按本省配置 [M]"
JUDGEMENT_PRIMARY = "判断：办法未规定预选，预选得票按提名得票同样规则确定正式候选人 [M]"
JUDGEMENT_TWO_POSTS_CONFIRM = "判断：同一人被提名为两项以上职务的候选人，应当确认作为其中一项职务的候选人 [M]"
JUDGEMENT_CANDIDATE_ORDER = "判断：办法未规定候选人名单的排列顺序，按本省配置排列 [M]"
JUDGEMENT_STROKES = "判断：姓氏笔画排序先比首字笔画数，再依次比后续各字，笔画数取自Unihan总笔画数 [M]"
JUDGEMENT_WITHDRAWAL = "判断：办法未规定候选人退出的期限和递补，仍多于应选名额的不递补 [M]"
JUDGEMENT_COMMUNITY_2018_NOMINATION = (
    "判断：城市居民委员会组织法(2018)未规定候选人的提名，参照村民委员会组织法(2018)由选民提名 [M]"
)
JUDGEMENT_SELF_NOMINATION = "判断：办法未规定自荐报名的期限、职位数和方式 [M]"

# The 村民选举委员会 and the polling plan (``election_committee.py``, ``polling.py``; issue 12 reqs. 3, 5, 6)
JUDGEMENT_EC_CHAIR = (
    "判断：法律未规定村民选举委员会主任的产生方式，由推选成员的会议或者成员推选产生，不得指定 [M]"
)
JUDGEMENT_EC_CHAIR_VACANT = (
    "判断：村民选举委员会主任退出的，出缺的成员名额依法递补或者另行推选，主任由成员重新推选 [M]"
)
JUDGEMENT_EC_SIZE = "民政部村民委员会选举规程(2013)：村民选举委员会人数不少于三人，以奇数为宜 [S]"
JUDGEMENT_MOBILE_BOX = (
    "判断：本省办法流动票箱的监票人人数未核实，按浙江、北京、河南办法的通例每个流动票箱不少于三名监票人 [M]"
)
JUDGEMENT_STAFF_RELATIVES = (
    "判断：本省办法选举工作人员的回避范围未核实，候选人本人及其近亲属担任唱票、计票、监票人员的予以提示 [M]"
)
JUDGEMENT_PROXY_ON_LIMIT = (
    "判断：“选举日的N日前”按选举日减N日计算，恰为当日的，部分地方理解为须再提前一日，予以提示 [M]"
)

# The city's deployment speech (shared/reference/seed-speech.txt): local documents whose figures are
# the campaign's parameters (issue 10 req. 1).
SPEECH = "seed-speech.txt"
CITE_SPEECH_AGE = "市委换届工作动员部署会议讲话：三升一降·年龄明显下降"
CITE_SPEECH_EDUCATION = "市委换届工作动员部署会议讲话：三升一降·提升学历水平"
CITE_SPEECH_FIELD = "市委换届工作动员部署会议讲话：三升一降·提升专业素质"
CITE_SPEECH_FUNCTION = "市委换届工作动员部署会议讲话：三升一降·提升整体功能"
CITE_SPEECH_ONE_SHOULDER = "市委换届工作动员部署会议讲话：全面推行“一肩挑”"
CITE_SPEECH_RESERVE = "市委换届工作动员部署会议讲话：“四低一缺”·后备力量缺乏"
CITE_SPEECH_NEGATIVE = "市委换届工作动员部署会议讲话：“十不选”负面清单"
CITE_SPEECH_RESPONSIBILITY = "市委换届工作动员部署会议讲话：压紧压实工作责任"
CITE_SPEECH_VETTING = "市委换届工作动员部署会议讲话：县级联审机制"
CITE_SPEECH_RELAXATION = "市委换届工作动员部署会议讲话：特别优秀的可以放宽年龄要求"
CITE_SPEECH_TOLERANCE = "市委换届工作动员部署会议讲话：容错纠错由县级党委研判决定"
CITE_SPEECH_INSPECTION = "市委换届工作动员部署会议讲话：逐村逐人考察"
CITE_SPEECH_PLEDGE = "市委换届工作动员部署会议讲话：候选人签订换届纪律承诺书"

_SPEECH_QUOTES: tuple[tuple[str, str], ...] = (
    (
        CITE_SPEECH_AGE,
        "着眼长远发展和队伍活力,稳步有序推动大龄干部退出,男满 60 岁、女满 55 岁一般不继续提名书记;“两委”"
        "其他干部的年龄要求由各地根据实际确定,力争换届后平均年龄下降 3—5 岁。",
    ),
    (
        CITE_SPEECH_EDUCATION,
        "目前,我市村(社区)“两委”干部文化程度总体偏低,大专及以上学历人数不足 50%。要进一步改善干部文化水平,"
        "对新提名人选,一般要具备大专以上文化程度,同时要加强对留任干部的学历培养,多措并举提高队伍学历层次。",
    ),
    (
        CITE_SPEECH_FIELD,
        "要真正让懂农村的人管农村、懂社区的人管社区,把懂乡音、知社情、接地气的干部选出来,让干部队伍“专业更对口”。",
    ),
    (
        CITE_SPEECH_FUNCTION,
        "从村(社区)实际出发、从岗位适应性出发,注重班子内部的性格匹配、能力互补、气质相融,重视女干部的选拔培养,"
        "切实增强班子整体功能。",
    ),
    (
        CITE_SPEECH_ONE_SHOULDER,
        "要全面推行“一肩挑”。要坚持实事求是的原则,采取有力有效的措施,大力推进村书记、主任“一肩挑”,能挑必挑、"
        "应挑尽挑。同时,积极推进社区书记、主任“一肩挑”。",
    ),
    (
        CITE_SPEECH_RESERVE,
        "但目前村(社区)干部队伍仍然存在“四低一缺”问题,即文化程度偏低、年轻人比例偏低、收入待遇偏低、能力本领偏低,"
        "后备力量缺乏。",
    ),
    (
        CITE_SPEECH_NEGATIVE,
        "要坚持德才兼备、以德为先、任人唯贤,对照“十不选”负面清单,树立鲜明的选人用人导向。",
    ),
    (
        CITE_SPEECH_RESPONSIBILITY,
        "各领导小组成员单位要落实主体责任,尽快成立工作专班,对照指导意见制定工作责任清单,抓好责任落实;各县(市)区委"
        "书记要强化第一责任人责任,挂帅出征、亲力亲为;各镇(街道)党(工)委书记要当好直接责任人,具体抓、抓具体。",
    ),
    (
        CITE_SPEECH_VETTING,
        "要严肃认真审查,县镇党委要组织好对“两委”成员的经济责任审计,落实好对换届人选的县级联审机制,做到全面审查、"
        "层层扫描,坚决防止“带病上岗”。",
    ),
    (CITE_SPEECH_RELAXATION, "特别是对“百名示范”“千名领先”等特别优秀的可以放宽年龄要求。"),
    (
        CITE_SPEECH_TOLERANCE,
        "需要强调的是,对现任“两委”干部,要注重用好“三项机制”,适用容错纠错情形的,由县级党委按照“三个区分开来”"
        "的要求研判决定。",
    ),
    (
        CITE_SPEECH_INSPECTION,
        "要逐村逐人考察,充分发挥考察的鉴别、把关作用,克服时间紧、人手少的困难,县镇配合全面考察换届人选的德能勤绩廉"
        "情况,不错失任何一个优秀的人,不吸收任何一个不合格的人。",
    ),
    (
        CITE_SPEECH_PLEDGE,
        "要注重全面覆盖,强化责任落实,做到镇(街道)、村(社区)党组织书记 100%签订换届纪律责任书,"
        "候选人 100%签订换届纪律承诺书,换届工作人员 100%签订换届纪律保证书,"
        "让党员群众和参选竞选人员明底线、知红线。",
    ),
)


_OTHER: tuple[tuple[str, Basis, Provenance, str, str], ...] = (
    (
        CROSS_PROVINCE,
        "judgement",
        "judgement",
        "每张选票所选人数，等于或者少于应选人数的有效，多于应选人数的无效。（浙江第二十七条；北京第二十八条、"
        "上海第十九条、河南第三十五条同旨）",
        "The national law has no ballot-validity rule; the provinces' common rule is applied where the "
        "profile has none [M].",
    ),
    (
        CITE_PROVINCIAL_USAGE,
        "judgement",
        "judgement",
        (
            "正式候选人名单应当在选举日的五日以前……张榜公布。（上海第十二条；浙"
            "江第十八条、北京第二十条、河南第二十六条同旨）"
        ),
        "Used where the profile has no candidate-list article [M].",
    ),
    (
        CITE_ORDER,
        "guidance",
        "judgement",
        "",
        "Party election before the committee election: policy, not text [M].",
    ),
    (CITE_PARTY_APPROVAL, "party", "secondary", "", "Secondary source [S]."),
    (CITE_PARTY_VETTING, "party", "judgement", "", "Not confirmed [M]."),
    (
        CITE_DUAL_ROLE_POLICY,
        "party",
        "secondary",
        "",
        "Headline-level only [S]: the regulation 要求村党组织书记通过法定程序担任村民委员会主任; the "
        "article (believed Art. 19, also 交叉任职) is [M]. Before 2026 一肩挑 rests on this policy alone.",
    ),
    (CITE_VETTING, "guidance", "secondary", "", "Policy (县级联审), secondary sources [S]."),
    (
        ONE_SEAT_CITE,
        "judgement",
        "judgement",
        "村民委员会由主任、副主任和委员共三至七人组成。（村民委员会组织法(2018) 第六条 / (2025) 第八条）",
        "No text says which seat a person qualifying for two posts keeps; the profile's two_posts_seat "
        "decides (default: keep the higher post, the next qualifier takes the lower seat) [M].",
    ),
    (
        COMMUNITY_2018_ANALOGY,
        "judgement",
        "judgement",
        _VALIDITY,
        "城市居民委员会组织法(2018) has no turnout, majority or 另行选举 rule; the village law's are "
        "applied by analogy [M].",
    ),
    (
        CIVIL_CODE_KIN,
        "statute",
        "verified",
        "配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女为近亲属。",
        "The closed list of typed relationships in the input.",
    ),
    (
        CIVIL_CODE_THRESHOLDS,
        "statute",
        "verified",
        "民法所称的“以上”、“以下”、“以内”、“届满”，包括本数；所称的“不满”、“超过”、“以外”，不包括本数。",
        "Drafting convention used for every threshold (过半数 strictly, 以上/不少于 inclusively).",
    ),
    (
        JUDGEMENT_SUPP_TURNOUT,
        "judgement",
        "judgement",
        "",
        "Parameter supplementary_turnout_required (default false; Henan Art. 38 requires more than half).",
    ),
    (
        JUDGEMENT_MAJORITY_SEVERAL,
        "judgement",
        "judgement",
        "",
        "Parameter majority_first_several: third_for_rest (default) fills the seats left by plurality "
        "with one third; majority_only elects only those with a majority when anyone has one.",
    ),
    (
        JUDGEMENT_AFTER_FAILED,
        "judgement",
        "judgement",
        "",
        "Parameter vacancy_shortfall_next (per province; see the profile's judgements).",
    ),
    (
        JUDGEMENT_UNVERIFIED,
        "judgement",
        "judgement",
        "",
        "The profile row is unverified (e.g. jiangsu): next = decision_needed.",
    ),
    (
        JUDGEMENT_NO_CANDIDATES_2025,
        "judgement",
        "judgement",
        "村民委员会成员候选人由村党组织或者登记参加选举的村民提名推荐。……候选人的名额应当多于应选名额。",
        "Elections without candidates (自荐直选 / 不确定候选人) are provincial; under the 2025 text their "
        "status is unsettled [M].",
    ),
    (
        JUDGEMENT_CONFLICT,
        "judgement",
        "judgement",
        "可以书面委托本村有选举权的近亲属或者其他村民代为投票。（村民委员会组织法(2025) 第十八条）",
        "Where a provincial measure is narrower than a right the 2025 text grants, the national text "
        "prevails from 2026-01-01 (the profile's conflict table) [M].",
    ),
    (
        JUDGEMENT_EXEMPT,
        "judgement",
        "judgement",
        "被开除中国共产党党籍，因犯罪受过刑事处罚……的，不得作为候选人。（村民委员会组织法(2025) 第十八条）",
        "A person exempted from criminal punishment was convicted but not punished: the bar reads "
        "受过刑事处罚, so it does not apply [M].",
    ),
    (
        CITE_PARTY_ELECTED,
        "party",
        "secondary",
        "",
        "Who elects whom in a Party organization: legal-rules.md §5.1 [S] (党章; 2020 条例 article numbers "
        "not confirmed).",
    ),
    (
        CITE_PARTY_DECISION,
        "party",
        "judgement",
        "",
        "The higher Party organization appoints or removes the leaders of a lower one by a decision with "
        "a document number (党章, article to confirm) [M].",
    ),
    (CITE_DEATH, "judgement", "judgement", "", "No text is needed: a post ends with its holder's death [M]."),
    (
        CITE_PARTY_PROBATIONARY,
        "party",
        "judgement",
        "预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。",
        "From general knowledge of the 党章; the text is not in shared/reference: confirm the article [M].",
    ),
    (
        CITE_PARTY_PROBATION_SANCTION,
        "party",
        "judgement",
        "受留党察看处分的党员，在察看期间没有表决权、选举权和被选举权。",
        "From general knowledge of the 党章; the text is not in shared/reference: confirm the article [M].",
    ),
    (
        JUDGEMENT_PARTY_MEMBER,
        "judgement",
        "judgement",
        "",
        "A Party committee is elected by and from the organization's full members (legal-rules.md §5.1 [S]).",
    ),
    (
        JUDGEMENT_PARTY_PENDING,
        "judgement",
        "judgement",
        "",
        "An open disciplinary case is not yet a sanction; the city's negative list may list it (e.g. "
        "正被纪委监委立案审查, 不宜 tier, legal-rules.md §6).",
    ),
    (
        JUDGEMENT_UNSUBSTANTIATED,
        "judgement",
        "judgement",
        "",
        "Only a substantiated (查实) finding applies a negative-list item or a statutory bar; others are "
        "shown as 待核实.",
    ),
    (
        JUDGEMENT_TOLERANCE,
        "judgement",
        "judgement",
        "",
        "The speech (容错纠错 for 现任“两委”干部, decided by the county Party committee) and DOMAIN.md "
        "(never a statutory bar); the 不能 tier is excluded as the list's own “must not” [M].",
    ),
    (
        JUDGEMENT_AGE_RELAXATION,
        "judgement",
        "judgement",
        "",
        "The speech allows relaxing the age requirement for outstanding secretaries; the approval is "
        "recorded with its document number and date and clears the age guidance only [M].",
    ),
    (
        JUDGEMENT_COMMITTEE_DECIDES,
        "judgement",
        "judgement",
        "由村民直接选举产生。任何组织或者个人不得指定、委派或者撤换村民委员会成员。"
        "（村民委员会组织法(2025) 第十四条）",
        "The county's joint review is an opinion; the 选举委员会 decides each candidate's qualification "
        "under the law and the provincial measure and records its basis (issue 11).",
    ),
    (
        JUDGEMENT_COMMITTEE_WARNS,
        "judgement",
        "judgement",
        "",
        "Policy requirements (negative list, age, education, 考察, 承诺书) are not statutory conditions of a "
        "村（居）民委员会 candidacy: warnings and a talk, never a removal.",
    ),
    (
        JUDGEMENT_CANDIDATE_REGISTERED,
        "judgement",
        "judgement",
        "",
        "被选举权 is exercised in the village where one is registered to vote "
        "(村民委员会组织法(2018) 第十三条 / (2025) 第十六条); the supervision body is chosen “在村民中” [M].",
    ),
    (
        JUDGEMENT_PARTY_RELATIVES,
        "judgement",
        "judgement",
        "",
        "No text on near relatives within a village Party committee was seen; shown as a warning [M].",
    ),
    (
        JUDGEMENT_AVOIDANCE_DECIDES,
        "judgement",
        "judgement",
        "村民委员会成员实行近亲属回避。（村民委员会组织法(2025) 第八条）",
        "The law gives the principle only; who stays is decided after the count (counting.relatives), so "
        "the 选举委员会 is told before the election and no nomination is struck [M].",
    ),
    (
        JUDGEMENT_WITHDRAWAL_2018,
        "judgement",
        "judgement",
        "村民选举委员会成员被提名为村民委员会成员候选人，应当退出村民选举委员会。"
        "（村民委员会组织法(2018) 第十二条）",
        "Relatives' withdrawal before 2026 is provincial (浙江省村民委员会选举办法 第九条); "
        "flagged to the 选举委员会.",
    ),
    (
        JUDGEMENT_WITHDRAWAL_NO_TEXT,
        "judgement",
        "judgement",
        "",
        "The 2018 residents' law has no election committee; provincial practice applies [M].",
    ),
    (
        JUDGEMENT_SUPERVISION_CHANGE,
        "judgement",
        "judgement",
        "其成员由村民会议或者村民代表会议在村民中推选产生（村民委员会组织法(2018) 第三十二条）",
        "The national texts say only who chooses the members; resignation, recall and 补选 are left to "
        "the body that chose them (cf. 浙江省实施《村民委员会组织法》办法 第三十一条) [M].",
    ),
    (
        JUDGEMENT_RESIDENTS_CHANGE,
        "judgement",
        "judgement",
        "",
        "城市居民委员会组织法(2025)'s articles on 撤换, resignation, termination and 当选无效 are not quoted "
        "in legal-rules.md; the village law's rules are applied by analogy [M].",
    ),
    (
        JUDGEMENT_COURT_EVIDENCE,
        "judgement",
        "judgement",
        "丧失行为能力或者被判处刑罚的，其职务自行终止。（村民委员会组织法(2025) 第二十二条）",
        "The law ends the post by itself; the system asks for the court document as evidence [M].",
    ),
    (
        JUDGEMENT_LAW_ON_DAY,
        "judgement",
        "judgement",
        "",
        "Each step is judged by the text in force on its own day; the 2025 amendments take effect on "
        "2026-01-01 (主席令第五十九号 [S]).",
    ),
    (
        JUDGEMENT_NOMINATION_CAP,
        "judgement",
        "judgement",
        "每一选民所提名的候选人人数，不得超过应选村民委员会主任、副主任和委员的职数。（浙江第十七条；"
        "北京第十六条、河南第二十四条同旨）",
        "The measures cap the names but do not say what an over-full paper does; as for ballots (more "
        "names than seats → invalid), the paper's section for that post is not counted [M].",
    ),
    (
        JUDGEMENT_NOMINATION_PROXY,
        "judgement",
        "judgement",
        "村民委员会成员候选人由村党组织或者登记参加选举的村民提名推荐。（村民委员会组织法(2025) 第十八条）",
        "Only Zhejiang (Art. 17) forbids proxy nomination in words, and the 2018 text says 直接提名; "
        "under the 2025 text and elsewhere a nomination is read as the voter's own act [M].",
    ),
    (
        JUDGEMENT_NOMINATION_ONCE,
        "judgement",
        "judgement",
        "",
        "Each voter has one nomination paper; a second paper of the same voter is not counted [M].",
    ),
    (
        JUDGEMENT_NOMINATION_TWO_POSTS,
        "judgement",
        "judgement",
        "",
        "Where the measure is silent (national, Shanghai, Beijing, Jiangsu), a paper naming one person "
        "for two posts counts for each post (parameter nomination_two_posts_invalid) [M].",
    ),
    (
        JUDGEMENT_NOMINATION_TIE,
        "judgement",
        "judgement",
        "被提名的候选人得票相等并超过规定的候选人名额时，应当对票数相等的候选人再次投票。（河南第二十五条）",
        "Only Henan states the rule; elsewhere the profile's nomination_tie decides: revote (default) or "
        "primary (Zhejiang, whose Art. 18 (二) provides 预选) [M].",
    ),
    (
        JUDGEMENT_PRIMARY,
        "judgement",
        "judgement",
        "由选民提名初步候选人的，经过半数选民参加投票预选，按得票多少确定正式候选人。（浙江第十八条）",
        "Only Zhejiang names the 预选; elsewhere it is counted like the nomination vote [M].",
    ),
    (
        JUDGEMENT_TWO_POSTS_CONFIRM,
        "judgement",
        "judgement",
        "同一选民被同时提名为两项以上职务的候选人的，本人应当以书面形式确认作为其中一项职务的候选人。（浙江第十八条）",
        "Outside Zhejiang no text requires the choice; the engine warns and keeps the person on both "
        "lists [M].",
    ),
    (
        JUDGEMENT_CANDIDATE_ORDER,
        "judgement",
        "judgement",
        "正式候选人名单应当在选举日的五日前按得票多少为序张榜公布。（浙江第十八条；上海第十二条、北京第二十条同旨）",
        "Where the measure names no order (national, Henan, Jiangsu), the profile's candidate_order "
        "applies (default: votes) [M].",
    ),
    (
        JUDGEMENT_STROKES,
        "judgement",
        "judgement",
        "自荐人名单应当在选举日的五日前按姓名笔画为序张榜公布。（浙江第二十条）",
        "姓氏笔画 order as encoded: character by character, the stroke count and then the character "
        "(one surname stays together; within it the next characters' strokes decide); counts from Unihan "
        "kTotalStrokes (stroke_data.py). The first-stroke shape rule (横竖撇点折) for different "
        "characters with equal counts is not encoded: the code point decides [M].",
    ),
    (
        JUDGEMENT_WITHDRAWAL,
        "judgement",
        "judgement",
        "",
        "Only Zhejiang (Art. 19: three days before, fill to the number) and Henan (Arts. 26–27: three days "
        "after the list, fill only when no longer 差额) state the rule; elsewhere there is no deadline and "
        "the list stands while it is still 差额 [M].",
    ),
    (
        JUDGEMENT_COMMUNITY_2018_NOMINATION,
        "judgement",
        "judgement",
        "",
        "城市居民委员会组织法(2018) Art. 8 says who elects, not who nominates; the voters nominate as under "
        "the village law (2018 Art. 15). Provincial residents' measures (e.g. 北京 第十三条, "
        "河南 第九条: ten voters jointly) are not encoded [M].",
    ),
    (
        JUDGEMENT_SELF_NOMINATION,
        "judgement",
        "judgement",
        "",
        "Only Zhejiang (Art. 20) sets a deadline (ten days before), one post and no proxy for 自荐; "
        "elsewhere none is checked [M].",
    ),
    (
        JUDGEMENT_EC_CHAIR,
        "judgement",
        "judgement",
        "村民选举委员会由主任和委员组成，由村民会议、村民代表会议或者各村民小组会议推选产生。"
        "（村民委员会组织法(2018) 第十二条）",
        "Only Henan (Art. 11) says the chair is chosen by the members; elsewhere the record names who "
        "chose the chair [M].",
    ),
    (
        JUDGEMENT_EC_CHAIR_VACANT,
        "judgement",
        "judgement",
        "村民选举委员会成员退出村民选举委员会或者因其他原因出缺的，按照原推选结果依次递补，也可以另行推选。"
        "（浙江省村民委员会选举办法 第九条）",
        "The texts fill the member's seat; none says who becomes chair when the chair withdraws [M].",
    ),
    (
        JUDGEMENT_EC_SIZE,
        "guidance",
        "secondary",
        "…人数…不少于三人，以奇数为宜。村民之间有近亲属关系的，不宜同时担任村民选举委员会成员。",
        "民发〔2013〕76号, first chapter only (legal-rules.md §4); guidance, not binding: a warning.",
    ),
    (
        JUDGEMENT_MOBILE_BOX,
        "judgement",
        "judgement",
        "每个流动票箱应当有三名以上监票人负责。（浙江省村民委员会选举办法 第二十四条；北京第二十三条、"
        "河南第三十一条同旨）",
        "Applied as a warning where the province's text was not verified [M].",
    ),
    (
        JUDGEMENT_STAFF_RELATIVES,
        "judgement",
        "judgement",
        "",
        "Zhejiang (Art. 22), Shanghai (Art. 14), Beijing (Art. 21) and Henan (Art. 32) bar candidates' "
        "relatives from the staff, each with its own list; unverified provinces are warned on every "
        "近亲属 [M].",
    ),
    (
        JUDGEMENT_PROXY_ON_LIMIT,
        "judgement",
        "judgement",
        "",
        "legal-rules.md §8: publish_date <= E − N; exactly E − N is accepted with a warning [M].",
    ),
    (
        JUDGEMENT_PLAN_SEATS,
        "judgement",
        "judgement",
        "",
        "The 村（居）民委员会's number is decided by the 村（居）民会议 or its 代表会议 within the law's "
        "bounds and the Party organization's by the 镇党委's 批复 (planning.CommitteeSeats/PartySeats); "
        "a personnel plan holding more seats than decided could not be elected as planned [M].",
    ),
)


_TAG = re.compile(r"\s*\[[VSM]\]$")


def atomic(part: str) -> str:
    """A citation part without its reliability tag."""
    return _TAG.sub("", part.strip())


def parts(citation: str) -> list[str]:
    """The parts of a joined citation (“；”)."""
    return [p for p in citation.split("；") if p.strip()]


def _law_articles(law: Law) -> set[str]:
    found = {getattr(law, f.name) for f in fields(law) if f.name.endswith("_article")}
    found |= {getattr(law.schedule, f.name) for f in fields(law.schedule) if f.name.endswith("_article")}
    if law.eligibility is not None:
        e = law.eligibility
        found |= {e.rights_article, e.registration_article, e.candidate_article}
    if law.code in ELECTION_COMMITTEE_ARTICLES:
        found.add(ELECTION_COMMITTEE_ARTICLES[law.code][0])
    return found


def _law_sources(law: Law) -> list[Source]:
    out = []
    basis: Basis = "party" if law.kind == "party" else "statute"
    for article in sorted(_law_articles(law) | ({""} if law.kind == "party" else set())):
        key = f"{law.title} {article}" if article else law.title
        quote, note = NATIONAL.get((law.title, article), ("", ""))
        note = note or ("" if quote else "No verbatim text in legal-rules.md (summary only).")
        provenance: Provenance = {"V": "verified", "S": "secondary"}.get(law.reliability, "judgement")  # type: ignore[assignment]
        if law.reliability == "V" and not quote:
            provenance = "secondary"
        out.append(Source(key, law.title, article, basis, provenance, quote, LEGAL_RULES, note))
    return out


def _profile_articles(profile: Profile) -> set[tuple[str, str]]:
    found = {
        (profile.measure, getattr(profile, f.name))
        for f in fields(profile)
        if f.name.endswith("_article") and getattr(profile, f.name)
    }
    found |= {(profile.measure, article) for article in profile.article_quotes}
    sources = [atomic(cat.source).rpartition(" ") for cat in profile.categories if cat.source]
    return found | {(doc, article) for doc, _, article in sources}


def _provincial(doc: str, article: str, profile: Profile | None) -> Source:
    text = TEXTS.get((doc, article), "")
    if text:
        return Source(f"{doc} {article}", doc, article, "provincial", "verified", text, SOURCE_FILES[doc])
    quote = profile.article_quotes.get(article, "") if profile is not None else ""
    origin = profile.origin if profile is not None else ""
    if quote:
        return Source(f"{doc} {article}", doc, article, "provincial", "verified", quote, origin)
    note = "Article text not in the reference folder (profile added without its text)."
    return Source(f"{doc} {article}", doc, article, "provincial", "unverified", "", origin, note)


def _build() -> dict[str, Source]:
    registry: dict[str, Source] = {}
    for law in LAWS.values():
        for source in _law_sources(law):
            registry[source.key] = source
    for doc, article in TEXTS:
        registry[f"{doc} {article}"] = _provincial(doc, article, None)
    for profile in PROFILES.values():
        if not profile.measure:
            continue
        for doc, article in _profile_articles(profile):
            key = f"{doc} {article}"
            if key not in registry:
                registry[key] = _provincial(doc, article, profile if doc == profile.measure else None)
        for doc, article, quote, note in profile.extra_sources:
            registry[f"{doc} {article}"] = Source(
                f"{doc} {article}", doc, article, "guidance", "verified", quote, profile.origin, note
            )
        if profile.inherits_note:
            registry[atomic(profile.inherits_note)] = Source(
                atomic(profile.inherits_note),
                profile.measure,
                "",
                "statute",
                "inherited",
                "",
                profile.origin,
                (
                    "The province's own article was not ver"
                    "ified: the national rule of the text i"
                    "n force applies."
                ),
            )
    for key, basis, provenance, quote, note in _OTHER:
        registry[atomic(key)] = Source(atomic(key), key, "", basis, provenance, quote, LEGAL_RULES, note)
    for key, quote in _SPEECH_QUOTES:
        note = "The city's deployment speech; its figures are the campaign's parameters (issue 10)."
        registry[key] = Source(key, key, "", "guidance", "verified", quote, SPEECH, note)
    return registry


_REGISTRY: dict[str, Source] = {}
_BUILT_FOR: list[tuple[int, ...]] = [()]
_CLASSIFIED: dict[str, tuple[str, Provenance]] = {}
""":func:`classify`'s answers for the registry as built (every step the engine makes classifies its
citation: the same few citations, hundreds of thousands of times in a campaign's screening)."""


def registry() -> dict[str, Source]:
    """Every registered citation part, by key (rebuilt whenever the set of profiles changes, e.g. a
    profile registered or removed at run time)."""
    fingerprint = tuple(map(id, PROFILES.values()))
    if fingerprint != _BUILT_FOR[0] or not _REGISTRY:
        _REGISTRY.clear()
        _CLASSIFIED.clear()
        _REGISTRY.update(_build())
        _BUILT_FOR[0] = fingerprint
    return _REGISTRY


def lookup(citation: str) -> list[Source]:
    """The sources of every part of ``citation``; raises :class:`UnregisteredCitation`."""
    reg = registry()
    out = []
    for part in parts(citation):
        source = reg.get(atomic(part))
        if source is None:
            raise UnregisteredCitation(citation)
        out.append(source)
    return out


PROVENANCE_ORDER: tuple[Provenance, ...] = ("judgement", "unverified", "inherited", "secondary", "verified")


def classify(citation: str) -> tuple[str, Provenance]:
    """``(basis, provenance)`` of a citation: the bases of its parts joined with “+” in order, and the
    weakest provenance of its parts (judgement < unverified < inherited < secondary < verified).
    Remembered for the registry as built (a profile registered or removed forgets them)."""
    registry()
    known = _CLASSIFIED.get(citation)
    if known is not None:
        return known
    sources = lookup(citation)
    bases: list[str] = []
    for s in sources:
        if s.basis not in bases:
            bases.append(s.basis)
    weakest: Provenance = "verified"
    for s in sources:
        if PROVENANCE_ORDER.index(s.provenance) < PROVENANCE_ORDER.index(weakest):
            weakest = s.provenance
    _CLASSIFIED[citation] = ("+".join(bases), weakest)
    return _CLASSIFIED[citation]


_TAG_PROVENANCE: tuple[tuple[str, Provenance], ...] = (
    ("[M]", "judgement"),
    ("[S]", "secondary"),
    ("[V]", "verified"),
)


_TAG_RE = re.compile(r"\s*\[[MSV]\]")


def for_display(citation: str) -> str:
    """A citation as a page shows it: without the reliability tags ([M], [S], [V]) that the
    registry, the CLI and docs/law.md keep; pages show the reliability beside it in Chinese
    (:func:`provenance_label`)."""
    return _TAG_RE.sub("", citation)


def provenance_label(citation: str) -> str:
    """The Chinese provenance label of a rule a page shows (verified / inherited / judgement…): from
    the registry for a registered citation; otherwise from its reliability tag, the weakest first;
    a citation with neither is "unverified"."""
    try:
        return PROVENANCE_LABELS[classify(citation)[1]]
    except UnregisteredCitation:
        for tag, provenance in _TAG_PROVENANCE:
            if tag in citation:
                return PROVENANCE_LABELS[provenance]
        return PROVENANCE_LABELS["unverified"]


# followon (issue 13 reqs. 3, 6): the 村民代表会议's make-up and quorum, and the judgements on when a
# later round is held (huanjie/rules/followon.py)
_ASSEMBLY_QUOTE = (
    "村民代表会议由村民委员会成员和村民代表组成，村民代表应当占村民代表会议组成人员的五分之四以上，"
    "妇女村民代表应当占村民代表会议组成人员的三分之一以上。"
)
_QUORUM_QUOTE = "村民代表会议有三分之二以上的组成人员参加方可召开，所作决定应当经到会人员的过半数同意。"
_OTHER += (
    (f"{_V18} 第二十五条", "statute", "verified", _ASSEMBLY_QUOTE, "legal-rules.md §1 (村民代表会议)."),
    (
        f"{_V25} 第二十九条",
        "statute",
        "secondary",
        _ASSEMBLY_QUOTE,
        "legal-rules.md §1: “Arts. 29–30: same” as 2018 Arts. 25–26; the 2025 wording is not quoted.",
    ),
    (f"{_V18} 第二十六条", "statute", "verified", _QUORUM_QUOTE, "legal-rules.md §1 (quorum)."),
    (f"{_V25} 第三十条", "statute", "secondary", _QUORUM_QUOTE, "legal-rules.md §1: same as 2018 Art. 26."),
    (
        "判断：法律和办法未规定再次投票的时间，一般当场进行，另定投票日的按另行选举办理 [M]",
        "judgement",
        "judgement",
        "",
        "No text fixes the day of a run-off among tied candidates (ZJ Art. 28, BJ Art. 29, SH Art. 20).",
    ),
    (
        "判断：选举无效重新投票的，法律未规定期限，另定投票日须更新选民名单并重新公告 [M]",
        "judgement",
        "judgement",
        "",
        "No text fixes the day of a revote after a void round.",
    ),
    (
        "判断：本省办法未规定另行选举的期限，可当日或另定投票日举行 [M]",
        "judgement",
        "judgement",
        "",
        "The national text and some measures (HN Art. 38) give no window for the 另行选举.",
    ),
    (
        "判断：另定投票日的，选民名单按新投票日更新并重新公布，委托投票重新办理 [M]",
        "judgement",
        "judgement",
        "",
        "A later voting day re-judges the roll on that day (HN Art. 38 allows keeping the registration).",
    ),
)
