//! `#[api_error(catalog = "…", shipped = ["…", …])]` on a unit struct.

use syn::punctuated::Punctuated;
use syn::{Data, DeriveInput, Fields, LitStr, Token};

pub(crate) struct Args {
    /// The catalog path as written, relative to the calling crate's manifest directory.
    pub(crate) catalog: Option<LitStr>,
    /// The keys of shipped catalogs to derive as well.
    pub(crate) shipped: Vec<LitStr>,
}

pub(crate) fn parse(input: &DeriveInput) -> syn::Result<Args> {
    check_shape(input)?;
    let mut catalog = None;
    let mut shipped: Option<Vec<LitStr>> = None;
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("api_error"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("catalog") {
                if catalog.is_some() {
                    return Err(meta.error("duplicate `catalog`: give the catalog path once"));
                }
                catalog = Some(meta.value()?.parse::<LitStr>()?);
                Ok(())
            } else if meta.path.is_ident("shipped") {
                if shipped.is_some() {
                    return Err(meta.error(
                        "duplicate `shipped`: list every key once, e.g. `shipped = [\"stripe\", \"github\"]`",
                    ));
                }
                let value = meta.value()?;
                let content;
                syn::bracketed!(content in value);
                let keys = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                shipped = Some(keys.into_iter().collect());
                Ok(())
            } else {
                Err(meta.error(
                    "unknown `api_error` argument: expected `catalog = \"path/to/catalog.toml\"` \
                     or `shipped = [\"stripe\", …]`",
                ))
            }
        })?;
    }
    let shipped = shipped.unwrap_or_default();
    if catalog.is_none() && shipped.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "missing `#[api_error(catalog = \"…\")]`: name the catalog file, relative to the \
             crate's Cargo.toml, e.g. `#[api_error(catalog = \"catalog.toml\")]`, or shipped \
             catalogs, e.g. `#[api_error(shipped = [\"stripe\"])]`",
        ));
    }
    Ok(Args { catalog, shipped })
}

/// The derive adds enums beside its type; the type itself is only a marker.
fn check_shape(input: &DeriveInput) -> syn::Result<()> {
    let is_unit_struct = matches!(&input.data, Data::Struct(s) if matches!(s.fields, Fields::Unit));
    if !is_unit_struct {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`ApiError` is derived on a unit struct, e.g. `pub struct Catalog;`: the enums are \
             generated beside it",
        ));
    }
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`ApiError` takes no generics: remove them from the marker struct",
        ));
    }
    Ok(())
}
