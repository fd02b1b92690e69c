//! `network`: city-network measures of a store, as tables, CSV or JSON (the reports are
//! [`regionkg::network::report`]'s; this file maps arguments and prints).

use super::write_to;
use crate::cli::{
    NetworkArgs, NetworkFormat, NetworkLevel, NetworkPeriod, NetworkWeight, NetworkWhat,
    NetworkWindow,
};
use anyhow::{bail, Context, Result};
use regionkg::network::report::{self, Format, Links, Measures, Period, Table};
use regionkg::network::{Corpus, Level, View, ViewOptions, Weight};
use regionkg::store::Store;
use std::process::ExitCode;

pub fn network(args: NetworkArgs) -> Result<ExitCode> {
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        bail!("--alpha must lie between 0 and 1, not {}", args.alpha);
    }
    let store = Store::open(&args.store)?;
    let corpus = Corpus::from_store(&store)
        .with_context(|| format!("cannot read the network of {}", args.store.display()))?;
    let find = |key: &str| -> Result<usize> {
        corpus.find(key).with_context(|| {
            format!(
                "no entity with id or name {key:?} in {} (names are as the gazetteer writes them, e.g. 北京市 or 11)",
                args.store.display()
            )
        })
    };
    let within = args
        .within
        .iter()
        .map(|w| find(w))
        .collect::<Result<Vec<_>>>()?;
    let options = ViewOptions {
        level: match args.level {
            NetworkLevel::Province => Level::Province,
            NetworkLevel::Prefecture => Level::Prefecture,
            NetworkLevel::County => Level::County,
            NetworkLevel::Entity => Level::Entity,
        },
        sentence_window: args.window == NetworkWindow::Sentence,
        expand_composites: args.expand_composites,
        within,
        period: args.period.clone(),
    };
    let weight = match args.weight {
        NetworkWeight::Documents => Weight::Documents,
        NetworkWeight::Ochiai => Weight::Ochiai,
        NetworkWeight::Npmi => Weight::Npmi,
        NetworkWeight::Fractional => Weight::Fractional,
    };
    let view = View::build(&corpus, &options);
    if view.nodes.is_empty() {
        bail!(
            "no places at that level in {}{}",
            args.store.display(),
            args.period
                .as_deref()
                .map_or(String::new(), |p| format!(" in period {p}"))
        );
    }
    let ego = args.ego.as_deref().map(find).transpose()?;
    let m = Measures::of(&view, weight);
    if let Some(path) = &args.graphml {
        let graph = regionkg::network::graphml::view(&corpus, &view, &m, weight, args.alpha);
        write_to(Some(path), |out| {
            regionkg::export::graphml::write(&graph, out).map_err(Into::into)
        })?;
    }
    let (alpha, top) = (args.alpha, args.top);
    let table = match args.what {
        NetworkWhat::Nodes => match args.by {
            Some(by) => {
                let by = match by {
                    NetworkPeriod::Year => Period::Year,
                    NetworkPeriod::Month => Period::Month,
                };
                report::nodes_by_period(&corpus, &options, weight, by, top)
                    .with_context(|| format!("no dated documents in {}", args.store.display()))?
            }
            None => report::nodes(&corpus, &view, &m, top),
        },
        NetworkWhat::Summary => report::summary(&view, &m, weight, alpha),
        NetworkWhat::Edges => report::edges(&corpus, &view, weight, Links::All, alpha, ego, top),
        NetworkWhat::Backbone => {
            report::edges(&corpus, &view, weight, Links::Backbone, alpha, ego, top)
        }
        NetworkWhat::Communities => {
            let (table, modularity) = report::communities(&corpus, &view, &m, weight);
            eprintln!(
                "{} communities, modularity {modularity:.4} (Louvain, weight {:?})",
                table.rows.len(),
                args.weight
            );
            table
        }
        NetworkWhat::Directed => report::directed(&corpus, &view, ego, top),
    };
    print(&table, args.format)?;
    Ok(ExitCode::SUCCESS)
}

fn print(table: &Table, format: NetworkFormat) -> Result<()> {
    let format = match format {
        NetworkFormat::Table => Format::Table,
        NetworkFormat::Csv => Format::Csv,
        NetworkFormat::Json => Format::Json,
    };
    write_to(None, |out| Ok(table.write(format, out)?))
}
