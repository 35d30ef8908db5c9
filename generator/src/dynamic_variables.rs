//! Postman's dynamic variables (`{{$guid}}`, `{{$randomEmail}}`, ...): names
//! Postman fills with a fresh value wherever they stand, instead of looking
//! them up. The list is Postman's (postman-collection's dynamic variables);
//! the generated client's runtime draws the values (`runtime/core.rs` for the
//! built-in ones, the optional `runtime/faker.rs` for the rest).

/// Dynamic variables every generated client draws without extra crates.
pub const BUILT_IN: &[&str] = &[
    "$guid",
    "$isoTimestamp",
    "$randomInt",
    "$randomUUID",
    "$timestamp",
];

/// Dynamic variables drawn by the optional faker module (the `fake` crate).
pub const FAKER: &[&str] = &[
    "$randomAbbreviation",
    "$randomAbstractImage",
    "$randomAdjective",
    "$randomAlphaNumeric",
    "$randomAnimalsImage",
    "$randomAvatarImage",
    "$randomBankAccount",
    "$randomBankAccountBic",
    "$randomBankAccountIban",
    "$randomBankAccountName",
    "$randomBitcoin",
    "$randomBoolean",
    "$randomBs",
    "$randomBsAdjective",
    "$randomBsBuzz",
    "$randomBsNoun",
    "$randomBusinessImage",
    "$randomCatchPhrase",
    "$randomCatchPhraseAdjective",
    "$randomCatchPhraseDescriptor",
    "$randomCatchPhraseNoun",
    "$randomCatsImage",
    "$randomCity",
    "$randomCityImage",
    "$randomColor",
    "$randomCommonFileExt",
    "$randomCommonFileName",
    "$randomCommonFileType",
    "$randomCompanyName",
    "$randomCompanySuffix",
    "$randomCountry",
    "$randomCountryCode",
    "$randomCreditCardMask",
    "$randomCurrencyCode",
    "$randomCurrencyName",
    "$randomCurrencySymbol",
    "$randomDatabaseCollation",
    "$randomDatabaseColumn",
    "$randomDatabaseEngine",
    "$randomDatabaseType",
    "$randomDateFuture",
    "$randomDatePast",
    "$randomDateRecent",
    "$randomDepartment",
    "$randomDirectoryPath",
    "$randomDomainName",
    "$randomDomainSuffix",
    "$randomDomainWord",
    "$randomEmail",
    "$randomExampleEmail",
    "$randomFashionImage",
    "$randomFileExt",
    "$randomFileName",
    "$randomFilePath",
    "$randomFileType",
    "$randomFirstName",
    "$randomFoodImage",
    "$randomFullName",
    "$randomHexColor",
    "$randomIP",
    "$randomIPV6",
    "$randomImageDataUri",
    "$randomImageUrl",
    "$randomIngverb",
    "$randomJobArea",
    "$randomJobDescriptor",
    "$randomJobTitle",
    "$randomJobType",
    "$randomLastName",
    "$randomLatitude",
    "$randomLocale",
    "$randomLongitude",
    "$randomLoremLines",
    "$randomLoremParagraph",
    "$randomLoremParagraphs",
    "$randomLoremSentence",
    "$randomLoremSentences",
    "$randomLoremSlug",
    "$randomLoremText",
    "$randomLoremWord",
    "$randomLoremWords",
    "$randomMACAddress",
    "$randomMimeType",
    "$randomMonth",
    "$randomNamePrefix",
    "$randomNameSuffix",
    "$randomNatureImage",
    "$randomNightlifeImage",
    "$randomNoun",
    "$randomPassword",
    "$randomPeopleImage",
    "$randomPhoneNumber",
    "$randomPhoneNumberExt",
    "$randomPhrase",
    "$randomPrice",
    "$randomProduct",
    "$randomProductAdjective",
    "$randomProductMaterial",
    "$randomProductName",
    "$randomProtocol",
    "$randomSemver",
    "$randomSportsImage",
    "$randomStreetAddress",
    "$randomStreetName",
    "$randomTransactionType",
    "$randomTransportImage",
    "$randomUrl",
    "$randomUserAgent",
    "$randomUserName",
    "$randomVerb",
    "$randomWeekday",
    "$randomWord",
    "$randomWords",
];

/// Whether Postman fills `name` (with its `$`) with a drawn value.
pub fn is_known(name: &str) -> bool {
    BUILT_IN.contains(&name) || needs_faker(name)
}

/// Whether `name` is a dynamic variable only the faker module draws.
pub fn needs_faker(name: &str) -> bool {
    FAKER.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_so_lookups_can_search_them() {
        let mut sorted = FAKER.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, FAKER);
        assert!(is_known("$randomLoremSentence") && needs_faker("$randomEmail"));
        assert!(is_known("$guid") && !needs_faker("$guid"));
        assert!(!is_known("$randomNothing") && !is_known("guid"));
    }

    /// The `dynamic-variable` diagnostics of a one-request collection with this header value.
    fn reported(header_value: &str) -> Vec<String> {
        let collection = serde_json::json!({
            "info": {"name": "D", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Ping", "request": {"method": "GET", "url": "https://api.example.com/ping",
                "header": [{"key": "X-Value", "value": header_value}]}}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        api.diagnostics
            .iter()
            .filter(|d| d.code == "dynamic-variable" || d.code == "unresolved-variable")
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn known_dynamic_variables_are_not_reported_and_unknown_ones_are() {
        assert_eq!(
            reported("{{$guid}} {{$randomLoremSentence}}"),
            Vec::<String>::new()
        );
        let unknown = reported("{{$randomThing}}");
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert!(unknown[0].contains("$randomThing"), "{unknown:?}");
    }

    /// Every name the faker runtime module answers is listed, and the reverse.
    #[test]
    fn the_runtime_faker_module_draws_exactly_the_listed_names() {
        let source = postman_codegen_runtime::source::FAKER;
        let mut answered: Vec<&str> = source
            .split('"')
            .filter(|piece| piece.starts_with("$random") && !piece.contains(' '))
            .collect();
        answered.sort_unstable();
        answered.dedup();
        let listed: Vec<&str> = FAKER.to_vec();
        assert_eq!(answered, listed);
    }
}
