"""The permits a business scope needs before trading (证照分离).

Since 国发〔2021〕7号 (国务院关于深化"证照分离"改革进一步激发市场主体发展活力的通知) the licence
comes first and a 许可项目 may be traded only once its permit is granted: the licence lists the
item, and the enterprise applies for the permit next, by 告知承诺 (a written promise, granted on the
spot) or by 审批 (examined first). Trading the item before the permit is 无证经营
(《无证无照经营查处办法》 第二条、第五条、第十二条). Which permit, which authority and which route are data
(app/rules/catalogues/business_scope.txt), not code.
"""

from app.rules import catalogues


def permits_needed(scope: list[str]) -> list[dict[str, str]]:
    """One `{"scope", "permit", "authority", "route"}` per licensed phrase, in the order given.

    A phrase outside the catalogue in use (a centre's copy may drop one an old application chose)
    needs nothing that can be named, and is left out; a phrase chosen twice is listed once.
    """
    needed: list[dict[str, str]] = []
    for phrase in dict.fromkeys(scope):
        item = catalogues.scope_item(phrase)
        if item is not None and item.licensed:
            needed.append({"scope": item.phrase, "permit": item.permit, "authority": item.authority,
                           "route": item.route})
    return needed
