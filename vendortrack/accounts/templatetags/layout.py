"""Template tags of the page layout (base.html and includes/): the links every page's top bar carries."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from vendortrack.accounts.roles import Role, user_roles

register = template.Library()


@register.simple_tag
def nav_url(name: str) -> str:
    """The URL named `name`, which takes no arguments, reversed once per URLconf and script prefix.

    The top bar links to the same ten pages on every request, and reversing them each time was more than half of
    what the layout cost a page (about 4 ms of 8 on the bench machine)."""
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, prefix: str) -> str:
    # The prefix is part of the key only: reverse() reads it itself, and a different prefix is a different URL.
    return reverse(name, urlconf=urlconf)


@register.filter
def is_admin(user: object) -> bool:
    """Whether the top bar offers the Admin's sign-in security page (roles are cached on the user per request)."""
    return Role.ADMIN in user_roles(user)
