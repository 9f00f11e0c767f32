"""`hoso summary`: the units, their sessions and petitions by field and by status, as text for the terminal."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..formatting import short_date
from ..record.model import RecordSet
from ..record.status import ORDER, statuses


def summary(records: RecordSet, as_of: dt.date) -> str:
    status = statuses(records, as_of)
    petitions = list(records.petitions())
    lines = [f"ĐƠN VỊ ({len(records.units)})"]
    for unit in sorted(records.units.values(), key=lambda u: u.code):
        sessions = [s for s in records.sessions if s.unit == unit.code]
        count = sum(len(s.petitions) for s in sessions)
        plans = ", ".join(str(p.year) for p in records.plans if p.unit == unit.code) or "chưa có"
        lines.append(
            f"  {unit.code:<28} {unit.name} — khối {unit.kind}, cấp {unit.level}, thể thức {unit.profile}; "
            f"kế hoạch năm: {plans}; {len(sessions)} buổi, {count} kiến nghị"
        )
    lines += ["", f"BUỔI TIẾP XÚC, ĐỐI THOẠI ({len(records.sessions)})"]
    for s in records.sessions:
        lines.append(f"  {short_date(s.date)}  {s.id:<22} {s.form:<10} {len(s.petitions):>3} kiến nghị  {s.topic}")
    lines += ["", f"KIẾN NGHỊ THEO LĨNH VỰC ({len(petitions)})"]
    for name, n in sorted(Counter(p.field for p in petitions).items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {n:>4}  {name}")
    lines += ["", f"KIẾN NGHỊ THEO TRẠNG THÁI (tính đến ngày {short_date(as_of)})"]
    by_status = Counter(st.status for st in status.values())
    for name in ORDER:
        if by_status[name]:
            lines.append(f"  {by_status[name]:>4}  {name}")
    overdue = sorted((st.days_overdue, pid) for pid, st in status.items() if st.overdue)
    lines.append(f"  trong đó quá hạn: {len(overdue)}")
    by_id = {p.id: p for p in petitions}
    for days, pid in reversed(overdue):
        p = by_id[pid]
        lines.append(f"    {pid:<22} quá hạn {days} ngày (hạn {short_date(p.deadline)}, {p.agency})")
    return "\n".join(lines)
