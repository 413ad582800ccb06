//! Command-line interface: the commands and their flags.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use esgbook::check::Format as CheckFormat;
use esgbook::export::Format as ExportFormat;
use esgbook::model::Framework;
use std::path::PathBuf;

/// esgbook builds ESG report sites from Markdown and checks their HKEX and GRI content
/// indexes before publication.
#[derive(Debug, Parser)]
#[command(name = "esgbook", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the report site, content indexes included, into the build dir.
    Build {
        /// Report folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Build for reviewers: add the coverage page, gap counts, edition ids, the items
        /// nobody addressed and a banner (the plain build is the publication).
        #[arg(long)]
        review: bool,
    },
    /// Check coverage before publication: exit 0 when nothing required is missing, 1 on
    /// gaps, 2 on bad input.
    Check {
        /// Report folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Export one framework's content index table, or (with --data) the key performance
    /// data.
    Export {
        /// Report folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Which framework's index.
        #[arg(long, required_unless_present = "data", conflicts_with = "data", value_parser = PossibleValuesParser::new(Framework::ALL.map(Framework::key)).try_map(|s: String| framework(&s)))]
        framework: Option<Framework>,
        /// Export the key performance data of data/ instead of an index (csv, xlsx or json).
        #[arg(long)]
        data: bool,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (required for xlsx); stdout otherwise.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Add the PDF page number of every location (typesets the PDF to find them).
        #[arg(long)]
        pages: bool,
        /// The edition whose index to export (`zh-hk`; default: the primary edition).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Typeset the print edition as an A4 PDF: cover, contents, sections and the content
    /// indexes citing page numbers.
    Pdf {
        /// Report folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write to this file (default: report.pdf in the build dir).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The edition to typeset (`zh-hk`; default: the primary edition).
        #[arg(long)]
        lang: Option<String>,
    },
    /// List the framework catalogs, or the items of one.
    Frameworks {
        /// A catalog id.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(esgbook::catalog::embedded::IDS))]
        id: Option<String>,
    },
    /// Build, serve the site on loopback, and rebuild and reload the browser on every edit.
    Serve {
        /// Report folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Address to listen on. Anything but loopback exposes the draft to the network.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Create a new report (book.toml, SUMMARY.md and a few sections) in DIR.
    Init {
        /// Folder to create the report in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// Parses `hkex` or `gri`.
fn framework(text: &str) -> Result<Framework, String> {
    Framework::ALL
        .into_iter()
        .find(|f| f.key() == text)
        .ok_or_else(|| format!("expected `hkex` or `gri`, not `{text}`"))
}
