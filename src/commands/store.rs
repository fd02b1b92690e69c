//! `query` and `export`: the commands that read a store.

use super::write_to;
use crate::cli::{
    CsvExportArgs, FormatArg, GraphmlArgs, QueryArgs, RdfExportArgs, RdfFormatArg, ServeArgs,
    StoreStatsArgs, SubgraphArgs,
};
use anyhow::{bail, Context, Result};
use regionkg::export::{Network, Subgraph};
use regionkg::output::{write_results, ResultFormat};
use regionkg::store::Store;
use std::io::IsTerminal;
use std::process::ExitCode;

pub fn query(args: QueryArgs) -> Result<ExitCode> {
    let (sparql, origin) = match (&args.file, &args.expression) {
        (Some(file), None) => (
            std::fs::read_to_string(file)
                .with_context(|| format!("cannot read query file {}", file.display()))?,
            file.display().to_string(),
        ),
        (None, Some(e)) => (e.clone(), "-e".to_string()),
        _ => bail!("give either a query file or -e SPARQL, not both"),
    };
    let mut params = Vec::new();
    for p in &args.params {
        let Some((name, value)) = p.split_once('=') else {
            bail!("--param {p:?}: expected NAME=VALUE");
        };
        params.push((
            name.trim_start_matches(['?', '$']).to_string(),
            value.to_string(),
        ));
    }
    let timeout = match args.timeout {
        Some(t) if t.is_finite() && t > 0.0 => Some(std::time::Duration::from_secs_f64(t)),
        Some(t) => bail!("--timeout must be a positive number of seconds, not {t}"),
        None => None,
    };
    let store = Store::open(&args.store)?;
    let results = store
        .query_with_timeout(&sparql, &origin, &params, timeout)
        .map_err(|e| timed_out(e.into(), args.timeout))?;
    let format = match args.format {
        FormatArg::Table => ResultFormat::Table,
        FormatArg::Csv => ResultFormat::Csv,
        FormatArg::Tsv => ResultFormat::Tsv,
        FormatArg::Json => ResultFormat::Json,
        FormatArg::Ntriples => ResultFormat::NTriples,
        FormatArg::Turtle => ResultFormat::Turtle,
    };
    let mut rows = 0;
    write_to(None, |out| {
        rows = write_results(results, format, out)?;
        Ok(())
    })
    .map_err(|e| timed_out(e, args.timeout))?;
    if format == ResultFormat::Table && std::io::stderr().is_terminal() {
        eprintln!("({rows} rows)");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!(
            "--timeout must be a positive number of seconds, not {}",
            args.timeout
        );
    }
    let token = match (&args.token, &args.token_file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read --token-file {}", file.display()))?;
            let token = text.lines().next().unwrap_or("").trim().to_string();
            if token.is_empty() {
                bail!("--token-file {}: the first line is empty", file.display());
            }
            Some(token)
        }
        (None, None) => None,
    };
    let mut options = regionkg::serve::Options::new(args.store);
    options.bind = args.bind;
    options.timeout = std::time::Duration::from_secs_f64(args.timeout);
    options.max_rows = args.max_rows;
    options.max_queries = args.max_queries;
    options.cors = args.cors;
    options.token = token;
    options.public = args.public;
    options.queries = args.queries;
    options.cache_bytes = args.cache_mb.saturating_mul(1 << 20);
    options.outline = args.outline;
    regionkg::serve::serve(options)?;
    Ok(ExitCode::SUCCESS)
}

/// Names the timeout when a query was stopped by it.
fn timed_out(e: anyhow::Error, timeout: Option<f64>) -> anyhow::Error {
    let cancelled = e
        .chain()
        .any(|c| matches!(c.downcast_ref(), Some(regionkg::Error::Cancelled { .. })));
    match timeout {
        Some(t) if cancelled => anyhow::anyhow!("the query was stopped after --timeout {t} s"),
        _ => e,
    }
}

pub fn export_rdf(args: RdfExportArgs) -> Result<ExitCode> {
    use oxigraph::io::RdfFormat;
    let format = match args.format {
        RdfFormatArg::Nquads => RdfFormat::NQuads,
        RdfFormatArg::Trig => RdfFormat::TriG,
        RdfFormatArg::Turtle => RdfFormat::Turtle,
        RdfFormatArg::Ntriples => RdfFormat::NTriples,
    };
    let store = Store::open(&args.store)?;
    write_to(args.output.as_deref(), |out| {
        regionkg::export::rdf::dump(&store, format, args.graph.as_deref(), out)?;
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The network of a store, cut to the part the options ask for.
fn network(store: &std::path::Path, sub: &SubgraphArgs) -> Result<Network> {
    let store = Store::open(store)?;
    let network = Network::from_store(&store)?;
    Ok(network.subgraph(&Subgraph {
        types: sub.types.clone(),
        min_weight: sub.min_weight,
        top_edges: sub.top_edges,
        ego: sub.ego.clone(),
    })?)
}

pub fn export_gexf(args: GraphmlArgs) -> Result<ExitCode> {
    let network = network(&args.store, &args.subgraph)?;
    write_to(args.output.as_deref(), |out| {
        network.write_gexf(out).map_err(Into::into)
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn export_csv(args: CsvExportArgs) -> Result<ExitCode> {
    let network = network(&args.store, &args.subgraph)?;
    write_to(Some(&args.nodes), |out| {
        network.write_nodes_csv(out).map_err(Into::into)
    })?;
    write_to(Some(&args.edges), |out| {
        network.write_edges_csv(out).map_err(Into::into)
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn export_graphml(args: GraphmlArgs) -> Result<ExitCode> {
    let network = network(&args.store, &args.subgraph)?;
    write_to(args.output.as_deref(), |out| {
        network.write_graphml(out).map_err(Into::into)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The sections of `regionkg stats`: a heading and a query (`{top}` is the row limit).
const STATS: &[(&str, &str)] = &[
    (
        "Store",
        "SELECT ?property ?value WHERE {
           GRAPH <https://w3id.org/regionkg/id/graph/meta> { rkg:store ?p ?value }
           BIND(STRAFTER(STR(?p), STR(rkg:)) AS ?property)
           FILTER(?property != \"\")
         } ORDER BY ?property ?value",
    ),
    (
        "Entities by type",
        "SELECT ?type (COUNT(?e) AS ?entities) (SUM(?m) AS ?mentions) WHERE {
           ?e rkg:mentionCount ?m ; a ?class .
           VALUES ?class { rkg:Place rkg:Zone rkg:Institution rkg:Project rkg:Plan }
           BIND(STRAFTER(STR(?class), STR(rkg:)) AS ?type)
         } GROUP BY ?type ORDER BY DESC(?mentions)",
    ),
    (
        "Most mentioned",
        "SELECT ?entity ?type ?mentions ?documents WHERE {
           ?e rkg:mentionCount ?mentions ; rkg:documentCount ?documents ; skos:prefLabel ?entity ; a ?class .
           VALUES ?class { rkg:Place rkg:Zone rkg:Institution rkg:Project rkg:Plan }
           BIND(STRAFTER(STR(?class), STR(rkg:)) AS ?type)
         } ORDER BY DESC(?mentions) ?entity LIMIT {top}",
    ),
    (
        "Most connected",
        "SELECT ?entity (COUNT(?p) AS ?degree) WHERE {
           ?p a rkg:CoOccurrence ; rkg:source|rkg:target ?e .
           ?e skos:prefLabel ?entity .
         } GROUP BY ?entity ORDER BY DESC(?degree) ?entity LIMIT {top}",
    ),
    (
        "Strongest pairs by shared windows",
        "SELECT ?a ?b ?windows ?documents WHERE {
           ?p a rkg:CoOccurrence ; rkg:source ?ea ; rkg:target ?eb ; rkg:windowCount ?windows ; rkg:documentCount ?documents .
           ?ea skos:prefLabel ?a . ?eb skos:prefLabel ?b .
         } ORDER BY DESC(?windows) ?a ?b LIMIT {top}",
    ),
    (
        "Strongest pairs by NPMI (sharing at least 5 windows)",
        "SELECT ?a ?b ?npmi ?windows WHERE {
           ?p a rkg:CoOccurrence ; rkg:source ?ea ; rkg:target ?eb ; rkg:windowCount ?windows ; rkg:npmi ?npmi .
           FILTER(?windows >= 5)
           ?ea skos:prefLabel ?a . ?eb skos:prefLabel ?b .
         } ORDER BY DESC(?npmi) ?a ?b LIMIT {top}",
    ),
];

pub fn stats(args: StoreStatsArgs) -> Result<ExitCode> {
    let store = Store::open(&args.store)?;
    write_to(None, |out| {
        for (i, (heading, sparql)) in STATS.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{heading}")?;
            let sparql = sparql
                .replace("rkg:store", "<https://w3id.org/regionkg/id/store>")
                .replace("{top}", &args.top.to_string());
            let results = store.query(&sparql, heading, &[])?;
            write_results(results, ResultFormat::Table, out)?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
