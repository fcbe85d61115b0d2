//! Nominations for commendation (letter points 6c, 6d): the dossier, the workflow, quotas that
//! hold across servers, the council's scores, the ranking within a quota, and the exports for
//! the Chairman's decision. Forms of commendation are reference data here too.
//!
//! The rules live in `service::nominations` (and `service::quotas`); here are the request and
//! answer types (`dto`), their checks (`check`), and the handlers.

pub(crate) mod check;
mod council;
pub mod dto;
mod export;
pub(crate) use export::defuse;
mod handlers;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub use self::council::{list_comments, list_reviews, put_review, ranking};
pub use self::dto::*;
pub use self::export::{export_csv, export_xlsx};
pub use self::handlers::{act, create, create_form, list, list_forms, read, update};
pub use crate::service::nominations::{FlaggedCriterion, ScoreSummary};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_forms).service(create_form).service(
        // `ranking` and the exports before `{id}`, which would otherwise take them as ids.
        scope("/api/v1/nominations")
            .service(create)
            .service(list)
            .service(ranking)
            .service(export_csv)
            .service(export_xlsx)
            .service(read)
            .service(update)
            .service(act)
            .service(crate::api::dossiers::read)
            .service(crate::api::dossiers::add)
            .service(crate::api::dossiers::remove)
            .service(crate::api::eligibility::of_nomination)
            .service(crate::api::eligibility::override_unknown)
            .service(put_review)
            .service(list_reviews)
            .service(list_comments),
    );
}
