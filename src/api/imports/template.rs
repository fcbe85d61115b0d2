//! The template of each kind: a workbook whose first sheet has the columns' headers (each
//! with a note of what to write and the other headers accepted) and whose second sheet,
//! "Hướng dẫn", lists every column, whether it is required, its synonyms and, for a closed
//! set, every accepted value.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use rust_xlsxwriter::{Format, Note, Workbook, XlsxError};

use super::columns::{self, Value};
use crate::domain::access::Caller;
use crate::domain::vocab::ImportKind;
use crate::error::{AppError, AppResult};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn accepted(value: Value) -> String {
    match value {
        Value::Text => "Văn bản (text)".to_owned(),
        Value::Date => "Ngày dd/mm/yyyy (a day)".to_owned(),
        Value::Integer => "Số nguyên (a whole number)".to_owned(),
        Value::Bool => "Có / Không (yes / no)".to_owned(),
        Value::UnitCode => "Mã đơn vị (a unit's code)".to_owned(),
        Value::DocumentNumber => "Số, ký hiệu văn bản (a document's number)".to_owned(),
        Value::AwardTypeCode => "Mã loại khen thưởng (an award type's code)".to_owned(),
        Value::AwardeeName => {
            "Tên cá nhân, tập thể trong đơn vị (an awardee's name in the unit)".to_owned()
        }
        Value::MovementCodes => {
            "Mã phong trào, cách nhau bởi dấu phẩy (movements' codes)".to_owned()
        }
        Value::Enum(schema) => crate::texts::enum_glosses(schema)
            .map(|e| {
                e.values
                    .iter()
                    .map(|(code, vi, _)| format!("{code}: {vi}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
    }
}

/// The sheet "Hướng dẫn": each column, its key, whether it is required, its synonyms, its
/// accepted values and notes.
fn guide(book: &mut Workbook, columns: &[columns::Column], bold: &Format) -> Result<(), XlsxError> {
    let wrap = Format::new().set_text_wrap();
    let guide = book.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    let headings = [
        "Cột (column)",
        "Khóa (key)",
        "Bắt buộc (required)",
        "Tên khác được chấp nhận (other headers)",
        "Giá trị (values)",
        "Ghi chú (notes)",
    ];
    for (col, h) in (0u16..).zip(headings) {
        guide.write_string_with_format(0, col, h, bold)?;
    }
    for (row, c) in (1u32..).zip(columns) {
        let cells = [
            c.header.to_owned(),
            c.key().to_owned(),
            if c.required { "Có" } else { "Không" }.to_owned(),
            c.synonyms.join("; "),
            accepted(c.value),
            format!("{} ({})", c.note.0, c.note.1),
        ];
        for (col, cell) in (0u16..).zip(cells) {
            guide.write_string_with_format(row, col, cell.trim_end_matches(" ()"), &wrap)?;
        }
    }
    for (col, width) in [
        (0u16, 28.0),
        (1, 24.0),
        (2, 12.0),
        (3, 36.0),
        (4, 48.0),
        (5, 48.0),
    ] {
        guide.set_column_width(col, width)?;
    }
    Ok(())
}

/// The template of `kind` as an .xlsx workbook.
pub fn workbook(kind: ImportKind) -> Result<Vec<u8>, XlsxError> {
    let columns = columns::of(kind);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(columns::sheet_names(kind)[0])?;
    for (col, c) in (0u16..).zip(columns) {
        let header = if c.required {
            format!("{} *", c.header)
        } else {
            c.header.to_owned()
        };
        sheet.write_string_with_format(0, col, &header, &bold)?;
        let mut note = format!("{}\nKhóa (key): {}", c.note.0, c.key());
        if !c.synonyms.is_empty() {
            note.push_str(&format!("\nTên khác (also): {}", c.synonyms.join("; ")));
        }
        sheet.insert_note(0, col, &Note::new(note.trim_start()).set_author("thidua"))?;
        sheet.set_column_width(col, 24)?;
        // Codes, numbers and phone numbers stay text, so a leading zero is kept.
        match c.value {
            Value::Date => sheet.set_column_format(col, &day)?,
            Value::Text | Value::UnitCode | Value::DocumentNumber | Value::MovementCodes => {
                sheet.set_column_format(col, &text)?
            }
            _ => sheet,
        };
    }
    sheet.set_freeze_panes(1, 0)?;
    guide(&mut book, columns, &bold)?;
    book.save_to_buffer()
}

/// The template of a kind of import (.xlsx): the columns to fill in, with their notes, and a
/// sheet "Hướng dẫn" with each column's synonyms and accepted values.
#[utoipa::path(
    tag = "imports",
    params(("kind" = ImportKind, Path, description = "Loại dữ liệu của mẫu")),
    responses((status = 200, description = "Mẫu nhập dữ liệu (Excel)", content_type = XLSX, body = Vec<u8>,
        headers(("Content-Disposition" = String, description = "attachment; filename=\"mau-nhap-….xlsx\"")))),
    security(("bearer" = []))
)]
#[get("/api/v1/imports/templates/{kind}.xlsx")]
pub async fn download(_caller: Caller, path: web::Path<ImportKind>) -> AppResult<HttpResponse> {
    let kind = path.into_inner();
    let bytes = web::block(move || workbook(kind))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"mau-nhap-{}.xlsx\"", kind.as_str()),
        ))
        .body(bytes))
}
