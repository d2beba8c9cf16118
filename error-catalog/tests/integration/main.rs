//! The runtime's integration tests, one module per subject, in one test binary (one link of
//! tokio, reqwest and hyper instead of one per file). Modules that need a feature say so in
//! their `#![cfg]`. The generated code compiles where `unsafe` is forbidden.

#![forbid(unsafe_code)]

mod support;

mod agreement;
mod bounded_bodies;
mod call_error;
mod capabilities;
mod retry_budget;
mod shipped_catalogs;
mod tower_layer;
mod tracing_axum;
