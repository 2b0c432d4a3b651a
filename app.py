"""WSGI entry for gunicorn: ``SVETOFOR_DATA_DIR=instance gunicorn -w 2 'app:server'``."""

from svetofor.ui.app import create_app

app = create_app()
server = app.server
