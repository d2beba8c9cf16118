//! Finding, reading and validating the catalog file.

use std::path::{Path, PathBuf};

use error_catalog_schema::{Catalog, Diagnostic, Outline};
use syn::LitStr;

/// Overrides `CARGO_MANIFEST_DIR` as the base of relative catalog paths. For test harnesses
/// such as trybuild, which build each case in a directory of their own.
const BASE_DIR_OVERRIDE: &str = "ERROR_CATALOG_MANIFEST_DIR";

pub struct Loaded {
    pub catalog: Catalog,
    /// The absolute path, for `include_bytes!` (which makes cargo rebuild on edits).
    pub path: PathBuf,
}

/// A catalog that could not be used: its errors, and the names it would generate, as far
/// as they can be made out (for stub enums).
pub struct Failed {
    pub error: syn::Error,
    pub outline: Vec<Outline>,
}

impl From<syn::Error> for Failed {
    fn from(error: syn::Error) -> Self {
        Failed {
            error,
            outline: Vec::new(),
        }
    }
}

/// Reads and validates the catalog named by `lit` for the derive on `marker`.
pub fn catalog(lit: &LitStr, marker: &syn::Ident) -> Result<Loaded, Failed> {
    let written = lit.value();
    let path = resolve(&written);
    let source = std::fs::read(&path).map_err(|e| {
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
    let source = String::from_utf8(source).map_err(|e| {
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
    let catalog = error_catalog_schema::parse(&source).map_err(|diagnostics| {
        let error = diagnostics
            .iter()
            .map(|d| syn::Error::new(lit.span(), d.render(&written, &source)))
            .reduce(|mut all, e| {
                all.combine(e);
                all
            })
            .unwrap_or_else(|| syn::Error::new(lit.span(), "invalid catalog"));
        let mut outline = error_catalog_schema::outline(&source);
        outline.retain(|o| *marker != o.enum_name.as_str());
        Failed { error, outline }
    })?;
    // The enums are emitted beside the marker type, so none may take its name.
    let clash = catalog
        .providers
        .iter()
        .find(|p| *marker == p.enum_name.value.as_str());
    if let Some(p) = clash {
        let diagnostic = Diagnostic::new(
            p.enum_name.span.clone(),
            format!(
                "enum `{marker}` of provider `{}` has the name of the type the derive is on",
                p.key.value
            ),
        )
        .with_help(format!(
            "rename the struct, or give the provider another name: `enum = \"{marker}Error\"`"
        ));
        let error = syn::Error::new(lit.span(), diagnostic.render(&written, &source));
        return Err(error.into());
    }
    Ok(Loaded { catalog, path })
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
