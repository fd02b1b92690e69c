//! Writing query results: a readable table for people, or the W3C SPARQL results formats (CSV,
//! TSV, JSON) and RDF (N-Triples, Turtle) for programs.

use crate::error::{Error, Result};
use crate::rdf::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Output formats of `regionkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// Aligned columns, values without RDF syntax, IRIs shortened with known prefixes.
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    /// For CONSTRUCT and DESCRIBE.
    NTriples,
    Turtle,
}

/// Writes query results; returns the number of rows (solutions, triples, or 1 for ASK).
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    match write_results_up_to(results, format, out, usize::MAX)? {
        Written::Rows(n) => Ok(n),
        Written::OverLimit => unreachable!("no result has usize::MAX rows"),
    }
}

/// What [`write_results_up_to`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// All the results, this many rows.
    Rows(usize),
    /// More rows than the limit: what was written is cut and must not be used.
    OverLimit,
}

/// Writes query results unless they have more than `max_rows` rows (solutions or triples);
/// then stops reading them and says so.
pub fn write_results_up_to(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
    max_rows: usize,
) -> Result<Written> {
    let io = Error::Write;
    let eval = |e| crate::store::query::evaluation_error("query", e);
    let sparql_format = match format {
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    };
    match results {
        QueryResults::Boolean(b) => {
            match sparql_format {
                Some(f) => {
                    QueryResultsSerializer::from_format(f)
                        .serialize_boolean_to_writer(&mut *out, b)
                        .map_err(io)?;
                    writeln!(out).map_err(io)?;
                }
                None => writeln!(out, "{b}").map_err(io)?,
            }
            Ok(Written::Rows(1))
        }
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            if let Some(f) = sparql_format {
                let mut ser = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, vars)
                    .map_err(io)?;
                let mut n = 0;
                for s in solutions {
                    if n == max_rows {
                        return Ok(Written::OverLimit);
                    }
                    ser.serialize(&s.map_err(eval)?).map_err(io)?;
                    n += 1;
                }
                ser.finish().map_err(io)?;
                return Ok(Written::Rows(n));
            }
            let mut rows: Vec<Vec<String>> = Vec::new();
            for s in solutions {
                if rows.len() == max_rows {
                    return Ok(Written::OverLimit);
                }
                let s = s.map_err(eval)?;
                rows.push(
                    vars.iter()
                        .map(|v| s.get(v).map_or_else(String::new, display_term))
                        .collect(),
                );
            }
            let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
            write_table(&header, &rows, out).map_err(io)?;
            Ok(Written::Rows(rows.len()))
        }
        QueryResults::Graph(triples) => {
            let rdf_format = if format == ResultFormat::Turtle {
                RdfFormat::Turtle
            } else {
                RdfFormat::NTriples
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            if rdf_format == RdfFormat::Turtle {
                for (p, ns) in PREFIXES {
                    serializer = serializer
                        .with_prefix(*p, *ns)
                        .expect("built-in prefixes are valid");
                }
            }
            let mut ser = serializer.for_writer(&mut *out);
            let mut n = 0;
            for t in triples {
                if n == max_rows {
                    return Ok(Written::OverLimit);
                }
                ser.serialize_triple(&t.map_err(eval)?).map_err(io)?;
                n += 1;
            }
            ser.finish().map_err(io)?;
            Ok(Written::Rows(n))
        }
    }
}

/// A term as a person wants to read it in a table.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// `https://w3id.org/regionkg/ns#Place` → `rkg:Place`; unknown namespaces stay `<...>`.
pub fn compact_iri(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// Writes aligned columns (display width aware, so Chinese lines up) with a rule under the header.
pub fn write_table(
    header: &[String],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(clean(cell).width());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let cell = clean(cell);
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(&cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - cell.width()));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(header, out)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out)?;
    for row in rows {
        line(row, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_known_namespaces() {
        assert_eq!(
            compact_iri("https://w3id.org/regionkg/ns#Place"),
            "rkg:Place"
        );
        assert_eq!(
            compact_iri("https://w3id.org/regionkg/id/entity/110112"),
            "<https://w3id.org/regionkg/id/entity/110112>"
        );
        assert_eq!(
            compact_iri("http://example.org/x"),
            "<http://example.org/x>"
        );
    }

    #[test]
    fn table_aligns_wide_characters() {
        let mut buf = Vec::new();
        write_table(
            &["name".into(), "n".into()],
            &[
                vec!["北京市".into(), "12".into()],
                vec!["a".into(), "3".into()],
            ],
            &mut buf,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "name    n\n------  --\n北京市  12\na       3\n"
        );
    }
}
