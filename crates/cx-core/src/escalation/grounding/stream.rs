//! Sentence by sentence: while a model streams its answer, each sentence is released as soon as
//! it is complete, so the ledger can ground it and the kiosk can show it before the model ends.

use super::sentences::{first_end, sentences};

/// Collects streamed text and hands out whole sentences.
#[derive(Debug, Default)]
pub struct SentenceGate {
    pending: String,
}

impl SentenceGate {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a piece of streamed text; returns the sentences it completed, trimmed.
    pub fn push(&mut self, delta: &str) -> Vec<String> {
        self.pending.push_str(delta);
        let mut out = vec![];
        while let Some(end) = first_end(&self.pending) {
            let sentence = self.pending[..end].trim().to_owned();
            self.pending.drain(..end);
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
        out
    }

    /// The stream ended: what is left, as sentences.
    pub fn finish(&mut self) -> Vec<String> {
        let rest = std::mem::take(&mut self.pending);
        sentences(&rest).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_come_out_whole_whatever_the_chunking() {
        let text = "Your order no. 1042 shipped on 2.10.2026. It was $79.99! Anything else?";
        for size in [1, 2, 3, 5, 8, 13, 100] {
            let mut gate = SentenceGate::new();
            let mut got = vec![];
            let chars: Vec<char> = text.chars().collect();
            for chunk in chars.chunks(size) {
                got.extend(gate.push(&chunk.iter().collect::<String>()));
            }
            got.extend(gate.finish());
            assert_eq!(
                got,
                [
                    "Your order no. 1042 shipped on 2.10.2026.",
                    "It was $79.99!",
                    "Anything else?"
                ],
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn the_first_sentence_is_out_before_the_stream_ends() {
        let mut gate = SentenceGate::new();
        assert!(gate.push("Your order 1042 has shipped.").is_empty());
        assert_eq!(gate.push(" It"), ["Your order 1042 has shipped."]);
        assert_eq!(gate.finish(), ["It"]);
    }
}
