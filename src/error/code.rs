//! The `code` member of a problem: a stable name inside its kind that a client can branch on
//! (the `type` URI is made from it). Each code is written here once; the texts are in English
//! and name the situation, the message the caller sees is the error's `detail`.

use super::Kind;

macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident => $text:literal as $kind:ident),+ $(,)?) => {
        /// A problem's machine code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$meta])* $variant),+
        }

        impl Code {
            /// Every code, in the order written here.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The kind of error, and so the status, a problem with this code always has.
            pub const fn kind(self) -> Kind {
                match self {
                    $(Code::$variant => Kind::$kind),+
                }
            }

            /// The code whose text is `text`.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == text)
            }

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
    // The codes of problems that have no more particular one: each kind's own, named as the
    // kind's `type` URI is (`not_found` ↔ `/problems/not-found`).
    /// The request is malformed (a parameter out of its range, a header that is not valid).
    BadRequest => "bad_request" as BadRequest,
    /// Some body members are invalid; `errors` names each one.
    Validation => "validation" as Validation,
    /// The caller is not signed in as the operation needs.
    Unauthorized => "unauthorized" as Unauthorized,
    /// The caller may not do this.
    Forbidden => "forbidden" as Forbidden,
    /// No such record, or no such address.
    NotFound => "not_found" as NotFound,
    /// The address does not take this method; `Allow` lists the ones it takes.
    MethodNotAllowed => "method_not_allowed" as MethodNotAllowed,
    /// No representation the caller accepts.
    NotAcceptable => "not_acceptable" as NotAcceptable,
    /// The request conflicts with what is stored.
    Conflict => "conflict" as Conflict,
    /// A precondition of the request does not hold.
    PreconditionFailed => "precondition_failed" as PreconditionFailed,
    /// The body is larger than the service takes.
    PayloadTooLarge => "payload_too_large" as PayloadTooLarge,
    /// The request did not arrive in time.
    RequestTimeout => "request_timeout" as RequestTimeout,
    /// The body is not of a media type the operation takes.
    UnsupportedMediaType => "unsupported_media_type" as UnsupportedMediaType,
    /// Too many requests.
    TooManyRequests => "too_many_requests" as TooManyRequests,
    /// The service cannot answer for now.
    Unavailable => "unavailable" as Unavailable,
    /// An error of the service itself; the log has it under the request id.
    Internal => "internal" as Internal,

    // Requests the service cannot read.
    /// The body is not JSON, not an object, or a member has the wrong type.
    MalformedBody => "malformed_body" as BadRequest,
    /// A query parameter has the wrong type.
    MalformedQuery => "malformed_query" as BadRequest,
    /// A path segment has the wrong type.
    MalformedPath => "malformed_path" as BadRequest,
    /// The body did not arrive within `THIDUA_BODY_TIMEOUT_SECS` of the request's head.
    BodyTimeout => "body_timeout" as RequestTimeout,
    /// A text holds a character the database cannot keep (NUL).
    InvalidCharacter => "invalid_character" as BadRequest,
    /// A reporting period that is not of the report type's frequency.
    InvalidPeriod => "invalid_period" as BadRequest,
    /// A report's content does not match its report type's schema.
    ContentInvalid => "content_invalid" as Validation,
    /// The public feed's `since` is not a token it issued.
    InvalidSyncToken => "invalid_sync_token" as BadRequest,

    // Who is calling.
    /// No bearer token.
    MissingToken => "missing_token" as Unauthorized,
    /// A bearer token that is malformed, expired or not signed by the service.
    InvalidToken => "invalid_token" as Unauthorized,
    /// A wrong user name or password.
    InvalidCredentials => "invalid_credentials" as Unauthorized,
    /// Too many failed sign-ins for the account or the address.
    TooManyAttempts => "too_many_attempts" as TooManyRequests,
    /// The caller's role may not do this.
    RoleRequired => "role_required" as Forbidden,
    /// The API client lacks the scope.
    MissingScope => "missing_scope" as Forbidden,
    /// The caller acts for another unit than the record's.
    OtherUnit => "other_unit" as Forbidden,
    /// Only the lead unit of the movement may do this.
    NotLeadUnit => "not_lead_unit" as Forbidden,
    /// Reports are submitted by a unit's officer or its software, for its own unit.
    /// The role or scope is beyond what the caller may manage.
    CannotManage => "cannot_manage" as Forbidden,

    /// RFC 6749 §5.2 at the token endpoint: a malformed token request.
    InvalidRequest => "invalid_request" as BadRequest,
    /// RFC 6749 §5.2: the client's credentials are wrong.
    InvalidClient => "invalid_client" as Unauthorized,
    /// RFC 6749 §5.2: a scope the client does not hold.
    InvalidScope => "invalid_scope" as BadRequest,
    /// RFC 6749 §5.2: a grant type other than the ones the service offers.
    UnsupportedGrantType => "unsupported_grant_type" as BadRequest,

    // Limits of the service.
    /// Too many requests from the address.
    RateLimited => "rate_limited" as TooManyRequests,
    /// The database is busy: retry.
    DatabaseBusy => "database_busy" as Unavailable,
    /// The database cannot be reached.
    DatabaseUnavailable => "database_unavailable" as Unavailable,
    /// A webhook address that points inside the service's network.
    WebhookTargetRefused => "webhook_target_refused" as Validation,

    // Idempotent writes.
    /// The write needs an `Idempotency-Key`.
    IdempotencyKeyRequired => "idempotency_key_required" as BadRequest,
    /// The key was used for another request.
    IdempotencyKeyReused => "idempotency_key_reused" as Validation,
    /// The first request with the key is still running.
    IdempotencyInProgress => "idempotency_in_progress" as Conflict,

    // Conflicts with what is stored.
    /// `If-Match` names a version that is no longer current.
    StaleEtag => "stale_etag" as PreconditionFailed,
    /// A record equal to one already stored (a unique key).
    Duplicate => "duplicate" as Conflict,
    /// A recommendation whose scores fail the criteria set, with no override reason.
    CriteriaNotMet => "criteria_not_met" as Validation,
    /// A registration after the year's registration deadline (a unit's; the coordinator may).
    RegistrationClosed => "registration_closed" as Conflict,
    /// A nomination for a title that requires registration, without one.
    NotRegistered => "not_registered" as Validation,
    /// A new nomination submitted after its stream's deadline for the year.
    DeadlinePassed => "deadline_passed" as Conflict,
    /// A submission whose nominee fails a rule of eligibility.
    NotEligible => "not_eligible" as Validation,
    /// A submission with a rule of eligibility not known and no override.
    EligibilityNotKnown => "eligibility_not_known" as Validation,
    /// A submission whose dossier lacks a required item of its award type's checklist.
    DossierIncomplete => "dossier_incomplete" as Validation,
    /// An upload whose content is not one of the kinds of file the service keeps.
    FileTypeRefused => "file_type_refused" as UnsupportedMediaType,
    /// A file whose stored bytes no longer match its SHA-256: reported, never served.
    FileDamaged => "file_damaged" as Internal,
    /// A council session opened without its quorum (or the attendance an award session needs).
    NoQuorum => "no_quorum" as Conflict,
    /// A council session not in the state the step needs (planned, open, closed).
    SessionState => "session_state" as Conflict,
    /// A second ballot by the same member on the same nominee.
    AlreadyVoted => "already_voted" as Conflict,
    /// A ballot by someone who is not a member present at the session.
    NotPresent => "not_present" as Forbidden,
    /// A recommendation of a nominee whose award type needs the council's ballot, without a
    /// passed one.
    BallotNotPassed => "ballot_not_passed" as Conflict,
    /// An eligibility override where no rule is not known.
    NothingToOverride => "nothing_to_override" as Conflict,
    /// An import with rows in error, or rows whose records are already there: nothing stored.
    ImportRefused => "import_refused" as Validation,
    /// An import file that is not an .xlsx workbook or a UTF-8 CSV file.
    UnreadableFile => "unreadable_file" as BadRequest,
    /// A code already taken by another record.
    DuplicateCode => "duplicate_code" as Conflict,
    /// A unit's document with the same number and date.
    DuplicateDocument => "duplicate_document" as Conflict,
    /// The same model, form and year already nominated.
    DuplicateNomination => "duplicate_nomination" as Conflict,
    /// A reference to a missing record, or a record still referred to.
    Reference => "reference" as Conflict,
    /// The record is already inactive.
    AlreadyInactive => "already_inactive" as Conflict,
    /// A unit named for a day after its last day (`valid_to`): it no longer exists then.
    UnitEnded => "unit_ended" as Validation,
    /// A unit's end sent where only a reorganisation or a deactivation may set it.
    UseReorganisation => "use_reorganisation" as Validation,
    /// A split leaves open records of the unit with no successor to go to.
    Unmapped => "unmapped" as Validation,
    /// The unit already belongs to a group of that kind for the year.
    AlreadyInGroup => "already_in_group" as Conflict,
    /// The plan was already recorded as issued.
    AlreadyIssued => "already_issued" as Conflict,
    /// The award was already revoked.
    AlreadyRevoked => "already_revoked" as Conflict,
    /// No base salary is in force on the decision date.
    NoBaseSalary => "no_base_salary" as Conflict,
    /// An award type of the list has no bonus coefficient on the decision date.
    NoCoefficient => "no_coefficient" as Conflict,
    /// The nomination is already in a decision.
    InDecision => "in_decision" as Conflict,
    /// The list or its amounts changed while the papers were drawn up.
    DecisionChanged => "decision_changed" as Conflict,
    /// The decision is issued: it cannot change.
    DecisionState => "decision_state" as Conflict,
    /// The uploaded template is not a DOCX.
    TemplateNotDocx => "template_not_docx" as Validation,
    /// A placeholder of the template straddles runs of text.
    TemplateFieldSplit => "template_field_split" as Validation,
    /// A placeholder of the template names no field.
    TemplateFieldUnknown => "template_field_unknown" as Validation,
    /// The award came from a nomination, which is revoked instead.
    AwardOfNomination => "award_of_nomination" as Conflict,
    /// The awardee already holds that award for an overlapping period.
    AwardHeld => "award_held" as Conflict,
    /// The state allows no such action.
    InvalidTransition => "invalid_transition" as Conflict,
    /// A model's stage moves one step at a time.
    InvalidStage => "invalid_stage" as Conflict,
    /// A criteria set's version already used for scoring.
    CriteriaSetInUse => "criteria_set_in_use" as Conflict,
    /// An inspection holds at most 100 actions.
    TooManyActions => "too_many_actions" as Conflict,

    // Accounts.
    LastAdmin => "last_admin" as Conflict,
    WeakPassword => "weak_password" as Validation,
    WrongPassword => "wrong_password" as Forbidden,
    InvalidPasswordToken => "invalid_password_token" as BadRequest,
    AlreadyActive => "already_active" as Conflict,


    // Funding.
    /// A fund below what was already approved from it.
    FundBelowApproved => "fund_below_approved" as Conflict,
    /// A grant beyond what is left of the fund.
    FundExceeded => "fund_exceeded" as Conflict,

    // Nominations.
    /// No quota rule for the nomination's kind and year.
    NoQuotaRule => "no_quota_rule" as Validation,
    /// The quota is full.
    QuotaExceeded => "quota_exceeded" as Conflict,
    /// A quota rule that counts places held is changed only by a rule that supersedes it.
    RuleInUse => "rule_in_use" as Conflict,
    /// A nomination can be changed only as a draft or when returned.
    NotEditable => "not_editable" as Conflict,
    /// Only nominations in review are scored.
    NotInReview => "not_in_review" as Conflict,
    /// Public comment needs a published model (and the person's consent).
    NomineeNotPublic => "nominee_not_public" as Conflict,
    /// The public comment period has not ended.
    CommentPeriodOpen => "comment_period_open" as Conflict,
    /// The public comment period has ended.
    CommentClosed => "comment_closed" as Conflict,
    /// A congress nomination needs a model honoured at the provincial congress.
    NotProvincialHonouree => "not_provincial_honouree" as Conflict,

    // Reports.
    /// No request for the unit and period.
    NotRequested => "not_requested" as Validation,
    /// The period's last day for reports has passed.
    Expired => "expired" as Conflict,
    /// The period is locked.
    PeriodLocked => "period_locked" as Conflict,
    /// The report was accepted and cannot be sent again.
    Accepted => "accepted" as Conflict,
    /// Only the latest revision of a report can be accepted.
    NotLatest => "not_latest" as Conflict,
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn each_kind_has_its_own_code_named_as_its_type_uri() {
        for code in Code::ALL {
            let kind = code.kind();
            assert_eq!(kind.code().kind(), kind, "{}", code.as_str());
            assert_eq!(kind.code().as_str().replace('_', "-"), kind.slug());
        }
    }

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
