//! Turning catalog names into Rust identifiers.
//!
//! Wire codes come in every style (`rate_limit_exceeded`, `RATE_LIMITED`, `InvalidKey`,
//! `resource.not-found`); variants and enums are UpperCamelCase. The conversion is total:
//! whatever it produces is then checked with [`is_identifier`], because a name that is not an
//! identifier would make the derive's `Ident::new` panic.

/// Converts a name to UpperCamelCase.
///
/// Words are separated by any ASCII character that is not a letter or digit (`_`, `-`, `.`,
/// space, ...). Each word gets an uppercase first letter; the rest of the word is lowercased
/// if the word is ALL CAPS and kept as written otherwise, so existing camel case survives:
///
/// | input | output |
/// |---|---|
/// | `rate_limit_exceeded` | `RateLimitExceeded` |
/// | `RATE_LIMITED` | `RateLimited` |
/// | `InvalidKey` | `InvalidKey` |
/// | `HTTPError` | `HTTPError` |
///
/// Non-ASCII letters are kept, so the result of non-ASCII input is rejected by
/// [`is_identifier`] rather than silently mangled.
pub(crate) fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let words = name.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric());
    for word in words.filter(|word| !word.is_empty()) {
        push_capitalized(&mut out, word);
    }
    out
}

/// Appends `word` with its first letter uppercased; the rest lowercased only if the word is
/// shouting.
fn push_capitalized(out: &mut String, word: &str) {
    let all_caps = !word.chars().any(char::is_lowercase);
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
    }
    if all_caps {
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(chars.as_str());
    }
}

/// Whether `name` is UpperCamelCase: an ASCII capital, then ASCII letters and digits (and no
/// keyword: `Self` is one).
pub(crate) fn is_upper_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !is_keyword(name)
}

/// Whether `name` can be used as a Rust identifier as written (no `r#`).
///
/// That is: ASCII only, a letter or `_` first, then letters, digits and `_`; not `_` alone;
/// and not a keyword of any edition (strict or reserved, including `Self`).
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// One of [`KEYWORDS`]: all but `Self` begin with a lowercase letter, and none is longer than
/// eight letters, which spares most names the comparisons.
fn is_keyword(name: &str) -> bool {
    let maybe = name.len() <= 8 && name.starts_with(|c: char| c.is_ascii_lowercase() || c == 'S');
    maybe && KEYWORDS.contains(&name)
}

/// Strict and reserved keywords of every edition up to 2024: none of them can name an item.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_fit_the_quick_test() {
        for keyword in KEYWORDS {
            assert!(keyword.len() <= 8, "{keyword}");
            assert!(
                keyword.starts_with(|c: char| c.is_ascii_lowercase()) || *keyword == "Self",
                "{keyword}"
            );
            assert!(is_keyword(keyword), "{keyword}");
        }
        assert!(!is_keyword("Enum") && !is_keyword("selfish") && !is_keyword("RateLimited"));
    }

    #[test]
    fn upper_camel_table() {
        let cases = [
            ("rate_limit_exceeded", "RateLimitExceeded"),
            ("RATE_LIMITED", "RateLimited"),
            ("invalid_api_key", "InvalidApiKey"),
            ("InvalidKey", "InvalidKey"),
            ("HTTPError", "HTTPError"),
            ("x", "X"),
            ("not-found", "NotFound"),
            ("resource.not_found", "ResourceNotFound"),
            ("two words", "TwoWords"),
            ("__leading__and__trailing__", "LeadingAndTrailing"),
            ("camelCase", "CamelCase"),
            ("HTTP2_ERROR", "Http2Error"),
            ("error_404", "Error404"),
            ("404", "404"),
            ("", ""),
            ("___", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(upper_camel(input), expected, "upper_camel({input:?})");
        }
    }

    #[test]
    fn upper_camel_of_non_ascii_is_not_an_identifier() {
        for input in ["café", "ß", "名前", "naïve_key"] {
            let converted = upper_camel(input);
            assert!(!is_identifier(&converted), "{input:?} -> {converted:?}");
        }
    }

    #[test]
    fn identifiers() {
        for name in [
            "X",
            "_x",
            "NotFound",
            "Error404",
            "r#x2",
            "Unrecognized",
            "union",
        ] {
            let expected = name != "r#x2";
            assert_eq!(is_identifier(name), expected, "{name:?}");
        }
        for name in [
            "", "_", "404X", "Self", "self", "type", "gen", "a-b", "a b", "é", "a.b",
        ] {
            assert!(!is_identifier(name), "{name:?}");
        }
    }
}
