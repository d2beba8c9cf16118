//! The shipped catalogs load cleanly: one provider each, keyed like the catalog.

use error_catalog_schema::{SHIPPED, parse, shipped};

#[test]
fn every_shipped_catalog_loads_without_errors_or_warnings() {
    let mut failures = Vec::new();
    for (key, text) in SHIPPED {
        match parse(text) {
            Ok(catalog) => {
                let keys: Vec<&str> = catalog.providers.iter().map(|p| p.key.as_ref()).collect();
                assert_eq!(
                    keys,
                    [*key],
                    "catalogs/{key}.toml has one provider, `{key}`"
                );
                for w in &catalog.warnings {
                    failures.push(w.render(&format!("catalogs/{key}.toml"), text));
                }
            }
            Err(failed) => {
                for d in &failed.diagnostics {
                    failures.push(d.render(&format!("catalogs/{key}.toml"), text));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(SHIPPED.len(), 12);
    assert!(shipped("stripe").is_some());
    assert!(shipped("attio").is_none());
}

#[test]
fn the_root_catalog_loads_without_errors_or_warnings() {
    let text = include_str!("../../catalog.toml");
    let catalog = parse(text).unwrap_or_else(|failed| {
        let all: Vec<String> = failed
            .diagnostics
            .iter()
            .map(|d| d.render("catalog.toml", text))
            .collect();
        panic!("{}", all.join("\n\n"));
    });
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    assert_eq!(catalog.providers.len(), 2);
}
