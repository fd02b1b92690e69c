//! Reports as typed tables: cells keep their type (text, count, measure) until written, so a
//! measure prints to four decimals in a table for people and in full in CSV and JSON.

use std::io::Write;

/// One cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(usize),
    /// A measure: four decimals in a table for people, in full in CSV and JSON.
    Num(f64),
    /// Head/tail tiers: their number and the breaks between them (measures).
    Tiers {
        count: usize,
        breaks: Vec<f64>,
    },
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns, measures to four decimals.
    Table,
    Csv,
    /// An array of objects; cells that read as numbers are numbers.
    Json,
}

impl Cell {
    fn render(&self, format: Format) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) if format == Format::Table => format!("{x:.4}"),
            Cell::Num(x) => format!("{x}"),
            Cell::Tiers { count, breaks } => {
                let breaks: Vec<String> = breaks
                    .iter()
                    .map(|&b| Cell::Num(b).render(format))
                    .collect();
                format!("{count} (breaks {})", breaks.join(", "))
            }
        }
    }
}

/// A report: a header and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn write(&self, format: Format, out: &mut dyn Write) -> crate::Result<()> {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.render(format)).collect())
            .collect();
        let io = crate::Error::Write;
        match format {
            Format::Table => {
                let header: Vec<String> = self.header.iter().map(|h| h.to_string()).collect();
                crate::output::write_table(&header, &rows, out).map_err(io)?;
            }
            Format::Csv => crate::export::csv::write_rows(&self.header, &rows, out).map_err(io)?,
            Format::Json => {
                let list: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        let map: serde_json::Map<String, serde_json::Value> = self
                            .header
                            .iter()
                            .zip(r)
                            .map(|(h, c)| (h.to_string(), json_value(c)))
                            .collect();
                        serde_json::Value::Object(map)
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &list)
                    .map_err(|e| io(std::io::Error::other(e)))?;
                writeln!(out).map_err(io)?;
            }
        }
        Ok(())
    }
}

/// A rendered cell as JSON: a number when it reads as a finite one, else a string.
fn json_value(c: &str) -> serde_json::Value {
    match c.parse::<f64>() {
        Ok(x) if x.is_finite() && !c.is_empty() => serde_json::json!(x),
        _ => serde_json::Value::String(c.to_string()),
    }
}
