"""The fixed cast every test shares: a fictional city with two counties, towns, villages, a
community, and one user per role (plus an operator of a neighbouring town, to test leaks)."""

from __future__ import annotations

import os

# Test keys (never used outside tests); set before Django loads anything that reads them.
os.environ.setdefault("HUANJIE_ENC_KEY", "00112233445566778899aabbccddeeff")
os.environ.setdefault("HUANJIE_MAC_KEY", "ffeeddccbbaa99887766554433221100" * 2)

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import Cast, build_cast

# The property tests run beside the whole suite on two busy cores: how long a draw takes says
# nothing about the rules, so the timing checks (too_slow, deadline) would only make them flaky.
settings.register_profile("huanjie", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("huanjie")


# The longest tests (half a minute to three minutes each: the walks over every route, the fuzz, the
# browser journeys, the processes on a SQLite file) run first: ``make test``'s two workers then share
# the short ones at the end instead of one of them waiting for the other's last long test.
LONG_FIRST = (
    "tests/test_input_fuzz.py",
    "tests/test_access_control.py",
    "tests/oversight/test_walker_training.py",
    "tests/browser/",
    "tests/core/test_sqlite_concurrency.py",
    "tests/core/test_versioning_race.py",
    "tests/test_api_schemathesis.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, p in enumerate(LONG_FIRST) if path.startswith(p)), len(LONG_FIRST))

    items.sort(key=rank)  # stable: each group keeps its order


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _clear_key_cache():
    from huanjie.core.crypto import load_keys

    load_keys.cache_clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 with minimal cost in tests (see tests/hashers.py); production cost is ~1 s per hash."""
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_checkpoint_file(settings, tmp_path):
    """Each test has its own checkpoint file (the database is fresh per test, so must the file be)."""
    settings.HUANJIE_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    """Each test has its own writable folder (import progress side files are named by job id, and
    job ids repeat across the parallel test processes' databases)."""
    settings.VAR_DIR = tmp_path / "var"
