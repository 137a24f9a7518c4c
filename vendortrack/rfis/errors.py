"""The one error the RFI services raise: its message tells procurement what to do instead."""


class RfiError(ValueError):
    """A change to an RFI that cannot be made in its current state, or with the value given."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
