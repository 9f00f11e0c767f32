"""Which unit a document covering several units goes out under (the register's DANH SÁCH, the annual report)."""

from __future__ import annotations

from collections.abc import Sequence

from ..record.model import RecordSet, Unit


class IssuerUnclear(Exception):
    """Several units could issue the document; the message says how to choose one."""


def issuing_unit(records: RecordSet, asked: Sequence[str]) -> Unit:
    """The unit asked for, the only one, or else the Party committee, which reports on the grassroots
    democracy work of the xã. Raises IssuerUnclear when none of these decides."""
    if len(asked) == 1:
        return records.units[asked[0]]
    if len(records.units) == 1:
        return next(iter(records.units.values()))
    party = [u for u in records.units.values() if u.kind == "Đảng"]
    if len(party) == 1:
        return party[0]
    raise IssuerUnclear("có nhiều đơn vị; hãy chọn đơn vị ban hành bằng --unit")
