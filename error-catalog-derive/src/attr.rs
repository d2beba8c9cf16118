//! `#[api_error(catalog = "…", shipped = ["…", …])]` on a unit struct.

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
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
    let mut empty_shipped = None;
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
                let path = meta.value()?.parse::<LitStr>()?;
                if path.value().is_empty() {
                    return Err(syn::Error::new_spanned(
                        &path,
                        "`catalog` is empty: name the catalog file, relative to the crate's \
                         Cargo.toml, e.g. `catalog = \"catalog.toml\"`",
                    ));
                }
                catalog = Some(path);
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
                let keys: Vec<LitStr> = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?
                    .into_iter()
                    .collect();
                if keys.is_empty() {
                    empty_shipped = Some(meta.path.span());
                }
                for (i, key) in keys.iter().enumerate() {
                    if keys.iter().take(i).any(|k| k.value() == key.value()) {
                        return Err(syn::Error::new_spanned(
                            key,
                            format!(
                                "`{}` is listed twice in `shipped`: list every key once",
                                key.value()
                            ),
                        ));
                    }
                }
                shipped = Some(keys);
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
    if let (None, Some(span)) = (&catalog, empty_shipped) {
        return Err(syn::Error::new(
            span,
            "`shipped` is empty: list the keys of shipped catalogs, e.g. \
             `shipped = [\"stripe\"]`, or name a catalog file with `catalog = \"…\"`",
        ));
    }
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

/// Whether the derive's input has the marker's shape: a unit struct without generics.
pub(crate) fn is_marker(input: &DeriveInput) -> bool {
    check_shape(input).is_ok()
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
