//! The canned knowledge base behind every chat reply, and how a reply is cut into tokens.

/// A reply and the knowledge-base chunks it was drawn from.
pub(crate) struct Reply {
    pub text: String,
    pub chunks: Vec<u32>,
}

struct Entry {
    keywords: &'static [&'static str],
    chunks: &'static [u32],
    answer: &'static str,
}

const KNOWLEDGE: &[Entry] = &[
    Entry {
        keywords: &["refund", "return", "money back"],
        chunks: &[41, 42],
        answer: "Our refund policy is 30 days from purchase. Items must be unused and in their \
                 original packaging, and the refund reaches your card within 5 business days.",
    },
    Entry {
        keywords: &["ship", "deliver", "canada"],
        chunks: &[43],
        answer: "Yes, we ship to Canada and 40 other countries. Standard delivery takes 3 to 7 \
                 business days, and orders over $50 ship free.",
    },
    Entry {
        keywords: &["hour", "open", "close"],
        chunks: &[44],
        answer: "Our business hours are Monday through Friday, 9 AM to 5 PM EST.",
    },
];

const GREETING: &str = "Hi! I'm the demo assistant. I can answer questions about refunds, \
                        shipping and our opening hours.";

/// The deterministic answer to `message`.
pub(crate) fn answer(message: &str) -> Reply {
    let lowered = message.to_lowercase();
    KNOWLEDGE
        .iter()
        .find(|entry| entry.keywords.iter().any(|k| lowered.contains(k)))
        .map(|entry| Reply {
            text: entry.answer.to_owned(),
            chunks: entry.chunks.to_vec(),
        })
        .unwrap_or_else(|| Reply {
            text: GREETING.to_owned(),
            chunks: Vec::new(),
        })
}

/// A reply of `count` one-word tokens, for load scripts.
pub(crate) fn long(count: usize) -> Reply {
    Reply {
        text: "word ".repeat(count),
        chunks: Vec::new(),
    }
}

/// Cuts `text` into word tokens, each keeping the whitespace that follows it, so that the tokens
/// concatenate back to `text`.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            out.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// How many tokens a text counts as for metering: its whitespace-separated words.
pub(crate) fn count_tokens(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_concatenate_back_to_the_text() {
        let text = "Our refund  policy\nis 30 days. ";
        let parts = tokens(text);
        assert_eq!(
            parts,
            ["Our ", "refund  ", "policy\n", "is ", "30 ", "days. "]
        );
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn answers_come_from_the_knowledge_base() {
        assert!(answer("What is your REFUND policy?")
            .text
            .starts_with("Our refund policy"));
        assert!(answer("Do you ship to Canada?")
            .text
            .starts_with("Yes, we ship"));
        assert!(answer("When are you open?").text.contains("business hours"));
        assert!(answer("hello").chunks.is_empty());
    }
}
