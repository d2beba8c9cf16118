//! Catalog loading: any UTF-8 text, parsed, validated and every diagnostic rendered.
//!
//! Neither may panic; every diagnostic must point inside the source and render with its
//! message first, message, excerpt and help free of the characters that would rewrite a
//! terminal.

#![no_main]

use error_catalog_schema::model::is_layout_char;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let Err(failed) = error_catalog_schema::parse(source) else {
        return;
    };
    let diagnostics = &failed.diagnostics;
    assert!(
        !diagnostics.is_empty(),
        "an invalid catalog without diagnostics"
    );
    for diagnostic in diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(
                span.start <= source.len(),
                "{diagnostic:?} outside the source"
            );
        }
        let rendered = diagnostic.render("catalog.toml", source);
        assert!(rendered.starts_with(&diagnostic.to_string()));
        let rewrites = |c: char| c != '\n' && c != '\t' && is_layout_char(c);
        assert!(!rendered.chars().any(rewrites), "{rendered:?}");
        let short = diagnostic.short("catalog.toml", source);
        assert!(short.starts_with("catalog.toml"));
        assert!(!short.contains('\n') && !short.chars().any(rewrites), "{short:?}");
    }
});
