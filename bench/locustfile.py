"""The people of the load test: procurement, legal and compliance sign in through the form, then read their pages.

Run by bench/load_test.py, which prepares the data set and gunicorn and passes, in the environment, LOAD_TARGETS
(a JSON file: the username of each role and the objects its pages are filled with), LOAD_PASSWORD and LOAD_THINK
("on": a person reads each page for 1 to 3 s before opening the next; "off": no pause, to find saturation).

Each user picks one of its role's pages at random (see PAGES in bench/load_test.py) on one of its sampled objects;
the request is named by the page, so each page is one row of the statistics. Anything but a 200 is a failure: a
redirect to the sign-in page means the session was lost, and would otherwise pass as a fast page.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from functools import cache
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

from locust import HttpUser, between, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_test import LOGIN_PATH, SIGN_IN, SIGN_IN_FORM, THINK_SECONDS, role_paths  # noqa: E402

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@cache
def _run_data() -> dict:
    return json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())


def _think_time() -> object:
    return between(*THINK_SECONDS) if os.environ.get("LOAD_THINK", "on") == "on" else constant(0)


class _RoleUser(HttpUser):
    abstract = True
    role = ""
    wait_time = _think_time()

    def on_start(self) -> None:
        # Production marks the session and CSRF cookies Secure; on plain-HTTP loopback the client must send them
        # anyway, as a browser would behind the HTTPS proxy production runs behind.
        self.client.cookies.set_policy(DefaultCookiePolicy(secure_protocols=("http", "https")))
        self.targets = _run_data()["targets"][self.role]
        self.sign_in(_run_data()["users"][self.role], os.environ["LOAD_PASSWORD"])

    def sign_in(self, username: str, password: str) -> None:
        form = self.client.get(LOGIN_PATH, name=SIGN_IN_FORM)
        token = CSRF_FIELD.search(form.text)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post(
            LOGIN_PATH, data=data, name=SIGN_IN, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or response.headers.get("Location", "").startswith(LOGIN_PATH):
                response.failure(f"sign-in refused for {username}: HTTP {response.status_code}")

    @task
    def read_a_page(self) -> None:
        label, path = random.choice(list(role_paths(self.role, random.choice(self.targets)).items()))  # noqa: S311
        with self.client.get(path, name=label, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"HTTP {response.status_code}{' to ' + where if where else ''}")


class ProcurementUser(_RoleUser):
    role = "procurement"


class LegalUser(_RoleUser):
    role = "legal"


class ComplianceUser(_RoleUser):
    role = "compliance"
