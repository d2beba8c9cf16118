//! The names a catalog would generate, read as far as a broken catalog allows.
//!
//! When a catalog has errors the derive still emits its enums, empty of data, so that code
//! using them compiles and the user sees the catalog's errors alone rather than a cascade of
//! "cannot find type" and "no variant" errors.

use toml::de::{DeTable, DeValue};

use crate::case;

/// One provider's generated names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The enum's identifier.
    pub enum_name: String,
    /// The variants' identifiers, in file order, without `Unrecognized`.
    pub variants: Vec<String>,
}

/// The enum and variant names of every provider whose names can be made out, skipping
/// anything that is no identifier and any repeat. Never fails and never panics: text that is
/// not TOML yields nothing.
pub fn outline(source: &str) -> Vec<Outline> {
    let Ok(root) = DeTable::parse(source) else {
        return Vec::new();
    };
    let mut outlines: Vec<Outline> = Vec::new();
    for provider in tables(root.get_ref().get("provider").map(|v| v.get_ref())) {
        let given = string(provider, "enum").filter(|name| case::is_identifier(name));
        let derived =
            || string(provider, "key").map(|key| format!("{}Error", case::upper_camel(key)));
        let Some(enum_name) = given.map(str::to_owned).or_else(derived) else {
            continue;
        };
        if !case::is_identifier(&enum_name) || outlines.iter().any(|o| o.enum_name == enum_name) {
            continue;
        }
        let mut variants: Vec<String> = Vec::new();
        for code in tables(provider.get("code").map(|v| v.get_ref())) {
            let variant = string(code, "variant")
                .map(str::to_owned)
                .or_else(|| string(code, "code").map(case::upper_camel));
            match variant {
                Some(v)
                    if case::is_identifier(&v) && v != "Unrecognized" && !variants.contains(&v) =>
                {
                    variants.push(v);
                }
                _ => {}
            }
        }
        outlines.push(Outline {
            enum_name,
            variants,
        });
    }
    outlines
}

/// The tables of an array of tables, in file order; nothing for anything else.
fn tables<'a, 'i>(value: Option<&'a DeValue<'i>>) -> Vec<&'a DeTable<'i>> {
    let Some(DeValue::Array(items)) = value else {
        return Vec::new();
    };
    let mut tables: Vec<_> = items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::Table(t) => Some((item.span().start, t)),
            _ => None,
        })
        .collect();
    tables.sort_by_key(|(start, _)| *start);
    tables.into_iter().map(|(_, t)| t).collect()
}

fn string<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    match table.get(key).map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_survive_errors_elsewhere() {
        let source = r#"
[[provider]]
key = "acme"
name = "Acme"
[provider.format]
code = "code"
[[provider.code]]
code = "rate_limited"
status = "not a number"
[[provider.code]]
code = "404"
[[provider.code]]
code = "gone"
variant = "Unrecognized"
[[provider.code]]
code = "RATE_LIMITED"

[[provider]]
key = "beta"
enum = "Beta Error"
"#;
        let outlines = outline(source);
        assert_eq!(
            outlines,
            [
                Outline {
                    enum_name: "AcmeError".into(),
                    variants: vec!["RateLimited".into()],
                },
                Outline {
                    enum_name: "BetaError".into(),
                    variants: vec![],
                },
            ]
        );
    }

    #[test]
    fn text_that_is_not_toml_has_no_outline() {
        assert!(outline("[[provider]\nkey = ").is_empty());
        assert!(outline("").is_empty());
        assert!(outline("provider = 3").is_empty());
    }
}
