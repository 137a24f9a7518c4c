"""The one exception compliance services raise for a request a user can correct."""


class ComplianceError(Exception):
    """A refused compliance action, with a message for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
