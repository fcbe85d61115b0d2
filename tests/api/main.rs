//! Integration tests: the real service over HTTP, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod access;
mod accounts;
mod auth;
mod award_types;
mod awardees;
mod awards;
mod council;
mod decisions;
mod documents;
mod eligibility;
mod files;
mod groups;
mod imports;
mod inspections;
mod models;
mod money;
mod nominations;
mod platform;
mod province_2025;
mod public;
mod register;
mod reminders;
mod reorganisations;
mod reporting;
mod spec;
mod stored_values;
mod units;
