//! Catalog loading: any UTF-8 text, parsed, validated and every diagnostic rendered.
//!
//! Neither may panic; every diagnostic must point inside the source and render with its
//! message first, on lines free of the characters that would rewrite a terminal.

#![no_main]

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
        assert!(rendered.starts_with(&diagnostic.message));
        let excerpt = rendered.get(diagnostic.message.len()..).unwrap_or_default();
        assert!(!excerpt.contains(['\u{1b}', '\u{7}', '\u{0}', '\u{202e}']), "{rendered:?}");
        let short = diagnostic.short("catalog.toml", source);
        assert!(short.starts_with("catalog.toml"));
    }
});
