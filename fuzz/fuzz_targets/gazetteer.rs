//! The gazetteer TSV parser on any bytes: rows are parsed or reported with their line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut problems = Vec::new();
    let _ =
        regionkg::gazetteer::tsv::parse_file(std::path::Path::new("fuzz.tsv"), data, &mut problems);
    for p in problems {
        assert!(p.line <= lines + 1, "{p:?}");
    }
});
