"""The Celery app, configured from the Flask settings (Flask's own celery pattern)."""

from time import monotonic

from celery import Celery, Task
from flask import Flask
from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import sqlalchemy as sqlalchemy_transport

from app.timefmt import TIMEZONE


class EasingTransport(sqlalchemy_transport.Transport):
    """The embedded broker (a SQLite table), polled every `busy_interval` while work comes and
    every `idle_interval` once none has come for `busy_seconds`: a worker waiting for work then
    costs under 1 % of a core instead of 5 %, and only the first message after a quiet spell
    waits up to `idle_interval` (BROKER_POLL_SECONDS, BROKER_IDLE_POLL_SECONDS, BROKER_BUSY_SECONDS).
    The beat's own rounds (`housekeeping`, every few seconds) are not work that keeps it fast."""

    busy_interval, idle_interval, busy_seconds = 0.05, 0.5, 10.0
    housekeeping: frozenset[str] = frozenset()
    _last_message = 0.0

    @property
    def polling_interval(self) -> float:
        """How long kombu's loop sleeps after an empty poll (read at each drain, every ≤ 2 s)."""
        quiet = monotonic() - self._last_message
        return self.busy_interval if quiet < self.busy_seconds else self.idle_interval

    def _deliver(self, message, queue):
        if message.get("headers", {}).get("task") not in self.housekeeping:
            self._last_message = monotonic()
        super()._deliver(message, queue)


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    config = app.config
    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=config["CELERY_BROKER_URL"],
        task_ignore_result=True,
        include=("app.signing.tasks", "app.review.follow_ups"),  # the worker loads these by name
        task_default_queue="pipeline",
        task_always_eager=config["CELERY_TASK_ALWAYS_EAGER"],
        worker_prefetch_multiplier=4,
        broker_connection_retry_on_startup=True,
        # A publish happens after a commit and must not hold a web request when the broker is
        # down: bounded (config.py BROKER_*), then the caller logs it and the sweeper queues the step.
        broker_connection_timeout=config["BROKER_CONNECT_TIMEOUT"],
        task_publish_retry_policy={"max_retries": config["BROKER_PUBLISH_RETRIES"], "interval_start": 0,
                                   "interval_step": 0.2, "interval_max": 0.2},
        timezone=TIMEZONE,
        beat_schedule={
            "sweep": {"task": "pipeline.sweep", "schedule": config["SWEEP_INTERVAL_SECONDS"]},
            "refresh-lights": {"task": "pipeline.refresh_lights", "schedule": 60.0},
            "send-messages": {"task": "messages.send_due", "schedule": config["OUTBOX_SWEEP_SECONDS"]},
            # Reminders before the signing deadline, withdrawal when it passes (app.signing.tasks).
            "signing-deadlines": {"task": "signing.sweep", "schedule": config["SIGNING_SWEEP_SECONDS"]},
            # 容缺受理: the SMS reminder the day before a promised document is due (app.review.follow_ups).
            "promise-reminders": {"task": "review.remind_promises", "schedule": 900.0},
        },
    )
    if config["CELERY_BROKER_URL"].startswith("sqla+"):
        # This transport hands its options to create_engine, so the poll intervals are set on
        # the class (a per-connection option would reach create_engine and crash it), and "sqla+"
        # URLs name ours.
        EasingTransport.busy_interval = config["BROKER_POLL_SECONDS"]
        EasingTransport.idle_interval = config["BROKER_IDLE_POLL_SECONDS"]
        EasingTransport.busy_seconds = config["BROKER_BUSY_SECONDS"]
        EasingTransport.housekeeping = frozenset(entry["task"] for entry in celery.conf.beat_schedule.values())
        TRANSPORT_ALIASES["sqla"] = f"{__name__}:EasingTransport"
        celery.conf.broker_transport_options = {"connect_args": {"timeout": 30}}
    if config["CELERY_BROKER_URL"].startswith(("redis://", "rediss://")):
        # Without these a Redis that is stopped (or frozen) holds a publish for minutes, or forever.
        celery.conf.broker_transport_options = {"socket_connect_timeout": config["BROKER_CONNECT_TIMEOUT"],
                                                "socket_timeout": config["BROKER_SOCKET_TIMEOUT"]}
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
