//! The doors: who may call each operation, declared once. The request's extractor checks the
//! door of the operation it serves (`auth::authenticate`), the services check the record
//! against the same door (`for_unit`, `for_movement`), and the OpenAPI document shows it as
//! `x-thidua-access` on every operation, so what the code allows and what the spec says
//! cannot drift apart.

use serde_json::{json, Value};

use super::{Actor, Caller, Role, Scope};
use crate::error::{AppError, AppResult, Code, Ext};
use crate::t;

/// How the caller of an operation proves who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Nobody needs to: the public feed, health, the public's comments.
    None,
    /// The request itself carries the credentials (a password, a client secret).
    Credentials,
    /// `Authorization: Bearer <access token>`.
    Token,
}

impl SignIn {
    fn as_str(self) -> &'static str {
        match self {
            SignIn::None => "none",
            SignIn::Credentials => "credentials",
            SignIn::Token => "token",
        }
    }
}

/// Who may pass one door.
#[derive(Debug, PartialEq, Eq)]
pub struct Door {
    pub sign_in: SignIn,
    /// People with these roles, for any record.
    pub roles: &'static [Role],
    /// People with these roles, for their own unit's records only.
    pub own_unit_roles: &'static [Role],
    /// Units' software with one of these scopes, for its own unit's records only.
    pub scopes: &'static [Scope],
    /// The officer of a movement's lead unit, for that movement's records.
    pub lead_unit: bool,
    /// A person, for their own account.
    pub own_account: bool,
    /// Open to anyone while the service runs in development (`/metrics`).
    pub open_in_development: bool,
}

/// Where a caller's reach over a list of records ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Every record.
    All,
    /// The records of the caller's unit, and those of the movements it leads when the door
    /// lets lead units in.
    Unit(String),
}

const NOBODY: Door = Door {
    sign_in: SignIn::Token,
    roles: &[],
    own_unit_roles: &[],
    scopes: &[],
    lead_unit: false,
    own_account: false,
    open_in_development: false,
};

const REGISTRARS: &[Role] = &[Role::Admin, Role::Coordinator];
const OFFICER: &[Role] = &[Role::UnitOfficer];
/// Everyone but unit officers: they read across units.
const PROVINCE: &[Role] = &[
    Role::Admin,
    Role::Coordinator,
    Role::Approver,
    Role::Reviewer,
    Role::Viewer,
];

/// Anyone, without signing in.
pub const OPEN: Door = Door {
    sign_in: SignIn::None,
    ..NOBODY
};
/// Whoever presents valid credentials in the request.
pub const CREDENTIALS: Door = Door {
    sign_in: SignIn::Credentials,
    ..NOBODY
};
/// Any signed-in person or unit's software: the shared register, which belongs to no unit.
/// Not a metrics reader: `metrics:read` opens `/metrics` and nothing else.
pub const SIGNED: Door = Door {
    roles: Role::ALL,
    scopes: Scope::UNIT,
    ..NOBODY
};
/// Any signed-in person.
pub const PEOPLE: Door = Door {
    roles: Role::ALL,
    ..NOBODY
};
/// Administrators and the coordinator: they keep the register.
pub const REGISTER: Door = Door {
    roles: REGISTRARS,
    ..NOBODY
};
/// Reorganisations: the registrars record them; viewers may only run them dry (checked by the
/// operation, which knows `dry_run`).
pub const REORGANISE: Door = Door {
    roles: &[Role::Admin, Role::Coordinator, Role::Viewer],
    ..NOBODY
};
pub const ADMIN: Door = Door {
    roles: &[Role::Admin],
    ..NOBODY
};
/// A person reads their own account; administrators and the coordinator any.
pub const ACCOUNT_READ: Door = Door {
    roles: REGISTRARS,
    own_account: true,
    ..NOBODY
};
/// A unit's exemplary models and publicity items.
pub const MODELS_WRITE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: &[Scope::ModelsWrite],
    ..NOBODY
};
/// A unit's awardees (individuals and collectives) and their initiatives: its officers, or the
/// registrars.
pub const AWARDEES_WRITE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// The restrictions on an awardee (discipline, inspection, complaint): those who judge
/// nominations, and the officers of the awardee's unit.
pub const RESTRICTIONS_READ: Door = Door {
    roles: &[
        Role::Admin,
        Role::Coordinator,
        Role::Approver,
        Role::Reviewer,
    ],
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// A unit's documents, and issuing its plans.
pub const DOCUMENTS_WRITE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: &[Scope::DocumentsWrite],
    ..NOBODY
};
/// A unit's own contact details (the register's fields stay the registrars').
pub const UNIT_EDIT: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: &[Scope::UnitsWrite],
    ..NOBODY
};
pub const WEBHOOK_WRITE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: &[Scope::ReportsWrite],
    ..NOBODY
};
pub const WEBHOOK_READ: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: &[Scope::ReportsRead, Scope::ReportsWrite],
    ..NOBODY
};
/// A unit's software files its reports; so does its officer.
pub const REPORT_SUBMIT: Door = Door {
    own_unit_roles: OFFICER,
    scopes: &[Scope::ReportsWrite],
    ..NOBODY
};
/// Reports: the province reads all, a unit its own.
pub const REPORTS_READ: Door = Door {
    roles: PROVINCE,
    own_unit_roles: OFFICER,
    scopes: &[Scope::ReportsRead, Scope::ReportsWrite],
    ..NOBODY
};
/// What is addressed to units (report requests, reminders): the province reads all, a unit
/// and its software what was sent to it.
pub const UNIT_MAIL_READ: Door = Door {
    roles: PROVINCE,
    own_unit_roles: OFFICER,
    scopes: Scope::UNIT,
    ..NOBODY
};
/// Compliance with reporting: the province all, a lead unit its movements', a unit and its
/// software (`reports:read`) its own.
pub const COMPLIANCE_READ: Door = Door {
    roles: PROVINCE,
    own_unit_roles: OFFICER,
    scopes: &[Scope::ReportsRead],
    lead_unit: true,
    ..NOBODY
};
/// Reminders: the coordinator to any unit, a lead unit to its movement's units.
pub const REMINDERS_SEND: Door = Door {
    roles: REGISTRARS,
    lead_unit: true,
    ..NOBODY
};
/// A movement's criteria sets: the registrars and the movement's lead unit (letter point 2).
pub const CRITERIA_WRITE: Door = Door {
    roles: REGISTRARS,
    lead_unit: true,
    ..NOBODY
};
/// A lead unit asks for its movement's grant from the emulation fund.
pub const FUNDING_REQUEST: Door = Door {
    roles: REGISTRARS,
    scopes: &[Scope::FundingWrite],
    lead_unit: true,
    ..NOBODY
};
pub const FUNDING_RECOMMEND: Door = Door {
    roles: &[Role::Coordinator],
    ..NOBODY
};
pub const FUNDING_APPROVE: Door = Door {
    roles: &[Role::Approver],
    ..NOBODY
};
pub const FUNDING_REJECT: Door = Door {
    roles: &[Role::Coordinator, Role::Approver],
    ..NOBODY
};
/// Inspections: the province reads all, a unit's officer those of its unit.
pub const INSPECTIONS_READ: Door = Door {
    roles: PROVINCE,
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// An inspection's follow-up action: the registrars, and the inspected unit's officer who
/// reports it done.
pub const INSPECTION_ACTION_EDIT: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// Nominations: the province reads all, a unit's officer its unit's.
pub const NOMINATIONS_READ: Door = Door {
    roles: PROVINCE,
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// A nomination is proposed by the officer of the nominee's managing unit, by the lead unit
/// of the movement it is for (the letter: lead units gather and introduce), or by the
/// registrars.
pub const NOMINATION_CREATE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    lead_unit: true,
    ..NOBODY
};
/// The proposing unit edits its draft.
pub const NOMINATION_EDIT: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// A workflow step: the proposer submits or withdraws, the coordinator reviews and
/// recommends, the approver decides.
pub const NOMINATION_ACT: Door = Door {
    roles: &[Role::Coordinator, Role::Approver],
    own_unit_roles: OFFICER,
    ..NOBODY
};
/// Uploading a file: a unit's officer or software for its unit, the registrars for the
/// province.
pub const FILES_WRITE: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: OFFICER,
    scopes: Scope::UNIT,
    ..NOBODY
};
/// Reading a file: its unit's people and software and the registrars; and whoever may read a
/// nomination whose dossier lists it (checked on the record).
pub const FILES_READ: Door = Door {
    roles: REGISTRARS,
    own_unit_roles: &[
        Role::UnitOfficer,
        Role::Approver,
        Role::Reviewer,
        Role::Viewer,
    ],
    scopes: Scope::UNIT,
    ..NOBODY
};
/// The council's view: reviews and the public's comments.
pub const COUNCIL: Door = Door {
    roles: PROVINCE,
    ..NOBODY
};
/// The ranking and the exports for the Chairman: the council, and a lead unit for the
/// movements it leads.
pub const POOL_READ: Door = Door {
    roles: PROVINCE,
    lead_unit: true,
    ..NOBODY
};
pub const REVIEW: Door = Door {
    roles: &[Role::Reviewer],
    ..NOBODY
};
pub const METRICS: Door = Door {
    scopes: &[Scope::MetricsRead],
    open_in_development: true,
    ..NOBODY
};

/// One operation of the API, as the spec and the router know it.
#[derive(Debug)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub id: &'static str,
    pub door: &'static Door,
}

const fn op(
    method: &'static str,
    path: &'static str,
    id: &'static str,
    door: &'static Door,
) -> Operation {
    Operation {
        method,
        path,
        id,
        door,
    }
}

/// Every operation: the method (as the spec writes it), the documented path, its stable
/// `operationId` (`resource_action`) and its door.
pub const OPERATIONS: &[Operation] = &[
    op("get", "/api/v1/api-clients", "api_clients_list", &REGISTER),
    op(
        "post",
        "/api/v1/api-clients",
        "api_clients_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/api-clients/{id}",
        "api_clients_read",
        &REGISTER,
    ),
    op(
        "patch",
        "/api/v1/api-clients/{id}",
        "api_clients_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/api-clients/{id}/deactivate",
        "api_clients_deactivate",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/api-clients/{id}/reactivate",
        "api_clients_reactivate",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/api-clients/{id}/rotate",
        "api_clients_rotate",
        &REGISTER,
    ),
    op("get", "/api/v1/audit-log", "audit_log_list", &REGISTER),
    op("get", "/api/v1/award-types", "award_types_list", &SIGNED),
    op(
        "post",
        "/api/v1/award-types",
        "award_types_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/award-types/{id}",
        "award_types_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/award-types/{id}",
        "award_types_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/award-types/{id}/versions",
        "award_types_add_version",
        &REGISTER,
    ),
    op("get", "/api/v1/awardees", "awardees_list", &SIGNED),
    op(
        "post",
        "/api/v1/awardees",
        "awardees_create",
        &AWARDEES_WRITE,
    ),
    op("get", "/api/v1/awardees/{id}", "awardees_read", &SIGNED),
    op(
        "patch",
        "/api/v1/awardees/{id}",
        "awardees_update",
        &AWARDEES_WRITE,
    ),
    op(
        "get",
        "/api/v1/awardees/{id}/awards",
        "awardees_awards",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/awardees/{id}/restrictions",
        "awardees_restrictions_list",
        &RESTRICTIONS_READ,
    ),
    op(
        "post",
        "/api/v1/awardees/{id}/restrictions",
        "awardees_restrictions_create",
        &REGISTER,
    ),
    op(
        "patch",
        "/api/v1/awardees/{id}/restrictions/{restriction_id}",
        "awardees_restrictions_update",
        &REGISTER,
    ),
    op("get", "/api/v1/awards", "awards_list", &SIGNED),
    op("post", "/api/v1/awards", "awards_create", &REGISTER),
    op("get", "/api/v1/awards/{id}", "awards_read", &SIGNED),
    op(
        "post",
        "/api/v1/awards/{id}/revoke",
        "awards_revoke",
        &REGISTER,
    ),
    op("post", "/api/v1/auth/login", "auth_login", &CREDENTIALS),
    op("post", "/api/v1/auth/logout", "auth_logout", &SIGNED),
    op(
        "post",
        "/api/v1/auth/password",
        "auth_set_password",
        &CREDENTIALS,
    ),
    op("post", "/api/v1/auth/token", "auth_token", &CREDENTIALS),
    op(
        "get",
        "/api/v1/commendation-forms",
        "commendation_forms_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/commendation-forms",
        "commendation_forms_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/base-salaries",
        "base_salaries_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/base-salaries",
        "base_salaries_create",
        &REGISTER,
    ),
    op("get", "/api/v1/congresses", "congresses_list", &SIGNED),
    op("post", "/api/v1/congresses", "congresses_create", &REGISTER),
    op("get", "/api/v1/congresses/{id}", "congresses_read", &SIGNED),
    op(
        "get",
        "/api/v1/council-sessions",
        "council_sessions_list",
        &COUNCIL,
    ),
    op(
        "post",
        "/api/v1/council-sessions",
        "council_sessions_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/council-sessions/{id}",
        "council_sessions_read",
        &COUNCIL,
    ),
    op(
        "put",
        "/api/v1/council-sessions/{id}/attendance",
        "council_sessions_attendance",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/council-sessions/{id}/ballots",
        "council_ballots_cast",
        &REVIEW,
    ),
    op(
        "post",
        "/api/v1/council-sessions/{id}/close",
        "council_sessions_close",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/council-sessions/{id}/minutes",
        "council_sessions_minutes",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/council-sessions/{id}/open",
        "council_sessions_open",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/council-sessions/{id}/opinions",
        "council_opinions_record",
        &REGISTER,
    ),
    op("get", "/api/v1/councils", "councils_list", &COUNCIL),
    op("post", "/api/v1/councils", "councils_create", &REGISTER),
    op("get", "/api/v1/councils/{id}", "councils_read", &COUNCIL),
    op(
        "patch",
        "/api/v1/councils/{id}",
        "councils_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/councils/{id}/members",
        "council_members_create",
        &REGISTER,
    ),
    op(
        "patch",
        "/api/v1/councils/{id}/members/{member_id}",
        "council_members_update",
        &REGISTER,
    ),
    op("get", "/api/v1/decisions", "decisions_list", &COUNCIL),
    op("post", "/api/v1/decisions", "decisions_create", &REGISTER),
    op("get", "/api/v1/decisions/{id}", "decisions_read", &COUNCIL),
    op(
        "delete",
        "/api/v1/decisions/{id}",
        "decisions_delete",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/decisions/{id}/issue",
        "decisions_issue",
        &FUNDING_APPROVE,
    ),
    op("get", "/api/v1/documents", "documents_list", &SIGNED),
    op(
        "post",
        "/api/v1/documents",
        "documents_create",
        &DOCUMENTS_WRITE,
    ),
    op("get", "/api/v1/documents/{id}", "documents_read", &SIGNED),
    op(
        "patch",
        "/api/v1/documents/{id}",
        "documents_update",
        &DOCUMENTS_WRITE,
    ),
    op(
        "post",
        "/api/v1/documents/{id}/deactivate",
        "documents_deactivate",
        &DOCUMENTS_WRITE,
    ),
    op(
        "get",
        "/api/v1/eligibility-rules",
        "eligibility_rules_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/eligibility-rules",
        "eligibility_rules_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/eligibility-rules/{id}",
        "eligibility_rules_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/eligibility-rules/{id}",
        "eligibility_rules_update",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/emulation-funds/{year}",
        "emulation_funds_read",
        &SIGNED,
    ),
    op(
        "put",
        "/api/v1/emulation-funds/{year}",
        "emulation_funds_set",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/emulation-funds/{year}/entries",
        "emulation_fund_entries_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/emulation-funds/{year}/entries",
        "emulation_fund_entries_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/emulation-funds/{year}/statement.xlsx",
        "emulation_funds_statement",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/emulation-groups",
        "emulation_groups_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/emulation-groups",
        "emulation_groups_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/emulation-groups/{id}",
        "emulation_groups_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/emulation-groups/{id}",
        "emulation_groups_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/emulation-groups/{id}/deactivate",
        "emulation_groups_deactivate",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/exemplary-models",
        "exemplary_models_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/exemplary-models",
        "exemplary_models_create",
        &MODELS_WRITE,
    ),
    op(
        "delete",
        "/api/v1/exemplary-models/{id}",
        "exemplary_models_delete",
        &MODELS_WRITE,
    ),
    op(
        "get",
        "/api/v1/exemplary-models/{id}",
        "exemplary_models_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/exemplary-models/{id}",
        "exemplary_models_update",
        &MODELS_WRITE,
    ),
    op(
        "get",
        "/api/v1/exemplary-models/{id}/publicity-items",
        "publicity_items_list_for_model",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/exemplary-models/{id}/publicity-items",
        "publicity_items_create_for_model",
        &MODELS_WRITE,
    ),
    op(
        "post",
        "/api/v1/exemplary-models/{id}/stage",
        "exemplary_models_stage",
        &MODELS_WRITE,
    ),
    op(
        "get",
        "/api/v1/funding-grants",
        "funding_grants_list",
        &SIGNED,
    ),
    op("post", "/api/v1/files", "files_create", &FILES_WRITE),
    op("get", "/api/v1/files/{id}", "files_download", &FILES_READ),
    op("get", "/api/v1/files/{id}/meta", "files_read", &FILES_READ),
    op(
        "post",
        "/api/v1/funding-grants",
        "funding_grants_request",
        &FUNDING_REQUEST,
    ),
    op(
        "get",
        "/api/v1/funding-grants/{id}",
        "funding_grants_read",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/funding-grants/{id}/approve",
        "funding_grants_approve",
        &FUNDING_APPROVE,
    ),
    op(
        "post",
        "/api/v1/funding-grants/{id}/recommend",
        "funding_grants_recommend",
        &FUNDING_RECOMMEND,
    ),
    op(
        "post",
        "/api/v1/funding-grants/{id}/reject",
        "funding_grants_reject",
        &FUNDING_REJECT,
    ),
    op("get", "/api/v1/holidays", "holidays_list", &SIGNED),
    op("post", "/api/v1/holidays", "holidays_create", &REGISTER),
    op(
        "delete",
        "/api/v1/holidays/{date}",
        "holidays_delete",
        &REGISTER,
    ),
    op("post", "/api/v1/imports", "imports_create", &REGISTER),
    op(
        "get",
        "/api/v1/imports/templates/{kind}.xlsx",
        "imports_template",
        &SIGNED,
    ),
    op("get", "/api/v1/imports/{id}", "imports_read", &REGISTER),
    op("get", "/api/v1/initiatives", "initiatives_list", &SIGNED),
    op(
        "post",
        "/api/v1/initiatives",
        "initiatives_create",
        &AWARDEES_WRITE,
    ),
    op(
        "get",
        "/api/v1/initiatives/{id}",
        "initiatives_read",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/inspections",
        "inspections_list",
        &INSPECTIONS_READ,
    ),
    op(
        "post",
        "/api/v1/inspections",
        "inspections_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/inspections/{id}",
        "inspections_read",
        &INSPECTIONS_READ,
    ),
    op(
        "patch",
        "/api/v1/inspections/{id}",
        "inspections_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/inspections/{id}/actions",
        "inspections_add_action",
        &REGISTER,
    ),
    op(
        "patch",
        "/api/v1/inspections/{id}/actions/{action_id}",
        "inspections_update_action",
        &INSPECTION_ACTION_EDIT,
    ),
    op("get", "/api/v1/movements", "movements_list", &SIGNED),
    op("post", "/api/v1/movements", "movements_create", &REGISTER),
    op("get", "/api/v1/movements/{id}", "movements_read", &SIGNED),
    op(
        "patch",
        "/api/v1/movements/{id}",
        "movements_update",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/movements/{id}/criteria-sets",
        "criteria_sets_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/criteria-sets",
        "criteria_sets_create",
        &CRITERIA_WRITE,
    ),
    op(
        "get",
        "/api/v1/movements/{id}/criteria-sets/{set_id}",
        "criteria_sets_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/movements/{id}/criteria-sets/{set_id}",
        "criteria_sets_update",
        &CRITERIA_WRITE,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/lead-unit-changes",
        "movements_change_lead_unit",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/scale-changes",
        "movements_change_scale",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/movements/{id}/plans",
        "plans_list_for_movement",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/plans",
        "plans_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/movements/{id}/plans/{plan_id}",
        "plans_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/movements/{id}/plans/{plan_id}",
        "plans_update",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/plans/{plan_id}/issue",
        "plans_issue",
        &DOCUMENTS_WRITE,
    ),
    op(
        "post",
        "/api/v1/movements/{id}/renames",
        "movements_rename",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/nominations",
        "nominations_list",
        &NOMINATIONS_READ,
    ),
    op(
        "post",
        "/api/v1/nominations",
        "nominations_create",
        &NOMINATION_CREATE,
    ),
    op(
        "get",
        "/api/v1/nominations/ranking",
        "nominations_ranking",
        &POOL_READ,
    ),
    op(
        "get",
        "/api/v1/nominations/recommended.csv",
        "nominations_export_csv",
        &POOL_READ,
    ),
    op(
        "get",
        "/api/v1/nominations/recommended.xlsx",
        "nominations_export_xlsx",
        &POOL_READ,
    ),
    op(
        "get",
        "/api/v1/nominations/{id}",
        "nominations_read",
        &NOMINATIONS_READ,
    ),
    op(
        "patch",
        "/api/v1/nominations/{id}",
        "nominations_update",
        &NOMINATION_EDIT,
    ),
    op(
        "post",
        "/api/v1/nominations/{id}/actions",
        "nominations_act",
        &NOMINATION_ACT,
    ),
    op(
        "get",
        "/api/v1/nominations/{id}/comments",
        "nomination_comments_list",
        &COUNCIL,
    ),
    op(
        "get",
        "/api/v1/nominations/{id}/dossier",
        "nomination_dossier_read",
        &NOMINATIONS_READ,
    ),
    op(
        "post",
        "/api/v1/nominations/{id}/dossier/items",
        "nomination_dossier_items_create",
        &NOMINATION_EDIT,
    ),
    op(
        "delete",
        "/api/v1/nominations/{id}/dossier/items/{item_id}",
        "nomination_dossier_items_delete",
        &NOMINATION_EDIT,
    ),
    op(
        "get",
        "/api/v1/nominations/{id}/eligibility",
        "nominations_eligibility",
        &NOMINATIONS_READ,
    ),
    op(
        "post",
        "/api/v1/nominations/{id}/eligibility-override",
        "nominations_eligibility_override",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/nominations/{id}/reviews",
        "nomination_reviews_list",
        &COUNCIL,
    ),
    op(
        "put",
        "/api/v1/nominations/{id}/reviews/mine",
        "nomination_reviews_put_mine",
        &REVIEW,
    ),
    op(
        "get",
        "/api/v1/paper-templates",
        "paper_templates_list",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/paper-templates",
        "paper_templates_create",
        &REGISTER,
    ),
    op("get", "/api/v1/plans", "plans_list", &SIGNED),
    op(
        "get",
        "/api/v1/publicity-items",
        "publicity_items_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/publicity-items",
        "publicity_items_create",
        &MODELS_WRITE,
    ),
    op(
        "delete",
        "/api/v1/publicity-items/{id}",
        "publicity_items_delete",
        &MODELS_WRITE,
    ),
    op(
        "get",
        "/api/v1/publicity-items/{id}",
        "publicity_items_read",
        &SIGNED,
    ),
    op(
        "patch",
        "/api/v1/publicity-items/{id}",
        "publicity_items_update",
        &MODELS_WRITE,
    ),
    op("get", "/api/v1/quotas", "quotas_list", &SIGNED),
    op("post", "/api/v1/quotas", "quotas_create", &REGISTER),
    op("patch", "/api/v1/quotas/{code}", "quotas_update", &REGISTER),
    op(
        "get",
        "/api/v1/reminders",
        "reminders_list",
        &UNIT_MAIL_READ,
    ),
    op(
        "post",
        "/api/v1/reminders",
        "reminders_send",
        &REMINDERS_SEND,
    ),
    op(
        "get",
        "/api/v1/reorganisations",
        "reorganisations_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/reorganisations",
        "reorganisations_create",
        &REORGANISE,
    ),
    op(
        "get",
        "/api/v1/reorganisations/{id}",
        "reorganisations_read",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/report-requests",
        "report_requests_list",
        &UNIT_MAIL_READ,
    ),
    op(
        "post",
        "/api/v1/report-requests",
        "report_requests_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/report-requests/{id}",
        "report_requests_read",
        &UNIT_MAIL_READ,
    ),
    op("get", "/api/v1/report-types", "report_types_list", &SIGNED),
    op(
        "post",
        "/api/v1/report-types",
        "report_types_create",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/report-types/{id}",
        "report_types_read",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/report-types/{id}/periods/{period}/lock",
        "report_types_lock_period",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/reporting/compliance",
        "reporting_compliance",
        &COMPLIANCE_READ,
    ),
    op("get", "/api/v1/reports", "reports_list", &REPORTS_READ),
    op("post", "/api/v1/reports", "reports_submit", &REPORT_SUBMIT),
    op("get", "/api/v1/reports/{id}", "reports_read", &REPORTS_READ),
    op(
        "post",
        "/api/v1/reports/{id}/accept",
        "reports_accept",
        &REGISTER,
    ),
    op("get", "/api/v1/stats/models", "stats_models", &SIGNED),
    op(
        "get",
        "/api/v1/stats/nominations",
        "stats_nominations",
        &SIGNED,
    ),
    op("get", "/api/v1/stats/publicity", "stats_publicity", &SIGNED),
    op(
        "get",
        "/api/v1/stats/units-with-plan-but-no-models",
        "stats_units_with_plan_but_no_models",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/stats/units-without-portal-items",
        "stats_units_without_portal_items",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/stream-deadlines",
        "stream_deadlines_list",
        &SIGNED,
    ),
    op(
        "put",
        "/api/v1/stream-deadlines/{year}/{stream}",
        "stream_deadlines_put",
        &REGISTER,
    ),
    op(
        "get",
        "/api/v1/title-registrations",
        "title_registrations_list",
        &SIGNED,
    ),
    op(
        "post",
        "/api/v1/title-registrations",
        "title_registrations_create",
        &AWARDEES_WRITE,
    ),
    op(
        "get",
        "/api/v1/title-registrations/units",
        "title_registrations_units",
        &SIGNED,
    ),
    op(
        "get",
        "/api/v1/title-registrations/{id}",
        "title_registrations_read",
        &SIGNED,
    ),
    op(
        "delete",
        "/api/v1/title-registrations/{id}",
        "title_registrations_delete",
        &AWARDEES_WRITE,
    ),
    op("get", "/api/v1/units", "units_list", &SIGNED),
    op("post", "/api/v1/units", "units_create", &REGISTER),
    op("get", "/api/v1/units/{id}", "units_read", &SIGNED),
    op("patch", "/api/v1/units/{id}", "units_update", &UNIT_EDIT),
    op(
        "post",
        "/api/v1/units/{id}/deactivate",
        "units_deactivate",
        &REGISTER,
    ),
    op(
        "delete",
        "/api/v1/units/{id}/webhook",
        "unit_webhooks_delete",
        &WEBHOOK_WRITE,
    ),
    op(
        "get",
        "/api/v1/units/{id}/webhook",
        "unit_webhooks_read",
        &WEBHOOK_READ,
    ),
    op(
        "put",
        "/api/v1/units/{id}/webhook",
        "unit_webhooks_put",
        &WEBHOOK_WRITE,
    ),
    op("get", "/api/v1/users", "users_list", &REGISTER),
    op("post", "/api/v1/users", "users_create", &REGISTER),
    op("get", "/api/v1/users/me", "users_me", &PEOPLE),
    op(
        "post",
        "/api/v1/users/me/password",
        "users_change_own_password",
        &PEOPLE,
    ),
    op("get", "/api/v1/users/{id}", "users_read", &ACCOUNT_READ),
    op("patch", "/api/v1/users/{id}", "users_update", &REGISTER),
    op(
        "post",
        "/api/v1/users/{id}/deactivate",
        "users_deactivate",
        &REGISTER,
    ),
    op(
        "post",
        "/api/v1/users/{id}/password-reset",
        "users_reset_password",
        &ADMIN,
    ),
    op(
        "post",
        "/api/v1/users/{id}/reactivate",
        "users_reactivate",
        &REGISTER,
    ),
    op("post", "/api/v1/users/{id}/unlock", "users_unlock", &ADMIN),
    op("get", "/healthz", "ops_healthz", &OPEN),
    op("get", "/metrics", "ops_metrics", &METRICS),
    op("get", "/problems", "problems_list", &OPEN),
    op("get", "/problems/{code}", "problems_read", &OPEN),
    op(
        "get",
        "/public/v1/exemplary-models",
        "public_models_list",
        &OPEN,
    ),
    op(
        "get",
        "/public/v1/exemplary-models.atom",
        "public_models_atom",
        &OPEN,
    ),
    op(
        "get",
        "/public/v1/exemplary-models/changes",
        "public_models_changes",
        &OPEN,
    ),
    op(
        "get",
        "/public/v1/exemplary-models/{id}",
        "public_models_read",
        &OPEN,
    ),
    op("get", "/public/v1/honours", "public_honours", &OPEN),
    op(
        "get",
        "/public/v1/honours/changes",
        "public_honour_changes",
        &OPEN,
    ),
    op(
        "get",
        "/public/v1/movements",
        "public_movements_list",
        &OPEN,
    ),
    op(
        "get",
        "/public/v1/nominations/open",
        "public_nominations_open",
        &OPEN,
    ),
    op(
        "post",
        "/public/v1/nominations/{id}/comments",
        "public_nomination_comments_create",
        &OPEN,
    ),
    op("get", "/readyz", "ops_readyz", &OPEN),
];

/// The operation at `method` (any case) and `path`, the router's pattern.
pub fn operation(method: &str, path: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|o| o.path == path && o.method.eq_ignore_ascii_case(method))
}

/// The door of an operation: `method` in any case, `path` as the router's pattern.
pub fn of(method: &str, path: &str) -> Option<&'static Door> {
    operation(method, path).map(|o| o.door)
}

impl Door {
    /// The roles a person may hold to pass at all.
    fn people(&self) -> Vec<Role> {
        let mut out: Vec<Role> = self.roles.to_vec();
        for r in self.own_unit_roles {
            if !out.contains(r) {
                out.push(*r);
            }
        }
        if self.lead_unit && !out.contains(&Role::UnitOfficer) {
            out.push(Role::UnitOfficer);
        }
        out
    }

    /// The first check, before the record is known: whether the caller's role or scopes
    /// let it in for any record at all.
    pub fn admits(&self, caller: &Caller) -> AppResult<()> {
        match &caller.actor {
            Actor::User { role, .. } => {
                let people = self.people();
                if self.own_account || people.contains(role) {
                    Ok(())
                } else if people.is_empty() && !self.scopes.is_empty() {
                    Err(missing_scope(self.scopes))
                } else {
                    Err(role_required(&self.people()))
                }
            }
            Actor::Client { scopes, .. } => {
                if self.scopes.iter().any(|s| scopes.contains(s)) {
                    Ok(())
                } else if self.scopes.is_empty() {
                    Err(role_required(&self.people()))
                } else {
                    Err(missing_scope(self.scopes))
                }
            }
        }
    }

    /// Whether the caller passes for any record, whatever its unit.
    fn everywhere(&self, caller: &Caller) -> bool {
        caller.role().is_some_and(|r| self.roles.contains(&r))
    }

    /// Whether the caller passes for a record of its own unit `unit`.
    fn as_own_unit(&self, caller: &Caller, unit: &str) -> bool {
        if caller.unit.as_deref() != Some(unit) {
            return false;
        }
        match &caller.actor {
            Actor::User { role, .. } => self.own_unit_roles.contains(role),
            Actor::Client { scopes, .. } => self.scopes.iter().any(|s| scopes.contains(s)),
        }
    }

    /// Whether the caller is the officer of `lead`, the lead unit of the record's movement.
    fn as_lead_unit(&self, caller: &Caller, lead: &str) -> bool {
        self.lead_unit && caller.is(&[Role::UnitOfficer]) && caller.unit.as_deref() == Some(lead)
    }

    /// The check against a record of `unit`.
    pub fn for_unit(&self, caller: &Caller, unit: &str) -> AppResult<()> {
        if self.everywhere(caller) || self.as_own_unit(caller, unit) {
            Ok(())
        } else {
            Err(other_unit())
        }
    }

    /// The check against a record of a movement led by `lead`, belonging to `unit` when it
    /// belongs to one (a nomination's nominee, a grant's requesting unit).
    pub fn for_movement(&self, caller: &Caller, unit: Option<&str>, lead: &str) -> AppResult<()> {
        let own = unit.is_some_and(|u| self.as_own_unit(caller, u));
        if self.everywhere(caller) || own || self.as_lead_unit(caller, lead) {
            Ok(())
        } else {
            Err(other_unit())
        }
    }

    /// The check for what belongs to the whole province, no unit or movement (a congress's
    /// pool): only the roles that pass for any record.
    pub fn for_province(&self, caller: &Caller) -> AppResult<()> {
        if self.everywhere(caller) {
            Ok(())
        } else {
            Err(role_required(self.roles))
        }
    }

    /// The check against a person's account.
    pub fn for_account(&self, caller: &Caller, user_id: &str) -> AppResult<()> {
        let own = self.own_account && matches!(caller.actor, Actor::User { .. });
        if self.everywhere(caller) || (own && caller.id() == user_id) {
            Ok(())
        } else {
            Err(role_required(self.roles))
        }
    }

    /// How far the caller's list reaches: every record, or its own unit's.
    pub fn reach(&self, caller: &Caller) -> Reach {
        match (&caller.unit, self.everywhere(caller)) {
            (Some(unit), false) => Reach::Unit(unit.clone()),
            _ => Reach::All,
        }
    }

    /// The door as the spec shows it (`x-thidua-access`).
    pub fn to_json(&self) -> Value {
        let names = |roles: &[Role]| roles.iter().map(|r| r.as_str()).collect::<Vec<_>>();
        let mut out = json!({
            "sign_in": self.sign_in.as_str(),
            "roles": names(self.roles),
            "own_unit_roles": names(self.own_unit_roles),
            "scopes": self.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "lead_unit": self.lead_unit,
        });
        if self.own_account {
            out["own_account"] = json!(true);
        }
        if self.open_in_development {
            out["open_in_development"] = json!(true);
        }
        out
    }
}

impl Door {
    /// Who may pass, in words, as the README's table says it.
    pub fn who(&self) -> String {
        match self.sign_in {
            SignIn::None => return "anyone, without signing in".to_owned(),
            SignIn::Credentials => return "anyone, with the credentials in the request".to_owned(),
            SignIn::Token => {}
        }
        let quoted = |names: Vec<&str>| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.roles == Role::ALL && self.scopes == Scope::UNIT {
            return "anyone signed in: every role, every unit's client (not a `metrics:read` one)"
                .to_owned();
        }
        let mut parts = Vec::new();
        if !self.roles.is_empty() {
            parts.push(quoted(self.roles.iter().map(|r| r.as_str()).collect()));
        }
        if !self.own_unit_roles.is_empty() {
            let roles = quoted(self.own_unit_roles.iter().map(|r| r.as_str()).collect());
            parts.push(format!("{roles} for its own unit's records"));
        }
        if self.lead_unit {
            parts.push("the lead unit's `unit_officer` for its movements".to_owned());
        }
        if self.own_account {
            parts.push("anyone for their own account".to_owned());
        }
        if !self.scopes.is_empty() {
            let scopes = quoted(self.scopes.iter().map(|s| s.as_str()).collect());
            let whose = if self.scopes == [Scope::MetricsRead] {
                ""
            } else {
                ", for its own unit"
            };
            parts.push(format!("a client with {scopes}{whose}"));
        }
        if self.open_in_development {
            parts.push("anyone in development".to_owned());
        }
        parts.join("; ")
    }
}

/// The README's table of who may call what: per resource, the operations that share a door.
pub fn readme_table() -> String {
    let mut rows: Vec<(String, &Door, Vec<String>)> = Vec::new();
    for Operation {
        method, path, door, ..
    } in OPERATIONS
    {
        let resource = path
            .trim_start_matches("/api/v1/")
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".atom")
            .to_owned();
        let operation = format!("`{} {path}`", method.to_ascii_uppercase());
        match rows
            .iter_mut()
            .find(|(r, d, _)| *r == resource && *d == *door)
        {
            Some((_, _, ops)) => ops.push(operation),
            None => rows.push((resource, door, vec![operation])),
        }
    }
    let mut out =
        String::from("| resource | operations | who may call them |\n| --- | --- | --- |\n");
    for (resource, door, ops) in rows {
        out.push_str(&format!(
            "| {resource} | {} | {} |\n",
            ops.join(", "),
            door.who()
        ));
    }
    out
}

/// The 403 of a caller aiming at another unit's record.
pub fn other_unit() -> AppError {
    AppError::forbidden(t!(
        "Bạn chỉ được thao tác cho đơn vị của mình.",
        "You may act only for your own unit."
    ))
    .with_code(Code::OtherUnit)
}

pub(super) fn role_required(roles: &[Role]) -> AppError {
    let names = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>();
    AppError::forbidden(t!(
        "Thao tác này cần một trong các vai trò: {}.",
        "This action needs one of the roles: {}.",
        names.join(", ")
    ))
    .with_code(Code::RoleRequired)
    .with_ext(Ext::RequiredRoles, names)
}

fn missing_scope(scopes: &[Scope]) -> AppError {
    let names = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>();
    AppError::forbidden(t!(
        "Ứng dụng thiếu quyền (scope) {}.",
        "The client lacks the scope {}.",
        names.join(" / ")
    ))
    .with_code(Code::MissingScope)
    .with_ext(Ext::RequiredScope, names[0])
    .with_ext(Ext::RequiredScopes, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role, unit: Option<&str>) -> Caller {
        Caller {
            actor: Actor::User {
                id: "u".into(),
                role,
            },
            unit: unit.map(Into::into),
        }
    }

    fn client(scopes: &[Scope], unit: &str) -> Caller {
        Caller {
            actor: Actor::Client {
                id: "c".into(),
                scopes: scopes.to_vec(),
            },
            unit: Some(unit.into()),
        }
    }

    #[test]
    fn an_officer_passes_for_its_own_unit_only() {
        let officer = person(Role::UnitOfficer, Some("A"));
        assert!(MODELS_WRITE.admits(&officer).is_ok());
        assert!(MODELS_WRITE.for_unit(&officer, "A").is_ok());
        let e = MODELS_WRITE.for_unit(&officer, "B").err();
        assert_eq!(e.and_then(|e| e.code), Some(Code::OtherUnit));
    }

    #[test]
    fn a_lead_unit_passes_for_its_movements_only() {
        let lead = person(Role::UnitOfficer, Some("L"));
        assert!(CRITERIA_WRITE.admits(&lead).is_ok());
        assert!(CRITERIA_WRITE.for_movement(&lead, None, "L").is_ok());
        assert!(CRITERIA_WRITE.for_movement(&lead, None, "M").is_err());
        // A door without lead units keeps them out of another unit's records.
        assert!(MODELS_WRITE.for_movement(&lead, Some("A"), "L").is_err());
        assert!(NOMINATION_CREATE
            .for_movement(&lead, Some("A"), "L")
            .is_ok());
        assert!(NOMINATION_CREATE
            .for_movement(&lead, Some("A"), "M")
            .is_err());
    }

    #[test]
    fn a_client_needs_the_scope_and_its_unit() {
        let c = client(&[Scope::ReportsRead], "A");
        assert!(COMPLIANCE_READ.admits(&c).is_ok());
        assert!(COMPLIANCE_READ.for_unit(&c, "A").is_ok());
        assert!(COMPLIANCE_READ.for_unit(&c, "B").is_err());
        let e = MODELS_WRITE.admits(&c).err();
        assert_eq!(e.and_then(|e| e.code), Some(Code::MissingScope));
        let e = REGISTER.admits(&c).err();
        assert_eq!(e.and_then(|e| e.code), Some(Code::RoleRequired));
    }

    #[test]
    fn a_viewer_changes_nothing() {
        let viewer = person(Role::Viewer, None);
        for Operation {
            method, path, door, ..
        } in OPERATIONS
        {
            if *method != "get" && door.sign_in == SignIn::Token && **door != SIGNED {
                assert!(
                    // A viewer passes the reorganisation door for dry runs only.
                    door.admits(&viewer).is_err() || **door == PEOPLE || **door == REORGANISE,
                    "{method} {path}"
                );
            }
        }
    }

    #[test]
    fn the_readme_states_every_door() {
        let readme = include_str!("../../../README.md");
        let table = readme_table();
        assert!(
            readme.contains(&table),
            "README.md's table of who may call what is stale; it should read:\n{table}"
        );
    }

    #[test]
    fn the_readme_lists_every_operation_id() {
        let readme = include_str!("../../../README.md");
        for o in OPERATIONS {
            let row = format!(
                "| `{} {}` | `{}` |",
                o.method.to_ascii_uppercase(),
                o.path,
                o.id
            );
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }

    #[test]
    fn every_operation_has_one_door_and_its_own_id() {
        for (i, a) in OPERATIONS.iter().enumerate() {
            for b in &OPERATIONS[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "{} {} twice",
                    a.method,
                    a.path
                );
                assert_ne!(a.id, b.id, "two operations are {}", a.id);
            }
            let snake = a.id.bytes().all(|c| c.is_ascii_lowercase() || c == b'_');
            assert!(snake, "{} is not resource_action", a.id);
        }
    }
}
