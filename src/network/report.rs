//! The reports `regionkg network` prints, as typed tables: node measures (also per period, with
//! rank changes), a summary of the whole network, edges and the backbone, communities, and
//! directed links from home regions; and a view as GraphML with its measures.

use super::places::Corpus;
use super::statistics::Disparity;
pub use super::table::{Cell, Format, Table};
use super::view::{DirectedLink, View, ViewOptions, Weight};
use super::{
    average_clustering, average_path_length, betweenness, closeness, clustering, components,
    density, disparity, distance_decay, eigenvector, gini, head_tail_breaks, louvain, modularity,
    pagerank, power_law, ranks, tier,
};
use std::collections::{BTreeSet, HashMap};

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Node measures of one view.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    pub degree: Vec<usize>,
    pub strength: Vec<f64>,
    pub share: Vec<f64>,
    pub betweenness: Vec<f64>,
    pub closeness: Vec<f64>,
    pub eigenvector: Vec<f64>,
    pub pagerank: Vec<f64>,
    pub clustering: Vec<f64>,
    pub tier: Vec<usize>,
    pub community: Vec<usize>,
}

impl Measures {
    pub fn of(view: &View, weight: Weight) -> Measures {
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

    /// Node positions by PageRank, highest first (ties by position).
    fn by_pagerank(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pagerank.len()).collect();
        order.sort_by(|&a, &b| {
            self.pagerank[b]
                .total_cmp(&self.pagerank[a])
                .then(a.cmp(&b))
        });
        order
    }
}

/// How many rows to print of `len`: all when `top` is 0.
fn limit(top: usize, len: usize) -> usize {
    if top == 0 {
        len
    } else {
        top.min(len)
    }
}

fn optional(x: Option<f64>) -> Cell {
    text(x.map_or(String::new(), |x| x.to_string()))
}

/// Node measures, by PageRank.
pub fn nodes(corpus: &Corpus, view: &View, m: &Measures, top: usize) -> Table {
    let pr_rank = ranks(&m.pagerank);
    let s_rank = ranks(&m.strength);
    let order = m.by_pagerank();
    let rows = order
        .iter()
        .take(limit(top, order.len()))
        .map(|&i| {
            let e = &corpus.entities[view.nodes[i]];
            vec![
                Cell::Int(pr_rank[i]),
                text(&e.id),
                text(&e.label),
                Cell::Int(view.node_documents[i]),
                Cell::Int(m.degree[i]),
                Cell::Num(m.strength[i]),
                Cell::Num(m.share[i]),
                Cell::Int(s_rank[i]),
                Cell::Num(m.pagerank[i]),
                Cell::Num(m.eigenvector[i]),
                Cell::Num(m.betweenness[i]),
                Cell::Num(m.closeness[i]),
                Cell::Num(m.clustering[i]),
                Cell::Int(m.tier[i]),
                Cell::Int(m.community[i]),
                optional(e.lat),
                optional(e.lon),
            ]
        })
        .collect();
    Table {
        header: vec![
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
        rows,
    }
}

/// The length of a period's prefix of a date: a year or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
}

/// PageRank and strength ranks per period, with the change of PageRank rank since the previous
/// period (positive = up). None when no document in the view's period has a date.
pub fn nodes_by_period(
    corpus: &Corpus,
    options: &ViewOptions,
    weight: Weight,
    by: Period,
    top: usize,
) -> Option<Table> {
    let len = match by {
        Period::Year => 4,
        Period::Month => 7,
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
        return None;
    }
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut rows = Vec::new();
    for p in periods {
        let options = ViewOptions {
            period: Some(p.clone()),
            ..options.clone()
        };
        let view = View::build(corpus, &options);
        if view.nodes.is_empty() {
            continue;
        }
        let m = Measures::of(&view, weight);
        let pr_rank = ranks(&m.pagerank);
        let s_rank = ranks(&m.strength);
        let order = m.by_pagerank();
        let count = if top == 0 { order.len() } else { top };
        for &i in order.iter().take(count) {
            let e = view.nodes[i];
            let change = previous.get(&e).map_or(String::from("new"), |&r| {
                format!("{:+}", r as i64 - pr_rank[i] as i64)
            });
            rows.push(vec![
                text(&p),
                Cell::Int(pr_rank[i]),
                text(&corpus.entities[e].label),
                Cell::Int(view.node_documents[i]),
                Cell::Num(m.strength[i]),
                Cell::Int(s_rank[i]),
                Cell::Num(m.pagerank[i]),
                text(change),
            ]);
        }
        previous = view
            .nodes
            .iter()
            .enumerate()
            .map(|(i, &e)| (e, pr_rank[i]))
            .collect();
    }
    Some(Table {
        header: vec![
            "period",
            "rank",
            "name",
            "documents",
            "strength",
            "strength_rank",
            "pagerank",
            "rank_change",
        ],
        rows,
    })
}

/// Measures of the whole network: size, structure, concentration, backbone, fits.
pub fn summary(view: &View, m: &Measures, weight: Weight, alpha: f64) -> Table {
    let g = view.graph(weight);
    let comps = components(&g);
    let strength = &m.strength;
    let mut sorted = strength.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = sorted.iter().sum();
    let top10 = sorted.iter().take(sorted.len().div_ceil(10)).sum::<f64>();
    let breaks = head_tail_breaks(strength);
    let communities = m.community.iter().collect::<BTreeSet<_>>().len();
    let tiers = Cell::Tiers {
        count: breaks.len() + 1,
        breaks,
    };
    let mut rows: Vec<(String, Cell)> = vec![
        ("documents".into(), Cell::Int(view.documents)),
        ("nodes".into(), Cell::Int(g.len())),
        ("edges".into(), Cell::Int(g.edge_count())),
        ("density".into(), Cell::Num(density(&g))),
        ("components".into(), Cell::Int(comps.len())),
        (
            "largest component".into(),
            Cell::Int(comps.first().map_or(0, Vec::len)),
        ),
        (
            "average path length (hops, largest component)".into(),
            Cell::Num(average_path_length(&g)),
        ),
        (
            "average clustering".into(),
            Cell::Num(average_clustering(&g)),
        ),
        ("communities (Louvain)".into(), Cell::Int(communities)),
        ("modularity".into(), Cell::Num(modularity(&g, &m.community))),
        (
            "strength mean".into(),
            Cell::Num(total / g.len().max(1) as f64),
        ),
        (
            "strength max".into(),
            Cell::Num(sorted.first().copied().unwrap_or(0.0)),
        ),
        ("strength Gini".into(), Cell::Num(gini(strength))),
        (
            "strength share of the top 10 % of nodes".into(),
            Cell::Num(if total > 0.0 { top10 / total } else { 0.0 }),
        ),
        ("strength tiers (head/tail breaks)".into(), tiers),
        (
            format!("backbone edges (disparity filter, alpha {alpha})"),
            Cell::Int(disparity(&g).iter().filter(|e| e.alpha < alpha).count()),
        ),
    ];
    rows.extend(fits(view, strength, weight));
    Table {
        header: vec!["measure", "value"],
        rows: rows
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(k), v])
            .collect(),
    }
}

/// The summary's fitted laws: a power law of strengths and distance decay of weights.
fn fits(view: &View, strength: &[f64], weight: Weight) -> Vec<(String, Cell)> {
    let mut rows = Vec::new();
    match power_law(strength) {
        Some(p) => {
            rows.push(("power-law alpha (strength)".into(), Cell::Num(p.alpha)));
            rows.push(("power-law x_min".into(), Cell::Num(p.x_min)));
            rows.push(("power-law tail nodes".into(), Cell::Int(p.tail)));
            rows.push(("power-law KS distance".into(), Cell::Num(p.ks)));
        }
        None => rows.push(("power-law alpha (strength)".into(), text("too few nodes"))),
    }
    let points: Vec<(f64, f64)> = view
        .links
        .iter()
        .filter_map(|l| Some((l.distance_km?, l.weight(weight))))
        .collect();
    match distance_decay(&points) {
        Some(fit) => {
            rows.push((
                "distance decay beta (w ~ d^-beta)".into(),
                Cell::Num(fit.beta),
            ));
            rows.push(("distance decay R^2".into(), Cell::Num(fit.r2)));
            rows.push(("distance decay links".into(), Cell::Int(fit.links)));
        }
        None => rows.push((
            "distance decay beta (w ~ d^-beta)".into(),
            text("too few links with coordinates"),
        )),
    }
    rows
}

/// Which links [`edges`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    All,
    /// Only those the disparity filter keeps.
    Backbone,
}

/// The disparity α of each edge of the view's graph, by (a, b).
pub(super) fn alphas(view: &View, weight: Weight) -> HashMap<(usize, usize), f64> {
    disparity(&view.graph(weight))
        .into_iter()
        .map(|Disparity { a, b, alpha, .. }| ((a, b), alpha))
        .collect()
}

/// Links by weight, with their measures and whether the backbone keeps them; only the ego's
/// (an entity index) when given.
pub fn edges(
    corpus: &Corpus,
    view: &View,
    weight: Weight,
    which: Links,
    alpha: f64,
    ego: Option<usize>,
    top: usize,
) -> Table {
    let alphas = alphas(view, weight);
    let name = |n: usize| text(&corpus.entities[view.nodes[n]].label);
    let mut links: Vec<_> = view
        .links
        .iter()
        .filter(|l| {
            ego.is_none_or(|e| view.nodes[l.a] == e || view.nodes[l.b] == e)
                && (which == Links::All || alphas.get(&(l.a, l.b)).is_some_and(|&a| a < alpha))
        })
        .collect();
    links.sort_by(|x, y| {
        y.weight(weight)
            .total_cmp(&x.weight(weight))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let rows = links
        .iter()
        .take(limit(top, links.len()))
        .map(|l| {
            let a = alphas.get(&(l.a, l.b)).copied();
            vec![
                name(l.a),
                name(l.b),
                Cell::Int(l.documents),
                Cell::Num(l.ochiai),
                Cell::Num(l.npmi),
                Cell::Num(l.fractional),
                text(l.distance_km.map_or(String::new(), |d| format!("{d:.1}"))),
                a.map_or(text(""), Cell::Num),
                text(a.is_some_and(|a| a < alpha).to_string()),
            ]
        })
        .collect();
    Table {
        header: vec![
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
        rows,
    }
}

/// Louvain communities by their share of the strength, with their members by strength; and the
/// partition's modularity.
pub fn communities(corpus: &Corpus, view: &View, m: &Measures, weight: Weight) -> (Table, f64) {
    let count = m.community.iter().copied().max().map_or(0, |c| c + 1);
    let total: f64 = m.strength.iter().sum();
    let mut found: Vec<(f64, Vec<Cell>)> = (0..count)
        .map(|c| {
            let mut members: Vec<usize> = (0..view.nodes.len())
                .filter(|&i| m.community[i] == c)
                .collect();
            members.sort_by(|&a, &b| m.strength[b].total_cmp(&m.strength[a]).then(a.cmp(&b)));
            let strength: f64 = members.iter().map(|&i| m.strength[i]).sum();
            let share = if total > 0.0 { strength / total } else { 0.0 };
            let names: Vec<&str> = members
                .iter()
                .map(|&i| corpus.entities[view.nodes[i]].label.as_str())
                .collect();
            let row = vec![
                Cell::Int(c),
                Cell::Int(members.len()),
                Cell::Num(share),
                text(names.join("、")),
            ];
            (share, row)
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    let table = Table {
        header: vec!["community", "size", "strength_share", "members"],
        rows: found.into_iter().map(|(_, row)| row).collect(),
    };
    (table, modularity(&view.graph(weight), &m.community))
}

/// Links from home regions (channels) to the places their documents name, most documents first;
/// only the ego's (an entity index) when given.
pub fn directed(corpus: &Corpus, view: &View, ego: Option<usize>, top: usize) -> Table {
    let mut links: Vec<&DirectedLink> = view
        .directed
        .iter()
        .filter(|l| ego.is_none_or(|e| l.home == e || l.node == e))
        .collect();
    links.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then((a.home, a.node).cmp(&(b.home, b.node)))
    });
    let rows = links
        .iter()
        .take(limit(top, links.len()))
        .map(|l| {
            vec![
                text(&corpus.entities[l.home].label),
                text(&corpus.entities[l.node].label),
                Cell::Int(l.documents),
            ]
        })
        .collect();
    Table {
        header: vec!["home", "target", "documents"],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityType;
    use crate::network::Level;
    use crate::store::read::{Occurrence, StoredDocument, StoredEntity};

    fn place(id: &str, label: &str, subtype: &str, parent: Option<usize>) -> StoredEntity {
        StoredEntity {
            id: id.into(),
            label: label.into(),
            kind: EntityType::Place,
            subtype: subtype.into(),
            code: String::new(),
            parent,
            members: Vec::new(),
            lat: None,
            lon: None,
            aliases: Vec::new(),
            counts: None,
        }
    }

    fn doc(id: &str, entities: &[usize]) -> StoredDocument {
        StoredDocument {
            id: id.into(),
            date: Some("2019-03-01".into()),
            channel: None,
            mentions: entities
                .iter()
                .map(|&entity| Occurrence {
                    entity,
                    sentence: 0,
                })
                .collect(),
        }
    }

    /// 中国 with three cities; two documents name 北京 and 天津, one names all three.
    fn corpus() -> Corpus {
        Corpus {
            entities: vec![
                place("CN", "中国", "country", None),
                place("11", "北京市", "municipality", Some(0)),
                place("12", "天津市", "municipality", Some(0)),
                place("13", "河北省", "province", Some(0)),
            ],
            documents: vec![doc("a", &[1, 2]), doc("b", &[1, 2]), doc("c", &[1, 2, 3])],
        }
    }

    #[test]
    fn reports_are_typed_tables_written_by_format() {
        let corpus = corpus();
        let options = ViewOptions {
            level: Level::Province,
            ..ViewOptions::default()
        };
        let view = View::build(&corpus, &options);
        let m = Measures::of(&view, Weight::Documents);
        let nodes = nodes(&corpus, &view, &m, 0);
        assert_eq!(nodes.rows.len(), 3);
        // 北京 and 天津 share 3 documents and each 1 with 河北: the strongest two lead.
        assert_eq!(nodes.rows[0][2], Cell::Text("北京市".into()));
        assert_eq!(nodes.rows[0][4], Cell::Int(2));
        assert_eq!(nodes.rows[0][5], Cell::Num(4.0));
        let edges = edges(&corpus, &view, Weight::Documents, Links::All, 0.05, None, 1);
        assert_eq!(edges.rows.len(), 1);
        assert_eq!(edges.rows[0][2], Cell::Int(3));
        let write = |t: &Table, f: Format| {
            let mut out = Vec::new();
            t.write(f, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let share = Table {
            header: vec!["name", "share"],
            rows: vec![vec![text("a,b"), Cell::Num(1.0 / 3.0)]],
        };
        assert!(write(&share, Format::Table).contains("0.3333"));
        assert_eq!(
            write(&share, Format::Csv),
            "name,share\n\"a,b\",0.3333333333333333\n"
        );
        let json: serde_json::Value = serde_json::from_str(&write(&share, Format::Json)).unwrap();
        assert_eq!(json[0]["share"].as_f64(), Some(1.0 / 3.0));
        let summary = summary(&view, &m, Weight::Documents, 0.05);
        let value = |k: &str| summary.rows.iter().find(|r| r[0] == text(k)).unwrap()[1].clone();
        assert_eq!(value("nodes"), Cell::Int(3));
        assert_eq!(value("edges"), Cell::Int(3));
        assert_eq!(value("documents"), Cell::Int(3));
    }

    #[test]
    fn periods_rank_nodes_and_say_what_changed() {
        let mut corpus = corpus();
        corpus.documents[2].date = Some("2020-01-01".into());
        let options = ViewOptions {
            level: Level::Province,
            ..ViewOptions::default()
        };
        let table = nodes_by_period(&corpus, &options, Weight::Documents, Period::Year, 0)
            .expect("dated documents");
        let periods: Vec<&Cell> = table.rows.iter().map(|r| &r[0]).collect();
        assert_eq!(periods.iter().filter(|p| ***p == text("2019")).count(), 2);
        // 河北 first appears in 2020: "new"; the others have a rank change.
        let hebei = table.rows.iter().find(|r| r[2] == text("河北省")).unwrap();
        assert_eq!(hebei[7], text("new"));
        corpus.documents.iter_mut().for_each(|d| d.date = None);
        assert!(nodes_by_period(&corpus, &options, Weight::Documents, Period::Year, 0).is_none());
    }
}
