//! Arguments of `gazetteer` and its subcommands.

use super::*;

/// Check, count, measure and convert gazetteers.
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    Check(CheckArgs),
    Stats(StatsArgs),
    Coverage(CoverageArgs),
    Import(ImportArgs),
    Export(GazetteerExportArgs),
    Add(AddArgs),
}

/// Add an entity to a user layer (a gazetteer file), checked against the built-in gazetteers.
///
/// The file is created with a header if it does not exist. The row is checked like any
/// gazetteer row (type, names, parent and members must be known ids, the id new in the file)
/// and the file is rewritten whole, so it is never left half-written.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The user layer to add to (a .tsv file; load it with --gazetteers).
    #[arg(value_name = "LAYER.tsv")]
    pub layer: PathBuf,
    /// Canonical name.
    #[arg(long)]
    pub name: String,
    /// Place, Zone, Institution, Project or Plan.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: String,
    /// Id (default: the name).
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long)]
    pub subtype: Option<String>,
    /// Another name; may be repeated.
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// A name that counts only where the entity or its parent is named; may be repeated.
    #[arg(long = "context-alias", value_name = "ALIAS")]
    pub context_aliases: Vec<String>,
    /// Id of the containing entity.
    #[arg(long)]
    pub parent: Option<String>,
    /// Id of a member (for composites); may be repeated.
    #[arg(long = "member", value_name = "ID")]
    pub members: Vec<String>,
    /// Official code.
    #[arg(long)]
    pub code: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Check gazetteers: every problem as FILE:LINE: message, then warnings and shared names.
///
/// Errors (malformed rows, unknown types, duplicate ids, dangling parents and members, parent
/// cycles, empty aliases) make the exit status 1. Warnings (composites with fewer than two
/// members, places without a parent) and the names several entities share, with the order the
/// recogniser tries them in, go to stderr.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// List every shared name (default: the first 40).
    #[arg(long)]
    pub all: bool,
}

/// Entities and aliases by type and subtype.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Share of annotated surfaces the gazetteers know, by type.
///
/// GOLD is JSONL with a "surface" and a "type" field per line (the format of the gold
/// annotations in ../shared/gold/dev.jsonl). A surface counts as known when it is a name, alias
/// or context alias of some entity (after NFKC).
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Annotations, one JSON object a line.
    #[arg(value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InteropFormat {
    /// jieba user dictionary: `word [freq] [tag]`, tags ns/nt/nz.
    Jieba,
    /// spaCy EntityRuler patterns, JSONL {"label", "pattern", "id"}.
    Spacy,
}

/// Convert a jieba user dictionary or spaCy patterns into a gazetteer file (TSV).
///
/// jieba tags ns, nt and nz become Place, Institution and Project; spaCy labels GPE/LOC, ORG,
/// FAC/EVENT and LAW become Place, Institution, Project and Plan (our type names work as labels
/// too). Lines that cannot be converted are reported as FILE:LINE on stderr (exit status 3).
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Format of FILE.
    #[arg(long, value_enum)]
    pub from: InteropFormat,
    /// The file to convert.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Give every imported entry this type (for jieba dictionaries without ns/nt/nz tags).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Output file (default: stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Write the gazetteers' names and aliases as a jieba user dictionary or spaCy patterns.
#[derive(Debug, Args)]
pub struct GazetteerExportArgs {
    /// Format to write.
    #[arg(long, value_enum)]
    pub to: InteropFormat,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// Output file (default: stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}
