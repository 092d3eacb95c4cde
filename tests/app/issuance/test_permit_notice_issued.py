"""The 告知书 is made at issuance when the scope needs permits: stored, listed, bundled; the JSON lists the permits."""

import zipfile
from io import BytesIO

import lxml.html
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.issuance import build_documents
from app.models import Application, Document
from app.web.serialize import application_json
from tests.factories import ready_application, track_client
from tests.support.pdf import pdf_text

LICENSED_SCOPE = ["软件开发", "食品销售", "代理记账"]


def stored_kinds(application: Application) -> dict[str, Document]:
    rows = db.session.scalars(select(Document).where(Document.application_id == application.id))
    return {row.kind: row for row in rows}


def test_a_scope_with_permits_gets_the_notice_in_the_documents_the_json_and_the_bundle(app, tmp_path):
    with app.app_context(), app.test_request_context():
        application = ready_application(business_scope=LICENSED_SCOPE)
        documents = stored_kinds(application)
        assert documents["permit_notice"].content_type == "application/pdf"
        text = pdf_text(documents["permit_notice"].content, tmp_path).replace("\n", "")
        assert application.company_name in text and application.uscc in text
        assert "食品经营许可证" in text and "代理记账许可证书" in text and "软件开发" not in text

        view = application_json(application)
        assert view["permits_needed"] == [
            {"scope": "食品销售", "permit": "食品经营许可证", "authority": "县级市场监督管理部门", "route": "审批"},
            {"scope": "代理记账", "permit": "代理记账许可证书", "authority": "县级以上地方财政部门", "route": "告知承诺"}]
        kinds = [document["kind"] for document in view["documents"]]
        assert "permit_notice" in kinds and kinds[-1] == "bundle"

        archive = zipfile.ZipFile(BytesIO(documents["bundle"].content))
        assert "经营许可告知书.pdf" in archive.namelist()
        assert archive.read("经营许可告知书.pdf") == documents["permit_notice"].content
        assert application.step("documents").result["documents"][-2:] == ["permit_notice", "bundle"]


def test_a_general_scope_has_no_notice_and_an_empty_list(app, finished):
    with app.app_context(), app.test_request_context():
        application = db.session.scalar(select(Application).where(Application.number == finished))
        assert application_json(application)["permits_needed"] == []
        documents = stored_kinds(application)
        assert "permit_notice" not in documents
        assert "经营许可告知书.pdf" not in zipfile.ZipFile(BytesIO(documents["bundle"].content)).namelist()


def test_building_again_from_the_record_keeps_the_notice(app):
    with app.app_context(), app.test_request_context():
        application = ready_application(business_scope=LICENSED_SCOPE)
        built = build_documents(application)
        assert built[-2:] == ["permit_notice", "bundle"]
        assert "经营许可告知书.pdf" in zipfile.ZipFile(BytesIO(stored_kinds(application)["bundle"].content)).namelist()


def test_the_tracking_page_lists_the_notice_and_downloads_it(app, client):
    with app.app_context():
        application = ready_application(business_scope=LICENSED_SCOPE)
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        notice = stored_kinds(application)["permit_notice"].content
    track_client(client, number, token)
    html = lxml.html.fromstring(client.get(f"/track/{number}").get_data(as_text=True))
    (link,) = html.xpath("//ul[@id='track-documents']//a[@data-kind='permit_notice']")
    assert link.text_content().strip().startswith("经营许可告知书")
    download = client.get(link.get("href"))
    assert download.status_code == 200 and download.data == notice and download.mimetype == "application/pdf"
