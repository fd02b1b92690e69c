//! `query` and `export`: the commands that read a store.

use super::write_to;
use crate::cli::{FormatArg, GraphmlArgs, QueryArgs};
use anyhow::{bail, Context, Result};
use regionkg::graphml::Network;
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
    let store = Store::open(&args.store)?;
    let results = store.query(&sparql, &origin, &params)?;
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
    })?;
    if format == ResultFormat::Table && std::io::stderr().is_terminal() {
        eprintln!("({rows} rows)");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export_graphml(args: GraphmlArgs) -> Result<ExitCode> {
    let store = Store::open(&args.store)?;
    let network = Network::from_store(&store)?;
    write_to(args.output.as_deref(), |out| {
        network.write_graphml(out).map_err(Into::into)
    })?;
    Ok(ExitCode::SUCCESS)
}
