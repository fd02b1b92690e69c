//! The command line: the only module that knows clap. Doc comments are the help text.

mod analysis;
mod gazetteer;
mod store;

pub use analysis::*;
pub use gazetteer::*;
pub use store::*;

pub(crate) use clap::{Args, Parser, Subcommand, ValueEnum};
pub(crate) use std::path::PathBuf;

/// Turn Chinese news about regional development into a knowledge graph you can question.
///
/// regionkg reads Markdown posts, plain text or JSONL, recognises places, development zones,
/// institutions, projects and plans with gazetteers, links the entities that share a sentence,
/// and stores everything as RDF in an Oxigraph store that answers SPARQL.
///
/// Exit status: 0 success; 1 failure; 2 usage error; 3 finished, but some inputs or records
/// could not be read and were skipped (each is reported on stderr).
#[derive(Debug, Parser)]
#[command(name = "regionkg", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Build(BuildArgs),
    Tag(TagArgs),
    Read(ReadArgs),
    Query(QueryArgs),
    #[command(subcommand)]
    Export(ExportCommand),
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    Eval(EvalArgs),
    Stats(StoreStatsArgs),
    Discover(DiscoverArgs),
    Network(NetworkArgs),
    Lac(LacArgs),
    Serve(ServeArgs),
}

/// Gazetteer layers.
#[derive(Debug, Args, Clone)]
pub struct GazetteerArgs {
    /// A gazetteer folder (its *.tsv files) or file, loaded after the built-in gazetteers.
    ///
    /// May be given several times; later layers add entities and extend earlier ones by id.
    #[arg(long = "gazetteers", short = 'g', value_name = "DIR")]
    pub gazetteers: Vec<PathBuf>,
    /// Do not load the built-in gazetteers (use only --gazetteers).
    #[arg(long)]
    pub no_builtin_gazetteers: bool,
}

/// Recognition options.
#[derive(Debug, Args, Clone)]
pub struct RecogniseArgs {
    /// Accept short name matches even where they cut through a word (大城 in 大城市).
    ///
    /// By default a match of up to three characters must start and end on word boundaries of
    /// jieba's segmentation of the characters around it, else a shorter name at the same place
    /// is tried.
    #[arg(long)]
    pub no_boundary_check: bool,
    /// Recognise only gazetteer names: no rules for titles in 《》 or for names ending in a zone,
    /// project or institution suffix built on a known place (河北省交通运输厅).
    #[arg(long)]
    pub no_rules: bool,
    /// Add the statistical layer: words jieba tags as organisation names (nt) that no gazetteer
    /// or rule found become institutions (off by default: on regional news it costs precision
    /// for little recall; on general news it helps ORG recall; see docs/evaluation.md).
    #[arg(long)]
    pub statistical: bool,
    /// Add the learned model's layer: organisations and places the model (LAC) labels that no
    /// gazetteer or rule found become unlinked mentions (resolution "model", entity
    /// "model:NAME"), and a known body's short form the gazetteers held back that it reads as an
    /// organisation becomes that body's mention (resolution "model"). It never overrides a
    /// gazetteer match. Off by default (--model-file turns
    /// it on too); what it adds and costs is measured in docs/model.md.
    #[arg(long)]
    pub model: bool,
    #[command(flatten)]
    pub model_file: ModelArgs,
}

/// Threads.
#[derive(Debug, Args, Clone)]
pub struct JobsArgs {
    /// Number of worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// Read a corpus, recognise entities, build the co-occurrence graph and store it all.
///
/// INPUT is any mix of files and folders (read recursively): .md/.markdown posts with front
/// matter, .txt files (one document each) and .jsonl files (one document a line). Identical
/// documents are stored once. A summary goes to stderr; a progress bar too when it is a terminal.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or folders to read.
    #[arg(required_unless_present = "from_counts", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Build the store from counts an engine computed over `tag --records` output (Spark:
    /// spark/README.md; the folder's contract: docs/counts.md) instead of reading a corpus.
    ///
    /// Writes the gazetteer, co-occurrence and meta graphs as a build over the same documents
    /// would (window and composites as the counts say); no graph per document. Load the same
    /// --gazetteers the tag run had: the counts name its fingerprint and are refused otherwise.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["inputs", "window", "expand_composites"])]
    pub from_counts: Option<PathBuf>,
    /// Folder of the Oxigraph store to create.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Also write the co-occurrence graph as GraphML to FILE.
    #[arg(long, value_name = "FILE")]
    pub graphml: Option<PathBuf>,
    /// Rebuild the store from the given inputs only.
    ///
    /// Without it, building into an existing store also reads the inputs it was built from:
    /// new documents are added, changed ones replaced, unchanged ones kept, and the graph is
    /// recomputed, so the result equals a fresh build over all the inputs. Either way the old
    /// store stays intact until the new one is complete; a folder that is not a regionkg store
    /// is never replaced.
    #[arg(long)]
    pub replace: bool,
    /// Also credit the members of composites (京津冀 → 北京, 天津, 河北) in the graph.
    ///
    /// Pairs that meet only through a composite's members are counted apart
    /// (rkg:expandedWindowCount; GraphML expanded_windows), so one 京津冀 does not inflate
    /// 北京–天津 unnoticed; the exported weight adds both.
    #[arg(long)]
    pub expand_composites: bool,
    /// What two mentions must share to co-occur.
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence)]
    pub window: WindowArg,
    /// Drop pairs that share fewer windows than N.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// Print no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub recognise: RecogniseArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// Print the mentions found in a corpus as JSON lines on stdout.
///
/// One object a line: {"doc", "path", "sentence", "start", "end", "text", "entity", "name",
/// "type", "resolution"}, plus "alternatives" (the other entities a shared name could mean).
/// start and end are character offsets (end exclusive) into the document text: for .txt and
/// .jsonl the input text itself; for Markdown the cleaned text that `regionkg read` prints.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files or folders to read; `-` reads JSONL documents from standard input (so an engine
    /// can pipe documents through regionkg).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Print records for a counting engine (docs/counts.md): a run record first, then per
    /// document a record (id, content hash, month, channel, number of windows) before its
    /// mentions, each with its window and what the graph credits. Every document is printed,
    /// duplicates included: the engine removes them by hash, first in its own input order.
    #[arg(long)]
    pub records: bool,
    /// With --records: the window mentions are numbered in (as `build --window`).
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence, requires = "records")]
    pub window: WindowArg,
    /// With --records: say the counts will credit composites' members (as `build
    /// --expand-composites`); the members are printed either way.
    #[arg(long, requires = "records")]
    pub expand_composites: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub recognise: RecogniseArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// Print the documents as regionkg reads them (cleaned text, metadata, sentences) as JSON lines.
///
/// One object a line: {"doc", "path", "line", "title", "date", "source", "channel", "text",
/// "sentences"}, sentences as [start, end] character offsets into text. This is the text that
/// mention offsets index.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// Cut lines of text into words and label them with the learned model (LAC).
///
/// Each input line is one sentence; the output is one line each, `word/LABEL` pairs separated
/// by spaces (`青岛双星/ORG 与/p 宝马集团/ORG 签约/v`), or with --json one object a line:
/// {"text", "words": [[start, end, label, confidence], ...]} with character offsets and the
/// CRF's marginal probability of the word's labels (the least over its tokens). Labels are PER,
/// LOC, ORG, TIME or a part of speech (n, nz, v, w ...; see docs/model.md).
#[derive(Debug, Args)]
pub struct LacArgs {
    /// Files of lines (default: stdin).
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON lines with character offsets.
    #[arg(long)]
    pub json: bool,
    /// With --json, also list the organisations, places and persons (ORG, LOC, PER) the model
    /// gives at least probability P though its best labelling cuts the text otherwise, as
    /// "alternatives": [[start, end, label, probability], ...].
    #[arg(long, value_name = "P", requires = "json", value_parser = probability)]
    pub alternatives: Option<f32>,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// Where the learned model is.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// The learned model's file (default: $REGIONKG_MODEL, else models/lac-2.1.2.rkm of the
    /// checkout, which `make model` makes).
    #[arg(long, value_name = "FILE")]
    pub model_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WindowArg {
    /// A sentence (。！？；!? or a line end).
    Sentence,
    /// A paragraph (a line of the document text).
    Paragraph,
    /// The whole document.
    Document,
}

impl From<WindowArg> for regionkg::graph::Window {
    fn from(w: WindowArg) -> Self {
        use regionkg::graph::Window;
        match w {
            WindowArg::Sentence => Window::Sentence,
            WindowArg::Paragraph => Window::Paragraph,
            WindowArg::Document => Window::Document,
        }
    }
}

/// A probability given on the command line: a number in (0, 1].
fn probability(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(p) if p > 0.0 && p <= 1.0 => Ok(p),
        _ => Err(format!("{text:?} is not a probability in (0, 1]")),
    }
}

pub fn parse() -> Cli {
    Cli::parse()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
