//! Help lines that say what to write instead.

/// "did you mean `x`?" when a name is a typo away from a valid one, else the whole list.
pub(crate) fn did_you_mean<'a>(found: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    let valid: Vec<&str> = valid.into_iter().collect();
    guess(found, valid.iter().copied()).unwrap_or_else(|| one_of(&valid))
}

/// "did you mean `x`?" when a name is a typo away from a valid one.
pub(crate) fn guess<'a>(found: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let valid: Vec<&str> = valid.into_iter().collect();
    closest(found, &valid).map(|name| format!("did you mean `{name}`?"))
}

/// "expected one of: a, b, c", then "; did you mean `x`?" when a typo away from one.
pub(crate) fn one_of_with_guess<'a>(
    found: &str,
    valid: impl IntoIterator<Item = &'a str>,
) -> String {
    let valid: Vec<&str> = valid.into_iter().collect();
    let list = one_of(&valid);
    match closest(found, &valid) {
        Some(name) => format!("{list}; did you mean `{name}`?"),
        None => list,
    }
}

/// "expected one of: a, b, c"
pub(crate) fn one_of(valid: &[&str]) -> String {
    format!("expected one of: {}", valid.join(", "))
}

/// The valid name at edit distance 1 or 2 of `found`, the nearest first.
pub(crate) fn closest<'a>(found: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|name| (edit_distance(found, name), *name))
        .filter(|&(distance, name)| distance <= 2 && distance < name.chars().count())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance, in characters: how typo-like two names are.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.get(j).map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("stauts", "status"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("fix", "fix"), 0);
        assert_eq!(edit_distance("ratelimited", "rate_limited"), 1);
    }

    #[test]
    fn suggestions() {
        let keys = ["code", "status", "summary"];
        assert_eq!(did_you_mean("stauts", keys), "did you mean `status`?");
        assert_eq!(
            did_you_mean("colour", keys),
            "expected one of: code, status, summary"
        );
        // A one-letter name is two edits from every other two-letter name: no guess.
        assert_eq!(did_you_mean("x", ["ab"]), "expected one of: ab");
        assert_eq!(
            one_of_with_guess("sever", ["server", "unknown"]),
            "expected one of: server, unknown; did you mean `server`?"
        );
    }
}
