"""WSGI entry for gunicorn: ``SVETOFOR_DATA_DIR=instance gunicorn -w 2 'app:server'``."""

import os

from svetofor.security import PRIVATE_UMASK
from svetofor.ui.app import create_app

os.umask(PRIVATE_UMASK)  # every file the workers create in the data dir is private (docs/security.md)
app = create_app()
server = app.server
