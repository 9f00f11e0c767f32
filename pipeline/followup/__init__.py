"""Stage 5 — Follow-up: what became of each petition after its session.

    write.py     `hoso followup`: a follow-up entry appended to the unit's ket-qua file, validated, atomic
    register.py  `hoso status`: the petition register as a table, CSV, and an official DANH SÁCH
    search_list.py  `hoso search --docx/--pdf`, the page's downloads: a result list as an official DANH SÁCH
    scaffold.py  `hoso new`: the next session's record, open petitions carried over
    report.py    `hoso report`: the year's figures and the BÁO CÁO document
    charts.py    the report's two charts
    summary.py   `hoso summary`: units, sessions, petitions by field and status

A petition's status itself is a record-level rule (``pipeline.record.status``): every stage derives it
the same way.
"""
