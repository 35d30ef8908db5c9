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
/// duplicated ids or routes pair up in order).
///
/// The result follows the new collection's order, with removed operations
/// last in the old collection's order.
pub(super) fn match_operations(old: &Api, new: &Api) -> Vec<Pairing> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.operations.len()];
    let mut paired_old = vec![false; old.operations.len()];

    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (index, op) in new.operations.iter().enumerate() {
        if let Some(id) = op.postman_id.as_deref() {
            by_id.entry(id).or_default().push_back(index);
        }
    }
    for (index, op) in old.operations.iter().enumerate() {
        let candidate = op
            .postman_id
            .as_deref()
            .and_then(|id| by_id.get_mut(id))
            .and_then(VecDeque::pop_front);
        if let Some(new_index) = candidate {
            old_of_new[new_index] = Some(index);
            paired_old[index] = true;
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
        assert_eq!(
            match_operations(&old, &new),
            vec![
                Pairing::Matched { old: 0, new: 0 },
                Pairing::Matched { old: 2, new: 1 },
                Pairing::Matched { old: 3, new: 2 },
                Pairing::Removed(1),
            ]
        );
    }
}
