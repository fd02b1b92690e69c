//! The command line: the only module that knows clap. Doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder of the Oxigraph store to create.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Also write the co-occurrence graph as GraphML to FILE.
    #[arg(long, value_name = "FILE")]
    pub graphml: Option<PathBuf>,
    /// Replace the store even if it was built from other inputs.
    ///
    /// A store built from the same inputs is always rebuilt. Either way the old store stays
    /// intact until the new one is complete; a folder that is not a regionkg store is never
    /// replaced.
    #[arg(long)]
    pub replace: bool,
    /// Print no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// Print the mentions found in a corpus as JSON lines on stdout.
///
/// One object a line: {"doc", "path", "sentence", "start", "end", "text", "entity", "name",
/// "type", "resolution"}. start and end are character offsets (end exclusive) into the document
/// text: for .txt and .jsonl the input text itself; for Markdown the cleaned text that
/// `regionkg read` prints.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
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

/// Run a SPARQL query against a store.
///
/// The default graph is the union of all graphs, and the prefixes rkg, id, skos, schema, nif,
/// itsrdf, prov, rdf, rdfs and xsd are predeclared. SELECT prints a table (or CSV/TSV/JSON),
/// ASK prints true or false, CONSTRUCT and DESCRIBE print N-Triples (or Turtle).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["file", "expression"])))]
pub struct QueryArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// File holding the query (e.g. queries/top-pairs.rq).
    #[arg(value_name = "FILE.rq")]
    pub file: Option<PathBuf>,
    /// The query itself.
    #[arg(long = "expression", short = 'e', value_name = "SPARQL")]
    pub expression: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Bind ?NAME to the string VALUE before running (safely: the value is never pasted into
    /// the query text). May be repeated.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Tsv,
    Json,
    Ntriples,
    Turtle,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write the co-occurrence graph of a store as GraphML (for Gephi, Cytoscape, NetworkX).
    Graphml(GraphmlArgs),
}

#[derive(Debug, Args)]
pub struct GraphmlArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Output file (default: stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
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
