"""A request that sends its own texts right after its commit (a signing link, a code) kicks no
worker for them; the others of the same commit are kicked as ever, and a request that dies before
sending leaves its texts to the beat task. The kicks are read from the app's own (in-memory) broker."""

from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from app.messages import sending
from app.messages.operations import queue_sms
from app.messages.tasks import QUEUE
from app.models import MessageStatus, OutboxMessage
from app.models.types import utcnow
from app.signing.delivery import deliver_now, send_here
from tests.app.messages.test_outbox import new_phone, sms_inbox


def kicked(app) -> list[list[int]]:
    """The message ids of each messages.send published since the last call (taken off the broker)."""
    found = []
    with app.extensions["celery"].connection_for_read() as connection:
        queue = connection.SimpleQueue(QUEUE)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                if message.headers.get("task") == "messages.send":
                    found.append(message.payload[0][0])
                message.ack()
        finally:
            queue.close()
    return found


def test_texts_the_request_sends_itself_are_not_kicked_and_go_out_from_the_request(app, ctx):
    kicked(app)
    mine, other = new_phone(), new_phone()
    send_here(["here:code"])
    sent_here = queue_sms(mine, "验证码 123456", "here:code")
    by_worker = queue_sms(other, "已受理", "here:status")
    db.session.commit()
    assert kicked(app) == [[by_worker.id]]
    deliver_now(["here:code"])
    db.session.refresh(sent_here)
    assert sent_here.status == MessageStatus.SENT and sent_here.attempts == 1
    assert sms_inbox(app, mine) == ["验证码 123456"] and kicked(app) == []


def test_a_request_that_dies_before_sending_leaves_its_texts_to_the_beat_task(app, ctx):
    kicked(app)
    phone = new_phone()
    send_here(["dies:code"])
    message = queue_sms(phone, "验证码 654321", "dies:code")
    db.session.commit()  # … and the request ends here, before deliver_now
    assert kicked(app) == []
    db.session.execute(update(OutboxMessage).values(next_try_at=utcnow() - timedelta(seconds=60)))
    db.session.commit()
    assert sending.send_due() >= 1
    db.session.refresh(message)
    assert message.status == MessageStatus.SENT and sms_inbox(app, phone) == ["验证码 654321"]


def test_a_rolled_back_request_forgets_what_it_meant_to_send(app, ctx):
    kicked(app)
    phone = new_phone()
    queue_sms(phone, "验证码 111111", "later:code")
    send_here(["later:code"])
    db.session.rollback()  # the commit failed, say
    message = queue_sms(phone, "验证码 111111", "later:code")
    db.session.commit()
    assert kicked(app) == [[message.id]]


def test_deliver_now_without_send_here_finds_the_texts_in_the_outbox(app, ctx):
    phone = new_phone()
    message = queue_sms(phone, "链接", "plain:link")
    db.session.commit()
    kicked(app)
    deliver_now(["plain:link"])
    db.session.refresh(message)
    assert message.status == MessageStatus.SENT and sms_inbox(app, phone) == ["链接"]
