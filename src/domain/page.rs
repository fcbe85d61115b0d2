//! Cursor pagination: a list is read in a stable order and continued after the last key seen.
//! A cursor is opaque to clients (base64url of the sort key) and survives inserts and deletes.

use base64::Engine;
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{AppError, AppResult};
use crate::t;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// The longest cursor the service issues or takes: a key of a name (at most 300 characters),
/// an id and a date, as base64 of JSON, stays well below it.
pub const MAX_CURSOR: usize = 2000;

/// Checks `limit` (1 to 200, 50 when absent).
pub fn limit(limit: Option<i64>) -> AppResult<i64> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid_param(
            "limit",
            t!(
                "limit phải từ 1 đến 200.",
                "limit must be between 1 and 200."
            ),
        )),
    }
}

/// Encodes the sort key of the last item of a page.
pub fn encode<K: Serialize>(key: &K) -> String {
    let json = serde_json::to_vec(key).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// Decodes a cursor given back by a client; anything else is a 400 naming `cursor`.
pub fn decode<K: DeserializeOwned>(cursor: Option<&str>) -> AppResult<Option<K>> {
    // An empty cursor (`cursor=`, as some clients send for the first page) is no cursor.
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    Some(cursor)
        .filter(|c| c.len() <= MAX_CURSOR)
        .and_then(|c| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .map(Some)
        .ok_or_else(|| {
            AppError::invalid_param(
                "cursor",
                t!(
                    "cursor không hợp lệ; hãy dùng next_cursor của trang trước.",
                    "Invalid cursor; use the next_cursor of the previous page."
                ),
            )
        })
}

/// Cuts a page read with `limit + 1` rows: the extra row only says that more follow.
pub fn split<T, K: Serialize>(
    mut rows: Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> K,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|r| encode(&key(r)));
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = encode(&("Sở Nội vụ", "0193"));
        let back: Option<(String, String)> = decode(Some(&c)).ok().flatten();
        assert_eq!(back, Some(("Sở Nội vụ".to_owned(), "0193".to_owned())));
    }

    #[test]
    fn garbage_cursors_are_a_bad_request() {
        let r: AppResult<Option<(String, String)>> = decode(Some("!!not-a-cursor"));
        assert!(r.is_err());
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None).ok(), Some(50));
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(201)).is_err());
    }

    #[test]
    fn a_full_page_has_a_next_cursor() {
        let (rows, next) = split(vec![1, 2, 3], 2, |r| *r);
        assert_eq!(rows, [1, 2]);
        assert_eq!(next, Some(encode(&2)));
        let (_, next) = split(vec![1, 2], 2, |r| *r);
        assert_eq!(next, None);
    }
}
