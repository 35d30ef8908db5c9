//! Merging near-identical structs that want the same name.
//!
//! Structural identity alone gives Zoom two registrant types: the meeting
//! endpoint's `{id, email}` and the recording endpoint's `{id}`. They come
//! from one OpenAPI schema whose optional `email` the faker happened to fill
//! in one place and not the other. So objects that want the same short name
//! (the singularised field name, `Registrant`) are merged when one key set
//! contains the others: an object joins the cluster of the only maximal key
//! set that contains its keys. The merged shape is the lattice join of the
//! members, so it accepts every sample each member was inferred from; the
//! cost is that a field always present in one place becomes optional.
//! A merge that would turn some field into a mixed-kind `serde_json::Value`
//! is not made, and nothing is merged when an object fits several maximal
//! key sets (`{id}` beside `{id, email}` and `{id, name}`). Members are
//! admitted in collection order; one whose join would create a new
//! mixed-kind node is left out (and keeps its own type), so a conflicting
//! object does not spoil the merge of the others.
//!
//! Membership is exact: resolution replaces an object by its cluster's merged
//! object only if that very object (by address in the root shapes) was
//! admitted, so the replacement always accepts the object's samples. Objects
//! below maps are not merged (a map's value type is a join made later).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::keys::is_map;
use super::shape::{Kind, Object, Shape};
use super::words::short_name;

/// Above this many distinct key sets for one name, the name is left alone
/// (the pairwise subset test would be quadratic).
const MAX_KEY_SETS: usize = 64;

/// Where a shape sits: the JSON key that leads to it, and whether an array
/// or map lies between that key and the shape (which singularises the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hint<'a> {
    /// The key, or `None` at the root of a body.
    pub key: Option<&'a str>,
    /// True below an array or map.
    pub plural: bool,
}

impl<'a> Hint<'a> {
    /// The root of a body or response: roots are named by role, not merged.
    pub const ROOT: Hint<'static> = Hint {
        key: None,
        plural: false,
    };

    /// The hint one array or map level down.
    pub fn plural(self) -> Hint<'a> {
        Hint {
            plural: true,
            ..self
        }
    }

    /// The short type name this position wants, if it is below a key.
    pub fn name(self) -> Option<String> {
        self.key.map(|key| short_name(key, self.plural))
    }
}

/// The merges to apply during resolution.
#[derive(Debug, Default)]
pub(crate) struct Merges {
    clusters: Vec<Object>,
    /// Admitted objects, by address, to their cluster.
    members: HashMap<usize, usize>,
}

impl Merges {
    /// Plans the merges over every root shape. The shapes must stay where
    /// they are (not moved or changed) until resolution is done.
    pub fn plan<'s>(roots: impl IntoIterator<Item = (&'s Shape, Hint<'s>)>) -> Merges {
        let mut groups: BTreeMap<String, Vec<&Object>> = BTreeMap::new();
        for (shape, hint) in roots {
            collect(shape, hint, &mut groups);
        }
        let mut merges = Merges::default();
        for members in groups.values() {
            for (rep, admitted) in clusters(members) {
                let id = merges.clusters.len();
                merges.clusters.push(rep);
                for object in admitted {
                    merges.members.insert(address(object), id);
                }
            }
        }
        merges
    }

    /// The cluster `object` was admitted to, if any.
    pub fn find(&self, object: &Object) -> Option<usize> {
        self.members.get(&address(object)).copied()
    }

    /// The merged object of a cluster.
    pub fn rep(&self, id: usize) -> &Object {
        &self.clusters[id]
    }
}

/// Identity of an object node for the lifetime of the plan.
fn address(object: &Object) -> usize {
    std::ptr::from_ref(object) as usize
}

/// Records every struct-like object below a key, by the name it wants.
fn collect<'s>(shape: &'s Shape, hint: Hint<'s>, groups: &mut BTreeMap<String, Vec<&'s Object>>) {
    match &shape.kind {
        Kind::Array(element) => collect(element, hint.plural(), groups),
        Kind::Object(object) if is_map(object) => {}
        Kind::Object(object) => {
            if let Some(name) = hint.name() {
                groups.entry(name).or_default().push(object);
            }
            for (key, field) in &object.fields {
                collect(
                    &field.shape,
                    Hint {
                        key: Some(key),
                        plural: false,
                    },
                    groups,
                );
            }
        }
        _ => {}
    }
}

/// The clusters of one name: each merged object with the objects admitted to
/// it (only clusters of two or more objects).
fn clusters<'s>(members: &[&'s Object]) -> Vec<(Object, Vec<&'s Object>)> {
    // Distinct key sets, in first-seen order.
    let mut sets: Vec<Vec<&str>> = Vec::new();
    let mut set_of: Vec<usize> = Vec::with_capacity(members.len());
    let mut index: HashMap<Vec<&str>, usize> = HashMap::new();
    for object in members {
        let mut keys: Vec<&str> = object.fields.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let at = *index.entry(keys.clone()).or_insert_with(|| {
            sets.push(keys);
            sets.len() - 1
        });
        set_of.push(at);
    }
    if sets.len() > MAX_KEY_SETS {
        return Vec::new();
    }
    let maximal: Vec<usize> = (0..sets.len())
        .filter(|&i| !(0..sets.len()).any(|j| j != i && is_subset(&sets[i], &sets[j])))
        .collect();
    // The only maximal set containing each key set, if there is exactly one.
    let home: Vec<Option<usize>> = sets
        .iter()
        .map(|keys| {
            let mut containers = (0..maximal.len()).filter(|&m| is_subset(keys, &sets[maximal[m]]));
            match (containers.next(), containers.next()) {
                (Some(m), None) => Some(m),
                _ => None,
            }
        })
        .collect();
    let mut built: Vec<(Object, Vec<&Object>)> =
        vec![(Object::default(), Vec::new()); maximal.len()];
    for (object, set) in members.iter().zip(set_of) {
        let Some(m) = home[set] else { continue };
        let (rep, admitted) = &mut built[m];
        if admitted.is_empty() || !would_mix_objects(rep, object) {
            rep.absorb((*object).clone());
            admitted.push(*object);
        }
    }
    built
        .into_iter()
        .filter(|(_, admitted)| admitted.len() > 1)
        .collect()
}

/// True when joining `b` into `a` would make a mixed-kind node where
/// neither had one.
fn would_mix(a: &Kind, b: &Kind) -> bool {
    match (a, b) {
        (Kind::Unknown | Kind::Template | Kind::Mixed(_), _)
        | (_, Kind::Unknown | Kind::Template | Kind::Mixed(_)) => false,
        (Kind::Array(x), Kind::Array(y)) => would_mix(&x.kind, &y.kind),
        (Kind::Object(x), Kind::Object(y)) => would_mix_objects(x, y),
        (Kind::Int | Kind::BigInt | Kind::Float, Kind::Int | Kind::BigInt | Kind::Float) => false,
        (x, y) => std::mem::discriminant(x) != std::mem::discriminant(y),
    }
}

fn would_mix_objects(a: &Object, b: &Object) -> bool {
    b.fields.iter().any(|(key, field)| {
        a.fields
            .get(key)
            .is_some_and(|mine| would_mix(&mine.shape.kind, &field.shape.kind))
    })
}

/// `a ⊆ b` for sorted key lists.
fn is_subset(a: &[&str], b: &[&str]) -> bool {
    a.len() <= b.len() && a.iter().all(|key| b.binary_search(key).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(samples: &[(&str, serde_json::Value)]) -> (Vec<Shape>, Merges) {
        let shapes: Vec<Shape> = samples.iter().map(|(_, v)| Shape::from_json(v)).collect();
        let merges = Merges::plan(shapes.iter().zip(samples).map(|(s, (key, _))| {
            (
                s,
                Hint {
                    key: Some(key),
                    plural: true,
                },
            )
        }));
        (shapes, merges)
    }

    fn objects(shape: &Shape) -> &Object {
        let Kind::Array(element) = &shape.kind else {
            panic!("not an array")
        };
        let Kind::Object(object) = &element.kind else {
            panic!("not an object")
        };
        object
    }

    #[test]
    fn a_subset_joins_the_only_superset_with_that_name() {
        let (shapes, merges) = plan(&[
            ("registrants", json!([{"id": "a", "email": "b"}])),
            ("registrants", json!([{"id": "c"}])),
            ("registrants", json!([{"first_name": "d", "email": "e"}])),
        ]);
        assert_eq!(merges.clusters.len(), 1);
        let rep = &merges.clusters[0];
        assert_eq!(rep.samples, 2);
        assert_eq!(rep.fields["email"].present, 1);
        assert_eq!(merges.find(objects(&shapes[0])), Some(0));
        assert_eq!(merges.find(objects(&shapes[1])), Some(0));
        assert_eq!(merges.find(objects(&shapes[2])), None);
    }

    #[test]
    fn ambiguous_merges_are_not_made_and_conflicting_members_are_left_out() {
        let (_, ambiguous) = plan(&[
            ("items", json!([{"id": 1, "a": 1}])),
            ("items", json!([{"id": 1, "b": 1}])),
            ("items", json!([{"id": 1}])),
        ]);
        assert!(ambiguous.clusters.is_empty());
        let (shapes, conflicting) = plan(&[
            ("items", json!([{"id": 1, "b": 1}])),
            ("items", json!([{"id": "x"}])),
            ("items", json!([{"id": 2}])),
        ]);
        assert_eq!(conflicting.clusters.len(), 1);
        assert_eq!(conflicting.find(objects(&shapes[1])), None);
        assert_eq!(conflicting.find(objects(&shapes[2])), Some(0));
    }

    #[test]
    fn different_names_never_merge() {
        let (shapes, merges) = plan(&[
            ("users", json!([{"id": 1}])),
            ("groups", json!([{"id": 1, "n": 2}])),
        ]);
        assert!(merges.clusters.is_empty());
        assert_eq!(merges.find(objects(&shapes[0])), None);
    }
}
