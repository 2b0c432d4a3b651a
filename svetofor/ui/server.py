"""Serving the app: werkzeug for the embedded default, gunicorn for several workers.

Several workers: ``SVETOFOR_DATA_DIR=/srv/svetofor gunicorn -w 2 -b 127.0.0.1:8050 'app:server'``
(every worker opens the same store; nothing lives in process memory between requests).
"""

from __future__ import annotations

from pathlib import Path

from svetofor.ui.app import create_app


def serve(data_dir: str | Path | None, host: str = "127.0.0.1", port: int = 8050) -> None:
    """Run the app on ``host:port`` until interrupted, printing the local address."""
    from werkzeug.serving import make_server

    app = create_app(data_dir)
    srv = make_server(host, port, app.server, threaded=True)
    print(f"Svetofor: http://{host}:{srv.server_port}/ (Ctrl+C to stop)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
