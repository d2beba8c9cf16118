//! The shipped catalog, compiled: `AttioError` and `AttractOsError`.
//!
//! This package dogfoods `#[derive(ApiError)]` on the workspace's own `catalog.toml`; its
//! tests and examples are written as a downstream user would write them.

#![deny(unreachable_pub)]
#![forbid(unsafe_code)]

use error_catalog::ApiError;

/// The providers of the shipped `catalog.toml`.
#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
pub struct Catalog;

/// The README's Rust examples, compiled and run as they are written.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
