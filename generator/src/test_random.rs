//! A small deterministic random source for the unit tests that compare a
//! fast path with the plain one over thousands of generated inputs: the same
//! inputs on every run and machine, without a proptest strategy for each.

/// Marsaglia's xorshift64: cheap, deterministic, good enough to spread test
/// inputs.
pub(crate) struct Xorshift(u64);

impl Xorshift {
    /// A source starting at `seed` (not zero).
    pub(crate) fn new(seed: u64) -> Self {
        Xorshift(seed)
    }

    /// The next number, below `bound`.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }

    /// One of `choices`.
    pub(crate) fn pick<'a, T: ?Sized>(&mut self, choices: &[&'a T]) -> &'a T {
        choices[self.below(choices.len() as u64) as usize]
    }

    /// `count` texts of fewer than `max_len` characters drawn from the
    /// ASCII `alphabet`.
    pub(crate) fn ascii_texts(
        &mut self,
        alphabet: &[u8],
        max_len: u64,
        count: usize,
    ) -> Vec<String> {
        (0..count)
            .map(|_| {
                let len = self.below(max_len);
                (0..len)
                    .map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize]))
                    .collect()
            })
            .collect()
    }
}
