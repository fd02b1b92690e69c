//! The layers after resolution: the head of a company a rule found names it again in the same
//! document (双星 after 双星集团), and, opt-in, jieba's organisation words and the learned
//! model's organisations and places that no other layer found.

use super::lexicon::FACILITY_HEADS;
use super::rules::{self, Rule};
use super::{Found, Recognizer, Resolution, Target, Unlinked};
use crate::corpus::Document;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::{EntityId, EntityType};
use crate::model::Lac;

/// The levels of China's divisions, written before a local body's short name (省发改委, 区卫健委).
const LEVELS: &[char] = &['省', '市', '区', '县', '州', '盟', '旗', '镇', '乡', '村'];

impl Recognizer {
    /// Whether `entity`, one of China's central bodies other than a company, is written in
    /// `range` just after a level character: the name then is the local body's (省 + 发改委,
    /// 广州 + 发改委, 广东省 + 国资委, 安徽省 + 社科院), while a company stays itself after a
    /// place (广州 + 恒大), a name that says it is national stays national (江西省 +
    /// 全国人大代表), and so does a board after 上市 (上市 + 科创板).
    pub(super) fn local_body_after_a_level(
        &self,
        text: &str,
        range: &std::ops::Range<usize>,
        entity: EntityId,
    ) -> bool {
        let g = &self.gazetteer;
        let e = g.entity(entity);
        let before = &text[..range.start];
        let central = || {
            let china = g.find("CN");
            g.ancestors(entity).any(|a| Some(a) == china)
                && !g
                    .ancestors(entity)
                    .any(|a| g.entity(a).kind == EntityType::Place && g.depth(a) > 0)
        };
        e.kind == EntityType::Institution
            && !matches!(e.subtype.as_str(), "company" | "listed-company")
            && before
                .chars()
                .next_back()
                .is_some_and(|c| LEVELS.contains(&c))
            && !before.ends_with("上市")
            && !["全国", "国家", "中央", "中国"]
                .iter()
                .any(|p| text[range.clone()].starts_with(p))
            && central()
    }
}

impl Recognizer {
    /// The head of a company name a rule found (双星 of 双星集团) names that company elsewhere in
    /// the same document: a scoped short form, like the gazetteers' context aliases. Only with
    /// jieba: where nothing else was found, on word boundaries, and for heads that are no common
    /// word.
    pub(super) fn company_heads(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        // Only a head jieba's dictionary does not have (权健 of 权健公司, 泛海 of 泛海控股) is
        // taken: its tags cannot tell a company (双星 nz) from a common word (欧元 nz, 房地产 j,
        // 慈善 nr), which a head like 房地产 of a false 房地产公司 would spread through the
        // document. A head that is a known name of its own (新华 of 新华区) stays that name.
        let usable = |head: &str| !self.index.contains_key(head) && !checker.is_word(head);
        // A head several companies share (双星 of 双星集团 and 双星控股) goes to the first
        // mentioned.
        let mut heads: Vec<(String, Target)> = Vec::new();
        for f in found.iter() {
            let target = &f.target;
            let Target::Unlinked(u) = target else {
                continue;
            };
            if u.kind != EntityType::Institution {
                continue;
            }
            if let Some(head) = rules::company_head(&u.name).filter(|h| usable(h)) {
                if !heads.iter().any(|(h, _)| h == head) {
                    heads.push((head.to_string(), target.clone()));
                }
            }
        }
        if heads.is_empty() {
            return;
        }
        let heads: Vec<(&str, &Target)> = heads.iter().map(|(h, t)| (h.as_str(), t)).collect();
        let extra = occurrences(doc, &heads, found, Some(checker), Resolution::Scope);
        if !extra.is_empty() {
            found.extend(extra);
            found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
        }
    }

    /// A known company directly followed by a word of a trade (骅威 + 文化, 盛运 + 环保) is
    /// written as a longer name no gazetteer lists, often a former short name or a sister
    /// company of the same trade name: the mention becomes that name, unlinked, with the company
    /// as its parent. Only with jieba, on its word boundaries (not 万科 + 地产商).
    pub(super) fn trade_names(&self, doc: &Document, found: &mut [Found]) {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        for k in 0..found.len() {
            let Target::Known(entity) = found[k].target else {
                continue;
            };
            let known = self.gazetteer.entity(entity);
            // Listed companies and China's other companies (京东 + 物流, 融创 + 文化, 万达 +
            // 影视); a foreign company's name and a trade word is most often its business
            // (奈飞文化, 苹果汽车), not a name.
            let chinese_company = known.subtype == "company"
                && known
                    .parent
                    .as_deref()
                    .is_some_and(|p| !p.starts_with("country:"));
            if known.kind != EntityType::Institution
                || !(known.subtype == "listed-company" || chinese_company)
            {
                continue;
            }
            let range = found[k].range.clone();
            // A name that names its trade or form already (中泰证券, 金隅集团, 长沙银行) is
            // followed by a word of the sentence (中泰证券 + 医药 analysts).
            let written = crate::text::normalize(&doc.text[range.clone()]);
            if super::lexicon::TRADES.iter().any(|t| written.ends_with(t))
                || rules::name_suffix(&written).is_some()
            {
                continue;
            }
            let sentence = &doc.sentences[found[k].sentence].range;
            let Some(trade) = super::lexicon::TRADES
                .iter()
                .filter(|t| doc.text[range.end..sentence.end].starts_with(**t))
                .max_by_key(|t| t.len())
            else {
                continue;
            };
            let end = range.end + trade.len();
            let name = crate::text::normalize(&doc.text[range.start..end]);
            if found.get(k + 1).is_some_and(|next| next.range.start < end)
                || self.index.contains_key(&name)
                || !checker.on_boundaries(
                    &doc.text[sentence.clone()],
                    range.start - sentence.start,
                    end - sentence.start,
                )
            {
                continue;
            }
            found[k] = Found {
                sentence: found[k].sentence,
                range: range.start..end,
                target: Target::Unlinked(Unlinked {
                    kind: EntityType::Institution,
                    name,
                    rule: Rule::Trade,
                    parent: Some(entity),
                    members: Vec::new(),
                }),
                resolution: Resolution::Rule,
                alternatives: Vec::new(),
            };
        }
    }

    /// Adds jieba's organisation words (nt) that overlap nothing already found, keeping `found`
    /// in text order.
    pub(super) fn statistical_layer(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = &self.boundary else {
            return;
        };
        let mut extra: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let mut at = sentence.range.start;
            for (word, tag) in checker.tags(&doc.text[sentence.range.clone()]) {
                let range = at..at + word.len();
                at = range.end;
                if tag != "nt"
                    || word.chars().count() < 2
                    || found
                        .iter()
                        .any(|f| f.range.start < range.end && range.start < f.range.end)
                {
                    continue;
                }
                let unlinked = Unlinked {
                    kind: EntityType::Institution,
                    name: crate::text::normalize(word),
                    rule: Rule::JiebaNt,
                    parent: None,
                    members: Vec::new(),
                };
                extra.push(Found {
                    sentence: i,
                    range,
                    target: Target::Unlinked(unlinked),
                    resolution: Resolution::Rule,
                    alternatives: Vec::new(),
                });
            }
        }
        found.extend(extra);
        found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    }
}

/// The shortest name the model's layer takes, in characters: one-character ORG and LOC words are
/// mostly abbreviations the rules already read (京, 美) or tagging noise.
const MODEL_MIN_CHARS: usize = 2;

/// The least confidence ([`crate::model::Word::confidence`]) of a place the model names. Chosen
/// on dev.jsonl (entities 0.802 → 0.809; 0.4 0.806, 0.7 0.807, 0.8 0.805), it holds on dev2
/// (0.795 → 0.798, precision 0.832 → 0.850) and People's Daily (LOC 0.821 → 0.826). The same
/// test on organisations was left out: at 0.4, dev's 0.809 → 0.812 but dev2's 0.798 → 0.794.
const MODEL_MIN_PLACE_CONFIDENCE: f32 = 0.6;

/// Characters no organisation or place name the model gives is taken with: list separators,
/// percentages, colons and brackets mark a span that ran across a name's edge
/// (`Prada Holding 65%`, `农林牧渔/生产制造`).
pub fn crosses_a_name_edge(name: &str) -> bool {
    name.chars().any(|c| "/%：:|丨()（）·，,、".contains(c))
        || name.chars().next().is_some_and(|c| c.is_ascii_digit())
}

impl Recognizer {
    /// Adds the learned model's ORG (an institution) and LOC (a place) words, typed by their
    /// suffix where they have one, that no gazetteer lists (a listed surface not found here was
    /// left out by resolution or the boundary check on purpose), keeping `found` in text order. The document's sentences go through the
    /// model as one batch.
    ///
    /// A word that overlaps nothing found is added. An organisation that contains whole names
    /// already found (上海证监局 over 上海, 中国证监会并购重组委 over 中国证监会) replaces them,
    /// the first known one becoming its parent, as a rule's name built on a place does, unless
    /// they are countries only and the rest names nothing (日本汽车公司); any other overlap
    /// keeps what was found. Then each name the model gave names the same entity
    /// at its other occurrences in the document (on jieba's word boundaries, where nothing else
    /// was found).
    pub(super) fn model_layer(&self, model: &Lac, doc: &Document, found: &mut Vec<Found>) {
        let sentences: Vec<(usize, &crate::corpus::Sentence)> = doc
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.repeated)
            .collect();
        let texts: Vec<&str> = sentences
            .iter()
            .map(|(_, s)| &doc.text[s.range.clone()])
            .collect();
        let tagged = model.tag(&texts);
        let mut extra: Vec<Found> = Vec::new();
        let mut replaced = vec![false; found.len()];
        for ((i, sentence), (text, words)) in sentences.iter().zip(texts.iter().zip(&tagged)) {
            let bytes: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            for word in words {
                let kind = match word.label {
                    "ORG" => EntityType::Institution,
                    "LOC" => EntityType::Place,
                    _ => continue,
                };
                let at = sentence.range.start;
                let whole = at + bytes[word.start]..at + bytes[word.end];
                for part in self.model_parts(&doc.text[whole.clone()]) {
                    let range = whole.start + part.start..whole.start + part.end;
                    if doc.text[range.clone()].chars().count() < MODEL_MIN_CHARS {
                        continue;
                    }
                    let name = crate::text::normalize(&doc.text[range.clone()]);
                    if let Some(&slot) = self.index.get(&name) {
                        if word.label == "ORG" {
                            extra.extend(
                                self.known_body_confirmed(
                                    &doc.text, *i, &range, slot, found, &extra,
                                ),
                            );
                        }
                        continue;
                    }
                    if crosses_a_name_edge(&name) || latin_person_shaped(&name) {
                        continue;
                    }
                    // The suffix lexicon's type, where the name has one (梅林隧道 a project,
                    // 临空经济区 a zone), else a facility's for a place with a facility's last
                    // word (东兴顺旅馆), else the label's.
                    let head = rules::name_suffix(&name).or_else(|| {
                        let facility = || {
                            FACILITY_HEADS
                                .iter()
                                .find(|h| name.len() > h.len() && name.ends_with(**h))
                        };
                        (kind == EntityType::Place)
                            .then(facility)
                            .flatten()
                            .map(|h| (*h, EntityType::Project))
                    });
                    let kind = head.map_or(kind, |(_, kind)| kind);
                    // A place the model is unsure of is more often a word than a name (湾区,
                    // 修路, 首月, 多国), or a kind of zone or body (全国综合保税区, 乡党委); a
                    // facility is a name (欧罗巴旅馆, 清风小区) unless it is a kind of facility or
                    // a piece of a word. An organisation's doubt costs more recall than it saves.
                    if word.label == "LOC" && word.confidence < MODEL_MIN_PLACE_CONFIDENCE {
                        let facility = match head {
                            Some((head, EntityType::Project)) => {
                                self.names_a_facility(&doc.text, &range, head)
                            }
                            _ => false,
                        };
                        if !facility {
                            continue;
                        }
                    }
                    let overlapping: Vec<usize> = (0..found.len())
                        .filter(|&k| {
                            found[k].range.start < range.end && range.start < found[k].range.end
                        })
                        .collect();
                    // A plan title in 《》 may hold an organisation's name, not the reverse.
                    let absorbable = |f: &Found| {
                        let inside = range.start <= f.range.start && f.range.end <= range.end;
                        let title =
                            matches!(&f.target, Target::Unlinked(u) if u.rule == Rule::Title);
                        inside && !title && f.range != range
                    };
                    if !overlapping.is_empty()
                        && (kind != EntityType::Institution
                            || !overlapping.iter().all(|&k| absorbable(&found[k])))
                    {
                        continue;
                    }
                    if extra
                        .iter()
                        .any(|f| f.range.start < range.end && range.start < f.range.end)
                    {
                        continue;
                    }
                    if overlapping.is_empty()
                        && kind == EntityType::Institution
                        && self.kind_of_business(&name)
                    {
                        continue;
                    }
                    // A body's meeting is no body (外交部 + 例行记者会, 小米9 + 发布会).
                    if kind == EntityType::Institution && MEETINGS.iter().any(|m| name.ends_with(m))
                    {
                        continue;
                    }
                    // A country before a company's, a school's or an exchange's own name is no
                    // part of it (英国 + 巴克莱银行, 日本 + 马自达汽车公司, 美国 + 纳斯达克), unlike
                    // before a state's organs (美国政府, 韩国央行) or in a name that holds it as a
                    // word (德国商业银行): the country stays, and the name is one of its own.
                    if let Some(own) =
                        self.own_name_after_a_country(&doc.text, &range, &overlapping, found)
                    {
                        let rest = own.map(|rest| {
                            let name = crate::text::normalize(&doc.text[rest.clone()]);
                            (rest, name)
                        });
                        if let Some((rest, name)) = rest {
                            // A known name is its body's, never a model name of its own.
                            if let Some(&slot) = self.index.get(&name) {
                                extra.extend(self.known_body_confirmed(
                                    &doc.text, *i, &rest, slot, found, &extra,
                                ));
                                continue;
                            }
                            extra.push(Found {
                                sentence: *i,
                                range: rest,
                                target: Target::Unlinked(Unlinked {
                                    kind: EntityType::Institution,
                                    name,
                                    rule: Rule::Model,
                                    parent: None,
                                    members: Vec::new(),
                                }),
                                resolution: Resolution::Model,
                                alternatives: Vec::new(),
                            });
                        }
                        continue;
                    }
                    // Over countries only, the rest must name something: 日本汽车公司 and 美国科技公司
                    // are a country's trade (and 日本 a place lost), 美国证监会 a body.
                    let countries_only = overlapping.iter().all(|&k| {
                        found[k].target.known().is_some_and(|e| {
                            Subtype::of(&self.gazetteer.entity(e).subtype) == Subtype::Country
                        })
                    });
                    if !overlapping.is_empty() && countries_only {
                        let after = overlapping.iter().map(|&k| found[k].range.end).max();
                        if !self.names_something(&doc.text[after.unwrap_or(range.start)..range.end])
                        {
                            continue;
                        }
                    }
                    if !overlapping.is_empty()
                        && !self.edges_name_something(doc, &range, &overlapping, found)
                    {
                        continue;
                    }
                    // Known bodies side by side are two names (中央纪委 + 国家监委, 招商银行 +
                    // 港交所, 腾讯 + 网易), as a place beside a place is.
                    if self.bodies_side_by_side(&range, &overlapping, found) {
                        continue;
                    }
                    let parent = overlapping.iter().find_map(|&k| found[k].target.known());
                    for &k in &overlapping {
                        replaced[k] = true;
                    }
                    extra.push(Found {
                        sentence: *i,
                        range,
                        target: Target::Unlinked(Unlinked {
                            kind,
                            name,
                            rule: Rule::Model,
                            parent,
                            members: Vec::new(),
                        }),
                        resolution: Resolution::Model,
                        alternatives: Vec::new(),
                    });
                }
            }
        }
        let mut k = 0;
        found.retain(|_| {
            k += 1;
            !replaced[k - 1]
        });
        // Document consistency: each name the model gave, at its other occurrences.
        let mut names: Vec<(&str, &Target)> = Vec::new();
        for f in &extra {
            let surface = &doc.text[f.range.clone()];
            if !names.iter().any(|(s, _)| *s == surface) {
                names.push((surface, &f.target));
            }
        }
        let taken: Vec<Found> = found.iter().chain(&extra).cloned().collect();
        let checker = self.boundary.as_ref().filter(|_| self.boundary_check);
        let mut again = occurrences(doc, &names, &taken, checker, Resolution::Model);
        again.retain(|f| {
            !f.target
                .known()
                .is_some_and(|e| self.local_body_after_a_level(&doc.text, &f.range, e))
        });
        extra.extend(again);
        if !extra.is_empty() {
            found.extend(extra);
            found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
        }
    }
}

impl Recognizer {
    /// A known body's name that the gazetteer layer held back where the model reads the same
    /// span as an organisation: a context alias out of its scope (网信办 in a list of national
    /// bodies, 苹果 of a phone launch) or a short name jieba's words cut. The model's reading is
    /// the evidence the scope or the word boundary stood for, so the name is the body's
    /// mention ([`Resolution::Model`]). Institutions only: a place's context alias (a town's
    /// short form) is shared by too many places for a label to choose one. Not a listed
    /// company's stem (隆基 of 隆基机械 is as often 隆基股份's, 莱宝 a beer's), which names
    /// the company no more than it names others, nor a body's short name after a level (省 +
    /// 发改委 is the province's commission, not the State Council's).
    fn known_body_confirmed(
        &self,
        text: &str,
        sentence: usize,
        range: &std::ops::Range<usize>,
        slot: u32,
        found: &[Found],
        extra: &[Found],
    ) -> Option<Found> {
        let overlaps = |f: &Found| f.range.start < range.end && range.start < f.range.end;
        if found.iter().chain(extra).any(overlaps) {
            return None;
        }
        let mut bodies = self.candidates[slot as usize]
            .iter()
            .map(|c| c.entity)
            .filter(|&e| {
                let e = self.gazetteer.entity(e);
                e.kind == EntityType::Institution && e.subtype != "listed-company"
            });
        let entity = bodies.next()?;
        if self.local_body_after_a_level(text, range, entity) {
            return None;
        }
        Some(Found {
            sentence,
            range: range.clone(),
            target: Target::Known(entity),
            resolution: Resolution::Model,
            alternatives: bodies.collect(),
        })
    }

    /// The parts of a model span that may be names (byte ranges into `span`): the model runs
    /// two names together (中证协联合中基协) and reads on into a count (三菱汽车 + 三家公司, 上海 +
    /// 多家银行) or a dateline's 讯 (兰州晚报 + 讯). The span is cut at [`JOINS`], ends before a
    /// number followed by a measure word, and loses a dateline's 讯 after a paper's or site's
    /// name. Without jieba, the whole span.
    pub(crate) fn model_parts(&self, span: &str) -> Vec<std::ops::Range<usize>> {
        let Some(checker) = &self.boundary else {
            return std::iter::once(0..span.len()).collect();
        };
        let words: Vec<(&str, &str)> = checker.tags(span).collect();
        // A join cuts only before a word that starts a name (中基协, 长春市 ...; not 联合 + 委员会
        // of 中沙高级别联合委员会, 联合 + 证券 of 华泰联合证券): a proper noun's tag, a word
        // jieba does not know, or a known name (the gazetteers' short names are jieba words
        // too, with no tag of their own).
        let starts_a_name = |(w, t): &(&str, &str)| {
            rules::is_proper_tag(t) || !checker.is_word(w) || self.index.contains_key(*w)
        };
        let mut parts = Vec::new();
        let (mut start, mut at) = (0, 0);
        // A dynasty dates a site, it is not part of its name (西汉 + 海昏侯墓).
        if let [(first, _), _, ..] = words.as_slice() {
            if DYNASTIES.contains(first) {
                (start, at) = (first.len(), first.len());
            }
        }
        for (k, &(word, tag)) in words.iter().enumerate().skip(usize::from(start > 0)) {
            let end = at + word.len();
            // jieba tags some counts whole (多家 m), some as a number and a measure (三 + 家).
            let count = tag == "m"
                && (words.get(k + 1).is_some_and(|(_, t)| *t == "q")
                    || word.ends_with(|c: char| COUNTED.contains(c)));
            if count {
                break;
            }
            // A chief (建银国际 + 首席港股策略师, 兴业银行 + 首席经济学家鲁政委) is a person of
            // the body: its name ends before.
            if TAILS.contains(&word) && at - start >= MIN_BEFORE_TAIL {
                break;
            }
            if JOINS.contains(&word) && k > 0 && words.get(k + 1).is_some_and(starts_a_name) {
                parts.push(start..at);
                start = end;
            }
            at = end;
        }
        let mut last = start..at;
        let dateline = span[last.clone()]
            .strip_suffix('讯')
            .is_some_and(|rest| MEDIA_ENDINGS.iter().any(|e| rest.ends_with(e)));
        if dateline {
            last.end -= '讯'.len_utf8();
        }
        parts.push(last);
        parts.retain(|r| !r.is_empty());
        parts
    }

    /// Whether a facility's name the model is unsure of, `text[range]` ending in `head`, names
    /// one: it starts and ends on jieba's word boundaries (not 通高速 of 京通高速, 侯墓 of
    /// 海昏侯墓), and its first word is not a common verb or adjective that makes it a kind of
    /// facility (通用机场, 最佳中转机场, 湿地公园). Numbers stay (万龙滑雪场, 八一体育场), and so
    /// do dictionary words (张飞庙, 紫光阁), at the cost of 四座跨江大桥 and 国家森林公园. Without
    /// jieba, no.
    fn names_a_facility(&self, text: &str, range: &std::ops::Range<usize>, head: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return false;
        };
        let body = &text[range.start..range.end - head.len()];
        let kind_word = checker.tags(body).next().is_some_and(|(word, tag)| {
            matches!(tag, "v" | "vn" | "a" | "ad" | "b" | "z") && checker.is_word(word)
        });
        !kind_word && checker.on_boundaries(text, range.start, range.end)
    }

    /// Whether what a model span adds around the known names it absorbs can be part of a name:
    /// before the first, words that name something (not 如 + 美团, 前 + 银保监会, 联合 + 欧盟,
    /// 继本月 + 上海市卫健委); after the last, not verbs alone (桂林 + 下发, 复星 + 会).
    /// Without jieba, yes.
    fn edges_name_something(
        &self,
        doc: &Document,
        range: &std::ops::Range<usize>,
        overlapping: &[usize],
        found: &[Found],
    ) -> bool {
        let Some(checker) = &self.boundary else {
            return true;
        };
        let first = overlapping.iter().map(|&k| found[k].range.start).min();
        let last = overlapping.iter().map(|&k| found[k].range.end).max();
        let (Some(first), Some(last)) = (first, last) else {
            return true;
        };
        let before = &doc.text[range.start..first.max(range.start)];
        let after = &doc.text[last.min(range.end)..range.end];
        (before.is_empty() || self.names_something(before))
            && (after.is_empty() || !checker.tags(after).all(|(_, t)| t.starts_with('v')))
    }

    /// Whether the found names a model span overlaps are two or more known institutions that
    /// fill it end to end, with nothing between them, and not one unit's name: a joint venture
    /// (companies only, each a different one: 东风 + 日产, 一汽 + 丰田; 中国平安 twice is two
    /// mentions) or a parent's unit.
    fn bodies_side_by_side(
        &self,
        range: &std::ops::Range<usize>,
        overlapping: &[usize],
        found: &[Found],
    ) -> bool {
        let mut at = range.start;
        let mut bodies = Vec::new();
        for &k in overlapping {
            let body = found[k]
                .target
                .known()
                .filter(|&e| self.gazetteer.entity(e).kind == EntityType::Institution);
            match body {
                Some(e) if found[k].range.start == at => bodies.push(e),
                _ => return false,
            }
            at = found[k].range.end;
        }
        let company = |e: EntityId| {
            matches!(
                self.gazetteer.entity(e).subtype.as_str(),
                "company" | "listed-company"
            )
        };
        let joint_venture = bodies.iter().all(|&e| company(e))
            && bodies
                .iter()
                .enumerate()
                .all(|(i, e)| !bodies[..i].contains(e));
        // A university or a democratic party before a body is its parent: the span is one unit
        // (北京大学 + 国际关系学院, 民革 + 兰州市委). Not an international body: 达沃斯论坛 +
        // 第一财经 are two (and 欧盟 + 统计局, one, is lost).
        let parent_first = bodies.first().is_some_and(|&e| {
            matches!(
                self.gazetteer.entity(e).subtype.as_str(),
                "university" | "college" | "democratic-party"
            )
        });
        bodies.len() >= 2 && at == range.end && !joint_venture && !parent_first
    }

    /// Whether an organisation's name is a kind of business, not one (产险公司, 城商行,
    /// 农民合作社): a generic ending after words that are all common ones of jieba's dictionary,
    /// none of them a proper noun. Not caught: heads of numbers (逾6成公司) and names over a known
    /// one (创业板公司), which never reach this test.
    pub(super) fn kind_of_business(&self, name: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return false;
        };
        let Some(ending) = GENERIC_ENDINGS
            .iter()
            .filter(|e| name.ends_with(**e))
            .max_by_key(|e| e.len())
        else {
            return false;
        };
        let head = &name[..name.len() - ending.len()];
        // A name jieba does not know falls apart into characters (劳拉, 人保): only a head of
        // one character may be one (城 + 商行).
        let mut words = checker.tags(head).peekable();
        let one = head.chars().nth(1).is_none();
        !head.is_empty()
            && !registered_form(name)
            && words.peek().is_some()
            && words.all(|(w, t)| {
                !rules::is_proper_tag(t)
                    && checker.is_word(w)
                    && (one || w.chars().nth(1).is_some())
            })
    }

    /// Whether a model span over `overlapping` mentions starts with a country followed by a
    /// company's, a school's or an exchange's own name: `Some(None)` when that name was found
    /// already (美国 + 纳斯达克), `Some(Some(range))` for a name nothing found, ending as a
    /// company or school does after a proper stem (英国 + 巴克莱银行; not 德国 + 商业银行),
    /// `None` otherwise.
    fn own_name_after_a_country(
        &self,
        text: &str,
        range: &std::ops::Range<usize>,
        overlapping: &[usize],
        found: &[Found],
    ) -> Option<Option<std::ops::Range<usize>>> {
        let (&first, others) = overlapping.split_first()?;
        let country = &found[first];
        let is_country = country
            .target
            .known()
            .is_some_and(|e| Subtype::of(&self.gazetteer.entity(e).subtype) == Subtype::Country);
        if country.range.start != range.start || !is_country || country.range.end >= range.end {
            return None;
        }
        let rest = country.range.end..range.end;
        match others {
            // 中国 before a company nothing found is most often part of its registered name
            // (中国太平保险集团, 中国中纺集团公司).
            [] if country.target.known() == self.gazetteer.find("CN") => None,
            [] => {
                let name = &text[rest.clone()];
                let ends = OWN_NAME_ENDINGS
                    .iter()
                    .find(|e| name.len() > e.len() && name.ends_with(**e))?;
                let stem = &name[..name.len() - ends.len()];
                (stem.chars().nth(1).is_some() && self.proper_stem(stem)).then_some(Some(rest))
            }
            [only] => {
                let f = &found[*only];
                let own = f.range == rest
                    && f.target.known().is_some_and(|e| {
                        let e = self.gazetteer.entity(e);
                        OWN_NAME_SUBTYPES.contains(&e.subtype.as_str())
                    });
                own.then_some(None)
            }
            _ => None,
        }
    }

    /// Whether a name's stem (before its ending) holds a person's or place's name by jieba's
    /// tags, a Latin word or a word jieba does not know (巴克莱, 马自达汽车, 哥伦比亚), not
    /// common words only (科学与艺术科, 第二大农业机械制造, 商业). jieba's nz and j are not
    /// enough: it gives them to 高科技, 通信 and 房地产. Without jieba, no.
    fn proper_stem(&self, stem: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return false;
        };
        checker.tags(stem).any(|(w, t)| {
            t.starts_with("nr") || matches!(t, "ns" | "nt" | "eng") || !checker.is_word(w)
        })
    }

    /// Whether the words after a country in an organisation's name name something: a proper
    /// word by jieba's tags (or a word it does not know), or a body's ending (证监会, 管委会).
    /// Without jieba, yes.
    fn names_something(&self, rest: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return true;
        };
        rules::ends_like_a_body(rest)
            || registered_form(rest)
            || checker
                .tags(rest)
                .any(|(w, t)| rules::is_proper_tag(t) || !checker.is_word(w))
    }
}

/// Endings of a company's or a school's own name after a country (巴克莱银行, 马自达汽车公司,
/// 哥伦比亚大学).
const OWN_NAME_ENDINGS: [&str; 6] = ["公司", "集团", "银行", "大学", "学院", "交易所"];

/// Subtypes of known names that a country before them is no part of (美国 + 纳斯达克).
const OWN_NAME_SUBTYPES: [&str; 4] = ["company", "listed-company", "university", "exchange"];

/// Words the model reads through between two names (中证协 + 联合 + 中基协). Not 和, 与 or 及:
/// names hold them (住房和城乡建设部, 社会与人口学院, 药物政策与基本药物制度司).
const JOINS: [&str; 1] = ["联合"];

/// How the names of meetings end: a model ORG word ending so is a body's meeting, not a body.
const MEETINGS: [&str; 6] = ["记者会", "发布会", "例会", "座谈会", "通气会", "见面会"];

/// Words after which a model span names no body any more (see `model_parts`). Not 总部: a
/// head office is often a body of its own (人民银行上海总部, 政府通信总部), and cut it leaves a
/// company and a place as one (IBM中国上海); tried, over the 5,801 posts about half of the 44
/// names it changed were made worse.
const TAILS: [&str; 1] = ["首席"];

/// Dynasties and eras of two characters that date a site the model names with them (西汉海昏侯墓).
/// Not 春秋 or 三国 (春秋航空, 三国 as three countries), nor one character (明 of 明珠).
const DYNASTIES: [&str; 23] = [
    "西周", "东周", "秦朝", "汉朝", "汉代", "西汉", "东汉", "西晋", "东晋", "北魏", "隋朝", "唐朝",
    "唐代", "宋朝", "宋代", "北宋", "南宋", "元朝", "元代", "明朝", "明代", "清朝", "清代",
];

/// The bytes of name a span keeps before a tail word: two Chinese characters.
const MIN_BEFORE_TAIL: usize = 6;

/// Measure words that end a count jieba tags whole (多家, 三成, 两批).
const COUNTED: &str = "家个批只位名成所";

/// How the names of papers, sites and stations end, before a dateline's 讯 (兰州晚报讯).
const MEDIA_ENDINGS: [&str; 6] = ["报", "网", "台", "社", "新闻", "客户端"];

/// Endings of the names of kinds of business (产险 + 公司, 城 + 商行).
const GENERIC_ENDINGS: [&str; 6] = ["公司", "银行", "商行", "合作社", "机构", "企业"];

/// Whether `rest` ends in a registered company's legal form (有限公司, 集团有限公司, 总公司),
/// not a bare 公司 or 集团: 中国煤炭科工集团有限公司 is a company's registered name, 日本汽车公司
/// and 英国奢侈品集团 descriptions.
fn registered_form(rest: &str) -> bool {
    let form = super::lexicon::COMPANY_FORMS
        .iter()
        .chain(&["总公司"])
        .filter(|f| rest.ends_with(**f))
        .max_by_key(|f| f.len());
    form.is_some_and(|f| !matches!(*f, "公司" | "集团") && rest.len() > f.len())
}

/// Whether a name is two or more Title-case Latin words not ending in an organisation's word
/// (Ray Dalio, Le Maire; not Smith Capital or Mayo Clinic): the shape of a person's name, which
/// the model often labels ORG.
fn latin_person_shaped(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    words.len() >= 2
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.clone().next().is_some()
                && chars.all(|c| c.is_ascii_lowercase())
        })
        && !super::lexicon::LATIN_ORG_WORDS.contains(words.last().expect("two words or more"))
}

/// Adds a rule layer's `new` names to `found`, then each of `names` (a surface and its target)
/// at its other occurrences in the document on jieba's word boundaries, keeping `found` in text
/// order.
pub(super) fn add_with_occurrences(
    doc: &Document,
    found: &mut Vec<Found>,
    new: Vec<Found>,
    names: &[(String, Target)],
    checker: &super::boundary::BoundaryChecker,
) {
    if new.is_empty() {
        return;
    }
    found.extend(new);
    let names: Vec<(&str, &Target)> = names.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let more = occurrences(doc, &names, found, Some(checker), Resolution::Rule);
    found.extend(more);
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
}

/// The occurrences of `names` in the document's sentences (not repeated ones) where nothing in
/// `found` (nor an earlier occurrence) is, on jieba's word boundaries when `checker` is given,
/// each a mention of its target with `resolution`.
pub(super) fn occurrences(
    doc: &Document,
    names: &[(&str, &Target)],
    found: &[Found],
    checker: Option<&super::boundary::BoundaryChecker>,
    resolution: Resolution,
) -> Vec<Found> {
    // Longer names first, so that one holding another keeps its place (恒大健康 before 恒大).
    let mut names = names.to_vec();
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut more: Vec<Found> = Vec::new();
    for (i, sentence) in doc.sentences.iter().enumerate() {
        if sentence.repeated {
            continue;
        }
        let within = &doc.text[sentence.range.clone()];
        for &(name, target) in &names {
            for (at, _) in within.match_indices(name) {
                let range = sentence.range.start + at..sentence.range.start + at + name.len();
                let taken = |f: &Found| f.range.start < range.end && range.start < f.range.end;
                if found.iter().chain(&more).any(taken)
                    || checker.is_some_and(|c| !c.on_boundaries(&doc.text, range.start, range.end))
                {
                    continue;
                }
                more.push(Found {
                    sentence: i,
                    range,
                    target: target.clone(),
                    resolution,
                    alternatives: Vec::new(),
                });
            }
        }
    }
    more
}

#[cfg(test)]
mod tests {
    use super::{latin_person_shaped, occurrences};
    use crate::corpus::Document;
    use crate::gazetteer::EntityType;
    use crate::recognise::rules::Rule;
    use crate::recognise::tests::recognizer_of;
    use crate::recognise::{RecognizerOptions, Resolution, Target, Unlinked};

    #[test]
    fn a_longer_name_keeps_its_occurrences_from_a_name_it_holds() {
        let company = |name: &str| {
            Target::Unlinked(Unlinked {
                kind: EntityType::Institution,
                name: name.to_string(),
                rule: Rule::Model,
                parent: None,
                members: Vec::new(),
            })
        };
        let (short, long) = (company("恒大"), company("恒大健康"));
        let doc = Document::from_text("t", "恒大健康发布公告。恒大表示支持。");
        // The shorter name first, as the model met it: the longer still keeps its place.
        let more = occurrences(
            &doc,
            &[("恒大", &short), ("恒大健康", &long)],
            &[],
            None,
            Resolution::Model,
        );
        let texts: Vec<&str> = more.iter().map(|f| &doc.text[f.range.clone()]).collect();
        assert_eq!(texts, ["恒大健康", "恒大"]);
    }

    #[test]
    fn model_spans_are_cut_where_the_model_reads_on() {
        let names = "id\tname\ttype\taliases\tparent\nCN\t中国\tPlace\t\t\n\
            yx\t中国樱桃协会\tInstitution\t中樱协\tCN\nlx\t中国李子协会\tInstitution\t中李协\tCN\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let parts = |span: &str| -> Vec<String> {
            r.model_parts(span)
                .into_iter()
                .map(|p| span[p].to_string())
                .collect()
        };
        // Two bodies the model ran together; a joint body keeps its 联合.
        assert_eq!(
            parts("广州市发改委联合广州市人社局"),
            ["广州市发改委", "广州市人社局"]
        );
        assert_eq!(parts("中沙高级别联合委员会"), ["中沙高级别联合委员会"]);
        // A known short name starts a name though jieba gives it no proper noun's tag.
        assert_eq!(parts("中樱协联合中李协"), ["中樱协", "中李协"]);
        // A count ends the name; a dateline's 讯 after a paper's name goes, not a name's own.
        assert_eq!(parts("上海多家银行"), ["上海"]);
        assert_eq!(parts("兰州晚报讯"), ["兰州晚报"]);
        assert_eq!(parts("隆众资讯"), ["隆众资讯"]);
        // A chief is a person of the body; a name that is only a chief's title stays whole.
        assert_eq!(parts("甲乙证券首席策略师"), ["甲乙证券"]);
        assert_eq!(parts("首席执行官办公室"), ["首席执行官办公室"]);
    }

    #[test]
    fn tells_latin_persons_from_organisations_by_their_last_word() {
        for person in ["Ray Dalio", "John Stoltzfus", "Le Maire", "Sir Ed Davey"] {
            assert!(latin_person_shaped(person), "{person}");
        }
        for organisation in [
            "Smith Capital",
            "Mayo Clinic",
            "Booking Holdings",
            "AMP Capital",
            "MSCI",
            "Burberry",
            "CPA Australia",
        ] {
            assert!(!latin_person_shaped(organisation), "{organisation}");
        }
    }
}
