//! Use cases of the public holidays the coordinator keeps: working days skip them.

use crate::error::Code;
use chrono::NaiveDate;

use super::{now, DbConn, Who};
use crate::error::{AppError, AppResult};
use crate::store::audit;
use crate::store::nominations as store;
pub use crate::store::nominations::HolidayRow;
use crate::t;

/// The public holidays of a year, by day.
pub fn holidays_of(conn: &mut DbConn, year: i32) -> AppResult<Vec<HolidayRow>> {
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    );
    store::holidays_between(conn, from, to)
}

/// Adds a public holiday on a day not listed yet.
pub fn add(conn: &mut DbConn, who: &Who, day: NaiveDate, name: &str) -> AppResult<HolidayRow> {
    if store::holiday(conn, day)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Ngày {} đã có trong danh sách.",
                "{} is already listed.",
                day
            ),
        ));
    }
    let row = HolidayRow {
        day,
        name: name.to_owned(),
        created_at: now(),
    };
    store::insert_holiday(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "holiday",
        &day.to_string(),
        None,
        Some(&serde_json::to_value(&row).unwrap_or_default()),
    )?;
    Ok(row)
}

/// Removes a public holiday; 404 when the day is not listed.
pub fn remove(conn: &mut DbConn, who: &Who, day: NaiveDate) -> AppResult<()> {
    let before =
        store::holiday(conn, day)?.ok_or_else(|| AppError::not_found("ngày nghỉ (holiday)"))?;
    store::delete_holiday(conn, day)?;
    audit::record(
        conn,
        who,
        "delete",
        "holiday",
        &day.to_string(),
        Some(&serde_json::to_value(&before).unwrap_or_default()),
        None,
    )
}
