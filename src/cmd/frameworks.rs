//! `esgbook frameworks [ID]`: the embedded catalogs, or one catalog's items with the codes
//! to write and their obligations.

use super::Outcome;
use crate::ExitStatus;
use crate::catalog::{Catalog, InAccordance, ObligationSpec, OmissionRule, embedded};
use crate::diag::Diagnostics;
use std::fmt::Write as _;

/// Lists the catalogs (`id` = `None`) or the items of one.
pub fn run(id: Option<&str>) -> Outcome {
    let text = match id.and_then(embedded::get) {
        None => list_catalogs(),
        Some(catalog) => list_items(catalog),
    };
    Outcome::new(ExitStatus::Success, Diagnostics::new()).with_stdout(text.into_bytes())
}

fn list_catalogs() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<15} {:<5} {:>5}  {:<11} title",
        "id", "kind", "items", "effective"
    );
    for c in embedded::all() {
        let _ = writeln!(
            out,
            "{:<15} {:<5} {:>5}  {:<11} {}",
            c.id,
            c.framework.key(),
            c.items.len(),
            c.effective.map_or("-".into(), |d| d.to_string()),
            c.title
        );
    }
    let _ = writeln!(
        out,
        "\n`esgbook frameworks ID` lists one catalog's items and the codes to write."
    );
    out
}

fn list_items(c: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}){}",
        c.title,
        c.id,
        c.effective
            .map(|e| format!(", effective {e}"))
            .unwrap_or_default()
    );
    if let Some(source) = &c.source {
        let _ = writeln!(out, "{source}");
    }
    let mut group = "";
    for item in &c.items {
        if item.group != group {
            group = &item.group;
            let _ = writeln!(out, "\n{}", c.group_title(group));
        }
        let obligation = match &item.obligation {
            ObligationSpec::Fixed(o) => o.as_str().to_string(),
            ObligationSpec::Rule(rule) => describe_rule(c, rule),
        };
        let mut flags = Vec::new();
        if let Some(a) = item.in_accordance {
            flags.push(match a {
                InAccordance::Always => "in-accordance: required",
                InAccordance::IfMaterialTopics => "in-accordance: per material topic",
            });
        }
        if item.omission == OmissionRule::NotPermitted {
            flags.push("no omission");
        }
        if item.superseded_from.is_some() {
            flags.push("superseded");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join(", "))
        };
        let indent = if item.parent.is_some() { "  " } else { "" };
        let _ = writeln!(
            out,
            "  {indent}{:<10} {:<18} {}{flags}",
            item.id, obligation, item.title
        );
    }
    out
}

/// A rule as one line: `gem optional; largecap from 2026-01-01 mandatory; comply-or-explain`.
fn describe_rule(catalog: &Catalog, rule: &str) -> String {
    let Some(steps) = catalog.obligation_rules.get(rule) else {
        return rule.to_string();
    };
    steps
        .iter()
        .map(|s| {
            let mut condition = Vec::new();
            if let Some(i) = s.issuer {
                condition.push(i.as_str().to_string());
            }
            if let Some(from) = s.from {
                condition.push(format!("from {from}"));
            }
            if condition.is_empty() {
                s.then.as_str().to_string()
            } else {
                format!("{} {}", condition.join(" "), s.then.as_str())
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
