"""The one refusal: an action the rules or the application's state do not allow.

Domain operations raise it before (or instead of) writing; each blueprint handles it once — the
API answers `{"error": message}` with the status, a page rolls back and shows the message where
the person acted. The pipeline's runner sends a step that raises it to needs_review with the
message as the reason.
"""


class Refusal(Exception):
    """Refused, with `message` in plain Chinese for the person who asked and `status` for HTTP."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = str(message)  # a lazy string is fixed in the language of the request
        self.status = status
