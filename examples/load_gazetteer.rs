//! Loads the built-in gazetteers and builds the recogniser, printing how long each step takes.
//! Run: `cargo run --release --example load_gazetteer`.

use regionkg::gazetteer::Gazetteer;
use regionkg::recognise::Recognizer;
use std::time::Instant;

fn main() -> Result<(), regionkg::Error> {
    let t = Instant::now();
    let g = Gazetteer::builtin()?;
    let loaded = t.elapsed();
    let n = g.len();
    let t = Instant::now();
    let r = Recognizer::new(g)?;
    println!(
        "{n} entities loaded in {:.1} ms; automaton of {} surfaces built in {:.1} ms",
        loaded.as_secs_f64() * 1e3,
        r.surface_count(),
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
