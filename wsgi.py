"""Entry points: `app` for gunicorn / flask, `celery` for workers and beat."""

from app.factory import create_app

app = create_app()
celery = app.extensions["celery"]
