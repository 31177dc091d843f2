"""Issue 21, item 2 (session 10): indicators that had no alias carry the phrasings reports use.

Each phrasing is quoted, never invented: most come from the report the indicator was built from
— the sample reports quoted in the indicator's own ``source`` (Sơn Nham 2024, Tịnh Châu 2023,
TP Quảng Ngãi 2022) — so the test finds each in that quote; the rest from a corpus text or an
official set, cited beside it. Every phrasing finds its indicator in each shipped version that
holds it (aliases are unique across indicators: the loader refuses a phrasing of two)."""

from pathlib import Path

import pytest

from cds.catalog.services import get_catalog
from cds.lib.text import fold_words

pytestmark = pytest.mark.django_db

# (indicator, phrasing as the report quoted in the indicator's source writes it)
SOURCE_PHRASINGS = [
    ("steering.committee_established", "thành lập và kiện toàn Ban Chỉ đạo chuyển đổi số"),
    ("steering.head_is_chairman", "Chủ tịch UBND xã làm Trưởng ban"),
    ("steering.members", "thành viên BCD chuyển đổi số"),
    ("steering.leader_assigned", "phụ trách kiêm nhiệm làm công tác chuyển đổi số"),
    ("institution.egov_architecture_applied", "triển khai, duy trì kiến trúc Chính quyền điện tử"),
    ("institution.dvc_incentive_policy", "chính sách khuyến khích người dân, doanh nghiệp"),
    ("infra.tslcd_connected", "kết nối mạng truyền số liệu chuyên dùng"),
    ("infra.communes_with_fibre", "xã, phường đã có kết nối mạng cáp quang"),
    ("infra.video_conference_connected", "kết nối nền tảng họp trực tuyến của tỉnh"),
    ("infra.staff_with_computer", "công chức được trang bị máy tính"),
    ("infra.website_ipv6", "chuyển đổi sang công nghệ IPv6"),
    ("hr.staff_total", "CBCC, người hoạt động không chuyên trách xã"),
    ("training.officials_completed", "CBCC xã đã hoàn thành lớp bồi dưỡng"),
    ("training.civil_servants_trained", "công chức tham gia các lớp tập huấn về công tác chuyển đổi số"),
    ("training.civil_servants_specialised", "công chức tham gia bồi dưỡng chuyên đề về chuyển đổi số"),
    (
        "training.staff_certified",
        "CBCC, người hoạt động không chuyên trách xã đã tham gia và được cấp chứng nhận",
    ),
    ("training.residents_trained", "người tham gia vào các lớp tập huấn kỹ năng số"),
    ("training.local_classes", "lớp phổ biến kiến thức"),
    ("training.online_courses", "khóa học trực tuyến"),
    ("training.conferences_attended", "hội nghị, bồi dưỡng, tập huấn chuyên đề về chuyển đổi số"),
    ("attt.workstations_antimalware", "máy trạm của UBND cấp xã cài đặt phòng, chống mã độc"),
    ("attt.systems_monitored", "hệ thống thông tin của cơ quan nhà nước được giám sát trực tiếp"),
    ("attt.incident_response_plans", "phương án đối phó, ứng cứu"),
    ("attt.incidents_handled", "sự cố đã xử lý, hỗ trợ xử lý trong cơ quan nhà nước"),
    ("attt.website_trust_label", "gắn nhãn Chứng nhận tín nhiệm mạng"),
    ("budget.security", "kinh phí bảo đảm an toàn, an ninh mạng"),
    ("gov.website_visits", "số lượng truy cập trang thông tin điện tử"),
    ("gov.citizen_app_users", "người dân cài đặt và sử dụng ứng dụng"),
    ("budget.digital_government", "chi ngân sách cho chính quyền số"),
    ("dvc.full_online_eligible_services", "dịch vụ công đủ điều kiện lên trực tuyến toàn trình"),
    ("dvc.services_with_online_dossiers_rate", "tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ trực tuyến"),
    ("dvc.fee_procedures_online_payment", "TTHC đang triển khai thanh toán trực tuyến"),
    ("dvc.fee_procedures_online_payment_rate", "tỷ lệ TTHC được triển khai thanh toán trực tuyến"),
    ("dvc.fee_dossiers", "hồ sơ đã giải quyết của các TTHC thuộc phạm vi có yêu cầu nghĩa vụ tài chính"),
    ("dvc.satisfied_ratings", "lượt đánh giá mức độ từ hài lòng trở lên"),
    ("dvc.ratings_total", "lượt công dân và tổ chức tham gia đánh giá"),
    ("dvc.citizens_registered", "người dân đăng ký dịch vụ công trực tuyến"),
    ("dvc.businesses_registered", "doanh nghiệp đăng ký dịch vụ công trực tuyến"),
    (
        "dvc.registered_users_active_rate",
        "tỷ lệ người dân, doanh nghiệp trên địa bàn xã có sử dụng dịch vụ công trực tuyến",
    ),
    ("dvc.essential_services_de_an_06", "dịch vụ công thiết yếu theo Đề án 06"),
    ("econ.firms_using_econtracts", "doanh nghiệp có sử dụng hợp đồng điện tử"),
    ("econ.household_businesses", "hộ kinh doanh"),
    ("econ.postal_points", "điểm phục vụ bưu chính"),
    (
        "econ.postal_points_broadband",
        "điểm phục vụ của mạng bưu chính công cộng có kết nối Internet băng rộng cố định",
    ),
    ("econ.vn_domains", "tên miền .vn"),
    ("budget.digital_economy", "kinh phí đầu tư từ NSNN cho kinh tế số"),
    (
        "society.vneid_level2",
        "người dân từ 14 tuổi trở lên có tài khoản định danh điện tử từ mức độ 2 trở lên",
    ),
    ("society.basic_ict_skills", "người biết kỹ năng công nghệ thông tin và truyền thông ở mức cơ bản"),
    ("society.citizen_feedback", "phản ánh, kiến nghị của nhân dân"),
    (
        "society.health_facilities_chip_id",
        "cơ sở khám, chữa bệnh đã thực hiện tra cứu thông tin thẻ BHYT bằng căn cước công dân",
    ),
    (
        "gov.officials_using_eoffice",
        "cán bộ, công chức xã sử dụng hệ thống quản lý văn bản và điều hành điện tử",
    ),
]
# (indicator, phrasing, where it is written)
CITED_PHRASINGS = [
    (
        "dvc.online_payment_rate",
        "tỷ lệ thanh toán trực tuyến",
        "corpus 29; Quyết định 766/QĐ-TTg, chỉ số «Tỷ lệ thanh toán trực tuyến» (basis)",
    ),
    ("dvc.dossier_digitised_rate", "tỷ lệ số hóa hồ sơ đầu vào", "corpus 29"),
    ("dvc.on_time_rate", "tỷ lệ giải quyết đúng và trước hạn", "corpus 30"),
    ("dvc.online_dossier_rate", "tỷ lệ nộp trực tuyến", "corpus 30"),
    ("dvc.dossiers_online", "hồ sơ được nộp qua mạng", "corpus 30"),
    ("awareness.events_organised", "tổ chức chuỗi sự kiện", "corpus 09"),
    ("infra.household_fibre_rate", "hộ gia đình được lắp cáp quang", "corpus 36"),
    (
        "gov.officials_using_eoffice",
        "người dùng hệ thống quản lý văn bản và điều hành điện tử",
        "corpus 36 («Hệ thống quản lý văn bản và điều hành điện tử iOffice … người dùng»)",
    ),
    (
        "dvc.onestop_system_rate",
        "hồ sơ hành chính được tiếp nhận, xử lý và trả kết quả trên hệ thống một cửa điện tử",
        "corpus 35",
    ),
    (
        "infra.villages_fibre_rate",
        "mạng cáp quang băng thông rộng được triển khai đến tổ dân phố",
        "corpus 37 («… đã được triển khai rộng khắp đến 100% tổ dân phố»)",
    ),
    (
        "dvc.online_services_rate",
        "tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
        "Quyết định 766/QĐ-TTg, tiêu chí 3.1 «Tỷ lệ % TTHC cung cấp dịch vụ công trực tuyến»",
    ),
]
# (indicator, row of sample 000's Phụ lục II, column header): the cell's phrasing is «row: header»
PHU_LUC_II_ROWS = {
    "guidance": "ra quân hướng cho người dân về kỹ năng khai thác và sử dụng các nền tảng số",
    "local_course": "tập huấn chuyển đổi số trên địa bàn xã",
    "provincial_programme": (
        "chương trình tập huấn Tổ Công nghệ số cộng đồng các địa phương do Sở Thông tin và Truyền thông tổ chức"
    ),
}
PHU_LUC_II_COLUMNS = {
    "officials": "số lượng CB, CC, NHDKCT được hướng dẫn, tập huấn",
    "team_members": "số lượng thành viên Tổ CNSCĐ xã được hướng dẫn, tập huấn",
    "residents": "số lượng người dân hưởng ứng và được tập huấn, hướng dẫn",
}
CITED_PHRASINGS += [
    (f"training.{r}_{c}", f"{row}: {column}", "mẫu 000, Phụ lục II")
    for r, row in PHU_LUC_II_ROWS.items()
    for c, column in PHU_LUC_II_COLUMNS.items()
]
ALL = [(c, p) for c, p in SOURCE_PHRASINGS] + [(c, p) for c, p, _ in CITED_PHRASINGS]


def _holding(code):
    holding = [c for c in (get_catalog(version=v) for v in ("2022.1", "2025.1")) if code in c.codes()]
    assert holding, f"{code} is in no shipped catalog"
    return holding


@pytest.mark.parametrize(("code", "phrasing"), ALL, ids=[f"{c}-{p}" for c, p in ALL])
def test_a_phrasing_a_report_uses_finds_its_indicator_in_every_version_that_holds_it(code, phrasing):
    for catalog in _holding(code):
        found = catalog.find(phrasing)
        assert found is not None and found.code == code, f"catalog {catalog.version}: «{phrasing}»"


@pytest.mark.parametrize(("code", "phrasing"), SOURCE_PHRASINGS, ids=[c for c, _ in SOURCE_PHRASINGS])
def test_a_sample_report_phrasing_is_quoted_in_the_indicators_own_source(code, phrasing):
    source = get_catalog(version="2022.1")[code].source
    assert fold_words(phrasing) in fold_words(source), (code, phrasing)


def test_each_phu_luc_ii_phrasing_is_the_row_and_the_column_header_of_sample_000():
    sample = Path(__file__).resolve().parents[2] / "demo_data" / "sample-reports" / "000_afd8162fd66d81f4.txt"
    text = fold_words(sample.read_text(encoding="utf-8"))
    for part in (*PHU_LUC_II_ROWS.values(), *PHU_LUC_II_COLUMNS.values()):
        assert fold_words(part) in text, part
