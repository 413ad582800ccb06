//! Reported figures as exact decimals: parsed as written (`"109,146"`, `0.015`), kept with
//! the digits shown, and printed back the same way. Never binary floating point: `0.1 +
//! 0.2` must be `0.3` when a breakdown is added up.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Units whose values are counts: compared exactly, never negative.
pub const COUNT_UNITS: &[&str] = &["person", "item", "case", "count", "number"];

/// Whether `unit` counts things (see [`COUNT_UNITS`]).
pub fn is_count(unit: &str) -> bool {
    let unit = unit.trim();
    COUNT_UNITS.iter().any(|u| u.eq_ignore_ascii_case(unit))
}

/// Whether `unit` is a percentage.
pub fn is_percent(unit: &str) -> bool {
    unit.trim() == "%"
}

/// Parses a value cell: `Ok(None)` for not reported (empty or `/`), the number with the
/// digits written (`1,300.50` keeps two decimals), or the reason it is not a number.
pub fn parse(cell: &str) -> Result<Option<Decimal>, String> {
    let text = cell.trim();
    if text.is_empty() || text == "/" {
        return Ok(None);
    }
    let plain = strip_separators(text)
        .ok_or_else(|| format!("`{text}` has thousands separators in the wrong places"))?;
    let valid = plain
        .strip_prefix('-')
        .unwrap_or(&plain)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    if !valid {
        return Err(format!("`{text}` is not a number"));
    }
    Decimal::from_str(&plain)
        .map(Some)
        .map_err(|_| format!("`{text}` is not a number"))
}

/// `1,234,567.5` → `1234567.5`; `None` when a comma does not separate groups of three.
fn strip_separators(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    let groups: Vec<&str> = digits.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    if !first_ok
        || groups[1..].iter().any(|g| g.len() != 3)
        || frac.is_some_and(|f| f.contains(','))
    {
        return None;
    }
    let mut out = int.replace(',', "");
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// The value as the report prints it: thousands separators, and the decimals written in
/// the data (`1300453` → `1,300,453`; `0.50` stays `0.50`).
pub fn format(value: Decimal) -> String {
    // From the mantissa and scale: Decimal's own Display is several times slower, and
    // every cell of every table goes through here.
    let digits = digits_of(value.mantissa().unsigned_abs());
    let scale = value.scale() as usize;
    let int_len = digits.len().saturating_sub(scale).max(1);
    let mut out = String::with_capacity(digits.len() + int_len / 3 + 3);
    if value.is_sign_negative() {
        out.push('-');
    }
    // The integer digits, padded with a leading zero for values under 1 (`0.015`).
    let padded = scale + 1 > digits.len();
    let int = if padded {
        "0"
    } else {
        &digits[..digits.len() - scale]
    };
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if scale > 0 {
        out.push('.');
        if padded {
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(&digits);
        } else {
            out.push_str(&digits[digits.len() - scale..]);
        }
    }
    out
}

/// The decimal digits of `n`: by 64-bit division where it fits (every realistic figure),
/// which is several times faster than formatting a `u128`.
fn digits_of(n: u128) -> String {
    let Ok(mut n) = u64::try_from(n) else {
        return n.to_string();
    };
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[at..].iter().map(|b| char::from(*b)).collect()
}

/// Half a unit of the last digit shown: how far the true figure may be from `value` when
/// it was rounded to the digits written (`0.015` → `0.0005`, `653` → `0.5`).
pub fn half_unit(value: Decimal) -> Decimal {
    Decimal::new(5, value.scale() + 1)
}

/// How far a written value may be from the true figure: nothing for counts, else half a
/// unit of its last digit.
pub fn rounding(value: Decimal, unit: &str) -> Decimal {
    if is_count(unit) {
        Decimal::ZERO
    } else {
        half_unit(value)
    }
}

/// `value` rounded to `scale` decimals, for messages (`0.178282…` → `0.1783`).
pub fn shown(value: Decimal, scale: u32) -> String {
    format(value.round_dp(scale).normalize_to(scale))
}

/// Pads a normalised value back to `scale` decimals (`0.18` at 4 → `0.1800`).
trait NormalizeTo {
    fn normalize_to(self, scale: u32) -> Decimal;
}

impl NormalizeTo for Decimal {
    fn normalize_to(mut self, scale: u32) -> Decimal {
        if self.scale() < scale {
            self.rescale(scale);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        parse(text).unwrap().unwrap()
    }

    #[test]
    fn values_parse_as_written() {
        assert_eq!(d("109,146"), Decimal::new(109146, 0));
        assert_eq!(d("1,300,453.50").scale(), 2);
        assert_eq!(d("-3.2"), Decimal::new(-32, 1));
        assert_eq!(parse(" / "), Ok(None));
        assert_eq!(parse(""), Ok(None));
        assert_eq!(
            parse("12,34"),
            Err("`12,34` has thousands separators in the wrong places".into())
        );
        assert_eq!(parse("n/a"), Err("`n/a` is not a number".into()));
        assert_eq!(parse("1e5"), Err("`1e5` is not a number".into()));
    }

    #[test]
    fn values_print_with_separators_and_their_decimals() {
        assert_eq!(format(d("1300453")), "1,300,453");
        assert_eq!(format(d("778730.74")), "778,730.74");
        assert_eq!(format(d("0.50")), "0.50");
        assert_eq!(format(d("-1234")), "-1,234");
        assert_eq!(format(d("123")), "123");
        assert_eq!(shown(d("0.1782821"), 4), "0.1783");
        assert_eq!(shown(d("0.18"), 4), "0.1800");
        assert_eq!(format(d("0.015")), "0.015");
        assert_eq!(format(d("-0.5")), "-0.5");
        assert_eq!(format(d("1234567.891")), "1,234,567.891");
    }

    /// The fast path prints what Decimal's own Display prints, with separators.
    #[test]
    fn format_matches_decimals_display() {
        for text in [
            "0",
            "-0",
            "0.00",
            "-0.00",
            "0.015",
            "-0.5",
            "7",
            "999",
            "1000",
            "-1000.10",
            "123456789012345678.5",
            "0.000001",
            // Either side of the 64-bit fast path, and the largest mantissa.
            "18446744073709551615",
            "18446744073709551616",
            "-7922816251426433759354395033.5",
        ] {
            let value = Decimal::from_str(text).unwrap();
            assert_eq!(format(value).replace(',', ""), value.to_string(), "{text}");
        }
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(d("0.1") + d("0.2"), d("0.3"));
        assert_eq!(half_unit(d("0.015")), d("0.0005"));
        assert_eq!(rounding(d("653"), "person"), Decimal::ZERO);
        assert_eq!(rounding(d("653"), "tCO2e"), d("0.5"));
    }
}
