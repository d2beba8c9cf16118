//! "Did you mean": the known names nearest to an unknown one.

use error_catalog_schema::edit_distance;

/// The names of `candidates` nearest to `query`, best first, at most `max` of them.
///
/// Case-insensitive. A candidate is near when it is within a few edits of the query
/// (a third of the query's length, at least two), or when one contains the other (`rate`
/// finds `rate_limit_exceeded`). Each candidate is `(name to show, names to compare)`: a
/// code is found by its wire code or its variant name.
pub fn nearest<'a>(
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
                let distance = edit_distance(&query, &name);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
