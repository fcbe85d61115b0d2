//! The `code` member of a problem: a stable name inside its kind that a client can branch on
//! (the `type` URI is made from it). Each code is written here once; the texts are in English
//! and name the situation, the message the caller sees is the error's `detail`.

macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident => $text:literal),+ $(,)?) => {
        /// A problem's machine code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$meta])* $variant),+
        }

        impl Code {
            /// Every code, in the order written here.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as the problem's `code` member shows it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text),+
                }
            }
        }
    };
}

codes! {
    // Requests the service cannot read.
    /// The body is not JSON, not an object, or a member has the wrong type.
    MalformedBody => "malformed_body",
    /// A query parameter has the wrong type.
    MalformedQuery => "malformed_query",
    /// A path segment has the wrong type.
    MalformedPath => "malformed_path",
    /// The body did not arrive within `THIDUA_BODY_TIMEOUT_SECS` of the request's head.
    BodyTimeout => "body_timeout",
    /// A text holds a character the database cannot keep (NUL).
    InvalidCharacter => "invalid_character",
    /// A reporting period that is not of the report type's frequency.
    InvalidPeriod => "invalid_period",
    /// A report's content does not match its report type's schema.
    ContentInvalid => "content_invalid",
    /// The public feed's `since` is not a token it issued.
    InvalidSyncToken => "invalid_sync_token",

    // Who is calling.
    /// No bearer token.
    MissingToken => "missing_token",
    /// A bearer token that is malformed, expired or not signed by the service.
    InvalidToken => "invalid_token",
    /// A wrong user name or password.
    InvalidCredentials => "invalid_credentials",
    /// Too many failed sign-ins for the account or the address.
    TooManyAttempts => "too_many_attempts",
    /// The caller's role may not do this.
    RoleRequired => "role_required",
    /// The API client lacks the scope.
    MissingScope => "missing_scope",
    /// The caller acts for another unit than the record's.
    OtherUnit => "other_unit",
    /// Only the lead unit of the movement may do this.
    NotLeadUnit => "not_lead_unit",
    /// Reports are submitted by a unit's officer or its software, for its own unit.
    /// The role or scope is beyond what the caller may manage.
    CannotManage => "cannot_manage",

    /// RFC 6749 §5.2 at the token endpoint: a malformed token request.
    InvalidRequest => "invalid_request",
    /// RFC 6749 §5.2: the client's credentials are wrong.
    InvalidClient => "invalid_client",
    /// RFC 6749 §5.2: a scope the client does not hold.
    InvalidScope => "invalid_scope",
    /// RFC 6749 §5.2: a grant type other than the ones the service offers.
    UnsupportedGrantType => "unsupported_grant_type",

    // Limits of the service.
    /// Too many requests from the address.
    RateLimited => "rate_limited",
    /// The database is busy: retry.
    DatabaseBusy => "database_busy",
    /// The database cannot be reached.
    DatabaseUnavailable => "database_unavailable",
    /// A webhook address that points inside the service's network.
    WebhookTargetRefused => "webhook_target_refused",

    // Idempotent writes.
    /// The write needs an `Idempotency-Key`.
    IdempotencyKeyRequired => "idempotency_key_required",
    /// The key was used for another request.
    IdempotencyKeyReused => "idempotency_key_reused",
    /// The first request with the key is still running.
    IdempotencyInProgress => "idempotency_in_progress",

    // Conflicts with what is stored.
    /// `If-Match` names a version that is no longer current.
    StaleEtag => "stale_etag",
    /// A record equal to one already stored (a unique key).
    Duplicate => "duplicate",
    /// A code already taken by another record.
    DuplicateCode => "duplicate_code",
    /// A unit's document with the same number and date.
    DuplicateDocument => "duplicate_document",
    /// The same model, form and year already nominated.
    DuplicateNomination => "duplicate_nomination",
    /// A reference to a missing record, or a record still referred to.
    Reference => "reference",
    /// The record is already inactive.
    AlreadyInactive => "already_inactive",
    /// The unit already belongs to a group of that kind for the year.
    AlreadyInGroup => "already_in_group",
    /// The plan was already recorded as issued.
    AlreadyIssued => "already_issued",
    /// The state allows no such action.
    InvalidTransition => "invalid_transition",
    /// A model's stage moves one step at a time.
    InvalidStage => "invalid_stage",
    /// A criteria set's version already used for scoring.
    CriteriaSetInUse => "criteria_set_in_use",
    /// An inspection holds at most 100 actions.
    TooManyActions => "too_many_actions",

    // Accounts.
    LastAdmin => "last_admin",
    WeakPassword => "weak_password",
    WrongPassword => "wrong_password",
    InvalidPasswordToken => "invalid_password_token",
    AlreadyActive => "already_active",
    ScopesInvalid => "scopes_invalid",

    // Funding.
    /// A fund below what was already approved from it.
    FundBelowApproved => "fund_below_approved",
    /// A grant beyond what is left of the fund.
    FundExceeded => "fund_exceeded",

    // Nominations.
    /// No quota rule for the nomination's kind and year.
    NoQuotaRule => "no_quota_rule",
    /// The quota is full.
    QuotaExceeded => "quota_exceeded",
    /// A nomination can be changed only as a draft or when returned.
    NotEditable => "not_editable",
    /// Only nominations in review are scored.
    NotInReview => "not_in_review",
    /// Public comment needs a published model (and the person's consent).
    NomineeNotPublic => "nominee_not_public",
    /// The public comment period has not ended.
    CommentPeriodOpen => "comment_period_open",
    /// The public comment period has ended.
    CommentClosed => "comment_closed",
    /// A congress nomination needs a model honoured at the provincial congress.
    NotProvincialHonouree => "not_provincial_honouree",

    // Reports.
    /// No request for the unit and period.
    NotRequested => "not_requested",
    /// The period's last day for reports has passed.
    Expired => "expired",
    /// The period is locked.
    PeriodLocked => "period_locked",
    /// The report was accepted and cannot be sent again.
    Accepted => "accepted",
    /// Only the latest revision of a report can be accepted.
    NotLatest => "not_latest",
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_snake_case_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text}"
            );
            assert!(seen.insert(text), "{text} twice");
        }
    }
}
