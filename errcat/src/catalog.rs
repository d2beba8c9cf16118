//! Where the catalog comes from, reading it, and finding a provider in it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use error_catalog_schema::{Catalog, Diagnostic, Provider, SHIPPED};

use crate::{Failure, escape};

/// The catalog read when `--catalog` is not given, relative to the working directory.
pub(crate) const DEFAULT_PATH: &str = "catalog.toml";

/// The catalog built into errcat (the workspace's `catalog.toml`: Attio and AttractOS),
/// read when there is no `--catalog` and no `./catalog.toml`, so that an installed errcat
/// works without any file.
pub(crate) const BUILT_IN: &str = include_str!("../catalog.toml");

/// How messages name the [`BUILT_IN`] catalog.
pub(crate) const BUILT_IN_NAME: &str = "<built-in catalog>";

/// Where a command reads its catalog from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A file: `--catalog PATH`, `lint PATH`, or `./catalog.toml`.
    File(PathBuf),
    /// The catalog built into errcat.
    BuiltIn,
    /// A catalog shipped with `error-catalog-schema`, by key: `--catalog stripe`.
    Shipped(&'static str),
}

impl Source {
    /// `--catalog VALUE` if given; else `./catalog.toml` if it exists; else the built-in
    /// catalog.
    pub(crate) fn resolve(flag: Option<PathBuf>) -> Self {
        match flag {
            Some(value) => Source::named(value),
            None if Path::new(DEFAULT_PATH).exists() => Source::File(PathBuf::from(DEFAULT_PATH)),
            None => Source::BuiltIn,
        }
    }

    /// A file if `value` names one; else the shipped catalog whose key it is; else the path
    /// (which reading then reports missing, or a directory).
    pub(crate) fn named(value: PathBuf) -> Self {
        if !value.exists() || value.is_dir() {
            let key = value.to_str().and_then(shipped_key);
            if let Some(key) = key {
                return Source::Shipped(key);
            }
        }
        Source::File(value)
    }

    /// How messages name the catalog: its path as the user wrote it (escaped), or
    /// `<built-in catalog>`, `<shipped catalog stripe>`.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::File(path) => escape::line(&path.to_string_lossy()).into_owned(),
            Source::BuiltIn => BUILT_IN_NAME.to_owned(),
            Source::Shipped(key) => format!("<shipped catalog {key}>"),
        }
    }

    /// The `--catalog` value that names this catalog again; `None` for the built-in one.
    pub(crate) fn arg(&self) -> Option<String> {
        match self {
            // `./catalog.toml` is what errcat reads without --catalog.
            Source::File(path) if path == Path::new(DEFAULT_PATH) => None,
            Source::File(path) => Some(path.to_string_lossy().into_owned()),
            Source::BuiltIn => None,
            Source::Shipped(key) => Some((*key).to_owned()),
        }
    }

    /// The command that lints this catalog.
    fn lint_command(&self) -> String {
        match self {
            Source::File(_) => format!("errcat lint {}", self.name()),
            Source::BuiltIn => "errcat lint (in a directory without catalog.toml)".to_owned(),
            Source::Shipped(key) => format!("errcat --catalog {key} lint"),
        }
    }
}

/// The key of the shipped catalog `name`, if there is one.
fn shipped_key(name: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(key, _)| *key)
}

/// The keys of the shipped catalogs, for messages.
pub(crate) fn shipped_keys() -> String {
    SHIPPED
        .iter()
        .map(|(key, _)| *key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A catalog, read and checked.
pub(crate) struct Parsed {
    /// How messages name it (`catalog.toml`, `<built-in catalog>`).
    pub(crate) name: String,
    /// The text (with invalid UTF-8 replaced, when it had some).
    pub(crate) source: Cow<'static, str>,
    /// The validated catalog, or every problem of the text.
    pub(crate) result: Result<Catalog, Vec<Diagnostic>>,
    /// The warnings of a catalog with problems (a valid one holds its own).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// The result of the loader, with the warnings of a catalog that has problems set aside.
fn checked(text: &str) -> (Result<Catalog, Vec<Diagnostic>>, Vec<Diagnostic>) {
    match error_catalog_schema::parse(text) {
        Ok(catalog) => (Ok(catalog), Vec::new()),
        Err(failed) => (Err(failed.diagnostics), failed.warnings),
    }
}

/// Reads and checks the catalog of `source`. A file that cannot be read is a failure; a
/// catalog with problems is not (`lint` reports them, the other commands refuse it).
pub(crate) fn parse(source: &Source) -> Result<Parsed, Failure> {
    let name = source.name();
    let text = match source {
        Source::BuiltIn => Cow::Borrowed(BUILT_IN),
        Source::Shipped(key) => Cow::Borrowed(error_catalog_schema::shipped(key).unwrap_or("")),
        Source::File(path) => return parse_file(path, name),
    };
    let (result, warnings) = checked(&text);
    Ok(Parsed {
        name,
        source: text,
        result,
        warnings,
    })
}

fn parse_file(path: &Path, name: String) -> Result<Parsed, Failure> {
    let bytes = error_catalog_schema::read_catalog(path).map_err(|e| {
        let failure = Failure::usage(format!("cannot read the catalog `{name}`: {e}"));
        if e.kind() != std::io::ErrorKind::NotFound {
            return failure;
        }
        let keys = SHIPPED.iter().map(|(key, _)| *key);
        let guess = path
            .to_str()
            .and_then(|p| nearest(p, keys.map(|k| (k.to_owned(), vec![k])), 1).pop());
        failure.with_help(match guess {
            Some(key) => format!(
                "no such file, and no shipped catalog `{name}`: did you mean `--catalog {key}`?"
            ),
            None => format!(
                "check the path; --catalog also takes the key of a shipped catalog ({}); \
                 without --catalog, errcat reads ./{DEFAULT_PATH}, else its built-in catalog",
                shipped_keys()
            ),
        })
    })?;
    let (text, (result, warnings)) = match String::from_utf8(bytes) {
        Ok(text) => {
            let checked = checked(&text);
            (text, checked)
        }
        Err(e) => {
            // The valid prefix is the same in the lossy text, so the offset still points at
            // the first bad byte.
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::new(offset..offset + 1, "the catalog is not valid UTF-8")
                .with_help(format!("save `{name}` as UTF-8 text"));
            (text, (Err(vec![diagnostic]), Vec::new()))
        }
    };
    Ok(Parsed {
        name,
        source: Cow::Owned(text),
        result,
        warnings,
    })
}

/// Reads the catalog of `source` for a command that needs a valid one: the catalog, and
/// how messages name it. A catalog that cannot be read or has problems is a failure (exit
/// status 2).
pub(crate) fn load(source: &Source) -> Result<(Catalog, String), Failure> {
    let Parsed {
        name,
        source: text,
        result,
        ..
    } = parse(source)?;
    match result {
        Ok(catalog) => Ok((catalog, name)),
        Err(diagnostics) => {
            let first = diagnostics
                .first()
                .map(|d| d.short(&name, &text))
                .unwrap_or_default();
            let n = diagnostics.len();
            Err(Failure::usage(format!(
                "`{name}` is not a valid catalog ({n} problem{}): {first}",
                plural(n)
            ))
            .with_help(format!("run `{}` to see them all", source.lint_command())))
        }
    }
}

/// The provider named `name` (its key, or its display name in any case); without a name,
/// the catalog's only provider.
pub(crate) fn provider<'c>(
    catalog: &'c Catalog,
    name: Option<&str>,
) -> Result<&'c Provider, Failure> {
    let keys = || {
        catalog
            .providers
            .iter()
            .map(|p| escape::line(&p.key).into_owned())
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
        let candidates = catalog
            .providers
            .iter()
            .map(|p| (p.key.to_string(), vec![&*p.key, &*p.name]));
        let help = match nearest(name, candidates, 1).first() {
            Some(near) => format!(
                "did you mean `{}`? (providers: {})",
                escape::line(near),
                keys()
            ),
            None => format!("the providers are: {}", keys()),
        };
        Failure::usage(format!("no provider `{name}` in the catalog")).with_help(help)
    })
}

/// The provider whose key or display name is `name`, in any case.
pub(crate) fn find_provider<'c>(catalog: &'c Catalog, name: &str) -> Option<&'c Provider> {
    let providers = &catalog.providers;
    providers.iter().find(|p| p.key == name).or_else(|| {
        providers.iter().find(|p| {
            p.key.eq_ignore_ascii_case(name)
                || p.name.eq_ignore_ascii_case(name)
                || p.enum_name == name
        })
    })
}

/// "Did you mean": the names of `candidates` nearest to `query`, best first, at most `max`.
///
/// Case-insensitive, by Levenshtein distance (`strsim`). A candidate is near when it is
/// within a few edits of the query (a third of the query's length, at least two), or when
/// one contains the other (`rate` finds `rate_limit_exceeded`). Each candidate is
/// `(name to show, names to compare)`: a code is found by its wire code or its variant name.
pub(crate) fn nearest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = (String, Vec<&'a str>)>,
    max: usize,
) -> Vec<String> {
    let query = query.to_lowercase();
    let query_len = query.chars().count();
    let threshold = (query_len / 3).max(2);
    let mut scored: Vec<(usize, usize, String)> = Vec::new();
    for (order, (shown, names)) in candidates.into_iter().enumerate() {
        let best = names
            .iter()
            .filter_map(|name| {
                let name = name.to_lowercase();
                let contains = query_len >= 3 && (name.contains(&query) || query.contains(&name));
                let distance = strsim::levenshtein(&query, &name);
                // Containment ranks with a near typo, after an exact case-insensitive match.
                let score = if contains { distance.min(1) } else { distance };
                (contains || distance <= threshold).then_some(score)
            })
            .min();
        if let Some(score) = best {
            scored.push((score, order, shown));
        }
    }
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, _, shown) in scored {
        if !out.contains(&shown) {
            out.push(shown);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

/// One shipped catalog, as `errcat list` shows it.
pub(crate) struct ShippedCatalog {
    pub(crate) key: &'static str,
    /// Its provider's display name and number of codes; `None` if it does not load.
    pub(crate) provider: Option<(String, usize)>,
}

/// Every shipped catalog, by key.
pub(crate) fn shipped() -> Vec<ShippedCatalog> {
    SHIPPED
        .iter()
        .map(|(key, text)| ShippedCatalog {
            key,
            provider: error_catalog_schema::parse(text)
                .ok()
                .and_then(|c| c.providers.into_iter().next())
                .map(|p| (p.name.into_owned(), p.codes.len())),
        })
        .collect()
}

/// `"s"` unless there is exactly one.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_is_valid() {
        let parsed = parse(&Source::BuiltIn).unwrap_or_else(|_| panic!("cannot parse"));
        assert_eq!(parsed.name, BUILT_IN_NAME);
        let catalog = parsed.result.unwrap_or_else(|d| panic!("{d:?}"));
        assert!(!catalog.providers.is_empty());
    }

    #[test]
    fn every_shipped_catalog_is_valid() {
        for (key, _) in SHIPPED {
            let parsed = parse(&Source::Shipped(key)).unwrap_or_else(|_| panic!("{key}"));
            let catalog = parsed.result.unwrap_or_else(|d| panic!("{key}: {d:?}"));
            assert_eq!(catalog.providers.len(), 1, "{key}");
            assert_eq!(catalog.providers[0].key, *key);
        }
    }

    #[test]
    fn an_explicit_catalog_wins_and_a_shipped_key_names_a_shipped_catalog() {
        let path = PathBuf::from("elsewhere/catalog.toml");
        assert_eq!(Source::resolve(Some(path.clone())), Source::File(path));
        assert_eq!(
            Source::resolve(Some(PathBuf::from("stripe"))),
            Source::Shipped("stripe")
        );
        assert_eq!(
            Source::resolve(Some(PathBuf::from("strip"))),
            Source::File(PathBuf::from("strip"))
        );
        // A file of that name wins over the key.
        let dir = std::env::temp_dir().join(format!("errcat-unit-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join("github");
        let _ = std::fs::write(&file, "");
        assert_eq!(Source::named(file.clone()), Source::File(file));
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn candidates() -> Vec<(String, Vec<&'static str>)> {
        vec![
            (
                "a::rate_limit_exceeded".into(),
                vec!["rate_limit_exceeded", "RateLimitExceeded"],
            ),
            (
                "b::RATE_LIMITED".into(),
                vec!["RATE_LIMITED", "RateLimited"],
            ),
            ("a::not_found".into(), vec!["not_found", "NotFound"]),
            (
                "b::SITE_NOT_FOUND".into(),
                vec!["SITE_NOT_FOUND", "SiteNotFound"],
            ),
        ]
    }

    #[test]
    fn typos_and_case_find_the_code() {
        assert_eq!(nearest("rate_limted", candidates(), 1), ["b::RATE_LIMITED"]);
        assert_eq!(nearest("NOT_FUOND", candidates(), 1), ["a::not_found"]);
    }

    #[test]
    fn a_fragment_finds_every_code_that_contains_it() {
        let found = nearest("not_found", candidates(), 5);
        assert_eq!(found, ["a::not_found", "b::SITE_NOT_FOUND"]);
        let found = nearest("rate", candidates(), 5);
        assert_eq!(found, ["a::rate_limit_exceeded", "b::RATE_LIMITED"]);
    }

    #[test]
    fn unrelated_names_suggest_nothing() {
        assert!(nearest("completely_different", candidates(), 5).is_empty());
        assert!(nearest("x", candidates(), 5).is_empty());
    }
}
