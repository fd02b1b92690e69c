//! Content negotiation: the result format a client's `Accept` header asks for.

use crate::output::ResultFormat;

/// Media types for SELECT and ASK results, the server's preference first.
pub const SOLUTIONS: &[(&str, ResultFormat)] = &[
    ("application/sparql-results+json", ResultFormat::Json),
    ("application/sparql-results+xml", ResultFormat::Xml),
    ("text/csv", ResultFormat::Csv),
    ("text/tab-separated-values", ResultFormat::Tsv),
    ("application/json", ResultFormat::Json),
    ("application/xml", ResultFormat::Xml),
];

/// Media types for CONSTRUCT and DESCRIBE results.
pub const GRAPHS: &[(&str, ResultFormat)] = &[
    ("application/n-triples", ResultFormat::NTriples),
    ("text/turtle", ResultFormat::Turtle),
    ("text/plain", ResultFormat::NTriples),
];

/// The offer the `Accept` header prefers: each offer's quality is that of the most specific
/// media range matching it (`text/csv` before `text/*` before `*/*`); the highest quality
/// above zero wins, the server's order breaking ties. No header, or an empty one, takes the
/// first offer; None when nothing offered is acceptable (406).
pub fn negotiate(
    accept: Option<&str>,
    offers: &[(&'static str, ResultFormat)],
) -> Option<(&'static str, ResultFormat)> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offers.first().copied();
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty()).then_some((media, q))
        })
        .collect();
    let quality = |offer: &str| -> f32 {
        let (kind, _) = offer.split_once('/').unwrap_or((offer, ""));
        let mut best: Option<(u8, f32)> = None;
        for (media, q) in &ranges {
            let specificity = if media == offer {
                3
            } else if media.strip_suffix("/*") == Some(kind) {
                2
            } else if media == "*/*" {
                1
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| specificity > s) {
                best = Some((specificity, *q));
            }
        }
        best.map_or(0.0, |(_, q)| q)
    };
    let mut chosen: Option<((&'static str, ResultFormat), f32)> = None;
    for &offer in offers {
        let q = quality(offer.0);
        if q > 0.0 && chosen.is_none_or(|(_, best)| q > best) {
            chosen = Some((offer, q));
        }
    }
    chosen.map(|(offer, _)| offer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_what_the_client_prefers() {
        let pick = |accept: Option<&str>| negotiate(accept, SOLUTIONS).map(|(m, _)| m);
        assert_eq!(pick(None), Some("application/sparql-results+json"));
        assert_eq!(pick(Some("")), Some("application/sparql-results+json"));
        assert_eq!(pick(Some("*/*")), Some("application/sparql-results+json"));
        assert_eq!(pick(Some("text/csv")), Some("text/csv"));
        assert_eq!(
            pick(Some(
                "application/sparql-results+xml;q=0.9, text/tab-separated-values"
            )),
            Some("text/tab-separated-values")
        );
        assert_eq!(
            pick(Some("application/sparql-results+xml, */*;q=0.1")),
            Some("application/sparql-results+xml")
        );
        // The most specific range decides: text/csv is refused although text/* is welcome.
        assert_eq!(
            pick(Some("text/*, text/csv;q=0")),
            Some("text/tab-separated-values")
        );
        assert_eq!(pick(Some("application/JSON")), Some("application/json"));
        assert_eq!(pick(Some("image/png")), None);
        assert_eq!(
            negotiate(Some("text/turtle, */*;q=0.5"), GRAPHS).map(|(m, _)| m),
            Some("text/turtle")
        );
    }
}
