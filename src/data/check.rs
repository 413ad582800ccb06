//! The arithmetic a reader of the KPI tables would redo: breakdowns that add up to their
//! totals, `sum:` metrics, `ratio:` metrics, ranges, and (as warnings) unexplained jumps and
//! tagged metrics without a value.
//!
//! Values are compared as the rounded numbers they are: a difference is an error only when
//! it exceeds what rounding every value involved to the digits shown can explain. Counts
//! are exact. Each error names the line of the total (or of the ratio), the period and the
//! numbers on both sides.

use super::number::{self, format, is_count, is_percent, rounding, shown};
use super::{DataSet, DimsId, METRICS_FILE, Value};
use crate::diag::{Code, Diagnostics};
use rayon::prelude::*;
use rust_decimal::Decimal;

/// A change larger than this (a fraction of the earlier value) needs a note.
const CHANGE_LIMIT: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// Runs every check over `data`.
pub fn run(data: &DataSet, diags: &mut Diagnostics) {
    // The parts of each `sum:` metric, looked up once.
    let sums: Vec<Option<Vec<usize>>> = data
        .metrics
        .iter()
        .map(|m| m.sum.iter().map(|id| data.metric(id)).collect())
        .collect();
    // In chunks on every core, the findings kept in row order.
    let found: Vec<Diagnostics> = data
        .values
        .par_chunks(2048)
        .map(|chunk| {
            let mut diags = Diagnostics::new();
            let mut parts = Vec::new();
            for value in chunk {
                if value.dims_id == DimsId::TOTAL {
                    breakdowns(data, value, &mut parts, &mut diags);
                    sum(
                        data,
                        value,
                        sums[value.metric].as_deref(),
                        &mut parts,
                        &mut diags,
                    );
                    ratio(data, value, &mut diags);
                }
                range(data, value, &mut diags);
                change(data, value, &mut diags);
            }
            diags
        })
        .collect();
    for chunk in found {
        diags.extend(chunk);
    }
    missing(data, diags);
}

fn unit_of<'a>(data: &'a DataSet, value: &Value) -> &'a str {
    &data.metrics[value.metric].unit
}

/// Each one-dimension breakdown of a total, added up. `parts` is scratch space.
fn breakdowns(data: &DataSet, total: &Value, parts: &mut Vec<Decimal>, diags: &mut Diagnostics) {
    let Some(expected) = total.value else { return };
    let metric = &data.metrics[total.metric];
    if !metric.additive {
        return;
    }
    for dimension in &metric.dimensions {
        parts.clear();
        parts.extend(
            data.members(total.metric, dimension)
                .iter()
                .filter_map(|(_, dims)| data.get(total.metric, total.period_id, *dims)?.value),
        );
        if parts.is_empty() {
            continue;
        }
        let what = || format!("{} by {dimension}, {}", metric.id, total.period);
        compare_sum(data, total, expected, parts, what, diags);
    }
}

/// A `sum:` metric against its parts' totals for the same period. `ids` are the parts'
/// metrics (`None` when one is unknown, reported at load); `parts` is scratch space.
fn sum(
    data: &DataSet,
    total: &Value,
    ids: Option<&[usize]>,
    parts: &mut Vec<Decimal>,
    diags: &mut Diagnostics,
) {
    let (Some(expected), Some(ids)) = (total.value, ids) else {
        return;
    };
    if ids.is_empty() {
        return;
    }
    parts.clear();
    for &m in ids {
        let Some(part) = data.total(m, total.period_id).and_then(|v| v.value) else {
            return;
        };
        parts.push(part);
    }
    let metric = &data.metrics[total.metric];
    let what = || {
        format!(
            "{}, {}: {}",
            metric.id,
            total.period,
            metric.sum.join(" + ")
        )
    };
    compare_sum(data, total, expected, parts, what, diags);
}

/// Reports `total` when its parts add up to more than rounding can explain; `what` names
/// the comparison in the message.
fn compare_sum(
    data: &DataSet,
    total: &Value,
    expected: Decimal,
    parts: &[Decimal],
    what: impl FnOnce() -> String,
    diags: &mut Diagnostics,
) {
    let unit = unit_of(data, total);
    let added: Decimal = parts.iter().sum();
    let allowed =
        rounding(expected, unit) + parts.iter().map(|p| rounding(*p, unit)).sum::<Decimal>();
    let difference = (added - expected).abs();
    if difference <= allowed {
        return;
    }
    let terms: Vec<String> = parts.iter().map(|p| format(*p)).collect();
    let help = if allowed.is_zero() {
        format!("{unit} is a count, so the parts must add up exactly")
    } else {
        format!(
            "the difference {} is more than rounding to the digits shown explains (±{})",
            format(difference),
            format(allowed.normalize())
        )
    };
    diags.push(
        Code::DataSum
            .error(
                data.file_of(total).to_string(),
                Some(total.line),
                format!(
                    "{}: the parts add up to {} ({}), but the total is {}",
                    what(),
                    format(added),
                    terms.join(" + "),
                    format(expected)
                ),
            )
            .with_help(help),
    );
}

/// A `ratio:` metric against numerator / denominator × factor, allowing for the rounding
/// of all three.
fn ratio(data: &DataSet, value: &Value, diags: &mut Diagnostics) {
    let Some(written) = value.value else { return };
    let metric = &data.metrics[value.metric];
    let Some((num_id, den_id)) = &metric.ratio else {
        return;
    };
    let side = |id: &str| {
        let m = data.metric(id)?;
        let v = data.total(m, value.period_id)?.value?;
        Some((v, rounding(v, &data.metrics[m].unit)))
    };
    let (Some((num, num_r)), Some((den, den_r))) = (side(num_id), side(den_id)) else {
        return;
    };
    if den - den_r <= Decimal::ZERO || num - num_r < Decimal::ZERO {
        return;
    }
    let factor = metric.factor;
    let (Some(lowest), Some(highest), Some(exact)) = (
        (num - num_r).checked_div(den + den_r),
        (num + num_r).checked_div(den - den_r),
        num.checked_div(den),
    ) else {
        return;
    };
    let (lowest, highest, exact) = (lowest * factor, highest * factor, exact * factor);
    let own = number::half_unit(written);
    if written + own >= lowest && written - own <= highest {
        return;
    }
    let scale = written.scale();
    let times = if factor == Decimal::ONE {
        String::new()
    } else {
        format!(" × {}", format(factor.normalize()))
    };
    diags.push(
        Code::DataRatio
            .error(
                data.file_of(value).to_string(),
                Some(value.line),
                format!(
                    "{}, {}: {num_id} / {den_id}{times} = {} / {}{times} = {}, not {}",
                    metric.id,
                    value.period,
                    format(num),
                    format(den),
                    shown(exact, scale + 2),
                    format(written)
                ),
            )
            .with_help(format!(
                "rounding to the digits shown allows {} to {}; check the figure and its numerator and denominator",
                shown(lowest, scale + 2),
                shown(highest, scale + 2)
            )),
    );
}

/// Percentages within 0–100; counts not negative.
fn range(data: &DataSet, value: &Value, diags: &mut Diagnostics) {
    let Some(v) = value.value else { return };
    let unit = unit_of(data, value);
    let problem = if is_percent(unit) && (v < Decimal::ZERO || v > Decimal::ONE_HUNDRED) {
        format!("{}% is outside 0–100", format(v))
    } else if is_count(unit) && v < Decimal::ZERO {
        format!("{} {unit} is a negative count", format(v))
    } else {
        return;
    };
    diags.push(Code::DataRange.error(
        data.file_of(value).to_string(),
        Some(value.line),
        format!("{}, {}: {problem}", data.describe(value), value.period),
    ));
}

/// A change of more than half from the previous period with no note (a warning).
fn change(data: &DataSet, value: &Value, diags: &mut Diagnostics) {
    let (Some(current), [Some(now), Some(before), ..]) = (value.value, data.column_ids()) else {
        return;
    };
    if value.period_id != *now || value.note.is_some() {
        return;
    }
    let previous_period = &data.columns()[1];
    let Some(previous) = data
        .get(value.metric, *before, value.dims_id)
        .and_then(|p| p.value)
        .filter(|p| !p.is_zero())
    else {
        return;
    };
    let ratio = (current - previous) / previous.abs();
    if ratio.abs() <= CHANGE_LIMIT {
        return;
    }
    let percent = (ratio.abs() * Decimal::ONE_HUNDRED).round();
    let direction = if ratio > Decimal::ZERO { "up" } else { "down" };
    diags.push(
        Code::DataChange
            .warning(
                data.file_of(value).to_string(),
                Some(value.line),
                format!(
                    "{}: {} in {} is {direction} {percent}% from {} in {previous_period}, with no note",
                    data.describe(value),
                    format(current),
                    value.period,
                    format(previous)
                ),
            )
            .with_help("say why in the row's `note` column; it is printed as a footnote"),
    );
}

/// Tagged metrics with no value for the report's period (a warning).
fn missing(data: &DataSet, diags: &mut Diagnostics) {
    let Some(period) = &data.period else { return };
    let id = data.period_id(period);
    for (i, metric) in data.metrics.iter().enumerate() {
        if metric.hkex.is_empty() && metric.gri.is_empty() {
            continue;
        }
        if id
            .and_then(|id| data.total(i, id))
            .and_then(|v| v.value)
            .is_some()
        {
            continue;
        }
        let codes: Vec<&str> = metric
            .hkex
            .iter()
            .chain(&metric.gri)
            .map(String::as_str)
            .collect();
        diags.push(
            Code::DataMissing
                .warning(
                    METRICS_FILE,
                    Some(metric.line),
                    format!(
                        "`{}` is tagged {} but has no value for {period}",
                        metric.id,
                        codes.join(", ")
                    ),
                )
                .with_help("add its total for the report's period to a data CSV, or explain the gap in the section that shows it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::load_files;
    use super::*;

    /// Loads `metrics` and one CSV `rows` (under a header) and returns each diagnostic as
    /// its text.
    fn findings(metrics: &str, header: &str, rows: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("metrics.yaml"), metrics).unwrap();
        std::fs::write(dir.path().join("a.csv"), format!("{header}\n{rows}")).unwrap();
        let mut diags = Diagnostics::new();
        let data = load_files(dir.path(), Some("2022".into()), &mut diags);
        run(&data, &mut diags);
        diags.all().iter().map(|d| d.to_text()).collect()
    }

    const SUM: &str = "a: {unit: t}\nb: {unit: t}\nab: {unit: t, sum: [a, b]}\n\
                       n: {unit: person, dimensions: [g]}\nf: {unit: t, dimensions: [g]}\n";

    #[test]
    fn a_total_one_unit_off_its_rounded_parts_passes() {
        // 2,177 + 71,793 = 73,970: the published 73,971 is within rounding (±1.5).
        let rows = "a,2022,,2177\nb,2022,,71793\nab,2022,,73971\n";
        assert_eq!(
            findings(SUM, "metric,period,g,value", rows),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_total_two_units_off_fails_with_both_sides() {
        let rows = "a,2022,,2177\nb,2022,,71793\nab,2022,,73972\n";
        assert_eq!(
            findings(SUM, "metric,period,g,value", rows),
            [
                "error: data/a.csv:4: ab, 2022: a + b: the parts add up to 73,970 (2,177 + 71,793), but the total is 73,972\n  help: the difference 2 is more than rounding to the digits shown explains (±1.5)"
            ]
        );
    }

    #[test]
    fn a_count_one_off_fails() {
        let rows = "n,2022,,653\nn,2022,x,420\nn,2022,y,234\n";
        assert_eq!(
            findings(SUM, "metric,period,g,value", rows),
            [
                "error: data/a.csv:2: n by g, 2022: the parts add up to 654 (420 + 234), but the total is 653\n  help: person is a count, so the parts must add up exactly"
            ]
        );
    }

    #[test]
    fn decimals_add_up_exactly() {
        let rows = "f,2022,,0.3\nf,2022,x,0.1\nf,2022,y,0.2\n";
        assert!(findings(SUM, "metric,period,g,value", rows).is_empty());
    }

    #[test]
    fn rates_and_averages_by_group_are_not_added_up() {
        let metrics = "rate: {unit: \"%\", dimensions: [g]}\nhours: {unit: hour, dimensions: [g], additive: false}\n";
        let rows = "rate,2022,,11.8\nrate,2022,x,11.2\nrate,2022,y,14.2\nhours,2022,,31.4\nhours,2022,x,33.0\n";
        assert!(findings(metrics, "metric,period,g,value", rows).is_empty());
    }

    #[test]
    fn a_ratio_outside_rounding_fails_and_one_inside_passes() {
        let metrics = "w: {unit: t}\nr: {unit: k}\ni: {unit: t/k, ratio: [w, r]}\n\
                       pct: {unit: \"%\", ratio: [w, r], factor: 100}\n";
        let rows = "w,2022,732345\nr,2022,4108000\ni,2022,0.18\npct,2022,17.8\n\
                    w,2021,732345\nr,2021,4108000\ni,2021,0.19\n";
        assert_eq!(
            findings(metrics, "metric,period,value", rows),
            [
                "error: data/a.csv:8: i, 2021: w / r = 732,345 / 4,108,000 = 0.1783, not 0.19\n  help: rounding to the digits shown allows 0.1783 to 0.1783; check the figure and its numerator and denominator"
            ]
        );
    }

    #[test]
    fn ranges_changes_and_missing_values() {
        let metrics =
            "p: {unit: \"%\"}\nc: {unit: person, hkex: [B1.1]}\nt: {unit: t, gri: [\"305-1\"]}\n";
        let rows = "p,2022,101\nc,2021,-1\nt,2021,10\nt,2022,16\n";
        assert_eq!(
            findings(metrics, "metric,period,value", rows),
            [
                "error: data/a.csv:2: p, 2022: 101% is outside 0–100",
                "error: data/a.csv:3: c, 2021: -1 person is a negative count",
                "warning: data/a.csv:5: t: 16 in 2022 is up 60% from 10 in 2021, with no note\n  help: say why in the row's `note` column; it is printed as a footnote",
                "warning: data/metrics.yaml:2: `c` is tagged B1.1 but has no value for 2022\n  help: add its total for the report's period to a data CSV, or explain the gap in the section that shows it",
            ]
        );
    }
}
