//! Markdown → passages. A passage is one `#`/`##`/`###` section (its heading path and its text);
//! a section longer than [`MAX_PASSAGE_CHARS`] is cut between paragraphs, so every passage stays
//! small enough to hand to the model whole and specific enough to rank well.
//!
//! Deliberately not a Markdown parser: only what decides passage boundaries is recognised — YAML
//! front matter, ATX headings of levels 1–3, and code fences (a `#` inside a fence is code, not a
//! heading). Everything else, tables and lists included, stays as written in the passage text.

/// Longest passage text, in characters. Sections above it are split between paragraphs.
pub const MAX_PASSAGE_CHARS: usize = 1200;

/// Shown between the parts of a heading path and in a passage's source ("Warranty › Claims").
pub const PATH_SEPARATOR: &str = " › ";

/// Bumped whenever the rules here change: it is part of every content hash, so the next reindex
/// rebuilds passages that an older chunker made.
pub const CHUNKER_VERSION: u32 = 1;

/// A document as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub title: String,
    pub passages: Vec<Chunk>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Heading path below the title, e.g. "Condition of returned items › Opened headphones";
    /// empty for text before the first heading.
    pub heading: String,
    pub text: String,
}

/// Parse `content`; `fallback_title` (from the file name) is used when neither the front matter
/// nor a level-1 heading names the document.
pub fn parse(content: &str, fallback_title: &str) -> Parsed {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let (front_title, body) = split_front_matter(content);
    let sections = sections(body);
    let title = front_title
        .or_else(|| {
            sections
                .iter()
                .find_map(|s| s.path.first().filter(|(level, _)| *level == 1))
                .map(|(_, t)| t.clone())
        })
        .unwrap_or_else(|| fallback_title.to_owned());

    let mut passages = Vec::new();
    for section in sections {
        let heading = section
            .path
            .iter()
            // The level-1 heading that names the document is its title, not a section name.
            .filter(|(level, text)| !(*level == 1 && text.eq_ignore_ascii_case(&title)))
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(PATH_SEPARATOR);
        for text in split_long(section.text.trim()) {
            passages.push(Chunk {
                heading: heading.clone(),
                text,
            });
        }
    }
    Parsed { title, passages }
}

/// "refunds-and-returns" → "Refunds and returns".
pub fn title_from_stem(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_owned(),
    }
}

/// The `title` of a leading `---` … `---` (or `...`) YAML block, and the text after the block.
/// A block that never closes is not front matter. Unreadable YAML only loses the title: a typo
/// there should not keep the rest of the document out of the index.
fn split_front_matter(content: &str) -> (Option<String>, &str) {
    let mut lines = content.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (None, content);
    }
    let start = content.find('\n').map_or(content.len(), |i| i + 1);
    let mut offset = start;
    for line in lines {
        let end = offset + line.len();
        if matches!(line.trim_end(), "---" | "...") {
            let yaml = &content[start..offset];
            let title = serde_yaml::from_str::<serde_yaml::Value>(yaml)
                .map_err(|e| tracing::warn!("knowledge front matter is not valid YAML: {e}"))
                .ok()
                .and_then(|v| {
                    v.get("title")
                        .and_then(|t| t.as_str())
                        .map(str::trim)
                        .map(str::to_owned)
                })
                .filter(|t| !t.is_empty());
            return (title, &content[end..]);
        }
        offset = end;
    }
    (None, content)
}

struct Section {
    /// (level, heading text) from the outermost heading in.
    path: Vec<(u8, String)>,
    text: String,
}

fn sections(body: &str) -> Vec<Section> {
    let mut out = Vec::new();
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut text = String::new();
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        if let Some(marker) = fence_marker(line) {
            fence = match fence {
                None => Some(marker),
                // A fence closes only with the same character, at least as long.
                Some((c, n)) if marker.0 == c && marker.1 >= n => None,
                open => open,
            };
        } else if fence.is_none()
            && let Some((level, heading)) = heading(line)
        {
            out.push(Section {
                path: path.clone(),
                text: std::mem::take(&mut text),
            });
            path.retain(|(l, _)| *l < level);
            path.push((level, heading));
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    out.push(Section { path, text });
    out.retain(|s| !s.text.trim().is_empty());
    out
}

/// ```` ``` ```` or `~~~` (3 or more) opening a line, up to 3 spaces in.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// An ATX heading of level 1–3: up to 3 spaces, 1–3 `#`, then a space (or nothing). A closing run
/// of `#` is dropped. Deeper headings stay in the text of their section.
fn heading(line: &str) -> Option<(u8, String)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if !(1..=3).contains(&hashes) {
        return None;
    }
    let rest = &trimmed[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None; // "#hashtag", "##no-space"
    }
    let mut text = rest.trim();
    let without_closing = text.trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        text = without_closing.trim_end();
    }
    (!text.is_empty()).then(|| (hashes as u8, text.to_owned()))
}

/// Cut `text` into pieces of at most [`MAX_PASSAGE_CHARS`], between paragraphs where possible,
/// else between sentences, else between words (a single huge word is cut anywhere).
fn split_long(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    if chars(text) <= MAX_PASSAGE_CHARS {
        return vec![text.to_owned()];
    }
    let mut units = Vec::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if chars(paragraph) <= MAX_PASSAGE_CHARS {
            units.push((paragraph.to_owned(), "\n\n"));
        } else {
            for sentence in split_keeping(paragraph, &[". ", "? ", "! ", "\n"]) {
                for piece in split_words(&sentence) {
                    units.push((piece, " "));
                }
            }
        }
    }
    // Greedy packing: consecutive units share a passage while they fit.
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (unit, joiner) in units {
        if !current.is_empty() && chars(&current) + joiner.len() + chars(&unit) > MAX_PASSAGE_CHARS
        {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str(joiner);
        }
        current.push_str(&unit);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Split after each separator, keeping it with the text before it (so sentences keep their dot).
fn split_keeping(text: &str, separators: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some(sep) = separators.iter().find(|s| text[i..].starts_with(**s)) {
            i += sep.len();
            out.push(text[start..i].trim().to_owned());
            start = i;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push(text[start..].trim().to_owned());
    out.retain(|s| !s.is_empty());
    out
}

/// A sentence still too long: cut between words, and a word longer than a passage anywhere.
fn split_words(sentence: &str) -> Vec<String> {
    if chars(sentence) <= MAX_PASSAGE_CHARS {
        return vec![sentence.to_owned()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for word in sentence.split_whitespace() {
        let mut word = word.to_owned();
        while chars(&word) > MAX_PASSAGE_CHARS {
            let cut = word
                .char_indices()
                .nth(MAX_PASSAGE_CHARS)
                .map_or(word.len(), |(i, _)| i);
            let rest = word.split_off(cut);
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(std::mem::replace(&mut word, rest));
        }
        if !current.is_empty() && chars(&current) + 1 + chars(&word) > MAX_PASSAGE_CHARS {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(p: &Parsed) -> Vec<&str> {
        p.passages.iter().map(|c| c.heading.as_str()).collect()
    }

    #[test]
    fn sections_become_passages_under_their_heading_path() {
        let doc = "# Warranty\n\nIntro text.\n\n## Claims\n\nHow to claim.\n\n### By post\n\nSend it.\n\n\
                   #### Small print\n\nStill by post.\n\n## Empty\n\n## Exclusions\nDrops.\n";
        let p = parse(doc, "fallback");
        assert_eq!(p.title, "Warranty");
        assert_eq!(
            headings(&p),
            ["", "Claims", "Claims › By post", "Exclusions"]
        );
        assert_eq!(p.passages[0].text, "Intro text.");
        // Level 4 stays in its level-3 section, as text.
        assert_eq!(
            p.passages[2].text,
            "Send it.\n\n#### Small print\n\nStill by post."
        );
    }

    #[test]
    fn front_matter_title_wins_and_is_not_text() {
        let doc = "---\ntitle: \"Returns: the rules\"\ntags: [a]\n---\n# Returns\n\n## Window\n30 days.\n";
        let p = parse(doc, "x");
        assert_eq!(p.title, "Returns: the rules");
        // "# Returns" is not the title here, so it stays in the path.
        assert_eq!(headings(&p), ["Returns › Window"]);

        let broken = "---\ntitle: [unclosed\n---\nBody text.\n";
        let p = parse(broken, "From the file");
        assert_eq!(p.title, "From the file");
        assert_eq!(p.passages[0].text, "Body text.");

        let unclosed = "---\ntitle: x\nNo end.\n";
        assert_eq!(parse(unclosed, "f").passages[0].text, unclosed.trim());
    }

    #[test]
    fn code_fences_and_non_headings_are_text() {
        let doc = "# T\n\n## Script\n```sh\n# not a heading\n~~~\n## still code\n```\n#hashtag and ####### x\n";
        let p = parse(doc, "f");
        assert_eq!(headings(&p), ["Script"]);
        assert!(p.passages[0].text.contains("# not a heading"));
        assert!(p.passages[0].text.contains("## still code"));
        assert!(p.passages[0].text.contains("#hashtag"));
    }

    #[test]
    fn heading_syntax() {
        assert_eq!(heading("## Refunds ##"), Some((2, "Refunds".into())));
        assert_eq!(heading("   # C#"), Some((1, "C#".into())));
        assert_eq!(heading("### "), None);
        assert_eq!(heading("    # indented code"), None);
        assert_eq!(heading("#NoSpace"), None);
    }

    #[test]
    fn title_falls_back_to_the_file_name() {
        let p = parse(
            "Just text, no headings.",
            &title_from_stem("order-changes_faq"),
        );
        assert_eq!(p.title, "Order changes faq");
        assert_eq!(headings(&p), [""]);
        assert!(parse("  \n\n", "x").passages.is_empty());
        assert_eq!(title_from_stem("--"), "Untitled");
    }

    #[test]
    fn long_sections_split_between_paragraphs_and_sentences() {
        let paragraph = "Refunds are sent after inspection. ".repeat(20); // ~700 chars
        let doc = format!("## Long\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n");
        let p = parse(&doc, "f");
        assert_eq!(p.passages.len(), 3, "one paragraph per passage");
        assert!(p.passages.iter().all(|c| c.heading == "Long"));

        let huge = "Word ".repeat(700) + &"x".repeat(3000) + ". Next sentence.";
        let p = parse(&huge, "f");
        assert!(p.passages.len() >= 4);
        for c in &p.passages {
            assert!(chars(&c.text) <= MAX_PASSAGE_CHARS, "{}", chars(&c.text));
            assert!(!c.text.is_empty());
        }
        let joined: String = p.passages.iter().map(|c| c.text.replace(' ', "")).collect();
        assert_eq!(joined, huge.replace(' ', ""), "nothing lost");
    }

    #[test]
    fn crlf_and_bom_are_handled() {
        let p = parse("\u{feff}# Title\r\n\r\n## A\r\nText\r\n", "f");
        assert_eq!(p.title, "Title");
        assert_eq!(
            p.passages,
            [Chunk {
                heading: "A".into(),
                text: "Text".into()
            }]
        );
    }
}
