"""The Dash web UI: a thin layer of pages over :mod:`svetofor.service`."""
