//! Use cases of `documents` (being moved here from `api/documents.rs`).
