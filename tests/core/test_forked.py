"""core.imports.forked: work in a fork of the process (a second core), and the report merged back."""

from __future__ import annotations

import os

import pytest

from huanjie.core.imports.forked import Forked
from huanjie.core.imports.problems import ERROR, WARNING, Report
from huanjie.core.models import AuditEvent


def test_the_forks_result_comes_back_from_another_process():
    parent = os.getpid()
    fork = Forked(lambda: (os.getpid(), [(1, "甲", 2.5, None, True)] * 3))
    pid, rows = fork.result()
    assert pid not in (parent, 0)
    assert rows == [(1, "甲", 2.5, None, True)] * 3


def test_a_fork_that_raises_gives_no_result():
    def boom():
        raise ValueError("broken")

    assert Forked(boom).result() is None


def test_a_fork_whose_result_cannot_be_sent_gives_no_result():
    assert Forked(lambda: object()).result() is None  # marshal refuses it


@pytest.mark.django_db(transaction=False)
def test_a_fork_may_not_query_and_the_process_connection_stays_usable():
    """The fork shares the process's connection (same socket, inside its transaction): a query there
    must fail in the fork, not reach the server."""
    from django.db import connection

    before = AuditEvent.objects.count()

    def query():
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            return cur.fetchone()[0]

    assert Forked(query).result() is None
    assert Forked(lambda: AuditEvent.objects.count()).result() is None
    assert AuditEvent.objects.count() == before  # the process's own session is untouched
    with connection.cursor() as cur:
        cur.execute("SELECT 2")
        assert cur.fetchone()[0] == 2


def test_a_cancelled_fork_is_ended_without_its_result():
    import time

    fork = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    fork.cancel()
    assert time.monotonic() - started < 5
    fork.cancel()  # a second cancel is a no-op


def test_a_merged_report_counts_everything_and_keeps_the_first_problems_by_row():
    here, there = Report(limit=4), Report(limit=4)
    here.warning(None, "工作表", "隐藏", "已隐藏")
    here.error(3, "姓名", "", "必填项不能为空")
    here.error(9, "身份证号", "1", "无效")
    there.error(5, "姓名", "", "必填项不能为空")
    there.error(5, "身份证号", "2", "无效")
    there.warning(7, "姓名", "", "不可见字符")
    there.error(8, "姓名", "", "必填项不能为空")
    there.error(11, "姓名", "", "必填项不能为空")  # beyond there's limit: counted, not kept
    here.merge(there.state())
    assert (here.errors, here.warnings, here.bad_rows) == (6, 2, {3, 5, 8, 9, 11})
    assert [(p.row, p.column, p.level) for p in here.problems] == [
        (None, "工作表", WARNING),
        (3, "姓名", ERROR),
        (5, "姓名", ERROR),
        (5, "身份证号", ERROR),
    ]


def test_a_cleared_report_holds_nothing():
    report = Report()
    report.error(2, "姓名", "", "必填项不能为空")
    report.warning(3, "姓名", "", "不可见字符")
    report.clear()
    assert (report.problems, report.errors, report.warnings, report.bad_rows) == ([], 0, 0, set())
