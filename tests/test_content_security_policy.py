"""The content security policy is sent on every page, and nothing the browser is served breaks it: no inline
script, no style attribute or <style> block, no on*= handler. Checked on every URL the permission matrix knows
(rendered as the Admin and as the vendor's owner) and on every template file a browser can be served."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, _kwargs, _login, _world

ROOT = Path(__file__).resolve().parent.parent

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style block": re.compile(r"<style[\s>]", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}
# Printed by WeasyPrint into PDFs, never served to a browser: these keep their <style>.
PRINT_ONLY = ("compliance/pdf/", "contracts/memo.html")

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def violations(html: str) -> list[str]:
    return [f"{what}: {match.group(0)[:120]}" for what, rx in INLINE.items() for match in rx.finditer(html)]


def test_the_checker_finds_what_the_policy_refuses():
    assert len(violations('<p style="color:red" onclick="x()"><script>alert(1)</script><style>p{}</style>')) == 4
    assert violations('<script src="/static/a.js" defer></script><p class="u-mt-8" data-on="x">') == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "home", "vendors:list"])
def test_the_policy_header_is_sent(client, name):
    people, vendor = _world()
    _login(client, people, "owner" if name != "login" else "anonymous")

    response = client.get(reverse(name))
    header = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())

    assert response.status_code == 200
    assert directives == POLICY


@pytest.mark.django_db
def test_no_page_served_to_a_browser_has_inline_script_style_or_handlers(client):
    people, vendor = _world()
    found: dict[str, list[str]] = {}
    rendered = 0
    for name in sorted(MATRIX):
        url = reverse(name, kwargs=_kwargs(name, vendor) or None)
        for role in ("admin", "owner", "anonymous"):
            _login(client, people, role)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            rendered += 1
            assert "Content-Security-Policy" in response, name
            if problems := violations(response.content.decode()):
                found[f"{name} as {role}"] = problems
    assert found == {}
    assert rendered > 60  # the matrix's pages were really rendered, not skipped


def _served_templates():
    for folder in settings.TEMPLATES[0]["DIRS"] + sorted(ROOT.glob("*/templates")) + sorted(ROOT.glob("*/*/templates")):
        for path in sorted(Path(folder).rglob("*.html")):
            relative = path.relative_to(folder).as_posix()
            if not relative.startswith(PRINT_ONLY):
                yield relative, path


def test_no_served_template_file_has_inline_script_style_or_handlers():
    templates = dict(_served_templates())
    found = {name: problems for name, path in templates.items() if (problems := violations(path.read_text()))}

    assert len(templates) > 50
    assert found == {}
