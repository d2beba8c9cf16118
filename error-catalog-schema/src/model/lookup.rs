//! The code table: a perfect hash from a wire code to its index in [`Provider::codes`].
//!
//! Built once, when the catalog is loaded (at compile time for the derive, which prints it
//! as static data), with the hash-and-displace scheme of CHD (Belazzougui, Botelho and
//! Dietzfelbinger, 2009): keys are hashed into buckets of about five; the buckets, largest
//! first, each get the displacement that sends all their keys to free slots. A lookup is one
//! hash, two table reads and one string comparison, whatever the number of codes, and the
//! first call costs what every call costs.
//!
//! [`Provider::codes`]: crate::Provider::codes

use super::List;

/// Keys per bucket, on average: CHD's λ. Five keeps the displacement search short.
#[cfg(feature = "load")]
const KEYS_PER_BUCKET: usize = 5;

/// A slot that holds no code. The table has about 10% more slots than codes (CHD's load
/// factor α ≈ 0.9), so the last buckets find a free slot in a few tries instead of searching
/// through every displacement for the last free one.
const EMPTY_SLOT: u32 = u32::MAX;

/// A perfect hash of a provider's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTable {
    seed: u64,
    /// One `(d1, d2)` displacement pair per bucket.
    displacements: List<(u32, u32)>,
    /// The code index at each slot, or [`EMPTY_SLOT`] (about 10% more slots than codes).
    slots: List<u32>,
}

impl CodeTable {
    /// The table of a provider without codes.
    pub const EMPTY: CodeTable = CodeTable {
        seed: 0,
        displacements: List::Borrowed(&[]),
        slots: List::Borrowed(&[]),
    };

    /// What the derive prints: the parts of a table built by [`CodeTable::build`].
    #[doc(hidden)]
    pub const fn __from_parts(
        seed: u64,
        displacements: List<(u32, u32)>,
        slots: List<u32>,
    ) -> Self {
        CodeTable {
            seed,
            displacements,
            slots,
        }
    }

    /// The parts, for the derive to print.
    #[doc(hidden)]
    pub fn __parts(&self) -> (u64, &[(u32, u32)], &[u32]) {
        (self.seed, &self.displacements, &self.slots)
    }

    /// The slot a key would occupy, if the table has slots. The caller compares the key with
    /// the code found there: a key that is no code lands on some other code's slot.
    pub fn candidate(&self, key: &[u8]) -> Option<usize> {
        let n = self.slots.len() as u64;
        let buckets = self.displacements.len() as u64;
        if n == 0 || buckets == 0 {
            return None;
        }
        let h = Hashes::of(key, self.seed);
        let bucket = usize::try_from(u64::from(h.g) % buckets).ok()?;
        let &(d1, d2) = self.displacements.get(bucket)?;
        let slot = displace(h, d1, d2) % n;
        let index = *self.slots.get(usize::try_from(slot).ok()?)?;
        if index == EMPTY_SLOT {
            return None;
        }
        usize::try_from(index).ok()
    }

    /// Builds the table of `codes` (distinct strings), or `None` if no seed of the few tried
    /// separates them, which for distinct keys does not happen in practice.
    #[cfg(feature = "load")]
    pub(crate) fn build<S: AsRef<str>>(codes: &[S]) -> Option<CodeTable> {
        if codes.is_empty() {
            return Some(CodeTable::EMPTY);
        }
        (0..64u64).find_map(|attempt| try_seed(codes, splitmix(attempt)))
    }
}

#[cfg(feature = "load")]
fn try_seed<S: AsRef<str>>(codes: &[S], seed: u64) -> Option<CodeTable> {
    let n = codes.len();
    let buckets = n.div_ceil(KEYS_PER_BUCKET);
    let m = n + n / 10 + 1;
    let hashes: Vec<Hashes> = codes
        .iter()
        .map(|c| Hashes::of(c.as_ref().as_bytes(), seed))
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for (i, h) in hashes.iter().enumerate() {
        let bucket = (u64::from(h.g) % buckets as u64) as usize;
        members.get_mut(bucket)?.push(i);
    }
    let mut order: Vec<usize> = (0..buckets).collect();
    // Largest bucket first.
    crate::sort::sort_by_key(&mut order, |&b| {
        let len = members.get(b).map_or(0, Vec::len);
        (u64::MAX - crate::sort::key(len), 0)
    });

    let mut slots: Vec<Option<u32>> = vec![None; m];
    let mut displacements = vec![(0u32, 0u32); buckets];
    // Slots taken in this attempt at a bucket: a generation stamp, so no clearing is needed.
    let mut stamp = vec![0u64; m];
    let mut generation = 0u64;
    for bucket in order {
        let keys = members.get(bucket)?;
        if keys.is_empty() {
            continue;
        }
        let found = (0..m as u32).flat_map(|d1| (0..m as u32).map(move |d2| (d1, d2)));
        let mut placed = false;
        for (d1, d2) in found.take(m.saturating_mul(m).min(1 << 22)) {
            generation += 1;
            let fits = keys.iter().all(|&k| {
                let slot = (displace(hashes[k], d1, d2) % m as u64) as usize;
                let free = slots[slot].is_none() && stamp[slot] != generation;
                stamp[slot] = generation;
                free
            });
            if fits {
                for &k in keys {
                    let slot = (displace(hashes[k], d1, d2) % m as u64) as usize;
                    slots[slot] = Some(k as u32);
                }
                displacements[bucket] = (d1, d2);
                placed = true;
                break;
            }
        }
        if !placed {
            return None;
        }
    }
    let slots: Vec<u32> = slots.into_iter().map(|s| s.unwrap_or(EMPTY_SLOT)).collect();
    Some(CodeTable {
        seed,
        displacements: List::Owned(displacements),
        slots: List::Owned(slots),
    })
}

/// The three hashes of a key: its bucket `g`, and `f1`, `f2` for the displacement.
#[derive(Clone, Copy)]
struct Hashes {
    g: u32,
    f1: u32,
    f2: u32,
}

impl Hashes {
    /// A 64-bit multiply-rotate hash over 8-byte words, finished with two rounds of
    /// MurmurHash3's `fmix64`. The same on every platform: the derive builds the table on the
    /// host and the program looks it up on the target.
    fn of(key: &[u8], seed: u64) -> Hashes {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut h = seed ^ (key.len() as u64).wrapping_mul(K);
        let mut words = key.chunks_exact(8);
        for word in words.by_ref() {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            h = (h ^ u64::from_le_bytes(bytes))
                .wrapping_mul(K)
                .rotate_left(31);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut bytes = [0u8; 8];
            for (b, r) in bytes.iter_mut().zip(rest) {
                *b = *r;
            }
            h = (h ^ u64::from_le_bytes(bytes))
                .wrapping_mul(K)
                .rotate_left(31);
        }
        let a = fmix64(h);
        let b = fmix64(a ^ K);
        Hashes {
            g: (a >> 32) as u32,
            f1: a as u32,
            f2: b as u32,
        }
    }
}

fn displace(h: Hashes, d1: u32, d2: u32) -> u64 {
    u64::from(h.f1)
        .wrapping_add(u64::from(d1).wrapping_mul(u64::from(h.f2)))
        .wrapping_add(u64::from(d2))
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(feature = "load")]
fn splitmix(x: u64) -> u64 {
    fmix64(x.wrapping_add(0x9E37_79B9_7F4A_7C15))
}

#[cfg(all(test, feature = "load"))]
mod tests {
    use super::*;

    fn find(table: &CodeTable, codes: &[String], key: &str) -> Option<usize> {
        let i = table.candidate(key.as_bytes())?;
        (codes.get(i)? == key).then_some(i)
    }

    #[test]
    fn every_code_finds_itself_and_nothing_else_is_found() {
        for n in [0usize, 1, 2, 7, 11, 100, 1000, 5000] {
            let codes: Vec<String> = (0..n).map(|i| format!("code_{i}_x")).collect();
            let table = CodeTable::build(&codes).expect("a table");
            for (i, c) in codes.iter().enumerate() {
                assert_eq!(find(&table, &codes, c), Some(i), "{n} codes, {c}");
            }
            for miss in ["", "code_", "code_0", "brand_new_code", "code_0_xx"] {
                assert_eq!(find(&table, &codes, miss), None, "{n} codes, {miss}");
            }
            assert!(table.displacements.len() <= n.div_ceil(KEYS_PER_BUCKET));
        }
    }

    #[test]
    fn similar_and_binary_keys_are_separated() {
        let codes: Vec<String> = [
            "a",
            "b",
            "ab",
            "ba",
            "aa",
            "\u{0}",
            "\u{0}\u{0}",
            "12345678",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain((0..300).map(|i| format!("{i:08}")))
        .collect();
        let table = CodeTable::build(&codes).expect("a table");
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(find(&table, &codes, c), Some(i));
        }
    }
}
