//! The store as RDF: the whole dataset (N-Quads, TriG) or one named graph in any RDF syntax,
//! with the project's prefixes.

use crate::error::{Error, Result};
use crate::rdf;
use crate::store::Store;

/// Writes the whole dataset (`graph` None; needs a dataset format) or one named graph.
pub fn dump(
    store: &Store,
    format: oxigraph::io::RdfFormat,
    graph: Option<&str>,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let serializer = rdf::PREFIXES.iter().fold(
        oxigraph::io::RdfSerializer::from_format(format),
        |s, (p, ns)| s.with_prefix(*p, *ns).expect("built-in prefixes are valid"),
    );
    let result = match graph {
        None if !format.supports_datasets() => {
            return Err(Error::Invalid(format!(
                "{} holds one graph: give --graph (gazetteer, cooccurrence, meta or a document IRI), or use nquads or trig",
                format.name()
            )))
        }
        None => store.oxigraph().dump_to_writer(serializer, out).map(|_| ()),
        Some(iri) => {
            let iri = match iri {
                "gazetteer" => rdf::GAZETTEER_GRAPH,
                "cooccurrence" => rdf::COOCCURRENCE_GRAPH,
                "meta" => rdf::META_GRAPH,
                other => other,
            };
            let node = oxigraph::model::NamedNode::new(iri)
                .map_err(|e| Error::Invalid(format!("--graph {iri:?} is not an IRI: {e}")))?;
            if !store
                .oxigraph()
                .contains_named_graph(node.as_ref())
                .map_err(|e| Error::store(store.path(), e))?
            {
                return Err(Error::Invalid(format!("the store has no graph <{iri}>")));
            }
            store.oxigraph()
                .dump_graph_to_writer(node.as_ref(), serializer, out)
                .map(|_| ())
        }
    };
    result.map_err(|e| match e {
        oxigraph::store::SerializerError::Io(e) => Error::Write(e),
        e => Error::store(store.path(), format!("cannot write the export: {e}")),
    })
}
