//! Use cases of emulation congresses: the coordinator records a congress on the document that
//! convenes it; a nomination for a congress track goes to one, named by `congress_id` or, for
//! the letter's congresses, by its old track value alone.

use chrono::Datelike;

use super::{new_id, now, DbConn, Who};
use crate::domain::page as paging;
use crate::domain::vocab::{CongressLevel, Track};
use crate::error::{unknown_reference, AppError, AppResult, Code};
use crate::store::audit;
use crate::store::congresses as store;
pub use crate::store::congresses::CongressRow;
use crate::t;

/// A new congress, its fields checked for form.
pub struct NewCongress {
    pub level: CongressLevel,
    pub number: i32,
    pub name: String,
    pub term_from: i32,
    pub term_to: i32,
    pub held_on: chrono::NaiveDate,
    pub document_id: String,
    pub draws_from_id: Option<String>,
}

/// The track whose nominations go to a congress of this level.
pub fn track_of(level: CongressLevel) -> Track {
    match level {
        CongressLevel::Provincial => Track::ProvincialCongress,
        CongressLevel::National => Track::NationalCongress,
    }
}

/// Records a congress: on a document in force issued on or before the day it is held, not a
/// second time (level, number and term), drawing only from a congress held before it.
pub fn create(conn: &mut DbConn, who: &Who, c: &NewCongress) -> AppResult<CongressRow> {
    let doc = super::movements::document(conn, "/document_id", &c.document_id)?;
    super::movements::not_before_document("/held_on", c.held_on, &doc)?;
    if let Some(source) = &c.draws_from_id {
        let from = store::get(conn, source)?
            .ok_or_else(|| unknown_reference("/draws_from_id", "đại hội / congress"))?;
        let later = from
            .held_on
            .map_or(from.year > c.held_on.year(), |day| day >= c.held_on);
        if later {
            return Err(AppError::invalid_field(
                "/draws_from_id",
                t!(
                    "Đại hội {} không diễn ra trước đại hội này.",
                    "Congress {} is not held before this one.",
                    from.name
                ),
            ));
        }
    }
    if store::exists(conn, c.level, c.number, c.term_from)? {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Đã có đại hội lần thứ {} của nhiệm kỳ bắt đầu năm {}.",
                "Congress number {} of the term from {} is on record already.",
                c.number,
                c.term_from
            ),
        ));
    }
    let at = now();
    let row = CongressRow {
        id: new_id(),
        level: c.level,
        number: c.number,
        name: c.name.clone(),
        term_from: c.term_from,
        term_to: c.term_to,
        year: c.held_on.year(),
        held_on: Some(c.held_on),
        document_id: Some(c.document_id.clone()),
        draws_from_id: c.draws_from_id.clone(),
        alias: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(conn, who, "create", "congress", &row.id, None, Some(&after))?;
    Ok(row)
}

/// One congress; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<CongressRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("đại hội (congress)"))
}

/// A page of congresses (of one year, or all), oldest first.
pub fn list(
    conn: &mut DbConn,
    year: Option<i32>,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<CongressRow>, Option<String>)> {
    let after: Option<(i32, String)> = paging::decode(cursor)?;
    let rows = store::list(conn, year, after, limit)?;
    Ok(paging::split(rows, limit, |r| (r.year, r.id.clone())))
}

/// The congress a nomination of `track` goes to: the one `congress_id` names (of that track's
/// level), or the one the track's old value names; `None` for the annual track. A congress
/// named with the annual track, or of the other level, is 422 at `/congress_id`.
pub fn of_track(
    conn: &mut DbConn,
    track: Track,
    congress_id: Option<&str>,
) -> AppResult<Option<CongressRow>> {
    let congress = match (track, congress_id) {
        (Track::Annual, None) => return Ok(None),
        (Track::Annual, Some(_)) => {
            return Err(AppError::invalid_field(
                "/congress_id",
                t!(
                    "Chỉ dùng với đề nghị biểu dương tại đại hội (provincial_congress, national_congress).",
                    "Only for congress tracks (provincial_congress, national_congress)."
                ),
            ))
        }
        (_, Some(id)) => store::get(conn, id)?
            .ok_or_else(|| unknown_reference("/congress_id", "đại hội / congress"))?,
        (_, None) => store::by_alias(conn, track)?
            .ok_or_else(|| unknown_reference("/congress_id", "đại hội / congress"))?,
    };
    if track_of(congress.level) != track {
        return Err(AppError::invalid_field(
            "/congress_id",
            t!(
                "{} không phải đại hội của loại đề nghị {}.",
                "{} is not a congress of track {}.",
                congress.name,
                track.as_str()
            ),
        ));
    }
    Ok(Some(congress))
}
