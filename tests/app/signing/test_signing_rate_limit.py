"""One address cannot try link after link: every signing POST, the page's and the API's, counts
towards one RATELIMIT_SIGNING (the per-link lock bounds guessing on one link only)."""

from flask_migrate import upgrade

from app.factory import create_app
from config import Testing


def test_signing_posts_from_one_address_share_one_limit(tmp_path):
    limited = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}",
                         INSTANCE_PATH=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                         RATELIMIT_SIGNING="3 per minute", WTF_CSRF_ENABLED=False)
    with limited.app_context():
        upgrade(revision="heads")
    client = limited.test_client()
    unknown = ["a" * 43, "b" * 43, "c" * 43]  # three different links, none of them real
    answers = [client.post(f"/api/v1/signing/{token}/verify", json={"id_number": "420324199001011235"}).status_code
               for token in unknown[:2]]
    answers.append(client.post(f"/sign/{unknown[2]}/verify", data={"id_number": "420324199001011235"}).status_code)
    assert answers == [404, 404, 404]
    assert client.post(f"/api/v1/signing/{'d' * 43}/sign", json={}).status_code == 429
    assert client.post(f"/sign/{'e' * 43}/decide", data={}).status_code == 429
    assert client.get(f"/api/v1/signing/{'f' * 43}").status_code == 404  # reading is not counted
