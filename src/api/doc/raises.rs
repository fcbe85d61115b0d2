//! The problem codes each operation can answer beyond the ones its shape implies (see
//! `super::problems`): found where the service raises them, checked at run time in debug builds.

use crate::error::Code;

/// `(operationId, codes)`, in the order of `OPERATIONS`; an operation with none is left out.
pub const RAISES: &[(&str, &[Code])] = &[
    ("api_clients_create", &[Code::CannotManage]),
    ("api_clients_update", &[Code::CannotManage]),
    (
        "api_clients_deactivate",
        &[Code::CannotManage, Code::AlreadyInactive],
    ),
    (
        "api_clients_reactivate",
        &[Code::CannotManage, Code::AlreadyActive],
    ),
    ("api_clients_rotate", &[Code::CannotManage]),
    (
        "auth_login",
        &[Code::InvalidCredentials, Code::TooManyAttempts],
    ),
    (
        "auth_set_password",
        &[
            Code::TooManyAttempts,
            Code::WeakPassword,
            Code::InvalidPasswordToken,
        ],
    ),
    (
        "auth_token",
        &[
            Code::TooManyAttempts,
            Code::InvalidRequest,
            Code::InvalidClient,
            Code::InvalidScope,
            Code::UnsupportedGrantType,
        ],
    ),
    ("award_types_create", &[Code::Duplicate]),
    ("base_salaries_create", &[Code::Duplicate]),
    ("awards_create", &[Code::AwardHeld]),
    (
        "awards_revoke",
        &[Code::AlreadyRevoked, Code::AwardOfNomination],
    ),
    ("commendation_forms_create", &[Code::Duplicate]),
    ("congresses_create", &[Code::Duplicate]),
    ("council_sessions_attendance", &[Code::SessionState]),
    (
        "council_ballots_cast",
        &[Code::SessionState, Code::AlreadyVoted, Code::NotPresent],
    ),
    ("council_sessions_close", &[Code::SessionState]),
    ("council_sessions_minutes", &[Code::SessionState]),
    (
        "council_opinions_record",
        &[Code::SessionState, Code::AlreadyVoted],
    ),
    (
        "council_sessions_open",
        &[Code::SessionState, Code::NoQuorum],
    ),
    (
        "decisions_create",
        &[
            Code::NoBaseSalary,
            Code::NoCoefficient,
            Code::InDecision,
            Code::DecisionChanged,
        ],
    ),
    ("decisions_delete", &[Code::DecisionState]),
    (
        "decisions_issue",
        &[
            Code::DecisionState,
            Code::NoBaseSalary,
            Code::NoCoefficient,
            Code::DecisionChanged,
            Code::FundExceeded,
            Code::InvalidTransition,
        ],
    ),
    ("documents_create", &[Code::DuplicateDocument]),
    ("documents_update", &[Code::DuplicateDocument]),
    ("documents_deactivate", &[Code::AlreadyInactive]),
    ("emulation_funds_set", &[Code::FundBelowApproved]),
    (
        "files_create",
        &[Code::FileTypeRefused, Code::PayloadTooLarge],
    ),
    ("files_download", &[Code::FileDamaged]),
    (
        "imports_create",
        &[
            Code::ImportRefused,
            Code::UnreadableFile,
            Code::PayloadTooLarge,
        ],
    ),
    (
        "emulation_groups_create",
        &[Code::AlreadyInGroup, Code::UnitEnded],
    ),
    (
        "emulation_groups_update",
        &[Code::AlreadyInGroup, Code::UnitEnded],
    ),
    ("emulation_groups_deactivate", &[Code::AlreadyInactive]),
    ("exemplary_models_create", &[Code::UnitEnded]),
    ("publicity_items_create_for_model", &[Code::UnitEnded]),
    ("exemplary_models_stage", &[Code::InvalidStage]),
    (
        "funding_grants_approve",
        &[Code::InvalidTransition, Code::FundExceeded],
    ),
    ("funding_grants_recommend", &[Code::InvalidTransition]),
    ("funding_grants_reject", &[Code::InvalidTransition]),
    ("holidays_create", &[Code::Duplicate]),
    ("inspections_add_action", &[Code::TooManyActions]),
    ("movements_create", &[Code::DuplicateCode, Code::UnitEnded]),
    ("movements_change_lead_unit", &[Code::UnitEnded]),
    ("criteria_sets_update", &[Code::CriteriaSetInUse]),
    (
        "paper_templates_create",
        &[
            Code::TemplateNotDocx,
            Code::TemplateFieldSplit,
            Code::TemplateFieldUnknown,
        ],
    ),
    ("plans_create", &[Code::UnitEnded]),
    ("plans_issue", &[Code::AlreadyIssued]),
    (
        "nominations_create",
        &[
            Code::DuplicateNomination,
            Code::NoQuotaRule,
            Code::NotProvincialHonouree,
            Code::UnitEnded,
            Code::NotRegistered,
        ],
    ),
    ("nominations_ranking", &[Code::NoQuotaRule]),
    ("nominations_export_csv", &[Code::NoQuotaRule]),
    ("nominations_export_xlsx", &[Code::NoQuotaRule]),
    (
        "nominations_update",
        &[
            Code::DuplicateNomination,
            Code::NotEditable,
            Code::NotRegistered,
        ],
    ),
    (
        "nominations_act",
        &[
            Code::InvalidTransition,
            Code::NoQuotaRule,
            Code::QuotaExceeded,
            Code::NomineeNotPublic,
            Code::CommentPeriodOpen,
            Code::NotProvincialHonouree,
            Code::CriteriaNotMet,
            Code::NotEligible,
            Code::EligibilityNotKnown,
            Code::DeadlinePassed,
            Code::DossierIncomplete,
            Code::BallotNotPassed,
        ],
    ),
    ("nomination_dossier_items_create", &[Code::NotEditable]),
    ("nomination_dossier_items_delete", &[Code::NotEditable]),
    (
        "nominations_eligibility_override",
        &[Code::NotEditable, Code::NothingToOverride],
    ),
    ("nomination_reviews_put_mine", &[Code::NotInReview]),
    ("reminders_send", &[Code::InvalidPeriod]),
    ("publicity_items_create", &[Code::UnitEnded]),
    ("publicity_items_update", &[Code::UnitEnded]),
    ("quotas_create", &[Code::Duplicate]),
    ("quotas_update", &[Code::RuleInUse]),
    (
        "reorganisations_create",
        &[
            Code::UnitEnded,
            Code::DuplicateCode,
            Code::AlreadyInactive,
            Code::Unmapped,
            Code::AlreadyInGroup,
        ],
    ),
    (
        "report_requests_create",
        &[Code::Duplicate, Code::UnitEnded],
    ),
    ("report_types_create", &[Code::Duplicate]),
    ("report_types_lock_period", &[Code::InvalidPeriod]),
    ("reporting_compliance", &[Code::InvalidPeriod]),
    ("reports_list", &[Code::InvalidPeriod]),
    (
        "reports_submit",
        &[
            Code::InvalidPeriod,
            Code::ContentInvalid,
            Code::NotRequested,
            Code::Expired,
            Code::PeriodLocked,
            Code::Accepted,
            Code::UnitEnded,
        ],
    ),
    ("reports_accept", &[Code::NotLatest]),
    (
        "title_registrations_create",
        &[Code::RegistrationClosed, Code::Duplicate],
    ),
    ("title_registrations_delete", &[Code::RegistrationClosed]),
    ("units_create", &[Code::DuplicateCode]),
    ("units_update", &[Code::UseReorganisation]),
    (
        "units_deactivate",
        &[
            Code::AlreadyInactive,
            Code::UnitEnded,
            Code::AlreadyInGroup,
            Code::Unmapped,
        ],
    ),
    ("unit_webhooks_put", &[Code::WebhookTargetRefused]),
    (
        "users_create",
        &[Code::CannotManage, Code::Duplicate, Code::WeakPassword],
    ),
    (
        "users_change_own_password",
        &[
            Code::TooManyAttempts,
            Code::WeakPassword,
            Code::WrongPassword,
        ],
    ),
    ("users_update", &[Code::CannotManage, Code::LastAdmin]),
    (
        "users_deactivate",
        &[Code::CannotManage, Code::AlreadyInactive, Code::LastAdmin],
    ),
    (
        "users_reactivate",
        &[Code::CannotManage, Code::AlreadyActive],
    ),
    ("public_models_changes", &[Code::InvalidSyncToken]),
    ("public_honour_changes", &[Code::InvalidSyncToken]),
    ("public_nomination_comments_create", &[Code::CommentClosed]),
];
