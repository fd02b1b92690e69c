//! GEXF 1.3 (Gephi's format), undirected, with typed attributes; edges carry the months they
//! span where documents have dates (GEXF time intervals), so Gephi's timeline plays the network.

use super::{xml_escape, Network};
use std::io::Write;

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
        let dynamic = self.edges.iter().any(|e| e.pair.months.is_some());
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
                xml_escape(&n.entity.id),
                xml_escape(&n.entity.label)
            )?;
            writeln!(out, "        <attvalues>")?;
            for (key, value) in [
                ("type", n.entity.kind.to_string()),
                ("subtype", xml_escape(&n.entity.subtype)),
                ("code", xml_escape(&n.entity.code)),
                ("mentions", n.counts.mentions.to_string()),
                ("documents", n.counts.documents.to_string()),
                ("degree", n.degree.to_string()),
            ] {
                writeln!(out, r#"          <attvalue for="{key}" value="{value}"/>"#)?;
            }
            if let (Some(lat), Some(lng)) = (n.entity.lat, n.entity.lon) {
                writeln!(out, r#"          <attvalue for="lat" value="{lat:?}"/>"#)?;
                writeln!(out, r#"          <attvalue for="lng" value="{lng:?}"/>"#)?;
            }
            writeln!(out, "        </attvalues>")?;
            writeln!(out, "      </node>")?;
        }
        writeln!(out, "    </nodes>")?;
        writeln!(out, "    <edges>")?;
        for (i, e) in self.edges.iter().enumerate() {
            let span = e.pair.months.as_ref().map_or(String::new(), |span| {
                format!(
                    r#" start="{}-01" end="{}""#,
                    span.first,
                    month_end(&span.last)
                )
            });
            writeln!(
                out,
                r#"      <edge id="{i}" source="{}" target="{}" weight="{:?}"{span}>"#,
                xml_escape(&e.source),
                xml_escape(&e.target),
                e.pair.weight
            )?;
            writeln!(out, "        <attvalues>")?;
            writeln!(
                out,
                r#"          <attvalue for="windows" value="{}"/>"#,
                e.pair.windows
            )?;
            writeln!(
                out,
                r#"          <attvalue for="documents" value="{}"/>"#,
                e.pair.documents
            )?;
            writeln!(
                out,
                r#"          <attvalue for="expanded_windows" value="{}"/>"#,
                e.pair.expanded_windows
            )?;
            if let Some(npmi) = e.pair.npmi {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn month_ends() {
        assert_eq!(month_end("2019-02"), "2019-02-28");
        assert_eq!(month_end("2020-02"), "2020-02-29");
        assert_eq!(month_end("2019-04"), "2019-04-30");
        assert_eq!(month_end("2019-12"), "2019-12-31");
    }

    #[test]
    fn writes_parsable_gexf() {
        let mut buf = Vec::new();
        sample().write_gexf(&mut buf).unwrap();
        let xml = String::from_utf8(buf).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let edge = doc.descendants().find(|n| n.has_tag_name("edge")).unwrap();
        assert_eq!(edge.attribute("weight"), Some("2.0"));
        assert_eq!(edge.attribute("target"), Some("x<&"));
        assert!(xml.contains(r#"mode="static""#));
    }
}
