//! Edition selection: the catalogs book.toml names, and the warnings about an edition that
//! does not fit the report's period.

use crate::catalog::rules::{ClaimRule, DatesApplyTo};
use crate::catalog::{Catalog, Item, embedded};
use crate::config::{CONFIG_FILE, Config, EsgConfig, Setting};
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::model::{Date, Framework, GriClaim};

/// The configured catalogs, HKEX first, with the edition warnings reported.
pub(super) fn select(config: &Config, diags: &mut Diagnostics) -> Vec<&'static Catalog> {
    let esg = &config.esg;
    let catalogs: Vec<&'static Catalog> = Framework::ALL
        .into_iter()
        .filter_map(|framework| configured(framework, esg.edition(framework), diags))
        .map(|catalog| embedded::get_in(&catalog.id, config.book.lang).unwrap_or(catalog))
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
        out_of_force(catalog, config, diags);
    }
    catalogs
}

/// True when findings about dates are errors: under a framework without a claim (HKEX),
/// and under GRI's in-accordance claim; a with-reference report only gets warnings.
pub(super) fn strict(catalog: &Catalog, config: &Config) -> bool {
    catalog.rules.claim == ClaimRule::None || config.esg.gri_claim == GriClaim::InAccordance
}

/// The publication date as messages print it, saying where a derived date comes from.
fn publication_text(esg: &EsgConfig, date: Date) -> String {
    if esg.published_is_explicit() {
        format!("published on {date}")
    } else {
        let months = if esg.issuer == crate::model::Issuer::Gem {
            3
        } else {
            4
        };
        format!(
            "published on {date} (period end + {months} months; set `published` under [esg] if it differs)"
        )
    }
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

/// Warns when the report's period falls before an edition's years (for editions whose
/// dates apply to financial years: early adoption), and reports obligations that need a
/// period that is not set: an error when a step that applies to this issuer makes items
/// mandatory from a date (a LargeCap issuer must say which year it reports on), else a
/// warning.
fn period_warnings(catalog: &Catalog, esg: &EsgConfig, diags: &mut Diagnostics) {
    let line = esg.edition(catalog.framework).map(|s| s.line);
    let Some(start) = esg.period_start else {
        let steps = || catalog.obligation_rules.values().flatten();
        let decisive = steps().any(|step| {
            step.from.is_some()
                && step.then.is_required()
                && step.issuer.is_none_or(|i| i == esg.issuer)
        });
        if decisive {
            diags.push(
                Code::EditionPeriod
                    .error(CONFIG_FILE, line, format!("{} obligations of a {} issuer depend on the financial year, but period-start is not set", catalog.id, esg.issuer.as_str()))
                    .with_help("add period-start = 2025-01-01 (the first day of the financial year) under [esg]"),
            );
        } else if steps().any(|step| step.from.is_some()) {
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
}

/// Reports an edition that is out of force for this report (the catalog's
/// `superseded-from`, read against the financial year or the publication date as its
/// `dates` rule says): an error, or a warning for a with-reference claim.
fn out_of_force(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) {
    let esg = &config.esg;
    let Some(from) = catalog.superseded_from else {
        return;
    };
    let (date, what) = match catalog.rules.dates {
        DatesApplyTo::FinancialYear => match esg.period_start {
            Some(start) => (
                start,
                format!("financial years starting on or after {from}, and period-start is {start}"),
            ),
            None => return,
        },
        DatesApplyTo::Publication => match esg.publication() {
            Some(date) => (
                date,
                format!(
                    "reports published on or after {from}, and this report is {}",
                    publication_text(esg, date)
                ),
            ),
            None => return,
        },
    };
    if date < from {
        return;
    }
    let message = format!("{} is out of force for {what}", catalog.id);
    let line = esg.edition(catalog.framework).map(|s| s.line);
    let code = Code::EditionSuperseded;
    let d = if strict(catalog, config) {
        code.error(CONFIG_FILE, line, message)
    } else {
        code.warning(CONFIG_FILE, line, message)
    };
    let help = match &catalog.superseded_by {
        Some(next) => format!("set {} = \"{next}\"", catalog.framework.key()),
        None => format!(
            "`esgbook frameworks` lists the {} editions",
            catalog.framework.label()
        ),
    };
    diags.push(d.with_help(help));
}

/// Checks a tag against the report's publication date (editions whose dates apply to
/// publication). A standard issued after the report was published cannot be tagged: an
/// error, and the tag does not count (returns false). A superseded item is an error under
/// a strict claim, a warning under with-reference; the tag counts.
pub(super) fn in_force(
    catalog: &Catalog,
    item: &Item,
    config: &Config,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> bool {
    let esg = &config.esg;
    if catalog.rules.dates != DatesApplyTo::Publication {
        return true;
    }
    let Some(date) = esg.publication() else {
        return true;
    };
    let standard = catalog.standard_of(item);
    let name = standard.heading.as_deref().unwrap_or(&standard.title);
    if let Some(issued) = catalog.published(item)
        && issued > date
    {
        let mut help = format!(
            "{name} cannot be used by a report {}",
            publication_text(esg, date)
        );
        // The same number in another edition (2016's `101` Foundation, `102-1` Name of the
        // organization) is what the writer most likely meant.
        let older = embedded::all().iter().find_map(|other| {
            (other.framework == catalog.framework && other.id != catalog.id)
                .then(|| other.find(&item.id))
                .flatten()
                .map(|old| (other, old))
        });
        if let Some((other, old)) = older {
            let old_name = match &old.heading {
                Some(heading) => heading.clone(),
                None => format!("\"{}\"", old.title),
            };
            help = format!("in {} `{}` is {old_name}", other.id, old.id);
            if !old.moved_to.is_empty() {
                help.push_str(&format!(
                    "; in {} write {}",
                    catalog.id,
                    quoted(&old.moved_to)
                ));
            }
        }
        diags.push(
            Code::StandardNotPublished
                .error(
                    file,
                    Some(line),
                    format!("`{}` ({name}) was issued on {issued}, after this report's publication on {date}", item.id),
                )
                .with_help(help),
        );
        return false;
    }
    if let Some(from) = catalog.superseded_from(item)
        && from <= date
    {
        let replacement = catalog.superseded_by(item);
        let by = replacement
            .map(|r| format!(" by {}", r.heading.as_deref().unwrap_or(&r.title)))
            .unwrap_or_default();
        let message = format!(
            "`{}` is superseded{by} for reports published from {from}, and this report is {}",
            item.id,
            publication_text(esg, date)
        );
        let help = match replacement {
            Some(r) => format!(
                "tag the disclosures of `{}` instead (`esgbook frameworks {}` lists them)",
                r.id, catalog.id
            ),
            None => format!(
                "`esgbook frameworks {}` lists the disclosures in force",
                catalog.id
            ),
        };
        let d = if strict(catalog, config) {
            Code::SupersededItem.error(file, Some(line), message)
        } else {
            Code::SupersededItem.warning(file, Some(line), message)
        };
        diags.push(d.with_help(help));
    }
    true
}

/// Ids as messages list them: `2-1`, `2-6`.
pub(super) fn quoted(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
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
        // GRI's dates apply to publication: nothing for gri-2021 although 2023 > 2020.
        assert!(diags.warnings().is_empty(), "{:?}", diags.warnings());
        let errors = diags.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].message,
            "hkex-esg-2020 is out of force for financial years starting on or after 2025-01-01, and period-start is 2025-04-01"
        );
        assert_eq!(
            errors[0].help.as_deref(),
            Some("set hkex = \"hkex-esg-2025\"")
        );
    }

    fn check_tag(gri_claim: GriClaim, published: &str, id: &str) -> (bool, Vec<String>) {
        let catalog = embedded::get("gri-2021").unwrap();
        let mut c = config(None, Some("gri-2021"));
        c.esg.gri_claim = gri_claim;
        c.esg.published = Date::parse(published);
        let mut diags = Diagnostics::new();
        let counts = in_force(
            catalog,
            catalog.find(id).unwrap(),
            &c,
            "content/a.md",
            3,
            &mut diags,
        );
        let texts = diags.all().iter().map(|d| d.to_text()).collect();
        (counts, texts)
    }

    #[test]
    fn tags_are_checked_against_the_publication_date() {
        assert_eq!(
            check_tag(GriClaim::InAccordance, "2025-12-31", "304-1"),
            (true, vec![])
        );
        let (counts, texts) = check_tag(GriClaim::InAccordance, "2026-04-30", "304-1");
        assert!(counts);
        assert_eq!(
            texts,
            [
                "error: content/a.md:3: `304-1` is superseded by GRI 101: Biodiversity 2024 for reports published from 2026-01-01, and this report is published on 2026-04-30\n  help: tag the disclosures of `101` instead (`esgbook frameworks gri-2021` lists them)"
            ]
        );
        let (_, texts) = check_tag(GriClaim::WithReference, "2026-04-30", "304-1");
        assert!(
            texts[0].starts_with("warning: content/a.md:3: `304-1` is superseded"),
            "{texts:?}"
        );
        let (counts, texts) = check_tag(GriClaim::WithReference, "2023-04-30", "102-1");
        assert!(!counts);
        assert_eq!(
            texts,
            [
                "error: content/a.md:3: `102-1` (GRI 102: Climate Change 2025) was issued on 2025-06-26, after this report's publication on 2023-04-30\n  help: in gri-2016 `102-1` is \"Name of the organization\"; in gri-2021 write `2-1`"
            ]
        );
    }
}
