"""Subcommands of ``perfeval-xl``; each module has ``register(subparsers)`` and sets ``run``."""
