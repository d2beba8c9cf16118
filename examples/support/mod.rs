//! Shared by the examples and the root package's tests (`tests/downstream/`): a local
//! HTTP server and the Attio-like replies it is scripted with. Not an example itself.

pub mod attio;
pub mod server;
