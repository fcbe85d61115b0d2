//! The doors: who may call each operation, declared once. The request's extractor checks the
//! door of the operation it serves (`auth::authenticate`), the services check the record
//! against the same door (`for_unit`, `for_movement`), and the OpenAPI document shows it as
//! `x-thidua-access` on every operation, so what the code allows and what the spec says
//! cannot drift apart.

use serde_json::{json, Value};

use super::{Actor, Caller, Role, Scope};
use crate::error::{AppError, AppResult, Code};
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
/// Any signed-in caller: the shared register, which belongs to no unit.
pub const SIGNED: Door = Door {
    roles: Role::ALL,
    scopes: &Scope::ALL,
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

/// Every operation and its door: the method (as the spec writes it) and the documented path.
pub const DOORS: &[(&str, &str, &Door)] = &[
    ("get", "/api/v1/api-clients", &REGISTER),
    ("post", "/api/v1/api-clients", &REGISTER),
    ("get", "/api/v1/api-clients/{id}", &REGISTER),
    ("patch", "/api/v1/api-clients/{id}", &REGISTER),
    ("post", "/api/v1/api-clients/{id}/deactivate", &REGISTER),
    ("post", "/api/v1/api-clients/{id}/reactivate", &REGISTER),
    ("post", "/api/v1/api-clients/{id}/rotate", &REGISTER),
    ("get", "/api/v1/audit-log", &REGISTER),
    ("post", "/api/v1/auth/login", &CREDENTIALS),
    ("post", "/api/v1/auth/logout", &SIGNED),
    ("post", "/api/v1/auth/password", &CREDENTIALS),
    ("post", "/api/v1/auth/token", &CREDENTIALS),
    ("get", "/api/v1/commendation-forms", &SIGNED),
    ("post", "/api/v1/commendation-forms", &REGISTER),
    ("get", "/api/v1/documents", &SIGNED),
    ("post", "/api/v1/documents", &DOCUMENTS_WRITE),
    ("get", "/api/v1/documents/{id}", &SIGNED),
    ("patch", "/api/v1/documents/{id}", &DOCUMENTS_WRITE),
    (
        "post",
        "/api/v1/documents/{id}/deactivate",
        &DOCUMENTS_WRITE,
    ),
    ("get", "/api/v1/emulation-funds/{year}", &SIGNED),
    ("put", "/api/v1/emulation-funds/{year}", &REGISTER),
    ("get", "/api/v1/emulation-groups", &SIGNED),
    ("post", "/api/v1/emulation-groups", &REGISTER),
    ("get", "/api/v1/emulation-groups/{id}", &SIGNED),
    ("patch", "/api/v1/emulation-groups/{id}", &REGISTER),
    (
        "post",
        "/api/v1/emulation-groups/{id}/deactivate",
        &REGISTER,
    ),
    ("get", "/api/v1/exemplary-models", &SIGNED),
    ("post", "/api/v1/exemplary-models", &MODELS_WRITE),
    ("delete", "/api/v1/exemplary-models/{id}", &MODELS_WRITE),
    ("get", "/api/v1/exemplary-models/{id}", &SIGNED),
    ("patch", "/api/v1/exemplary-models/{id}", &MODELS_WRITE),
    (
        "get",
        "/api/v1/exemplary-models/{id}/publicity-items",
        &SIGNED,
    ),
    (
        "post",
        "/api/v1/exemplary-models/{id}/publicity-items",
        &MODELS_WRITE,
    ),
    ("post", "/api/v1/exemplary-models/{id}/stage", &MODELS_WRITE),
    ("get", "/api/v1/funding-grants", &SIGNED),
    ("post", "/api/v1/funding-grants", &FUNDING_REQUEST),
    ("get", "/api/v1/funding-grants/{id}", &SIGNED),
    (
        "post",
        "/api/v1/funding-grants/{id}/approve",
        &FUNDING_APPROVE,
    ),
    (
        "post",
        "/api/v1/funding-grants/{id}/recommend",
        &FUNDING_RECOMMEND,
    ),
    (
        "post",
        "/api/v1/funding-grants/{id}/reject",
        &FUNDING_REJECT,
    ),
    ("get", "/api/v1/holidays", &SIGNED),
    ("post", "/api/v1/holidays", &REGISTER),
    ("delete", "/api/v1/holidays/{date}", &REGISTER),
    ("get", "/api/v1/inspections", &INSPECTIONS_READ),
    ("post", "/api/v1/inspections", &REGISTER),
    ("get", "/api/v1/inspections/{id}", &INSPECTIONS_READ),
    ("patch", "/api/v1/inspections/{id}", &REGISTER),
    ("post", "/api/v1/inspections/{id}/actions", &REGISTER),
    (
        "patch",
        "/api/v1/inspections/{id}/actions/{action_id}",
        &INSPECTION_ACTION_EDIT,
    ),
    ("get", "/api/v1/movements", &SIGNED),
    ("post", "/api/v1/movements", &REGISTER),
    ("get", "/api/v1/movements/{id}", &SIGNED),
    ("patch", "/api/v1/movements/{id}", &REGISTER),
    ("get", "/api/v1/movements/{id}/criteria-sets", &SIGNED),
    (
        "post",
        "/api/v1/movements/{id}/criteria-sets",
        &CRITERIA_WRITE,
    ),
    (
        "get",
        "/api/v1/movements/{id}/criteria-sets/{set_id}",
        &SIGNED,
    ),
    (
        "patch",
        "/api/v1/movements/{id}/criteria-sets/{set_id}",
        &CRITERIA_WRITE,
    ),
    (
        "post",
        "/api/v1/movements/{id}/lead-unit-changes",
        &REGISTER,
    ),
    ("get", "/api/v1/movements/{id}/plans", &SIGNED),
    ("post", "/api/v1/movements/{id}/plans", &REGISTER),
    ("get", "/api/v1/movements/{id}/plans/{plan_id}", &SIGNED),
    ("patch", "/api/v1/movements/{id}/plans/{plan_id}", &REGISTER),
    (
        "post",
        "/api/v1/movements/{id}/plans/{plan_id}/issue",
        &DOCUMENTS_WRITE,
    ),
    ("post", "/api/v1/movements/{id}/renames", &REGISTER),
    ("get", "/api/v1/nominations", &NOMINATIONS_READ),
    ("post", "/api/v1/nominations", &NOMINATION_CREATE),
    ("get", "/api/v1/nominations/ranking", &POOL_READ),
    ("get", "/api/v1/nominations/recommended.csv", &POOL_READ),
    ("get", "/api/v1/nominations/recommended.xlsx", &POOL_READ),
    ("get", "/api/v1/nominations/{id}", &NOMINATIONS_READ),
    ("patch", "/api/v1/nominations/{id}", &NOMINATION_EDIT),
    ("post", "/api/v1/nominations/{id}/actions", &NOMINATION_ACT),
    ("get", "/api/v1/nominations/{id}/comments", &COUNCIL),
    ("get", "/api/v1/nominations/{id}/reviews", &COUNCIL),
    ("put", "/api/v1/nominations/{id}/reviews/mine", &REVIEW),
    ("get", "/api/v1/plans", &SIGNED),
    ("get", "/api/v1/publicity-items", &SIGNED),
    ("post", "/api/v1/publicity-items", &MODELS_WRITE),
    ("delete", "/api/v1/publicity-items/{id}", &MODELS_WRITE),
    ("get", "/api/v1/publicity-items/{id}", &SIGNED),
    ("patch", "/api/v1/publicity-items/{id}", &MODELS_WRITE),
    ("get", "/api/v1/quotas", &SIGNED),
    ("get", "/api/v1/reminders", &UNIT_MAIL_READ),
    ("post", "/api/v1/reminders", &REMINDERS_SEND),
    ("get", "/api/v1/report-requests", &UNIT_MAIL_READ),
    ("post", "/api/v1/report-requests", &REGISTER),
    ("get", "/api/v1/report-requests/{id}", &UNIT_MAIL_READ),
    ("get", "/api/v1/report-types", &SIGNED),
    ("post", "/api/v1/report-types", &REGISTER),
    ("get", "/api/v1/report-types/{id}", &SIGNED),
    (
        "post",
        "/api/v1/report-types/{id}/periods/{period}/lock",
        &REGISTER,
    ),
    ("get", "/api/v1/reporting/compliance", &COMPLIANCE_READ),
    ("get", "/api/v1/reports", &REPORTS_READ),
    ("post", "/api/v1/reports", &REPORT_SUBMIT),
    ("get", "/api/v1/reports/{id}", &REPORTS_READ),
    ("post", "/api/v1/reports/{id}/accept", &REGISTER),
    ("get", "/api/v1/stats/models", &SIGNED),
    ("get", "/api/v1/stats/nominations", &SIGNED),
    ("get", "/api/v1/stats/publicity", &SIGNED),
    (
        "get",
        "/api/v1/stats/units-with-plan-but-no-models",
        &SIGNED,
    ),
    ("get", "/api/v1/stats/units-without-portal-items", &SIGNED),
    ("get", "/api/v1/units", &SIGNED),
    ("post", "/api/v1/units", &REGISTER),
    ("get", "/api/v1/units/{id}", &SIGNED),
    ("patch", "/api/v1/units/{id}", &UNIT_EDIT),
    ("post", "/api/v1/units/{id}/deactivate", &REGISTER),
    ("delete", "/api/v1/units/{id}/webhook", &WEBHOOK_WRITE),
    ("get", "/api/v1/units/{id}/webhook", &WEBHOOK_READ),
    ("put", "/api/v1/units/{id}/webhook", &WEBHOOK_WRITE),
    ("get", "/api/v1/users", &REGISTER),
    ("post", "/api/v1/users", &REGISTER),
    ("get", "/api/v1/users/me", &PEOPLE),
    ("post", "/api/v1/users/me/password", &PEOPLE),
    ("get", "/api/v1/users/{id}", &ACCOUNT_READ),
    ("patch", "/api/v1/users/{id}", &REGISTER),
    ("post", "/api/v1/users/{id}/deactivate", &REGISTER),
    ("post", "/api/v1/users/{id}/password-reset", &ADMIN),
    ("post", "/api/v1/users/{id}/reactivate", &REGISTER),
    ("post", "/api/v1/users/{id}/unlock", &ADMIN),
    ("get", "/healthz", &OPEN),
    ("get", "/metrics", &METRICS),
    ("get", "/public/v1/exemplary-models", &OPEN),
    ("get", "/public/v1/exemplary-models.atom", &OPEN),
    ("get", "/public/v1/exemplary-models/changes", &OPEN),
    ("get", "/public/v1/exemplary-models/{id}", &OPEN),
    ("get", "/public/v1/honours", &OPEN),
    ("get", "/public/v1/movements", &OPEN),
    ("get", "/public/v1/nominations/open", &OPEN),
    ("post", "/public/v1/nominations/{id}/comments", &OPEN),
    ("get", "/readyz", &OPEN),
];

/// The door of an operation: `method` in any case, `path` as the router's pattern.
pub fn of(method: &str, path: &str) -> Option<&'static Door> {
    DOORS
        .iter()
        .find(|(m, p, _)| *p == path && m.eq_ignore_ascii_case(method))
        .map(|(_, _, door)| *door)
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
        if self.roles == Role::ALL && self.scopes == Scope::ALL {
            return "anyone signed in: every role, every client".to_owned();
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
    for (method, path, door) in DOORS {
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
    .with_ext("required_roles", names)
}

fn missing_scope(scopes: &[Scope]) -> AppError {
    let names = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>();
    AppError::forbidden(t!(
        "Ứng dụng thiếu quyền (scope) {}.",
        "The client lacks the scope {}.",
        names.join(" / ")
    ))
    .with_code(Code::MissingScope)
    .with_ext("required_scope", names[0])
    .with_ext("required_scopes", names)
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
        for (method, path, door) in DOORS {
            if *method != "get" && door.sign_in == SignIn::Token && **door != SIGNED {
                assert!(
                    door.admits(&viewer).is_err() || **door == PEOPLE,
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
    fn every_operation_has_one_door() {
        for (i, (m, p, _)) in DOORS.iter().enumerate() {
            assert!(
                !DOORS[i + 1..].iter().any(|(m2, p2, _)| m2 == m && p2 == p),
                "{m} {p} twice"
            );
        }
    }
}
