"""HTTP API and web UI of Polemos (``polemos serve``); needs the ``web`` extra."""

from polemos.api.app import create_app

__all__ = ["create_app"]
