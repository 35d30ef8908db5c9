//! Turning arbitrary Postman text into Rust identifiers.
//!
//! Shared by `lower` (operation and group names), `infer` (type and field
//! names) and `emit` (escaping). Every function is total: any input, however
//! hostile, yields a valid identifier.

use foldhash::{HashMap, HashMapExt, HashSet};

/// Rust keywords (strict and reserved, 2021 edition) that need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// True when `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    // Every keyword is 2 to 8 bytes long: most names are ruled out by their
    // length alone, not compared with each keyword (this runs for every
    // identifier printed).
    KEYWORD_LENGTHS.contains(&word.len()) && KEYWORDS.contains(&word)
}

/// The lengths of [`KEYWORDS`], shortest to longest.
const KEYWORD_LENGTHS: std::ops::RangeInclusive<usize> = 2..=8;

/// The longest identifier made from text. Names in collections can be any
/// length (a 16 KB JSON key made a 16 KB field name, and rustc needed 4.6 GB
/// for it; at 1 MB it was killed); a longer name is cut, and `UniqueNames`
/// numbers any names the cut makes equal.
pub const MAX_IDENT_CHARS: usize = 128;

/// Reduces text to ASCII words: apostrophes vanish (`registrant's` →
/// `registrants`), every other non-alphanumeric character separates words,
/// and non-ASCII letters are dropped. Only the start of a very long text is
/// read: [`MAX_IDENT_CHARS`] is all an identifier keeps.
fn ascii_words(text: &str) -> String {
    let head = &text.as_bytes()[..text.len().min(4 * MAX_IDENT_CHARS)];
    if head.is_ascii() {
        // The characters read are these bytes, one each: taken without
        // decoding or encoding (keys become identifiers tens of thousands
        // of times per collection).
        let mut words = String::with_capacity(head.len());
        for &byte in head {
            match byte {
                b'\'' | b'`' => {}
                byte if byte.is_ascii_alphanumeric() => words.push(char::from(byte)),
                _ => words.push(' '),
            }
        }
        return words;
    }
    let mut out = String::with_capacity(text.len().min(4 * MAX_IDENT_CHARS));
    for c in text.chars().take(4 * MAX_IDENT_CHARS) {
        match c {
            '\'' | '\u{2019}' | '\u{2018}' | '`' => {}
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A snake_case identifier for `text`, or `fallback` when nothing usable is left.
/// A leading digit gets an `n` prefix (`2fa` → `n2fa`) and keywords a trailing
/// `_` (`type` → `type_`), so the result never needs `r#`.
pub fn snake_ident(text: &str, fallback: &str) -> String {
    let mut ident = String::with_capacity(text.len().min(MAX_IDENT_CHARS) + 8);
    for_each_word(&ascii_words(text), |word| {
        if !ident.is_empty() {
            ident.push('_');
        }
        ident.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    });
    cut(&mut ident);
    if ident.is_empty() {
        ident = fallback.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'n');
    }
    if is_keyword(&ident) || NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Calls `word` with each word of `text` (ASCII: [`ascii_words`]'s output,
/// words apart by spaces, or a key given to [`snake_case`]), split as
/// `heck` splits words for its case conversions: any byte that is not a
/// letter or digit ends a word; so does a lowercase letter
/// followed by an uppercase one (`userId` → `user`, `Id`); and in a run of
/// capitals, the last one before a lowercase letter starts a new word
/// (`HTTPServer` → `HTTP`, `Server`). A digit takes the case of the letter
/// before it (`v2Api` → `v2`, `Api`).
///
/// `heck` does this for any Unicode text, one `fmt::Write` call per
/// character; identifiers are made tens of thousands of times per run (a
/// few percent of `generate`), and their text is ASCII by then.
fn for_each_word(text: &str, mut word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        /// No letter since the word started.
        None,
        Lower,
        Upper,
    }
    // A part is ASCII letters and digits: slicing it by bytes is slicing
    // it by characters.
    for bytes in text.as_bytes().split(|byte| !byte.is_ascii_alphanumeric()) {
        let part = std::str::from_utf8(bytes).unwrap_or_default();
        let mut start = 0;
        let mut case = Case::None;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let case_with_c = if c.is_ascii_lowercase() {
                Case::Lower
            } else if c.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if case_with_c == Case::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                start = i + 1;
                case = Case::None;
            } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                start = i;
                case = Case::None;
            } else {
                case = case_with_c;
            }
        }
    }
}

/// `heck`'s `to_snake_case` of `text`: its words (any character that is not
/// alphanumeric separates them) lower-cased and joined by `_`. ASCII text,
/// nearly every key, is split here by [`for_each_word`] with no formatter
/// call per character: `heck` took 9,000 instructions per key, and
/// credential checks ask for every form field and query key of a collection
/// (64 M of Stripe's 750 M serial instructions). Other text goes to `heck`.
pub fn snake_case(text: &str) -> String {
    if !text.is_ascii() {
        use heck::ToSnakeCase;
        return text.to_snake_case();
    }
    let mut snake = String::with_capacity(text.len() + 4);
    for_each_word(text, |word| {
        if !snake.is_empty() {
            snake.push('_');
        }
        snake.push_str(word);
    });
    // ASCII: lower-cased in one pass, not character by character.
    snake.make_ascii_lowercase();
    snake
}

/// Cuts an identifier to [`MAX_IDENT_CHARS`] (it is ASCII), without a trailing `_`.
fn cut(ident: &mut String) {
    if ident.len() > MAX_IDENT_CHARS {
        ident.truncate(MAX_IDENT_CHARS);
        while ident.ends_with('_') {
            ident.pop();
        }
    }
}

/// A PascalCase identifier for `text`, or `fallback` when nothing usable is left.
pub fn pascal_ident(text: &str, fallback: &str) -> String {
    let mut ident = String::with_capacity(text.len().min(MAX_IDENT_CHARS) + 8);
    for_each_word(&ascii_words(text), |word| {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            ident.push(first.to_ascii_uppercase());
            ident.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    });
    cut(&mut ident);
    if ident.is_empty() {
        ident = fallback.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'N');
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// Hands out names unique within one scope, in a deterministic way: the first
/// claimant of a name keeps it, later ones get `_2`, `_3`, ... (or `2`, `3` for
/// PascalCase names).
#[derive(Debug, Default, Clone)]
pub struct UniqueNames {
    taken: HashSet<String>,
    /// Per wanted name, the next number to try, so claiming the same name n
    /// times costs O(n), not O(n²).
    next_suffix: HashMap<String, usize>,
}

impl UniqueNames {
    /// An empty scope.
    pub fn new() -> Self {
        UniqueNames::default()
    }

    /// A scope where `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        UniqueNames {
            taken: reserved.into_iter().map(str::to_string).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// The names taken in this scope, in no particular order, without the
    /// scope's tables: kept for later (`lower::prepare`), a scope costs its
    /// names only. [`UniqueNames::extend_taken`] makes the scope again:
    /// what `claim` hands out depends only on the names taken.
    pub fn into_taken(self) -> Vec<String> {
        self.taken.into_iter().collect()
    }

    /// Takes `names` in this scope (see [`UniqueNames::into_taken`]).
    pub fn extend_taken(&mut self, names: impl IntoIterator<Item = String>) {
        self.taken.extend(names);
    }

    /// True when `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let snake = wanted.contains('_') || wanted.starts_with(|c: char| c.is_ascii_lowercase());
        // A keyword escaped with a trailing `_` must not get a second one:
        // `type__2` and `Self__2` draw rustc's naming warnings in generated
        // code. `type_` becomes `type_2` (its `_` is the separator) and
        // `Self_` becomes `Self2` (PascalCase has no separator).
        let pascal = wanted.starts_with(|c: char| c.is_ascii_uppercase());
        let (stem, separator) = match wanted.strip_suffix('_') {
            Some(stem) if pascal && !stem.contains('_') => (stem, ""),
            Some(_) => (wanted, ""),
            None if snake || wanted.ends_with(|c: char| c.is_ascii_digit()) => (wanted, "_"),
            None => (wanted, ""),
        };
        let next = self.next_suffix.entry(wanted.to_string()).or_insert(2);
        loop {
            let candidate = format!("{stem}{separator}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_made_again_from_its_taken_names_claims_the_same() {
        // Names that collide often, numbered ones and escaped keywords
        // among them, so the suffix counters have run ahead when the
        // scope is made again.
        let wanted = ["id", "id_2", "type_", "Self_", "Item", "item", "x2", "a_b"];
        let mut random = crate::test_random::Xorshift::new(20);
        for _ in 0..500 {
            let claims: Vec<&str> = (0..random.below(30))
                .map(|_| *random.pick(&wanted.iter().collect::<Vec<_>>()))
                .collect();
            let cut = random.below(claims.len() as u64 + 1) as usize;
            let mut whole = UniqueNames::with_reserved(["id_3", "send"]);
            let mut first = UniqueNames::with_reserved(["id_3", "send"]);
            for wanted in &claims[..cut] {
                assert_eq!(whole.claim(wanted), first.claim(wanted));
            }
            let mut again = UniqueNames::new();
            again.extend_taken(first.into_taken());
            for wanted in &claims[cut..] {
                assert_eq!(
                    whole.claim(wanted),
                    again.claim(wanted),
                    "{claims:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn apostrophes_vanish_and_words_join() {
        assert_eq!(
            snake_ident("Update registrant's status", "op"),
            "update_registrants_status"
        );
        assert_eq!(
            pascal_ident("Update registrant's status", "Op"),
            "UpdateRegistrantsStatus"
        );
    }

    #[test]
    fn hostile_text_still_gives_identifiers() {
        assert_eq!(snake_ident("", "operation"), "operation");
        assert_eq!(snake_ident("::*/\"#", "operation"), "operation");
        assert_eq!(snake_ident("🦀 crab", "operation"), "crab");
        assert_eq!(snake_ident("type", "x"), "type_");
        assert_eq!(snake_ident("self", "x"), "self_");
        assert_eq!(snake_ident("2fa codes", "x"), "n2fa_codes");
        assert_eq!(pascal_ident("404", "X"), "N404");
        assert_eq!(
            snake_ident("meetings/{meeting Id}", "x"),
            "meetings_meeting_id"
        );
    }

    /// The words are split as `heck` splits them (the conversions this
    /// module used before it had its own), for every text [`ascii_words`]
    /// can give: fixed cases and a deterministic stream of random ones over
    /// the letters, digits and spaces that make the boundaries.
    #[test]
    fn words_split_as_heck_splits_them() {
        use heck::{ToPascalCase, ToSnakeCase};
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            "A",
            "1",
            "userId",
            "UserID",
            "HTTPServer",
            "getHTTPResponseCode",
            "v2Api",
            "V2API",
            "a1B",
            "A1b",
            "ABc",
            "aBC",
            "x  y",
            " lead",
            "trail ",
            "IDs",
            "iOS",
            "ABCdef GHIjkl",
            "snake case words",
            "PascalCase",
            "n2fa",
            "9lives",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut random = crate::test_random::Xorshift::new(0x2545_f491_4f6c_dd1d);
        texts.extend(random.ascii_texts(b"aAbBzZ09 xX", 12, 5_000));
        for text in &texts {
            let mut pascal = String::new();
            let mut snake: Vec<String> = Vec::new();
            for_each_word(text, |word| {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    pascal.push(first.to_ascii_uppercase());
                    pascal.extend(chars.map(|c| c.to_ascii_lowercase()));
                }
                snake.push(word.to_ascii_lowercase());
            });
            assert_eq!(pascal, text.to_pascal_case(), "{text:?}");
            assert_eq!(snake.join("_"), text.to_snake_case(), "{text:?}");
        }
    }

    /// [`snake_case`] is `heck`'s `to_snake_case` for any text: fixed cases
    /// (punctuation, brackets, non-ASCII) and a deterministic stream of
    /// random ASCII keys over letters, digits and separators.
    /// The length filter of [`is_keyword`] lets every keyword through (a
    /// longer keyword added to the list widens it), and nothing else is one.
    #[test]
    fn every_keyword_is_one_whatever_its_length() {
        for keyword in KEYWORDS {
            assert!(KEYWORD_LENGTHS.contains(&keyword.len()), "{keyword}");
            assert!(is_keyword(keyword), "{keyword}");
        }
        for word in [
            "",
            "a",
            "asy",
            "continues",
            "r#fn",
            "Fn",
            "selfish",
            "x".repeat(200).as_str(),
        ] {
            assert!(!is_keyword(word), "{word}");
        }
    }

    #[test]
    fn snake_case_is_hecks() {
        use heck::ToSnakeCase;
        let mut texts: Vec<String> = [
            "",
            "_",
            "__key__",
            "api_key",
            "apiKey",
            "X-API-Key",
            "card[address_city]",
            "metadata[key]",
            "nextPageToken",
            "HTTPServer-v2Api",
            "a--b  c",
            "Grüße_Key",
            "straße",
            "ΣΑΣ key",
            "\u{212A}ey",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut random = crate::test_random::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        texts.extend(random.ascii_texts(b"aAkKzZ09 _-[].$", 14, 5_000));
        for text in &texts {
            assert_eq!(snake_case(text), text.to_snake_case(), "{text:?}");
        }
    }

    /// ASCII text read byte by byte gives the words character-by-character
    /// reading gives: apostrophes, backticks, punctuation, text longer than
    /// what is read, and non-ASCII text before or after that point.
    #[test]
    fn ascii_text_read_as_bytes_gives_the_same_words() {
        fn by_characters(text: &str) -> String {
            let mut out = String::new();
            for c in text.chars().take(4 * MAX_IDENT_CHARS) {
                match c {
                    '\'' | '\u{2019}' | '\u{2018}' | '`' => {}
                    c if c.is_ascii_alphanumeric() => out.push(c),
                    _ => out.push(' '),
                }
            }
            out
        }
        let long = "ab'c`d-e ".repeat(80);
        let texts = [
            String::new(),
            "registrant's status".to_string(),
            "`code`[key]{x}".to_string(),
            "caf\u{e9} \u{2019}s".to_string(),
            long.clone(),
            format!("{}\u{e9}", "a".repeat(4 * MAX_IDENT_CHARS)),
            format!("{}\u{e9}", "a".repeat(4 * MAX_IDENT_CHARS - 1)),
            format!("{long}\u{2019}s"),
        ];
        for text in &texts {
            assert_eq!(ascii_words(text), by_characters(text), "{text:?}");
        }
    }

    #[test]
    fn unique_names_number_collisions_in_claim_order() {
        let mut names = UniqueNames::new();
        assert_eq!(names.claim("get_user"), "get_user");
        assert_eq!(names.claim("get_user"), "get_user_2");
        assert_eq!(names.claim("get_user"), "get_user_3");
        let mut types = UniqueNames::new();
        assert_eq!(types.claim("User"), "User");
        assert_eq!(types.claim("User"), "User2");
        // Found by compiling the hostile catalogue: `type__2` drew a warning.
        let mut escaped = UniqueNames::new();
        assert_eq!(escaped.claim("type_"), "type_");
        assert_eq!(escaped.claim("type_"), "type_2");
        assert_eq!(escaped.claim("Self_"), "Self_");
        assert_eq!(escaped.claim("Self_"), "Self2");
    }
}
