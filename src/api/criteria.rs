//! `/api/v1/movements/{id}/criteria-sets`: the concrete criteria by which exemplary models of a
//! movement are evaluated and selected (letter point 2). Versioned: a version that any score
//! has used is never changed in place; a change makes a new version.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, page, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::vocab::AppliesTo;
use crate::error::AppResult;
use crate::service::criteria::{self, NewSet, SetChanges};
pub use crate::service::criteria::{CriteriaSet, Criterion};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update);
}

/// A new version of a criteria set.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Bộ tiêu chí điển hình tiên tiến phong trào \"Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số\"",
    "applies_to": "both", "threshold": 70,
    "criteria": [
        {"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "max_points": 40, "mandatory": true, "pass_mark": 30},
        {"code": "TC2", "title": "Có sáng kiến, cách làm mới được nhân rộng", "max_points": 60}
    ]
}))]
pub struct CriteriaSetInput {
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    pub applies_to: AppliesTo,
    #[schema(minimum = 0, maximum = 100000)]
    pub threshold: i32,
    #[schema(min_items = 1, max_items = 100)]
    pub criteria: Vec<Criterion>,
}

/// Changes to a version nobody has scored with yet.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"threshold": 75}))]
pub struct CriteriaSetPatch {
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    pub applies_to: Option<AppliesTo>,
    #[schema(minimum = 0, maximum = 100000)]
    pub threshold: Option<i32>,
    #[schema(min_items = 1, max_items = 100)]
    pub criteria: Option<Vec<Criterion>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CriteriaQuery {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Checks criteria and a threshold; returns the cleaned criteria.
fn check(c: &mut Check, threshold: i32, criteria: &[Criterion]) -> Vec<Criterion> {
    if criteria.is_empty() || criteria.len() > 100 {
        c.fail(
            "/criteria",
            t!(
                "Cần từ 1 đến 100 tiêu chí.",
                "Between 1 and 100 criteria are needed."
            ),
        );
    }
    let mut out: Vec<Criterion> = Vec::with_capacity(criteria.len());
    let mut total: i64 = 0;
    for (i, k) in criteria.iter().enumerate() {
        let code = c.name(&format!("/criteria/{i}/code"), &k.code, 20);
        if out.iter().any(|o| o.code == code) {
            c.fail(
                &format!("/criteria/{i}/code"),
                t!("Mã tiêu chí bị trùng.", "Duplicate criterion code."),
            );
        }
        total += i64::from(k.max_points.max(0));
        out.push(check_criterion(c, i, code, k));
    }
    if threshold < 0 || i64::from(threshold) > total {
        c.fail(
            "/threshold",
            t!(
                "Ngưỡng đạt phải từ 0 đến tổng điểm tối đa ({}).",
                "threshold must be between 0 and the total of max_points ({}).",
                total
            ),
        );
    }
    out
}

/// Checks criterion `i` (its code already checked) after its code: title, description, points
/// and pass mark; returns it cleaned.
fn check_criterion(c: &mut Check, i: usize, code: String, k: &Criterion) -> Criterion {
    let p = |field: &str| format!("/criteria/{i}/{field}");
    let title = c.name(&p("title"), &k.title, 500);
    let description = c.optional(&p("description"), k.description.as_deref(), 2000);
    if !(1..=1000).contains(&k.max_points) {
        c.fail(
            &p("max_points"),
            t!(
                "Điểm tối đa phải từ 1 đến 1000 (không âm).",
                "max_points must be between 1 and 1000 (never negative)."
            ),
        );
    }
    match (k.mandatory, k.pass_mark) {
        (true, None) => c.fail(
            &p("pass_mark"),
            t!(
                "Tiêu chí bắt buộc cần điểm đạt.",
                "A mandatory criterion needs a pass mark."
            ),
        ),
        (false, Some(_)) => c.fail(
            &p("pass_mark"),
            t!(
                "Chỉ tiêu chí bắt buộc mới có điểm đạt.",
                "Only mandatory criteria have a pass mark."
            ),
        ),
        (true, Some(m)) if m < 0 || m > k.max_points => c.fail(
            &p("pass_mark"),
            t!(
                "Điểm đạt phải từ 0 đến điểm tối đa.",
                "The pass mark must be between 0 and max_points."
            ),
        ),
        _ => {}
    }
    Criterion {
        code,
        title,
        description,
        ..k.clone()
    }
}

/// [`check`] as one answer: the cleaned criteria, or every invalid field.
fn checked(threshold: i32, criteria: &[Criterion]) -> AppResult<Vec<Criterion>> {
    let mut c = Check::new();
    let out = check(&mut c, threshold, criteria);
    c.finish()?;
    Ok(out)
}

/// Adds the next version of a movement's criteria set.
#[utoipa::path(
    tag = "criteria", request_body = CriteriaSetInput,
    params(("id" = String, Path, description = "Mã định danh phong trào")),
    responses((status = 201, description = "Đã tạo phiên bản bộ tiêu chí", body = CriteriaSet,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/criteria-sets")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<CriteriaSetInput>,
) -> AppResult<HttpResponse> {
    let movement_id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let title = c.name("/title", &b.title, 500);
    let criteria = check(&mut c, b.threshold, &b.criteria);
    c.finish()?;
    let new = NewSet {
        title,
        applies_to: b.applies_to,
        threshold: b.threshold,
        criteria,
    };
    let (who, caller) = (ctx.who(), ctx.caller);
    let set = state
        .db
        .write(move |conn| criteria::create(conn, &caller, &who, &movement_id, &new))
        .await?;
    Ok(created(
        format!(
            "/api/v1/movements/{}/criteria-sets/{}",
            set.movement_id, set.id
        ),
        i64::from(set.version),
        &set,
    ))
}

/// Lists the versions of a movement's criteria set, newest first.
#[utoipa::path(
    tag = "criteria",
    params(("id" = String, Path, description = "Mã định danh phong trào"), CriteriaQuery),
    responses((status = 200, description = "Các phiên bản bộ tiêu chí", body = Page<CriteriaSet>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements/{id}/criteria-sets")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<CriteriaQuery>,
) -> AppResult<HttpResponse> {
    let movement_id = id.into_inner();
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<i32> = paging::decode(q.cursor.as_deref())?;
    let (items, next) = state
        .db
        .read(move |conn| criteria::list(conn, &movement_id, after, limit))
        .await?;
    Ok(page(&req, items, next))
}

/// Reads one version.
#[utoipa::path(
    tag = "criteria",
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("set_id" = String, Path, description = "Mã định danh bộ tiêu chí")),
    responses((status = 200, description = "Bộ tiêu chí", body = CriteriaSet, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements/{id}/criteria-sets/{set_id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (movement_id, id) = path.into_inner();
    let set = state
        .db
        .read(move |conn| criteria::get(conn, &movement_id, &id))
        .await?;
    Ok(with_etag(i64::from(set.version), &set))
}

/// Changes a version that no score has used; a used version answers 409 `criteria_set_in_use`.
#[utoipa::path(
    tag = "criteria", request_body = CriteriaSetPatch,
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("set_id" = String, Path, description = "Mã định danh bộ tiêu chí")),
    responses((status = 200, description = "Bộ tiêu chí sau khi sửa", body = CriteriaSet, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/movements/{id}/criteria-sets/{set_id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: super::Body<CriteriaSetPatch>,
) -> AppResult<HttpResponse> {
    let (movement_id, id) = path.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let title = p.title.as_deref().map(|v| c.name("/title", v, 500));
    c.finish()?;
    let changes = SetChanges {
        title,
        applies_to: p.applies_to,
        threshold: p.threshold,
        criteria: p.criteria,
    };
    let (who, caller) = (ctx.who(), ctx.caller);
    let set = state
        .db
        .write(move |conn| {
            criteria::update(conn, &caller, &who, &movement_id, &id, &changes, checked)
        })
        .await?;
    Ok(with_etag(i64::from(set.version), &set))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: &str, max: i32, pass: Option<i32>) -> Criterion {
        Criterion {
            code: code.into(),
            title: "Tiêu chí".into(),
            description: None,
            max_points: max,
            mandatory: pass.is_some(),
            pass_mark: pass,
        }
    }

    #[test]
    fn negative_points_and_bad_pass_marks_are_named() {
        let mut c = Check::new();
        check(
            &mut c,
            10,
            &[k("A", -5, None), k("B", 10, Some(11)), k("B", 10, None)],
        );
        let e = c.finish().err().map(|e| {
            e.errors
                .iter()
                .filter_map(|f| f.pointer.clone())
                .collect::<Vec<_>>()
        });
        assert_eq!(
            e,
            Some(vec![
                "/criteria/0/max_points".to_owned(),
                "/criteria/1/pass_mark".to_owned(),
                "/criteria/2/code".to_owned()
            ])
        );
    }

    #[test]
    fn the_threshold_cannot_exceed_the_total() {
        let mut c = Check::new();
        check(&mut c, 31, &[k("A", 30, None)]);
        assert!(c.finish().is_err());
    }
}
