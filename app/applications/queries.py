"""The live name check (名称自主申报 preview): our rules first, then the registry for 'taken'."""

from flask_babel import gettext as _

from app.rules import names as name_rules
from forms.schema import problem_message
from integrations import AgencyError
from integrations.registry import agencies


def check_name(region: str, trade_name: str, industry: str, org_form: str, entity_type: str) -> dict:
    parts = [part.strip() for part in (region, trade_name, industry, org_form)]
    full_name = name_rules.full_name(*parts)
    problems = [{"code": p.code, "message": problem_message(p)}
                for p in name_rules.name_problems(*parts, entity_type)]
    if not problems:
        try:
            answer = agencies().name_approval.check(*parts, entity_type)
        except AgencyError:
            problems.append({"code": "registry_unavailable", "message": _("名称库暂时无法查询，请稍后再试")})
        else:
            problems.extend({"code": p["code"], "message": p["message"]} for p in answer.get("problems", [])
                            if p["code"] == "taken")
    return {"available": not problems, "full_name": full_name, "problems": problems}
