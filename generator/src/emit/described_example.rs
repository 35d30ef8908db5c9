//! Which example value the docs show for an input: the collection's own value,
//! unless it is filler text, then an example its description gives, then
//! whatever the collection has.
//!
//! Collections converted from OpenAPI (openapi-to-postman) fill every value the
//! spec left without an example with lorem ipsum words (`quis officia in
//! reprehenderit`) or a type placeholder (`<string>`), while the description
//! beside it often names a realistic one ("e.g. `jane@example.com`",
//! "Example: 85746065432"). A doc example with the realistic value teaches the
//! reader what to pass; filler teaches nothing.

/// The words of the standard lorem ipsum passage, which filler is drawn from.
const LOREM: &[&str] = &[
    "ad",
    "adipiscing",
    "aliqua",
    "aliquip",
    "amet",
    "anim",
    "aute",
    "cillum",
    "commodo",
    "consectetur",
    "consequat",
    "culpa",
    "cupidatat",
    "deserunt",
    "do",
    "dolor",
    "dolore",
    "duis",
    "ea",
    "eiusmod",
    "elit",
    "enim",
    "esse",
    "est",
    "et",
    "eu",
    "ex",
    "excepteur",
    "exercitation",
    "fugiat",
    "id",
    "in",
    "incididunt",
    "ipsum",
    "irure",
    "labore",
    "laboris",
    "laborum",
    "lorem",
    "magna",
    "minim",
    "mollit",
    "nisi",
    "non",
    "nostrud",
    "nulla",
    "occaecat",
    "officia",
    "pariatur",
    "proident",
    "qui",
    "quis",
    "reprehenderit",
    "sed",
    "sint",
    "sit",
    "sunt",
    "tempor",
    "ullamco",
    "ut",
    "velit",
    "veniam",
    "voluptate",
];

/// True for text that stands in for a value rather than being one: a type
/// placeholder (`<string>`, `<long>`) or lorem ipsum words only (two or more,
/// or one of five letters or more: `in` or `id` alone may be real values).
pub fn is_filler(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 2 && text.starts_with('<') && text.ends_with('>') {
        return true;
    }
    // Word by word, without collecting them: this runs for every input of
    // every request (docs/performance.md, "Session 28: the operations").
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let mut count = 1;
    if !is_lorem(first) {
        return false;
    }
    for word in words {
        if !is_lorem(word) {
            return false;
        }
        count += 1;
    }
    count > 1 || first.len() >= 5
}

/// Whether `word`, lowercased, is one of [`LOREM`] (sorted).
fn is_lorem(word: &str) -> bool {
    if word.is_ascii() {
        LOREM
            .binary_search_by(|lorem| {
                lorem
                    .bytes()
                    .cmp(word.bytes().map(|byte| byte.to_ascii_lowercase()))
            })
            .is_ok()
    } else {
        // A letter outside ASCII may lowercase into ASCII (the Kelvin sign
        // into `k`): Unicode's rule, as the words were compared before.
        LOREM.contains(&word.to_lowercase().as_str())
    }
}

/// The example a description gives, if any: the value after "e.g.",
/// "for example", "example:" or "such as", in backticks or quotes when it is
/// quoted, else up to the next space (without trailing punctuation).
pub fn from_description(description: &str) -> Option<String> {
    const MARKERS: &[&str] = &["e.g.", "eg:", "for example", "example:", "such as"];
    let lower = description.to_lowercase();
    let start = MARKERS
        .iter()
        .filter_map(|marker| lower.find(marker).map(|at| at + marker.len()))
        .min()?;
    // Byte offsets of the lowercase text hold in the original only when
    // lowercasing kept every length; otherwise give up rather than cut wrong.
    if lower.len() != description.len() {
        return None;
    }
    let rest = description[start..].trim_start_matches([' ', ':', ',', '-', '\t']);
    let quoted = ['`', '"', '\''].into_iter().find_map(|quote| {
        let inner = rest.strip_prefix(quote)?;
        let end = inner.find(quote)?;
        Some(inner[..end].to_string())
    });
    let value = quoted.unwrap_or_else(|| {
        let word = rest.split_whitespace().next().unwrap_or_default();
        word.trim_end_matches(['.', ',', ';', ':', ')', ']'])
            .trim_start_matches(['(', '['])
            .to_string()
    });
    let value = value.trim().to_string();
    let sentence_word = SENTENCE_WORDS.contains(&value.as_str());
    (!value.is_empty() && !is_filler(&value) && !sentence_word).then_some(value)
}

/// Words that continue a sentence after "example:" rather than give a value
/// ("there is no example: the field is free text").
const SENTENCE_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "your", "our", "its", "their", "if", "when", "see",
    "use", "any", "is", "are", "it",
];

/// The description's example where it is better than the collection's
/// `value`: where the value is filler or absent (the first of
/// [`candidates`] when that is not the value). A real value is kept without
/// reading the description at all.
pub fn better_than(value: Option<&str>, description: Option<&str>) -> Option<String> {
    if value.is_some_and(|value| !is_filler(value)) {
        return None;
    }
    description.and_then(from_recurring_description)
}

/// [`from_description`], remembered per thread: each input's description is
/// read twice (its setter's docs and its accessor's example), and an API's
/// inputs repeat their descriptions (Stripe's `address[...]` fields), while
/// finding the markers lowercases a copy of the whole text.
fn from_recurring_description(description: &str) -> Option<String> {
    /// The most descriptions remembered per thread; past it they are
    /// forgotten and learnt again.
    const MAX_REMEMBERED: usize = 4096;
    thread_local! {
        static READ: std::cell::RefCell<foldhash::HashMap<String, Option<String>>> =
            std::cell::RefCell::new(foldhash::HashMap::default());
    }
    if let Some(example) = READ.with(|read| read.borrow().get(description).cloned()) {
        return example;
    }
    let example = from_description(description);
    READ.with(|read| {
        let mut read = read.borrow_mut();
        if read.len() >= MAX_REMEMBERED {
            read.clear();
        }
        read.insert(description.to_string(), example.clone());
    });
    example
}

/// The example texts to try, best first: the collection's value when it is
/// not filler, the description's example, then the collection's filler.
#[cfg(test)]
pub fn candidates(value: Option<&str>, description: Option<&str>) -> Vec<String> {
    let described = description.and_then(from_description);
    let mut out = Vec::with_capacity(2);
    match value {
        Some(value) if !is_filler(value) => {
            out.push(value.to_string());
            out.extend(described);
        }
        Some(value) => {
            out.extend(described);
            out.push(value.to_string());
        }
        None => out.extend(described),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_is_lorem_words_or_a_placeholder() {
        for text in [
            "quis officia in reprehenderit",
            "dolor",
            "<string>",
            "Lorem ipsum",
        ] {
            assert!(is_filler(text), "{text}");
        }
        for text in [
            "in",
            "id",
            "jane@example.com",
            "85746065432",
            "in progress",
            "",
        ] {
            assert!(!is_filler(text), "{text}");
        }
    }

    #[test]
    fn descriptions_give_examples_in_their_usual_phrasings() {
        let cases = [
            (
                "The user's email, e.g. `jane@example.com`.",
                "jane@example.com",
            ),
            ("Meeting ID. Example: 85746065432", "85746065432"),
            ("A currency code (for example, \"usd\")", "usd"),
            ("Time zone such as America/New_York.", "America/New_York"),
            ("e.g.: 'draft'", "draft"),
        ];
        for (description, example) in cases {
            assert_eq!(
                from_description(description).as_deref(),
                Some(example),
                "{description}"
            );
        }
        assert_eq!(from_description("The meeting's topic."), None);
        assert_eq!(from_description("e.g. `lorem ipsum`"), None);
        assert_eq!(from_description("e.g."), None);
        assert_eq!(
            from_description("There is no example: the field is free."),
            None
        );
    }

    #[test]
    fn a_real_value_beats_the_description_and_the_description_beats_filler() {
        let described = Some("The email, e.g. `jane@example.com`.");
        assert_eq!(
            candidates(Some("bob@example.org"), described),
            ["bob@example.org", "jane@example.com"]
        );
        assert_eq!(
            candidates(Some("ullamco dolor"), described),
            ["jane@example.com", "ullamco dolor"]
        );
        assert_eq!(candidates(None, described), ["jane@example.com"]);
        assert_eq!(candidates(Some("ullamco dolor"), None), ["ullamco dolor"]);
    }

    /// `better_than` is the first of `candidates` where that is not the
    /// collection's value; `is_filler` and `from_description` give what
    /// their rules say on cased, accented and non-ASCII text (the Kelvin
    /// sign lowercases to `k`, `İ` to two characters).
    #[test]
    fn the_better_example_is_the_first_candidate_unless_it_is_the_value() {
        let values = [
            None,
            Some(""),
            Some("bob@example.org"),
            Some("ullamco dolor"),
            Some("LOREM Ipsum"),
            Some("Dolor"),
            Some("dolor sit \u{212a}"),
            Some("in"),
            Some("<long>"),
            Some("dolör"),
        ];
        let descriptions = [
            None,
            Some(""),
            Some("The email, E.G. `jane@example.com`."),
            Some("For Example: 42, or such as 43"),
            Some("Such as \"x\" e.g. y"),
            Some("Eg: q"),
            Some("\u{130} e.g. `jane`"),
            Some("caf\u{e9}, for example `latte`"),
            Some("\u{212a}ind, example: k1"),
            Some("example: the field"),
            Some("e.g. `lorem ipsum`"),
        ];
        for value in values {
            for description in descriptions {
                let first = candidates(value, description).into_iter().next();
                let expected = first.filter(|best| Some(best.as_str()) != value);
                assert_eq!(
                    better_than(value, description),
                    expected,
                    "{value:?} {description:?}"
                );
            }
        }
        assert!(is_filler("LOREM Ipsum"));
        assert!(!is_filler("dolor sit \u{212a}"));
        assert_eq!(from_description("\u{130} e.g. `jane`"), None);
        assert_eq!(
            from_description("caf\u{e9}, for example `latte`").as_deref(),
            Some("latte")
        );
        assert_eq!(
            from_description("Such as \"x\" e.g. y").as_deref(),
            Some("x")
        );
    }
}
