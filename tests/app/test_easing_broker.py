"""The embedded broker is polled fast while messages come and slowly once they stop (idle CPU)."""

from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, resolve_transport

from app.queue import EasingTransport


def test_polls_fast_for_a_while_after_a_message_then_eases_off():
    transport = object.__new__(EasingTransport)  # the interval rule only: no broker connection
    busy, idle, window = transport.busy_interval, transport.idle_interval, transport.busy_seconds = 0.05, 0.5, 10.0
    assert transport.polling_interval == idle  # nothing has come yet
    transport._last_message = monotonic() - window / 2
    assert transport.polling_interval == busy
    transport._last_message = monotonic() - window - 0.01
    assert transport.polling_interval == idle


def test_sqla_urls_name_the_easing_transport(app):
    app.config["CELERY_BROKER_URL"] = "sqla+sqlite:///unused.sqlite"
    from app.queue import celery_init_app

    celery_init_app(app)
    assert resolve_transport("sqla") is EasingTransport
    assert TRANSPORT_ALIASES["sqla"] == "app.queue:EasingTransport"


def test_the_beats_own_rounds_do_not_keep_it_polling_fast(app):
    app.config["CELERY_BROKER_URL"] = "sqla+sqlite:///unused.sqlite"
    from app.queue import celery_init_app

    celery_init_app(app)
    transport = object.__new__(EasingTransport)
    transport._callbacks = {"pipeline": lambda message: None}
    transport._deliver({"headers": {"task": "messages.send_due"}}, "pipeline")
    assert transport._last_message == 0.0  # housekeeping
    transport._deliver({"headers": {"task": "pipeline.run_step"}}, "pipeline")
    assert transport._last_message > 0.0  # work
    assert {"messages.send_due", "pipeline.sweep", "pipeline.refresh_lights"} <= EasingTransport.housekeeping
