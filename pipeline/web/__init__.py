"""The web side of hoso (`hoso serve`): pages over the archive and the index, for the office's own use.

A user interface on top of the pipeline, like the CLI: it may use every stage, and no stage uses it.

    server.py   the search page, entry pages, the petition register and the dossier PDFs
"""

from .server import Settings, make_server, serve_in_background

__all__ = ["Settings", "make_server", "serve_in_background"]
