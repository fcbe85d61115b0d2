//! Use cases of `reminders` (being moved here from `api/reminders.rs`).
