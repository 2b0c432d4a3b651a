"""Subcommands of ``svetofor`` that live outside cli.py, one module per area: each has
``register(sub, h)`` (adds its parsers) and ``run(args, out, err)`` (its handler in ``COMMANDS``).
Heavy modules are imported inside the handlers: the CLI's start-up time is measured."""
