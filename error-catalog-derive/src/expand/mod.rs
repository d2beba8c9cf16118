//! Code generation: per provider, an enum with its docs, its catalog data as statics, and a
//! call to the runtime's `__impl_api_error!` for the impls.

mod docs;
mod write;

use std::fmt::Write;

use error_catalog_schema::Provider;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::DeriveInput;

use crate::load::Loaded;

pub(crate) fn catalog(input: &DeriveInput, loaded: &Loaded) -> TokenStream {
    let enums = loaded.providers.iter().map(|p| provider(input, p));
    // Reading the file through `include_bytes!` makes cargo rebuild when it changes.
    let files = loaded.files.iter().map(|path| {
        let path = path.to_string_lossy();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    let warnings = loaded
        .warnings
        .iter()
        .map(|(span, message)| warning(*span, message));
    // The variable that may move the manifest directory (`ERROR_CATALOG_MANIFEST_DIR`, for
    // test harnesses) decides which file is read: reading it through `option_env!` makes
    // cargo rebuild when it changes.
    let env = (!loaded.files.is_empty()).then(|| {
        quote!(
            const _: ::core::option::Option<&str> =
                ::core::option_env!("ERROR_CATALOG_MANIFEST_DIR");
        )
    });
    let marker = marker_docs(input, &loaded.providers);
    quote! {
        #(#enums)*
        #(#files)*
        #env
        #(#warnings)*
        #marker
    }
}

/// For catalogs with errors: their enums as far as their names can be made out. The build
/// fails on the catalogs' errors anyway; the stubs only keep code that uses the enums from
/// adding errors of its own.
pub(crate) fn stubs(input: &DeriveInput, providers: &[Provider]) -> TokenStream {
    let enums = providers.iter().map(|p| provider(input, p));
    let marker = marker_docs(input, providers);
    quote! {
        #(#enums)*
        #marker
    }
}

/// The marker type's docs: which enums the derive produced, and their providers.
fn marker_docs(input: &DeriveInput, providers: &[Provider]) -> TokenStream {
    let marker = &input.ident;
    let vis = &input.vis;
    let list: String = providers
        .iter()
        .map(|p| format!("- [`{e}`]: {}\n", docs::one_line(&p.name), e = p.enum_name))
        .collect();
    let doc = format!(
        "The error enums `#[derive(ApiError)]` generated beside this type, one per provider of \
         the catalog:\n\n{list}"
    );
    let enums = providers.iter().map(|p| ident(&p.enum_name));
    let count = providers.len();
    quote! {
        #[doc = #doc]
        #[automatically_derived]
        impl #marker {
            /// The catalog of each generated enum, in catalog order.
            #[allow(dead_code)]
            #vis fn providers() -> [&'static ::error_catalog::spec::Provider; #count] {
                [#(#enums::provider_spec()),*]
            }
        }
    }
}

/// A compile-time warning: the use of a deprecated item whose note is the message (proc
/// macros have no warnings of their own on stable Rust).
fn warning(span: Span, message: &str) -> TokenStream {
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #message)]
            struct CatalogWarning;
            let _ = CatalogWarning;
        };
    }
}

fn provider(input: &DeriveInput, p: &Provider) -> TokenStream {
    let vis = &input.vis;
    let name = ident(&p.enum_name);
    let doc = docs::provider(p);
    let non_exhaustive = p.non_exhaustive.then(|| quote!(#[non_exhaustive]));
    // Source text, lexed once: building the same tokens one `quote!` at a time costs the
    // macro's unoptimised build far more per code.
    // No explicit discriminants: in a `#[repr(u32)]` enum the variants are numbered 0, 1, …
    // in order, which is each code's index, and each `= N` would be one more constant for the
    // compiler to check and evaluate.
    let mut variants = String::new();
    for c in p.codes.iter() {
        write::doc_attribute(&mut variants, &docs::code(p, c));
        let _ = write!(variants, " {}(::error_catalog::Details),", c.variant);
    }
    let variants = lex(&variants);
    let doc = doc_attribute(&doc);
    let unrecognized_doc = doc_attribute(&docs::unrecognized(p));
    let count = u32::try_from(p.codes.len()).unwrap_or(u32::MAX);
    let variants_total = count.saturating_add(1);
    let mut writer = write::Writer::default();
    let mut spec = String::new();
    write::Print::print(p, &mut writer, &mut spec);
    let mut statics = writer.into_items();
    let _ = write!(
        statics,
        "static __PROVIDER: ::error_catalog::spec::Provider = {spec};"
    );
    let statics = lex(&statics);
    quote! {
        #doc
        #[repr(u32)]
        #non_exhaustive
        #vis enum #name {
            #variants
            #unrecognized_doc
            Unrecognized(::error_catalog::Details) = #count,
        }

        const _: () = {
            // Short paths for the static data below: resolving them costs compile time per
            // code.
            use ::error_catalog::spec as __s;
            use ::error_catalog::spec::__print as __p;
            #statics
            ::error_catalog::__private::impl_api_error!(#name, __PROVIDER, #variants_total);
        };
    }
}

/// The tokens of [`write::doc_attribute`].
fn doc_attribute(doc: &str) -> TokenStream {
    let mut source = String::new();
    write::doc_attribute(&mut source, doc);
    lex(&source)
}

/// Tokens of source text the writers produced. They write only what the lexer accepts (names
/// the schema crate checked, literals through `Debug`); if one ever did not, the build says so.
///
/// Inside the compiler, the compiler's own lexer reads the text: `proc_macro2`'s parse
/// first checks it with a lexer of its own, which in the macro's unoptimised build cost more
/// than writing the tokens one by one.
fn lex(source: &str) -> TokenStream {
    let tokens = if proc_macro::is_available() {
        source
            .parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|e| e.to_string())
    } else {
        source.parse::<TokenStream>().map_err(|e| e.to_string())
    };
    tokens.unwrap_or_else(|e| {
        let message = format!("error-catalog-derive wrote code it cannot read back: {e}");
        quote!(::core::compile_error!(#message);)
    })
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
            providers: catalog.providers,
            files: vec![PathBuf::from("/catalog/small.toml")],
            warnings: Vec::new(),
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
