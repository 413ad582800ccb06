//! "Did you mean" suggestions, and the one unknown-key collector that book.toml's `[esg]`
//! table and every front-matter map report through.

use super::{Code, Diagnostic};

/// Finds the known names closest to `unknown`, best first, for "did you mean" hints.
///
/// Case is ignored. A candidate qualifies when its edit distance is small relative to the
/// length of the input, or when one contains the other (`A11` vs `A1.1`).
pub fn closest<'a, I>(unknown: &str, candidates: I, limit: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = unknown.to_ascii_uppercase();
    let max_distance = (needle.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let upper = candidate.to_ascii_uppercase();
            let distance = strsim::osa_distance(&needle, &upper);
            let squashed =
                upper.replace(['.', '-', ' '], "") == needle.replace(['.', '-', ' '], "");
            if squashed {
                Some((0, candidate))
            } else if distance <= max_distance {
                Some((distance, candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.len().cmp(&b.1.len())));
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b` or `c`?", or `None` when nothing is close.
pub fn did_you_mean<'a, I>(unknown: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let close = closest(unknown, candidates, 3);
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|c| format!("`{c}`")).collect();
            Some(format!("did you mean {} or `{last}`?", init.join(", ")))
        }
    }
}

/// The keys a map accepts (a book.toml table, a front-matter map), and how to name the map
/// in messages. Readers collect the keys they did not recognise, with their lines, and turn
/// each into the same error with the same kind of suggestion through [`KeySet::unknown`].
#[derive(Debug, Clone, Copy)]
pub struct KeySet {
    /// The keys accepted.
    pub known: &'static [&'static str],
    /// The message for an unknown key, with `{}` standing for the key
    /// (`unknown key `{}` in [esg]`).
    pub message: &'static str,
    /// The help when no known key is close; `{keys}` stands for the known keys
    /// (`the [esg] keys are: {keys}`).
    pub listing: &'static str,
}

impl KeySet {
    /// The error for one unknown key at `file:line`: the key, and the nearest known keys or
    /// the list of them.
    pub fn unknown(&self, file: &str, line: usize, key: &str) -> Diagnostic {
        let help = did_you_mean(key, self.known.iter().copied())
            .unwrap_or_else(|| self.listing.replace("{keys}", &self.known.join(", ")));
        Code::UnknownKey
            .error(file, Some(line), self.message.replace("{}", key))
            .with_help(help)
    }
}

impl KeySet {
    /// [`KeySet::unknown`] as a warning, for tables where other tools' keys are tolerated.
    pub fn unknown_warning(&self, file: &str, line: usize, key: &str) -> Diagnostic {
        Diagnostic {
            severity: super::Severity::Warning,
            ..self.unknown(file, line, key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_prefers_small_edits_and_squashed_matches() {
        let ids = ["A1", "A1.1", "A1.2", "B1.1", "MDR-GOV"];
        assert_eq!(closest("A11", ids, 3)[0], "A1.1");
        assert_eq!(closest("mdr-gv", ids, 3), vec!["MDR-GOV"]);
        assert!(closest("ZZZZZZ", ids, 3).is_empty());
    }

    #[test]
    fn unknown_keys_get_the_nearest_key_or_the_list() {
        const SET: KeySet = KeySet {
            known: &["reason", "explanation"],
            message: "unknown key `{}` in an omission",
            listing: "an omission holds: {keys}",
        };
        let close = SET.unknown("a.md", 4, "reasn");
        assert_eq!(
            close.to_text(),
            "error: a.md:4: unknown key `reasn` in an omission\n  help: did you mean `reason`?"
        );
        assert_eq!(close.code, Code::UnknownKey);
        let far = SET.unknown("a.md", 5, "colour");
        assert_eq!(
            far.help.as_deref(),
            Some("an omission holds: reason, explanation")
        );
    }
}
