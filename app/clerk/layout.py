"""What every clerk page's layout needs: the navigation between the window's areas."""

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from app.clerk import bp

NAV = (("clerk.queue", _l("待办队列")), ("clerk.assisted", _l("帮代办")), ("clerk.reports", _l("办不成事")),
       ("clerk.stats", _l("统计")))


@bp.app_template_global()
def clerk_nav_links() -> list[tuple[str, str, bool]]:
    """(url, label, is current page) for each area installed in this build."""
    return [(url_for(endpoint), str(label), request.endpoint == endpoint)
            for endpoint, label in NAV if endpoint in current_app.view_functions]
