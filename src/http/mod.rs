//! The HTTP machinery every resource shares, written once: conditional GET with the public
//! answer cache, idempotent writes, and the documented routes (405 or 404).

pub mod cache;
pub mod idempotency;
pub mod if_match;
pub mod routes;
