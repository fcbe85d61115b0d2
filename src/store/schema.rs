//! The tables, one portable description for both backends (the migrations under
//! `migrations/sqlite` and `migrations/postgres` must agree with it; a test checks them).

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        active -> Bool,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        successor_id -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        website -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    emulation_groups (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        year -> Integer,
        chair_unit_id -> Nullable<Text>,
        deputy_chair_unit_id -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    group_members (group_id, unit_id) {
        group_id -> Text,
        unit_id -> Text,
        year -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        number -> Text,
        kind -> Text,
        issued_on -> Date,
        issuing_unit_id -> Text,
        title -> Text,
        search_text -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        unit_id -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_text -> Text,
        token_generation -> BigInt,
        password_token_hash -> Nullable<Text>,
        password_token_expires_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        secret_hash -> Text,
        unit_id -> Nullable<Text>,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        secret_version -> BigInt,
        previous_secret_hash -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
        token_generation -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    ended_tokens (jti) {
        jti -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    auth_epoch (id) {
        id -> Integer,
        value -> BigInt,
    }
}

diesel::table! {
    auth_throttle (key) {
        key -> Text,
        failures -> Integer,
        window_start -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        occurred_at -> Timestamp,
        actor_type -> Text,
        actor_id -> Text,
        actor_unit_id -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_data -> Nullable<Text>,
        after_data -> Nullable<Text>,
        request_id -> Nullable<Text>,
        cause_id -> Nullable<Text>,
    }
}

diesel::table! {
    movements (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        lead_unit_id -> Text,
        basis_document_id -> Text,
        programme_document_id -> Nullable<Text>,
        phase_from -> Nullable<Integer>,
        phase_to -> Nullable<Integer>,
        start_on -> Date,
        end_on -> Nullable<Date>,
        participation_scale -> Text,
        status -> Text,
        description -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reorganisations (id) {
        id -> Text,
        kind -> Text,
        unit_id -> Text,
        document_id -> Nullable<Text>,
        effective_on -> Date,
        new_name -> Nullable<Text>,
        new_code -> Nullable<Text>,
        new_parent_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reorganisation_units (reorganisation_id, unit_id) {
        reorganisation_id -> Text,
        unit_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    reorganisation_moves (id) {
        id -> Text,
        reorganisation_id -> Text,
        record -> Text,
        record_id -> Text,
        from_unit_id -> Text,
        to_unit_id -> Nullable<Text>,
    }
}

diesel::table! {
    unit_names (id) {
        id -> Text,
        unit_id -> Text,
        code -> Text,
        name -> Text,
        parent_id -> Nullable<Text>,
        valid_to -> Date,
        document_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    movement_names (id) {
        id -> Text,
        movement_id -> Text,
        name -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        document_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    congresses (id) {
        id -> Text,
        level -> Text,
        number -> Integer,
        name -> Text,
        term_from -> Integer,
        term_to -> Integer,
        year -> Integer,
        held_on -> Nullable<Date>,
        document_id -> Nullable<Text>,
        draws_from_id -> Nullable<Text>,
        alias -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    movement_scales (id) {
        id -> Text,
        movement_id -> Text,
        scale -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        document_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    movement_leads (id) {
        id -> Text,
        movement_id -> Text,
        unit_id -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        document_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plans (id) {
        id -> Text,
        movement_id -> Text,
        unit_id -> Text,
        kind -> Text,
        year -> Nullable<Integer>,
        period_start -> Date,
        period_end -> Date,
        title -> Text,
        due_on -> Date,
        issued_on -> Nullable<Date>,
        document_number -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_targets (id) {
        id -> Text,
        plan_id -> Text,
        position -> Integer,
        indicator -> Text,
        channel -> Nullable<Text>,
        target -> Integer,
        description -> Nullable<Text>,
    }
}

diesel::table! {
    criteria_sets (id) {
        id -> Text,
        movement_id -> Text,
        version -> Integer,
        title -> Text,
        applies_to -> Text,
        threshold -> Integer,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        criteria_set_id -> Text,
        position -> Integer,
        code -> Text,
        title -> Text,
        description -> Nullable<Text>,
        max_points -> Integer,
        mandatory -> Bool,
        pass_mark -> Nullable<Integer>,
    }
}

diesel::table! {
    emulation_funds (year) {
        year -> Integer,
        amount -> BigInt,
        document_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text,
        state -> Text,
        year -> Integer,
        subject -> Text,
        authority -> Text,
        number -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        base_salary -> Nullable<BigInt>,
        total_bonus -> Nullable<BigInt>,
        submission_docx_id -> Nullable<Text>,
        submission_pdf_id -> Nullable<Text>,
        draft_docx_id -> Nullable<Text>,
        draft_pdf_id -> Nullable<Text>,
        issued_docx_id -> Nullable<Text>,
        issued_pdf_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_items (decision_id, nomination_id) {
        decision_id -> Text,
        nomination_id -> Text,
        position -> Integer,
        per_mille -> Nullable<Integer>,
        amount -> Nullable<BigInt>,
        paid_before -> Nullable<BigInt>,
    }
}

diesel::table! {
    paper_templates (id) {
        id -> Text,
        kind -> Text,
        award_type_id -> Nullable<Text>,
        file_id -> Text,
        fields -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    honour_changes (seq) {
        seq -> BigInt,
        nomination_id -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    fund_entries (id) {
        id -> Text,
        year -> Integer,
        kind -> Text,
        amount -> BigInt,
        document_id -> Nullable<Text>,
        grant_id -> Nullable<Text>,
        decision_id -> Nullable<Text>,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    funding_grants (id) {
        id -> Text,
        movement_id -> Text,
        unit_id -> Text,
        year -> Integer,
        amount -> BigInt,
        purpose -> Text,
        state -> Text,
        decision_number -> Nullable<Text>,
        decision_date -> Nullable<Date>,
        reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    quota_rules (id) {
        id -> Text,
        code -> Text,
        track -> Text,
        scale -> Nullable<Text>,
        year -> Nullable<Integer>,
        max_count -> Integer,
        description -> Text,
        document_id -> Text,
        created_at -> Timestamp,
        congress_id -> Nullable<Text>,
        valid_from -> Nullable<Date>,
        supersedes_id -> Nullable<Text>,
        stream -> Nullable<Text>,
    }
}

diesel::table! {
    exemplary_models (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        managing_unit_id -> Text,
        category -> Text,
        summary -> Text,
        achievements -> Text,
        stage -> Text,
        discovered_on -> Date,
        nurtured_on -> Nullable<Date>,
        replicated_on -> Nullable<Date>,
        published -> Bool,
        consent_at -> Nullable<Timestamp>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        awardee_id -> Nullable<Text>,
    }
}

diesel::table! {
    awardees (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        unit_id -> Text,
        category -> Text,
        position -> Nullable<Text>,
        gender -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        phone -> Nullable<Text>,
        national_id -> Nullable<Text>,
        home_address -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    model_movements (model_id, movement_id) {
        model_id -> Text,
        movement_id -> Text,
    }
}

diesel::table! {
    publicity_items (id) {
        id -> Text,
        channel -> Text,
        title -> Text,
        url -> Text,
        published_on -> Date,
        unit_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    publicity_links (id) {
        id -> Text,
        item_id -> Text,
        model_id -> Nullable<Text>,
        movement_id -> Nullable<Text>,
    }
}

diesel::table! {
    public_changes (seq) {
        seq -> BigInt,
        model_id -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    award_types (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
        nature -> Text,
        recipient -> Text,
        level -> Text,
        stream -> Text,
        active -> Bool,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    awards (id) {
        id -> Text,
        awardee_id -> Text,
        award_type_id -> Text,
        period_from -> Integer,
        period_to -> Integer,
        decision_number -> Text,
        decision_date -> Date,
        issuing_authority -> Text,
        stream -> Text,
        nomination_id -> Nullable<Text>,
        note -> Nullable<Text>,
        revoked_on -> Nullable<Date>,
        revocation_document_id -> Nullable<Text>,
        revocation_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        initiative_id -> Nullable<Text>,
        decision_id -> Nullable<Text>,
        bonus_per_mille -> Nullable<Integer>,
        bonus_amount -> Nullable<BigInt>,
    }
}

diesel::table! {
    initiatives (id) {
        id -> Text,
        awardee_id -> Text,
        title -> Text,
        reach -> Text,
        document_number -> Text,
        recognised_on -> Date,
        document_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    restrictions (id) {
        id -> Text,
        awardee_id -> Text,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        document_number -> Text,
        document_id -> Nullable<Text>,
        note -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    award_type_versions (id) {
        id -> Text,
        award_type_id -> Text,
        legal_basis -> Text,
        document_id -> Nullable<Text>,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        deciding_authority -> Text,
        bonus_per_mille -> Nullable<Integer>,
        ballot_required -> Bool,
        ballot_threshold_percent -> Nullable<Integer>,
        registration_required -> Bool,
        dossier_items -> Text,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    nominations (id) {
        id -> Text,
        awardee_id -> Text,
        model_id -> Nullable<Text>,
        movement_id -> Text,
        year -> Integer,
        track -> Text,
        form_id -> Text,
        proposing_unit_id -> Text,
        criteria_set_id -> Text,
        dossier -> Text,
        state -> Text,
        comment_working_days -> Integer,
        comment_closes_on -> Nullable<Date>,
        return_comments -> Nullable<Text>,
        reason -> Nullable<Text>,
        decision_number -> Nullable<Text>,
        decision_date -> Nullable<Date>,
        revocation_document_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        place_taken_on -> Nullable<Date>,
        congress_id -> Nullable<Text>,
        quota_rule_id -> Nullable<Text>,
        score_override -> Nullable<Text>,
        stream -> Text,
        initiative_id -> Nullable<Text>,
        members_total -> Nullable<Integer>,
        members_completed -> Nullable<Integer>,
        members_advanced -> Nullable<Integer>,
    }
}

diesel::table! {
    councils (id) {
        id -> Text,
        name -> Text,
        unit_id -> Nullable<Text>,
        quorum_numerator -> Integer,
        quorum_denominator -> Integer,
        award_attendance_percent -> Integer,
        legal_basis -> Text,
        note -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        written_opinions_count -> Bool,
    }
}

diesel::table! {
    council_members (id) {
        id -> Text,
        council_id -> Text,
        user_id -> Text,
        position -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        document_id -> Nullable<Text>,
        end_document_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    council_sessions (id) {
        id -> Text,
        council_id -> Text,
        number -> Text,
        held_on -> Date,
        state -> Text,
        members_total -> Nullable<Integer>,
        present -> Nullable<Integer>,
        opened_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        written_opinions_count -> Nullable<Bool>,
    }
}

diesel::table! {
    council_agenda (session_id, nomination_id) {
        session_id -> Text,
        nomination_id -> Text,
        position -> Integer,
        ballot_required -> Bool,
        threshold_percent -> Nullable<Integer>,
        agree -> Nullable<Integer>,
        disagree -> Nullable<Integer>,
        passed -> Nullable<Bool>,
        written_agree -> Nullable<Integer>,
        written_disagree -> Nullable<Integer>,
    }
}

diesel::table! {
    council_attendance (session_id, member_id) {
        session_id -> Text,
        member_id -> Text,
        status -> Text,
    }
}

diesel::table! {
    council_voters (session_id, nomination_id, user_id) {
        session_id -> Text,
        nomination_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    council_ballots (id) {
        id -> Text,
        session_id -> Text,
        nomination_id -> Text,
        agree -> Bool,
        written -> Bool,
    }
}

diesel::table! {
    base_salaries (id) {
        id -> Text,
        amount -> BigInt,
        valid_from -> Date,
        legal_basis -> Text,
        document_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    council_minutes (session_id) {
        session_id -> Text,
        docx_file_id -> Text,
        pdf_file_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    files (id) {
        id -> Text,
        owner_unit_id -> Nullable<Text>,
        name -> Text,
        file_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        uploaded_by_type -> Text,
        uploaded_by_id -> Text,
        damaged_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dossier_items (id) {
        id -> Text,
        nomination_id -> Text,
        item_code -> Text,
        file_id -> Nullable<Text>,
        url -> Nullable<Text>,
        name -> Text,
        media_type -> Nullable<Text>,
        size -> Nullable<BigInt>,
        sha256 -> Nullable<Text>,
        note -> Nullable<Text>,
        added_by_type -> Nullable<Text>,
        added_by_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    stream_deadlines (id) {
        id -> Text,
        year -> Integer,
        stream -> Text,
        registration_due -> Nullable<Date>,
        nominations_due -> Nullable<Date>,
        note -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    title_registrations (id) {
        id -> Text,
        year -> Integer,
        awardee_id -> Text,
        award_type_id -> Text,
        unit_id -> Text,
        registered_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    nomination_receipts (nomination_id) {
        nomination_id -> Text,
        received_on -> Nullable<Date>,
        eligibility_override -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    eligibility_rules (id) {
        id -> Text,
        award_type_id -> Nullable<Text>,
        kind -> Text,
        parameters -> Text,
        legal_basis -> Text,
        document_id -> Nullable<Text>,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        note -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    nomination_reviews (id) {
        id -> Text,
        nomination_id -> Text,
        reviewer_id -> Text,
        conflict_of_interest -> Bool,
        note -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    nomination_scores (review_id, criterion_id) {
        review_id -> Text,
        criterion_id -> Text,
        points -> Integer,
    }
}

diesel::table! {
    holidays (day) {
        day -> Date,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    public_comments (id) {
        id -> Text,
        nomination_id -> Text,
        author_name -> Nullable<Text>,
        contact -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_types (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        period_type -> Text,
        content_schema -> Text,
        due_days -> Integer,
        grace_days -> Integer,
        audience -> Text,
        audience_unit_ids -> Text,
        movement_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        report_type_id -> Text,
        unit_id -> Text,
        period -> Text,
        revision -> Integer,
        content -> Text,
        content_sha256 -> Text,
        submitted_at -> Timestamp,
        submitted_by -> Text,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    period_locks (report_type_id, period) {
        report_type_id -> Text,
        period -> Text,
        locked_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (scope, idem_key) {
        scope -> Text,
        idem_key -> Text,
        request_hash -> Text,
        status -> Integer,
        response -> Text,
        created_at -> Timestamp,
        headers -> Text,
    }
}

diesel::table! {
    report_requests (id) {
        id -> Text,
        code -> Text,
        report_type_id -> Text,
        title -> Text,
        due_on -> Date,
        unit_ids -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    inspections (id) {
        id -> Text,
        unit_id -> Text,
        inspected_on -> Date,
        scopes -> Text,
        movement_id -> Nullable<Text>,
        findings -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    inspection_actions (id) {
        id -> Text,
        inspection_id -> Text,
        position -> Integer,
        description -> Text,
        due_on -> Date,
        status -> Text,
        done_on -> Nullable<Date>,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    webhooks (unit_id) {
        unit_id -> Text,
        url -> Text,
        secret -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reminders (id) {
        id -> Text,
        unit_id -> Text,
        kind -> Text,
        subject -> Text,
        message -> Text,
        sent_by -> Text,
        sender_unit_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_outbox (id) {
        id -> Text,
        unit_id -> Text,
        reminder_id -> Nullable<Text>,
        event_type -> Text,
        payload -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(users -> units (unit_id));
diesel::joinable!(api_clients -> units (unit_id));
diesel::joinable!(group_members -> emulation_groups (group_id));
diesel::joinable!(group_members -> units (unit_id));
diesel::joinable!(documents -> units (issuing_unit_id));
diesel::joinable!(movement_names -> movements (movement_id));
diesel::joinable!(movement_leads -> movements (movement_id));
diesel::joinable!(movement_scales -> movements (movement_id));
diesel::joinable!(plans -> movements (movement_id));
diesel::joinable!(plan_targets -> plans (plan_id));
diesel::joinable!(criteria -> criteria_sets (criteria_set_id));
diesel::joinable!(model_movements -> exemplary_models (model_id));
diesel::joinable!(model_movements -> movements (movement_id));
diesel::joinable!(publicity_links -> publicity_items (item_id));
diesel::joinable!(nominations -> exemplary_models (model_id));
diesel::joinable!(nominations -> awardees (awardee_id));
diesel::joinable!(award_type_versions -> award_types (award_type_id));
diesel::joinable!(awards -> award_types (award_type_id));
diesel::joinable!(awards -> awardees (awardee_id));
diesel::joinable!(exemplary_models -> awardees (awardee_id));
diesel::joinable!(nominations -> movements (movement_id));
diesel::joinable!(nominations -> award_types (form_id));
diesel::joinable!(nomination_reviews -> nominations (nomination_id));
diesel::joinable!(dossier_items -> nominations (nomination_id));
diesel::joinable!(dossier_items -> files (file_id));
diesel::joinable!(council_agenda -> council_sessions (session_id));
diesel::joinable!(nomination_scores -> nomination_reviews (review_id));
diesel::joinable!(nomination_scores -> criteria (criterion_id));
diesel::joinable!(public_comments -> nominations (nomination_id));
diesel::joinable!(reports -> report_types (report_type_id));
diesel::joinable!(report_requests -> report_types (report_type_id));
diesel::joinable!(inspection_actions -> inspections (inspection_id));

diesel::table! {
    imports (id) {
        id -> Text,
        kind -> Text,
        file_name -> Nullable<Text>,
        sha256 -> Text,
        rows_read -> Integer,
        created -> Integer,
        skipped -> Integer,
        on_clash -> Text,
        clashes -> Text,
        actor_type -> Text,
        actor_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    units,
    councils,
    council_members,
    council_sessions,
    council_agenda,
    council_attendance,
    council_voters,
    council_ballots,
    council_minutes,
    base_salaries,
    files,
    dossier_items,
    eligibility_rules,
    nomination_receipts,
    stream_deadlines,
    title_registrations,
    initiatives,
    restrictions,
    awards,
    award_type_versions,
    awardees,
    imports,
    unit_names,
    reorganisations,
    reorganisation_units,
    reorganisation_moves,
    emulation_groups,
    group_members,
    documents,
    users,
    api_clients,
    auth_epoch,
    auth_throttle,
    ended_tokens,
    audit_log,
    movements,
    movement_names,
    movement_leads,
    movement_scales,
    plans,
    plan_targets,
    criteria_sets,
    criteria,
    emulation_funds,
    fund_entries,
    decisions,
    decision_items,
    paper_templates,
    honour_changes,
    funding_grants,
    quota_rules,
    congresses,
    exemplary_models,
    model_movements,
    publicity_items,
    publicity_links,
    public_changes,
    award_types,
    nominations,
    nomination_reviews,
    nomination_scores,
    holidays,
    public_comments,
    report_types,
    reports,
    period_locks,
    idempotency_keys,
    report_requests,
    inspections,
    inspection_actions,
    webhooks,
    reminders,
    webhook_outbox,
);
