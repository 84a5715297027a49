"""The import job's transition table (huanjie.rules.import_job) is a sound workflow table."""

from huanjie.rules import workflow
from huanjie.rules.import_job import IMPORT_JOB, step_to


def test_the_table_is_sound_and_every_state_is_reachable():
    assert workflow.validate(IMPORT_JOB) == []


def test_each_move_is_one_named_transition():
    assert step_to("pending", "validating").name == "check"
    assert step_to("committing", "done").name == "finish"
    assert step_to("queued", "failed").name == "fail"
    assert step_to("done", "failed") is None  # a finished job never changes again
    assert step_to("discarded", "ready") is None


def test_the_worker_and_the_uploader_own_different_moves():
    system = workflow.SYSTEM_ACTOR
    uploader = workflow.Actor(levels=frozenset({"town"}), capabilities=frozenset({"import.run"}))
    assert {t.name for t in workflow.allowed(IMPORT_JOB, "ready", system)} == {"commit"}
    assert {t.name for t in workflow.allowed(IMPORT_JOB, "ready", uploader)} == {"queue", "commit", "discard"}
    assert {t.name for t in workflow.allowed(IMPORT_JOB, "committing", system)} == {
        "reject",
        "finish",
        "fail",
    }
    assert workflow.allowed(IMPORT_JOB, "committing", uploader) == ()
