//! The derive's compile-fail cases live in `tests/ui/`; this library is empty.
#![forbid(unsafe_code)]
#![deny(missing_docs, unreachable_pub)]
