//! The vocabulary every stage shares: frameworks, dates, issuer tiers, GRI claims,
//! obligations and statuses, each with its spellings (as written in book.toml, catalogs
//! and JSON) and its display label on the type.
//!
//! This module sits below the pipeline: it imports nothing of esgbook's, so `config`,
//! `content`, `catalog`, `coverage` and the outputs can all name these types without
//! importing each other.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The two frameworks esgbook indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    /// HKEX ESG Reporting Guide / Code.
    Hkex,
    /// GRI Standards.
    Gri,
}

impl Framework {
    /// Both frameworks, in index order (HKEX first).
    pub const ALL: [Framework; 2] = [Framework::Hkex, Framework::Gri];

    /// `hkex` or `gri`, as in front matter and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Framework::Hkex => "hkex",
            Framework::Gri => "gri",
        }
    }

    /// `HKEX` or `GRI`, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Hkex => "HKEX",
            Framework::Gri => "GRI",
        }
    }

    /// The site page of the framework's content index (`hkex.html`), which sections may
    /// link to.
    pub fn index_page(self) -> String {
        format!("{}.html", self.key())
    }
}

/// The anchor of an item's row on its content-index page (`A1.1` → `item-a1-1`).
pub fn row_anchor(id: &str) -> String {
    format!("item-{}", id.to_ascii_lowercase().replace(['.', ' '], "-"))
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A calendar date (`YYYY-MM-DD`), as used for `period-start` and catalog dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that month and day are in range.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: u16 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        (1..=days_in_month(year, month)?)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The same day `years` later (29 February becomes 28 February in a common year).
    pub fn plus_years(self, years: u16) -> Date {
        let year = self.year.saturating_add(years);
        let last = days_in_month(year, self.month).unwrap_or(28);
        Date {
            year,
            day: self.day.min(last),
            ..self
        }
    }

    /// The same day `months` later (the day is clamped to the month's last day:
    /// 31 December + 4 months is 30 April).
    pub fn plus_months(self, months: u8) -> Date {
        let total = self.month as u16 - 1 + months as u16;
        let year = self.year.saturating_add(total / 12);
        let month = (total % 12) as u8 + 1;
        let last = days_in_month(year, month).unwrap_or(28);
        Date {
            year,
            month,
            day: self.day.min(last),
        }
    }

    /// The day before.
    pub fn previous_day(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month > 1 {
            (self.year, self.month - 1)
        } else {
            (self.year.saturating_sub(1), 12)
        };
        Date {
            year,
            month,
            day: days_in_month(year, month).unwrap_or(28),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> Option<u8> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => return None,
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

/// Which HKEX issuer tier the report is for; HKEX 2025 Part D obligations depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Issuer {
    /// A Main Board issuer that is not a LargeCap issuer (the default).
    #[default]
    MainBoard,
    /// A Hang Seng Composite LargeCap Index constituent.
    Largecap,
    /// A GEM issuer.
    Gem,
}

impl Issuer {
    /// Every tier, in the order book.toml's help lists them.
    pub const ALL: [Issuer; 3] = [Issuer::MainBoard, Issuer::Largecap, Issuer::Gem];

    /// The spelling used in book.toml and catalogs.
    pub fn as_str(self) -> &'static str {
        match self {
            Issuer::MainBoard => "main-board",
            Issuer::Largecap => "largecap",
            Issuer::Gem => "gem",
        }
    }

    /// Parses the book.toml spelling.
    pub fn parse(text: &str) -> Option<Issuer> {
        Issuer::ALL.into_iter().find(|i| i.as_str() == text)
    }
}

impl<'de> Deserialize<'de> for Issuer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Issuer::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown issuer `{text}`")))
    }
}

/// The kind of GRI claim the report makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GriClaim {
    /// "with reference to the GRI Standards": the index is built, nothing is required.
    #[default]
    WithReference,
    /// "in accordance with the GRI Standards": GRI 2, 3-1, 3-2 and the material topics are
    /// required.
    InAccordance,
}

impl GriClaim {
    /// The spelling used in book.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            GriClaim::WithReference => "with-reference",
            GriClaim::InAccordance => "in-accordance",
        }
    }
}

/// How strongly a framework asks for an item, for this report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Obligation {
    /// Must be disclosed; cannot be explained away (HKEX mandatory disclosures, Part D
    /// Scope 1 and 2).
    Mandatory,
    /// Disclose it or explain why not (HKEX "comply or explain").
    ComplyOrExplain,
    /// Required by the report's GRI in-accordance claim.
    Required,
    /// Not required.
    Optional,
}

impl Obligation {
    /// The spelling used in catalogs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::Mandatory => "mandatory",
            Obligation::ComplyOrExplain => "comply-or-explain",
            Obligation::Required => "required",
            Obligation::Optional => "optional",
        }
    }

    /// Parses the catalog spelling.
    pub fn parse(text: &str) -> Option<Obligation> {
        [
            Obligation::Mandatory,
            Obligation::ComplyOrExplain,
            Obligation::Required,
            Obligation::Optional,
        ]
        .into_iter()
        .find(|o| o.as_str() == text)
    }

    /// The label on index pages.
    pub fn label(self) -> &'static str {
        match self {
            Obligation::Mandatory => "Mandatory",
            Obligation::ComplyOrExplain => "Comply or explain",
            Obligation::Required => "Required",
            Obligation::Optional => "Voluntary",
        }
    }

    /// True when leaving the item out without an omission entry is a gap.
    pub fn is_required(self) -> bool {
        !matches!(self, Obligation::Optional)
    }
}

/// A content-index row's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// At least one section addresses the item.
    Covered,
    /// An `omit` entry explains why it is not disclosed.
    Omitted,
    /// Required, and neither addressed nor explained: a gap.
    Missing,
    /// Not required, and neither addressed nor explained.
    NotAddressed,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 4] = [
        Status::Covered,
        Status::Omitted,
        Status::Missing,
        Status::NotAddressed,
    ];

    /// The spelling used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Omitted => "omitted",
            Status::Missing => "missing",
            Status::NotAddressed => "not-addressed",
        }
    }

    /// The label on index and coverage pages.
    pub fn label(self) -> &'static str {
        match self {
            Status::Covered => "Covered",
            Status::Omitted => "Omitted",
            Status::Missing => "Missing",
            Status::NotAddressed => "Not addressed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_with_the_day_clamped_and_days_stepped_back() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2025-12-31").plus_months(4), d("2026-04-30"));
        assert_eq!(d("2025-12-31").plus_months(3), d("2026-03-31"));
        assert_eq!(d("2026-03-31").plus_months(4), d("2026-07-31"));
        assert_eq!(d("2023-10-31").plus_months(4), d("2024-02-29"));
        assert_eq!(d("2026-01-01").previous_day(), d("2025-12-31"));
        assert_eq!(d("2025-03-01").previous_day(), d("2025-02-28"));
        assert_eq!(d("2025-03-02").previous_day(), d("2025-03-01"));
    }

    #[test]
    fn dates_are_checked_and_years_added() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        let leap = Date::parse("2024-02-29").unwrap();
        assert_eq!(leap.plus_years(1).to_string(), "2025-02-28");
    }

    #[test]
    fn spellings_round_trip() {
        for o in ["mandatory", "comply-or-explain", "required", "optional"] {
            assert_eq!(Obligation::parse(o).map(Obligation::as_str), Some(o));
        }
        for i in Issuer::ALL {
            assert_eq!(Issuer::parse(i.as_str()), Some(i));
        }
        assert_eq!(Obligation::Optional.label(), "Voluntary");
        assert_eq!(Status::NotAddressed.label(), "Not addressed");
    }

    #[test]
    fn index_pages_and_row_anchors() {
        assert_eq!(Framework::Gri.index_page(), "gri.html");
        assert_eq!(row_anchor("A1.1"), "item-a1-1");
        assert_eq!(row_anchor("GRI 305"), "item-gri-305");
    }
}
