//! The crate's one sort.
//!
//! Each `sort_by_key` with its own key closure compiles the standard library's whole stable
//! sort again: seven of them were a sixth of the unoptimised code of this crate's loader,
//! which every user of the derive compiles. Here the sort is compiled once, for one key type,
//! and the caller's items only move.

/// Sorts `items` by `key`, stably: equal keys keep their order.
pub(crate) fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> (u64, u64)) {
    let mut keys = Vec::with_capacity(items.len());
    for item in items.iter() {
        keys.push(key(item));
    }
    permute(items, &order(keys));
}

/// The positions of `keys` in sorted order; the position breaks ties, so the order is stable.
fn order(keys: Vec<(u64, u64)>) -> Vec<usize> {
    let mut keyed: Vec<((u64, u64), usize)> = keys.into_iter().zip(0..).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Puts the item at `order[k]` at `k`, in place: for each `k`, follows `order` past the
/// positions already filled (their items moved on by earlier swaps) to where it is now.
fn permute<T>(items: &mut [T], order: &[usize]) {
    for (k, &first) in order.iter().enumerate() {
        let mut from = first;
        while from < k {
            from = order.get(from).copied().unwrap_or(k);
        }
        items.swap(k, from);
    }
}

/// `n` as a sort key (lossless where `usize` has at most 64 bits).
pub(crate) fn key(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{key, sort_by_key};

    #[test]
    fn sorts_by_the_key_and_keeps_the_order_of_equal_keys() {
        let mut items = vec![("c", 2), ("a", 1), ("d", 2), ("b", 1), ("e", 0)];
        sort_by_key(&mut items, |&(_, k)| (key(k), 0));
        assert_eq!(items, [("e", 0), ("a", 1), ("b", 1), ("c", 2), ("d", 2)]);
    }

    #[test]
    fn the_second_key_orders_items_whose_first_keys_are_equal() {
        let mut items = vec![(1, 9), (0, 5), (1, 3), (0, 7)];
        sort_by_key(&mut items, |&(a, b)| (a, b));
        assert_eq!(items, [(0, 5), (0, 7), (1, 3), (1, 9)]);
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        // Lists of every length to 40 with few distinct keys (many ties), from a fixed LCG.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for len in 0..40 {
            for _ in 0..25 {
                let items: Vec<(u64, usize)> = (0..len).map(|i| (next(5), i)).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |&(k, _)| (k, 0));
                let mut std = items;
                std.sort_by_key(|&(k, _)| k);
                assert_eq!(ours, std);
            }
        }
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut none: Vec<u8> = Vec::new();
        sort_by_key(&mut none, |_| (0, 0));
        assert!(none.is_empty());
        let mut one = vec![String::from("x")];
        sort_by_key(&mut one, |_| (0, 0));
        assert_eq!(one, ["x"]);
    }
}
