//! Use cases of `quotas` (being moved here from `api/quotas.rs`).
