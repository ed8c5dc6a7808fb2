from polemos.version import __version__
