//! Brand colours: parsing `#rrggbb`, the WCAG contrast ratio against white, and the nearest
//! darker shade that reaches AA, so a report's brand colour never makes links or headings
//! unreadable. Lives on the vocabulary floor: `config` checks the colours when it reads
//! them, and the site derives its palette from them.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The contrast ratio WCAG 2 AA asks for normal text.
pub const AA: f64 = 4.5;

impl Rgb {
    /// Parses `#rrggbb` or `#rgb` (case-insensitive).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        match digits.as_slice() {
            [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Contrast ratio against white (1 to 21).
    pub fn contrast_on_white(self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }

    /// Mixes towards black (`amount` > 0) or white (`amount` < 0), from -1 to 1.
    pub fn shade(self, amount: f64) -> Rgb {
        let mix = |c: u8| {
            let c = f64::from(c);
            let target = if amount >= 0.0 { 0.0 } else { 255.0 };
            (c + (target - c) * amount.abs()).round().clamp(0.0, 255.0) as u8
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }

    /// This colour if it reaches AA on white, else the lightest darker shade that does.
    pub fn readable_on_white(self) -> Rgb {
        (0..=100)
            .map(|step| self.shade(f64::from(step) / 100.0))
            .find(|c| c.contrast_on_white() >= AA)
            .unwrap_or(Rgb(0, 0, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_measures_contrast() {
        assert_eq!(Rgb::parse("#0B5C4B"), Some(Rgb(11, 92, 75)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("0b5c4b"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        // WCAG's own extremes: black on white is 21:1, white on white 1:1.
        assert!((Rgb(0, 0, 0).contrast_on_white() - 21.0).abs() < 1e-9);
        assert!((Rgb(255, 255, 255).contrast_on_white() - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest AA grey on white (4.54:1).
        assert!(Rgb::parse("#767676").is_some_and(|c| c.contrast_on_white() >= AA));
        assert!(Rgb::parse("#777777").is_some_and(|c| c.contrast_on_white() < AA));
    }

    #[test]
    fn a_light_colour_is_darkened_just_enough() {
        let light = Rgb::parse("#7fd1b9").unwrap_or(Rgb(0, 0, 0));
        let fixed = light.readable_on_white();
        assert!(fixed.contrast_on_white() >= AA);
        assert!(fixed.contrast_on_white() < AA + 0.5, "{}", fixed.hex());
        let dark = Rgb(11, 92, 75);
        assert_eq!(dark.readable_on_white(), dark);
    }
}
