//! Finding, reading and validating the catalogs: the file the attribute names, and the
//! shipped catalogs it asks for.

use std::path::{Path, PathBuf};

use error_catalog_schema::{Catalog, Diagnostic, Provider};
use proc_macro2::Span;
use syn::LitStr;

use crate::attr::Args;

/// Overrides `CARGO_MANIFEST_DIR` as the base of relative catalog paths. For test harnesses
/// such as trybuild, which build each case in a directory of their own.
const BASE_DIR_OVERRIDE: &str = "ERROR_CATALOG_MANIFEST_DIR";

pub(crate) struct Loaded {
    pub(crate) providers: Vec<Provider>,
    /// The absolute paths of the files read, for `include_bytes!` (which makes cargo rebuild
    /// on edits). Shipped catalogs are part of this crate: no file to track.
    pub(crate) files: Vec<PathBuf>,
    /// Warnings, rendered, each with the literal it belongs to.
    pub(crate) warnings: Vec<(Span, String)>,
}

/// Catalogs that could not be used: their errors, and the enums as far as they could be
/// made out (for stub enums).
pub(crate) struct Failed {
    pub(crate) error: syn::Error,
    pub(crate) stubs: Vec<Provider>,
}

impl From<syn::Error> for Failed {
    fn from(error: syn::Error) -> Self {
        Failed {
            error,
            stubs: Vec::new(),
        }
    }
}

/// One catalog source, read and parsed.
struct Source {
    /// How messages name it: the path as written, or `catalogs/KEY.toml`.
    name: String,
    text: String,
    span: Span,
    catalog: Catalog,
}

/// Reads and validates the catalogs named by `args` for the derive on `marker`.
pub(crate) fn catalogs(args: &Args, marker: &syn::Ident) -> Result<Loaded, Failed> {
    let mut sources = Vec::new();
    let mut files = Vec::new();
    let mut errors: Option<syn::Error> = None;
    let mut stubs = Vec::new();
    let mut fail = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    if let Some(lit) = &args.catalog {
        match read_file(lit) {
            Ok((path, text)) => {
                files.push(path);
                match parse(lit, lit.value(), text) {
                    Ok(source) => sources.push(source),
                    Err(failed) => {
                        fail(failed.error);
                        stubs.extend(failed.stubs);
                    }
                }
            }
            Err(e) => fail(e),
        }
    }
    for lit in &args.shipped {
        let key = lit.value();
        let Some(text) = error_catalog_schema::shipped(&key) else {
            let keys: Vec<&str> = error_catalog_schema::SHIPPED
                .iter()
                .map(|(k, _)| *k)
                .collect();
            let guess = error_catalog_schema::nearest_shipped(&key)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            fail(syn::Error::new(
                lit.span(),
                format!(
                    "no shipped catalog `{key}`\n  = help: {guess}the shipped catalogs are: {}",
                    keys.join(", ")
                ),
            ));
            continue;
        };
        match parse(lit, format!("catalogs/{key}.toml"), text.to_owned()) {
            Ok(source) => sources.push(source),
            Err(failed) => fail(failed.error),
        }
    }
    check_names(&sources, marker)
        .into_iter()
        .for_each(&mut fail);
    if let Some(error) = errors {
        // The enums of the catalogs that loaded are fine stubs too.
        let loaded = sources.into_iter().flat_map(|s| s.catalog.providers);
        stubs.extend(loaded);
        // Each enum once, and none named like the marker: stubs add no errors of their own.
        let mut names = Vec::new();
        stubs.retain(|p| {
            let fresh = *marker != p.enum_name.as_ref() && !names.contains(&p.enum_name);
            names.push(p.enum_name.clone());
            fresh
        });
        return Err(Failed { error, stubs });
    }
    let mut warnings = Vec::new();
    let mut providers = Vec::new();
    for source in sources {
        for w in &source.catalog.warnings {
            warnings.push((source.span, w.render(&source.name, &source.text)));
        }
        providers.extend(source.catalog.providers);
    }
    Ok(Loaded {
        providers,
        files,
        warnings,
    })
}

fn read_file(lit: &LitStr) -> syn::Result<(PathBuf, String)> {
    let written = lit.value();
    let path = resolve(&written);
    let bytes = error_catalog_schema::read_catalog(&path).map_err(|e| {
        let shown = path.display();
        let message = if path.is_dir() {
            // Checked apart: the OS's own words for it differ from one system to another.
            format!(
                "`catalog` names a directory, not a file: `{shown}`\n  = help: name the TOML \
                 file itself, e.g. `#[api_error(catalog = \"{}/catalog.toml\")]`",
                written.trim_end_matches('/')
            )
        } else if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "no catalog file at `{shown}`\n  = help: `catalog` is relative to the directory \
                 of the crate's Cargo.toml; create the file or correct the path"
            )
        } else {
            format!("cannot read the catalog at `{shown}`: {e}")
        };
        syn::Error::new(lit.span(), message)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(at).copied().unwrap_or_default();
        // The valid prefix locates the byte: lines and columns of what comes before it.
        let before = String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or_default());
        let (line, col) = error_catalog_schema::line_col(&before, at);
        syn::Error::new(
            lit.span(),
            format!(
                "the catalog is not valid UTF-8 (byte 0x{byte:02X})\n --> {written}:{line}:{col}\n  \
                 = help: save `{written}` as UTF-8 text"
            ),
        )
    })?;
    Ok((path, text))
}

/// Parses one catalog, turning every diagnostic into an error on the attribute.
fn parse(lit: &LitStr, name: String, text: String) -> Result<Source, Failed> {
    match error_catalog_schema::parse(&text) {
        Ok(catalog) => Ok(Source {
            name,
            text,
            span: lit.span(),
            catalog,
        }),
        Err(failed) => {
            let error = failed
                .diagnostics
                .iter()
                .map(|d| syn::Error::new(lit.span(), d.render(&name, &text)))
                .reduce(|mut all, e| {
                    all.combine(e);
                    all
                })
                .unwrap_or_else(|| syn::Error::new(lit.span(), "invalid catalog"));
            Err(Failed {
                error,
                stubs: failed.stubs,
            })
        }
    }
}

/// The enums are emitted beside the marker type and beside each other: no two may share a
/// name, and none may take the marker's. Within one catalog the schema checks this; here,
/// across the catalogs of one derive.
fn check_names(sources: &[Source], marker: &syn::Ident) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    let mut seen: Vec<(&str, &str, &Source)> = Vec::new();
    for source in sources {
        for (i, p) in source.catalog.providers.iter().enumerate() {
            let span = source.catalog.enum_span(i);
            let diagnostic = |message: String, help: String| {
                let d = Diagnostic::new(span.clone(), message).with_help(help);
                syn::Error::new(source.span, d.render(&source.name, &source.text))
            };
            if *marker == p.enum_name.as_ref() {
                errors.push(diagnostic(
                    format!(
                        "enum `{marker}` of provider `{}` has the name of the type the derive is on",
                        p.key
                    ),
                    format!(
                        "rename the struct, or give the provider another name: `enum = \"{marker}Error\"`"
                    ),
                ));
            }
            if let Some((_, _, first)) = seen.iter().find(|(e, _, _)| *e == p.enum_name.as_ref()) {
                errors.push(diagnostic(
                    format!(
                        "enum `{}` of provider `{}` is generated by `{}` too",
                        p.enum_name, p.key, first.name
                    ),
                    "give one of the providers another name: `enum = \"…\"`".to_owned(),
                ));
            } else if let Some((_, _, first)) = seen.iter().find(|(_, k, _)| *k == p.key.as_ref()) {
                errors.push(diagnostic(
                    format!("provider key `{}` is used by `{}` too", p.key, first.name),
                    "each provider has a key of its own: rename one of them".to_owned(),
                ));
            }
            seen.push((&p.enum_name, &p.key, source));
        }
    }
    errors
}

fn resolve(written: &str) -> PathBuf {
    let written = Path::new(written);
    if written.is_absolute() {
        return written.to_owned();
    }
    let base = std::env::var_os(BASE_DIR_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_default();
    base.join(written)
}
