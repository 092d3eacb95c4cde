"""The statistics page and its CSV export (thin: app.desk.statistics computes, app.clerk.charts draws)."""

import csv
import io

from flask import Response, render_template, request
from flask_babel import gettext as _

from app.clerk import bp
from app.clerk.charts import Series, bar_chart, line_chart
from app.desk import statistics as stats
from app.models import Role
from app.vocabulary import STEP_LABELS
from app.web.guards import role_required

DEFAULT_DAYS, MAX_DAYS = 30, 366
CSV_COLUMNS = ("date", "applications", "online", "window", "online_share", "apply_done", "apply_on_time",
               "issue_done", "issue_on_time")


def asked_period() -> stats.Period:
    days = request.args.get("days", DEFAULT_DAYS, type=int) or DEFAULT_DAYS
    return stats.last_days(min(max(days, 1), MAX_DAYS))


def charts(result: stats.Stats) -> dict:
    labels = [row.day.strftime("%m-%d") for row in result.days]
    every = max(len(labels) // 10, 1)
    step_labels = [str(STEP_LABELS.get(name, name)) for name, _n in result.reviews_by_step]
    return {
        "per_day": bar_chart(_("每日申请量"), labels, [
            Series(_("网上申请"), [row.online for row in result.days], "#1d70b8"),
            Series(_("窗口帮代办"), [row.window for row in result.days], "#f47738")], label_every=every),
        "online_share": line_chart(_("每日网办率"), labels, [row.online_share for row in result.days],
                                   label_every=every),
        "reviews": bar_chart(_("各环节退回人工审核次数"), step_labels,
                             [Series(_("次数"), [n for _name, n in result.reviews_by_step], "#d4351c")]),
        "ratings": bar_chart(_("好差评分布"), [_("%(n)d分", n=score) for score in range(1, 6)],
                             [Series(_("条数"), [result.rating_distribution[s] for s in range(1, 6)], "#00703c")]),
    }


@bp.get("/stats", endpoint="stats")
@role_required(*Role.WINDOW)
def stats_page():
    result = stats.compute(asked_period())
    return render_template("clerk/stats.html", stats=result, charts=charts(result), step_labels=STEP_LABELS,
                           days=len(result.days))


def csv_text(days: list[stats.DayRow]) -> str:
    """Per-day rows; shares as fractions with four decimals, empty where there is nothing to divide."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in days:
        online_share = "" if row.online_share is None else f"{row.online_share:.4f}"
        writer.writerow((row.day.isoformat(), row.applications, row.online, row.window, online_share,
                         row.apply_done, row.apply_on_time, row.issue_done, row.issue_on_time))
    return out.getvalue()


@bp.get("/stats.csv")
@role_required(*Role.WINDOW)
def stats_csv():
    period = asked_period()
    body = "\ufeff" + csv_text(stats.per_day(period))  # the BOM lets Excel read the UTF-8
    filename = f"kaiban-stats-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"})
