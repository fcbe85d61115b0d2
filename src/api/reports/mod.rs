//! The reporting regime (issue 5): report types with a JSON Schema for their content and a due
//! rule; submissions by a unit's officer or its software, safe to retry with an
//! `Idempotency-Key`; revisions, acceptance and locked periods; compliance computed at request
//! time from who was expected on the due date.
//!
//! `dto` holds the request and answer types; the handlers are grouped by resource: report
//! types, submissions, ad-hoc report requests and compliance (`monitoring`). The rules are in
//! [`crate::service::reports`].

mod dto;
mod monitoring;
mod requests;
mod submissions;
mod types;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub use self::dto::*;
pub use self::monitoring::*;
pub use self::requests::*;
pub use self::submissions::*;
pub use self::types::*;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/report-types")
            .service(create_type)
            .service(list_types)
            .service(read_type)
            .service(lock_period),
    )
    .service(
        scope("/api/v1/report-requests")
            .service(create_request)
            .service(list_requests)
            .service(read_request),
    )
    .service(
        scope("/api/v1/reports")
            .service(submit)
            .service(list)
            .service(read)
            .service(accept),
    )
    .service(compliance);
}
