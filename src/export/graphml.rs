//! GraphML (<http://graphml.graphdrawing.org/>), the one writer: declared, typed keys, then nodes
//! and edges with their data, every value escaped. The co-occurrence network
//! ([`Network::write_graphml`]) and the network analysis' views (`network --graphml`) both
//! describe their graph as a [`Graph`] and write it here. Loads in NetworkX, igraph, Gephi and
//! Cytoscape.

use super::{xml_escape, Network};
use std::io::Write;

/// A declared attribute: its id, whether nodes or edges carry it, its name and GraphML type
/// (`string`, `int`, `double`, `boolean`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub id: &'static str,
    pub domain: Domain,
    pub name: &'static str,
    pub ty: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    Node,
    Edge,
}

impl Key {
    pub const fn node(id: &'static str, name: &'static str, ty: &'static str) -> Key {
        Key {
            id,
            domain: Domain::Node,
            name,
            ty,
        }
    }

    pub const fn edge(id: &'static str, name: &'static str, ty: &'static str) -> Key {
        Key {
            id,
            domain: Domain::Edge,
            name,
            ty,
        }
    }
}

/// A node or an edge: its id or endpoints, and its data (key id, value as written; the writer
/// escapes it).
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub at: At,
    pub data: Vec<(&'static str, String)>,
}

/// What an element is: a node with its id, or an edge between two node ids.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    Node(String),
    Edge(String, String),
}

/// An undirected graph to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub id: &'static str,
    pub keys: Vec<Key>,
    pub nodes: Vec<Element>,
    pub edges: Vec<Element>,
}

/// Writes a graph as GraphML.
pub fn write(graph: &Graph, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for k in &graph.keys {
        let domain = match k.domain {
            Domain::Node => "node",
            Domain::Edge => "edge",
        };
        writeln!(
            out,
            r#"  <key id="{}" for="{domain}" attr.name="{}" attr.type="{}"/>"#,
            k.id, k.name, k.ty
        )?;
    }
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="undirected">"#,
        graph.id
    )?;
    for element in graph.nodes.iter().chain(&graph.edges) {
        let close = match &element.at {
            At::Node(id) => {
                writeln!(out, r#"    <node id="{}">"#, xml_escape(id))?;
                "    </node>"
            }
            At::Edge(source, target) => {
                writeln!(
                    out,
                    r#"    <edge source="{}" target="{}">"#,
                    xml_escape(source),
                    xml_escape(target)
                )?;
                "    </edge>"
            }
        };
        for (key, value) in &element.data {
            writeln!(
                out,
                r#"      <data key="{key}">{}</data>"#,
                xml_escape(value)
            )?;
        }
        writeln!(out, "{close}")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// The co-occurrence network's keys.
const KEYS: [Key; 14] = [
    Key::node("label", "label", "string"),
    Key::node("type", "type", "string"),
    Key::node("subtype", "subtype", "string"),
    Key::node("code", "code", "string"),
    Key::node("mentions", "mentions", "int"),
    Key::node("degree", "degree", "int"),
    Key::node("node_documents", "documents", "int"),
    Key::node("lat", "lat", "double"),
    Key::node("lng", "lng", "double"),
    Key::edge("weight", "weight", "double"),
    Key::edge("windows", "windows", "int"),
    Key::edge("edge_documents", "documents", "int"),
    Key::edge("expanded_windows", "expanded_windows", "int"),
    Key::edge("npmi", "npmi", "double"),
];

impl Network {
    /// The network as a GraphML graph.
    pub fn graphml(&self) -> Graph {
        let nodes = self
            .nodes
            .iter()
            .map(|n| {
                let e = &n.entity;
                let mut data = vec![("label", e.label.clone()), ("type", e.kind.to_string())];
                if !e.subtype.is_empty() {
                    data.push(("subtype", e.subtype.clone()));
                }
                if !e.code.is_empty() {
                    data.push(("code", e.code.clone()));
                }
                data.push(("mentions", n.counts.mentions.to_string()));
                data.push(("degree", n.degree.to_string()));
                data.push(("node_documents", n.counts.documents.to_string()));
                if let (Some(lat), Some(lng)) = (e.lat, e.lon) {
                    data.push(("lat", format!("{lat:?}")));
                    data.push(("lng", format!("{lng:?}")));
                }
                Element {
                    at: At::Node(e.id.clone()),
                    data,
                }
            })
            .collect();
        let edges = self
            .edges
            .iter()
            .map(|e| Element {
                at: At::Edge(e.source.clone(), e.target.clone()),
                data: vec![
                    ("weight", format!("{:?}", e.pair.weight)),
                    ("windows", e.pair.windows.to_string()),
                    ("edge_documents", e.pair.documents.to_string()),
                ],
            })
            .collect();
        Graph {
            id: "cooccurrence",
            keys: KEYS.to_vec(),
            nodes,
            edges,
        }
    }

    /// Writes GraphML.
    pub fn write_graphml(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write(&self.graphml(), out)
    }
}

#[cfg(test)]
mod tests {
    use crate::export::tests::sample;

    #[test]
    fn writes_parsable_graphml() {
        let mut buf = Vec::new();
        sample().write_graphml(&mut buf).unwrap();
        let xml = String::from_utf8(buf).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let nodes: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("node"))
            .collect();
        assert_eq!(nodes[1].attribute("id"), Some("x<&"));
        let label = nodes[1]
            .children()
            .find(|c| c.attribute("key") == Some("label"))
            .unwrap();
        assert_eq!(label.text(), Some("名\"称"));
        assert!(xml.contains(r#"<data key="weight">2.0</data>"#));
        // Coordinates where known, for Gephi's geographic layouts.
        assert!(xml.contains(r#"<data key="lat">39.904211</data>"#));
        assert!(xml.contains(r#"<data key="lng">116.407394</data>"#));
        // Every key a datum uses is declared.
        let keys: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("key"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        for d in doc.descendants().filter(|n| n.has_tag_name("data")) {
            assert!(keys.contains(&d.attribute("key").unwrap()));
        }
    }
}
