//! Code generation: per provider, an enum with its docs, its static catalog data, and a call
//! to the runtime's `__impl_api_error!` for the impls.

mod docs;
mod spec;

use error_catalog_schema::{Category, Code, Format, Outline, Provider, RetryRule, Rule, Spanned};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::DeriveInput;

use crate::load::Loaded;

pub fn catalog(input: &DeriveInput, loaded: &Loaded) -> TokenStream {
    let enums = loaded.catalog.providers.iter().map(|p| provider(input, p));
    // Reading the file through `include_bytes!` makes cargo rebuild when it changes.
    let path = loaded.path.to_string_lossy();
    quote! {
        #(#enums)*
        const _: &[u8] = ::core::include_bytes!(#path);
    }
}

/// For a catalog with errors: its enums as far as their names can be made out, with
/// placeholder data. The build fails on the catalog's errors anyway; the stubs only keep code
/// that uses the enums from adding errors of its own.
pub fn stubs(input: &DeriveInput, outlines: &[Outline]) -> TokenStream {
    outlines
        .iter()
        .map(|o| provider(input, &stub_provider(o)))
        .collect()
}

fn stub_provider(o: &Outline) -> Provider {
    let rule = || Rule {
        category: Category::Unknown,
        retry: RetryRule::Never,
        summary: "Not generated: the catalog has errors.".to_owned(),
        fix: "Fix the catalog.".to_owned(),
        docs_url: None,
    };
    let codes = o.variants.iter().map(|variant| Code {
        code: Spanned::new(variant.clone(), 0..0),
        variant: Spanned::new(variant.clone(), 0..0),
        status: 400,
        provider_type: None,
        rule: rule(),
        notes: None,
        diagnostic: None,
        example: None,
        default_delay: None,
        min_delay: None,
        patterns: Vec::new(),
        causes: Vec::new(),
        tables: Vec::new(),
        span: 0..0,
    });
    Provider {
        key: Spanned::new(String::new(), 0..0),
        name: o.enum_name.clone(),
        enum_name: Spanned::new(o.enum_name.clone(), 0..0),
        docs_url: None,
        status_page: None,
        non_exhaustive: false,
        notes: None,
        diagnostic: None,
        format: Format {
            code: vec!["code".to_owned()],
            message: None,
            provider_type: None,
            status: None,
        },
        retry_from: Vec::new(),
        fallbacks: Vec::new(),
        codes: codes.collect(),
        span: 0..0,
    }
}

fn provider(input: &DeriveInput, p: &Provider) -> TokenStream {
    let vis = &input.vis;
    let name = ident(&p.enum_name.value);
    let doc = docs::provider(p);
    let non_exhaustive = p.non_exhaustive.then(|| quote!(#[non_exhaustive]));
    let variants = p.codes.iter().map(|c| {
        let v = ident(&c.variant.value);
        let doc = docs::code(p, c);
        quote! { #[doc = #doc] #v(::error_catalog::Details), }
    });
    let unrecognized_doc = docs::unrecognized(p);
    let indices = p.codes.iter().enumerate().map(|(i, c)| {
        let v = ident(&c.variant.value);
        quote!(#v = #i)
    });
    let spec = spec::provider(p);
    quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq)]
        #non_exhaustive
        #vis enum #name {
            #(#variants)*
            #[doc = #unrecognized_doc]
            Unrecognized(::error_catalog::Details),
        }

        const _: () = {
            static __PROVIDER: ::error_catalog::__private::Provider = #spec;
            ::error_catalog::__private::impl_api_error! {
                enum = #name,
                provider = __PROVIDER,
                variants = [#(#indices),*],
            }
        };
    }
}

/// The schema crate has checked that every name it hands over is an identifier.
fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::load::Loaded;

    /// The whole expansion of a small catalog, pretty-printed, against a checked-in
    /// snapshot. `UPDATE_SNAPSHOTS=1 cargo test -p error-catalog-derive` rewrites it.
    #[test]
    fn snapshot_of_the_generated_code() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
        let source = std::fs::read_to_string(dir.join("fixtures/small.toml")).expect("fixture");
        let catalog = error_catalog_schema::parse(&source).expect("valid fixture");
        let loaded = Loaded {
            catalog,
            path: PathBuf::from("/catalog/small.toml"),
        };
        let input = syn::parse_quote! {
            #[api_error(catalog = "small.toml")]
            pub(crate) struct Catalog;
        };
        let file: syn::File = syn::parse2(super::catalog(&input, &loaded)).expect("valid Rust");
        let expanded = prettyplease::unparse(&file);

        let snapshot = dir.join("snapshots/small.rs");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&snapshot, &expanded).expect("snapshot written");
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        assert!(
            expected == expanded,
            "generated code changed; review it and run with UPDATE_SNAPSHOTS=1:\n{expanded}"
        );
    }
}
