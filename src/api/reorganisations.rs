//! `/api/v1/reorganisations`: renames, moves and dissolutions of units, each on a legal
//! document and effective on a day. The rules are in [`crate::service::reorganisations`].

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::units::{Unit, UnitCreate};
use super::{page, utc, Check, Ctx, DryRunQuery, Page};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::vocab::{HandedOver, ReorganisationKind};
use crate::error::AppResult;
use crate::service::reorganisations::{self as service, Assignment, NewReorganisation, Shown};
use crate::service::units::{shown_one, NewUnit};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(read);
}

/// A reorganisation to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "absorb", "unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a08"],
    "successor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "effective_on": "2025-03-01"}))]
pub struct ReorganisationRequest {
    pub kind: ReorganisationKind,
    /// `rename`, `move`, `dissolve`, `split`: the unit it changes.
    #[schema(max_length = 36)]
    pub unit_id: Option<String>,
    /// `merge` (two or more), `absorb` (one or more): the units that end.
    #[schema(min_items = 1, max_items = 200)]
    pub unit_ids: Option<Vec<String>>,
    /// The legal document it rests on (in force, issued on or before `effective_on`).
    #[schema(max_length = 36)]
    pub document_id: String,
    /// The first day of the new state (for `dissolve`, `merge`, `absorb` and `split`, the day
    /// after the last of the units that end); not after today.
    pub effective_on: NaiveDate,
    /// `rename`: the new name.
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    /// `rename`: the new code, when it changes.
    #[schema(min_length = 1, max_length = 50)]
    pub code: Option<String>,
    /// `move`: the new parent unit.
    #[schema(max_length = 36)]
    pub parent_id: Option<String>,
    /// `absorb`: the existing unit that takes over.
    #[schema(max_length = 36)]
    pub successor_id: Option<String>,
    /// `split`: the existing units that take over (two or more).
    #[schema(min_items = 2, max_items = 200)]
    pub successor_ids: Option<Vec<String>>,
    /// `merge`: the unit the event creates; it starts on `effective_on` (leave `valid_from`
    /// and `valid_to` out).
    pub new_unit: Option<UnitCreate>,
    /// Where the open records of the units that end go. For a `split`, one entry for each
    /// (a dry run lists them); otherwise everything goes to the one successor unless an entry
    /// says otherwise.
    #[schema(max_items = 10000)]
    pub mapping: Option<Vec<MappingEntry>>,
}

/// Where one open record goes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"record": "model", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7c01",
    "to": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a21"}))]
pub struct MappingEntry {
    pub record: HandedOver,
    /// The record's id (of a membership, the group's; of a lead role, the movement's; of a
    /// webhook, the unit's).
    #[schema(max_length = 36)]
    pub id: String,
    /// A successor of the event; `null` ends an account, client or webhook, or drops a
    /// membership.
    #[schema(max_length = 36)]
    pub to: Option<String>,
}

/// A record an event handed over.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"record": "lead_role", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6d01",
    "from_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a08", "to_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"}))]
pub struct HandOver {
    pub record: HandedOver,
    pub id: String,
    pub from_unit_id: String,
    /// `null`: ended or dropped with its unit.
    pub to_unit_id: Option<String>,
}

/// A recorded reorganisation.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9a01", "kind": "absorb",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
    "effective_on": "2025-03-01", "name": null, "code": null, "parent_id": null,
    "predecessor_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a08"],
    "successor_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"],
    "moves": [{"record": "lead_role", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6d01",
        "from_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a08", "to_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"}],
    "created_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "created_at": "2025-03-01T02:00:00Z"}))]
pub struct Reorganisation {
    pub id: String,
    pub kind: ReorganisationKind,
    /// The unit renamed, moved, dissolved or split; of a merger or absorption, the successor.
    pub unit_id: String,
    /// `null` only for a deactivation recorded without a document, or one migrated from
    /// before events existed.
    pub document_id: Option<String>,
    pub effective_on: NaiveDate,
    pub name: Option<String>,
    pub code: Option<String>,
    pub parent_id: Option<String>,
    /// The units that ended the day before `effective_on`.
    #[schema(max_items = 200)]
    pub predecessor_ids: Vec<String>,
    /// The units that took over.
    pub successor_ids: Vec<String>,
    /// Every record handed over, in order.
    #[schema(max_items = 100000)]
    pub moves: Vec<HandOver>,
    /// Who recorded it.
    #[schema(max_length = 36)]
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<Shown> for Reorganisation {
    fn from(s: Shown) -> Reorganisation {
        let r = s.row;
        Reorganisation {
            id: r.id,
            kind: r.kind,
            unit_id: r.unit_id,
            document_id: r.document_id,
            effective_on: r.effective_on,
            name: r.new_name,
            code: r.new_code,
            parent_id: r.new_parent_id,
            predecessor_ids: s.predecessor_ids,
            successor_ids: s.successor_ids,
            moves: s
                .moves
                .into_iter()
                .map(|m| HandOver {
                    record: m.record,
                    id: m.record_id,
                    from_unit_id: m.from_unit_id,
                    to_unit_id: m.to_unit_id,
                })
                .collect(),
            created_by: r.created_by,
            created_at: utc(r.created_at),
        }
    }
}

/// The event and its unit as it leaves it (a dry run: as it would): the unit renamed, moved,
/// dissolved or split, or the successor of a merger or absorption.
#[derive(Serialize, ToSchema)]
pub struct ReorganisationOutcome {
    pub reorganisation: Reorganisation,
    pub unit: Unit,
    /// Whether nothing was written.
    pub dry_run: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReorganisationQuery {
    /// Only the events of this unit (as the unit changed, a predecessor or a successor).
    #[param(max_length = 36)]
    pub unit_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Fails `pointer` when `given` does not match what the kind needs.
fn needs(c: &mut Check, pointer: &str, needed: bool, given: bool) {
    if needed && !given {
        c.fail(
            pointer,
            t!("Cần có với loại này.", "Required for this kind."),
        );
    } else if !needed && given {
        c.fail(
            pointer,
            t!("Không dùng với loại này.", "Not used with this kind."),
        );
    }
}

/// The ids of a list member: each at most 36 characters, none twice, at least `min`.
fn ids(c: &mut Check, pointer: &str, given: Option<Vec<String>>, min: usize) -> Vec<String> {
    let Some(given) = given else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::with_capacity(given.len());
    for (i, id) in given.into_iter().enumerate() {
        let id = c
            .optional(&format!("{pointer}/{i}"), Some(&id), 36)
            .unwrap_or_default();
        if out.contains(&id) {
            c.fail(&format!("{pointer}/{i}"), t!("Trùng lặp.", "Listed twice."));
        }
        out.push(id);
    }
    if out.len() < min {
        c.fail(
            pointer,
            t!(
                "Cần ít nhất {} đơn vị.",
                "At least {} units are needed.",
                min
            ),
        );
    }
    out
}

/// The mapping's entries, each id checked.
fn assignments(c: &mut Check, given: Option<Vec<MappingEntry>>) -> Vec<Assignment> {
    given
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, m)| Assignment {
            record: m.record,
            id: c
                .optional(&format!("/mapping/{i}/id"), Some(&m.id), 36)
                .unwrap_or_default(),
            to: c.optional(&format!("/mapping/{i}/to"), m.to.as_deref(), 36),
        })
        .collect()
}

/// The unit a merger creates, checked as a new unit is; its dates are the event's.
fn new_unit(c: &mut Check, given: Option<UnitCreate>) -> Option<NewUnit> {
    let u = given?;
    if u.valid_from.is_some() || u.valid_to.is_some() {
        c.fail(
            "/new_unit",
            t!(
                "Ngày bắt đầu của đơn vị mới là ngày hiệu lực; bỏ `valid_from`, `valid_to`.",
                "The new unit starts on the effective date; leave `valid_from` and `valid_to` out."
            ),
        );
    }
    c.nested("/new_unit", u.check())
}

impl ReorganisationRequest {
    /// Fails each member the kind needs and lacks, or does not use and has.
    fn check_shape(&self, c: &mut Check) {
        use ReorganisationKind as K;
        let k = self.kind;
        let many = matches!(k, K::Merge | K::Absorb);
        let hands_over = many || k == K::Split;
        let given = self.mapping.is_some();
        for (pointer, needed, present) in [
            ("/unit_id", !many, self.unit_id.is_some()),
            ("/unit_ids", many, self.unit_ids.is_some()),
            (
                "/name",
                k == K::Rename,
                self.name.is_some() || self.code.is_some(),
            ),
            ("/parent_id", k == K::Move, self.parent_id.is_some()),
            ("/successor_id", k == K::Absorb, self.successor_id.is_some()),
            (
                "/successor_ids",
                k == K::Split,
                self.successor_ids.is_some(),
            ),
            ("/new_unit", k == K::Merge, self.new_unit.is_some()),
            ("/mapping", hands_over && given, given),
        ] {
            needs(c, pointer, needed, present);
        }
    }

    /// The event, with every missing or invalid field named.
    fn check(self) -> AppResult<NewReorganisation> {
        let mut c = Check::new();
        self.check_shape(&mut c);
        let name = self.name.as_deref().map(|n| c.name("/name", n, 300));
        let code = c.optional("/code", self.code.as_deref(), 50);
        let document_id = c.optional("/document_id", Some(&self.document_id), 36);
        let parent_id = c.optional("/parent_id", self.parent_id.as_deref(), 36);
        let unit_id = c.optional("/unit_id", self.unit_id.as_deref(), 36);
        let successor_id = c.optional("/successor_id", self.successor_id.as_deref(), 36);
        let at_least = if self.kind == ReorganisationKind::Merge {
            2
        } else {
            1
        };
        let unit_ids = match unit_id {
            Some(id) => vec![id],
            None => ids(&mut c, "/unit_ids", self.unit_ids, at_least),
        };
        let successor_ids = match successor_id {
            Some(id) => vec![id],
            None => ids(&mut c, "/successor_ids", self.successor_ids, 2),
        };
        let new_unit = new_unit(&mut c, self.new_unit);
        let mapping = assignments(&mut c, self.mapping);
        c.finish()?;
        Ok(NewReorganisation {
            kind: self.kind,
            unit_ids,
            document_id,
            effective_on: self.effective_on,
            name,
            code,
            parent_id,
            successor_ids,
            new_unit,
            mapping,
        })
    }
}

/// Records a reorganisation and applies it to its unit; `dry_run=true` shows the outcome and
/// writes nothing.
#[utoipa::path(
    tag = "units", params(DryRunQuery),
    request_body(content = ReorganisationRequest, content_type = "application/json", examples(
        ("absorb" = (summary = "Sáp nhập Sở Lao động-Thương binh và Xã hội vào Sở Nội vụ (Nghị định 45/2025/NĐ-CP)",
            value = json!({"kind": "absorb", "unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a08"],
                "successor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
                "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "effective_on": "2025-03-01"}))),
        ("merge" = (summary = "Hợp nhất Sở Thông tin và Truyền thông với Sở Khoa học và Công nghệ thành đơn vị mới",
            value = json!({"kind": "merge", "unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a09", "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a10"],
                "new_unit": {"code": "SKHCN-HY", "name": "Sở Khoa học và Công nghệ", "kind": "department"},
                "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "effective_on": "2025-03-01"}))),
        ("split" = (summary = "Chia huyện Tiên Lữ cho các xã mới, phân giao từng bản ghi đang mở",
            value = json!({"kind": "split", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a30",
                "successor_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a31", "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a32"],
                "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b02", "effective_on": "2025-07-01",
                "mapping": [
                    {"record": "model", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7c01", "to": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a31"},
                    {"record": "user", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0a01", "to": null}]}))),
        ("rename" = (summary = "Đổi tên Sở Thông tin và Truyền thông",
            value = json!({"kind": "rename", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a09",
                "name": "Sở Khoa học và Công nghệ", "code": "SKHCN",
                "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "effective_on": "2025-03-01"}))),
    )),
    responses(
        (status = 201, description = "Đã ghi nhận và áp dụng", body = ReorganisationOutcome,
            headers(("Location" = String, description = "Địa chỉ"))),
        (status = 200, description = "Chạy thử: kết quả nếu ghi nhận, không lưu gì", body = ReorganisationOutcome),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/reorganisations")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<DryRunQuery>,
    body: super::Body<ReorganisationRequest>,
) -> AppResult<HttpResponse> {
    let dry_run = query.dry_run.unwrap_or(false);
    // Viewers may look at what an event would do; only registrars record one.
    if !dry_run {
        ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    }
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let apply = move |conn: &mut crate::service::DbConn| {
        let done = service::record(conn, &who, &cmd)?;
        Ok((done.event, shown_one(conn, done.unit)?))
    };
    let (event, unit) = if dry_run {
        state.db.rehearse(apply).await?
    } else {
        state.db.write(apply).await?
    };
    let location = format!("/api/v1/reorganisations/{}", event.row.id);
    let outcome = ReorganisationOutcome {
        reorganisation: event.into(),
        unit: unit.into(),
        dry_run,
    };
    if dry_run {
        return Ok(HttpResponse::Ok().json(outcome));
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(outcome))
}

/// Lists reorganisations in the order they took effect.
#[utoipa::path(
    tag = "units", params(ReorganisationQuery),
    responses((status = 200, description = "Một trang sắp xếp tổ chức", body = Page<Reorganisation>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/reorganisations")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ReorganisationQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let (rows, next) = state
        .db
        .read(move |conn| service::list(conn, q.unit_id.as_deref(), q.cursor.as_deref(), limit))
        .await?;
    let items: Vec<Reorganisation> = rows.into_iter().map(Into::into).collect();
    Ok(page(&req, items, next))
}

/// Reads one reorganisation.
#[utoipa::path(
    tag = "units", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Sắp xếp tổ chức", body = Reorganisation)),
    security(("bearer" = []))
)]
#[get("/api/v1/reorganisations/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(Reorganisation::from(row)))
}
