"""What every journey does in the browser: sign in (with the one-time password step), screenshots, axe-core."""

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
BLOCKING_IMPACTS = ("serious", "critical")


# Headless, without the sandbox (containers), the GPU or anything that calls home.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def totp_token(key: bytes) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


@dataclass
class Journey:
    """One person's visit: a page in its own browser context, numbered screenshots, accessibility results."""

    name: str
    page: object  # playwright.sync_api.Page
    screenshots: Path
    accessibility: Path
    steps: int = 0
    checked: dict[str, int] = field(default_factory=dict)
    second_factor_passed: bool = False

    def shot(self, step: str) -> None:
        """Save the page as <nn>-<step>.png, numbered in the order of the journey."""
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        self.page.screenshot(path=str(self.screenshots / f"{self.steps:02d}-{slug}.png"), full_page=True)

    def sign_in(self, user, *, next_url: str = "/", check_page: bool = False) -> None:  # noqa: ANN001
        """The sign-in form, then the one-time password step when the deployment asks for it."""
        page = self.page
        page.goto(f"{reverse('login')}?next={next_url}")
        if check_page:
            self.check_accessibility("sign-in")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(PASSWORD)
        self.shot(f"sign in as {user.get_username()}")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        self._second_factor(user)
        assert page.locator(".user-menu").count() == 1, f"not signed in: {page.url}"

    def _second_factor(self, user) -> None:  # noqa: ANN001
        page = self.page
        verify, setup = url_or_none("mfa_verify"), url_or_none("mfa_setup")
        path = page.url.removeprefix(self._origin()).split("?")[0]
        if verify and path == verify:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            self.check_accessibility("mfa-verify")
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            page.get_by_label(re.compile("token|code", re.I)).fill(totp_token(device.bin_key))
            self.shot("one-time password")
            page.get_by_role("button", name="Verify").click()
        elif setup and path == setup:
            self.check_accessibility("mfa-setup")
            # What a person types into the app when the QR code cannot be scanned.
            secret = page.locator("#totp-secret").inner_text().strip().replace(" ", "")
            key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
            page.get_by_label(re.compile("token|code", re.I)).fill(totp_token(key))
            self.shot("set up the authenticator")
            page.get_by_role("button", name="Confirm").click()
        else:
            return
        page.wait_for_load_state()
        self.second_factor_passed = True

    def _origin(self) -> str:
        return self.page.evaluate("window.location.origin")

    def check_accessibility(self, page_name: str) -> None:
        """Inject axe-core and fail on any serious or critical violation, listing rule, impact, target and help.

        The source is evaluated through the DevTools protocol, not added as a <script>: the content security
        policy allows scripts from the app's own origin only.
        """
        page = self.page
        page.wait_for_load_state()
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE.read_text())
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = results["violations"]
        self.accessibility.mkdir(parents=True, exist_ok=True)
        summary = [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in violations
        ]
        record = {"journey": self.name, "page": page_name, "url": page.url, "violations": summary}
        (self.accessibility / f"{page_name}.json").write_text(json.dumps(record, indent=2))
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        self.checked[page_name] = len(blocking)
        self._check_nothing_spills(page_name)
        assert not blocking, f"axe-core on {page_name} ({page.url}):\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {', '.join(' '.join(n['target']) for n in v['nodes'])} — {v['help']} "
            f"({v['helpUrl']})"
            for v in blocking
        )

    def _check_nothing_spills(self, page_name: str) -> None:
        """Fail when content runs out of its card (a long unbroken word, a value wider than its column): axe-core
        does not see it, a reader sees text cut off at the card's edge or running over the next one."""
        spilling = self.page.evaluate(
            """() => [...document.querySelectorAll('.card')]
                .filter(card => card.scrollWidth > card.clientWidth + 1)
                .map(card => (card.querySelector('h2, h3') || card).textContent.trim().slice(0, 60))"""
        )
        assert not spilling, f"content spills out of these cards on {page_name} ({self.page.url}): {spilling}"

    def csrf_token(self) -> str:
        """The CSRF token of the page on screen, as its forms would send it."""
        return self.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")

    def post(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        """POST as the page's forms would: its CSRF token, the browser's own cookies. Returns status and body."""
        token = self.csrf_token()
        response = self.page.request.post(
            url,
            form={"csrfmiddlewaretoken": token, **(data or {})},
            headers={"Referer": self.page.url, "X-CSRFToken": token},
            max_redirects=0,
        )
        return response.status, response.text()
