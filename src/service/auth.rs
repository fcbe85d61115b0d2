//! Use cases of `auth` (being moved here from `api/auth.rs`).
