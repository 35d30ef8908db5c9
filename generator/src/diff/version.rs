//! Crate versions and semver bumps.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A `MAJOR.MINOR.PATCH` version (pre-release and build metadata are not
/// supported: generated crates do not use them).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible API changes (from 1.0 on).
    pub major: u64,
    /// Added functionality; incompatible changes before 1.0.
    pub minor: u64,
    /// Everything else.
    pub patch: u64,
}

/// How much of a version a set of changes bumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// `x.y.z` → `x.y.(z+1)`.
    Patch,
    /// `x.y.z` → `x.(y+1).0`.
    Minor,
    /// `x.y.z` → `(x+1).0.0`.
    Major,
}

/// A suggested next version; displays as `0.3.0 -> 0.4.0`, or `none (0.3.0)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SuggestedBump {
    /// The bump.
    pub bump: Bump,
    /// The current version.
    pub from: Version,
    /// The version to publish (`from` when there is no bump).
    pub to: Version,
}

/// Why a text is not a [`Version`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    text: String,
}

impl Version {
    /// A version from its parts.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// This version bumped.
    pub fn bumped(&self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = *self;
        match bump {
            Bump::None => self.clone(),
            Bump::Patch => Version::new(major, minor, patch + 1),
            Bump::Minor => Version::new(major, minor + 1, 0),
            Bump::Major => Version::new(major + 1, 0, 0),
        }
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || VersionError {
            text: text.to_string(),
        };
        let mut parts = text.trim().split('.').map(|part| {
            // Leading zeros are not semver, and `+`/`-` signs are not digits.
            let canonical = part == "0" || !part.starts_with('0');
            if canonical && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u64>().map_err(|_| error())
            } else {
                Err(error())
            }
        });
        let mut next = || parts.next().unwrap_or_else(|| Err(error()));
        let version = Version::new(next()?, next()?, next()?);
        if parts.next().is_some() {
            return Err(error());
        }
        Ok(version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

impl fmt::Display for SuggestedBump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bump == Bump::None {
            write!(f, "none ({})", self.from)
        } else {
            write!(f, "{} -> {}", self.from, self.to)
        }
    }
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a version: expected MAJOR.MINOR.PATCH, such as 0.3.0",
            self.text
        )
    }
}

impl std::error::Error for VersionError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_three_numbers() {
        let version: Version = "0.3.0".parse().unwrap();
        assert_eq!(version, Version::new(0, 3, 0));
        assert_eq!(version.to_string(), "0.3.0");
        assert_eq!("12.0.7".parse::<Version>().unwrap(), Version::new(12, 0, 7));
    }

    #[test]
    fn rejects_anything_else() {
        for text in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "01.2.3",
            "1.-2.3",
            "1.+2.3",
            "1.2.3-rc.1",
            "v1.2.3",
        ] {
            assert!(text.parse::<Version>().is_err(), "{text}");
        }
        let message = "nope".parse::<Version>().unwrap_err().to_string();
        assert!(message.contains("`nope`"), "{message}");
    }

    #[test]
    fn bumps_reset_the_lower_parts() {
        let version = Version::new(1, 4, 2);
        assert_eq!(version.bumped(Bump::None), version);
        assert_eq!(version.bumped(Bump::Patch), Version::new(1, 4, 3));
        assert_eq!(version.bumped(Bump::Minor), Version::new(1, 5, 0));
        assert_eq!(version.bumped(Bump::Major), Version::new(2, 0, 0));
    }

    #[test]
    fn suggestion_displays_from_and_to() {
        let from = Version::new(0, 3, 0);
        let suggested = SuggestedBump {
            bump: Bump::Minor,
            from: from.clone(),
            to: from.bumped(Bump::Minor),
        };
        assert_eq!(suggested.to_string(), "0.3.0 -> 0.4.0");
        let none = SuggestedBump {
            bump: Bump::None,
            from: from.clone(),
            to: from,
        };
        assert_eq!(none.to_string(), "none (0.3.0)");
    }
}
