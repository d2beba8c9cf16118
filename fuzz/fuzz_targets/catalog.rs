//! Catalog loading: any UTF-8 text, parsed, validated and every diagnostic rendered.
//!
//! Neither may panic; every diagnostic must point inside the source and render with its
//! message first.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let Err(diagnostics) = error_catalog_schema::parse(source) else {
        return;
    };
    assert!(
        !diagnostics.is_empty(),
        "an invalid catalog without diagnostics"
    );
    for diagnostic in &diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(
                span.start <= source.len(),
                "{diagnostic:?} outside the source"
            );
        }
        let rendered = diagnostic.render("catalog.toml", source);
        assert!(rendered.starts_with(&diagnostic.message));
        let short = diagnostic.short("catalog.toml", source);
        assert!(short.starts_with("catalog.toml"));
    }
});
