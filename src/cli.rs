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
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    Eval(EvalArgs),
    Stats(StoreStatsArgs),
    Discover(DiscoverArgs),
    Network(NetworkArgs),
}

/// Analyse the place network of a store the way regional scientists do.
///
/// Places named in the same document (or sentence, --window sentence) are linked; the network
/// is rolled up to one level (--level: districts, zones and projects count for the division that
/// contains them, 雄安新区 → 保定市 → 河北省) and measured. What to print:
///
/// nodes: degree, strength and its share, betweenness and closeness (edge length = 1 / weight),
/// eigenvector centrality, PageRank, clustering, ranks, strength tier (head/tail breaks),
/// community; with --by year|month, PageRank and strength ranks per period and their change.
/// summary: density, components, average path length, clustering, modularity, the strength
/// distribution (Gini, top-10 % share, power-law fit) and the distance-decay exponent.
/// edges: every link with its document count, Ochiai, NPMI, fractional weight, great-circle
/// distance and disparity-filter α. backbone: the links the disparity filter keeps at --alpha.
/// communities: Louvain communities with their members. directed: links from each document's
/// home region (its channel, 河北频道 → 河北省) to the places it names.
#[derive(Debug, Args)]
pub struct NetworkArgs {
    /// What to print.
    #[arg(value_enum)]
    pub what: NetworkWhat,
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// The level nodes are counted at.
    #[arg(long, value_enum, default_value_t = NetworkLevel::Prefecture)]
    pub level: NetworkLevel,
    /// The link weight the measures use: documents (each document once per pair), ochiai
    /// (documents / sqrt(N_i N_j)), npmi, or fractional (each document adds 1/(n-1) to each of
    /// its n places' links).
    #[arg(long, value_enum, default_value_t = NetworkWeight::Documents)]
    pub weight: NetworkWeight,
    /// Link places named in the same document (default) or the same sentence.
    #[arg(long, value_enum, default_value_t = NetworkWindow::Document)]
    pub window: NetworkWindow,
    /// Count composites (京津冀) for their members.
    #[arg(long)]
    pub expand_composites: bool,
    /// Keep only places inside this entity (id or name; a composite means its members); may be
    /// repeated. `--within 京津冀 --level prefecture` is the 13 cities of 京津冀.
    #[arg(long, value_name = "ENTITY")]
    pub within: Vec<String>,
    /// Only documents dated in this period (`2019`, `2019-02`).
    #[arg(long, value_name = "YYYY[-MM]")]
    pub period: Option<String>,
    /// nodes: measure each year or month of dated documents apart, with rank changes.
    #[arg(long, value_enum)]
    pub by: Option<NetworkPeriod>,
    /// edges, backbone, directed: only links of this place (id or name).
    #[arg(long, value_name = "ENTITY")]
    pub ego: Option<String>,
    /// Significance level of the disparity filter.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Rows to print (per period with --by); all when 0.
    #[arg(long, default_value_t = 0)]
    pub top: usize,
    /// table (default), csv or json.
    #[arg(long, value_enum, default_value_t = NetworkFormat::Table)]
    pub format: NetworkFormat,
    /// Also write the view as GraphML (node measures, lat/lng, link weights, backbone flag).
    #[arg(long, value_name = "FILE")]
    pub graphml: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkWhat {
    Nodes,
    Summary,
    Edges,
    Backbone,
    Communities,
    Directed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkLevel {
    Province,
    Prefecture,
    County,
    Entity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkWeight {
    Documents,
    Ochiai,
    Npmi,
    Fractional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkWindow {
    Document,
    Sentence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkPeriod {
    Year,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkFormat {
    Table,
    Csv,
    Json,
}

/// Find names a corpus uses that the gazetteers do not know, ranked, ready to review.
///
/// Candidates come from three signals, merged by name: the rules (zone, project, institution
/// and street suffixes; company and event names; 《》 titles), jieba's place and organisation
/// words (ns, nt) that no gazetteer lists, and character n-grams that recur, hold together and
/// stand among varied neighbours (new-word discovery). A short form of a known name (大兴机场 of
/// 北京大兴国际机场) or of a longer candidate is proposed as its alias. Each candidate has its
/// guessed type, frequency, document frequency, score, the signals that found it, the known
/// place it most often shares a sentence with (a suggested parent), the known entity it may be
/// another name of, and an example sentence. `--format tsv` writes gazetteer rows, commented
/// with the evidence: delete the wrong ones and load the file with --gazetteers.
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 50)]
    pub top: usize,
    /// Leave out candidates mentioned fewer times than K.
    #[arg(long, value_name = "K", default_value_t = 2)]
    pub min_freq: usize,
    /// table (default) or tsv (gazetteer rows).
    #[arg(long, value_enum, default_value_t = DiscoverFormat::Table)]
    pub format: DiscoverFormat,
    /// Leave out the statistically cohesive n-grams (new-word discovery).
    #[arg(long)]
    pub no_ngrams: bool,
    /// Measure the candidates against gold annotations (JSONL, as for `eval --gold`): read only
    /// the annotated documents, and print recall@200 of the gold entities the gazetteers do not
    /// know and precision@50 of the candidates, on stderr.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// With --gold: read every input document, not only the annotated ones (candidates then
    /// rank by their frequency in the whole corpus).
    #[arg(long, requires = "gold")]
    pub gold_whole_corpus: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiscoverFormat {
    Table,
    Tsv,
}

/// Summarise a store: what it was built from, entities by type, the most mentioned and most
/// connected entities, and the strongest pairs (by shared windows and by NPMI).
#[derive(Debug, Args)]
pub struct StoreStatsArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Rows per section.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

/// Score recognition against hand annotations.
///
/// With --gold: a JSONL file in the format of ../shared/gold/dev.jsonl (one mention a line:
/// doc, s, sentence, surface, type, canonical) and the INPUT it annotates; only the annotated
/// documents are read. Reports precision, recall and F1 for distinct surfaces per document
/// (untyped, typed, and per type), for entities per document (a predicted entity matches a gold
/// entity when they share a surface) and for pairs of entities that share a sentence.
///
/// With --bio: a character-per-line BIO file (LOC and ORG spans; blank line between
/// sentences); Place and Zone count as LOC, Institution as ORG.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("gold_source").required(true).args(["gold", "bio"])))]
pub struct EvalArgs {
    /// Gold annotations in JSONL.
    #[arg(long, value_name = "FILE.jsonl", requires = "inputs")]
    pub gold: Option<PathBuf>,
    /// Gold annotations as a character-per-line BIO file.
    #[arg(long, value_name = "FILE.bio", conflicts_with = "inputs")]
    pub bio: Option<PathBuf>,
    /// Column separator of the BIO file.
    #[arg(long, value_enum, default_value_t = BioFormatArg::Space)]
    pub format: BioFormatArg,
    /// The corpus files or folders the gold annotates (with --gold).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Also list false positives and misses with their sentences (stdout, after the scores).
    #[arg(long)]
    pub errors: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub recognise: RecogniseArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BioFormatArg {
    /// `char<TAB>tag`
    Tsv,
    /// `char tag`
    Space,
}

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
    /// Files or folders to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
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

/// Run a SPARQL query against a store.
///
/// The default graph is the union of all graphs, and the prefixes rkg, id, skos, schema, nif,
/// itsrdf, prov, rdf, rdfs and xsd are predeclared. SELECT prints a table (or CSV/TSV/JSON),
/// ASK prints true or false, CONSTRUCT and DESCRIBE print N-Triples (or Turtle). Queries read
/// only the local store: SERVICE calls to other endpoints are refused.
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
    /// Stop the query after this many seconds (exit status 1, with a message).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
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
    /// Write the RDF of a store: the whole dataset (N-Quads, TriG) or one graph (also Turtle,
    /// N-Triples).
    Rdf(RdfExportArgs),
    /// Write the co-occurrence graph as two CSV files, nodes and edges (for spreadsheets, pandas).
    Csv(CsvExportArgs),
    /// Write the co-occurrence graph as GEXF 1.3 (Gephi's own format).
    Gexf(GraphmlArgs),
}

/// Which part of the network to export.
#[derive(Debug, Args, Clone)]
pub struct SubgraphArgs {
    /// Keep only nodes of this type (Place, Zone, Institution, Project, Plan); may be repeated.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// Keep only edges of at least this weight (shared windows).
    #[arg(long, value_name = "W", default_value_t = 0.0)]
    pub min_weight: f64,
    /// Keep only the N heaviest edges.
    #[arg(long, value_name = "N")]
    pub top_edges: Option<usize>,
    /// Keep only this entity (id or name) and its neighbours.
    #[arg(long, value_name = "ENTITY")]
    pub ego: Option<String>,
}

#[derive(Debug, Args)]
pub struct CsvExportArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Nodes file: id, label, type, subtype, code, mentions, documents, degree.
    #[arg(long, value_name = "FILE")]
    pub nodes: PathBuf,
    /// Edges file: source, target, weight, windows, documents, expanded_windows, npmi.
    #[arg(long, value_name = "FILE")]
    pub edges: PathBuf,
    #[command(flatten)]
    pub subgraph: SubgraphArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfFormatArg {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
}

#[derive(Debug, Args)]
pub struct RdfExportArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Serialisation.
    #[arg(long, short = 'f', value_enum, default_value_t = RdfFormatArg::Nquads)]
    pub format: RdfFormatArg,
    /// Export only this named graph (an IRI, or gazetteer, cooccurrence, meta).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Output file (default: stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GraphmlArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Output file (default: stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub subgraph: SubgraphArgs,
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
