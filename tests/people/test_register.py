"""Issue 9, requirement 3: 登记人员 (ID checked, duplicates by the blind index, an ID registered
outside the jurisdiction queued for the level above and never described), near relatives who hold
no post registered on the spot (atomically), and a picker listing namesakes within scope only."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from huanjie.core import crypto
from huanjie.core.models import AuditEvent
from huanjie.people import conflicts, registration
from huanjie.people.choices import ConflictKind, ConflictStatus, RelationKind
from huanjie.people.models import Person, RegistrationConflict, Relation
from huanjie.rules.ids import make_citizen_id
from tests.factories import PersonFactory, seat
from tests.forms_kit import post_form

pytestmark = pytest.mark.django_db

# A woman born 1990-07-15 in 清河县 (the 17th digit is even).
NEW_ID = make_citizen_id("329901", dt.date(1990, 7, 15), 42)


def _register(client, **over):
    data = {
        "citizen_id": NEW_ID,
        "name": "林秀英",
        "unit": "329901001201",  # 东村
        "ethnicity": "汉族",
        "political_status": "masses",
    } | over
    return client.post("/people/register/", data)


@pytest.fixture
def town(client, cast):
    client.force_login(cast["town_operator"])  # 青石镇: 东村, 西村
    return client


def _text(response) -> str:
    return response.content.decode()


def test_register_a_new_person(town, cast):
    response = _register(town)
    person = Person.objects.get(name="林秀英")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert (person.sex, person.birth_date, person.domicile_unit) == ("F", dt.date(1990, 7, 15), cast.village)
    assert crypto.decrypt(person.id_cipher) == NEW_ID
    assert person.id_masked == "329901" + "*" * 12
    assert AuditEvent.objects.filter(
        action="create", model="people.Person", object_id=str(person.pk)
    ).exists()


def test_the_list_offers_the_button_to_who_may_register(client, cast):
    for role, shown in (
        ("town_operator", True),
        ("village_operator", True),
        ("county_approver", False),
        ("leader", False),
    ):
        client.force_login(cast[role])
        assert ("登记人员" in _text(client.get("/people/"))) is shown, role


def test_village_operator_registers_in_the_own_village_only(client, cast):
    client.force_login(cast["village_operator"])  # 东村
    page = client.get("/people/register/")
    assert page.context["form"]["unit"].value() == cast.village.code
    refused = _register(client, unit=cast.village2.code)  # 西村: not on the village operator's list
    assert refused.status_code == 200 and refused.context["form"].errors["unit"]
    assert not Person.objects.exists()
    assert _register(client).status_code == 302
    assert Person.objects.get().domicile_unit == cast.village


def test_a_typed_sex_must_agree_with_the_id(town):
    response = _register(town, sex="M")
    assert response.status_code == 200
    assert "性别与身份证号不符（身份证号显示为女）" in _text(response)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"), "校验码错误"),
        ("329901" + "19900230" + "0421", "出生日期 19900230 无效"),
        (NEW_ID[:17], "长度应为 18 位（或 15 位旧号码），实际为 17 位"),
        (NEW_ID[:6] + "一九九〇" + NEW_ID[10:], "身份证号只能由数字和字母 X 组成：第 7 位“一”不是"),
        (NEW_ID[:10] + "－" + NEW_ID[11:], "身份证号只能由数字和字母 X 组成：第 11 位“-”不是"),
    ],
)
def test_bad_ids_are_refused_in_chinese(town, number, message):
    response = _register(town, citizen_id=number)
    assert response.status_code == 200
    assert message in _text(response)
    assert not Person.objects.exists()


def test_full_width_digits_are_read_as_digits(town):
    full_width = NEW_ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    assert _register(town, citizen_id=f" {full_width[:6]}　{full_width[6:]} ").status_code == 302
    assert crypto.decrypt(Person.objects.get().id_cipher) == NEW_ID


def test_a_duplicate_in_scope_shows_the_existing_person_masked_and_linked(town, cast):
    known = PersonFactory(domicile_unit=cast.village2, name="林秀英", number=NEW_ID, sex="F")
    seat(known, cast.village2, "villagers_committee", "member")
    response = _register(town, name="林秀")
    assert response.status_code == 200
    assert Person.objects.count() == 1
    text = _text(response)
    assert "该身份证号已登记" in text and f'href="/people/{known.pk}/"' in text
    assert known.id_masked in text and text.count(NEW_ID) == 1  # only as typed, in the form
    assert "清河县 / 青石镇 / 西村" in text and "村委会委员" in text
    # The look-up by a full number is audited like a full-ID search.
    assert AuditEvent.objects.filter(action="unmask", object_id=str(known.pk)).exists()


def _strip(text: str) -> str:
    """The page without what differs between any two requests (tokens, request ids, nonces)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r"[0-9a-f]{32}", "", text)


def test_a_duplicate_outside_scope_is_queued_and_reveals_nothing(town, cast):
    # Two persons outside 青石镇: one in the same county (南村, 白沙镇), one in another county.
    near = PersonFactory(domicile_unit=cast.village_b, name="周南山", number=NEW_ID, sex="F")
    other_id = make_citizen_id("329902", dt.date(1961, 1, 9), 13)
    far = PersonFactory(domicile_unit=cast.community, name="吴和安", number=other_id, sex="M")
    first = _register(town, name="林秀英")
    second = _register(town, name="林秀英", citizen_id=other_id)
    assert first.status_code == second.status_code == 200
    assert first.templates[0].name == "people/register_queued.html"
    # The same answer for both (the level holding both places differs: county vs city — not said).
    assert _strip(_text(first)) == _strip(_text(second))
    for text in (_text(first), _text(second)):
        assert registration.QUEUED_MESSAGE in text
        for secret in ("周南山", "吴和安", "南村", "白沙镇", "云溪", "和平社区", "柳林区", "县级", "市级"):
            assert secret not in text
        assert near.id_masked not in text and far.id_masked not in text
    assert Person.objects.count() == 2  # nothing written but the requests
    queued = {c.person_id: c for c in RegistrationConflict.objects.all()}
    assert set(queued) == {near.pk, far.pk}
    c = queued[near.pk]
    assert (c.kind, c.status, c.unit, c.other_unit, c.level_path) == (
        ConflictKind.REGISTRATION,
        ConflictStatus.OPEN,
        cast.village,
        cast.village_b,
        "329901",
    )
    assert c.requested_name == "林秀英" and queued[far.pk].level_path == "3299"
    # A second submission adds nothing, and answers the same.
    again = _register(town, name="林秀英")
    assert _strip(_text(again)) == _strip(_text(first))
    assert RegistrationConflict.objects.count() == 2


def test_the_level_above_sees_and_decides_a_registration_request(town, client, cast):
    near = PersonFactory(domicile_unit=cast.village_b, name="周南山", number=NEW_ID, sex="F")
    _register(town)
    c = RegistrationConflict.objects.get()
    client.force_login(cast["county_operator"])
    listing = _text(client.get("/people/conflicts/"))
    assert "申请在东村登记（填写姓名：林秀英）" in listing
    page = client.get(f"/people/conflicts/{c.pk}/")
    assert [v for v, _ in page.context["form"].fields["decision"].choices] == ["moved", "refused"]
    with pytest.raises(Exception, match="只能决定迁入或不予登记"):
        conflicts.conflict_decide(
            actor=cast["county_operator"], conflict=c, decision="second_seat", reason="x"
        )
    response = client.post(f"/people/conflicts/{c.pk}/", {"decision": "moved", "reason": "户籍已迁入东村"})
    assert response.status_code == 302
    near.refresh_from_db()
    assert near.domicile_unit == cast.village
    assert "迁入（户籍改为申请登记的村（社区））" in _text(client.get("/people/conflicts/", {"status": ""}))
    assert AuditEvent.objects.filter(action="move", object_id=str(near.pk)).exists()
    # The town operator now finds the person in scope (an existing person, no new request).
    assert "该身份证号已登记" in _text(_register(town))


# -- near relatives who hold no post ----------------------------------------------------------------


@pytest.fixture
def cadre(cast):
    p = PersonFactory(domicile_unit=cast.village, name="钱书记", birth_date=dt.date(1972, 5, 6))
    seat(p, cast.village, "party_org", "secretary")
    return p


def test_a_spouse_holding_no_post_is_registered_and_linked_in_one_submit(town, cast, cadre):
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(
        town, url, {"kind": RelationKind.SPOUSE, "name": "林秀英", "citizen_id": NEW_ID, "sex": "F"}
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{cadre.pk}/"
    spouse = Person.objects.get(name="林秀英")
    assert spouse.domicile_unit == cast.village  # the cadre's unit by default
    assert not spouse.tenures.exists()
    rel = Relation.objects.get()
    assert {rel.person_a_id, rel.person_b_id} == {cadre.pk, spouse.pk} and rel.kind == RelationKind.SPOUSE
    detail = _text(town.get(f"/people/{cadre.pk}/"))
    assert "林秀英" in detail and "配偶" in detail


def test_the_relative_may_live_elsewhere_in_scope(town, cast, cadre):
    url = f"/people/{cadre.pk}/relations/new/"
    data = {
        "kind": RelationKind.PARENT,
        "name": "钱老",
        "citizen_id": make_citizen_id("329901", dt.date(1948, 1, 2), 5),
    }
    assert post_form(town, url, data | {"unit": cast.village2.code}).status_code == 302
    assert Person.objects.get(name="钱老").domicile_unit == cast.village2


def test_a_failing_link_leaves_no_orphan_person(town, cast, cadre):
    url = f"/people/{cadre.pk}/relations/new/"
    loaded = town.get(url)
    from tests.forms_kit import versioned

    stale = versioned(loaded)
    # Someone edits the cadre meanwhile: the link is refused as stale, and the new person with it.
    town.post(f"/people/{cadre.pk}/edit/", post_data(town, f"/people/{cadre.pk}/edit/", phone="123"))
    response = town.post(url, stale | {"kind": RelationKind.SPOUSE, "name": "林秀英", "citizen_id": NEW_ID})
    assert response.status_code == 200
    assert "此记录已被他人修改" in _text(response)
    assert not Person.objects.filter(name="林秀英").exists()
    assert not Relation.objects.exists()
    assert not AuditEvent.objects.filter(model="people.Person", object_repr="林秀英").exists()


def post_data(client, url, **over):
    from tests.forms_kit import form_data

    return form_data(client.get(url)) | over


def test_a_relative_already_registered_in_scope_is_offered_to_pick(town, cast, cadre):
    known = PersonFactory(domicile_unit=cast.village2, name="林秀英", number=NEW_ID, sex="F")
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"kind": RelationKind.SPOUSE, "name": "林秀英", "citizen_id": NEW_ID})
    assert response.status_code == 200
    assert Person.objects.count() == 2 and not Relation.objects.exists()
    assert [m.pk for m in response.context["matches"]] == [known.pk]
    assert "该身份证号已登记（见上方列表）" in _text(response)
    # Picking the listed person links them.
    assert post_form(town, url, {"kind": RelationKind.SPOUSE, "relative_pk": known.pk}).status_code == 302
    assert Relation.objects.count() == 1


def test_a_relative_registered_outside_scope_is_queued_unnamed(town, cast, cadre):
    PersonFactory(domicile_unit=cast.village_b, name="周南山", number=NEW_ID, sex="F")
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"kind": RelationKind.SPOUSE, "name": "林秀英", "citizen_id": NEW_ID})
    assert response.status_code == 200
    text = _text(response)
    assert registration.QUEUED_MESSAGE in text and "周南山" not in text and "南村" not in text
    assert not Relation.objects.exists() and Person.objects.count() == 2
    assert RegistrationConflict.objects.get().kind == ConflictKind.REGISTRATION


def test_registering_a_relative_needs_name_and_id(town, cadre):
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"kind": RelationKind.SPOUSE, "name": "林秀英"})
    assert "登记新亲属须填写身份证号" in _text(response)
    response = post_form(town, url, {"kind": RelationKind.SPOUSE})
    assert "请查找并选择已登记的亲属，或在下方登记新亲属" in _text(response)
    assert not Person.objects.exclude(pk=cadre.pk).exists()


# -- the picker ------------------------------------------------------------------------------------


def test_an_ambiguous_name_lists_the_namesakes_within_scope_only(town, cast, cadre):
    east = PersonFactory(domicile_unit=cast.village, name="王芳", birth_date=dt.date(1980, 3, 4), sex="F")
    west = PersonFactory(domicile_unit=cast.village2, name="王芳", birth_date=dt.date(1985, 9, 1), sex="F")
    seat(west, cast.village2, "villagers_committee", "member")
    outside = PersonFactory(domicile_unit=cast.village_b, name="王芳", sex="F")  # 白沙镇
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"relative": "王芳", "kind": RelationKind.SIBLING})
    assert response.status_code == 200
    assert "匹配到多人（2 人），请从列表中选择" in _text(response)
    assert sorted(m.pk for m in response.context["matches"]) == sorted([east.pk, west.pk])
    text = _text(response)
    assert (
        "1980-03" in text and "1985-09" in text and "清河县 / 青石镇 / 西村" in text and "村委会委员" in text
    )
    assert f'value="{outside.pk}"' not in text and "白沙镇" not in text and "南村" not in text
    # htmx search lists the same, never the person outside.
    partial = town.get("/people/pick/", {"relative": "王芳", "exclude": cadre.pk})
    assert partial.status_code == 200
    assert sorted(m.pk for m in partial.context["matches"]) == sorted([east.pk, west.pk])
    assert "白沙镇" not in _text(partial)
    # Picking one from the list links that one.
    done = post_form(town, url, {"relative": "王芳", "relative_pk": west.pk, "kind": RelationKind.SIBLING})
    assert done.status_code == 302
    rel = Relation.objects.get()
    assert {rel.person_a_id, rel.person_b_id} == {cadre.pk, west.pk}


def test_picking_a_person_outside_scope_by_pk_is_refused(town, cast, cadre):
    outside = PersonFactory(domicile_unit=cast.village_b, name="王芳")
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"relative_pk": outside.pk, "kind": RelationKind.SIBLING})
    assert response.status_code == 200 and "在您的管辖范围内未找到此人" in _text(response)
    assert "王芳" not in _text(response).replace('value="王芳"', "")
    assert not Relation.objects.exists()


def test_an_unknown_name_suggests_registering(town, cadre):
    url = f"/people/{cadre.pk}/relations/new/"
    response = post_form(town, url, {"relative": "无此人", "kind": RelationKind.SIBLING})
    assert "如尚未登记，请在下方“登记新亲属”填写" in _text(response)


def test_the_api_lists_namesakes_within_scope_only(client, cast, cadre):
    from tests.apiclient import api_get, bearer

    west = PersonFactory(domicile_unit=cast.village2, name="王芳", birth_date=dt.date(1985, 9, 1), sex="F")
    seat(west, cast.village2, "villagers_committee", "member")
    PersonFactory(domicile_unit=cast.village_b, name="王芳", sex="F")  # 白沙镇: outside
    token = bearer(cast["town_operator"])
    body = api_get(client, "/api/people/persons/matches", token, q="王芳").json()
    assert body == {
        "matches": [
            {
                "pk": west.pk,
                "name": "王芳",
                "sex_label": "女",
                "id_masked": west.id_masked,
                "birth_month": "1985-09",
                "unit_code": cast.village2.code,
                "unit_path": "清河县 / 青石镇 / 西村",
                "posts": ["村委会委员"],
            }
        ],
        "more": False,
    }
    assert api_get(client, "/api/people/persons/matches", token, q="王芳", exclude=west.pk).json() == {
        "matches": [],
        "more": False,
    }
    empty = api_get(client, "/api/people/persons/matches", token, q="").json()
    assert empty == {"matches": [], "more": False}


@pytest.mark.parametrize(
    "role", ["village_operator", "town_operator", "other_town_operator", "supervisor", "leader"]
)
def test_the_picker_never_lists_anyone_outside_the_jurisdiction(client, cast, role):
    """The access walker's world searched by every person's name, on the page's picker and the API:
    what a role may not see (tests.test_access_control._forbidden_texts) never appears."""
    from tests.apiclient import api_get, bearer
    from tests.test_access_control import _forbidden_texts, build_world

    world = build_world(cast)
    user = cast[role]
    client.force_login(user)
    token = bearer(user)
    forbidden = _forbidden_texts(world, role)
    assert forbidden, "the world has persons outside every jurisdiction"
    for name in world.person_names:
        page = client.get("/people/pick/", {"q": name})
        api = api_get(client, "/api/people/persons/matches", token, q=name)
        assert page.status_code == api.status_code == 200
        listed = {m.name for m in page.context["matches"]} | {m["name"] for m in api.json()["matches"]}
        if name in forbidden:
            assert not listed, (role, name)
        texts = (page.content.decode(), json.dumps(api.json(), ensure_ascii=False))
        # The searched name is echoed (您输入的); anything else forbidden must not appear.
        leaks = [
            w for n, w in forbidden.items() if n != name and not n.isdigit() and any(n in t for t in texts)
        ]
        assert not leaks, (role, name, leaks)


def test_a_name_searched_in_vain_then_registered_below(town, cast, cadre):
    """After 未找到 (or 匹配到多人) the typed name stays; filling in the new relative registers them."""
    url = f"/people/{cadre.pk}/relations/new/"
    data = {"relative": "林秀英", "kind": RelationKind.SPOUSE, "name": "林秀英", "citizen_id": NEW_ID}
    assert post_form(town, url, data).status_code == 302
    assert Relation.objects.count() == 1
    other = PersonFactory(domicile_unit=cast.village, name="王芳")
    both = post_form(
        town, url, {"relative_pk": other.pk, "kind": RelationKind.SIBLING, "name": "甲", "citizen_id": NEW_ID}
    )
    assert "请只选择一种方式" in _text(both)
    assert Relation.objects.count() == 1
