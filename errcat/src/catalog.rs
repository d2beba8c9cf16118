//! Reading a catalog file and finding a provider in it.

use std::path::{Path, PathBuf};

use error_catalog_schema::{Catalog, Diagnostic, Provider};

use crate::{Failure, suggest};

/// The catalog read when `--catalog` is not given, relative to the working directory.
pub const DEFAULT_PATH: &str = "catalog.toml";

/// The catalog errcat ships with (the workspace's `catalog.toml`), built into the binary
/// so that an installed errcat works without any file.
pub const SHIPPED: &str = include_str!("../catalog.toml");

/// How messages name the [`SHIPPED`] catalog.
pub const SHIPPED_NAME: &str = "<shipped catalog>";

/// Where a command reads its catalog from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file: `--catalog PATH`, `lint PATH`, or `./catalog.toml`.
    File(PathBuf),
    /// The catalog built into the binary.
    Shipped,
}

impl Source {
    /// `--catalog PATH` if given; else `./catalog.toml` if it exists; else the shipped
    /// catalog.
    pub fn resolve(flag: Option<PathBuf>) -> Self {
        match flag {
            Some(path) => Source::File(path),
            None if Path::new(DEFAULT_PATH).exists() => Source::File(PathBuf::from(DEFAULT_PATH)),
            None => Source::Shipped,
        }
    }
}

/// A catalog file, read and checked.
pub struct Parsed {
    /// The path as the user wrote it, for messages (`catalog.toml:12:8: …`).
    pub path: String,
    /// The text (with invalid UTF-8 replaced, when it had some).
    pub source: String,
    /// The validated catalog, or every problem of the file.
    pub result: Result<Catalog, Vec<Diagnostic>>,
}

/// Reads and checks the catalog of `source`. A file that cannot be read is a failure; a
/// file with problems is not (`lint` reports them, the other commands refuse it).
pub fn parse(source: &Source) -> Result<Parsed, Failure> {
    let path = match source {
        Source::File(path) => path,
        Source::Shipped => {
            return Ok(Parsed {
                path: SHIPPED_NAME.to_owned(),
                source: SHIPPED.to_owned(),
                result: error_catalog_schema::parse(SHIPPED),
            });
        }
    };
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let failure = Failure::usage(format!("cannot read the catalog `{shown}`: {e}"));
        if e.kind() == std::io::ErrorKind::NotFound {
            failure.with_help(format!(
                "check the path; without --catalog, errcat reads ./{DEFAULT_PATH}, else its \
                 shipped catalog"
            ))
        } else {
            failure
        }
    })?;
    let (source, result) = match String::from_utf8(bytes) {
        Ok(source) => {
            let result = error_catalog_schema::parse(&source);
            (source, result)
        }
        Err(e) => {
            // The valid prefix is the same in the lossy text, so the offset still points at
            // the first bad byte.
            let offset = e.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::new(offset..offset + 1, "the catalog is not valid UTF-8")
                .with_help(format!("save `{shown}` as UTF-8 text"));
            (source, Err(vec![diagnostic]))
        }
    };
    Ok(Parsed {
        path: shown,
        source,
        result,
    })
}

/// Reads the catalog of `source` for a command that needs a valid one: the catalog, and
/// its path as the user wrote it (or [`SHIPPED_NAME`]).
pub fn load(source: &Source) -> Result<(Catalog, String), Failure> {
    let Parsed {
        path,
        source,
        result,
    } = parse(source)?;
    match result {
        Ok(catalog) => Ok((catalog, path)),
        Err(diagnostics) => {
            let first = diagnostics
                .first()
                .map(|d| d.short(&path, &source))
                .unwrap_or_default();
            let n = diagnostics.len();
            Err(Failure::usage(format!(
                "`{path}` is not a valid catalog ({n} problem{}): {first}",
                plural(n)
            ))
            .with_help(format!("run `errcat lint {path}` to see them all")))
        }
    }
}

/// The provider named `name` (its key, or its display name in any case); without a name,
/// the catalog's only provider.
pub fn provider<'c>(catalog: &'c Catalog, name: Option<&str>) -> Result<&'c Provider, Failure> {
    let keys = || {
        catalog
            .providers
            .iter()
            .map(|p| p.key.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(name) = name else {
        return match catalog.providers.as_slice() {
            [only] => Ok(only),
            _ => Err(Failure::usage(format!(
                "the catalog has {} providers: say which with --provider",
                catalog.providers.len()
            ))
            .with_help(format!("--provider is one of: {}", keys()))),
        };
    };
    find_provider(catalog, name).ok_or_else(|| {
        let candidates = catalog.providers.iter().map(|p| {
            (
                p.key.value.clone(),
                vec![p.key.value.as_str(), p.name.as_str()],
            )
        });
        let help = match suggest::nearest(name, candidates, 1).first() {
            Some(near) => format!("did you mean `{near}`? (providers: {})", keys()),
            None => format!("the providers are: {}", keys()),
        };
        Failure::usage(format!("no provider `{name}` in the catalog")).with_help(help)
    })
}

/// The provider whose key or display name is `name`, in any case.
pub fn find_provider<'c>(catalog: &'c Catalog, name: &str) -> Option<&'c Provider> {
    let providers = &catalog.providers;
    providers.iter().find(|p| p.key.value == name).or_else(|| {
        providers
            .iter()
            .find(|p| p.key.value.eq_ignore_ascii_case(name) || p.name.eq_ignore_ascii_case(name))
    })
}

/// `"s"` unless there is exactly one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_is_valid() {
        let parsed = parse(&Source::Shipped).unwrap_or_else(|_| panic!("cannot parse"));
        assert_eq!(parsed.path, SHIPPED_NAME);
        let catalog = parsed.result.unwrap_or_else(|d| panic!("{d:?}"));
        assert!(!catalog.providers.is_empty());
    }

    #[test]
    fn an_explicit_catalog_wins() {
        let path = PathBuf::from("elsewhere/catalog.toml");
        assert_eq!(Source::resolve(Some(path.clone())), Source::File(path));
    }
}
