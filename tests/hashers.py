"""A cheap Argon2 for the test suite: same algorithm and hash format as production (argon2id), but
minimal time and memory cost, so that building the cast (a dozen accounts per test) stays fast.
Production keeps Django's Argon2PasswordHasher defaults (huanjie/settings.py)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
