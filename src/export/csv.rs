//! CSV (RFC 4180): the network's nodes and edges, and any table of cells.

use super::Network;
use std::io::Write;

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn field(s: &str) -> String {
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
                field(&n.entity.id),
                field(&n.entity.label),
                field(n.entity.kind.as_str()),
                field(&n.entity.subtype),
                field(&n.entity.code),
                n.counts.mentions,
                n.counts.documents,
                n.degree,
                coord(n.entity.lat),
                coord(n.entity.lon)
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
                field(&e.source),
                field(&e.target),
                e.pair.weight,
                e.pair.windows,
                e.pair.documents,
                e.pair.expanded_windows,
                e.pair.npmi.map_or(String::new(), |v| format!("{v:?}"))
            )?;
        }
        Ok(())
    }
}

/// Writes a header and rows of cells, each quoted as needed.
pub fn write_rows(
    header: &[&str],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", header.join(","))?;
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| field(c)).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn quotes_csv_fields() {
        assert_eq!(field("北京市"), "北京市");
        assert_eq!(field("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
    }

    #[test]
    fn writes_nodes_and_edges() {
        let net = sample();
        let mut csv = Vec::new();
        net.write_nodes_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.contains(",39.904211,116.407394\n"), "{csv}");
        assert!(csv.ends_with(",1,1,1,,\n"), "{csv}");
        let mut edges = Vec::new();
        net.write_edges_csv(&mut edges).unwrap();
        let edges = String::from_utf8(edges).unwrap();
        assert_eq!(
            edges,
            "source,target,weight,windows,documents,expanded_windows,npmi\n11,x<&,2.0,2,1,0,0.5\n"
        );
    }
}
