//! Answers some OpenAI-compatible servers send HTML-escaped (llama.cpp's Python server was seen
//! to send `I&#39;m`): the customer reads plain text, so the character references are turned back
//! into characters here, at the boundary, before anything checks or shows the answer. Only
//! references an HTML escaper writes are read — the XML five by name and numeric ones; anything
//! else (`Tom & Jerry`, `&copy`, `&nbsp;`) stays as it came.

use std::borrow::Cow;

/// The longest reference read: `&#x10FFFF;` (10 characters).
const LONGEST: usize = 10;

/// `text` with its character references decoded (each once: `&amp;lt;` becomes `&lt;`).
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `text` stands for, and the reference's length.
fn reference(text: &str) -> Option<(char, usize)> {
    // By bytes: `;` is ASCII, so where it is found is a character boundary.
    let end = text.bytes().take(LONGEST).position(|b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let digits = name.strip_prefix('#')?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            // A reference to a control character is not text a model meant.
            char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())?
        }
    };
    Some((c, end + 1))
}

/// Decodes a stream of text pieces: a reference cut between two pieces (`I&#3` + `9;m`) is held
/// back until the next piece shows how it ends.
#[derive(Debug, Default)]
pub struct StreamUnescaper {
    held: String,
}

impl StreamUnescaper {
    /// The decoded text that can be shown now.
    pub fn push(&mut self, piece: &str) -> String {
        self.held.push_str(piece);
        let cut = self.unfinished_reference_at();
        let ready = unescape(&self.held[..cut]).into_owned();
        self.held.drain(..cut);
        ready
    }

    /// Whatever is still held back, at the end of the stream.
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.held);
        unescape(&rest).into_owned()
    }

    /// Where a reference begins that the next piece may still complete (else the held length).
    fn unfinished_reference_at(&self) -> usize {
        let text = &self.held;
        match text.rfind('&') {
            Some(at)
                if text.len() - at < LONGEST
                    && !text[at..].contains(';')
                    && text[at + 1..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#') =>
            {
                at
            }
            _ => text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_an_escaper_writes_are_decoded() {
        for (sent, meant) in [
            ("I&#39;m here", "I'm here"),
            ("I&#x27;ll check", "I'll check"),
            (
                "&quot;Shipped&quot; &amp; on its way",
                "\"Shipped\" & on its way",
            ),
            ("5 &lt; 6 &gt; 4", "5 < 6 > 4"),
            ("it&apos;s", "it's"),
            ("caf&#233;", "café"),
            ("&amp;lt; once", "&lt; once"),
        ] {
            assert_eq!(unescape(sent), meant, "{sent}");
        }
    }

    #[test]
    fn everything_else_stays_as_it_came() {
        for text in [
            "Tom & Jerry",
            "R&D; AT&T",
            "&copy; 2026",
            "&nbsp;",
            "&#;",
            "&#x;",
            "&#99999999;",
            "&#0;",
            "&#7;",
            "a & b; c",
            "trailing &",
            "&#39",
            "no references at all",
            "&é&ü&ö&ä&ß; wide characters after an ampersand",
        ] {
            assert_eq!(unescape(text), text, "{text}");
        }
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_reference_cut_between_pieces_is_held_until_it_ends() {
        let pieces = ["I&#3", "9;m ", "sure: Tom &", " Jerry &am", "p; co", "&"];
        let mut s = StreamUnescaper::default();
        let mut shown: Vec<String> = pieces.iter().map(|p| s.push(p)).collect();
        shown.push(s.finish());
        assert_eq!(
            shown,
            ["I", "'m ", "sure: Tom ", "& Jerry ", "& co", "", "&"]
        );
        assert_eq!(shown.concat(), unescape(&pieces.concat()));
    }

    #[test]
    fn an_ampersand_that_cannot_start_a_reference_is_not_held() {
        let mut s = StreamUnescaper::default();
        assert_eq!(s.push("a & "), "a & ");
        assert_eq!(s.push("b &x-y"), "b &x-y");
        assert_eq!(s.push("&verylongname"), "&verylongname");
        assert_eq!(s.finish(), "");
    }
}
