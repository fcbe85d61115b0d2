//! Who may do what: roles of people, scopes of API clients, and the rule that a unit officer
//! or a client acts only for its own unit.

use crate::error::{AppError, AppResult};
use crate::str_enum;

pub mod doors;

str_enum!(
    /// The role of a person.
    Role {
        /// Runs the service: accounts, clients, everything.
        Admin => "admin",
        /// The Department of Home Affairs (Sở Nội vụ): urges, checks, gathers and recommends.
        Coordinator => "coordinator",
        /// The Chairman's office: decides commendations.
        Approver => "approver",
        /// An officer of one unit, acting only for it.
        UnitOfficer => "unit_officer",
        /// Reads everything, changes nothing.
        Viewer => "viewer",
        /// A member of the emulation council: scores nominations against their criteria.
        Reviewer => "reviewer",
    }
);

impl Role {
    /// Whether the role is bound to one unit.
    pub fn needs_unit(self) -> bool {
        self == Role::UnitOfficer
    }

    /// Whether a person with this role may create, change, deactivate and reactivate the
    /// accounts of `target`: administrators manage everyone; coordinators manage unit
    /// officers, viewers and reviewers, never administrators, coordinators or approvers.
    pub fn manages(self, target: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Coordinator => {
                matches!(target, Role::UnitOfficer | Role::Viewer | Role::Reviewer)
            }
            _ => false,
        }
    }

    /// Whether a person with this role may create or change a client holding `scopes`:
    /// administrators any client; coordinators the clients of units (no `metrics:read`).
    pub fn manages_client(self, scopes: &[Scope]) -> bool {
        match self {
            Role::Admin => true,
            Role::Coordinator => scopes.iter().all(|s| s.is_unit_scope()),
            _ => false,
        }
    }
}

/// What an API client may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, utoipa::ToSchema)]
pub enum Scope {
    #[schema(rename = "reports:read")]
    ReportsRead,
    #[schema(rename = "reports:write")]
    ReportsWrite,
    #[schema(rename = "documents:write")]
    DocumentsWrite,
    #[schema(rename = "units:write")]
    UnitsWrite,
    #[schema(rename = "funding:write")]
    FundingWrite,
    #[schema(rename = "models:write")]
    ModelsWrite,
    /// Reads `/metrics`; the only scope of a client that belongs to no unit.
    #[schema(rename = "metrics:read")]
    MetricsRead,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Scope::ReportsRead,
        Scope::ReportsWrite,
        Scope::DocumentsWrite,
        Scope::UnitsWrite,
        Scope::FundingWrite,
        Scope::ModelsWrite,
        Scope::MetricsRead,
    ];

    /// The scopes that act for a unit: every scope but `metrics:read`, the last.
    pub const UNIT: &'static [Scope] = match Scope::ALL.split_last() {
        Some((_, unit)) => unit,
        None => &[],
    };

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReportsRead => "reports:read",
            Scope::ReportsWrite => "reports:write",
            Scope::DocumentsWrite => "documents:write",
            Scope::UnitsWrite => "units:write",
            Scope::FundingWrite => "funding:write",
            Scope::ModelsWrite => "models:write",
            Scope::MetricsRead => "metrics:read",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the scope acts for a unit (every scope but `metrics:read`).
    pub fn is_unit_scope(self) -> bool {
        self != Scope::MetricsRead
    }

    /// Parses a space-separated scope list (RFC 6749 §3.3), refusing unknown scopes.
    pub fn parse_list(s: &str) -> Result<Vec<Scope>, String> {
        let mut out = Vec::new();
        for word in s.split_whitespace() {
            let scope = Scope::parse(word).ok_or_else(|| word.to_owned())?;
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        Ok(out)
    }

    pub fn join(scopes: &[Scope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl serde::Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        let text = String::deserialize(d)?;
        Scope::parse(&text).ok_or_else(|| {
            let names: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown scope {text:?}, expected one of {}",
                names.join(", ")
            ))
        })
    }
}

/// The scopes of an API client as its row keeps them: one space-separated text column. An
/// unknown scope read back is a loud error, never dropped.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct ScopeSet {
    scopes: Vec<Scope>,
    /// The stored text, kept beside the list so that writing borrows it.
    text: String,
}

impl ScopeSet {
    pub fn new(mut scopes: Vec<Scope>) -> ScopeSet {
        scopes.dedup();
        let text = Scope::join(&scopes);
        ScopeSet { scopes, text }
    }

    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Whether the set acts for a unit: any scope but `metrics:read`.
    pub fn needs_unit(&self) -> bool {
        self.scopes.iter().any(|s| s.is_unit_scope())
    }
}

impl std::fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB>
    for ScopeSet
where
    str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
{
    fn to_sql<'b>(
        &'b self,
        out: &mut diesel::serialize::Output<'b, '_, DB>,
    ) -> diesel::serialize::Result {
        self.text.as_str().to_sql(out)
    }
}

impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB>
    for ScopeSet
where
    String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        let text =
            <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(bytes)?;
        Scope::parse_list(&text)
            .map(ScopeSet::new)
            .map_err(|word| format!("unknown Scope value {word:?} in the database").into())
    }
}

/// Who is calling: a person with a role, or a unit's software with scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    User { id: String, role: Role },
    Client { id: String, scopes: Vec<Scope> },
}

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub actor: Actor,
    /// The unit the caller acts for: always set for officers and clients.
    pub unit: Option<String>,
}

impl Caller {
    pub fn id(&self) -> &str {
        match &self.actor {
            Actor::User { id, .. } | Actor::Client { id, .. } => id,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self.actor {
            Actor::User { .. } => "user",
            Actor::Client { .. } => "client",
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self.actor {
            Actor::User { role, .. } => Some(role),
            Actor::Client { .. } => None,
        }
    }

    pub fn is(&self, roles: &[Role]) -> bool {
        self.role().is_some_and(|r| roles.contains(&r))
    }

    /// Admins and coordinators keep the register.
    pub fn is_registrar(&self) -> bool {
        self.is(&[Role::Admin, Role::Coordinator])
    }

    pub fn has_scope(&self, scope: Scope) -> bool {
        matches!(&self.actor, Actor::Client { scopes, .. } if scopes.contains(&scope))
    }

    /// Refuses unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> AppResult<()> {
        if self.is(roles) {
            Ok(())
        } else {
            Err(forbidden_role(roles))
        }
    }
}

fn forbidden_role(roles: &[Role]) -> AppError {
    doors::role_required(roles)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_can_be_granted_to_a_client() {
        let all = "reports:read reports:write documents:write units:write funding:write \
                   models:write metrics:read";
        let scopes = Scope::parse_list(all).expect("every scope parses");
        assert_eq!(scopes, Scope::ALL.to_vec());
        assert_eq!(Scope::join(&scopes), all);
    }

    #[test]
    fn the_unit_scopes_are_all_but_metrics() {
        let unit: Vec<Scope> = Scope::ALL
            .into_iter()
            .filter(|s| s.is_unit_scope())
            .collect();
        assert_eq!(Scope::UNIT, unit.as_slice());
    }

    #[test]
    fn scope_lists_refuse_unknown_scopes() {
        assert_eq!(
            Scope::parse_list("reports:write reports:read"),
            Ok(vec![Scope::ReportsWrite, Scope::ReportsRead])
        );
        assert_eq!(
            Scope::parse_list("reports:write admin"),
            Err("admin".to_owned())
        );
    }
}

/// Who made a change, and in which request.
#[derive(Clone, Debug)]
pub struct Who {
    pub actor_type: String,
    pub actor_id: String,
    pub actor_unit_id: Option<String>,
    pub request_id: Option<String>,
    /// The event this change is part of (a reorganisation's id), recorded with it.
    pub cause_id: Option<String>,
}

impl Who {
    /// The same caller, acting as part of the event `cause_id`.
    pub fn under(&self, cause_id: &str) -> Who {
        Who {
            cause_id: Some(cause_id.to_owned()),
            ..self.clone()
        }
    }

    /// The service itself (start-up, seeding, the command line).
    pub fn system(what: &str) -> Who {
        Who {
            actor_type: "system".to_owned(),
            actor_id: what.to_owned(),
            actor_unit_id: None,
            request_id: None,
            cause_id: None,
        }
    }
}
