//! The workspace's downstream-style tests: a crate that derives the shipped catalog and uses
//! every integration, as a user would. One module per subject, in one test binary.
//!
//! `unsafe` is forbidden here, as in the library: the generated code needs none.

#![forbid(unsafe_code)]

mod common;

mod dyn_error;
mod hostile;
mod hygiene;
mod integration_backon;
mod integration_http;
mod integration_reqwest;
mod integration_reqwest_retry;
mod integration_retry;
mod miette;
mod nested_format;
mod problem_details;
mod properties;
mod rebuild;
mod shipped_catalog;
