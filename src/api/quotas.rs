//! `/api/v1/quotas`: the nomination quotas (the letter's points 6c, 6d and every rule after),
//! as data with the document that sets each and the day each begins.

use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::movements::DocumentRef;
use super::{Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::awardees::AwardStream;
use crate::domain::register::Scale;
use crate::domain::vocab::Track;
use crate::error::AppResult;
use crate::service::quotas::{self as service, NewRule, QuotaRuleRow};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update);
}

/// A quota rule.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "code": "annual-standard", "track": "annual", "scale": "standard", "year": null, "congress_id": null,
    "max_count": 2, "description": "Mỗi phong trào giới thiệu không quá 02 tập thể, cá nhân mỗi năm",
    "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02", "number": "1801/UBND-NC", "issued_on": "2022-07-15"},
    "valid_from": null, "supersedes": null, "stream": null
}))]
pub struct QuotaRule {
    pub code: String,
    pub track: Track,
    /// For `annual`: the participation scale it applies to.
    pub scale: Option<Scale>,
    /// For congress tracks: the congress year.
    pub year: Option<i32>,
    /// For congress tracks: the congress whose pool it counts.
    pub congress_id: Option<String>,
    /// The most nominations the rule lets through.
    pub max_count: i32,
    pub description: String,
    pub document: Option<DocumentRef>,
    /// The first day it counts (`null`: from always, as the letter's rules). A pool counts by
    /// the rule in force on the day its first place was taken.
    pub valid_from: Option<NaiveDate>,
    /// The code of the rule of the same pools it replaced from `valid_from`.
    pub supersedes: Option<String>,
    /// For a stream's own provincial pool of each year: the stream (`null`: merit, whose
    /// pools are the movements' and the congresses').
    pub stream: Option<AwardStream>,
}

#[derive(Serialize, ToSchema)]
pub struct QuotaRules {
    pub items: Vec<QuotaRule>,
}

fn shown(
    r: QuotaRuleRow,
    doc: Option<service::DocumentCited>,
    supersedes: Option<String>,
) -> QuotaRule {
    QuotaRule {
        document: doc.map(|(id, number, issued_on)| DocumentRef {
            id,
            number,
            issued_on,
        }),
        track: r.track,
        scale: r.scale,
        code: r.code,
        year: r.year,
        congress_id: r.congress_id,
        max_count: r.max_count,
        description: r.description,
        valid_from: r.valid_from,
        supersedes,
        stream: r.stream,
    }
}

/// Every quota rule, superseded ones too, with their documents.
#[utoipa::path(
    tag = "quotas",
    responses((status = 200, description = "Các quy định về số lượng khen thưởng", body = QuotaRules)),
    security(("bearer" = []))
)]
#[get("/api/v1/quotas")]
pub async fn list(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rules = state.db.read(service::rules).await?;
    let code_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| rules.iter().find(|(r, _)| r.id == *id))
            .map(|(r, _)| r.code.clone())
    };
    let supersedes: Vec<Option<String>> = rules
        .iter()
        .map(|(r, _)| code_of(&r.supersedes_id))
        .collect();
    let items = rules
        .into_iter()
        .zip(supersedes)
        .map(|((r, doc), sup)| shown(r, doc, sup))
        .collect();
    Ok(HttpResponse::Ok().json(QuotaRules { items }))
}

/// A quota rule to add: for each movement's yearly pool by scale, or for a congress.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "dai-hoi-tinh-i-2025", "congress_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "max_count": 150,
    "description": "Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ I: không quá 150 gương điển hình tiên tiến",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5c01", "valid_from": "2025-08-01"
}))]
pub struct QuotaRuleCreate {
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9-]+$")]
    pub code: String,
    /// For each movement's yearly pool: the participation scale it applies to.
    pub scale: Option<Scale>,
    /// For a congress's pool: the congress.
    pub congress_id: Option<String>,
    /// For a stream's own provincial pool of each year (`thematic`, `ad_hoc`, `long_service`,
    /// `foreign_relations`; not `merit`). Exactly one of `scale`, `congress_id` and `stream`.
    pub stream: Option<AwardStream>,
    #[schema(minimum = 1, maximum = 100000)]
    pub max_count: i32,
    #[schema(min_length = 1, max_length = 1000)]
    pub description: String,
    /// The document that sets it (in force).
    pub document_id: String,
    /// The first day it counts; the document's day when absent.
    pub valid_from: Option<NaiveDate>,
    /// The code of the rule that counts the same pools now, which this one replaces from
    /// `valid_from` (required when there is one).
    #[schema(min_length = 1, max_length = 50)]
    pub supersedes: Option<String>,
}

/// Corrections to a rule that counts no place yet.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"max_count": 3}))]
pub struct QuotaRulePatch {
    #[schema(minimum = 1, maximum = 100000)]
    pub max_count: Option<i32>,
    #[schema(min_length = 1, max_length = 1000)]
    pub description: Option<String>,
}

fn check_count(c: &mut Check, n: Option<i32>) {
    if n.is_some_and(|n| !(1..=100_000).contains(&n)) {
        c.fail("/max_count", t!("Từ 1 đến 100000.", "From 1 to 100000."));
    }
}

impl QuotaRuleCreate {
    fn check(self) -> AppResult<NewRule> {
        let mut c = Check::new();
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 50
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !code_ok {
            c.fail(
                "/code",
                t!(
                    "Chỉ chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 50 ký tự.",
                    "Lowercase ASCII letters, digits and hyphens only, at most 50 characters."
                ),
            );
        }
        let given = [
            self.scale.is_some(),
            self.congress_id.is_some(),
            self.stream.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            c.fail(
                "/congress_id",
                t!(
                    "Cần đúng một trong ba: scale (chỉ tiêu hằng năm của phong trào), congress_id (chỉ tiêu của đại hội) hoặc stream (chỉ tiêu riêng của một loại khen thưởng).",
                    "Exactly one of scale (each movement's yearly pool), congress_id (a congress's pool) and stream (a stream's own pool) is needed."
                ),
            );
        }
        if self.stream == Some(AwardStream::Merit) {
            c.fail(
                "/stream",
                t!(
                    "Khen thưởng theo công trạng tính theo chỉ tiêu của phong trào (scale) hoặc đại hội.",
                    "Merit nominations count in the movements' pools (scale) or a congress's."
                ),
            );
        }
        check_count(&mut c, Some(self.max_count));
        let description = c.name("/description", &self.description, 1000);
        let supersedes = c.optional("/supersedes", self.supersedes.as_deref(), 50);
        c.finish()?;
        Ok(NewRule {
            code: self.code,
            scale: self.scale,
            congress_id: self.congress_id,
            stream: self.stream,
            max_count: self.max_count,
            description,
            document_id: self.document_id,
            valid_from: self.valid_from,
            supersedes,
        })
    }
}

/// Adds a quota rule.
#[utoipa::path(
    tag = "quotas", request_body = QuotaRuleCreate,
    responses((status = 201, description = "Đã thêm quy định", body = QuotaRule,
        headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/quotas")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<QuotaRuleCreate>,
) -> AppResult<HttpResponse> {
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let supersedes = cmd.supersedes.clone();
    let (row, doc) = state
        .db
        .write(move |conn| {
            let row = service::create_rule(conn, &who, &cmd)?;
            let doc = service::cited(conn, &row)?;
            Ok((row, doc))
        })
        .await?;
    let rule = shown(row, doc, supersedes);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, "/api/v1/quotas".to_owned()))
        .json(rule))
}

/// Corrects a rule that counts no place yet.
#[utoipa::path(
    tag = "quotas", request_body = QuotaRulePatch,
    params(("code" = String, Path, description = "Mã quy định", max_length = 50)),
    responses((status = 200, description = "Quy định sau khi sửa", body = QuotaRule)),
    security(("bearer" = []))
)]
#[patch("/api/v1/quotas/{code}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    code: web::Path<String>,
    body: super::Body<QuotaRulePatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let mut c = Check::new();
    check_count(&mut c, p.max_count);
    let description = p
        .description
        .as_deref()
        .map(|d| c.name("/description", d, 1000));
    c.finish()?;
    let who = ctx.who();
    let code = code.into_inner();
    let (row, doc, supersedes) = state
        .db
        .write(move |conn| {
            let row = service::change_rule(conn, &who, &code, p.max_count, description.clone())?;
            let doc = service::cited(conn, &row)?;
            let supersedes = service::code_of(conn, row.supersedes_id.as_deref())?;
            Ok((row, doc, supersedes))
        })
        .await?;
    Ok(HttpResponse::Ok().json(shown(row, doc, supersedes)))
}
