"""A large roll file is checked on two cores (core.imports.forked): the second half of its rows in a
fork of the process. The outcome must be exactly that of checking every row in one process: the
same problems, in the same order, the same rows kept — above all for what depends on earlier rows
(the same person twice, a second 户代表 of a household), across the two halves."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.accounts.models import RoleAssignment
from huanjie.core import imports
from huanjie.core.imports import importer as kit
from huanjie.core.imports import sandbox
from huanjie.core.models import ImportJob
from huanjie.elections import roll_services as svc
from huanjie.elections.models import RollEntry
from huanjie.elections.roll_importers import VoterRollImporter
from tests.factories import user_with_role
from tests.importfiles import citizen, csv_bytes

E = dt.date(2026, 3, 20)
EAST, WEST, SOUTH = "329901001201", "329901001202", "329901002201"
COMMUNITY = "329902001001"
HEADER = ["村（社区）区划代码", "姓名", "身份证号", "登记类别", "本人申请参加选举", "户号", "登记日期"]
Status = ImportJob.Status


@pytest.fixture
def county_op(cast, campaign):
    """An operator of a town and of a street (two jurisdictions: two loads before the fork), with
    the town's two villages and a 户代表 roll in the street's community."""
    op = user_with_role("split_op", "town_operator", cast.town)
    RoleAssignment.objects.create(user=op, role="town_operator", org_unit=cast.street)
    for unit in (cast.village, cast.village2, cast.village_b):
        svc.roll_create(
            actor=cast["other_town_operator"] if unit == cast.village_b else op, unit=unit, voting_day=E
        )
    svc.roll_create(actor=op, unit=cast.community, voting_day=E, mode="household")
    return op


def line(code, seq, *, name="张三", birth=dt.date(1980, 5, 1), category="户籍在本村并在本村居住", **kw):
    values = {
        "村（社区）区划代码": code,
        "姓名": name,
        "身份证号": citizen(seq, birth=birth),
        "登记类别": category,
        "本人申请参加选举": "否",
        "户号": "",
        "登记日期": "2026-02-01",
        **kw,
    }
    return [values[h] for h in HEADER]


def household(seq, number, **kw):
    return line(COMMUNITY, seq, category="户籍在本社区", 本人申请参加选举="是", 户号=number, **kw)


class _Watched(kit.Forked):
    """The kit's fork, noting what came back: a test of the split must know the fork did the work."""

    results: list[object] = []

    def result(self):
        got = super().result()
        _Watched.results.append(got)
        return got


_receive_in_background = sandbox.ParsedRows.receive_in_background


def _receive_first(self):
    """Every row received before the process checks its first: the fork is made after the first
    message, and takes the messages from round(0.54 × the rest) on (here, where it would otherwise
    depend on how fast the thread receives)."""
    _receive_in_background(self)
    self._receiver_thread.join()


def preview(op, rows, monkeypatch, split, *, as_it_comes=False):
    """The preview; with ``split``, files of that many rows are checked in two parts, the parsing
    child sending 3 rows a message (the parts are made of whole messages). ``as_it_comes``: the
    rows received while the process checks the first ones (the fork is made once all are in,
    wherever the process then is), as in production."""
    monkeypatch.setattr(VoterRollImporter, "split_rows", split)
    monkeypatch.setattr(sandbox, "CHUNK", 3)
    monkeypatch.setattr(kit, "Forked", _Watched)
    if not as_it_comes:
        monkeypatch.setattr(sandbox.ParsedRows, "receive_in_background", _receive_first)
    _Watched.results = []
    job = imports.job_create(actor=op, kind="elections_roll", file_name="r.csv", data=csv_bytes(rows))
    return imports.job_preview(job)


def problems(job):
    return [(p["row"], p["column"], p["value"], p["reason"]) for p in job.problems]


def test_a_file_checked_in_two_halves_reports_exactly_what_one_process_reports(cast, county_op, monkeypatch):
    rows = [HEADER]
    rows += [line(EAST, k, name=f"东{k}") for k in range(1, 9)]  # rows 2-9
    rows += [household(40, "1-1"), household(41, "1-2"), household(42, "")]  # rows 10-12: 户号 missing
    rows += [line(EAST, 50, name="无效", 身份证号="3299011980050100")]  # row 13: 16 digits
    rows += [line(WEST, k, name=f"西{k}") for k in range(9, 13)]  # rows 14-17
    # the fork's part (from row 19 of 33: six messages of three rows here)
    rows += [line(EAST, 3, name="东3又")]  # the same person as row 4, across the cut
    rows += [line(WEST, 3, name="西3")]  # the same person on another roll: allowed here (a conflict)
    rows += [household(43, "1-1")]  # the household of row 10, across the cut
    rows += [household(44, "1-3"), household(45, "1-3")]  # the second 户代表 of a new household
    rows += [line(EAST, 3, name="东3再")]  # a third time: still names row 4
    rows += [line(SOUTH, 60, name="南")]  # another town: outside the jurisdiction
    rows += [line(EAST, 61, name="少", birth=dt.date(2008, 3, 21))]  # 18 the day after the voting day
    rows += [line("329901001299", 62)]  # no such unit
    rows += [line(WEST, k, name=f"西{k}") for k in range(13, 19)]
    rows += [line(WEST, 9, name="西9又")]  # row 14's person, the file's last row
    assert len(rows) == 33
    one = preview(county_op, rows, monkeypatch, split=0)
    assert _Watched.results == []
    two = preview(county_op, rows, monkeypatch, split=10)
    assert len(_Watched.results) == 1 and _Watched.results[0] is not None  # the fork checked its half
    assert problems(two) == problems(one)
    # as in production: the fork made wherever the process is when every row is in
    three = preview(county_op, rows, monkeypatch, split=10, as_it_comes=True)
    assert problems(three) == problems(one) and None not in _Watched.results
    assert [(r, c) for r, c, _v, _m in problems(one)] == [
        (12, "户号"),
        (13, "身份证号"),
        (18, "身份证号"),
        (20, "户号"),
        (22, "户号"),
        (23, "身份证号"),
        (24, "村（社区）区划代码"),
        (25, "登记类别"),
        (26, "村（社区）区划代码"),
        (33, "身份证号"),
    ]
    reasons = {r: m for r, _c, _v, m in problems(one)}
    assert "与第 4 行是同一人" in reasons[18] and "与第 4 行是同一人" in reasons[23]
    assert "与第 10 行同户" in reasons[20] and "与第 21 行同户" in reasons[22]
    assert "与第 14 行是同一人" in reasons[33]
    assert (two.rows_total, two.error_count) == (one.rows_total, one.error_count) == (32, 10)


def _written(names):
    """The entries in id order: name, dates, the ID decrypted and whether its blind index is its own."""
    from huanjie.core import crypto

    got = RollEntry.objects.order_by("pk").values_list(
        "name", "birth_date", "registered_on", "id_cipher", "id_index"
    )
    return [(n, b, r, crypto.decrypt(c), crypto.blind_index(crypto.decrypt(c)) == i) for n, b, r, c, i in got]


def _expected(names):
    return [
        (n, dt.date(1980, 5, 1), dt.date(2026, 2, 1), citizen(k + 1, birth=dt.date(1980, 5, 1)), True)
        for k, n in enumerate(names)
    ]


def test_a_clean_file_checked_in_two_halves_writes_every_row_in_the_files_order(cast, county_op, monkeypatch):
    """Checked in two parts at the preview; at the commit a fork makes the blind indexes and
    encrypts the later IDs while the process checks the rows again and encrypts the first ones."""
    from huanjie.elections import roll_importers

    names = [f"选民{k:02d}" for k in range(24)]
    rows = [HEADER] + [line(EAST if k % 3 else WEST, k + 1, name=n) for k, n in enumerate(names)]
    job = preview(county_op, rows, monkeypatch, split=10)
    assert _Watched.results[0] is not None
    assert (job.status, job.error_count, job.rows_total) == (Status.READY, 0, 24)
    monkeypatch.setattr(roll_importers, "Forked", _Watched)
    job = imports.job_commit(job)
    assert job.status == Status.DONE
    assert len(_Watched.results) == 2 and _Watched.results[1] is not None  # the commit's fork
    assert _written(names) == _expected(names)


def test_when_the_commits_fork_fails_the_process_makes_its_share(cast, county_op, monkeypatch):
    """A fork of the commit that fails (here: encrypting raises in any process but this one) leaves
    its blind indexes and encryption to the process: the same entries are written."""
    import os

    from huanjie.core import crypto
    from huanjie.elections import roll_importers

    names = [f"选民{k:02d}" for k in range(24)]
    rows = [HEADER] + [line(EAST, k + 1, name=n) for k, n in enumerate(names)]
    job = preview(county_op, rows, monkeypatch, split=10)
    here, encrypt_many = os.getpid(), crypto.encrypt_many

    def only_here(values, **kw):
        if os.getpid() != here:
            raise RuntimeError("not in a fork")
        return encrypt_many(values, **kw)

    monkeypatch.setattr(crypto, "encrypt_many", only_here)
    monkeypatch.setattr(roll_importers, "Forked", _Watched)
    job = imports.job_commit(job)
    assert job.status == Status.DONE
    assert _Watched.results[1:] == [None]
    assert _written(names) == _expected(names)


@pytest.mark.parametrize("split", [10, 100])
def test_the_rolls_the_fork_needs_are_loaded_while_the_file_is_parsed(cast, county_op, monkeypatch, split):
    """The upload counted the rows: a file to be checked on two cores has its rolls loaded while the
    child parses it (once); a smaller one loads none for a fork."""
    from huanjie.core.imports import sandbox as sb

    events: list[str] = []
    real_prepare, real_expect = VoterRollImporter.prepare_split, sb.ParsedRows.expect

    def prepare(self):
        events.append("prepare")
        real_prepare(self)

    def expect(self, height):
        events.append("parsed")
        real_expect(self, height)

    monkeypatch.setattr(VoterRollImporter, "prepare_split", prepare)
    monkeypatch.setattr(sb.ParsedRows, "expect", expect)
    rows = [HEADER] + [line(EAST, k, name=f"东{k}") for k in range(1, 25)]
    job = preview(county_op, rows, monkeypatch, split)
    assert (job.status, job.rows_total) == (Status.READY, 24)
    if split == 10:
        assert events == ["prepare", "parsed"] and _Watched.results[0] is not None
    else:
        assert events == ["parsed"] and _Watched.results == []


def test_a_fork_that_would_query_fails_and_its_half_is_checked_in_the_process(cast, county_op, monkeypatch):
    """Without the rolls loaded before the fork, the fork's first row would query the database on
    the process's own connection: refused there, so the fork fails and the process checks its rows
    itself — same outcome."""
    rows = [HEADER] + [line(EAST, k, name=f"东{k}") for k in range(1, 9)] + [line(EAST, 2, name="又")]
    rows += [household(k, f"1-{k}") for k in range(20, 23)]  # the fork's: the street's rolls
    one = preview(county_op, rows, monkeypatch, split=0)
    monkeypatch.setattr(VoterRollImporter, "prepare_split", lambda self: None)
    two = preview(county_op, rows, monkeypatch, split=10)
    assert _Watched.results == [None]
    assert problems(two) == problems(one) and [p[0] for p in problems(one)] == [10]
    assert (two.rows_total, two.error_count) == (one.rows_total, one.error_count) == (12, 1)


def test_rows_sealed_with_their_blind_indexes_by_an_earlier_version_still_commit(
    cast, county_op, monkeypatch
):
    """A job previewed before an upgrade keeps each row's blind index in its sealed rows (13 values):
    the commit takes them back all the same."""
    from huanjie.core import crypto
    from huanjie.core.imports import jobs

    names = [f"选民{k:02d}" for k in range(6)]
    job = preview(
        county_op, [HEADER] + [line(EAST, k + 1, name=n) for k, n in enumerate(names)], monkeypatch, 0
    )
    state = jobs._unseal(bytes(ImportJob.objects.get(pk=job.pk).checked_rows))
    assert len(state[0]) == 12  # the blind index is no longer sealed
    older = [[*row, crypto.blind_index(row[3])] for row in state]
    ImportJob.objects.filter(pk=job.pk).update(checked_rows=jobs._seal(older))
    job = imports.job_commit(ImportJob.objects.get(pk=job.pk))
    assert job.status == Status.DONE
    got = list(RollEntry.objects.order_by("pk").values_list("name", "id_index"))
    assert got == [
        (n, crypto.blind_index(citizen(k + 1, birth=dt.date(1980, 5, 1)))) for k, n in enumerate(names)
    ]


@pytest.mark.parametrize("split", [0, 10])
def test_a_person_already_on_the_roll_is_refused_with_or_without_the_split(
    cast, county_op, monkeypatch, split
):
    """A second file for a roll that has entries: the person already on it is refused (the look-up
    by blind index the preview makes only then)."""
    first = [HEADER] + [line(EAST, k, name=f"东{k}") for k in range(1, 4)]
    assert imports.job_commit(preview(county_op, first, monkeypatch, 0)).status == Status.DONE
    again = [HEADER] + [line(EAST, k, name=f"东{k}") for k in range(4, 16)] + [line(EAST, 2, name="东2")]
    job = preview(county_op, again, monkeypatch, split)
    assert [(p[0], p[1]) for p in problems(job)] == [(14, "身份证号")]
    assert "此人已在该村（社区）的选民名单中" in problems(job)[0][3]
    assert RollEntry.objects.count() == 3


def test_an_import_queues_the_pairs_its_entries_form_with_earlier_entries_and_each_other(
    cast, county_op, monkeypatch
):
    from huanjie.elections.models import RollConflict, VoterRoll

    east = VoterRoll.objects.get(unit=cast.village)
    svc.entry_add(
        actor=county_op,
        roll=east,
        name="早登",
        citizen_id=citizen(7, birth=dt.date(1980, 5, 1)),
        category="hukou_resident",
        registered_on=dt.date(2026, 2, 1),
    )
    rows = [
        HEADER,
        line(WEST, 7, name="早登"),
        line(EAST, 8, name="甲"),
        line(WEST, 8, name="甲"),
        line(WEST, 9),
    ]
    job = imports.job_commit(preview(county_op, rows, monkeypatch, 0))
    assert job.status == Status.DONE and job.result["conflicts_created"] == 2
    pairs = sorted(
        (c.entry_a.roll.unit.code, c.entry_b.roll.unit.code, c.entry_a.name)
        for c in RollConflict.objects.select_related("entry_a__roll__unit", "entry_b__roll__unit")
    )
    assert pairs == [(EAST, WEST, "早登"), (EAST, WEST, "甲")]
