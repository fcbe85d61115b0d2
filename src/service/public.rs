//! Use cases of `public` (being moved here from `api/public.rs`).
