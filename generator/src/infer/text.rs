//! Evidence from text: parameter and form-field values, their descriptions,
//! openapi-to-postman placeholders, and templated JSON bodies.
//!
//! A text value is always a string on the wire, so the question is only
//! whether the evidence is clear enough to type it more tightly; when in doubt
//! it stays `String`.

use serde_json::Value;

use super::shape::{Shape, VAR_SENTINEL};
use crate::example_values::{placeholder, Placeholder};
use crate::ir::{Template, TemplatePart};

/// The evidence text values give, joined over samples. A small lattice:
/// `None` < everything; `Int` ∨ `Float` = `Float`; `Json` ∨ `Json` joins the
/// shapes; any other disagreement is `Text` (the top: a string is always right).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum TextKind {
    /// No evidence (empty, or a `{{variable}}`).
    #[default]
    None,
    /// `true` / `false`, or `<boolean>`.
    Bool,
    /// An integer described as one, or `<integer>` / `<long>`.
    Int,
    /// A number described as one, or `<number>` / `<float>` / `<double>`.
    Float,
    /// Anything else.
    Text,
    /// A JSON array or object in text (Zoom's `registrants` form field).
    Json(Shape),
}

impl TextKind {
    /// Joins `other` into `self`.
    pub fn absorb(&mut self, other: TextKind) {
        let mine = std::mem::take(self);
        *self = match (mine, other) {
            (TextKind::None, k) | (k, TextKind::None) => k,
            (TextKind::Json(mut a), TextKind::Json(b)) => {
                a.absorb(b);
                TextKind::Json(a)
            }
            (TextKind::Int, TextKind::Float) | (TextKind::Float, TextKind::Int) => TextKind::Float,
            (a, b) if a == b => a,
            _ => TextKind::Text,
        };
    }
}

/// What a description says about numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NumberHints {
    /// Mentions `integer`, `long`, `int`, `int32` or `int64`.
    pub integer: bool,
    /// Mentions `float`, `double` or `decimal`.
    pub float: bool,
    /// Mentions `number` (too vague alone for integers: "phone number").
    pub number: bool,
}

impl NumberHints {
    /// Reads the hints from a description.
    pub fn from_docs(docs: Option<&str>) -> NumberHints {
        let mut hints = NumberHints::default();
        let Some(docs) = docs else { return hints };
        // Compared in place, without a lower-cased copy of each word: the
        // descriptions are long (Stripe's gave 7,271 roots 45 M instructions
        // of lower-casing).
        // Split as bytes: a word is ASCII letters and digits, and every
        // byte of a non-ASCII character separates words as the character did.
        let is = |word: &[u8], hint: &str| word.eq_ignore_ascii_case(hint.as_bytes());
        for word in docs.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if !(3..=7).contains(&word.len()) {
                continue;
            }
            if ["integer", "long", "int", "int32", "int64"]
                .iter()
                .any(|hint| is(word, hint))
            {
                hints.integer = true;
            } else if ["float", "double", "decimal"]
                .iter()
                .any(|hint| is(word, hint))
            {
                hints.float = true;
            } else if is(word, "number") {
                hints.number = true;
            }
        }
        hints
    }
}

/// The evidence one text value gives.
pub(crate) fn classify(text: &str, hints: NumberHints) -> TextKind {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return TextKind::None;
    }
    if let Some(p) = placeholder(trimmed) {
        return match p {
            Placeholder::Integer => TextKind::Int,
            Placeholder::Number => TextKind::Float,
            Placeholder::Boolean => TextKind::Bool,
            Placeholder::String | Placeholder::Object | Placeholder::Array => TextKind::Text,
        };
    }
    match trimmed {
        "true" | "false" => return TextKind::Bool,
        _ => {}
    }
    if is_integer_literal(trimmed) {
        return if hints.integer {
            TextKind::Int
        } else if hints.float {
            TextKind::Float
        } else {
            TextKind::Text
        };
    }
    if is_decimal_literal(trimmed) {
        return if (hints.float || hints.number) && !hints.integer {
            TextKind::Float
        } else {
            TextKind::Text
        };
    }
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        if let Some(value @ (Value::Array(_) | Value::Object(_))) =
            crate::lower::parse_json(trimmed)
        {
            return TextKind::Json(Shape::from_json(&value));
        }
    }
    TextKind::Text
}

/// The evidence a templated text value gives: a lone `{{var}}` gives none;
/// JSON with variables is parsed with them replaced; other text with
/// variables is a string.
pub(crate) fn classify_template(template: &Template, hints: NumberHints) -> TextKind {
    if template.as_single_var().is_some() {
        return TextKind::None;
    }
    if let Some(text) = template.as_literal() {
        return classify(&text, hints);
    }
    let starts_json = match template.parts.first() {
        Some(TemplatePart::Literal(text)) => {
            let t = text.trim_start();
            t.starts_with('[') || t.starts_with('{')
        }
        _ => false,
    };
    if starts_json {
        if let Some(value @ (Value::Array(_) | Value::Object(_))) = parse_template_json(template) {
            return TextKind::Json(Shape::from_json(&value));
        }
    }
    TextKind::Text
}

/// Parses a JSON text that may hold `{{variables}}`. A variable inside a JSON
/// string stays there as `{{name}}` (a lone one makes the string
/// [`Kind::Template`](super::shape::Kind::Template)); a bare variable where a
/// value would be becomes [`VAR_SENTINEL`], which counts as no evidence.
pub(crate) fn parse_template_json(template: &Template) -> Option<Value> {
    let sentinel = serde_json::to_string(VAR_SENTINEL).ok()?;
    let mut text = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for part in &template.parts {
        match part {
            TemplatePart::Literal(literal) => {
                for c in literal.chars() {
                    if in_string {
                        if escaped {
                            escaped = false;
                        } else if c == '\\' {
                            escaped = true;
                        } else if c == '"' {
                            in_string = false;
                        }
                    } else if c == '"' {
                        in_string = true;
                    }
                }
                text.push_str(literal);
            }
            TemplatePart::Var(name) if in_string => {
                escaped = false;
                text.push_str("{{");
                text.extend(name.chars().map(|c| {
                    if c == '"' || c == '\\' || c.is_control() {
                        '_'
                    } else {
                        c
                    }
                }));
                text.push_str("}}");
            }
            TemplatePart::Var(_) => text.push_str(&sentinel),
        }
    }
    crate::lower::parse_json(&text)
}

/// The values of an openapi-to-postman enumeration note,
/// `(This can only be one of a,b,c)`, in order, without duplicates.
pub(crate) fn enum_values(docs: Option<&str>) -> Option<Vec<String>> {
    const MARKER: &str = "this can only be one of";
    let docs = docs?;
    // ASCII lower-casing keeps byte offsets, so the index is valid in `docs`.
    let start = docs.to_ascii_lowercase().rfind(MARKER)? + MARKER.len();
    let rest = &docs[start..];
    let list = &rest[..rest.find(')')?];
    let mut values: Vec<String> = Vec::new();
    for value in list.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    }
    (!values.is_empty()).then_some(values)
}

/// What each listed value means, when the description says so in the
/// converter's usual shapes: `` `1` - Instant meeting.``, `` `2`: Private
/// channel.``, `1 — Ask the user` (the value, optionally in backticks, then
/// `-`, `—`, `–`, `:` or `=`, then text up to the end of the sentence, a
/// line break, `<br>` or `(`).
pub(crate) fn enum_meanings(docs: Option<&str>, values: &[String]) -> Vec<Option<String>> {
    let Some(docs) = docs else {
        return vec![None; values.len()];
    };
    values
        .iter()
        .map(|value| {
            for candidate in [format!("`{value}`"), value.clone()] {
                let mut from = 0;
                while let Some(at) = docs[from..].find(&candidate) {
                    let start = from + at;
                    let end = start + candidate.len();
                    from = end;
                    // A bare value must stand alone (not `12` inside `123`).
                    let before = docs[..start].chars().next_back();
                    if candidate == *value
                        && before.is_some_and(|c| c.is_alphanumeric() || c == '`')
                    {
                        continue;
                    }
                    let rest = docs[end..].trim_start_matches([' ', '\t']);
                    let Some(rest) = rest
                        .strip_prefix(['-', ':', '='])
                        .or_else(|| rest.strip_prefix('—'))
                        .or_else(|| rest.strip_prefix('–'))
                    else {
                        continue;
                    };
                    let rest = rest.trim_start();
                    let stop = ["<br", "\n", ". ", "(", ";"]
                        .iter()
                        .filter_map(|s| rest.find(s))
                        .min()
                        .unwrap_or(rest.len());
                    let meaning = rest[..stop].trim().trim_end_matches('.').trim();
                    if !meaning.is_empty() && meaning.chars().any(char::is_alphabetic) {
                        return Some(meaning.to_string());
                    }
                }
            }
            None
        })
        .collect()
}

fn is_integer_literal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = digits == "0" || !digits.starts_with('0');
    !digits.is_empty()
        && canonical
        && digits.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<i64>().is_ok()
}

fn is_decimal_literal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.split_once('.') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && !fraction.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::shape::Kind;

    const NONE: NumberHints = NumberHints {
        integer: false,
        float: false,
        number: false,
    };

    #[test]
    fn booleans_are_clear_numbers_need_a_description() {
        assert_eq!(classify("true", NONE), TextKind::Bool);
        assert_eq!(classify("68423085", NONE), TextKind::Text);
        let long = NumberHints::from_docs(Some("store it as a **long** format integer"));
        assert_eq!(classify("68423085", long), TextKind::Int);
        assert_eq!(classify("007", long), TextKind::Text);
        assert_eq!(classify("quis officia", long), TextKind::Text);
        let phone = NumberHints::from_docs(Some("The phone number."));
        assert_eq!(classify("5551234", phone), TextKind::Text);
        assert_eq!(classify("2.5", phone), TextKind::Float);
    }

    /// The hints read in place are those of lower-casing each word: on
    /// every case of every hint word, words beside them, and a deterministic
    /// stream of random texts with non-ASCII letters and punctuation.
    #[test]
    fn number_hints_read_in_place_are_those_of_lower_cased_words() {
        fn lower_cased(docs: &str) -> NumberHints {
            let mut hints = NONE;
            for word in docs.split(|c: char| !c.is_ascii_alphanumeric()) {
                match word.to_ascii_lowercase().as_str() {
                    "integer" | "long" | "int" | "int32" | "int64" => hints.integer = true,
                    "float" | "double" | "decimal" => hints.float = true,
                    "number" => hints.number = true,
                    _ => {}
                }
            }
            hints
        }
        let mut texts: Vec<String> = [
            "INTEGER",
            "Long",
            "iNt",
            "Int32",
            "INT64",
            "int16",
            "Float",
            "DOUBLE",
            "decimals",
            "Number",
            "numbers",
            "an int64.",
            "(long)",
            "éint",
            "intégrale",
            "int\u{e9}",
            "ßlong",
            "a-float_b",
            "x int",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let pieces = [
            "int", "long", "float", "number", "32", "64", "eger", "é", " ", "_", ".", "X",
        ];
        let mut random = crate::test_random::Xorshift::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..3_000 {
            texts.push((0..6).map(|_| random.pick(&pieces)).collect());
        }
        for text in &texts {
            assert_eq!(
                NumberHints::from_docs(Some(text)),
                lower_cased(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn placeholders_name_their_type_and_lorem_is_just_text() {
        assert_eq!(classify("<long>", NONE), TextKind::Int);
        assert_eq!(classify("<number>", NONE), TextKind::Float);
        assert_eq!(classify("<boolean>", NONE), TextKind::Bool);
        assert_eq!(classify("<string>", NONE), TextKind::Text);
        assert_eq!(classify("<dateTime>", NONE), TextKind::Text);
        assert_eq!(classify("Lorem ipsum dolor", NONE), TextKind::Text);
    }

    #[test]
    fn json_text_gives_a_shape() {
        let TextKind::Json(shape) = classify(r#"[{"id":"a","email":"b"}]"#, NONE) else {
            panic!("not JSON")
        };
        assert!(matches!(shape.kind, Kind::Array(_)));
        assert_eq!(classify("[not json", NONE), TextKind::Text);
        assert_eq!(classify("123", NONE), TextKind::Text);
    }

    #[test]
    fn text_join_falls_back_to_text() {
        let mut k = TextKind::None;
        k.absorb(TextKind::Bool);
        k.absorb(TextKind::Bool);
        assert_eq!(k, TextKind::Bool);
        k.absorb(TextKind::Int);
        assert_eq!(k, TextKind::Text);
        let mut n = TextKind::Int;
        n.absorb(TextKind::Float);
        assert_eq!(n, TextKind::Float);
    }

    #[test]
    fn enum_lists_are_read_from_the_converter_note() {
        let docs = "(Required) Registrant Status:<br>`approve` - Approve. (This can only be one of approve,cancel,deny)";
        assert_eq!(
            enum_values(Some(docs)).unwrap(),
            ["approve", "cancel", "deny"]
        );
        assert_eq!(
            enum_values(Some("(this can only be one of a, b,a,)")).unwrap(),
            ["a", "b"]
        );
        assert_eq!(enum_values(Some("(This can only be one of )")), None);
        assert_eq!(enum_values(Some("no list")), None);
        assert_eq!(enum_values(Some("(This can only be one of a")), None);
    }

    #[test]
    fn enum_meanings_are_read_beside_the_values() {
        let values = |list: &[&str]| list.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let docs = "Meeting Type:<br>`1` - Instant meeting.<br>`2` - Scheduled meeting.<br>`8` - Recurring meeting with fixed time. (This can only be one of 1,2,8,9)";
        assert_eq!(
            enum_meanings(Some(docs), &values(&["1", "2", "8", "9"])),
            [
                Some("Instant meeting".to_string()),
                Some("Scheduled meeting".to_string()),
                Some("Recurring meeting with fixed time".to_string()),
                None
            ]
        );
        let docs = "* `1` — Ask the user every time.\n* `2` — Always display pronouns.";
        assert_eq!(
            enum_meanings(Some(docs), &values(&["1", "2"]))[1].as_deref(),
            Some("Always display pronouns")
        );
        let docs = "`1`: Private channel. In this type...<br>\n`3`: Public channel.";
        assert_eq!(
            enum_meanings(Some(docs), &values(&["1", "3"])),
            [
                Some("Private channel".to_string()),
                Some("Public channel".to_string())
            ]
        );
        // `1` inside `10` or a date is not the value.
        assert_eq!(
            enum_meanings(Some("10 - ten, 2021-01"), &values(&["1"])),
            [None]
        );
    }

    #[test]
    fn templated_json_parses_with_variables_replaced() {
        let t = Template::parse(r#"{"id": {{id}}, "name": "{{name}}", "tag": "x-{{t}}", "n": 1}"#);
        let v = parse_template_json(&t).unwrap();
        assert_eq!(v["id"], VAR_SENTINEL);
        assert_eq!(v["name"], "{{name}}");
        assert_eq!(v["tag"], "x-{{t}}");
        let quoted = Template::parse(r#"{"a": "say \"{{x}}\"", "b": {{y}}}"#);
        assert_eq!(parse_template_json(&quoted).unwrap()["b"], VAR_SENTINEL);
        assert!(matches!(
            classify_template(&Template::parse("{{x}}"), NONE),
            TextKind::None
        ));
        assert!(matches!(classify_template(&t, NONE), TextKind::Json(_)));
        assert_eq!(
            classify_template(&Template::parse("id-{{x}}"), NONE),
            TextKind::Text
        );
    }
}
