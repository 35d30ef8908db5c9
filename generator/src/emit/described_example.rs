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
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let all_lorem = !words.is_empty() && words.iter().all(|w| LOREM.contains(&w.as_str()));
    all_lorem && (words.len() > 1 || words[0].len() >= 5)
}

/// The example a description gives, if any: the value after "e.g.",
/// "for example", "example:" or "such as", in backticks or quotes when it is
/// quoted, else up to the next space (without trailing punctuation).
pub fn from_description(description: &str) -> Option<String> {
    let lower = description.to_lowercase();
    const MARKERS: &[&str] = &["e.g.", "eg:", "for example", "example:", "such as"];
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

/// The example texts to try, best first: the collection's value when it is
/// not filler, the description's example, then the collection's filler.
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
}
