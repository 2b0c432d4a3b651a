"""Make ``docs/screenshot-diagram.png`` for the README: the sample diagram in headless Chromium.

    .venv/bin/python scripts/screenshot.py [-o docs/screenshot-diagram.png] [--lang ru|en]

It serves the app on a throw-away data directory seeded from the sample list, marks one cell
as a planner's override (so the marker shows), and photographs the top of the page.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "screenshot-diagram.png")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    args = parser.parse_args()

    from svetofor.ui.app import create_app
    from svetofor.ui.context import SERVICE_KEY

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "data")
        svc = app.server.config[SERVICE_KEY]
        row = next(r for r in svc.view().rows if r.cells["BY"].colour == "red")
        svc.set_override(row.item.key, "BY", "yellow", "Письмо Минпрома от 01.03.2026", user="planner")
        server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=_Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1100}, device_scale_factor=1)
                url = f"http://127.0.0.1:{server.server_port}/"
                page.goto(url)
                if args.lang == "en":
                    page.evaluate("localStorage.setItem('lang-store', JSON.stringify('en'))")
                    page.goto(url)
                page.wait_for_selector(".sv-cell[data-item]")
                # the legend and totals fold away on a first visit: show them in the picture
                page.locator("#fold-legend-button").click()
                page.locator(".sv-legend").wait_for(state="visible")
                page.wait_for_selector("#fold-legend.show:not(.collapsing)")
                page.wait_for_timeout(400)  # the fold's slide to its end
                args.output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.output))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(args.output)


if __name__ == "__main__":
    main()
