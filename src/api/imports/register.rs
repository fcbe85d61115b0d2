//! The columns of the commendation register's imports: awardees (the individuals and
//! collectives of each unit) and awards (past honours, each naming its awardee by unit and
//! name, and its award type by code), so that eligibility can read a person's history.

use super::columns::{col, Column, Value};

pub const AWARDEES: &[Column] = &[
    col!(
        "/kind",
        "Loại",
        ["Tập thể hay cá nhân"],
        Value::Enum("ModelKind"),
        true,
        "Tập thể hoặc Cá nhân",
        "collective or individual"
    ),
    col!(
        "/name",
        "Tên cá nhân, tập thể",
        ["Tên", "Họ và tên", "Tên tập thể"],
        Value::Text,
        true,
        "Không trùng tên cùng loại trong một đơn vị",
        "not a name of the same kind already in the unit"
    ),
    col!(
        "/unit_id",
        "Mã đơn vị",
        ["Đơn vị", "Đơn vị công tác"],
        Value::UnitCode,
        true,
        "Đơn vị công tác của cá nhân, đơn vị của tập thể",
        "the individual's or collective's unit"
    ),
    col!(
        "/category",
        "Đối tượng",
        ["Nhóm đối tượng", "Thành phần"],
        Value::Enum("Category"),
        true,
        "Mã hoặc tên nhóm đối tượng",
        "the category's code or Vietnamese name"
    ),
    col!(
        "/position",
        "Chức vụ",
        ["Chức vụ, nghề nghiệp", "Nghề nghiệp"],
        Value::Text,
        false,
        "",
        ""
    ),
    col!(
        "/gender",
        "Giới tính",
        [],
        Value::Enum("Gender"),
        false,
        "Nam hoặc Nữ; cá nhân",
        "male or female; individuals"
    ),
    col!(
        "/personal_data/birth_date",
        "Ngày sinh",
        [],
        Value::Date,
        false,
        "Cá nhân",
        "individuals"
    ),
    col!(
        "/personal_data/phone",
        "Điện thoại",
        ["Số điện thoại", "SĐT"],
        Value::Text,
        false,
        "Cá nhân",
        "individuals"
    ),
    col!(
        "/personal_data/national_id",
        "Số định danh cá nhân",
        ["Số CCCD", "CCCD", "Số căn cước"],
        Value::Text,
        false,
        "Cá nhân",
        "individuals"
    ),
    col!(
        "/personal_data/home_address",
        "Địa chỉ",
        ["Nơi ở", "Địa chỉ thường trú"],
        Value::Text,
        false,
        "Cá nhân",
        "individuals"
    ),
];

pub const AWARDS: &[Column] = &[
    col!(
        "/awardee_unit_id",
        "Mã đơn vị",
        ["Đơn vị", "Đơn vị công tác"],
        Value::UnitCode,
        true,
        "Đơn vị của cá nhân, tập thể (như trong danh mục cá nhân, tập thể)",
        "the awardee's unit (as the register of awardees has it)"
    ),
    col!(
        "/awardee_id",
        "Tên cá nhân, tập thể",
        ["Tên", "Họ và tên", "Tên tập thể"],
        Value::AwardeeName,
        true,
        "Đúng tên trong danh mục cá nhân, tập thể của đơn vị (nhập danh mục trước)",
        "the name in the unit's register of awardees (import those first)"
    ),
    col!(
        "/award_type_id",
        "Mã danh hiệu, hình thức",
        ["Danh hiệu", "Hình thức khen thưởng", "Danh hiệu, hình thức"],
        Value::AwardTypeCode,
        true,
        "Mã loại khen thưởng (GET /api/v1/award-types), như chien-si-thi-dua-co-so",
        "an award type's code (GET /api/v1/award-types), as chien-si-thi-dua-co-so"
    ),
    col!(
        "/period_from",
        "Năm",
        ["Năm thành tích", "Từ năm"],
        Value::Integer,
        true,
        "Năm (đầu) của thành tích",
        "the (first) year of the achievement"
    ),
    col!(
        "/period_to",
        "Đến năm",
        ["Năm cuối"],
        Value::Integer,
        false,
        "Để trống khi thành tích một năm",
        "empty for one year's achievement"
    ),
    col!(
        "/decision_number",
        "Số quyết định",
        ["Số QĐ", "Quyết định số"],
        Value::Text,
        true,
        "",
        ""
    ),
    col!(
        "/decision_date",
        "Ngày quyết định",
        ["Ngày QĐ", "Ngày ký"],
        Value::Date,
        true,
        "dd/mm/yyyy",
        "dd/mm/yyyy"
    ),
    col!(
        "/issuing_authority",
        "Cấp quyết định",
        ["Người ký", "Thẩm quyền"],
        Value::Text,
        false,
        "Để trống: thẩm quyền theo phiên bản có hiệu lực ngày quyết định (bắt buộc trước 2024)",
        "empty: the authority of the version in force on the decision date (required before 2024)"
    ),
    col!(
        "/stream",
        "Loại khen thưởng",
        ["Khen thưởng theo"],
        Value::Enum("AwardStream"),
        false,
        "Để trống: theo loại của danh hiệu, hình thức",
        "empty: the award type's stream"
    ),
    col!("/note", "Ghi chú", [], Value::Text, false, "", ""),
];
