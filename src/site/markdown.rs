//! Markdown to HTML for one section, with links between `.md` files rewritten to pages and
//! checked.

use crate::Project;
use crate::content::Section;
use crate::content::summary::percent_decode;
use crate::diag::{Diagnostic, Diagnostics};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// The Markdown extensions esgbook turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a section's body. Broken relative links are errors at the line they are on.
pub fn render(project: &Project, section: &Section, diags: &mut Diagnostics) -> String {
    let body = &section.body;
    let parser = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = section.body_line + body[..range.start].matches('\n').count();
                let dest_url = rewrite_link(project, section, dest_url, line, diags);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = section.body_line + body[..range.start].matches('\n').count();
                check_asset(project, section, &dest_url, line, diags);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

fn is_external(url: &str) -> bool {
    url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with('#')
        || url.starts_with("//")
}

/// Resolves `target` (relative to the section's folder) to a path relative to the source
/// folder; `None` when it climbs out of it.
fn resolve(section: &Section, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = section.path.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn rewrite_link<'a>(
    project: &Project,
    section: &Section,
    url: CowStr<'a>,
    line: usize,
    diags: &mut Diagnostics,
) -> CowStr<'a> {
    if is_external(&url) {
        return url;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p.to_string(), Some(f.to_string())),
        None => (url.to_string(), None),
    };
    let decoded = percent_decode(&path);
    if !decoded.to_ascii_lowercase().ends_with(".md") {
        check_asset(project, section, &url, line, diags);
        return url;
    }
    let Some(target) = resolve(section, &decoded) else {
        diags.push(Diagnostic::error(
            section.source.clone(),
            Some(line),
            format!("link `{url}` points outside the source folder"),
        ));
        return url;
    };
    if project.report.section_by_path(&target).is_none() {
        diags.push(
            Diagnostic::error(
                section.source.clone(),
                Some(line),
                format!("link `{url}` points to `{target}`, which is not a section of the report"),
            )
            .with_help("fix the path (it is relative to this file) or add the file to SUMMARY.md"),
        );
        return url;
    }
    let html = format!("{}.html", &path[..path.len() - 3]);
    match fragment {
        Some(f) => format!("{html}#{f}").into(),
        None => html.into(),
    }
}

fn check_asset(
    project: &Project,
    section: &Section,
    url: &str,
    line: usize,
    diags: &mut Diagnostics,
) {
    if is_external(url) || url.starts_with("data:") {
        return;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return;
    }
    let decoded = percent_decode(path);
    let exists = resolve(section, &decoded)
        .is_some_and(|target| project.report.assets.iter().any(|a| *a == target));
    if !exists {
        diags.push(
            Diagnostic::error(
                section.source.clone(),
                Some(line),
                format!("`{url}` does not exist in the source folder"),
            )
            .with_help("check the file name and its folder (paths are relative to this file)"),
        );
    }
}
