//! The vocabulary of the register, reporting, reminders and inspections: closed sets of values
//! kept as text in the database and in JSON (the workflows keep theirs in their own modules).

use crate::str_enum;

// The register.

str_enum!(
    /// What kind of agency a unit is.
    UnitKind {
        Department => "department",
        District => "district",
        Commune => "commune",
        /// Phường: since 1 July 2025 communes and wards are the only level below the province.
        Ward => "ward",
        Association => "association",
        Enterprise => "enterprise",
        Press => "press",
        Other => "other",
    }
);

str_enum!(
    /// What an import file holds: one kind of record per file or sheet.
    ImportKind {
        Units => "units",
        Documents => "documents",
        Movements => "movements",
        ExemplaryModels => "exemplary_models",
        Awardees => "awardees",
        Awards => "awards",
    }
);

str_enum!(
    /// What an import does with a row whose record is already in the register (a unit's or a
    /// movement's code, a document of the same unit, number and day, a model of the same unit,
    /// kind and name): it never overwrites it.
    OnClash {
        /// The import is refused, naming each clash.
        Refuse => "refuse",
        /// The row is left out and reported; the register's record stays as it is, and other
        /// rows may refer to it.
        Skip => "skip",
    }
);

str_enum!(
    /// What a reorganisation does to a unit.
    ReorganisationKind {
        /// A new name (and code), from the effective date.
        Rename => "rename",
        /// A new parent, from the effective date.
        Move => "move",
        /// The unit ends the day before the effective date, with no successor.
        Dissolve => "dissolve",
        /// Several units end and a new one, created by the event, takes over from them.
        Merge => "merge",
        /// One or more units end and an existing one takes over from them.
        Absorb => "absorb",
        /// One unit ends and several existing ones take over, as the event's mapping says.
        Split => "split",
    }
);

str_enum!(
    /// What a unit is to a reorganisation.
    LineageRole {
        /// It ends the day before the effective date.
        Predecessor => "predecessor",
        /// It takes over from the predecessors.
        Successor => "successor",
    }
);

str_enum!(
    /// A record a reorganisation hands over from a predecessor to a successor.
    HandedOver {
        /// An exemplary model: its management.
        Model => "model",
        /// An awardee (an individual or collective of the unit).
        Awardee => "awardee",
        /// An implementation plan not issued yet.
        Plan => "plan",
        /// A nomination still open (not decided, rejected or withdrawn).
        Nomination => "nomination",
        /// Membership of an emulation group of a later year, with its chair or deputy chair
        /// role (`id`: the group).
        Membership => "membership",
        /// The lead of a movement not closed (`id`: the movement), by a lead-unit change on the
        /// event's document.
        LeadRole => "lead_role",
        /// An account of the unit's officers.
        User => "user",
        /// An API client of the unit's software.
        Client => "client",
        /// The unit's webhook (`id`: the predecessor's id).
        Webhook => "webhook",
    }
);

str_enum!(
    /// `cluster` (Cụm thi đua: districts, communes) or `block` (Khối thi đua: departments, associations…).
    GroupKind {
        Cluster => "cluster",
        Block => "block",
    }
);

str_enum!(
    /// The kind of a legal document.
    DocumentKind {
        /// Công văn.
        OfficialLetter => "official_letter",
        /// Kế hoạch.
        Plan => "plan",
        /// Quyết định.
        Decision => "decision",
        /// Nghị quyết (of the National Assembly, its Standing Committee, the People's Council).
        Resolution => "resolution",
        /// Nghị định (of the Government).
        Decree => "decree",
        /// Thông tư (of a ministry).
        Circular => "circular",
        /// Luật.
        Law => "law",
        Other => "other",
    }
);

str_enum!(
    /// Whom a criteria set evaluates.
    AppliesTo {
        Collective => "collective",
        Individual => "individual",
        Both => "both",
    }
);

str_enum!(
    /// The level of an emulation congress (Đại hội Thi đua yêu nước).
    CongressLevel {
        /// The province's congress.
        Provincial => "provincial",
        /// The national congress.
        National => "national",
    }
);

str_enum!(
    /// Which nominations a quota counts.
    Track {
        /// Recommendations to the Chairman per movement and year.
        Annual => "annual",
        /// Exemplary models honoured at the provincial congress.
        ProvincialCongress => "provincial_congress",
        /// Exemplary models sent on to the national congress.
        NationalCongress => "national_congress",
    }
);

// Reporting.

str_enum!(
    /// Who must submit a report type.
    Audience {
        /// Every unit in an emulation group (cluster or block) of the period's year.
        Groups => "groups",
        /// The lead units of movements (of the type's movement, when it has one).
        MovementLeads => "movement_leads",
        /// The units listed in `unit_ids`.
        Units => "units",
    }
);

str_enum!(
    /// Where a unit stands for a period.
    ComplianceStatus {
        OnTime => "on_time",
        Late => "late",
        /// A successor none of whose own reports came, for which only some predecessors
        /// reported (`missing_predecessors` lists the others).
        Partial => "partial",
        Missing => "missing",
    }
);

// Reminders.

str_enum!(
    /// What a reminder is about.
    ReminderKind {
        /// A report of a type and period not submitted (give `report_type` and `period`).
        MissingReport => "missing_report",
        /// An implementation plan not issued by its due date (optionally of one `year`).
        OverduePlan => "overdue_plan",
        /// Nothing published on the unit's own portal between `from` and `to`.
        NoPortalItem => "no_portal_item",
    }
);

str_enum!(
    /// Where the webhook delivery of a reminder stands.
    DeliveryStatus {
        /// The unit has no webhook: the reminder is recorded and listed only.
        NoWebhook => "no_webhook",
        Pending => "pending",
        Delivered => "delivered",
        /// Given up after THIDUA_WEBHOOK_MAX_ATTEMPTS attempts.
        Failed => "failed",
    }
);

// Inspections.

str_enum!(
    /// What an inspection covered.
    InspectionScope {
        /// The unit's implementation plans.
        Plans => "plans",
        /// Its compliance with the reporting regime.
        Reporting => "reporting",
        /// The publicity of exemplary models.
        Publicity => "publicity",
        /// Its conduct of a movement (name it in `movement_id`).
        Movement => "movement",
    }
);

str_enum!(
    /// Where a follow-up action stands.
    ActionStatus {
        Open => "open",
        Done => "done",
        Cancelled => "cancelled",
    }
);
