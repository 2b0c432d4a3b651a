"""Dash page modules (registered with ``dash.register_page`` when the app is created)."""
