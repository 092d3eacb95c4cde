"""permits_needed: the permits a business scope needs before trading (证照分离, 国发〔2021〕7号)."""

import importlib.resources

import pytest

from app.rules import catalogues
from app.rules.catalogues import ROUTES, CatalogueError, parse_scope_catalogue
from app.rules.permits import permits_needed

FOOD = {"scope": "食品销售", "permit": "食品经营许可证", "authority": "县级市场监督管理部门", "route": "审批"}
BOOKKEEPING = {"scope": "代理记账", "permit": "代理记账许可证书", "authority": "县级以上地方财政部门", "route": "告知承诺"}
CATERING = {"scope": "餐饮服务", "permit": "食品经营许可证", "authority": "县级市场监督管理部门", "route": "审批"}


@pytest.mark.parametrize(("scope", "expected"), [
    ([], []),
    (["软件开发", "信息技术咨询服务"], []),  # 一般项目 only
    (["食品销售（仅销售预包装食品）"], []),  # 备案, not a permit (食品安全法 第三十五条 as amended 2021)
    (["食品销售"], [FOOD]),
    (["软件开发", "食品销售"], [FOOD]),
    (["代理记账", "食品销售"], [BOOKKEEPING, FOOD]),  # the order of the form
    (["食品销售", "代理记账"], [FOOD, BOOKKEEPING]),
    (["餐饮服务", "软件开发", "食品销售"], [CATERING, FOOD]),  # one entry per phrase, even for the same permit
    (["食品销售", "食品销售"], [FOOD]),
    (["卖东西", "食品销售"], [FOOD]),  # a phrase outside the catalogue names no permit
    (["劳务派遣服务"], [{"scope": "劳务派遣服务", "permit": "劳务派遣经营许可证",
                     "authority": "县级以上地方人力资源社会保障部门", "route": "告知承诺"}]),
    (["道路货物运输（不含危险货物）"], [{"scope": "道路货物运输（不含危险货物）", "permit": "道路运输经营许可证",
                              "authority": "县级交通运输主管部门", "route": "告知承诺"}]),
    (["烟草制品零售"], [{"scope": "烟草制品零售", "permit": "烟草专卖零售许可证", "authority": "县级烟草专卖局",
                    "route": "审批"}]),
])
def test_permits_needed(scope, expected):
    assert permits_needed(scope) == expected


def test_every_licensed_phrase_names_its_permit_authority_and_route():
    licensed = [item for item in catalogues.scope_items() if item.licensed]
    assert len(licensed) >= 50
    for item in licensed:
        assert item.permit and item.authority and item.route in ROUTES, item
        assert permits_needed([item.phrase]) == [{"scope": item.phrase, "permit": item.permit,
                                                  "authority": item.authority, "route": item.route}]


def test_general_phrases_name_no_permit():
    general = [item for item in catalogues.scope_items() if not item.licensed]
    assert general and all(item.permit is None and item.route is None for item in general)
    assert permits_needed([item.phrase for item in general]) == []


def test_both_routes_occur():
    assert {item.route for item in catalogues.scope_items() if item.licensed} == set(ROUTES)


def test_the_packaged_file_says_where_its_columns_come_from():
    text = importlib.resources.files("app.rules.catalogues").joinpath("business_scope.txt").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for source in ("国发〔2021〕7号", "中央层面设定的涉企经营许可事项改革清单（2021年全国版）", "经营范围规范表述目录",
                   "实行告知承诺", "优化审批服务"):
        assert source in header


def lines_of(problem: CatalogueError) -> list[int]:
    return [line for line, _, _ in problem.problems]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("批发零售\t食品销售\tyes\n", 1, "须写明许可证"),
    ("# c\n批发零售\t食品销售\tyes\t食品经营许可证\t\t审批\n", 2, "须写明许可证"),
    ("批发零售\t食品销售\tyes\t食品经营许可证\t县级市场监督管理部门\t备案\n", 1, "办理方式"),
    ("信息技术\t软件开发\tno\n信息技术\t软件开发\tno\n", 2, "重复"),
    ("信息技术\t软件开发\tmaybe\n", 1, "yes 或 no"),
    ("信息技术\t软件开发\n", 1, "实为2列"),
    ("信息技术\t软件开发\tno\t某许可证\t某部门\t审批\n", 1, "一般项目"),
    ("信息技术\t 软件开发\tno\n", 1, "空格"),
    ("# only comments\n", 0, "没有任何"),
])
def test_a_bad_catalogue_is_refused_with_the_line(text, line, words):
    with pytest.raises(CatalogueError) as refused:
        parse_scope_catalogue(text)
    assert lines_of(refused.value) == [line]
    assert words in refused.value.problems[0][1] % refused.value.problems[0][2]


def test_every_bad_line_is_reported_at_once():
    text = "信息技术\t软件开发\tno\n批发零售\t食品销售\tyes\n信息技术\t软件开发\tno\n"
    with pytest.raises(CatalogueError) as refused:
        parse_scope_catalogue(text)
    assert lines_of(refused.value) == [2, 3]


def test_a_good_catalogue_reads_as_items():
    items = parse_scope_catalogue("# c\n信息技术\t软件开发\tno\n批发零售\t食品销售\tyes\t食品经营许可证\t县级市场监督管理部门\t告知承诺\n")
    assert [(i.phrase, i.licensed, i.permit, i.route) for i in items] == [
        ("软件开发", False, None, None), ("食品销售", True, "食品经营许可证", "告知承诺")]


def test_a_centre_copy_is_used_once_it_exists_and_as_it_changes(tmp_path):
    copy = tmp_path / "business_scope.txt"
    catalogues.use_scope_catalogue(copy)
    try:
        assert catalogues.is_business_scope("软件开发")  # no copy yet: the packaged catalogue
        copy.write_text("信息技术\t软件开发\tno\n餐饮住宿\t茶饮服务\tyes\t食品经营许可证\t县级市场监督管理部门\t告知承诺\n",
                        encoding="utf-8")
        assert [item.phrase for item in catalogues.scope_items()] == ["软件开发", "茶饮服务"]
        assert permits_needed(["茶饮服务"])[0]["route"] == "告知承诺"
        assert not catalogues.is_business_scope("食品销售")
        copy.write_text("信息技术\t软件开发\tno\n信息技术\t动漫游戏开发\tno\n", encoding="utf-8")
        assert catalogues.is_business_scope("动漫游戏开发")
        assert permits_needed(["茶饮服务"]) == []
    finally:
        catalogues.use_scope_catalogue(None)
    assert catalogues.is_business_scope("食品销售")
