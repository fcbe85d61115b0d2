//! The HTTP machinery every resource shares, written once: conditional GET with the public
//! answer cache, idempotent writes, the documented routes (405 or 404), and the deadline on
//! request bodies.

pub mod cache;
pub mod deadline;
pub mod idempotency;
pub mod if_match;
pub mod routes;
