"""Fixtures for the contracts tests: one user per role, and uploaded files kept out of the repository."""

import pytest

from tests.factories import UserFactory
from vendortrack.accounts.roles import Role


@pytest.fixture
def legal(db):  # noqa: ANN001, ANN201
    return UserFactory(username="legal", roles=[Role.LEGAL])


@pytest.fixture
def compliance(db):  # noqa: ANN001, ANN201
    return UserFactory(username="compliance", roles=[Role.COMPLIANCE])


@pytest.fixture
def procurement(db):  # noqa: ANN001, ANN201
    return UserFactory(username="procurement", roles=[Role.PROCUREMENT])


@pytest.fixture
def auditor(db):  # noqa: ANN001, ANN201
    return UserFactory(username="auditor", roles=[Role.AUDITOR])


@pytest.fixture
def no_role(db):  # noqa: ANN001, ANN201
    return UserFactory(username="nobody")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.MEDIA_ROOT = str(tmp_path / "media")
