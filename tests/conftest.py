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
