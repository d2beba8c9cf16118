//! `parse` never panics: thousands of deterministic mutations of a valid catalog.

use error_catalog_schema::model::is_layout_char;
use error_catalog_schema::parse;

const SOURCE: &str = include_str!("fixtures/catalog.toml");

/// Characters that break TOML in interesting ways.
const NOISE: &[&str] = &[
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "\n",
    "#",
    "\\",
    "é",
    "\t",
    "\0",
    "\r",
    "0x",
    "-",
    "1e400",
    "provider.",
    " = [",
    "= {",
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value % n.max(1) as u64) as usize
    }
}

/// Parses and renders every diagnostic: neither may panic, and nothing rendered holds a
/// character that would rewrite a terminal (but line breaks between the rendered lines).
fn exercise(source: &str) {
    if let Err(failed) = parse(source) {
        let diagnostics = failed.diagnostics;
        assert!(!diagnostics.is_empty());
        let rewrites = |c: char| c != '\n' && c != '\t' && is_layout_char(c);
        for diagnostic in diagnostics {
            let rendered = diagnostic.render("catalog.toml", source);
            assert!(rendered.starts_with(&diagnostic.to_string()));
            assert!(!rendered.chars().any(rewrites), "{rendered:?}");
            let short = diagnostic.short("catalog.toml", source);
            assert!(
                !short.contains('\n') && !short.chars().any(rewrites),
                "{short:?}"
            );
        }
    }
}

/// Inputs the `catalog` fuzz target found, replayed.
#[test]
fn fuzz_findings() {
    // An unquoted value of control characters, quoted raw by the message and the help.
    let input: &[u8] = include_bytes!("fixtures/fuzz/catalog-84d25e5e.toml");
    // The target's `&str` is the input's longest UTF-8 prefix (`arbitrary`'s rule).
    let text = input.utf8_chunks().next().map_or("", |chunk| chunk.valid());
    assert_eq!(text.len(), 7106, "the input the target saw is replayed");
    exercise(text);
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn lines() -> Vec<&'static str> {
    SOURCE.split_inclusive('\n').collect()
}

#[test]
fn the_fixture_is_valid() {
    assert!(parse(SOURCE).is_ok());
}

#[test]
fn line_mutations() {
    let lines = lines();
    let mut count = 0;
    for i in 0..lines.len() {
        let mut deleted = lines.clone();
        deleted.remove(i);
        exercise(&deleted.concat());
        let mut duplicated = lines.clone();
        duplicated.insert(i, lines[i]);
        exercise(&duplicated.concat());
        let mut swapped = lines.clone();
        swapped.swap(i, (i * 7 + 3) % lines.len());
        exercise(&swapped.concat());
        count += 3;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..600 {
        let mut mutated = lines.clone();
        for _ in 0..1 + rng.below(4) {
            let (i, j) = (rng.below(mutated.len()), rng.below(mutated.len()));
            match rng.below(3) {
                0 if mutated.len() > 1 => drop(mutated.remove(i)),
                1 => mutated.insert(i, lines[j % lines.len()]),
                _ => mutated.swap(i, j),
            }
        }
        exercise(&mutated.concat());
        count += 1;
    }
    assert!(count > 900, "{count}");
}

#[test]
fn truncations() {
    let mut count = 0;
    for end in (0..=SOURCE.len()).step_by(2) {
        exercise(&SOURCE[..floor_char_boundary(SOURCE, end)]);
        count += 1;
    }
    assert!(count > 1000, "{count}");
}

#[test]
fn character_flips_and_insertions() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for _ in 0..2600 {
        let mut mutated = SOURCE.to_owned();
        for _ in 0..1 + rng.below(3) {
            let at = floor_char_boundary(&mutated, rng.below(mutated.len() + 1));
            let noise = NOISE[rng.below(NOISE.len())];
            if rng.below(2) == 0 {
                // Flip: replace the character at `at` with the noise.
                let next = mutated[at..].chars().next().map_or(0, char::len_utf8);
                mutated.replace_range(at..at + next, noise);
            } else {
                mutated.insert_str(at, noise);
            }
        }
        exercise(&mutated);
    }
}

#[test]
fn odd_documents() {
    for source in [
        "",
        "\n",
        "provider = 1",
        "provider = []",
        "provider = [1, \"x\", []]",
        "[[provider]]",
        "[[provider]]\ncode = [[]]\nformat = []\nfallback = [{status = {}}]",
        "[[provider]]\nkey = 1\nname = true\nenum = 2\n[[provider.code]]\ncode = []\nvariant = 3",
        "[[provider]]\nretry_from = [{}, {header = 1, body = 2}, {body = \"\", form = 1, categories = [1]}]",
        "[[provider]]\n[[provider.code]]\n[[provider.code.table]]\nrows = [1, [2], [[]]]\ncolumns = 5",
        "[[provider]]\n[[provider.fallback]]\nstatus = \"-\"\n[[provider.fallback]]\nstatus = \"xx\"\n[[provider.fallback]]\nstatus = \"5xxx\"",
        "\u{feff}[[provider]]",
        &"[".repeat(10_000),
        &"a = [".repeat(2_000),
        &"a = {b = ".repeat(2_000),
        &"[[provider]]\n".repeat(300),
    ] {
        exercise(source);
    }
}
