"""Reading the dashboard as a person does: its tiles and bars from the page, with the links behind them."""

import html
import re

from django.test import Client

_TILE = re.compile(r'href="([^"]+)">\s*<div class="label">([^<]+)</div><div class="value">(\d+)</div>')
_BAR = re.compile(r'<a href="([^"]+)"><title>(\d+) ([^<]*)</title>')


def board_html(client: Client) -> str:
    """The dashboard's main content: the top bar around it is rendered anew on every request."""
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def tiles(page: str) -> dict[str, tuple[int, str]]:
    """Tile label -> (value, link)."""
    return {html.unescape(label): (int(value), html.unescape(url)) for url, label, value in _TILE.findall(page)}


def bars(page: str) -> dict[str, tuple[int, str]]:
    """Bar label -> (value, link), for the labelled bars of every chart."""
    return {html.unescape(label): (int(value), html.unescape(url)) for url, value, label in _BAR.findall(page) if label}
