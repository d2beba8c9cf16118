//! `#[derive(ApiError)]`: one error enum per provider of a `catalog.toml`.
//!
//! Use it through the `error-catalog` crate, which re-exports it and documents it. This
//! crate is wiring: the catalog is loaded and validated by `error-catalog-schema`, and the
//! generated impls live in the runtime's `__impl_api_error!`.
//!
//! The pipeline, one module a stage:
//! - `attr`: the `#[api_error(catalog = "…", shipped = […])]` attribute;
//! - `load`: the file, found relative to the calling crate, and the shipped catalogs, read
//!   and validated by `error-catalog-schema`, every problem turned into a compile error
//!   pointing at `catalog.toml:LINE:COL`;
//! - `expand`: the enums and their docs, and (`expand/write.rs`) the one writer that prints
//!   the schema's provider model as static data.

#![warn(missing_docs)]
#![deny(unreachable_pub)]

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

mod attr;
mod expand;
mod load;

/// Generates one error enum per provider of a catalog. See the `error-catalog` crate.
#[proc_macro_derive(ApiError, attributes(api_error))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn derive(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let args = match attr::parse(input) {
        Ok(args) => args,
        // On a unit struct, the marker's `providers()` (of no enum) keeps code that calls it
        // from adding an error to the attribute's.
        Err(error) if attr::is_marker(input) => {
            let mut tokens = error.into_compile_error();
            tokens.extend(expand::stubs(input, &[]));
            return Ok(tokens);
        }
        Err(error) => return Err(error),
    };
    match load::catalogs(&args, &input.ident) {
        Ok(loaded) => Ok(expand::catalog(input, &loaded)),
        // The errors, and the enums as far as the catalog names them: code that uses them
        // then compiles, and the catalog's errors are all the user sees.
        Err(failed) => {
            let mut tokens = failed.error.into_compile_error();
            tokens.extend(expand::stubs(input, &failed.stubs));
            Ok(tokens)
        }
    }
}
