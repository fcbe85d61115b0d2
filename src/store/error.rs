//! How database failures become the service's errors: a duplicate or a dangling reference is
//! a 409, a busy database a 503 to retry, anything else a 500 whose cause goes to the log.

use crate::error::AppError;
use crate::error::Code;
use crate::t;

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::not_found("record"),
            // The constraint goes to the log; no answer names a table or a constraint.
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                tracing::info!(
                    constraint = info.constraint_name().unwrap_or("unknown"),
                    table = info.table_name().unwrap_or("unknown"),
                    "unique violation answered 409"
                );
                AppError::conflict(
                    Code::Duplicate,
                    t!(
                        "Bản ghi trùng với một bản ghi đã có.",
                        "The record duplicates an existing one."
                    ),
                )
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => AppError::conflict(
                Code::Reference,
                t!(
                    "Bản ghi tham chiếu tới dữ liệu không tồn tại hoặc đang được tham chiếu.",
                    "The record refers to missing data, or is referred to."
                ),
            ),
            // PostgreSQL text cannot hold NUL; whatever field carried one, the input is bad.
            Error::DatabaseError(_, info) if info.message().contains("invalid byte sequence") => {
                AppError::bad_request(t!(
                    "Dữ liệu chứa ký tự không hợp lệ (NUL).",
                    "The input contains an invalid character (NUL)."
                ))
                .with_code(Code::InvalidCharacter)
            }
            e if super::is_busy(&e) => AppError::unavailable(t!(
                "Cơ sở dữ liệu đang bận; hãy thử lại.",
                "The database is busy; try again."
            ))
            .with_code(Code::DatabaseBusy),
            // The body stays generic; the log gets the column and the value.
            e => AppError::internal(crate::error::with_causes(&e)),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> AppError {
        tracing::warn!(error = %e, "no database connection");
        AppError::unavailable(t!(
            "Không kết nối được cơ sở dữ liệu; hãy thử lại.",
            "The database cannot be reached; try again."
        ))
        .with_code(Code::DatabaseUnavailable)
    }
}
