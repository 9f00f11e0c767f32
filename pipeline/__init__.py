"""hoso: the dossier of a dialogue session (hồ sơ buổi tiếp xúc, đối thoại), end to end.

The package follows the pipeline, data flowing one way:

    record    YAML records -> validated dataclasses          (pipeline.record)
    followup  petitions' status after the session            (pipeline.followup)
    cli       the `hoso` command                              (pipeline.cli)

Later stages (documents, archive, index) read the dataclasses of ``pipeline.record.model``.
"""
