//! Network exports of the co-occurrence graph, read back from the store (so they work on a store
//! built earlier): GraphML and GEXF 1.3 with declared, typed attributes, and CSV. Nodes and edges
//! are sorted, so the same store gives the same bytes. Subgraphs: by type, minimum weight, top
//! edges, ego network. Loads in NetworkX, igraph, Gephi and Cytoscape.

use crate::error::{Error, Result};
use crate::rdf::{COOCCURRENCE_GRAPH, GAZETTEER_GRAPH};
use crate::store::Store;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::io::Write;

/// A node of the exported network.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub subtype: String,
    pub mentions: i64,
    pub documents: i64,
    /// Official code (division or IATA code), if any.
    pub code: String,
    /// Number of edges at the node in the exported network.
    pub degree: i64,
    /// Latitude and longitude (divisions and airports), for geographic layouts.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
}

/// Which part of the network to export.
#[derive(Debug, Clone, Default)]
pub struct Subgraph {
    /// Keep only nodes of these types (Place, Zone, ...); all when empty.
    pub types: Vec<String>,
    /// Keep only edges of at least this weight.
    pub min_weight: f64,
    /// Keep only the N heaviest edges.
    pub top_edges: Option<usize>,
    /// Keep only this entity (id or name) and its neighbours.
    pub ego: Option<String>,
}

/// An edge of the exported network (`source` < `target` by id).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    pub source: String,
    pub target: String,
    pub weight: f64,
    /// Windows (sentences by default) the two share.
    pub windows: i64,
    pub documents: i64,
    /// Windows where the two meet only through a composite's members (0 unless the store was
    /// built with --expand-composites).
    pub expanded_windows: i64,
    /// Normalised PMI, when the two share a window directly.
    pub npmi: Option<f64>,
    /// First and last month (`YYYY-MM`) of dated documents where the two share a window.
    pub months: Option<(String, String)>,
}

/// The co-occurrence network as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub nodes: Vec<NodeRow>,
    pub edges: Vec<EdgeRow>,
}

/// Rows of a SELECT query the library itself writes (each row's values in variable order).
pub(crate) fn select(store: &Store, sparql: &str) -> Result<Vec<Vec<Option<Term>>>> {
    let QueryResults::Solutions(solutions) = store.query(sparql, "regionkg", &[])? else {
        return Err(Error::Invalid(
            "a SELECT query returned no solutions".into(),
        ));
    };
    let vars: Vec<_> = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| Error::store(store.path(), e))?;
        rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
    }
    Ok(rows)
}

/// A term's lexical value (IRI or literal), empty when unbound.
pub(crate) fn text(t: &Option<Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn number<T: std::str::FromStr + Default>(t: &Option<Term>) -> T {
    text(t).parse().unwrap_or_default()
}

impl Network {
    /// Reads the network from a store.
    pub fn from_store(store: &Store) -> Result<Network> {
        let nodes_q = format!(
            "SELECT ?id ?label ?type ?subtype ?m ?d ?code ?lat ?lng WHERE {{
               GRAPH <{COOCCURRENCE_GRAPH}> {{ ?e rkg:mentionCount ?m ; rkg:documentCount ?d }}
               GRAPH <{GAZETTEER_GRAPH}> {{
                 ?e rkg:id ?id ; skos:prefLabel ?label ; a ?class .
                 VALUES ?class {{ rkg:Place rkg:Zone rkg:Institution rkg:Project rkg:Plan }}
                 BIND(STRAFTER(STR(?class), STR(rkg:)) AS ?type)
                 OPTIONAL {{ ?e rkg:subtype ?subtype }}
                 OPTIONAL {{ ?e skos:notation ?code }}
               }}
               OPTIONAL {{ GRAPH <{GAZETTEER_GRAPH}> {{ ?e schema:latitude ?lat ; schema:longitude ?lng }} }}
             }}"
        );
        let mut nodes: Vec<NodeRow> = select(store, &nodes_q)?
            .iter()
            .map(|r| NodeRow {
                id: text(&r[0]),
                label: text(&r[1]),
                kind: text(&r[2]),
                subtype: text(&r[3]),
                mentions: number(&r[4]),
                documents: number(&r[5]),
                code: text(&r[6]),
                degree: 0,
                lat: text(&r[7]).parse().ok(),
                lng: text(&r[8]).parse().ok(),
            })
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let edges_q = format!(
            // The OPTIONAL comes last, outside the graph blocks: inside them Oxigraph's plan
            // turns the join quadratic (a minute for 20k pairs instead of under a second).
            "SELECT ?a ?b ?w ?s ?d ?x ?n WHERE {{
               GRAPH <{COOCCURRENCE_GRAPH}> {{
                 ?p a rkg:CoOccurrence ; rkg:source ?ea ; rkg:target ?eb ;
                    rkg:weight ?w ; rkg:windowCount ?s ; rkg:documentCount ?d .
               }}
               GRAPH <{GAZETTEER_GRAPH}> {{ ?ea rkg:id ?a . ?eb rkg:id ?b }}
               OPTIONAL {{ GRAPH <{COOCCURRENCE_GRAPH}> {{ ?p rkg:expandedWindowCount ?x }} }}
               OPTIONAL {{ GRAPH <{COOCCURRENCE_GRAPH}> {{ ?p rkg:npmi ?n }} }}
             }}"
        );
        let mut edges: Vec<EdgeRow> = select(store, &edges_q)?
            .iter()
            .map(|r| EdgeRow {
                source: text(&r[0]),
                target: text(&r[1]),
                weight: number(&r[2]),
                windows: number(&r[3]),
                documents: number(&r[4]),
                expanded_windows: number(&r[5]),
                npmi: r[6].as_ref().map(|_| number(&r[6])),
                months: None,
            })
            .collect();
        edges.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
        let months_q = format!(
            "SELECT ?a ?b (MIN(STR(?m)) AS ?first) (MAX(STR(?m)) AS ?last) WHERE {{
               GRAPH <{COOCCURRENCE_GRAPH}> {{
                 ?mc rkg:pair ?p ; rkg:month ?m . ?p rkg:source ?ea ; rkg:target ?eb .
               }}
               GRAPH <{GAZETTEER_GRAPH}> {{ ?ea rkg:id ?a . ?eb rkg:id ?b }}
             }} GROUP BY ?a ?b"
        );
        let months: std::collections::HashMap<(String, String), (String, String)> =
            select(store, &months_q)?
                .iter()
                .map(|r| ((text(&r[0]), text(&r[1])), (text(&r[2]), text(&r[3]))))
                .collect();
        for e in &mut edges {
            e.months = months.get(&(e.source.clone(), e.target.clone())).cloned();
        }
        let mut network = Network { nodes, edges };
        network.count_degrees();
        Ok(network)
    }

    fn count_degrees(&mut self) {
        let mut degree: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
        for e in &self.edges {
            *degree.entry(e.source.as_str()).or_default() += 1;
            *degree.entry(e.target.as_str()).or_default() += 1;
        }
        let degrees: Vec<i64> = self
            .nodes
            .iter()
            .map(|n| degree.get(n.id.as_str()).copied().unwrap_or(0))
            .collect();
        for (n, d) in self.nodes.iter_mut().zip(degrees) {
            n.degree = d;
        }
    }

    /// The part of the network `subgraph` asks for. Nodes left without edges by an edge filter
    /// (weight, top edges, ego) are dropped; a type filter alone keeps them.
    pub fn subgraph(&self, subgraph: &Subgraph) -> Result<Network> {
        use std::collections::BTreeSet;
        let mut keep: BTreeSet<&str> = self
            .nodes
            .iter()
            .filter(|n| {
                subgraph.types.is_empty()
                    || subgraph
                        .types
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(&n.kind))
            })
            .map(|n| n.id.as_str())
            .collect();
        let mut edges: Vec<&EdgeRow> = self
            .edges
            .iter()
            .filter(|e| keep.contains(e.source.as_str()) && keep.contains(e.target.as_str()))
            .filter(|e| e.weight >= subgraph.min_weight)
            .collect();
        if let Some(ego) = &subgraph.ego {
            let center = self
                .nodes
                .iter()
                .find(|n| n.id == *ego)
                .or_else(|| self.nodes.iter().find(|n| n.label == *ego))
                .ok_or_else(|| {
                    Error::Invalid(format!("--ego {ego:?}: no such entity in the network"))
                })?;
            let c = center.id.as_str();
            let neighbours: BTreeSet<&str> = edges
                .iter()
                .filter_map(|e| {
                    if e.source == c {
                        Some(e.target.as_str())
                    } else if e.target == c {
                        Some(e.source.as_str())
                    } else {
                        None
                    }
                })
                .chain(std::iter::once(c))
                .collect();
            edges.retain(|e| {
                neighbours.contains(e.source.as_str()) && neighbours.contains(e.target.as_str())
            });
        }
        if let Some(n) = subgraph.top_edges {
            let mut ranked = edges.clone();
            ranked.sort_by(|a, b| {
                b.weight
                    .total_cmp(&a.weight)
                    .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
            });
            ranked.truncate(n);
            let chosen: BTreeSet<(&str, &str)> = ranked
                .iter()
                .map(|e| (e.source.as_str(), e.target.as_str()))
                .collect();
            edges.retain(|e| chosen.contains(&(e.source.as_str(), e.target.as_str())));
        }
        if subgraph.min_weight > 0.0 || subgraph.top_edges.is_some() || subgraph.ego.is_some() {
            keep = edges
                .iter()
                .flat_map(|e| [e.source.as_str(), e.target.as_str()])
                .collect();
        }
        let mut network = Network {
            nodes: self
                .nodes
                .iter()
                .filter(|n| keep.contains(n.id.as_str()))
                .cloned()
                .collect(),
            edges: edges.into_iter().cloned().collect(),
        };
        network.count_degrees();
        Ok(network)
    }

    /// Writes GraphML.
    pub fn write_graphml(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )?;
        for (id, domain, name, ty) in [
            ("label", "node", "label", "string"),
            ("type", "node", "type", "string"),
            ("subtype", "node", "subtype", "string"),
            ("code", "node", "code", "string"),
            ("mentions", "node", "mentions", "int"),
            ("degree", "node", "degree", "int"),
            ("node_documents", "node", "documents", "int"),
            ("lat", "node", "lat", "double"),
            ("lng", "node", "lng", "double"),
            ("weight", "edge", "weight", "double"),
            ("windows", "edge", "windows", "int"),
            ("edge_documents", "edge", "documents", "int"),
            ("expanded_windows", "edge", "expanded_windows", "int"),
            ("npmi", "edge", "npmi", "double"),
        ] {
            writeln!(
                out,
                r#"  <key id="{id}" for="{domain}" attr.name="{name}" attr.type="{ty}"/>"#
            )?;
        }
        writeln!(
            out,
            r#"  <graph id="cooccurrence" edgedefault="undirected">"#
        )?;
        for n in &self.nodes {
            writeln!(out, r#"    <node id="{}">"#, xml_escape(&n.id))?;
            writeln!(
                out,
                r#"      <data key="label">{}</data>"#,
                xml_escape(&n.label)
            )?;
            writeln!(
                out,
                r#"      <data key="type">{}</data>"#,
                xml_escape(&n.kind)
            )?;
            if !n.subtype.is_empty() {
                writeln!(
                    out,
                    r#"      <data key="subtype">{}</data>"#,
                    xml_escape(&n.subtype)
                )?;
            }
            if !n.code.is_empty() {
                writeln!(
                    out,
                    r#"      <data key="code">{}</data>"#,
                    xml_escape(&n.code)
                )?;
            }
            writeln!(out, r#"      <data key="mentions">{}</data>"#, n.mentions)?;
            writeln!(out, r#"      <data key="degree">{}</data>"#, n.degree)?;
            writeln!(
                out,
                r#"      <data key="node_documents">{}</data>"#,
                n.documents
            )?;
            if let (Some(lat), Some(lng)) = (n.lat, n.lng) {
                writeln!(out, r#"      <data key="lat">{lat:?}</data>"#)?;
                writeln!(out, r#"      <data key="lng">{lng:?}</data>"#)?;
            }
            writeln!(out, "    </node>")?;
        }
        for e in &self.edges {
            writeln!(
                out,
                r#"    <edge source="{}" target="{}">"#,
                xml_escape(&e.source),
                xml_escape(&e.target)
            )?;
            writeln!(out, r#"      <data key="weight">{:?}</data>"#, e.weight)?;
            writeln!(out, r#"      <data key="windows">{}</data>"#, e.windows)?;
            writeln!(
                out,
                r#"      <data key="edge_documents">{}</data>"#,
                e.documents
            )?;
            writeln!(out, "    </edge>")?;
        }
        writeln!(out, "  </graph>")?;
        writeln!(out, "</graphml>")
    }
}

impl Network {
    /// Writes GEXF 1.3 (Gephi's format), undirected, with typed attributes.
    pub fn write_gexf(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
        )?;
        writeln!(
            out,
            r#"  <meta><creator>regionkg</creator><description>co-occurrence network</description></meta>"#
        )?;
        // Edges carry the months they span where documents have dates (GEXF time intervals).
        let dynamic = self.edges.iter().any(|e| e.months.is_some());
        let mode = if dynamic {
            r#"mode="dynamic" timeformat="date""#
        } else {
            r#"mode="static""#
        };
        writeln!(out, r#"  <graph {mode} defaultedgetype="undirected">"#)?;
        writeln!(out, r#"    <attributes class="node">"#)?;
        for (id, ty) in [
            ("type", "string"),
            ("subtype", "string"),
            ("code", "string"),
            ("mentions", "integer"),
            ("documents", "integer"),
            ("degree", "integer"),
            ("lat", "double"),
            ("lng", "double"),
        ] {
            writeln!(
                out,
                r#"      <attribute id="{id}" title="{id}" type="{ty}"/>"#
            )?;
        }
        writeln!(out, "    </attributes>")?;
        writeln!(out, r#"    <attributes class="edge">"#)?;
        for (id, ty) in [
            ("windows", "integer"),
            ("documents", "integer"),
            ("expanded_windows", "integer"),
            ("npmi", "double"),
        ] {
            writeln!(
                out,
                r#"      <attribute id="{id}" title="{id}" type="{ty}"/>"#
            )?;
        }
        writeln!(out, "    </attributes>")?;
        writeln!(out, "    <nodes>")?;
        for n in &self.nodes {
            writeln!(
                out,
                r#"      <node id="{}" label="{}">"#,
                xml_escape(&n.id),
                xml_escape(&n.label)
            )?;
            writeln!(out, "        <attvalues>")?;
            for (key, value) in [
                ("type", xml_escape(&n.kind)),
                ("subtype", xml_escape(&n.subtype)),
                ("code", xml_escape(&n.code)),
                ("mentions", n.mentions.to_string()),
                ("documents", n.documents.to_string()),
                ("degree", n.degree.to_string()),
            ] {
                writeln!(out, r#"          <attvalue for="{key}" value="{value}"/>"#)?;
            }
            if let (Some(lat), Some(lng)) = (n.lat, n.lng) {
                writeln!(out, r#"          <attvalue for="lat" value="{lat:?}"/>"#)?;
                writeln!(out, r#"          <attvalue for="lng" value="{lng:?}"/>"#)?;
            }
            writeln!(out, "        </attvalues>")?;
            writeln!(out, "      </node>")?;
        }
        writeln!(out, "    </nodes>")?;
        writeln!(out, "    <edges>")?;
        for (i, e) in self.edges.iter().enumerate() {
            let span = e.months.as_ref().map_or(String::new(), |(first, last)| {
                format!(r#" start="{first}-01" end="{}""#, month_end(last))
            });
            writeln!(
                out,
                r#"      <edge id="{i}" source="{}" target="{}" weight="{:?}"{span}>"#,
                xml_escape(&e.source),
                xml_escape(&e.target),
                e.weight
            )?;
            writeln!(out, "        <attvalues>")?;
            writeln!(
                out,
                r#"          <attvalue for="windows" value="{}"/>"#,
                e.windows
            )?;
            writeln!(
                out,
                r#"          <attvalue for="documents" value="{}"/>"#,
                e.documents
            )?;
            writeln!(
                out,
                r#"          <attvalue for="expanded_windows" value="{}"/>"#,
                e.expanded_windows
            )?;
            if let Some(npmi) = e.npmi {
                writeln!(out, r#"          <attvalue for="npmi" value="{npmi:?}"/>"#)?;
            }
            writeln!(out, "        </attvalues>")?;
            writeln!(out, "      </edge>")?;
        }
        writeln!(out, "    </edges>")?;
        writeln!(out, "  </graph>")?;
        writeln!(out, "</gexf>")
    }
}

/// The last day of a `YYYY-MM` month, as `YYYY-MM-DD`.
fn month_end(month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, "12"));
    let (y, m): (u32, u32) = (y.parse().unwrap_or(1970), m.parse().unwrap_or(12));
    let days = match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{y:04}-{m:02}-{days:02}")
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Network {
    /// Writes the nodes as CSV: id, label, type, subtype, code, mentions, documents, degree,
    /// lat, lng (empty where unknown).
    pub fn write_nodes_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            out,
            "id,label,type,subtype,code,mentions,documents,degree,lat,lng"
        )?;
        for n in &self.nodes {
            let coord = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:?}"));
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{}",
                csv_field(&n.id),
                csv_field(&n.label),
                csv_field(&n.kind),
                csv_field(&n.subtype),
                csv_field(&n.code),
                n.mentions,
                n.documents,
                n.degree,
                coord(n.lat),
                coord(n.lng)
            )?;
        }
        Ok(())
    }

    /// Writes the edges as CSV: source, target, weight, windows, documents, expanded_windows,
    /// npmi (empty where undefined).
    pub fn write_edges_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            out,
            "source,target,weight,windows,documents,expanded_windows,npmi"
        )?;
        for e in &self.edges {
            writeln!(
                out,
                "{},{},{:?},{},{},{},{}",
                csv_field(&e.source),
                csv_field(&e.target),
                e.weight,
                e.windows,
                e.documents,
                e.expanded_windows,
                e.npmi.map_or(String::new(), |v| format!("{v:?}"))
            )?;
        }
        Ok(())
    }
}

/// Escapes text for XML content and attributes; characters XML 1.0 cannot carry are replaced
/// by U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends() {
        assert_eq!(month_end("2019-02"), "2019-02-28");
        assert_eq!(month_end("2020-02"), "2020-02-29");
        assert_eq!(month_end("2019-04"), "2019-04-30");
        assert_eq!(month_end("2019-12"), "2019-12-31");
    }

    #[test]
    fn quotes_csv_fields() {
        assert_eq!(csv_field("北京市"), "北京市");
        assert_eq!(csv_field("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b&\"c'\n\u{1}"),
            "a&lt;b&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }

    #[test]
    fn writes_parsable_graphml() {
        let net = Network {
            nodes: vec![
                NodeRow {
                    id: "11".into(),
                    label: "北京市".into(),
                    kind: "Place".into(),
                    subtype: "municipality".into(),
                    mentions: 3,
                    documents: 2,
                    code: "11".into(),
                    degree: 1,
                    lat: Some(39.904211),
                    lng: Some(116.407394),
                },
                NodeRow {
                    id: "x<&".into(),
                    label: "名\"称".into(),
                    kind: "Zone".into(),
                    subtype: String::new(),
                    mentions: 1,
                    documents: 1,
                    code: String::new(),
                    degree: 1,
                    lat: None,
                    lng: None,
                },
            ],
            edges: vec![EdgeRow {
                source: "11".into(),
                target: "x<&".into(),
                weight: 2.0,
                windows: 2,
                documents: 1,
                expanded_windows: 0,
                npmi: Some(0.5),
                months: None,
            }],
        };
        let mut buf = Vec::new();
        net.write_graphml(&mut buf).unwrap();
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
        let mut csv = Vec::new();
        net.write_nodes_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.contains(",39.904211,116.407394\n"), "{csv}");
        assert!(csv.ends_with(",1,1,1,,\n"), "{csv}");
    }
}
