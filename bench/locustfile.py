"""The people of the load test: procurement, legal and compliance sign in through the form, then read their pages.

Run by bench/load_test.py, which prepares the data set and gunicorn and passes, in the environment, LOAD_TARGETS
(a JSON file: the username of each role and the objects its pages are filled with), LOAD_PASSWORD and LOAD_THINK
("on": a person reads each page for 1 to 3 s before opening the next; "off": no pause, to find saturation).

Each user picks one of its role's pages at random (see PAGES in bench/load_test.py) on one of its sampled objects;
the request is named by the page, so each page is one row of the statistics. Anything but a 200 is a failure: a
redirect to the sign-in page means the session was lost, and would otherwise pass as a fast page.

What is measured. Every user signs in first; signing in hashes the password on purpose (Django's PBKDF2), so twenty
people signing in within seconds queue for the CPU. The page statistics start only when the last user has signed in
and LOAD_WARMUP seconds of page views have passed (each gunicorn worker compiles its templates on first use), and
the run ends LOAD_MEASURE seconds later: the table shows the steady state of people at work. The sign-in rows keep
everything from the start, so its cost is reported too.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from functools import cache
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, task
from locust.env import Environment
from locust.stats import RequestStats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_test import (  # noqa: E402
    LOGIN_PATH,
    SIGN_IN,
    SIGN_IN_FORM,
    THINK_SECONDS,
    role_paths,
    server_cpu_seconds,
)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_signed_in: list[HttpUser] = []


@cache
def _run_data() -> dict:
    return json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())


def _measure(environment: Environment) -> None:
    """Once everyone has signed in: warm up, start the page statistics afresh, measure, then end the run."""
    gevent.sleep(float(os.environ.get("LOAD_WARMUP", "10")))
    _reset_page_stats(environment.stats)
    server = int(os.environ.get("LOAD_SERVER_PID", "0"))
    cpu_before, started = server_cpu_seconds(server), time.monotonic()
    gevent.sleep(float(os.environ.get("LOAD_MEASURE", "60")))
    if os.environ.get("LOAD_CPU_FILE"):
        cpu = {"cpu_seconds": server_cpu_seconds(server) - cpu_before, "wall_seconds": time.monotonic() - started}
        Path(os.environ["LOAD_CPU_FILE"]).write_text(json.dumps(cpu))
    environment.runner.quit()


def _reset_page_stats(stats: RequestStats) -> None:
    """Zero every row but the sign-in ones, and the total, which then counts page views only."""
    for entry in stats.entries.values():
        if entry.name not in (SIGN_IN, SIGN_IN_FORM):
            entry.reset()
    stats.total.reset()
    stats.errors = {key: error for key, error in stats.errors.items() if error.name in (SIGN_IN, SIGN_IN_FORM)}


def _think_time() -> object:
    return between(*THINK_SECONDS) if os.environ.get("LOAD_THINK", "on") == "on" else constant(0)


class _RoleUser(HttpUser):
    abstract = True
    role = ""
    wait_time = _think_time()

    def on_start(self) -> None:
        self.targets = _run_data()["targets"][self.role]
        self.sign_in(_run_data()["users"][self.role], os.environ["LOAD_PASSWORD"])
        _signed_in.append(self)
        if len(_signed_in) == self.environment.runner.target_user_count:
            gevent.spawn(_measure, self.environment)

    def sign_in(self, username: str, password: str) -> None:
        form = self.client.get(LOGIN_PATH, name=SIGN_IN_FORM)
        self.keep_cookies_on_http()
        token = CSRF_FIELD.search(form.text)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post(
            LOGIN_PATH, data=data, name=SIGN_IN, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or response.headers.get("Location", "").startswith(LOGIN_PATH):
                response.failure(f"sign-in refused for {username}: HTTP {response.status_code}")
        self.keep_cookies_on_http()

    @task
    def read_a_page(self) -> None:
        label, path = random.choice(list(role_paths(self.role, random.choice(self.targets)).items()))  # noqa: S311
        with self.client.get(path, name=label, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 0:  # no answer: the connection failed
                response.failure(f"no response: {response.error!r}")
            elif response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"HTTP {response.status_code}{' to ' + where if where else ''}")
        self.keep_cookies_on_http()

    def keep_cookies_on_http(self) -> None:
        """Production marks the session and CSRF cookies Secure, which an HTTP client keeps but never sends back over
        plain HTTP; here there is no HTTPS proxy in front, so the flag is dropped from every cookie as it arrives
        (the session cookie is set again whenever the session is saved)."""
        for cookie in self.client.cookies:
            cookie.secure = False


class ProcurementUser(_RoleUser):
    role = "procurement"


class LegalUser(_RoleUser):
    role = "legal"


class ComplianceUser(_RoleUser):
    role = "compliance"
