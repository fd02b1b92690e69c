//! The store's one read model, on a store built from the sample corpus: entities sorted and
//! typed, with their hierarchy, coordinates and counts; documents with their mentions; pairs
//! sorted by ids; and a malformed number in a store is an error naming it, not a silent 0.

mod common;

use common::{build_sample_store, regionkg};
use regionkg::export::Network;
use regionkg::gazetteer::EntityType;
use regionkg::store::read::Entities;
use regionkg::store::Store;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample_store(dir.path());
    (dir, store)
}

#[test]
fn the_read_model_reads_what_the_build_wrote() {
    let (_dir, path) = built();
    let store = Store::open(&path).unwrap();
    let entities = Entities::load(&store).unwrap();
    let list = &entities.list;
    assert!(list.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
    let by_id = |id: &str| list.iter().position(|e| e.id == id).unwrap();
    let tongzhou = &list[by_id("110112")];
    assert_eq!(tongzhou.kind, EntityType::Place);
    assert_eq!(tongzhou.parent, Some(by_id("11")));
    let beijing = &list[by_id("11")];
    assert!(beijing.lat.is_some() && beijing.lon.is_some());
    assert!(beijing
        .counts
        .is_some_and(|c| c.mentions >= c.documents && c.documents > 0));
    let jjj = &list[by_id("jingjinji")];
    assert!(jjj.members.contains(&by_id("11")) && jjj.members.contains(&by_id("13")));

    let documents = entities.documents(&store).unwrap();
    // 12 files and a JSONL file of 3 records, one document a copy of another.
    assert_eq!(documents.len(), 14);
    assert!(documents.windows(2).all(|w| w[0].id < w[1].id));
    for d in &documents {
        assert!(
            d.mentions.windows(2).all(|w| w[0] < w[1]),
            "sorted, each once"
        );
    }

    let pairs = entities.pairs(&store).unwrap();
    assert!(!pairs.is_empty());
    let ids = |p: &regionkg::store::read::StoredPair| (&list[p.source].id, &list[p.target].id);
    assert!(pairs.windows(2).all(|w| ids(&w[0]) < ids(&w[1])));
    assert!(pairs
        .iter()
        .all(|p| p.documents > 0 && p.windows >= p.documents));

    // The exports see the same entities: each node is an entity the corpus names.
    let network = Network::from_store(&store).unwrap();
    let named = list.iter().filter(|e| e.counts.is_some()).count();
    assert_eq!(network.nodes.len(), named);
    assert_eq!(network.edges.len(), pairs.len());
}

#[test]
fn a_malformed_number_is_an_error_naming_it() {
    let (dir, path) = built();
    let dump = regionkg()
        .args(["export", "rdf", "--format", "nquads", "--store"])
        .arg(&path)
        .assert()
        .success();
    let nquads = String::from_utf8(dump.get_output().stdout.clone()).unwrap();
    // One entity's mention count becomes text that is no number.
    let line = nquads
        .lines()
        .find(|l| l.contains("/vocab/mentionCount>") || l.contains("#mentionCount>"))
        .expect("a mention count");
    let value = line.split('"').nth(1).unwrap();
    let broken_line = line.replacen(
        &format!("\"{value}\"^^<http://www.w3.org/2001/XMLSchema#integer>"),
        "\"many\"",
        1,
    );
    assert_ne!(line, broken_line, "{line}");
    let broken = nquads.replacen(line, &broken_line, 1);
    let quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(broken.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let copy = dir.path().join("broken");
    regionkg::store::write_new(&copy, |feed| feed(quads)).unwrap();
    let store = Store::open(&copy).unwrap();
    let err = Entities::load(&store).unwrap_err().to_string();
    assert!(
        err.contains("\"many\"") && err.contains("mention count"),
        "{err}"
    );
}
