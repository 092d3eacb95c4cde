"""The Celery app, configured from the Flask settings (Flask's own celery pattern)."""

from celery import Celery, Task
from flask import Flask
from kombu.transport import sqlalchemy as sqlalchemy_transport

from app.timefmt import TIMEZONE


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
        # This transport hands its options to create_engine, so the poll interval is set on
        # the class (a per-connection option would reach create_engine and crash it).
        sqlalchemy_transport.Transport.polling_interval = config["BROKER_POLL_SECONDS"]
        celery.conf.broker_transport_options = {"connect_args": {"timeout": 30}}
    if config["CELERY_BROKER_URL"].startswith(("redis://", "rediss://")):
        # Without these a Redis that is stopped (or frozen) holds a publish for minutes, or forever.
        celery.conf.broker_transport_options = {"socket_connect_timeout": config["BROKER_CONNECT_TIMEOUT"],
                                                "socket_timeout": config["BROKER_SOCKET_TIMEOUT"]}
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
