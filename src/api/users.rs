//! `/api/v1/users`: people's accounts, run by administrators (everyone) and coordinators (unit
//! officers, viewers and reviewers), and `/api/v1/users/me` for one's own account.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{created, double_option, page, utc, with_etag, Check, Ctx};
use crate::auth::{hash_password, verify_password};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::passwords::{self, Weakness};
use crate::error::{AppError, AppResult, Code};
use crate::http::if_match::IfMatch;
use crate::service::accounts::{
    self as service, AccountChange, NewAccount, OneTimeToken, UserFilter, UserRow,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    // `me` before `{id}`: the router takes the first route that matches.
    cfg.service(
        scope("/api/v1/users")
            .service(me)
            .service(change_own_password)
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(deactivate)
            .service(reactivate)
            .service(reset_password)
            .service(unlock),
    );
}

/// A person's account.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "username": "nguyenthilan",
    "display_name": "Nguyễn Thị Lan", "role": "unit_officer",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c", "active": true, "locked_until": null,
    "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct User {
    pub id: String,
    /// Lower case; what the person signs in with.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit of a unit officer; `null` for every other role.
    pub unit_id: Option<String>,
    pub active: bool,
    /// When the sign-in lockout after too many wrong passwords ends; `null` when not locked.
    pub locked_until: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    fn from_row(r: UserRow, locked_until: Option<NaiveDateTime>) -> User {
        User {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            unit_id: r.unit_id,
            active: r.active,
            locked_until: locked_until.map(utc),
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// A one-time token to set a password: shown only in this answer, usable once, for 24 hours,
/// at `POST /api/v1/auth/password`.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"token": "q3Vt0bWlY2xhc3NpYy1leGFtcGxlLXRva2VuLTMyYnl0ZXM", "expires_at": "2026-11-28T08:00:00Z"}))]
pub struct PasswordToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl From<OneTimeToken> for PasswordToken {
    fn from(t: OneTimeToken) -> PasswordToken {
        PasswordToken {
            token: t.token,
            expires_at: utc(t.expires_at),
        }
    }
}

/// A new account, and its set-password token when it was created without a password.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "username": "nguyenthilan",
    "display_name": "Nguyễn Thị Lan", "role": "unit_officer",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c", "active": true, "locked_until": null,
    "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z",
    "set_password": {"token": "q3Vt0bWlY2xhc3NpYy1leGFtcGxlLXRva2VuLTMyYnl0ZXM", "expires_at": "2026-11-28T08:00:00Z"}
}))]
pub struct UserCreated {
    #[serde(flatten)]
    pub user: User,
    /// Present when no `password` was given: hand it to the person, who sets their password.
    pub set_password: Option<PasswordToken>,
}

/// A new account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "username": "nguyenthilan", "display_name": "Nguyễn Thị Lan", "role": "unit_officer",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c"
}))]
pub struct UserCreate {
    /// Letters, digits, `.`, `_` or `-`, 2 to 64 characters; kept in lower case.
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    pub username: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    pub role: Role,
    /// Required for a unit officer, absent for every other role.
    pub unit_id: Option<String>,
    /// At least 12 characters and not a common password. Absent: the answer carries a
    /// one-time set-password token instead.
    #[schema(min_length = 12, max_length = 200)]
    pub password: Option<String>,
}

/// Changes to an account: absent members stay as they are. A new role or unit ends the
/// account's tokens; it signs in again.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "viewer"}))]
pub struct UserPatch {
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// The unit of a unit officer; `null` takes the account out of its unit.
    #[serde(default, deserialize_with = "double_option")]
    pub unit_id: Option<Option<String>>,
}

/// A change of one's own password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "mật-khẩu-hiện-tại", "new_password": "Đồng chí Lý chưa về 7 giờ"}))]
pub struct OwnPasswordChange {
    #[schema(min_length = 1, max_length = 200)]
    pub current_password: String,
    #[schema(min_length = 12, max_length = 200)]
    pub new_password: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Words of the user name or display name; case and diacritics do not matter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub role: Option<Role>,
    pub unit_id: Option<String>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Who manages accounts and clients.
pub(super) const MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];

/// The role of a caller who manages accounts or clients; 403 for anyone else.
pub(super) fn manager_role(caller: &Caller) -> AppResult<Role> {
    caller.require(MANAGERS)?;
    caller
        .role()
        .ok_or_else(|| AppError::internal("a manager without a role"))
}

fn valid_username(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && (2..=64).contains(&name.len())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The refusal of a weak password, at `pointer`.
pub fn weak_password(pointer: &str, weakness: Weakness) -> AppError {
    let detail = match weakness {
        Weakness::TooShort => t!(
            "Mật khẩu cần ít nhất {} ký tự.",
            "A password needs at least {} characters.",
            passwords::MIN_CHARS
        ),
        Weakness::TooLong => t!(
            "Mật khẩu dài quá {} ký tự.",
            "A password has at most {} characters.",
            passwords::MAX_CHARS
        ),
        Weakness::Common => t!(
            "Mật khẩu quá phổ biến, dễ đoán; hãy chọn một câu dài hơn, ít gặp hơn.",
            "The password is common and easy to guess; choose a longer, rarer phrase."
        ),
        Weakness::Personal => t!(
            "Mật khẩu không được là tên đăng nhập hay tên hiển thị.",
            "The password must not be the user name or the display name."
        ),
    };
    AppError::invalid_field(pointer, detail).with_code(Code::WeakPassword)
}

/// Checks a new password against the policy and hashes it (argon2id, off the async threads).
pub async fn new_password_hash(
    pointer: &str,
    password: String,
    personal: Vec<String>,
) -> AppResult<String> {
    let pointer = pointer.to_owned();
    web::block(move || {
        let names: Vec<&str> = personal.iter().map(String::as_str).collect();
        passwords::check(&password, &names).map_err(|w| weak_password(&pointer, w))?;
        hash_password(&password)
    })
    .await?
}

impl UserCreate {
    fn check(self) -> AppResult<(NewAccount, Option<String>)> {
        let mut c = Check::new();
        let username = self.username.to_lowercase();
        if !valid_username(&username) {
            c.fail(
                "/username",
                t!(
                    "Tên đăng nhập gồm chữ, số, '.', '_' hoặc '-', từ 2 đến 64 ký tự.",
                    "A user name is letters, digits, '.', '_' or '-', 2 to 64 characters."
                ),
            );
        }
        let display_name = c.name("/display_name", &self.display_name, 200);
        check_unit(&mut c, self.role, self.unit_id.as_deref());
        c.finish()?;
        let cmd = NewAccount {
            username,
            display_name,
            role: self.role,
            unit_id: self.unit_id,
            password_hash: None,
        };
        Ok((cmd, self.password))
    }
}

/// A unit officer has a unit; nobody else has one.
fn check_unit(c: &mut Check, role: Role, unit: Option<&str>) {
    match (role.needs_unit(), unit) {
        (true, None) => c.fail(
            "/unit_id",
            t!(
                "Cán bộ đơn vị phải thuộc một đơn vị.",
                "A unit officer needs a unit."
            ),
        ),
        (false, Some(_)) => c.fail(
            "/unit_id",
            t!(
                "Chỉ cán bộ đơn vị (unit_officer) mới thuộc một đơn vị.",
                "Only a unit officer belongs to a unit."
            ),
        ),
        _ => {}
    }
}

/// Creates an account, with a password or a one-time set-password token.
#[utoipa::path(
    tag = "users", request_body = UserCreate,
    responses((status = 201, description = "Đã tạo tài khoản; `set_password` chỉ hiện một lần", body = UserCreated,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ của tài khoản")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<UserCreate>,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let (mut cmd, password) = body.into_inner().check()?;
    if let Some(password) = password {
        let personal = vec![cmd.username.clone(), cmd.display_name.clone()];
        cmd.password_hash = Some(new_password_hash("/password", password, personal).await?);
    }
    let who = ctx.who();
    let (row, token) = state
        .db
        .write(move |conn| service::create(conn, &who, manager, &cmd))
        .await?;
    let location = format!("/api/v1/users/{}", row.id);
    let version = row.version;
    let body = UserCreated {
        user: User::from_row(row, None),
        set_password: token.map(PasswordToken::from),
    };
    let mut res = created(location, version, &body);
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// Lists accounts in order of user name.
#[utoipa::path(
    tag = "users", params(UserQuery),
    responses((status = 200, description = "Một trang tài khoản", body = super::Page<User>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<UserQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = UserFilter {
        terms: super::search_terms(q.q.as_deref())?,
        role: q.role,
        unit_id: q.unit_id,
        active: q.active,
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    let (rows, next) = paging::split(rows, limit, |(r, _)| (r.username.clone(), r.id.clone()));
    let items = rows
        .into_iter()
        .map(|(r, locked)| User::from_row(r, locked))
        .collect();
    Ok(page(&req, items, next))
}

async fn answer(state: &AppState, row: UserRow) -> AppResult<HttpResponse> {
    let (row, locked) = state
        .db
        .read(move |conn| {
            let locked = service::locked_until(conn, &row)?;
            Ok((row, locked))
        })
        .await?;
    Ok(with_etag(row.version, &User::from_row(row, locked)))
}

/// Reads one account.
#[utoipa::path(
    tag = "users", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Tài khoản", body = User, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    crate::domain::access::doors::ACCOUNT_READ.for_account(&caller, &id)?;
    let id = id.into_inner();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    answer(&state, row).await
}

/// Reads the account of the person calling.
#[utoipa::path(
    tag = "users",
    responses((status = 200, description = "Tài khoản của người đang đăng nhập", body = User, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let id = caller.id().to_owned();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    answer(&state, row).await
}

impl UserPatch {
    fn check(self) -> AppResult<AccountChange> {
        let mut c = Check::new();
        let display_name = self
            .display_name
            .as_deref()
            .map(|n| c.name("/display_name", n, 200));
        c.finish()?;
        Ok(AccountChange {
            display_name,
            role: self.role,
            unit_id: self.unit_id,
        })
    }
}

/// Changes an account's display name, role or unit. Send `If-Match` with the ETag you read.
#[utoipa::path(
    tag = "users", request_body = UserPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Tài khoản sau khi sửa", body = User, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<UserPatch>,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let change = body.into_inner().check()?;
    let (who, id) = (ctx.who(), id.into_inner());
    let row = state
        .db
        .write(move |conn| service::update(conn, &who, manager, &id, if_match.as_deref(), &change))
        .await?;
    answer(&state, row).await
}

async fn set_active(
    ctx: Ctx,
    state: &AppState,
    if_match: IfMatch,
    id: String,
    active: bool,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            service::set_active(conn, &who, manager, &id, if_match.as_deref(), active)
        })
        .await?;
    answer(state, row).await
}

/// Deactivates an account: it can no longer sign in, and its tokens stop working at once.
#[utoipa::path(
    tag = "users", params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Tài khoản đã ngừng hoạt động", body = User, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/deactivate")]
pub async fn deactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_active(ctx, &state, if_match, id.into_inner(), false).await
}

/// Reactivates an account.
#[utoipa::path(
    tag = "users", params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Tài khoản hoạt động trở lại", body = User, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/reactivate")]
pub async fn reactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_active(ctx, &state, if_match, id.into_inner(), true).await
}

/// Resets an account's password (administrators): the old password and every token of the
/// account stop working, and the answer shows once a token, valid for 24 hours, with which
/// the person sets a new password.
#[utoipa::path(
    tag = "users", params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Mã đặt lại mật khẩu, chỉ hiện một lần", body = PasswordToken)),
    security(("bearer" = []))
)]
#[post("/{id}/password-reset")]
pub async fn reset_password(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (who, id) = (ctx.who(), id.into_inner());
    let (_, token) = state
        .db
        .write(move |conn| service::reset_password(conn, &who, &id, if_match.as_deref()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(PasswordToken::from(token)))
}

/// Lifts an account's sign-in lockout (administrators).
#[utoipa::path(
    tag = "users", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Tài khoản, không còn bị khóa đăng nhập", body = User, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[post("/{id}/unlock")]
pub async fn unlock(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (who, id) = (ctx.who(), id.into_inner());
    let row = state
        .db
        .write(move |conn| service::unlock(conn, &who, &id))
        .await?;
    answer(&state, row).await
}

/// Changes one's own password with the current one. Every token of the account ends, this
/// one too: sign in again with the new password.
#[utoipa::path(
    tag = "users", request_body = OwnPasswordChange,
    responses(
        (status = 204, description = "Đã đổi mật khẩu; hãy đăng nhập lại"),
        (status = 429, description = "Quá nhiều lần sai mật khẩu hiện tại", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_own_password(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::Body<OwnPasswordChange>,
) -> AppResult<HttpResponse> {
    let OwnPasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    let id = ctx.caller.id().to_owned();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    let key = service::account_key(&row.username);
    super::auth::reserve_for(&state, &req, key.clone()).await?;
    let hash = row.password_hash.clone();
    if !web::block(move || verify_password(&current_password, &hash)).await? {
        return Err(AppError::forbidden(t!(
            "Mật khẩu hiện tại không đúng.",
            "The current password is wrong."
        ))
        .with_code(Code::WrongPassword));
    }
    let personal = vec![row.username.clone(), row.display_name.clone()];
    let new_hash = new_password_hash("/new_password", new_password, personal).await?;
    let (who, version) = (ctx.who(), row.version);
    state
        .db
        .write(move |conn| service::change_own_password(conn, &who, version, &new_hash))
        .await?;
    super::auth::forget_attempts(&state, &req, key).await?;
    Ok(HttpResponse::NoContent().finish())
}
