"""Staff accounts: the password policy, sign-in with lockout, sessions held server-side.

Shared by the sign-in pages (app.auth), the supervisor's staff page (app.clerk) and `flask users`
(app.cli). Everything here is logged to `kaiban.auth` (user name and address, never a password)
and written to the audit trail; nothing here commits.
"""

import logging

log = logging.getLogger("kaiban.auth")
