"""The one exception of the contracts services: a write that cannot be done, with a message a person can act on."""


class AgreementError(Exception):
    """An upload, decision or execution was refused; `message` says why and what to do. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
