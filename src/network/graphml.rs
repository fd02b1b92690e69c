//! A network view as GraphML, written by the one GraphML writer ([`crate::export::graphml`]):
//! node measures, coordinates (`lat`, `lng`, for Gephi's geographic layouts) and link weights
//! with the backbone flag.

use super::places::Corpus;
use super::report::{alphas, Measures};
use super::view::{View, Weight};
use crate::export::graphml::{self, At, Element, Key};

/// The view as GraphML with node measures, coordinates (`lat`, `lng`, for Gephi's geographic
/// layouts) and link weights.
pub fn view(
    corpus: &Corpus,
    view: &View,
    m: &Measures,
    weight: Weight,
    alpha: f64,
) -> graphml::Graph {
    let alphas = alphas(view, weight);
    let mut keys: Vec<Key> = [
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
    ]
    .into_iter()
    .map(|(k, t)| Key::node(k, k, t))
    .collect();
    keys.extend(
        EDGE_KEYS
            .iter()
            .map(|&(id, name, t)| Key::edge(id, name, t)),
    );
    let nodes = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let x = &corpus.entities[e];
            let mut data = vec![
                ("label", x.label.clone()),
                ("type", x.kind.to_string()),
                ("subtype", x.subtype.clone()),
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
            Element {
                at: At::Node(x.id.clone()),
                data,
            }
        })
        .collect();
    let edges = view
        .links
        .iter()
        .filter(|l| l.weight(weight) > 0.0)
        .map(|l| {
            let al = alphas.get(&(l.a, l.b)).copied().unwrap_or(1.0);
            let mut data = vec![
                ("e_weight", l.weight(weight).to_string()),
                ("e_documents", l.documents.to_string()),
                ("e_ochiai", l.ochiai.to_string()),
                ("e_npmi", l.npmi.to_string()),
                ("e_fractional", l.fractional.to_string()),
                ("e_disparity_alpha", al.to_string()),
                ("e_backbone", (al < alpha).to_string()),
            ];
            if let Some(d) = l.distance_km {
                data.push(("e_distance_km", d.to_string()));
            }
            let id = |n: usize| corpus.entities[view.nodes[n]].id.clone();
            Element {
                at: At::Edge(id(l.a), id(l.b)),
                data,
            }
        })
        .collect();
    graphml::Graph {
        id: "network",
        keys,
        nodes,
        edges,
    }
}

/// The view's edge keys: GraphML id, attribute name, type.
const EDGE_KEYS: [(&str, &str, &str); 8] = [
    ("e_weight", "weight", "double"),
    ("e_documents", "documents", "int"),
    ("e_ochiai", "ochiai", "double"),
    ("e_npmi", "npmi", "double"),
    ("e_fractional", "fractional", "double"),
    ("e_distance_km", "distance_km", "double"),
    ("e_disparity_alpha", "disparity_alpha", "double"),
    ("e_backbone", "backbone", "boolean"),
];
