//! Arguments of the commands that analyse: `network`, `discover`, `eval`.

use super::*;

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
    /// With --gold: also list, on stderr, the gold entities the measure counts that are not in
    /// the top 200 (the recurring misses with --gold-whole-corpus, else those no gazetteer
    /// knows), with the rank and signals of the best candidate naming each, if any.
    #[arg(long, requires = "gold")]
    pub errors: bool,
    /// Also run the learned model (LAC) over the corpus: the organisations and places it
    /// labels that no gazetteer or rule found are candidates too, and agreement with the other
    /// signals raises a candidate's score. Uses every core; a progress bar shows on a terminal.
    /// --model-file turns it on too.
    #[arg(long)]
    pub model: bool,
    #[command(flatten)]
    pub model_file: ModelArgs,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiscoverFormat {
    Table,
    Tsv,
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
