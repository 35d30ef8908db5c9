//! Postman's dynamic variables drawn once per call, not once per attempt: a
//! retried or re-signed request resends the same `{{$guid}}` (an idempotency
//! key stays the same) while each occurrence in one request still gets its
//! own value, as in Postman.
//!
//! A call keeps its draws in order in a [`Draws`]. Each attempt renders the
//! same templates in the same order, so the k-th draw of a later attempt is
//! the k-th draw of the first. Rendering is synchronous, so the draws are
//! reachable from `Core::lookup` through a thread-local for exactly the
//! duration of [`Draws::during`], with no `.await` inside.

use std::cell::RefCell;

/// A call's draws, as (name, value), and the position of the next one.
type Replay = (Vec<(String, String)>, usize);

thread_local! {
    /// The draws of the call being rendered on this thread.
    static CURRENT: RefCell<Option<Replay>> = const { RefCell::new(None) };
}

/// The dynamic variables one call has drawn, in order.
#[derive(Debug, Default)]
pub(crate) struct Draws {
    values: Vec<(String, String)>,
}

impl Draws {
    /// Runs `render` (one attempt's synchronous rendering) replaying this call's draws.
    pub(crate) fn during<T>(&mut self, render: impl FnOnce() -> T) -> T {
        /// Takes the draws back even when `render` panics.
        struct Restore<'a>(&'a mut Vec<(String, String)>);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                if let Some((values, _)) = CURRENT.with(|current| current.borrow_mut().take()) {
                    *self.0 = values;
                }
            }
        }
        let values = std::mem::take(&mut self.values);
        let outer = CURRENT.with(|current| current.borrow_mut().replace((values, 0)));
        let restore = Restore(&mut self.values);
        let result = render();
        drop(restore);
        CURRENT.with(|current| *current.borrow_mut() = outer);
        result
    }
}

/// The value of dynamic variable `name`: the one this call drew at this
/// position, else a new one from `draw` (kept for later attempts).
pub(crate) fn recall(name: &str, draw: impl FnOnce() -> Option<String>) -> Option<String> {
    let replayed = CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        let (values, next) = current.as_mut()?;
        let (drawn, value) = values.get(*next)?;
        (drawn == name).then(|| {
            *next += 1;
            value.clone()
        })
    });
    if replayed.is_some() {
        return replayed;
    }
    let value = draw()?;
    CURRENT.with(|current| {
        if let Some((values, next)) = current.borrow_mut().as_mut() {
            // A different name here means this attempt renders differently:
            // what was drawn from here on no longer lines up.
            values.truncate(*next);
            values.push((name.to_string(), value.clone()));
            *next += 1;
        }
    });
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> impl FnMut() -> Option<String> {
        let mut n = 0;
        move || {
            n += 1;
            Some(n.to_string())
        }
    }

    #[test]
    fn a_later_attempt_replays_the_first_attempts_draws_in_order() {
        let mut draws = Draws::default();
        let mut next = counter();
        let first = draws.during(|| [recall("$guid", &mut next), recall("$guid", &mut next)]);
        assert_eq!(first, [Some("1".into()), Some("2".into())]);
        let second = draws.during(|| [recall("$guid", &mut next), recall("$guid", &mut next)]);
        assert_eq!(second, first);
        // Outside a call every use draws anew.
        assert_eq!(recall("$guid", &mut next), Some("3".into()));
        // Another call draws its own values.
        let other = Draws::default().during(|| recall("$guid", &mut next));
        assert_eq!(other, Some("4".into()));
    }

    #[test]
    fn a_name_out_of_line_draws_anew_from_there() {
        let mut draws = Draws::default();
        let mut next = counter();
        draws.during(|| (recall("$guid", &mut next), recall("$timestamp", &mut next)));
        let again = draws.during(|| (recall("$guid", &mut next), recall("$randomInt", &mut next)));
        assert_eq!(again, (Some("1".into()), Some("3".into())));
    }
}
