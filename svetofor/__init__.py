"""Svetofor: the production-coverage ("traffic light") diagram of the Union State machine-tool roadmap."""

__version__ = "0.1.0"
