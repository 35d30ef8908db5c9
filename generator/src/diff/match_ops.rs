//! Pairing the operations of two versions of an API.

use std::collections::{HashMap, VecDeque};

use crate::ir::Api;

/// What became of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pairing {
    /// The operation exists on both sides (indices into each side's operations).
    Matched {
        /// Index in the old API.
        old: usize,
        /// Index in the new API.
        new: usize,
    },
    /// Only in the new API.
    Added(usize),
    /// Only in the old API.
    Removed(usize),
}

/// Pairs operations by Postman item id, then the rest by HTTP method and path
/// template, each in collection order (the first unpaired candidate wins, so
/// duplicated routes pair up in order). Among operations sharing an id (a
/// copied item keeps its id; lowering warns with `duplicate-id`), the
/// candidate with the same route and name wins, then the same route, then the
/// same name, then the first by position: a removed or moved duplicate is not
/// reported as a rename of another.
///
/// The result follows the new collection's order, with removed operations
/// last in the old collection's order.
pub(super) fn match_operations(old: &Api, new: &Api) -> Vec<Pairing> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.operations.len()];
    let mut paired_old = vec![false; old.operations.len()];

    // Operations by id, each side in collection order.
    let mut by_id: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (index, op) in old.operations.iter().enumerate() {
        if let Some(id) = op.postman_id.as_deref() {
            by_id.entry(id).or_default().0.push(index);
        }
    }
    for (index, op) in new.operations.iter().enumerate() {
        if let Some(id) = op.postman_id.as_deref() {
            by_id.entry(id).or_default().1.push(index);
        }
    }
    // How alike two operations sharing an id are: 0 same route and name, 1 same
    // route, 2 same name, 3 neither. Pairs are made best tier first.
    let likeness = |o: usize, n: usize| {
        let (old_op, new_op) = (&old.operations[o], &new.operations[n]);
        let same_route =
            old_op.method == new_op.method && old.path_string(old_op) == new.path_string(new_op);
        let same_name = old_op.postman_name == new_op.postman_name;
        match (same_route, same_name) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }
    };
    let mut ids: Vec<&(Vec<usize>, Vec<usize>)> = by_id.values().collect();
    ids.sort_by_key(|(olds, news)| (olds.first().copied(), news.first().copied()));
    for (olds, news) in ids {
        // Past this many comparisons (a hostile number of copies of one id),
        // pair by position alone.
        const MAX_COMPARISONS: usize = 1 << 20;
        if (olds.len() == 1 && news.len() == 1)
            || olds.len().saturating_mul(news.len()) > MAX_COMPARISONS
        {
            for (&o, &n) in olds.iter().zip(news) {
                old_of_new[n] = Some(o);
                paired_old[o] = true;
            }
            continue;
        }
        for tier in 0..=3 {
            for &o in olds {
                if paired_old[o] {
                    continue;
                }
                let found = news
                    .iter()
                    .copied()
                    .find(|&n| old_of_new[n].is_none() && likeness(o, n) <= tier);
                if let Some(n) = found {
                    old_of_new[n] = Some(o);
                    paired_old[o] = true;
                }
            }
        }
    }

    let mut by_route: HashMap<(&str, String), VecDeque<usize>> = HashMap::new();
    for (index, op) in new.operations.iter().enumerate() {
        if old_of_new[index].is_none() {
            let route = (op.method.as_str(), new.path_string(op));
            by_route.entry(route).or_default().push_back(index);
        }
    }
    for (index, op) in old.operations.iter().enumerate() {
        if paired_old[index] {
            continue;
        }
        let route = (op.method.as_str(), old.path_string(op));
        if let Some(new_index) = by_route.get_mut(&route).and_then(VecDeque::pop_front) {
            old_of_new[new_index] = Some(index);
            paired_old[index] = true;
        }
    }

    let mut pairs: Vec<Pairing> = old_of_new
        .iter()
        .enumerate()
        .map(|(new_index, old_index)| match old_index {
            Some(old_index) => Pairing::Matched {
                old: *old_index,
                new: new_index,
            },
            None => Pairing::Added(new_index),
        })
        .collect();
    pairs.extend(
        paired_old
            .iter()
            .enumerate()
            .filter(|(_, paired)| !**paired)
            .map(|(index, _)| Pairing::Removed(index)),
    );
    pairs
}

#[cfg(test)]
mod tests {
    use super::super::tests::{api, op};
    use super::*;

    #[test]
    fn ids_win_over_routes_and_routes_pair_the_rest() {
        let old = api(vec![
            op("get_a", Some("1"), "GET", "/a"),
            op("get_b", Some("2"), "GET", "/b"),
            op("get_c", None, "GET", "/c"),
            op("gone", Some("9"), "DELETE", "/x"),
        ]);
        let new = api(vec![
            op("new_one", Some("7"), "POST", "/n"),
            // Same id as `get_a`, different route: still the same operation.
            op("fetch_a", Some("1"), "GET", "/a2"),
            // Same route as `get_c`, an id it did not have: paired by route.
            op("get_c", Some("3"), "GET", "/c"),
            // Moved to the end: ids pair regardless of position.
            op("get_b", Some("2"), "GET", "/b"),
        ]);
        assert_eq!(
            match_operations(&old, &new),
            vec![
                Pairing::Added(0),
                Pairing::Matched { old: 0, new: 1 },
                Pairing::Matched { old: 2, new: 2 },
                Pairing::Matched { old: 1, new: 3 },
                Pairing::Removed(3),
            ]
        );
    }

    #[test]
    fn item_11_duplicated_ids_pair_by_route_and_name_before_position() {
        let old = api(vec![
            op("list", Some("1"), "GET", "/a"),
            op("fetch", Some("1"), "GET", "/b"),
            op("drop", Some("1"), "DELETE", "/c"),
        ]);
        // `list` removed, the other two swapped.
        let new = api(vec![
            op("drop", Some("1"), "DELETE", "/c"),
            op("fetch", Some("1"), "GET", "/b"),
        ]);
        assert_eq!(
            match_operations(&old, &new),
            vec![
                Pairing::Matched { old: 2, new: 0 },
                Pairing::Matched { old: 1, new: 1 },
                Pairing::Removed(0),
            ]
        );
    }

    #[test]
    fn duplicated_ids_and_routes_pair_in_order() {
        let old = api(vec![
            op("a", Some("1"), "GET", "/a"),
            op("b", Some("1"), "GET", "/b"),
            op("c", None, "GET", "/c"),
            op("d", None, "GET", "/c"),
        ]);
        let new = api(vec![
            op("b", Some("1"), "GET", "/b"),
            op("d", None, "GET", "/c"),
            op("c", None, "GET", "/c"),
        ]);
        // `b` keeps its pairing with `b` (same route and name), not with `a`
        // (the first by position); routes still pair in order.
        assert_eq!(
            match_operations(&old, &new),
            vec![
                Pairing::Matched { old: 1, new: 0 },
                Pairing::Matched { old: 2, new: 1 },
                Pairing::Matched { old: 3, new: 2 },
                Pairing::Removed(0),
            ]
        );
    }
}
