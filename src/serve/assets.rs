//! The page's files, compiled into the binary (`web/`; the vendored libraries' versions,
//! sources and licences are in `web/README.md`).

/// (path, content type, bytes) of every file the page loads.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../web/index.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/app.js"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/app.css"),
    ),
    (
        "/vendor/codemirror.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror-5.65.20/codemirror.js"),
    ),
    (
        "/vendor/codemirror.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror-5.65.20/codemirror.css"),
    ),
    (
        "/vendor/sparql.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror-5.65.20/sparql.js"),
    ),
    (
        "/vendor/cytoscape.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape-3.35.0/cytoscape.min.js"),
    ),
];

/// The file at `path`, with its content type.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, t, b)| (*t, *b))
}

/// What the page may load and call: only this server (the browser enforces it). CodeMirror
/// and Cytoscape set inline styles, hence `'unsafe-inline'` for styles only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
