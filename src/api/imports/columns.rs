//! What each kind of import reads: its columns, with the Vietnamese header the template shows,
//! the other headers that mean the same (matched after folding case and diacritics), and the
//! member of the API's create request each fills in. A row becomes that request, so an
//! imported record passes exactly the checks of one created by hand.

use crate::domain::text;
use crate::domain::vocab::ImportKind;

/// What a column holds, and how its cells become the request's member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Text,
    /// A day: a date cell, `dd/mm/yyyy` or `yyyy-mm-dd`.
    Date,
    /// A whole number (a year).
    Integer,
    /// Yes or no: `có`/`không`, `x`/empty, `true`/`false`, `1`/`0`.
    Bool,
    /// One value of the named enum of the spec, by its code or its Vietnamese name.
    Enum(&'static str),
    /// A unit's code, in the register or in the same file.
    UnitCode,
    /// A document's number (số, ký hiệu), in the register or in the same file.
    DocumentNumber,
    /// Movements' codes, separated by commas, semicolons or new lines.
    MovementCodes,
    /// An award type's code (`/api/v1/award-types`).
    AwardTypeCode,
    /// An awardee's name, within the unit of the row's `/awardee_unit_id` column.
    AwardeeName,
}

/// One column of a kind.
#[derive(Debug)]
pub struct Column {
    /// The member of the create request it fills in, as a JSON pointer (`/parent_id`).
    pub member: &'static str,
    /// The header of the template.
    pub header: &'static str,
    /// Other headers meaning the same; the member's name (`parent_code`) is always one.
    pub synonyms: &'static [&'static str],
    pub value: Value,
    pub required: bool,
    /// What to write, in Vietnamese and in English.
    pub note: (&'static str, &'static str),
}

impl Column {
    /// Whether a file's header names this column: its header, its key or a synonym, with
    /// case, diacritics, punctuation and spacing folded away.
    pub fn answers_to(&self, header: &str) -> bool {
        let folded = text::fold(header);
        !folded.is_empty()
            && (folded == text::fold(self.header)
                || folded == text::fold(self.key())
                || self.synonyms.iter().any(|s| text::fold(s) == folded))
    }

    /// The column's key: the request member it fills in, with `_id` read as `_code` or
    /// `_number` where the file names a record by its code or number.
    pub fn key(&self) -> &'static str {
        KEYS.iter()
            .find(|(m, _)| *m == self.member)
            .map_or(&self.member[1..], |(_, k)| k)
    }
}

/// The keys of the columns that name another record.
const KEYS: &[(&str, &str)] = &[
    ("/parent_id", "parent_code"),
    ("/issuing_unit_id", "issuing_unit_code"),
    ("/lead_unit_id", "lead_unit_code"),
    ("/basis_document_id", "basis_document_number"),
    ("/programme_document_id", "programme_document_number"),
    ("/managing_unit_id", "managing_unit_code"),
    ("/movement_ids", "movement_codes"),
    ("/awardee_unit_id", "awardee_unit_code"),
    ("/awardee_id", "awardee_name"),
    ("/award_type_id", "award_type_code"),
    ("/unit_id", "unit_code"),
    ("/personal_data/birth_date", "birth_date"),
    ("/personal_data/phone", "phone"),
    ("/personal_data/national_id", "national_id"),
    ("/personal_data/home_address", "home_address"),
];

macro_rules! col {
    ($member:literal, $header:literal, [$($syn:literal),*], $value:expr, $required:literal, $vi:literal, $en:literal) => {
        Column {
            member: $member,
            header: $header,
            synonyms: &[$($syn),*],
            value: $value,
            required: $required,
            note: ($vi, $en),
        }
    };
}
pub(super) use col;

const UNITS: &[Column] = &[
    col!(
        "/code",
        "Mã đơn vị",
        ["Mã", "Mã ĐV", "Ký hiệu"],
        Value::Text,
        true,
        "Chữ, số, '.', '_' hoặc '-', tối đa 32 ký tự; không trùng mã đã có",
        "letters, digits, '.', '_' or '-', at most 32; not a code already taken"
    ),
    col!(
        "/name",
        "Tên đơn vị",
        ["Tên", "Tên cơ quan, đơn vị", "Tên cơ quan"],
        Value::Text,
        true,
        "Tên đầy đủ",
        "the full name"
    ),
    col!(
        "/kind",
        "Loại đơn vị",
        ["Loại", "Loại hình"],
        Value::Enum("UnitKind"),
        true,
        "Mã hoặc tên loại",
        "the kind's code or Vietnamese name"
    ),
    col!(
        "/parent_id",
        "Mã đơn vị cấp trên",
        ["Cấp trên", "Đơn vị cấp trên", "Mã cấp trên"],
        Value::UnitCode,
        false,
        "Mã của đơn vị cấp trên (đã có hoặc ở dòng khác của tệp)",
        "the parent's code (in the register or on another row)"
    ),
    col!(
        "/valid_from",
        "Hoạt động từ ngày",
        ["Ngày thành lập", "Từ ngày", "Ngày bắt đầu"],
        Value::Date,
        false,
        "dd/mm/yyyy",
        "dd/mm/yyyy"
    ),
    col!(
        "/valid_to",
        "Hoạt động đến ngày",
        ["Đến ngày", "Ngày kết thúc"],
        Value::Date,
        false,
        "dd/mm/yyyy; để trống nếu đang hoạt động",
        "dd/mm/yyyy; empty while it works"
    ),
    col!(
        "/email",
        "Thư điện tử",
        ["Email", "E-mail", "Hộp thư"],
        Value::Text,
        false,
        "",
        ""
    ),
    col!(
        "/phone",
        "Điện thoại",
        ["Số điện thoại", "SĐT", "ĐT"],
        Value::Text,
        false,
        "",
        ""
    ),
    col!(
        "/website",
        "Trang thông tin điện tử",
        ["Website", "Trang web", "Cổng thông tin điện tử"],
        Value::Text,
        false,
        "http:// hoặc https://",
        "http:// or https://"
    ),
];

const DOCUMENTS: &[Column] = &[
    col!(
        "/number",
        "Số, ký hiệu",
        ["Số", "Số hiệu", "Số văn bản", "Số ký hiệu văn bản"],
        Value::Text,
        true,
        "Như 1801/UBND-NC",
        "as 1801/UBND-NC"
    ),
    col!(
        "/kind",
        "Loại văn bản",
        ["Loại", "Hình thức văn bản"],
        Value::Enum("DocumentKind"),
        true,
        "Mã hoặc tên loại",
        "the kind's code or Vietnamese name"
    ),
    col!(
        "/issued_on",
        "Ngày ban hành",
        ["Ngày", "Ngày ký", "Ngày văn bản"],
        Value::Date,
        true,
        "dd/mm/yyyy; không ở tương lai",
        "dd/mm/yyyy; not in the future"
    ),
    col!(
        "/issuing_unit_id",
        "Mã đơn vị ban hành",
        ["Cơ quan ban hành", "Đơn vị ban hành", "Mã cơ quan ban hành"],
        Value::UnitCode,
        true,
        "Mã đơn vị (đã có)",
        "a unit's code (in the register)"
    ),
    col!(
        "/title",
        "Trích yếu",
        ["Trích yếu nội dung", "Tên văn bản", "Nội dung"],
        Value::Text,
        true,
        "",
        ""
    ),
];

const MOVEMENTS: &[Column] = &[
    col!(
        "/code",
        "Mã phong trào",
        ["Mã", "Ký hiệu"],
        Value::Text,
        true,
        "Chữ, số, '.', '_' hoặc '-', tối đa 40 ký tự",
        "letters, digits, '.', '_' or '-', at most 40"
    ),
    col!(
        "/name",
        "Tên phong trào",
        ["Tên", "Tên phong trào thi đua"],
        Value::Text,
        true,
        "",
        ""
    ),
    col!(
        "/lead_unit_id",
        "Mã cơ quan chủ trì",
        ["Cơ quan chủ trì", "Đơn vị chủ trì", "Mã đơn vị chủ trì"],
        Value::UnitCode,
        true,
        "Mã đơn vị",
        "a unit's code"
    ),
    col!(
        "/basis_document_id",
        "Số văn bản phát động",
        ["Văn bản phát động", "Căn cứ", "Số văn bản căn cứ"],
        Value::DocumentNumber,
        true,
        "Số, ký hiệu của văn bản (đã có hoặc cùng lần nhập trước)",
        "the document's number (in the register)"
    ),
    col!(
        "/programme_document_id",
        "Số văn bản chương trình",
        ["Chương trình", "Văn bản chương trình"],
        Value::DocumentNumber,
        false,
        "Số, ký hiệu",
        "the document's number"
    ),
    col!(
        "/phase_from",
        "Giai đoạn từ năm",
        ["Từ năm", "Năm bắt đầu"],
        Value::Integer,
        false,
        "2000–2100",
        "2000–2100"
    ),
    col!(
        "/phase_to",
        "Giai đoạn đến năm",
        ["Đến năm", "Năm kết thúc"],
        Value::Integer,
        false,
        "2000–2100",
        "2000–2100"
    ),
    col!(
        "/start_on",
        "Ngày bắt đầu",
        ["Ngày phát động", "Từ ngày"],
        Value::Date,
        false,
        "dd/mm/yyyy; ngày của văn bản phát động khi để trống",
        "dd/mm/yyyy; the basis document's day when empty"
    ),
    col!(
        "/end_on",
        "Ngày kết thúc",
        ["Đến ngày"],
        Value::Date,
        false,
        "dd/mm/yyyy",
        "dd/mm/yyyy"
    ),
    col!(
        "/participation_scale",
        "Quy mô tham gia",
        ["Quy mô"],
        Value::Enum("Scale"),
        false,
        "standard (thông thường) hoặc broad (nhiều đối tượng tham gia)",
        "standard or broad"
    ),
    col!(
        "/description",
        "Mô tả",
        ["Nội dung", "Ghi chú"],
        Value::Text,
        false,
        "",
        ""
    ),
];

const MODELS: &[Column] = &[
    col!(
        "/kind",
        "Tập thể/Cá nhân",
        ["Loại", "Tập thể hay cá nhân"],
        Value::Enum("ModelKind"),
        true,
        "Tập thể hoặc Cá nhân",
        "collective or individual"
    ),
    col!(
        "/name",
        "Tên điển hình",
        ["Tên", "Họ và tên", "Tên tập thể, cá nhân"],
        Value::Text,
        true,
        "",
        ""
    ),
    col!(
        "/managing_unit_id",
        "Mã đơn vị quản lý",
        ["Đơn vị quản lý", "Mã đơn vị", "Đơn vị"],
        Value::UnitCode,
        true,
        "Mã đơn vị",
        "a unit's code"
    ),
    col!(
        "/movement_ids",
        "Mã phong trào",
        ["Phong trào", "Các phong trào"],
        Value::MovementCodes,
        true,
        "Một hoặc nhiều mã, cách nhau bởi dấu phẩy",
        "one or more codes, separated by commas"
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
        "/summary",
        "Tóm tắt thành tích",
        ["Tóm tắt", "Thành tích tiêu biểu"],
        Value::Text,
        true,
        "",
        ""
    ),
    col!(
        "/achievements",
        "Thành tích",
        ["Thành tích chi tiết", "Nội dung thành tích"],
        Value::Text,
        false,
        "",
        ""
    ),
    col!(
        "/discovered_on",
        "Ngày phát hiện",
        ["Ngày"],
        Value::Date,
        false,
        "dd/mm/yyyy; hôm nay khi để trống",
        "dd/mm/yyyy; today when empty"
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
    col!(
        "/consent",
        "Đồng ý công khai",
        ["Đồng ý"],
        Value::Bool,
        false,
        "Có/Không; cá nhân đồng ý công bố",
        "yes/no: the individual consents to publication"
    ),
    col!(
        "/published",
        "Công khai",
        ["Công bố"],
        Value::Bool,
        false,
        "Có/Không",
        "yes/no"
    ),
];

/// The columns of a kind, in the template's order.
pub fn of(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Units => UNITS,
        ImportKind::Documents => DOCUMENTS,
        ImportKind::Movements => MOVEMENTS,
        ImportKind::ExemplaryModels => MODELS,
        ImportKind::Awardees => super::register::AWARDEES,
        ImportKind::Awards => super::register::AWARDS,
    }
}

/// The name of the template's data sheet, and the names a workbook's sheet of this kind may
/// have.
pub fn sheet_names(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Units => &["Đơn vị", "units", "Cơ quan, đơn vị"],
        ImportKind::Documents => &["Văn bản", "documents"],
        ImportKind::Movements => &["Phong trào", "movements", "Phong trào thi đua"],
        ImportKind::ExemplaryModels => &["Điển hình", "exemplary_models", "Điển hình tiên tiến"],
        ImportKind::Awardees => &["Cá nhân, tập thể", "awardees", "Đối tượng khen thưởng"],
        ImportKind::Awards => &["Khen thưởng", "awards", "Sổ khen thưởng"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_case_and_diacritics() {
        let code = &UNITS[0];
        assert!(code.answers_to("MÃ ĐƠN VỊ"));
        assert!(code.answers_to("ma don vi"));
        assert!(code.answers_to("code"));
        assert!(!code.answers_to("Tên đơn vị"));
        assert!(UNITS[3].answers_to("parent_code"));
    }

    #[test]
    fn no_two_columns_of_a_kind_answer_to_the_same_header() {
        for kind in ImportKind::ALL {
            let columns = of(*kind);
            for a in columns {
                let mut names = vec![a.header, a.key()];
                names.extend(a.synonyms);
                for name in names {
                    let answering: Vec<_> = columns.iter().filter(|c| c.answers_to(name)).collect();
                    assert_eq!(answering.len(), 1, "{kind:?}: {name} is ambiguous");
                }
            }
        }
    }
}
