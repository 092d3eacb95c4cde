"""The live name check (名称自主申报 preview): our rules first, then the registry for near names."""

from flask_babel import gettext as _

from app.rules import name_similarity
from app.rules import names as name_rules
from app.rules.names import REFUSE, NameProblem
from forms.schema import problem_message
from integrations import AgencyError
from integrations.registry import agencies


def _answer(problem: NameProblem) -> dict:
    return {"code": problem.code, "message": problem_message(problem), "level": problem.level,
            "conflicts_with": problem.conflicts_with}


def _registry_problem(trade_name: str, problem: dict) -> NameProblem | None:
    """The registry's taken / similar_name (what only it can tell: the names it holds), or None."""
    other = problem.get("conflicts_with")
    if problem.get("code") == name_similarity.TAKEN:
        return name_similarity.taken_problem(trade_name, other if isinstance(other, str) else "")
    if problem.get("code") == name_similarity.SIMILAR and isinstance(other, str) and other:
        return name_similarity.similar_problem(str(problem.get("basis") or ""), other)
    return None


def check_name(region: str, trade_name: str, industry: str, org_form: str, entity_type: str) -> dict:
    """API.md "Check a name": {available, full_name, problems: [{code, message, level,
    conflicts_with}], suggestions}. Only `refuse` problems make the name unavailable."""
    parts = [part.strip() for part in (region, trade_name, industry, org_form)]
    full_name = name_rules.full_name(*parts)
    problems = name_rules.name_problems(*parts, entity_type) + name_rules.name_warnings(parts[1])
    answers = []
    suggestions: list[str] = []
    try:
        registry = agencies().name_approval.check(*parts, entity_type)
    except AgencyError:
        if not any(p.level == REFUSE for p in problems):
            answers.append({"code": "registry_unavailable", "message": _("名称库暂时无法查询，请稍后再试"),
                            "level": REFUSE, "conflicts_with": None})
    else:
        problems += [p for p in (_registry_problem(parts[1], raw) for raw in registry.get("problems", [])) if p]
        suggestions = [s for s in registry.get("suggestions", []) if isinstance(s, str)]
    answers = [_answer(p) for p in problems] + answers
    available = not any(a["level"] == REFUSE for a in answers)
    return {"available": available, "full_name": full_name, "problems": answers,
            "suggestions": [] if available else suggestions}
