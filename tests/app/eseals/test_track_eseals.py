"""电子印章 on the tracking page: each seal listed with its impression, serial, issue date and state, a link
to stamp with a valid one; a revoked one says so with its reason; nothing before the seals are issued;
the impression only to whoever may open the page; the part moves live when a seal is revoked."""

import lxml.html
from sqlalchemy import select

from app.applications.tokens import application_token
from app.eseals.issue import issue_electronic_seals, seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.issuance.operations import revoke_licence
from app.models import Application, ApplicationStatus, Role
from app.models.eseals import ElectronicSeal
from app.timefmt import local
from tests.factories import create_application, create_user, ready_application, sign_in_new_user, track_client

SEAL_NAMES = {"official": "公章", "finance": "财务专用章", "invoice": "发票专用章"}


def issued_and_tracked(app, client) -> tuple[str, dict[str, ElectronicSeal]]:
    """A ready application with its electronic seals, opened in the applicant's browser: (number, seals by kind)."""
    with app.app_context():
        application = ready_application()
        issue_electronic_seals(application)
        db.session.commit()
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        seals = {seal.kind: seal for seal in seals_of(application)}
        db.session.expunge_all()
    track_client(client, number, token)
    return number, seals


def revoke(app, number: str, kind: str, reason: str) -> None:
    with app.app_context():
        application = db.session.scalar(select(Application).filter_by(number=number))
        seal = next(seal for seal in seals_of(application) if seal.kind == kind)
        revoke_seal(seal, create_user("clerk-lists", Role.CLERK), reason)
        db.session.commit()


def listed(html: str) -> dict[str, lxml.html.HtmlElement]:
    """The tracking page's 电子印章 items by seal kind."""
    tree = lxml.html.fromstring(html)
    return {item.get("data-kind"): item for item in tree.xpath("//section[@id='eseals']//li[@data-kind]")}


def page_versions(html: str) -> dict[str, str]:
    tree = lxml.html.fromstring(html)
    return {part.get("data-part"): part.get("data-version") for part in tree.xpath("//*[@data-part]")}


def test_each_seal_is_listed_with_impression_name_serial_date_and_a_stamp_link(app, client):
    number, seals = issued_and_tracked(app, client)
    html = client.get(f"/track/{number}").get_data(as_text=True)
    items = listed(html)
    assert set(items) == set(seals) == set(SEAL_NAMES)
    section = lxml.html.fromstring(html).xpath("//section[@id='eseals']")[0]
    assert section.xpath("ancestor::*[@id='track-part-eseals']")  # inside its live part
    for kind, item in items.items():
        seal, text = seals[kind], item.text_content()
        assert SEAL_NAMES[kind] in item.xpath(".//h3")[0].text_content()
        assert seal.serial.upper() in text and seal.serial.upper() != seal.serial.lower()
        assert item.get("data-serial") == seal.serial.upper()
        assert local(seal.issued_at, "%Y-%m-%d") in text
        assert item.xpath(".//*[@data-state]")[0].get("data-state") == "valid" and "有效" in text
        [image] = item.xpath(".//img")
        assert image.get("src") == f"/track/{number}/eseals/{kind}.png" and SEAL_NAMES[kind] in image.get("alt")
        [use] = item.xpath(".//a[contains(@class, 'eseals__use')]")
        assert use.get("href") == f"/track/{number}/eseals/use?kind={kind}"
        assert use.text_content().strip() == "使用电子印章盖章"
        png = client.get(image.get("src"))
        assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
        assert client.get(image.get("src")).data == png.data  # drawn on the first ask, then kept
    assert "电子印章是企业在网上使用的印章" in section.text_content()
    assert "fernet:" not in html  # nothing of a key


def test_a_revoked_seal_shows_revoked_with_its_reason_and_no_stamp_link(app, client):
    number, seals = issued_and_tracked(app, client)
    revoke(app, number, "finance", "财务专用章密钥遗失")
    items = listed(client.get(f"/track/{number}").get_data(as_text=True))
    revoked = items["finance"]
    assert revoked.xpath(".//*[@data-state]")[0].get("data-state") == "revoked"
    assert "已吊销" in revoked.text_content() and "财务专用章密钥遗失" in revoked.text_content()
    assert not revoked.xpath(".//a[contains(@class, 'eseals__use')]")
    assert "eseals__item--revoked" in revoked.get("class")
    for kind in ("official", "invoice"):  # the others still hold
        assert items[kind].xpath(".//*[@data-state]")[0].get("data-state") == "valid"
        assert items[kind].xpath(".//a[contains(@class, 'eseals__use')]")
    assert client.get(f"/track/{number}/eseals/finance.png").status_code == 200  # still shown, as revoked


def test_seals_fall_with_a_revoked_licence(app, client):
    number, _ = issued_and_tracked(app, client)
    with app.app_context():
        revoke_licence(db.session.scalar(select(Application).filter_by(number=number)), "虚假登记", "supervisor")
        db.session.commit()
    for item in listed(client.get(f"/track/{number}").get_data(as_text=True)).values():
        assert item.xpath(".//*[@data-state]")[0].get("data-state") == "revoked"
        assert "营业执照已吊销" in item.text_content()
        assert not item.xpath(".//a[contains(@class, 'eseals__use')]")


def test_seals_of_an_application_not_done_are_not_in_force(app, client):
    number, _ = issued_and_tracked(app, client)
    with app.app_context():  # e.g. the seal step done while the tax office still answers
        db.session.scalar(select(Application).filter_by(number=number)).status = ApplicationStatus.PROCESSING
        db.session.commit()
    items = listed(client.get(f"/track/{number}").get_data(as_text=True))
    assert set(items) == set(SEAL_NAMES)
    for item in items.values():
        assert item.xpath(".//*[@data-state]")[0].get("data-state") == "not_in_force"
        assert "未生效" in item.text_content() and "已吊销" not in item.text_content()
        assert not item.xpath(".//a[contains(@class, 'eseals__use')]")


def test_nothing_is_listed_before_the_seals_are_issued(app, client):
    with app.app_context():
        application = create_application()
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        assert seals_of(application) == []
    html = track_client(client, number, token).get(f"/track/{number}").get_data(as_text=True)
    assert "eseals" in page_versions(html)  # the part is there, to be filled in live
    assert listed(html) == {} and 'id="eseals"' not in html
    assert client.get(f"/track/{number}/eseals/official.png").status_code == 404


def test_the_impression_is_refused_as_the_tracking_page_refuses(app, client):
    number, _ = issued_and_tracked(app, client)
    with app.app_context():
        other = ready_application()
        other_number, other_token = other.number, application_token(other, app.config["SECRET_KEY"])
    png = f"/track/{number}/eseals/official.png"
    fresh = app.test_client()  # no cookie at all
    assert fresh.get(png).status_code == fresh.get(f"/track/{number}").status_code == 401
    # The other application's browser: its cookie is for its own number only.
    track_client(fresh, other_number, other_token)
    assert fresh.get(png).status_code == fresh.get(f"/track/{number}").status_code == 401
    # The other application's token presented for this one: the same 404 as an unknown number.
    bearer = {"Authorization": f"Bearer {other_token}"}
    assert fresh.get(png, headers=bearer).status_code == fresh.get(f"/track/{number}", headers=bearer).status_code == 404
    # A wrong cookie for this number.
    fresh.set_cookie(f"kaiban_track_{number}", "wrong", path=f"/track/{number}")
    assert fresh.get(png).status_code == fresh.get(f"/track/{number}").status_code == 404
    # The token in the address opens nothing but the bare /track/<number> exchange.
    assert app.test_client().get(f"{png}?t={other_token}").status_code == 401


def test_a_clerk_sees_the_impression_and_an_unknown_kind_is_404(app, client):
    number, _ = issued_and_tracked(app, client)
    assert client.get(f"/track/{number}/eseals/contract.png").status_code == 404  # a kind not ordered
    assert client.get(f"/track/{number}/eseals/nonsense.png").status_code == 404
    clerk = app.test_client()
    sign_in_new_user(clerk, app, Role.CLERK)
    assert clerk.get(f"/track/{number}/eseals/official.png").mimetype == "image/png"


def test_the_impression_is_cached_privately_and_revalidated(app, client):
    number, _ = issued_and_tracked(app, client)
    png = client.get(f"/track/{number}/eseals/official.png")
    cache = png.cache_control
    assert cache.private and not cache.public and not cache.no_store and cache.max_age and cache.max_age > 0
    again = client.get(f"/track/{number}/eseals/official.png", headers={"If-None-Match": png.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_the_live_part_moves_when_a_seal_is_revoked(app, client):
    number, _ = issued_and_tracked(app, client)
    shown = page_versions(client.get(f"/track/{number}").get_data(as_text=True))
    assert client.get(f"/track/{number}/progress").get_json()["parts"] == shown
    revoke(app, number, "official", "公章停用")
    moved = client.get(f"/track/{number}/progress").get_json()["parts"]
    assert {name for name in shown if shown[name] != moved[name]} == {"eseals"}
    html = client.get(f"/track/{number}").get_data(as_text=True)
    assert page_versions(html)["eseals"] == moved["eseals"]
    assert "公章停用" in listed(html)["official"].text_content()
