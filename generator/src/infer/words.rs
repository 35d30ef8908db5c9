//! The type name a key asks for: PascalCase and, below an array or map,
//! singular. Merging (which names the shapes it merges) and naming (which hands
//! the names out) both read it, so it sits below both.

use crate::names::pascal_ident;

/// The type name a value below `key` wants: PascalCase, singularised when
/// `plural` (the value is an item of an array or map).
pub(crate) fn short_name(key: &str, plural: bool) -> String {
    let name = pascal_ident(key, "Item");
    if plural {
        pascal_ident(&singular(&name), "Item")
    } else {
        name
    }
}

/// A deliberately small English singular of a PascalCase name:
/// `-ies` → `-y`; `-sses`, `-xes`, `-ches`, `-shes`, `-tuses` drop `-es`;
/// names ending in `-ss`, `-us`, `-is` are left and get `Item`; any other
/// `-s` is dropped; anything else (`Data`, `Children`) gets `Item`.
pub(crate) fn singular(name: &str) -> String {
    let strip = |suffix: &str, with: &str| {
        name.strip_suffix(suffix)
            .filter(|stem| !stem.is_empty())
            .map(|stem| format!("{stem}{with}"))
    };
    if name.len() > 4 {
        if let Some(s) = strip("ies", "y") {
            return s;
        }
    }
    for suffix in ["sses", "xes", "ches", "shes", "tuses"] {
        if let Some(s) = strip(suffix, &suffix[..suffix.len() - 2]) {
            return s;
        }
    }
    if ["ss", "us", "is"].iter().any(|end| name.ends_with(end)) {
        return format!("{name}Item");
    }
    strip("s", "").unwrap_or_else(|| format!("{name}Item"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_rules() {
        for (plural, single) in [
            ("Registrants", "Registrant"),
            ("Categories", "Category"),
            ("Addresses", "Address"),
            ("Boxes", "Box"),
            ("Matches", "Match"),
            ("Statuses", "Status"),
            ("Status", "StatusItem"),
            ("Analysis", "AnalysisItem"),
            ("Data", "DataItem"),
            ("Children", "ChildrenItem"),
            ("S", "SItem"),
            ("Ties", "Tie"),
        ] {
            assert_eq!(singular(plural), single, "{plural}");
        }
        assert_eq!(short_name("registrants", true), "Registrant");
        assert_eq!(short_name("selfs", true), "Self_");
        assert_eq!(short_name("first-name", false), "FirstName");
    }
}
