"""hoso: the dossier of a dialogue session (hồ sơ buổi tiếp xúc, đối thoại), end to end.

The package follows the pipeline, data flowing one way:

    record     YAML records -> validated dataclasses                         (pipeline.record)
    documents  records -> the official documents, DOCX and PDF               (pipeline.documents)
    archive    documents + the office's files -> one sealed hồ sơ (BagIt)    (pipeline.archive)
    index      the archive -> a full-text index and search                   (pipeline.index)
    followup   petitions' status after the session                           (pipeline.followup)
    cli        the `hoso` command                                            (pipeline.cli)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hoso")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
