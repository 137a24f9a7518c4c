"""The engine's one boundary exception: a document it cannot read, with a reason a person can act on."""


class UnreadableDocument(Exception):
    """The input cannot be analysed. `reason` is a one-line message for the user; `code` is stable for programs.

    Codes: encrypted, no_text_layer, corrupt, unsupported_type, too_large, decompression_bomb, empty.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
