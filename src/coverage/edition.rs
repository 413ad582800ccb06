//! Edition selection: the catalogs book.toml names, and the warnings about an edition that
//! does not fit the report's period.

use crate::catalog::rules::DatesApplyTo;
use crate::catalog::{Catalog, Item, embedded};
use crate::config::{CONFIG_FILE, Config, EsgConfig, Setting};
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::model::{Date, Framework};

/// The configured catalogs, HKEX first, with the edition warnings reported.
pub(super) fn select(config: &Config, diags: &mut Diagnostics) -> Vec<&'static Catalog> {
    let esg = &config.esg;
    let catalogs: Vec<&'static Catalog> = Framework::ALL
        .into_iter()
        .filter_map(|framework| configured(framework, esg.edition(framework), diags))
        .collect();
    if esg.hkex.is_none() && esg.gri.is_none() {
        diags.push(
            Code::NoFramework
                .warning(
                    CONFIG_FILE,
                    None,
                    "no framework is configured, so no content index is built",
                )
                .with_help(
                    "add `[esg]` with `hkex = \"hkex-esg-2025\"` and/or `gri = \"gri-2021\"`",
                ),
        );
    }
    for catalog in &catalogs {
        period_warnings(catalog, esg, diags);
    }
    catalogs
}

/// The end of the reporting period: `period-end`, else a year after `period-start`.
pub(super) fn period_end(esg: &EsgConfig) -> Option<Date> {
    esg.period_end.or_else(|| {
        esg.period_start.map(|s| Date {
            year: s.year.saturating_add(1),
            ..s
        })
    })
}

/// Resolves the catalog edition named in book.toml, reporting an unknown or mismatched id.
fn configured(
    framework: Framework,
    setting: Option<&Setting<String>>,
    diags: &mut Diagnostics,
) -> Option<&'static Catalog> {
    let setting = setting?;
    let known = embedded::ids_for(framework);
    match embedded::get(&setting.value) {
        Some(catalog) if catalog.framework == framework => Some(catalog),
        found => {
            let message = match found {
                Some(_) => format!("`{}` is not a {} catalog", setting.value, framework.label()),
                None => format!(
                    "unknown {} catalog edition `{}`",
                    framework.label(),
                    setting.value
                ),
            };
            let help = did_you_mean(&setting.value, known.iter().copied())
                .map(|h| format!("{h} (editions: {})", known.join(", ")))
                .unwrap_or_else(|| {
                    format!(
                        "the {} editions are: {}",
                        framework.label(),
                        known.join(", ")
                    )
                });
            diags.push(
                Code::UnknownEdition
                    .error(CONFIG_FILE, Some(setting.line), message)
                    .with_help(help),
            );
            None
        }
    }
}

/// Warns when the report's period falls outside an edition's years (for editions whose
/// dates apply to financial years), or when the obligations need a period that is not set.
fn period_warnings(catalog: &Catalog, esg: &EsgConfig, diags: &mut Diagnostics) {
    let line = esg.edition(catalog.framework).map(|s| s.line);
    let Some(start) = esg.period_start else {
        if catalog
            .obligation_rules
            .values()
            .flatten()
            .any(|step| step.from.is_some())
        {
            diags.push(
                Code::EditionPeriod.warning(CONFIG_FILE, line, format!("{} obligations depend on the financial year, but period-start is not set", catalog.id))
                    .with_help("add period-start = 2025-01-01 (the first day of the financial year) under [esg]"),
            );
        }
        return;
    };
    if catalog.rules.dates != DatesApplyTo::FinancialYear {
        return;
    }
    if let Some(from) = catalog.effective
        && start < from
    {
        diags.push(Code::EditionPeriod.warning(
            CONFIG_FILE,
            line,
            format!("{} applies to financial years starting on or after {from}, but period-start is {start}", catalog.id),
        ));
    }
    let newer = embedded::all().iter().find(|other| {
        other.framework == catalog.framework
            && other.id != catalog.id
            && other.effective.is_some_and(|from| {
                from <= start && catalog.effective.is_none_or(|mine| from > mine)
            })
    });
    if let Some(newer) = newer
        && let Some(from) = newer.effective
    {
        diags.push(
            Code::EditionPeriod
                .warning(
                    CONFIG_FILE,
                    line,
                    format!(
                        "{} applies to financial years starting on or after {from}",
                        newer.id
                    ),
                )
                .with_help(format!(
                    "set {} = \"{}\"",
                    catalog.framework.key(),
                    newer.id
                )),
        );
    }
}

/// Warns when a tagged item is superseded for a report on this period.
pub(super) fn superseded_warning(
    item: &Item,
    period_end: Option<Date>,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) {
    let (Some(from), Some(end)) = (item.superseded_from, period_end) else {
        return;
    };
    // A report is published after its period ends; superseded dates apply to publication.
    if from > end {
        return;
    }
    let replacement = item
        .superseded_by
        .as_deref()
        .map(|id| format!(": use `{id}`"))
        .unwrap_or_default();
    diags.push(Code::SupersededItem.warning(
        file,
        Some(line),
        format!("`{}` is superseded for reports published from {from}; a report on a period ending {end} is published later{replacement}", item.id),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn unknown_editions_are_errors_with_the_known_ones() {
        let mut diags = Diagnostics::new();
        let catalogs = select(
            &config(Some("hkex-esg-2019"), Some("hkex-esg-2025")),
            &mut diags,
        );
        assert!(catalogs.is_empty());
        let errors = diags.errors();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].place(), "book.toml:1");
        assert_eq!(
            errors[0].message,
            "unknown HKEX catalog edition `hkex-esg-2019`"
        );
        assert_eq!(errors[1].message, "`hkex-esg-2025` is not a GRI catalog");
        assert_eq!(
            errors[1].help.as_deref(),
            Some("the GRI editions are: gri-2016, gri-2021")
        );
    }

    #[test]
    fn financial_year_editions_are_checked_against_the_period() {
        let mut diags = Diagnostics::new();
        let mut c = config(Some("hkex-esg-2020"), Some("gri-2021"));
        c.esg.period_start = Date::parse("2025-04-01");
        let catalogs = select(&c, &mut diags);
        let ids: Vec<&str> = catalogs.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["hkex-esg-2020", "gri-2021"]);
        let warnings = diags.warnings();
        // GRI's dates apply to publication: no warning for gri-2021 although 2023 > 2020.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].message,
            "hkex-esg-2025 applies to financial years starting on or after 2025-01-01"
        );
        assert_eq!(
            warnings[0].help.as_deref(),
            Some("set hkex = \"hkex-esg-2025\"")
        );
    }

    #[test]
    fn superseded_items_warn_for_reports_published_after_the_date() {
        let item = embedded::get("gri-2021").unwrap().find("304-1").unwrap();
        let mut diags = Diagnostics::new();
        superseded_warning(
            item,
            Date::parse("2025-12-31"),
            "content/a.md",
            3,
            &mut diags,
        );
        assert!(diags.warnings().is_empty());
        superseded_warning(
            item,
            Date::parse("2026-12-31"),
            "content/a.md",
            3,
            &mut diags,
        );
        assert_eq!(diags.warnings().len(), 1);
        assert!(
            diags.warnings()[0]
                .message
                .starts_with("`304-1` is superseded for reports published from 2026-01-01"),
            "{:?}",
            diags.warnings()[0]
        );
    }
}
