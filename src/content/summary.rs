//! `SUMMARY.md`: the report's table of contents, in mdBook's syntax.
//!
//! ```text
//! summary   = [title] { prefix | separator } { part | numbered | separator } { suffix | separator }
//! title     = "#" text                       (the first heading, before any link)
//! prefix    = link                           (a plain line, before the first list item)
//! part      = "#" text                       (a later heading: a part title)
//! numbered  = indent ("-" | "*" | "+") link  (nesting follows the indentation)
//! suffix    = link                           (a plain line, after the list)
//! separator = "---"
//! link      = "[" title "](" [path] ")"      (an empty path makes a draft chapter)
//! ```
//!
//! The parser is line-based so every entry keeps its line number for error messages.
//! Paths are percent-decoded (`%20` becomes a space) and may be written as `<a b.md>`.

use crate::diag::{Code, Diagnostics};
use crate::text::percent_decode;

/// Where in the book an entry sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Before the numbered list (a foreword, "About this report").
    Prefix,
    /// In the numbered list.
    Numbered,
    /// After the numbered list (a glossary, an appendix).
    Suffix,
}

/// One line of SUMMARY.md that matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    /// A part title (`# Environment`), grouping the chapters that follow.
    Part {
        /// The title text.
        title: String,
        /// 1-based line.
        line: usize,
    },
    /// A chapter link.
    Chapter(Chapter),
}

/// A chapter link in SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The link text.
    pub title: String,
    /// The target, relative to the source directory, with `/` separators; `None` for a
    /// draft chapter (`[Title]()`).
    pub path: Option<String>,
    /// Prefix, numbered or suffix.
    pub kind: EntryKind,
    /// Nesting depth, 0 for top-level chapters.
    pub depth: usize,
    /// Section number such as `2.1` (numbered chapters only).
    pub number: Option<String>,
    /// Index (in [`Summary::items`]) of the enclosing chapter.
    pub parent: Option<usize>,
    /// 1-based line in SUMMARY.md.
    pub line: usize,
}

/// The parsed table of contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The `# Summary` title, if present.
    pub title: Option<String>,
    /// Parts and chapters in reading order.
    pub items: Vec<SummaryItem>,
}

/// Parses SUMMARY.md text; `file` names it in diagnostics.
pub fn parse_summary(text: &str, file: &str, diags: &mut Diagnostics) -> Summary {
    let mut summary = Summary::default();
    let mut seen_link = false;
    let mut seen_numbered = false;
    // (indent, item index) of the open list items, innermost last.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut counters: Vec<u32> = Vec::new();
    let mut in_code_fence = false;

    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code_fence = !in_code_fence;
            continue;
        }
        if in_code_fence || trimmed.is_empty() || trimmed.starts_with("<!--") {
            continue;
        }
        if is_separator(trimmed) {
            continue;
        }
        if let Some(heading) = heading_text(trimmed) {
            if !seen_link && summary.title.is_none() && summary.items.is_empty() {
                summary.title = Some(heading.to_string());
            } else {
                summary.items.push(SummaryItem::Part {
                    title: heading.to_string(),
                    line,
                });
                stack.clear();
                seen_numbered = true;
            }
            continue;
        }
        let indent =
            raw.len() - raw.trim_start().len() + raw.chars().take_while(|c| *c == '\t').count() * 3;
        if let Some(rest) = list_item(trimmed) {
            let Some((title, target)) = parse_link(rest) else {
                diags.push(
                    Code::SummarySyntax.error(file, Some(line), format!("expected a chapter link, found `{trimmed}`"))
                        .with_help("write each chapter as `- [Title](folder/file.md)`; use `- [Title]()` for a draft"),
                );
                continue;
            };
            if summary
                .items
                .iter()
                .any(|i| matches!(i, SummaryItem::Chapter(c) if c.kind == EntryKind::Suffix))
            {
                diags.push(
                    Code::SummarySyntax.error(file, Some(line), "a numbered chapter comes after the suffix chapters")
                        .with_help("move the plain `[Title](file.md)` lines below the list, or make them list items"),
                );
            }
            seen_link = true;
            seen_numbered = true;
            while stack.last().is_some_and(|(open, _)| *open >= indent) {
                stack.pop();
            }
            let depth = stack.len();
            let parent = stack.last().map(|(_, i)| *i);
            counters.truncate(depth + 1);
            while counters.len() < depth + 1 {
                counters.push(0);
            }
            counters[depth] += 1;
            let number = counters
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".");
            let path = chapter_path(&target, file, line, diags);
            summary.items.push(SummaryItem::Chapter(Chapter {
                title,
                path,
                kind: EntryKind::Numbered,
                depth,
                number: Some(number),
                parent,
                line,
            }));
            stack.push((indent, summary.items.len() - 1));
            continue;
        }
        if let Some((title, target)) = parse_link(trimmed) {
            seen_link = true;
            let kind = if seen_numbered {
                EntryKind::Suffix
            } else {
                EntryKind::Prefix
            };
            let path = chapter_path(&target, file, line, diags);
            summary.items.push(SummaryItem::Chapter(Chapter {
                title,
                path,
                kind,
                depth: 0,
                number: None,
                parent: None,
                line,
            }));
            stack.clear();
            continue;
        }
        diags.push(
            Code::SummarySyntax.warning(file, Some(line), format!("ignored line in SUMMARY.md: `{trimmed}`"))
                .with_help("SUMMARY.md holds only headings, `- [Title](file.md)` list items and `---` separators"),
        );
    }
    summary
}

fn is_separator(line: &str) -> bool {
    line.len() >= 3
        && (line.chars().all(|c| c == '-')
            || line.chars().all(|c| c == '*')
            || line.chars().all(|c| c == '_'))
}

fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim())
}

fn list_item(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let marker = chars.next()?;
    if matches!(marker, '-' | '*' | '+') && line[1..].starts_with([' ', '\t']) {
        return Some(line[1..].trim_start());
    }
    // Ordered list markers (`1. [Title](x.md)`) are accepted as well.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(line[digits + 2..].trim_start());
    }
    None
}

/// Splits `[title](target)` into its parts; `None` when the line is not a single link.
fn parse_link(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('[')?;
    let mut depth = 1usize;
    let mut title = String::new();
    let mut chars = rest.char_indices();
    let mut close = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    title.push(escaped);
                }
            }
            '[' => {
                depth += 1;
                title.push(c);
            }
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
                title.push(c);
            }
            _ => title.push(c),
        }
    }
    let after = &rest[close? + 1..];
    let inner = after.strip_prefix('(')?;
    let (target, tail) = if let Some(angle) = inner.strip_prefix('<') {
        let end = angle.find('>')?;
        let tail = angle[end + 1..].trim_start().strip_prefix(')')?;
        (angle[..end].to_string(), tail)
    } else {
        let end = inner.rfind(')')?;
        (inner[..end].trim().to_string(), &inner[end + 1..])
    };
    if !tail.trim().is_empty() {
        return None;
    }
    Some((title.trim().to_string(), target))
}

fn chapter_path(target: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<String> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    let (target, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    };
    if fragment.is_some() {
        diags.push(
            Code::SummarySyntax
                .warning(
                    file,
                    Some(line),
                    format!("the `#` part of `{target}#…` is ignored in SUMMARY.md"),
                )
                .with_help("link each chapter to a whole file"),
        );
    }
    let decoded = percent_decode(target).unwrap_or_else(|| target.to_string());
    let normalized = decoded.replace('\\', "/");
    let normalized = normalized.trim_start_matches("./").to_string();
    if normalized.starts_with('/') || normalized.split('/').any(|part| part == "..") {
        diags.push(
            Code::SummaryTarget.error(
                file,
                Some(line),
                format!("chapter `{normalized}` is outside the source folder"),
            )
            .with_help(
                "chapters must be files inside the source folder, linked relative to SUMMARY.md",
            ),
        );
        return None;
    }
    // `javascript:x.md`, `https://x.md` or `C:/x.md`: as a page link, a first segment with a
    // colon is read as a URL scheme, so it could never be a safe relative link to a page.
    if normalized
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        diags.push(
            Code::SummaryTarget.error(
                file,
                Some(line),
                format!("chapter `{normalized}` looks like a URL or a drive, not a file in the source folder"),
            )
            .with_help("link to a file inside the source folder, relative to SUMMARY.md; rename a file or folder whose name has a `:`"),
        );
        return None;
    }
    if !normalized.to_ascii_lowercase().ends_with(".md") {
        diags.push(
            Code::SummaryTarget
                .error(
                    file,
                    Some(line),
                    format!("chapter `{normalized}` is not a Markdown (.md) file"),
                )
                .with_help("link to the section's .md file"),
        );
        return None;
    }
    Some(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapters(summary: &Summary) -> Vec<&Chapter> {
        summary
            .items
            .iter()
            .filter_map(|i| match i {
                SummaryItem::Chapter(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_prefix_parts_nesting_drafts_and_suffix() {
        let text = "# Summary\n\n[About](about.md)\n\n# Environment\n\n- [Green](green/index.md)\n    - [Waste](green/02.md)\n    - [Draft]()\n- [People](people.md)\n\n---\n\n[Glossary](glossary.md)\n";
        let mut diags = Diagnostics::new();
        let summary = parse_summary(text, "content/SUMMARY.md", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(summary.title.as_deref(), Some("Summary"));
        let c = chapters(&summary);
        assert_eq!(c.len(), 6);
        assert_eq!(c[0].kind, EntryKind::Prefix);
        assert_eq!(
            (c[2].title.as_str(), c[2].depth, c[2].number.as_deref()),
            ("Waste", 1, Some("1.1"))
        );
        assert_eq!(c[3].path, None);
        assert_eq!(c[4].number.as_deref(), Some("2"));
        assert_eq!(c[5].kind, EntryKind::Suffix);
        assert_eq!(c[5].line, 14);
        assert!(
            matches!(&summary.items[1], SummaryItem::Part { title, line: 5 } if title == "Environment")
        );
        // The parent of "Waste" is "Green".
        let SummaryItem::Chapter(parent) = &summary.items[c[2].parent.unwrap()] else {
            panic!()
        };
        assert_eq!(parent.title, "Green");
    }

    #[test]
    fn decodes_spaces_and_angle_brackets() {
        let mut diags = Diagnostics::new();
        let summary = parse_summary(
            "- [A](my%20file.md)\n- [B](<other file.md>)\n- [C \\[x\\]](./c.md)\n",
            "S",
            &mut diags,
        );
        let c = chapters(&summary);
        assert_eq!(c[0].path.as_deref(), Some("my file.md"));
        assert_eq!(c[1].path.as_deref(), Some("other file.md"));
        assert_eq!(c[2].path.as_deref(), Some("c.md"));
        assert_eq!(c[2].title, "C [x]");
    }

    #[test]
    fn reports_bad_lines_with_their_numbers() {
        let mut diags = Diagnostics::new();
        parse_summary(
            "- [A](a.md)\n- just text\n- [B](../b.md)\n- [C](c.html)\n",
            "S",
            &mut diags,
        );
        let lines: Vec<Option<usize>> = diags.errors().iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn paths_that_read_as_urls_are_refused() {
        let mut diags = Diagnostics::new();
        let summary = parse_summary(
            "- [A](javascript:alert(1).md)\n- [B](C:/x.md)\n- [C](ok/with:colon.md)\n",
            "S",
            &mut diags,
        );
        let lines: Vec<Option<usize>> = diags.errors().iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(1), Some(2)]);
        assert_eq!(
            chapters(&summary)[2].path.as_deref(),
            Some("ok/with:colon.md")
        );
    }

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {}
}
