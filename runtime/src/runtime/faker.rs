//! Postman's faker dynamic variables (`{{$randomEmail}}`, `{{$randomLoremSentence}}`,
//! ...), drawn with the `fake` crate. Only crates whose collections use one
//! carry this module and its dependency.

use fake::faker::address::en::{CityName, CountryCode, CountryName, Latitude, Longitude, StreetName};
use fake::faker::address::en::BuildingNumber;
use fake::faker::company::en::{Bs, BsAdj, BsNoun, BsVerb, Buzzword, BuzzwordMiddle, BuzzwordTail, CatchPhrase};
use fake::faker::company::en::{CompanyName, CompanySuffix, Industry, Profession};
use fake::faker::creditcard::en::CreditCardNumber;
use fake::faker::currency::en::{CurrencyCode, CurrencyName, CurrencySymbol};
use fake::faker::filesystem::en::{DirPath, FileExtension, FileName, FilePath, MimeType, Semver};
use fake::faker::finance::en::Bic;
use fake::faker::internet::en::{DomainSuffix, FreeEmail, IPv4, IPv6, MACAddress, Password, SafeEmail};
use fake::faker::internet::en::{UserAgent, Username};
use fake::faker::job::en::{Field, Position, Seniority, Title as JobTitle};
use fake::faker::lorem::en::{Paragraph, Paragraphs, Sentence, Sentences, Word, Words};
use fake::faker::name::en::{FirstName, LastName, Name, Suffix, Title};
use fake::Fake;

/// A fresh value of the faker dynamic variable `name` (with its `$`), or
/// `None` when `name` is not one.
pub(crate) fn value(name: &str) -> Option<String> {
    let text = match name {
        "$randomFirstName" => FirstName().fake(),
        "$randomLastName" => LastName().fake(),
        "$randomFullName" => Name().fake(),
        "$randomNamePrefix" => Title().fake(),
        "$randomNameSuffix" => Suffix().fake(),
        "$randomJobTitle" => JobTitle().fake(),
        "$randomJobDescriptor" => Seniority().fake(),
        "$randomJobArea" => Field().fake(),
        "$randomJobType" => Position().fake(),
        "$randomEmail" => FreeEmail().fake(),
        "$randomExampleEmail" => SafeEmail().fake(),
        "$randomUserName" => Username().fake(),
        "$randomPassword" => Password(15..16).fake(),
        "$randomIP" => IPv4().fake(),
        "$randomIPV6" => IPv6().fake(),
        "$randomMACAddress" => MACAddress().fake(),
        "$randomUserAgent" => UserAgent().fake(),
        "$randomDomainSuffix" => DomainSuffix().fake(),
        "$randomDomainWord" => domain_word(),
        "$randomDomainName" => format!("{}.{}", domain_word(), DomainSuffix().fake::<String>()),
        "$randomUrl" => format!("https://{}.{}", domain_word(), DomainSuffix().fake::<String>()),
        "$randomProtocol" => ["http", "https"][(0..2).fake::<usize>()].to_string(),
        "$randomLoremWord" | "$randomWord" | "$randomAbbreviation" => Word().fake(),
        "$randomLoremWords" => Words(3..4).fake::<Vec<String>>().join(" "),
        "$randomWords" => Words(2..6).fake::<Vec<String>>().join(" "),
        "$randomLoremSlug" => Words(3..4).fake::<Vec<String>>().join("-"),
        "$randomLoremSentence" => capitalized(Sentence(3..10).fake()),
        "$randomLoremSentences" => sentences(2..7, " "),
        "$randomLoremParagraph" | "$randomLoremText" => Paragraph(3..6).fake(),
        "$randomLoremParagraphs" => Paragraphs(3..4).fake::<Vec<String>>().join("\n \r"),
        "$randomLoremLines" => sentences(1..6, "\n"),
        "$randomAdjective" | "$randomBsAdjective" | "$randomProductAdjective" => BsAdj().fake(),
        "$randomNoun" | "$randomBsNoun" => BsNoun().fake(),
        "$randomVerb" | "$randomIngverb" => BsVerb().fake(),
        "$randomPhrase" | "$randomCatchPhrase" => CatchPhrase().fake(),
        "$randomBs" => Bs().fake(),
        "$randomBsBuzz" | "$randomCatchPhraseAdjective" => Buzzword().fake(),
        "$randomCatchPhraseDescriptor" => BuzzwordMiddle().fake(),
        "$randomCatchPhraseNoun" => BuzzwordTail().fake(),
        "$randomCompanyName" => CompanyName().fake(),
        "$randomCompanySuffix" => CompanySuffix().fake(),
        "$randomDepartment" | "$randomProduct" | "$randomProductMaterial" => Industry().fake(),
        "$randomProductName" => format!("{} {}", BsAdj().fake::<String>(), Profession().fake::<String>()),
        "$randomCity" => CityName().fake(),
        "$randomStreetName" => StreetName().fake(),
        "$randomStreetAddress" => format!("{} {}", BuildingNumber().fake::<String>(), StreetName().fake::<String>()),
        "$randomCountry" => CountryName().fake(),
        "$randomCountryCode" => CountryCode().fake(),
        "$randomLocale" => CountryCode().fake::<String>().to_lowercase(),
        "$randomLatitude" => Latitude().fake(),
        "$randomLongitude" => Longitude().fake(),
        "$randomPhoneNumber" => digits(10),
        "$randomPhoneNumberExt" => format!("{}-{}", (1..100).fake::<u32>(), digits(10)),
        "$randomCurrencyCode" => CurrencyCode().fake(),
        "$randomCurrencyName" => CurrencyName().fake(),
        "$randomCurrencySymbol" => CurrencySymbol().fake(),
        "$randomBankAccountBic" => Bic().fake(),
        "$randomBankAccount" => digits(8),
        "$randomBankAccountIban" => format!("{}{}{}", CountryCode().fake::<String>(), digits(2), digits(18)),
        "$randomBankAccountName" => format!("{} Account", Industry().fake::<String>()),
        "$randomCreditCardMask" => {
            let number: String = CreditCardNumber().fake();
            number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect()
        }
        "$randomTransactionType" => Word().fake(),
        "$randomBitcoin" => format!("1{}", Password(26..34).fake::<String>()),
        "$randomPrice" => format!("{}.{:02}", (100..1000).fake::<u32>(), (0..100).fake::<u32>()),
        "$randomBoolean" => (fake::faker::boolean::en::Boolean(50).fake::<bool>()).to_string(),
        "$randomAlphaNumeric" => Password(1..2).fake(),
        "$randomHexColor" | "$randomColor" => format!("#{:06x}", (0..0x0100_0000).fake::<u32>()),
        "$randomDatabaseColumn" | "$randomDatabaseType" | "$randomDatabaseCollation" | "$randomDatabaseEngine" => {
            Word().fake()
        }
        "$randomDatePast" => date(-(0..365 * 86_400).fake::<i64>()),
        "$randomDateFuture" => date((0..365 * 86_400).fake::<i64>()),
        "$randomDateRecent" => date(-(0..86_400).fake::<i64>()),
        "$randomMonth" => MONTHS[(0..12).fake::<usize>()].to_string(),
        "$randomWeekday" => WEEKDAYS[(0..7).fake::<usize>()].to_string(),
        "$randomFileName" | "$randomCommonFileName" => FileName().fake(),
        "$randomFileExt" | "$randomCommonFileExt" => FileExtension().fake(),
        "$randomFilePath" => FilePath().fake(),
        "$randomDirectoryPath" => DirPath().fake(),
        "$randomMimeType" => MimeType().fake(),
        "$randomFileType" | "$randomCommonFileType" => {
            let mime: String = MimeType().fake();
            mime.split('/').next().unwrap_or("application").to_string()
        }
        "$randomSemver" => Semver().fake(),
        "$randomAvatarImage" | "$randomImageUrl" | "$randomAbstractImage" | "$randomAnimalsImage"
        | "$randomBusinessImage" | "$randomCatsImage" | "$randomCityImage" | "$randomFoodImage"
        | "$randomNightlifeImage" | "$randomFashionImage" | "$randomPeopleImage" | "$randomNatureImage"
        | "$randomSportsImage" | "$randomTransportImage" => fake::faker::picsum::en::Image().fake(),
        "$randomImageDataUri" => IMAGE_DATA_URI.to_string(),
        _ => return None,
    };
    Some(text)
}

/// Month and weekday names, as JavaScript dates print them.
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// A one-pixel transparent GIF, as a data URI.
const IMAGE_DATA_URI: &str = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

/// `text` with its first letter in upper case, as Postman's lorem sentences start.
fn capitalized(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A number of sentences in `count`, each capitalized, joined by `separator`.
fn sentences(count: std::ops::Range<usize>, separator: &str) -> String {
    let sentences: Vec<String> = Sentences(count).fake();
    sentences.into_iter().map(capitalized).collect::<Vec<_>>().join(separator)
}

/// A domain name without dots: a lower-case word.
fn domain_word() -> String {
    Word().fake::<String>().to_lowercase()
}

/// `count` random decimal digits.
fn digits(count: usize) -> String {
    (0..count).map(|_| char::from(b'0' + (0..10).fake::<u8>())).collect()
}

/// An ISO 8601 timestamp `offset_secs` from now.
fn date(offset_secs: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = (now.as_secs() as i64).saturating_add(offset_secs).max(0) as u64;
    super::core::iso_timestamp(std::time::Duration::new(secs, now.subsec_nanos()))
}
