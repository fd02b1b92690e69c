//! Markdown posts (Hexo style): front matter between `---` lines, then an HTML-sprinkled body.
//!
//! The document text is the title (without its channel label) on the first line, then the body
//! with `<!-- -->` comments and HTML tags removed, entities decoded, each line trimmed, and
//! blank or image-only lines dropped. Offsets index that text (`regionkg read` prints it).

use super::{read_utf8, Document, SourceFile};
use crate::error::{Error, Result};
use regex::Regex;
use std::sync::LazyLock;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("valid regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][^<>]*>").expect("valid regex"));
static MD_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("valid regex"));
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").expect("valid regex")
});
static CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:_|——)([^_—]{1,12}频道|(?:凤凰网)?房产[^_—]{1,8})$").expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:-?[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
        .expect("valid regex")
});

pub(super) fn read(file: &SourceFile) -> Result<Document> {
    let raw = read_utf8(&file.path)?;
    parse(file, &raw)
}

/// Parses a post's text (front matter, title, cleaned body) into a document.
pub(crate) fn parse(file: &SourceFile, raw: &str) -> Result<Document> {
    let raw = raw.replace("\r\n", "\n");
    let (front, body) = split_front_matter(&raw).map_err(|m| Error::record(&file.path, None, m))?;
    let mut title = None;
    let mut date = None;
    let mut author = None;
    for (key, value) in front {
        match key {
            "title" => title = Some(value.to_string()),
            "date" => date = parse_date(value),
            "author" if !matches!(value, "None" | "null" | "") => author = Some(value.to_string()),
            _ => {}
        }
    }
    let mut channel = None;
    let title = title
        .map(|t| match CHANNEL.captures(&t) {
            Some(c) => {
                channel = Some(c[1].to_string());
                t[..c.get(0).expect("group 0 exists").start()].to_string()
            }
            None => t,
        })
        .filter(|t| !t.trim().is_empty());
    let heading = title.clone().unwrap_or_else(|| {
        file.path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    });
    let mut text = heading.replace('\n', " ");
    for line in clean_body(body) {
        text.push('\n');
        text.push_str(&line);
    }
    Ok(Document::new(
        Document {
            id: file.name.clone(),
            path: file.path.clone(),
            line: None,
            title,
            date,
            source: author,
            channel,
            text,
            sentences: Vec::new(),
            body_start: 0,
            key: None,
        },
        true,
    ))
}

/// Key/value pairs of a front matter, in file order.
type FrontMatter<'a> = Vec<(&'a str, &'a str)>;

/// Splits `---\nkey: value\n---\nbody` into its key/value pairs and the body. A file that does
/// not start with `---` has no front matter; one that starts it and never closes it is an error.
fn split_front_matter(raw: &str) -> std::result::Result<(FrontMatter<'_>, &str), String> {
    let Some(rest) = raw
        .strip_prefix("---\n")
        .or_else(|| raw.strip_prefix("---\r\n"))
    else {
        return Ok((Vec::new(), raw));
    };
    let mut pairs = Vec::new();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" {
            return Ok((pairs, &rest[offset..]));
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            pairs.push((k.trim(), v));
        }
    }
    Err("front matter opened with --- is never closed".into())
}

/// `2019-02-21 07:15:00`, `2019-02-21- 07:15`, `2019/2/21` → ISO 8601; anything else → None.
pub(crate) fn parse_date(value: &str) -> Option<String> {
    let c = DATE.captures(value.trim())?;
    let num = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
    let (y, mo, d, h, mi, s) = (num(1)?, num(2)?, num(3)?, num(4)?, num(5)?, num(6)?);
    let days = match mo {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if d == 0 || d > days || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"))
}

/// The body's lines with HTML removed; blank and image-only lines dropped.
fn clean_body(body: &str) -> Vec<String> {
    let body = COMMENT.replace_all(body, "\n");
    body.lines()
        .filter_map(|line| {
            let line = TAG.replace_all(line, "");
            let line = MD_IMAGE.replace_all(&line, "");
            let line = decode_entities(&line);
            let line = line.trim();
            (!line.is_empty()).then(|| line.to_string())
        })
        .collect()
}

fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    ENTITY.replace_all(s, |c: &regex::Captures| {
        let name = &c[1];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "middot" => Some('·'),
                "mdash" => Some('—'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                _ => None,
            }
        };
        decoded.map_or_else(|| c[0].to_string(), String::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use std::io::Write;

    #[test]
    fn dates_in_the_formats_posts_use() {
        let cases = [
            ("2019-02-21- 07:15", Some("2019-02-21T07:15:00")),
            ("2019-01-25 15:12:54", Some("2019-01-25T15:12:54")),
            ("2019-02-21- 06:41:09", Some("2019-02-21T06:41:09")),
            ("2019/2/1", Some("2019-02-01T00:00:00")),
            ("2019-02-30 10:00", None),
            ("楼盘价格 :", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_date(input).as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn cleans_a_post() {
        let post = "---\ntitle: 雄安新区迎来新项目_河北频道\nauthor: None\ndate: 2019-02-21- 07:15\ntags: \n---\n原标题：雄安新区迎来新项目\n<!-- more -->\n   \n<img src=\"a.jpg\" />\n<p>京津冀协同发展&nbsp;提速。</p>\n";
        let mut f = tempfile::NamedTempFile::with_suffix(".md").unwrap();
        f.write_all(post.as_bytes()).unwrap();
        let file = SourceFile {
            path: f.path().to_path_buf(),
            name: "post.md".into(),
            format: Format::Markdown,
        };
        let d = read(&file).unwrap();
        assert_eq!(
            d.text,
            "雄安新区迎来新项目\n原标题：雄安新区迎来新项目\n京津冀协同发展 提速。"
        );
        assert_eq!(d.title.as_deref(), Some("雄安新区迎来新项目"));
        assert_eq!(d.channel.as_deref(), Some("河北频道"));
        assert_eq!(d.date.as_deref(), Some("2019-02-21T07:15:00"));
        assert_eq!(d.source, None);
        assert_eq!(d.sentences.len(), 3);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\ntitle: x\nbody").is_err());
        assert_eq!(
            split_front_matter("no front matter").unwrap().1,
            "no front matter"
        );
    }
}
