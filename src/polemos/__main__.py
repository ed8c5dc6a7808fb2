"""``python -m polemos``: the command line."""

from polemos.cli import app

app()
