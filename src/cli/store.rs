//! Arguments of the commands that read a store: `query`, `export`, `stats`.

use super::*;

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

/// Answer SPARQL over HTTP: a read-only SPARQL 1.1 Protocol endpoint at /sparql, the library
/// of questions at /api/queries, a page at /.
///
/// Results are computed before anything is sent: a query over --timeout is a 503, a result over
/// --max-rows a 422 (add LIMIT), an update a 403. A build that replaces the store is picked up
/// without a restart. Binding to anything but loopback needs --token (or --token-file) or
/// --public. Runs until stopped (Ctrl-C).
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Folder of the store.
    #[arg(long, short = 's', value_name = "DIR")]
    pub store: PathBuf,
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Stop each query after this many seconds (503).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Refuse results with more rows (422: add LIMIT).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_rows: usize,
    /// Queries evaluated at once; more get 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_queries: usize,
    /// Allow web pages of any origin to call the endpoint (CORS).
    #[arg(long)]
    pub cors: bool,
    /// A bearer token every request must carry (Authorization: Bearer TOKEN). Other users of
    /// this machine can read it in the process list: prefer --token-file.
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// Read the bearer token from a file (its first line).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Allow a non-loopback --bind without a token: anyone who reaches it can query the store.
    #[arg(long)]
    pub public: bool,
    /// A folder of .rq questions to offer instead of the built-in library.
    #[arg(long, value_name = "DIR")]
    pub queries: Option<PathBuf>,
    /// Megabytes of answers kept for questions asked again (0: none). A store never changes
    /// under the server, so a kept answer is exact; a swapped-in store starts afresh.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub cache_mb: usize,
    /// A GeoJSON outline (FeatureCollection, Feature, Polygon or MultiPolygon, longitude and
    /// latitude) that the page's map draws under the places; none ships with regionkg.
    #[arg(long, value_name = "FILE.geojson")]
    pub outline: Option<PathBuf>,
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
