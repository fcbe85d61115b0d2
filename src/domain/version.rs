//! Versions of records: each change adds one, and the ETag is the version in quotes.

use crate::error::{AppError, AppResult};

/// The ETag of a record at a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Refuses with 412 when `If-Match` is given and names neither `*` nor the current version.
/// Handlers call it after validating the request, just before writing: a request that fails
/// for another reason gets that answer, not 412 (RFC 9110 §13.2.1).
pub fn check_if_match(if_match: Option<&str>, version: i64) -> AppResult<()> {
    let Some(value) = if_match else { return Ok(()) };
    let current = etag(version);
    let matches = value.split(',').map(str::trim).any(|tag| {
        tag == "*" || tag == current || tag.strip_prefix("W/") == Some(current.as_str())
    });
    if matches {
        Ok(())
    } else {
        Err(AppError::stale(&current))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_the_current_tag_or_star() {
        assert!(check_if_match(None, 3).is_ok());
        assert!(check_if_match(Some("\"3\""), 3).is_ok());
        assert!(check_if_match(Some("*"), 3).is_ok());
        assert!(check_if_match(Some("\"1\", \"3\""), 3).is_ok());
        assert!(check_if_match(Some("\"2\""), 3).is_err());
    }
}
