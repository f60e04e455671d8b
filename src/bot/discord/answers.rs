//! The friendly answers the bot gives when it cannot review a draft.

/// Why a draft was not reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// No text to check.
    EmptyDraft,
    /// The draft is over the size limit.
    TooLong {
        /// Its size in bytes (at least this much, for a download cut off at the limit).
        bytes: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// A kind the bot does not know.
    UnknownKind,
    /// A register the bot does not know.
    UnknownRegister,
    /// A command, button or form the bot did not make (an old registration, say).
    UnknownCommand,
    /// "Check tone" on a message without text.
    NoTextInMessage,
    /// An attachment that is not a text file.
    NotText,
    /// A text file that is not UTF-8.
    NotUtf8,
    /// An attachment could not be fetched.
    DownloadFailed,
    /// "Suggested version" under a review without one.
    NoSuggestion,
    /// "Explain" with no rule the voice knows.
    NothingToExplain,
    /// "Share" on something that is not an ephemeral review.
    NothingToShare,
}

/// Sizes for people: bytes below a kilobyte, else kilobytes.
fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

impl Answer {
    /// A short id for logs.
    pub fn id(self) -> &'static str {
        match self {
            Answer::EmptyDraft => "empty-draft",
            Answer::TooLong { .. } => "too-long",
            Answer::UnknownKind => "unknown-kind",
            Answer::UnknownRegister => "unknown-register",
            Answer::UnknownCommand => "unknown-command",
            Answer::NoTextInMessage => "no-text-in-message",
            Answer::NotText => "not-text",
            Answer::NotUtf8 => "not-utf8",
            Answer::DownloadFailed => "download-failed",
            Answer::NoSuggestion => "no-suggestion",
            Answer::NothingToExplain => "nothing-to-explain",
            Answer::NothingToShare => "nothing-to-share",
        }
    }

    /// What the agent reads; `max_draft` is the bot's draft limit in bytes.
    pub fn text(self, max_draft: u64) -> String {
        match self {
            Answer::EmptyDraft => "There is no draft to check yet. Send me the message you are about to send (as text or a `.txt` file), or use `/tone`.".into(),
            Answer::TooLong { bytes, max } => format!(
                "That draft is {}; I check drafts up to {}. Send the part you want checked, or split it.",
                size(bytes),
                size(max)
            ),
            Answer::UnknownKind => "I don't know that kind of draft. Choose reply, email or invoice.".into(),
            Answer::UnknownRegister => "I don't know that register. Choose informal, formal or neutral.".into(),
            Answer::UnknownCommand => "This button or command is from an older version of me. Run `/tone` again.".into(),
            Answer::NoTextInMessage => "That message has no text to check.".into(),
            Answer::NotText => format!(
                "I read drafts from text or a `.txt` file (up to {}); this attachment is neither.",
                size(max_draft)
            ),
            Answer::NotUtf8 => "That file is not UTF-8 text. Save it as UTF-8 and send it again.".into(),
            Answer::DownloadFailed => "I could not fetch the attachment from Discord. Try again in a moment.".into(),
            Answer::NoSuggestion => "This review has no suggested version: there was nothing to change.".into(),
            Answer::NothingToExplain => "There is nothing to explain in this review.".into(),
            Answer::NothingToShare => "Only a review shown just to you can be shared.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_fit_in_a_message() {
        for a in [
            Answer::EmptyDraft,
            Answer::TooLong {
                bytes: 70_000,
                max: 65_536,
            },
            Answer::UnknownKind,
            Answer::NotText,
        ] {
            assert!(a.text(65_536).chars().count() < 300, "{a:?}");
        }
        assert!(
            Answer::TooLong {
                bytes: 70_000,
                max: 65_536
            }
            .text(65_536)
            .contains("up to 64 KB")
        );
    }
}
