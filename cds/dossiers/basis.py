"""The legal basis each dossier KPI cites (data, shown on /dvc/ and in ``cds dvc kpi --format json``).

The dossier KPIs belong to the groups of Quyết định 766/QĐ-TTg ngày 23/6/2022 (the national index
of service to citizens and businesses). ``where`` names the index's group as publicly described;
the appendix table itself could not be read from the sources available (see
``docs/sources/qd-766-2022.md``), so no row number is claimed. The satisfaction KPIs do **not**
follow the decision: its rate divides by all dossiers in the remit (formula read, see
``docs/sources/qd-766-2022-nhom-chi-so.md``); ours is the share of satisfied ratings, as the
sample reports state it. Their ``where`` and ``note`` say so.
"""

from __future__ import annotations

from dataclasses import dataclass

DECISION = "Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"
URL = (
    "https://thuviennhadat.vn/vbpl/quyet-dinh-766-qd-ttg-2022-bo-chi-so-danh-gia-chat-luong-phuc-vu-"
    "thu-tuc-hanh-chinh-dien-tu-518821.html"
)
SOURCE_NOTE = "docs/sources/qd-766-2022.md"


@dataclass(frozen=True)
class Basis:
    document: str
    where: str  # the part of the document, as publicly stated
    url: str
    note: str = ""  # how we read it, where the text leaves a choice


_ONLINE = "Bộ chỉ số, nhóm «Cung cấp dịch vụ trực tuyến» (22 điểm)"
_PROGRESS = "Bộ chỉ số, nhóm «Tiến độ, kết quả giải quyết» (20 điểm)"
_DIGITISED = "Bộ chỉ số, nhóm «Số hóa hồ sơ» (22 điểm)"
_SATISFACTION = "Bộ chỉ số, nhóm «Mức độ hài lòng» (18 điểm) — công thức khác, xem ghi chú"
_SATISFACTION_NOTE = (
    "Quyết định tính «Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC = (Tổng số hồ sơ TTHC - Số hồ sơ "
    "không hài lòng hoặc có phản ánh, kiến nghị về việc tiếp nhận, giải quyết, quá hạn) / Tổng số hồ sơ TTHC "
    "có thẩm quyền giải quyết * 100%»; chỉ tiêu này là số lượt đánh giá từ hài lòng trở lên / số lượt đánh giá "
    "(như báo cáo mẫu), không phải tỷ lệ của Quyết định"
)

_GROUP = {
    "dvc.dossiers_total": _ONLINE,
    "dvc.dossiers_full": _ONLINE,
    "dvc.dossiers_partial": _ONLINE,
    "dvc.dossiers_online": _ONLINE,
    "dvc.dossiers_online_full": _ONLINE,
    "dvc.dossiers_online_partial": _ONLINE,
    "dvc.online_dossier_rate": _ONLINE,
    "dvc.full_online_dossier_rate": _ONLINE,
    "dvc.partial_online_dossier_rate": _ONLINE,
    "dvc.services_with_dossiers": _ONLINE,
    "dvc.services_with_online_dossiers": _ONLINE,
    "dvc.services_with_online_dossiers_rate": _ONLINE,
    "dvc.fee_dossiers": _ONLINE,
    "dvc.online_paid_dossiers": _ONLINE,
    "dvc.online_payment_rate": _ONLINE,
    "dvc.dossiers_digitised": _DIGITISED,
    "dvc.dossier_digitised_rate": _DIGITISED,
    "dvc.results_digitised": _DIGITISED,
    "dvc.result_digitised_rate": _DIGITISED,
    "dvc.dossiers_resolved": _PROGRESS,
    "dvc.dossiers_resolved_on_time": _PROGRESS,
    "dvc.on_time_rate": _PROGRESS,
    "dvc.ratings_total": _SATISFACTION,
    "dvc.satisfied_ratings": _SATISFACTION,
    "dvc.satisfaction_rate": _SATISFACTION,
}
_NOTES = {
    "dvc.full_online_dossier_rate": "hồ sơ trực tuyến của DVC toàn trình / tổng hồ sơ của DVC toàn trình",
    "dvc.partial_online_dossier_rate": "hồ sơ trực tuyến của DVC một phần / tổng hồ sơ của DVC một phần",
    "dvc.on_time_rate": "đúng hạn: ngày hoàn thành trừ số ngày bổ sung hồ sơ không muộn hơn ngày hẹn trả",
    "dvc.online_payment_rate": "hồ sơ đã giải quyết của TTHC có nghĩa vụ tài chính đã thanh toán trực tuyến / "
    "hồ sơ đã giải quyết của các TTHC đó",
    "dvc.satisfaction_rate": _SATISFACTION_NOTE,
    "dvc.satisfied_ratings": _SATISFACTION_NOTE,
    "dvc.ratings_total": _SATISFACTION_NOTE,
}
BASIS: dict[str, Basis] = {
    code: Basis(DECISION, where, URL, _NOTES.get(code, "")) for code, where in _GROUP.items()
}


def basis_of(code: str) -> Basis:
    return BASIS[code]
