//! The HTTP machinery every resource shares, written once: idempotent writes (and, as the
//! layers settle, paging, If-Match and conditional GET).

pub mod idempotency;
