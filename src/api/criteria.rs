//! `/api/v1/movements/{id}/criteria-sets`: the concrete criteria by which exemplary models of a
//! movement are evaluated and selected (letter point 2). Versioned: a version that any score
//! has used is never changed in place; a change makes a new version.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, page, utc, with_etag, Check, Ctx, Page};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::vocab::AppliesTo;
use crate::error::{AppError, AppResult};
use crate::store::criteria::{self as store, CriterionRow, SetRow};
use crate::store::{audit, movements, new_id, now, DbConn};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update);
}

/// One criterion.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "description": "Có minh chứng kết quả năm", "max_points": 30, "mandatory": true, "pass_mark": 20}))]
pub struct Criterion {
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[schema(minimum = 1, maximum = 1000)]
    pub max_points: i32,
    #[serde(default)]
    pub mandatory: bool,
    /// For a mandatory criterion: the least points that pass.
    #[schema(minimum = 0, maximum = 1000)]
    pub pass_mark: Option<i32>,
}

/// A version of a movement's criteria set.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "version": 1,
    "title": "Bộ tiêu chí điển hình tiên tiến phong trào \"Vì người nghèo-Không để ai bị bỏ lại phía sau\"",
    "applies_to": "both", "threshold": 70, "max_total": 100, "in_use": false,
    "criteria": [{"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "description": null, "max_points": 30, "mandatory": true, "pass_mark": 20}],
    "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct CriteriaSet {
    pub id: String,
    pub movement_id: String,
    pub version: i32,
    pub title: String,
    pub applies_to: AppliesTo,
    /// The total a nominee needs to qualify.
    pub threshold: i32,
    /// The sum of the criteria's maximum points.
    pub max_total: i32,
    /// Whether a score has used this version (then it is frozen).
    pub in_use: bool,
    pub criteria: Vec<Criterion>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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
    let mut out = Vec::with_capacity(criteria.len());
    let mut codes: Vec<String> = Vec::new();
    let mut total: i64 = 0;
    for (i, k) in criteria.iter().enumerate() {
        let p = |field: &str| format!("/criteria/{i}/{field}");
        let code = c.name(&p("code"), &k.code, 20);
        if codes.contains(&code) {
            c.fail(
                &p("code"),
                t!("Mã tiêu chí bị trùng.", "Duplicate criterion code."),
            );
        }
        codes.push(code.clone());
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
        total += i64::from(k.max_points.max(0));
        out.push(Criterion {
            code,
            title,
            description,
            ..k.clone()
        });
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

fn criterion_rows(set_id: &str, criteria: &[Criterion]) -> Vec<CriterionRow> {
    criteria
        .iter()
        .enumerate()
        .map(|(i, k)| CriterionRow {
            id: new_id(),
            criteria_set_id: set_id.to_owned(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            code: k.code.clone(),
            title: k.title.clone(),
            description: k.description.clone(),
            max_points: k.max_points,
            mandatory: k.mandatory,
            pass_mark: k.pass_mark,
        })
        .collect()
}

fn assemble(conn: &mut DbConn, rows: Vec<SetRow>) -> AppResult<Vec<CriteriaSet>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_set: HashMap<String, Vec<Criterion>> = HashMap::new();
    for k in store::criteria(conn, &ids)? {
        by_set
            .entry(k.criteria_set_id.clone())
            .or_default()
            .push(Criterion {
                code: k.code,
                title: k.title,
                description: k.description,
                max_points: k.max_points,
                mandatory: k.mandatory,
                pass_mark: k.pass_mark,
            });
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let criteria = by_set.remove(&r.id).unwrap_or_default();
            CriteriaSet {
                max_total: criteria.iter().map(|k| k.max_points).sum(),
                criteria,
                applies_to: r.applies_to,
                in_use: r.used_at.is_some(),
                id: r.id,
                movement_id: r.movement_id,
                version: r.version,
                title: r.title,
                threshold: r.threshold,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            }
        })
        .collect())
}

fn one(conn: &mut DbConn, row: SetRow) -> AppResult<CriteriaSet> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("criteria set vanished"))
}

fn set_of(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<SetRow> {
    store::get(conn, id)?
        .filter(|s| s.movement_id == movement_id)
        .ok_or_else(|| AppError::not_found("bộ tiêu chí (criteria set)"))
}

fn ensure_movement(conn: &mut DbConn, id: &str) -> AppResult<()> {
    movements::get(conn, id)?
        .map(drop)
        .ok_or_else(|| AppError::not_found("phong trào (movement)"))
}

fn json(conn: &mut DbConn, row: &SetRow) -> AppResult<serde_json::Value> {
    Ok(serde_json::to_value(one(conn, row.clone())?).unwrap_or_default())
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
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let movement_id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let title = c.name("/title", &b.title, 500);
    let criteria = check(&mut c, b.threshold, &b.criteria);
    c.finish()?;
    let who = ctx.who();
    let set = state
        .db
        .write(move |conn| {
            ensure_movement(conn, &movement_id)?;
            crate::store::lock_key(conn, &format!("criteria:{movement_id}"))?;
            let at = now();
            let row = SetRow {
                id: new_id(),
                version: store::next_version(conn, &movement_id)?,
                movement_id: movement_id.clone(),
                title: title.clone(),
                applies_to: b.applies_to,
                threshold: b.threshold,
                used_at: None,
                created_at: at,
                updated_at: at,
            };
            store::insert(conn, &row)?;
            store::set_criteria(conn, &row.id, &criterion_rows(&row.id, &criteria))?;
            let after = json(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "criteria_set",
                &row.id,
                None,
                Some(&after),
            )?;
            one(conn, row)
        })
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
        .read(move |conn| {
            ensure_movement(conn, &movement_id)?;
            let rows = store::list(conn, &movement_id, after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| r.version);
            Ok((assemble(conn, rows)?, next))
        })
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
        .read(move |conn| {
            let row = set_of(conn, &movement_id, &id)?;
            one(conn, row)
        })
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
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let (movement_id, id) = path.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let title = p.title.as_deref().map(|v| c.name("/title", v, 500));
    c.finish()?;
    let who = ctx.who();
    let set = state
        .db
        .write(move |conn| {
            let before = set_of(conn, &movement_id, &id)?;
            let in_use = || {
                AppError::conflict(
                    "criteria_set_in_use",
                    t!(
                        "Phiên bản {} đã được dùng để chấm điểm nên không thể sửa; hãy tạo phiên bản mới.",
                        "Version {} has been used for a score and cannot change; create a new version.",
                        before.version
                    ),
                )
                .with_ext("version", before.version)
            };
            if before.used_at.is_some() {
                return Err(in_use());
            }
            let current = one(conn, before.clone())?;
            let criteria = p.criteria.clone().unwrap_or(current.criteria);
            let threshold = p.threshold.unwrap_or(before.threshold);
            let mut c = Check::new();
            let criteria = check(&mut c, threshold, &criteria);
            c.finish()?;
            let before_json = json(conn, &before)?;
            let mut row = before.clone();
            if let Some(v) = &title {
                row.title = v.clone();
            }
            if let Some(v) = p.applies_to {
                row.applies_to = v;
            }
            row.threshold = threshold;
            row.updated_at = now();
            if !store::update_unused(conn, &row)? {
                return Err(in_use());
            }
            store::set_criteria(conn, &row.id, &criterion_rows(&row.id, &criteria))?;
            let after = json(conn, &row)?;
            audit::record(conn, &who, "update", "criteria_set", &row.id, Some(&before_json), Some(&after))?;
            one(conn, row)
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
