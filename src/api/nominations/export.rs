//! The exports of a quota pool's recommended list, for the Chairman's decision: CSV and Excel.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

use super::dto::{Nomination, PoolQuery};
use crate::domain::access::Caller;
use crate::domain::models::{Category, ModelKind};
use crate::domain::nominations::NominationState;
use crate::error::{AppError, AppResult};
use crate::service::nominations as service;
use crate::AppState;

/// The column headings of the exports.
const EXPORT_HEADINGS: [&str; 9] = [
    "STT",
    "Tên tập thể, cá nhân",
    "Loại",
    "Đơn vị",
    "Phong trào",
    "Hình thức khen thưởng",
    "Điểm",
    "Đối tượng ưu tiên",
    "Lý do đề xuất khi điểm chưa đạt",
];

fn category_label(c: Category) -> &'static str {
    match c {
        Category::SmallCollective => "Tập thể nhỏ",
        Category::FrontlineStaff => "Người trực tiếp thực hiện nhiệm vụ",
        Category::Worker => "Công nhân",
        Category::Farmer => "Nông dân",
        Category::DirectProducer => "Người trực tiếp lao động sản xuất",
        Category::Manager => "Cán bộ quản lý",
        Category::Other => "Khác",
    }
}

/// The recommended list as rows of text, in rank order.
async fn export_rows(
    caller: Caller,
    state: &AppState,
    q: PoolQuery,
) -> AppResult<(Vec<[String; 9]>, String)> {
    crate::api::year_param("year", Some(q.year), 2000..=2100)?;
    let name = format!("de-nghi-khen-thuong-{}-{}", q.track.as_str(), q.year);
    let recommended = state
        .db
        .read(move |conn| {
            let only = &[NominationState::Recommended];
            service::ranking(conn, &caller, &q.ask(), only)
        })
        .await?;
    let rows = recommended
        .items
        .into_iter()
        .enumerate()
        .map(|(i, (_, shown))| {
            let n = Nomination::from(shown);
            let category = category_label(n.nominee.category);
            [
                (i + 1).to_string(),
                n.nominee.name,
                match n.nominee.kind {
                    ModelKind::Collective => "Tập thể".to_owned(),
                    ModelKind::Individual => "Cá nhân".to_owned(),
                },
                n.nominee.unit.map(|u| u.name).unwrap_or_default(),
                n.movement.name,
                n.form.name,
                n.score.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
                if n.nominee.priority {
                    category.to_owned()
                } else {
                    format!("Không ({category})")
                },
                n.score_override.unwrap_or_default(),
            ]
        })
        .collect();
    Ok((rows, name))
}

/// The recommended list of a quota pool as CSV (UTF-8 with BOM, for spreadsheet programs).
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Danh sách đề nghị khen thưởng (CSV)", content_type = "text/csv", body = String)),
    security(("bearer" = []))
)]
#[get("/recommended.csv")]
pub async fn export_csv(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    let (rows, name) = export_rows(caller, &state, query.into_inner()).await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| AppError::internal(e);
    w.write_record(EXPORT_HEADINGS).map_err(failed)?;
    for r in &rows {
        w.write_record(r.iter().map(|cell| defuse(cell).into_owned()))
            .map_err(failed)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

/// The recommended list of a quota pool as an Excel workbook (.xlsx).
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Danh sách đề nghị khen thưởng (Excel)",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)),
    security(("bearer" = []))
)]
#[get("/recommended.xlsx")]
pub async fn export_xlsx(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    let (rows, name) = export_rows(caller, &state, query.into_inner()).await?;
    let bytes = web::block(move || workbook(&rows))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.xlsx\""),
        ))
        .body(bytes))
}

/// A text cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe. Numbers stay as they are.
pub(crate) fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn workbook(rows: &[[String; 9]]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách đề nghị").map_err(failed)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (col, heading) in (0u16..).zip(EXPORT_HEADINGS) {
        sheet
            .write_string_with_format(0, col, heading, &bold)
            .map_err(failed)?;
    }
    for (row, r) in (1u32..).zip(rows) {
        for (col, value) in (0u16..).zip(r.iter()) {
            // The order and the score as numbers, so the clerk can sort and sum them.
            match (col, value.parse::<f64>()) {
                (0 | 6, Ok(n)) => sheet.write_number(row, col, n),
                _ => sheet.write_string(row, col, value),
            }
            .map_err(failed)?;
        }
    }
    for (col, width) in [
        (0u16, 6.0),
        (1, 40.0),
        (2, 10.0),
        (3, 36.0),
        (4, 40.0),
        (5, 34.0),
        (6, 8.0),
        (7, 30.0),
        (8, 40.0),
    ] {
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(super::defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::defuse("-12.5"), "-12.5");
        assert_eq!(super::defuse("Tổ rau an toàn"), "Tổ rau an toàn");
    }
}
