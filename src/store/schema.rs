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
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        secret_hash -> Text,
        unit_id -> Text,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
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
    }
}

diesel::joinable!(group_members -> emulation_groups (group_id));
diesel::joinable!(group_members -> units (unit_id));
diesel::joinable!(documents -> units (issuing_unit_id));

diesel::allow_tables_to_appear_in_same_query!(
    units,
    emulation_groups,
    group_members,
    documents,
    users,
    api_clients,
    auth_throttle,
    audit_log,
);
