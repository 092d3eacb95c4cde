"""`flask catalogue load`: a centre's fuller copy, refused line by line when bad, used at once when good."""

import pytest

from app.rules import catalogues
from app.rules.permits import permits_needed

GOOD = ("# 本中心目录\n"
        "信息技术\t软件开发\tno\n"
        "批发零售\t食品销售\tyes\t食品经营许可证\t县级市场监督管理部门\t审批\n"
        "餐饮住宿\t茶饮服务\tyes\t食品经营许可证\t县级市场监督管理部门\t告知承诺\n")


@pytest.fixture
def runner(app):
    yield app.test_cli_runner()
    catalogues.use_scope_catalogue(None)  # later tests read the shipped catalogue


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "centre-scope.txt"
    path.write_text(text, encoding=encoding)
    return str(path)


@pytest.mark.parametrize(("text", "expected"), [
    ("信息技术\t软件开发\tno\n批发零售\t食品销售\tyes\n", "第2行：许可项目“食品销售”须写明许可证、审批部门和办理方式"),
    ("信息技术\t软件开发\tno\n信息技术\t软件开发\tno\n", "第2行：表述“软件开发”重复"),
    ("批发零售\t食品销售\tyes\t食品经营许可证\t县级市场监督管理部门\t备案\n",
     "第1行：办理方式应为“告知承诺”或“审批”，实为“备案”"),
])
def test_a_bad_file_is_refused_with_its_line_and_nothing_changes(app, runner, tmp_path, text, expected):
    result = runner.invoke(args=["catalogue", "load", write(tmp_path, text)])
    assert result.exit_code == 1
    assert expected in result.output
    assert "未载入" in result.output
    assert not (tmp_path / "business_scope.txt").exists()  # the instance folder's copy was never written
    assert catalogues.is_business_scope("餐饮服务")  # the shipped catalogue is still in use


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path):
    result = runner.invoke(args=["catalogue", "load", write(tmp_path, GOOD, encoding="gbk")])
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_a_good_file_is_used_at_once_and_reset_returns_to_the_shipped_one(app, runner, tmp_path):
    result = runner.invoke(args=["catalogue", "load", write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.output
    assert "已载入3条经营范围表述（其中许可项目2条）" in result.output
    assert "未包含系统自带目录中" in result.output  # a fuller copy should keep the shipped phrases
    assert (tmp_path / "business_scope.txt").read_text(encoding="utf-8") == GOOD
    assert [item.phrase for item in catalogues.scope_items()] == ["软件开发", "食品销售", "茶饮服务"]
    assert permits_needed(["茶饮服务"])[0]["route"] == "告知承诺"

    result = runner.invoke(args=["catalogue", "reset"])
    assert result.exit_code == 0 and not (tmp_path / "business_scope.txt").exists()
    assert not catalogues.is_business_scope("茶饮服务") and catalogues.is_business_scope("餐饮服务")


def test_the_running_app_serves_the_loaded_copy_on_its_form_and_accepts_it_in_the_api(app, runner, tmp_path, payload):
    client = app.test_client()
    assert "茶饮服务" not in client.get("/").get_data(as_text=True)
    assert runner.invoke(args=["catalogue", "load", write(tmp_path, GOOD)]).exit_code == 0
    page = client.get("/").get_data(as_text=True)
    assert "茶饮服务" in page and "动漫游戏开发" not in page
    payload["business_scope"] = ["软件开发", "茶饮服务"]
    response = client.post("/api/v1/applications", json=payload)
    assert response.status_code == 201, response.get_json()


def test_a_fuller_copy_keeps_every_shipped_phrase_and_adds_one(runner, tmp_path):
    fuller = catalogues.packaged_scope_text() + "餐饮住宿\t茶饮服务\tyes\t食品经营许可证\t县级市场监督管理部门\t告知承诺\n"
    result = runner.invoke(args=["catalogue", "load", write(tmp_path, fuller)])
    assert result.exit_code == 0, result.output
    assert "未包含" not in result.output
    assert catalogues.is_business_scope("茶饮服务") and catalogues.is_business_scope("软件开发")
