"""Settings for the test suite: the project's settings plus apps that exist only for tests.

Test apps prove that core's mechanisms (plug-in discovery, the workflow) work for an app nobody
wired by hand: each is one line here, as a real app is one line in INSTALLED_APPS.
"""

from huanjie.settings import *  # noqa: F403
from huanjie.settings import INSTALLED_APPS

TEST_APPS: list[str] = [
    "tests.plugin_app",
    "tests.workflow_app",
]

INSTALLED_APPS = [*INSTALLED_APPS, *TEST_APPS]
HUANJIE_DEMO = True  # the cast and the demo builder log in with the published demo password
