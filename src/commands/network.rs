//! `network`: city-network measures of a store, as tables, CSV or JSON.

use super::write_to;
use crate::cli::{
    NetworkArgs, NetworkFormat, NetworkLevel, NetworkPeriod, NetworkWeight, NetworkWhat,
    NetworkWindow,
};
use anyhow::{bail, Context, Result};
use regionkg::graphml::xml_escape;
use regionkg::network::{
    average_clustering, average_path_length, betweenness, closeness, clustering, components,
    density, disparity, distance_decay, eigenvector, gini, head_tail_breaks, louvain, modularity,
    pagerank, power_law, ranks, tier, Corpus, Level, View, ViewOptions, Weight,
};
use regionkg::store::Store;
use std::collections::BTreeSet;
use std::process::ExitCode;

/// Node measures of one view.
struct Measures {
    degree: Vec<usize>,
    strength: Vec<f64>,
    share: Vec<f64>,
    betweenness: Vec<f64>,
    closeness: Vec<f64>,
    eigenvector: Vec<f64>,
    pagerank: Vec<f64>,
    clustering: Vec<f64>,
    tier: Vec<usize>,
    community: Vec<usize>,
}

fn measure(view: &View, weight: Weight) -> Measures {
    let g = view.graph(weight);
    let strength: Vec<f64> = (0..g.len()).map(|i| g.strength(i)).collect();
    let total: f64 = strength.iter().sum();
    let breaks = head_tail_breaks(&strength);
    Measures {
        degree: (0..g.len()).map(|i| g.degree(i)).collect(),
        share: strength
            .iter()
            .map(|s| if total > 0.0 { s / total } else { 0.0 })
            .collect(),
        tier: strength.iter().map(|&s| tier(s, &breaks)).collect(),
        betweenness: betweenness(&g),
        closeness: closeness(&g),
        eigenvector: eigenvector(&g),
        pagerank: pagerank(&g, 0.85),
        clustering: clustering(&g),
        community: louvain(&g),
        strength,
    }
}

thread_local! {
    /// Whether numbers are printed in full (CSV, JSON) or to four decimals (tables).
    static PRECISE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn f(x: f64) -> String {
    if PRECISE.with(|p| p.get()) {
        format!("{x}")
    } else {
        format!("{x:.4}")
    }
}

/// Rows of strings, written as a table, CSV or JSON (numbers stay numbers in JSON).
fn emit(format: NetworkFormat, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    write_to(None, |out| {
        match format {
            NetworkFormat::Table => regionkg::output::write_table(
                &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
                rows,
                out,
            )?,
            NetworkFormat::Csv => {
                let cell = |s: &str| {
                    if s.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", s.replace('"', "\"\""))
                    } else {
                        s.to_string()
                    }
                };
                writeln!(out, "{}", header.join(","))?;
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                    writeln!(out, "{}", cells.join(","))?;
                }
            }
            NetworkFormat::Json => {
                let list: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        let map: serde_json::Map<String, serde_json::Value> = header
                            .iter()
                            .zip(r)
                            .map(|(h, c)| {
                                let v = match c.parse::<f64>() {
                                    Ok(x) if x.is_finite() && !c.is_empty() => {
                                        serde_json::json!(x)
                                    }
                                    _ => serde_json::Value::String(c.clone()),
                                };
                                (h.to_string(), v)
                            })
                            .collect();
                        serde_json::Value::Object(map)
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            }
        }
        Ok(())
    })
}

pub fn network(args: NetworkArgs) -> Result<ExitCode> {
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        bail!("--alpha must lie between 0 and 1, not {}", args.alpha);
    }
    PRECISE.with(|p| p.set(args.format != NetworkFormat::Table));
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
    let name = |n: usize| corpus.entities[view.nodes[n]].label.clone();
    let top = |len: usize| {
        if args.top == 0 {
            len
        } else {
            args.top.min(len)
        }
    };
    let ego = args.ego.as_deref().map(find).transpose()?;
    let m = measure(&view, weight);
    if let Some(path) = &args.graphml {
        write_graphml(path, &corpus, &view, &m, weight, args.alpha)?;
    }
    match args.what {
        NetworkWhat::Nodes if args.by.is_some() => {
            nodes_by_period(&args, &corpus, &options, weight)?;
        }
        NetworkWhat::Nodes => {
            let pr_rank = ranks(&m.pagerank);
            let s_rank = ranks(&m.strength);
            let mut order: Vec<usize> = (0..view.nodes.len()).collect();
            order.sort_by(|&a, &b| m.pagerank[b].total_cmp(&m.pagerank[a]).then(a.cmp(&b)));
            let rows: Vec<Vec<String>> = order
                .iter()
                .take(top(order.len()))
                .map(|&i| {
                    let e = &corpus.entities[view.nodes[i]];
                    vec![
                        pr_rank[i].to_string(),
                        e.id.clone(),
                        e.label.clone(),
                        view.node_documents[i].to_string(),
                        m.degree[i].to_string(),
                        f(m.strength[i]),
                        f(m.share[i]),
                        s_rank[i].to_string(),
                        f(m.pagerank[i]),
                        f(m.eigenvector[i]),
                        f(m.betweenness[i]),
                        f(m.closeness[i]),
                        f(m.clustering[i]),
                        m.tier[i].to_string(),
                        m.community[i].to_string(),
                        e.lat.map_or(String::new(), |x| x.to_string()),
                        e.lon.map_or(String::new(), |x| x.to_string()),
                    ]
                })
                .collect();
            emit(
                args.format,
                &[
                    "rank",
                    "id",
                    "name",
                    "documents",
                    "degree",
                    "strength",
                    "share",
                    "strength_rank",
                    "pagerank",
                    "eigenvector",
                    "betweenness",
                    "closeness",
                    "clustering",
                    "tier",
                    "community",
                    "lat",
                    "lng",
                ],
                &rows,
            )?;
        }
        NetworkWhat::Summary => {
            let g = view.graph(weight);
            let comps = components(&g);
            let strength = &m.strength;
            let mut sorted = strength.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let total: f64 = sorted.iter().sum();
            let top10 = sorted.iter().take(sorted.len().div_ceil(10)).sum::<f64>();
            let fit = power_law(strength);
            let decay = distance_decay(
                &view
                    .links
                    .iter()
                    .filter_map(|l| Some((l.distance_km?, l.weight(weight))))
                    .collect::<Vec<_>>(),
            );
            let backbone = disparity(&g).iter().filter(|e| e.3 < args.alpha).count();
            let breaks = head_tail_breaks(strength);
            let mut rows: Vec<(String, String)> = vec![
                ("documents".into(), view.documents.to_string()),
                ("nodes".into(), g.len().to_string()),
                ("edges".into(), g.edge_count().to_string()),
                ("density".into(), f(density(&g))),
                ("components".into(), comps.len().to_string()),
                (
                    "largest component".into(),
                    comps.first().map_or(0, Vec::len).to_string(),
                ),
                (
                    "average path length (hops, largest component)".into(),
                    f(average_path_length(&g)),
                ),
                ("average clustering".into(), f(average_clustering(&g))),
                (
                    "communities (Louvain)".into(),
                    m.community
                        .iter()
                        .collect::<BTreeSet<_>>()
                        .len()
                        .to_string(),
                ),
                ("modularity".into(), f(modularity(&g, &m.community))),
                ("strength mean".into(), f(total / g.len().max(1) as f64)),
                (
                    "strength max".into(),
                    f(sorted.first().copied().unwrap_or(0.0)),
                ),
                ("strength Gini".into(), f(gini(strength))),
                (
                    "strength share of the top 10 % of nodes".into(),
                    f(if total > 0.0 { top10 / total } else { 0.0 }),
                ),
                (
                    "strength tiers (head/tail breaks)".into(),
                    format!(
                        "{} (breaks {})",
                        breaks.len() + 1,
                        breaks.iter().map(|b| f(*b)).collect::<Vec<_>>().join(", ")
                    ),
                ),
                (
                    format!("backbone edges (disparity filter, alpha {})", args.alpha),
                    backbone.to_string(),
                ),
            ];
            match fit {
                Some(p) => {
                    rows.push(("power-law alpha (strength)".into(), f(p.alpha)));
                    rows.push(("power-law x_min".into(), f(p.x_min)));
                    rows.push(("power-law tail nodes".into(), p.tail.to_string()));
                    rows.push(("power-law KS distance".into(), f(p.ks)));
                }
                None => rows.push(("power-law alpha (strength)".into(), "too few nodes".into())),
            }
            match decay {
                Some((beta, r2, n)) => {
                    rows.push(("distance decay beta (w ~ d^-beta)".into(), f(beta)));
                    rows.push(("distance decay R^2".into(), f(r2)));
                    rows.push(("distance decay links".into(), n.to_string()));
                }
                None => rows.push((
                    "distance decay beta (w ~ d^-beta)".into(),
                    "too few links with coordinates".into(),
                )),
            }
            let rows: Vec<Vec<String>> = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
            emit(args.format, &["measure", "value"], &rows)?;
        }
        NetworkWhat::Edges | NetworkWhat::Backbone => {
            let g = view.graph(weight);
            let alphas: std::collections::HashMap<(usize, usize), f64> = disparity(&g)
                .into_iter()
                .map(|(a, b, _, al)| ((a, b), al))
                .collect();
            let mut links: Vec<_> = view
                .links
                .iter()
                .filter(|l| {
                    ego.is_none_or(|e| view.nodes[l.a] == e || view.nodes[l.b] == e)
                        && (args.what == NetworkWhat::Edges
                            || alphas.get(&(l.a, l.b)).is_some_and(|&a| a < args.alpha))
                })
                .collect();
            links.sort_by(|x, y| {
                y.weight(weight)
                    .total_cmp(&x.weight(weight))
                    .then((x.a, x.b).cmp(&(y.a, y.b)))
            });
            let rows: Vec<Vec<String>> = links
                .iter()
                .take(top(links.len()))
                .map(|l| {
                    let alpha = alphas.get(&(l.a, l.b)).copied();
                    vec![
                        name(l.a),
                        name(l.b),
                        l.documents.to_string(),
                        f(l.ochiai),
                        f(l.npmi),
                        f(l.fractional),
                        l.distance_km.map_or(String::new(), |d| format!("{d:.1}")),
                        alpha.map_or(String::new(), f),
                        alpha.is_some_and(|a| a < args.alpha).to_string(),
                    ]
                })
                .collect();
            emit(
                args.format,
                &[
                    "source",
                    "target",
                    "documents",
                    "ochiai",
                    "npmi",
                    "fractional",
                    "distance_km",
                    "disparity_alpha",
                    "backbone",
                ],
                &rows,
            )?;
        }
        NetworkWhat::Communities => {
            let g = view.graph(weight);
            let count = m.community.iter().copied().max().map_or(0, |c| c + 1);
            let total: f64 = m.strength.iter().sum();
            let mut rows: Vec<Vec<String>> = (0..count)
                .map(|c| {
                    let mut members: Vec<usize> = (0..view.nodes.len())
                        .filter(|&i| m.community[i] == c)
                        .collect();
                    members
                        .sort_by(|&a, &b| m.strength[b].total_cmp(&m.strength[a]).then(a.cmp(&b)));
                    let strength: f64 = members.iter().map(|&i| m.strength[i]).sum();
                    vec![
                        c.to_string(),
                        members.len().to_string(),
                        f(if total > 0.0 { strength / total } else { 0.0 }),
                        members
                            .iter()
                            .map(|&i| name(i))
                            .collect::<Vec<_>>()
                            .join("、"),
                    ]
                })
                .collect();
            rows.sort_by(|a, b| {
                b[2].parse::<f64>()
                    .unwrap_or(0.0)
                    .total_cmp(&a[2].parse::<f64>().unwrap_or(0.0))
            });
            eprintln!(
                "{count} communities, modularity {:.4} (Louvain, weight {:?})",
                modularity(&g, &m.community),
                args.weight
            );
            emit(
                args.format,
                &["community", "size", "strength_share", "members"],
                &rows,
            )?;
        }
        NetworkWhat::Directed => {
            let mut links: Vec<&(usize, usize, usize)> = view
                .directed
                .iter()
                .filter(|(h, n, _)| ego.is_none_or(|e| *h == e || *n == e))
                .collect();
            links.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
            let rows: Vec<Vec<String>> = links
                .iter()
                .take(top(links.len()))
                .map(|(h, n, c)| {
                    vec![
                        corpus.entities[*h].label.clone(),
                        corpus.entities[*n].label.clone(),
                        c.to_string(),
                    ]
                })
                .collect();
            emit(args.format, &["home", "target", "documents"], &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `nodes --by year|month`: PageRank and strength ranks per period, with the change of PageRank
/// rank since the previous period (positive = up).
fn nodes_by_period(
    args: &NetworkArgs,
    corpus: &Corpus,
    options: &ViewOptions,
    weight: Weight,
) -> Result<()> {
    let len = if args.by == Some(NetworkPeriod::Year) {
        4
    } else {
        7
    };
    let periods: BTreeSet<String> = corpus
        .documents
        .iter()
        .filter_map(|d| d.date.as_deref())
        .filter(|d| d.len() >= len)
        .map(|d| d[..len].to_string())
        .filter(|p| options.period.as_deref().is_none_or(|x| p.starts_with(x)))
        .collect();
    if periods.is_empty() {
        bail!("no dated documents in {}", args.store.display());
    }
    let mut previous: std::collections::HashMap<usize, usize> = Default::default();
    let mut rows = Vec::new();
    for p in periods {
        let view = View::build(
            corpus,
            &ViewOptions {
                period: Some(p.clone()),
                ..options.clone()
            },
        );
        if view.nodes.is_empty() {
            continue;
        }
        let m = measure(&view, weight);
        let pr_rank = ranks(&m.pagerank);
        let s_rank = ranks(&m.strength);
        let mut order: Vec<usize> = (0..view.nodes.len()).collect();
        order.sort_by(|&a, &b| m.pagerank[b].total_cmp(&m.pagerank[a]).then(a.cmp(&b)));
        let limit = if args.top == 0 { order.len() } else { args.top };
        for &i in order.iter().take(limit) {
            let e = view.nodes[i];
            let change = previous.get(&e).map_or(String::from("new"), |&r| {
                format!("{:+}", r as i64 - pr_rank[i] as i64)
            });
            rows.push(vec![
                p.clone(),
                pr_rank[i].to_string(),
                corpus.entities[e].label.clone(),
                view.node_documents[i].to_string(),
                f(m.strength[i]),
                s_rank[i].to_string(),
                f(m.pagerank[i]),
                change,
            ]);
        }
        previous = view
            .nodes
            .iter()
            .enumerate()
            .map(|(i, &e)| (e, pr_rank[i]))
            .collect();
    }
    emit(
        args.format,
        &[
            "period",
            "rank",
            "name",
            "documents",
            "strength",
            "strength_rank",
            "pagerank",
            "rank_change",
        ],
        &rows,
    )
}

/// The view as GraphML with node measures, coordinates (`lat`, `lng`, for Gephi's geographic
/// layouts) and link weights.
fn write_graphml(
    path: &std::path::Path,
    corpus: &Corpus,
    view: &View,
    m: &Measures,
    weight: Weight,
    alpha: f64,
) -> Result<()> {
    let g = view.graph(weight);
    let alphas: std::collections::HashMap<(usize, usize), f64> = disparity(&g)
        .into_iter()
        .map(|(a, b, _, al)| ((a, b), al))
        .collect();
    write_to(Some(path), |out| {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )?;
        let node_keys = [
            ("label", "string"),
            ("type", "string"),
            ("subtype", "string"),
            ("documents", "int"),
            ("degree", "int"),
            ("strength", "double"),
            ("pagerank", "double"),
            ("eigenvector", "double"),
            ("betweenness", "double"),
            ("closeness", "double"),
            ("clustering", "double"),
            ("tier", "int"),
            ("community", "int"),
            ("lat", "double"),
            ("lng", "double"),
        ];
        for (k, t) in node_keys {
            writeln!(
                out,
                r#"  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>"#
            )?;
        }
        let edge_keys = [
            ("weight", "double"),
            ("documents", "int"),
            ("ochiai", "double"),
            ("npmi", "double"),
            ("fractional", "double"),
            ("distance_km", "double"),
            ("disparity_alpha", "double"),
            ("backbone", "boolean"),
        ];
        for (k, t) in edge_keys {
            writeln!(
                out,
                r#"  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}"/>"#
            )?;
        }
        writeln!(out, r#"  <graph id="network" edgedefault="undirected">"#)?;
        for (i, &e) in view.nodes.iter().enumerate() {
            let x = &corpus.entities[e];
            writeln!(out, r#"    <node id="{}">"#, xml_escape(&x.id))?;
            let mut data = vec![
                ("label", xml_escape(&x.label)),
                ("type", xml_escape(&x.kind)),
                ("subtype", xml_escape(&x.subtype)),
                ("documents", view.node_documents[i].to_string()),
                ("degree", m.degree[i].to_string()),
                ("strength", m.strength[i].to_string()),
                ("pagerank", m.pagerank[i].to_string()),
                ("eigenvector", m.eigenvector[i].to_string()),
                ("betweenness", m.betweenness[i].to_string()),
                ("closeness", m.closeness[i].to_string()),
                ("clustering", m.clustering[i].to_string()),
                ("tier", m.tier[i].to_string()),
                ("community", m.community[i].to_string()),
            ];
            if let (Some(lat), Some(lon)) = (x.lat, x.lon) {
                data.push(("lat", lat.to_string()));
                data.push(("lng", lon.to_string()));
            }
            for (k, v) in data {
                writeln!(out, r#"      <data key="{k}">{v}</data>"#)?;
            }
            writeln!(out, "    </node>")?;
        }
        for l in &view.links {
            let w = l.weight(weight);
            if w <= 0.0 {
                continue;
            }
            let al = alphas.get(&(l.a, l.b)).copied().unwrap_or(1.0);
            writeln!(
                out,
                r#"    <edge source="{}" target="{}">"#,
                xml_escape(&corpus.entities[view.nodes[l.a]].id),
                xml_escape(&corpus.entities[view.nodes[l.b]].id)
            )?;
            let mut data = vec![
                ("weight", w.to_string()),
                ("documents", l.documents.to_string()),
                ("ochiai", l.ochiai.to_string()),
                ("npmi", l.npmi.to_string()),
                ("fractional", l.fractional.to_string()),
                ("disparity_alpha", al.to_string()),
                ("backbone", (al < alpha).to_string()),
            ];
            if let Some(d) = l.distance_km {
                data.push(("distance_km", d.to_string()));
            }
            for (k, v) in data {
                writeln!(out, r#"      <data key="e_{k}">{v}</data>"#)?;
            }
            writeln!(out, "    </edge>")?;
        }
        writeln!(out, "  </graph>\n</graphml>")?;
        Ok(())
    })
}
