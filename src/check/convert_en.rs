//! Converting one English sentence between casual and formal register, as edits.
//!
//! The conversion is deliberately conservative: it rewrites what has one clearly right
//! counterpart in the other register (contractions, greetings, sign-offs, slang, emoji, a few
//! stock formal phrases) and leaves everything else as written. Where a form is ambiguous the
//! choice is reasoned from the words around it (`it's been` → `it has been`, `we'd sent` →
//! `we had sent`, `Don't you …?` → `Do you not …?`) and, when that is not enough, the form is
//! left alone.
//!
//! Left as written on purpose:
//! - `'s` after a noun (`Anna's order` is a possessive; `the team's on it` cannot be told
//!   from one), double contractions (`we'd've`), `how'd`/`what'd`, `ain't` without a pronoun
//!   before it, and `Don't you worry` (formal word order has no place for it);
//! - `No worries,` opening a longer sentence, `no problem`, `cool` and `super` other than as
//!   an opening interjection (`super` before an adjective becomes `very`), `OK` in capitals
//!   other than as an opening interjection, and punctuation (only emoji and emoticons go);
//! - to casual: `it is` and the like at the end of a clause or before an ellipsis
//!   (`That is what it is.`), stressed `do NOT`, `not only`, `let us know`/`let us help`
//!   (there `us` means "allow us"), titles after `Dear` (`Hi Mr Smith,`) and
//!   `Good morning`. Nothing casual is added: no emoji, no slang.
//!
//! Words inside quotes, backticks or brackets, and tokens that look like URLs, e-mail addresses
//! or code, are never touched.

use super::opens_sentence;
use super::register::is_emoji;
use crate::fix::{capitalize, match_case};
use crate::review::Edit;
use crate::text::{
    ceil_char_boundary, floor_char_boundary, is_blank_char, is_word_char, next_word,
};
use crate::voice::Register;
use std::ops::Range;

/// Edits that rewrite `text[sentence]` (one sentence, as split by `crate::text::sentences`) into `to`:
/// Formal or Informal; Neutral → no edits. Offsets into `text`, on char boundaries, sorted, non-overlapping.
///
/// Every edit lies inside `sentence`, but one: a sentence that is nothing but emoji is
/// removed together with the spaces that separate it from the sentence before it on its line
/// (`Done! 😊` → `Done!`, not `Done! `). Greetings and sign-offs are recognised only when the
/// sentence opens a line (and, for sign-offs, fills it); the text around the sentence is read
/// for that, never changed. A range that is out of bounds or off a character boundary gives no
/// edits.
pub fn convert(text: &str, sentence: Range<usize>, to: Register) -> Vec<Edit> {
    let Range { start, end } = sentence;
    if start >= end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return Vec::new();
    }
    let mut c = Conversion::new(text, start..end);
    match to {
        Register::Formal => c.make_formal(),
        Register::Informal => c.make_informal(),
        Register::Neutral => {}
    }
    let mut edits = c.edits;
    edits.sort_by_key(|e| (e.start, e.end));
    edits
}

/// Pronouns and the like that a contraction may be built on, per contracted auxiliary.
const RE_BASES: &[&str] = &["you", "we", "they", "who", "what", "there", "here", "where"];
const VE_BASES: &[&str] = &[
    "i", "you", "we", "they", "who", "could", "should", "would", "might", "must",
];
const LL_BASES: &[&str] = &[
    "i", "you", "we", "they", "he", "she", "it", "that", "there", "who", "what", "this",
];
const D_BASES: &[&str] = &[
    "i", "you", "we", "they", "he", "she", "it", "that", "there", "who",
];
/// Only these take a contracted `'s` for `is`/`has`; after a noun `'s` is a possessive
/// (`Anna's order`) or too unsure to expand (`the team's on it`).
const S_BASES: &[&str] = &[
    "he", "she", "it", "that", "there", "here", "what", "who", "where", "how", "when", "why",
    "this",
];

/// Subjects that follow the auxiliary in a question (`don't you`, `isn't it`).
const SUBJECTS: &[&str] = &["i", "you", "we", "they", "he", "she", "it", "there"];

/// Adverbs that may stand between an auxiliary and its participle (`we'd already sent`).
const ADVERBS: &[&str] = &[
    "already",
    "just",
    "never",
    "also",
    "recently",
    "previously",
    "now",
    "actually",
    "really",
    "only",
    "ever",
    "finally",
    "since",
    "still",
    "successfully",
    "all",
    "both",
];

/// Past participles that do not end in -ed. Forms that are also the base verb (`put`, `come`,
/// `read`) are left out: after `'d` they would read as `would`.
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "been",
    "done",
    "gone",
    "seen",
    "sent",
    "made",
    "had",
    "got",
    "gotten",
    "given",
    "taken",
    "written",
    "known",
    "shown",
    "told",
    "said",
    "paid",
    "bought",
    "brought",
    "thought",
    "found",
    "left",
    "lost",
    "kept",
    "meant",
    "heard",
    "held",
    "spoken",
    "broken",
    "chosen",
    "forgotten",
    "begun",
    "fallen",
    "driven",
    "eaten",
    "spent",
    "built",
    "sold",
    "won",
    "understood",
    "taught",
    "caught",
    "felt",
    "fed",
    "led",
    "met",
    "dealt",
    "drawn",
    "grown",
    "thrown",
    "flown",
    "frozen",
    "hidden",
    "stolen",
    "torn",
    "worn",
];

/// Words ending in -ed that are not participles.
const NOT_PARTICIPLES: &[&str] = &[
    "bed", "red", "wed", "shed", "sled", "embed", "shred", "hundred", "kindred", "naked", "wicked",
    "sacred", "infrared",
];

/// Participles mostly used as adjectives: `we have limited stock` is not `we've limited`.
const ADJECTIVE_PARTICIPLES: &[&str] = &[
    "limited",
    "unlimited",
    "detailed",
    "dedicated",
    "advanced",
    "automated",
    "experienced",
    "skilled",
    "talented",
    "qualified",
    "trained",
    "specialised",
    "specialized",
    "customised",
    "customized",
    "mixed",
    "varied",
];

/// Participles that describe a person's state after `he's`/`she's`/`who's`: `is`, not `has`.
const STATE_PARTICIPLES: &[&str] = &[
    "tired",
    "worried",
    "interested",
    "excited",
    "pleased",
    "concerned",
    "delighted",
    "married",
    "located",
    "based",
    "supposed",
    "used",
    "scheduled",
    "booked",
    "qualified",
    "allowed",
    "required",
    "expected",
    "entitled",
    "satisfied",
    "disappointed",
    "confused",
    "surprised",
    "annoyed",
    "frustrated",
    "involved",
    "engaged",
    "retired",
    "employed",
    "prepared",
    "registered",
    "signed",
    "subscribed",
];

/// Participles that after `it's`/`that's`/`what's` mean `has` even without an object.
const HAS_PARTICIPLES: &[&str] = &[
    "been", "got", "gotten", "had", "gone", "come", "become", "arrived", "happened", "expired",
];

/// Words that open an object: a participle followed by one is active (`she's sent you`).
const OBJECT_STARTS: &[&str] = &[
    "the",
    "a",
    "an",
    "your",
    "our",
    "my",
    "his",
    "her",
    "their",
    "its",
    "it",
    "you",
    "us",
    "them",
    "me",
    "him",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "everything",
    "something",
    "anything",
    "each",
    "every",
];

/// Words after `you all` that make `all` belong to what follows (`send you all the details`).
const ALL_OF: &[&str] = &[
    "the", "a", "an", "of", "your", "our", "my", "his", "her", "their", "its", "these", "those",
    "this", "that", "we", "you", "they", "which", "kinds", "sorts", "types",
];

/// Capitalised words that follow a greeting but are not a name.
const NOT_NAMES: &[&str] = &[
    "thanks", "thank", "just", "hope", "good", "great", "we", "i", "it", "this", "your", "our",
    "the", "so", "sorry", "please", "quick", "welcome", "again", "hello",
];

/// Casual greetings that open a draft or a line.
const CASUAL_GREETINGS: &[&str] = &["hey", "hi", "hiya", "heya", "yo", "howdy", "hullo"];

/// Who a casual greeting addresses when it names nobody: `Hi there` → `Hello`.
const NO_NAME: &[&[&str]] = &[
    &["there"],
    &["all"],
    &["everyone"],
    &["everybody"],
    &["guys"],
    &["folks"],
    &["y'all"],
    &["you", "all"],
    &["you", "guys"],
    &["mate"],
    &["buddy"],
    &["pal"],
];

/// Formal addressees that are not a person's name: `Dear Sir or Madam` → `Hi there`.
const GENERIC_ADDRESSEES: &[&[&str]] = &[
    &["sir", "or", "madam"],
    &["madam", "or", "sir"],
    &["sir", "/", "madam"],
    &["sir", "and", "madam"],
    &["sirs"],
    &["sir"],
    &["madam"],
    &["valued", "customer"],
    &["customer"],
    &["valued", "client"],
    &["client"],
];

/// Casual sign-offs that fill a line; `thanks` only when a signature follows.
const CASUAL_SIGNOFFS: &[&[&str]] = &[
    &["cheers"],
    &["talk", "to", "you", "soon"],
    &["talk", "soon"],
    &["speak", "soon"],
    &["take", "care"],
    &["catch", "you", "later"],
    &["catch", "ya", "later"],
    &["see", "ya"],
    &["bye", "for", "now"],
    &["bye"],
    &["laters"],
    &["cheerio"],
    &["ciao"],
];
const THANKS_SIGNOFFS: &[&[&str]] = &[&["thanks"], &["thx"], &["thanx"], &["ty"]];

/// Formal sign-offs that fill a line.
const FORMAL_SIGNOFFS: &[&[&str]] = &[
    &["with", "kind", "regards"],
    &["with", "best", "regards"],
    &["with", "warm", "regards"],
    &["kind", "regards"],
    &["kindest", "regards"],
    &["best", "regards"],
    &["warm", "regards"],
    &["warmest", "regards"],
    &["regards"],
    &["yours", "sincerely"],
    &["yours", "faithfully"],
    &["yours", "truly"],
    &["sincerely", "yours"],
    &["sincerely"],
    &["respectfully", "yours"],
    &["respectfully"],
    &["cordially"],
];

/// Casual abbreviations and their formal spelling.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("btw", "by the way"),
    ("asap", "as soon as possible"),
    ("fyi", "for your information"),
    ("thx", "thank you"),
    ("thnx", "thank you"),
    ("thanx", "thank you"),
    ("ty", "thank you"),
    ("imo", "in my opinion"),
    ("tbh", "to be honest"),
];

/// Slang with one clear formal counterpart.
const SLANG: &[(&str, &str)] = &[
    ("gonna", "going to"),
    ("wanna", "want to"),
    ("kinda", "rather"),
    ("sorta", "somewhat"),
    ("dunno", "do not know"),
    ("lemme", "let me"),
    ("gimme", "give me"),
    ("yeah", "yes"),
    ("yep", "yes"),
    ("yup", "yes"),
    ("nope", "no"),
    ("nah", "no"),
    ("awesome", "excellent"),
    ("totally", "completely"),
];

/// Text emoticons removed with emoji.
const EMOTICONS: &[&str] = &[
    ":-)", ":)", ";-)", ";)", ":-D", ":D", ":-(", ":(", ":-P", ":P", ":p", "(:",
];

#[derive(Debug)]
struct Tok {
    range: Range<usize>,
    /// A word, not a punctuation mark or symbol.
    word: bool,
    /// Lower case, with typographic apostrophes as `'`.
    low: String,
}

/// One sentence being converted: its tokens, what must not be touched, and the edits so far.
struct Conversion<'a> {
    text: &'a str,
    span: Range<usize>,
    toks: Vec<Tok>,
    protected: Vec<Range<usize>>,
    edits: Vec<Edit>,
    /// The apostrophe the draft writes contractions with.
    apostrophe: char,
}

impl<'a> Conversion<'a> {
    fn new(text: &'a str, span: Range<usize>) -> Self {
        let mut toks = Vec::new();
        let mut pos = span.start;
        while pos < span.end {
            let Some(c) = text[pos..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            let r = next_word(text, pos).unwrap_or(pos..pos + c.len_utf8());
            let end = r.end.min(span.end);
            toks.push(Tok {
                range: pos..end,
                word: is_word_char(c),
                low: text[pos..end].to_lowercase().replace('’', "'"),
            });
            pos = end;
        }
        // The apostrophe the draft uses, judged near the sentence: looking through the whole
        // draft for every sentence would make a long draft quadratic.
        let near = &text[ceil_char_boundary(text, span.start.saturating_sub(CONTEXT))
            ..floor_char_boundary(text, span.end + CONTEXT)];
        let apostrophe = if near.contains('’') { '’' } else { '\'' };
        Conversion {
            text,
            protected: protected_ranges(text, span.clone()),
            span,
            toks,
            edits: Vec::new(),
            apostrophe,
        }
    }

    // ----- tokens -----

    fn low(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.low.as_str())
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    fn orig(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].range.clone()]
    }

    /// Whether the tokens from `i` on are `words`.
    fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.low(i + k) == *w)
    }

    /// The first of `phrases` the tokens from `i` on spell, by its length.
    fn seq_any(&self, i: usize, phrases: &[&[&str]]) -> Option<usize> {
        phrases.iter().find(|p| self.seq(i, p)).map(|p| p.len())
    }

    /// Whether token `i` opens the sentence (or a clause after a colon).
    fn opens(&self, i: usize) -> bool {
        i == 0 || opens_sentence(self.text, self.toks[i].range.start)
    }

    /// The first token from `i` on that is not an adverb.
    fn skip_adverbs(&self, mut i: usize) -> usize {
        while self.is_word(i) && ADVERBS.contains(&self.low(i)) {
            i += 1;
        }
        i
    }

    /// The end of a run of punctuation tokens (`,`, `!`, `.`, `:`, a dash) from `i`.
    fn punct_run(&self, mut i: usize) -> usize {
        while self.toks.get(i).is_some_and(|t| {
            !t.word
                && matches!(
                    t.low.as_str(),
                    "," | "!" | "." | ":" | "-" | "–" | "—" | "…"
                )
        }) {
            i += 1;
        }
        i
    }

    /// Whether the tokens from `i` to `end` are a name: one to four capitalised words.
    fn is_name(&self, i: usize, end: usize) -> bool {
        i < end && end - i <= 4 && (i..end).all(|k| self.is_capitalised(k))
    }

    fn is_capitalised(&self, i: usize) -> bool {
        self.is_word(i) && self.orig(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the sentence is a question.
    fn is_question(&self) -> bool {
        self.text[self.span.clone()]
            .trim_end_matches(['"', '”', '’', '\'', ')', '»'])
            .ends_with('?')
    }

    /// Whether the sentence opens a line of the draft.
    fn opens_line(&self) -> bool {
        // Walks back over blanks only, so a draft that is one long line costs no more.
        self.text[..self.span.start]
            .chars()
            .rev()
            .find(|c| !is_blank_char(*c) || *c == '\n')
            .is_none_or(|c| c == '\n')
    }

    /// Whether the sentence fills the rest of its line (emoji after it do not count).
    fn ends_line(&self) -> bool {
        self.text[self.span.end..]
            .chars()
            .find(|&c| {
                c == '\n'
                    || !(is_blank_char(c)
                        || is_emoji(c)
                        || matches!(c, '\u{200D}' | '\u{FE0F}' | '\u{FE0E}'))
            })
            .is_none_or(|c| c == '\n')
    }

    /// Whether a signature follows the sentence's line: at most two short lines that start
    /// with a capital and do not end like a sentence.
    fn signature_follows(&self) -> bool {
        let after = &self.text[self.span.end..];
        let lines: Vec<&str> = after
            .split('\n')
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(first) = lines.first() else {
            return false;
        };
        lines.len() <= 2
            && first.chars().next().is_some_and(char::is_uppercase)
            && first.split_whitespace().count() <= 5
            && !first.ends_with(['.', '!', '?', ':'])
    }

    // ----- edits -----

    /// Whether `r` is free: inside the sentence, clear of protected text and earlier edits.
    fn free(&self, r: &Range<usize>) -> bool {
        let clash = |o: &Range<usize>| {
            if r.start == r.end {
                o.start <= r.start && r.start < o.end || o.start == o.end && o.start == r.start
            } else if o.start == o.end {
                r.start <= o.start && o.start < r.end
            } else {
                r.start < o.end && o.start < r.end
            }
        };
        r.start >= self.span.start
            && r.end <= self.span.end
            && !self.edits.iter().any(|e| clash(&(e.start..e.end)))
            && !self
                .protected
                .iter()
                .any(|p| r.start < p.end && p.start < r.end.max(r.start + 1))
    }

    /// Adds all of `edits` or, if any clashes, none.
    fn add(&mut self, edits: Vec<Edit>) -> bool {
        for (k, e) in edits.iter().enumerate() {
            let r = e.start..e.end;
            let inner = edits[..k]
                .iter()
                .any(|o| r.start < o.end.max(o.start + 1) && o.start < r.end.max(r.start + 1));
            if !self.free(&r) || inner {
                return false;
            }
        }
        self.edits.extend(edits);
        true
    }

    fn replace(&mut self, r: Range<usize>, replacement: impl Into<String>) -> bool {
        self.add(vec![edit(r, replacement)])
    }

    /// Replaces tokens `i..=j`.
    fn replace_toks(&mut self, i: usize, j: usize, replacement: impl Into<String>) -> bool {
        let r = self.toks[i].range.start..self.toks[j].range.end;
        self.replace(r, replacement)
    }

    fn tok_text(&self, i: usize, j: usize) -> &'a str {
        &self.text[self.toks[i].range.start..self.toks[j].range.end]
    }

    /// A contraction written with the draft's apostrophe.
    fn apos(&self, s: &str) -> String {
        s.replace('\'', &self.apostrophe.to_string())
    }

    // ----- to formal -----

    fn make_formal(&mut self) {
        self.greeting_formal();
        self.signoff_formal();
        self.whole_sentence_formal();
        for i in 0..self.toks.len() {
            if self.toks[i].word {
                self.word_formal(i);
            }
        }
        self.remove_smileys();
    }

    /// `Hey Anna,` → `Dear Anna,`; `Hi there,` → `Hello,`.
    fn greeting_formal(&mut self) {
        if self.toks.is_empty() || !self.opens_line() || !CASUAL_GREETINGS.contains(&self.low(0)) {
            return;
        }
        let group = self.seq_any(1, NO_NAME).unwrap_or(0);
        // `Hey there Anna`: the name after `there` is who is greeted.
        let there_name = group == 1 && self.low(1) == "there" && self.name_end(2) > 2;
        let (last_word, after, word) = if group > 0 && !there_name {
            (group, group + 1, "hello")
        } else {
            let from = if there_name { 2 } else { 1 };
            let end = self.name_end(from);
            (from - 1, end, if end > from { "dear" } else { "hello" })
        };
        let greeting = capitalize(&match_case(self.tok_text(0, last_word), word));
        let r = self.toks[0].range.start..self.toks[last_word].range.end;
        let mut edits = vec![edit(r, greeting)];
        // The greeting ends in a comma when it fills its line; emoji after it go with the
        // punctuation.
        let ends_here =
            |k: usize| k >= self.toks.len() || self.only_smileys_from(self.toks[k].range.start);
        let fills_line = self.ends_line();
        let run = self.punct_run(after);
        if run > after {
            let punct = self.tok_text(after, run - 1);
            if !matches!(punct, "," | ":") && ends_here(run) && fills_line {
                edits.push(edit(self.toks[after].range.start..self.span.end, ","));
            }
        } else if ends_here(after) {
            if fills_line {
                edits.push(edit(self.toks[after - 1].range.end..self.span.end, ","));
            }
        } else {
            let at = self.toks[after - 1].range.end;
            edits.push(edit(at..at, ","));
        }
        self.add(edits);
    }

    /// The end of the name that starts at token `from` after a greeting (`from` if there is
    /// none): capitalised words, a placeholder such as `[name]`, or one lower-case word that
    /// the greeting's comma closes (`hey anna,`).
    fn name_end(&self, from: usize) -> usize {
        let mut j = from;
        if NOT_NAMES.contains(&self.low(from)) {
            return from;
        }
        if self.is_capitalised(from) {
            while j < self.toks.len() && j < from + 4 {
                if self.is_capitalised(j) {
                    j += 1;
                } else if matches!(self.low(j), "and" | "&") && self.is_capitalised(j + 1) {
                    j += 2;
                } else {
                    break;
                }
            }
        } else if let Some(p_end) = self.toks.get(from).and_then(|t| {
            self.protected
                .iter()
                .filter(|p| p.start == t.range.start)
                .map(|p| p.end)
                .max()
        }) {
            while j < self.toks.len() && self.toks[j].range.end <= p_end {
                j += 1;
            }
        } else if self.is_word(from) && matches!(self.low(from + 1), "," | "!") {
            j += 1;
        }
        j
    }

    /// Whether nothing but emoji, emoticons and spaces follow `pos` in the sentence.
    fn only_smileys_from(&self, mut pos: usize) -> bool {
        loop {
            pos = skip_spaces(self.text, pos, self.span.end);
            if pos >= self.span.end {
                return true;
            }
            match self.smiley_end(pos) {
                Some(e) => pos = e,
                None => return false,
            }
        }
    }

    /// `Cheers,` → `Kind regards,` on a line of its own.
    fn signoff_formal(&mut self) {
        if self.toks.is_empty() || !self.opens_line() || !self.ends_line() {
            return;
        }
        let (n, thanks) = match self.seq_any(0, CASUAL_SIGNOFFS) {
            Some(n) => (n, false),
            None => match self.seq_any(0, THANKS_SIGNOFFS) {
                Some(n) => (n, true),
                None => return,
            },
        };
        self.signoff(n, "kind regards", thanks);
    }

    /// Replaces a sign-off of `n` tokens (and its punctuation) with `with`, keeping a name
    /// that follows on the line. `needs_signature`: only when a name follows, here or below.
    fn signoff(&mut self, n: usize, with: &str, needs_signature: bool) -> bool {
        let run = self.punct_run(n);
        let named = run < self.toks.len();
        if named && !self.is_name(run, self.toks.len()) {
            return false;
        }
        if needs_signature && !named && !self.signature_follows() {
            return false;
        }
        let comma = if run > n || named { "," } else { "" };
        let replacement = capitalize(&match_case(self.tok_text(0, n - 1), with)) + comma;
        let end = if run > n { run - 1 } else { n - 1 };
        self.replace_toks(0, end, replacement)
    }

    /// `No worries!` as a whole sentence → `Not at all!`.
    fn whole_sentence_formal(&mut self) {
        let words = self.toks.iter().take_while(|t| t.word).count();
        if words == 0 || self.punct_run(words) != self.toks.len() {
            return;
        }
        let phrase: Vec<&str> = self.toks[..words].iter().map(|t| t.low.as_str()).collect();
        if matches!(
            phrase.as_slice(),
            ["no", "worries"] | ["no", "worries", "at", "all"] | ["np"]
        ) {
            let r = match_case(self.tok_text(0, words - 1), "not at all");
            self.replace_toks(0, words - 1, r);
        }
    }

    fn word_formal(&mut self, i: usize) {
        let low = self.toks[i].low.clone();
        let orig = self.orig(i);
        if low.contains('\'') {
            self.contraction_formal(i);
            return;
        }
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == low) {
            // Written in capitals as a matter of course; spelt out in lower case.
            let first_upper = orig.chars().next().is_some_and(char::is_uppercase);
            if self.opens(i) {
                let r = if first_upper {
                    capitalize(full)
                } else {
                    full.to_string()
                };
                self.replace_toks(i, i, r);
            } else if !is_title(orig) {
                self.replace_toks(i, i, *full);
            }
            return;
        }
        if let Some((_, formal)) = SLANG.iter().find(|(s, _)| *s == low) {
            self.slang(i, formal);
            return;
        }
        match low.as_str() {
            "gotta" => {
                let got = self.low(i.wrapping_sub(1));
                let after_have = matches!(got, "have" | "has") || got.ends_with("'ve");
                self.slang(i, if after_have { "got to" } else { "have to" });
            }
            "ok" | "okay" => self.okay_formal(i),
            "cool" | "super" => {
                // As an interjection: `Cool, thanks!`; a cool place stays cool. `super` before
                // an adjective is an intensifier: `super helpful` → `very helpful`.
                if self.opens(i) && !self.is_word(i + 1) {
                    self.slang(i, "excellent");
                } else if low == "super" && self.is_word(i + 1) && is_adjective(self.low(i + 1)) {
                    self.slang(i, "very");
                }
            }
            "you" => {
                // `you guys`, `you folks` → `you`; `you all` too, unless `all` goes with what
                // follows (`send you all the details`, `you all 3`).
                let next = self.low(i + 2);
                let all_of = self.is_word(i + 2)
                    && (ALL_OF.contains(&next) || next.starts_with(|c: char| c.is_ascii_digit()));
                let plural = match self.low(i + 1) {
                    "guys" | "folks" => true,
                    "all" => !all_of,
                    _ => false,
                };
                if plural {
                    let r = self.toks[i].range.end..self.toks[i + 1].range.end;
                    self.replace(r, "");
                }
            }
            "guys" | "folks" | "all" if i > 0 && !self.is_word(i + 1) => {
                // A vocative at the end of a clause: `Thanks, guys!`, `Thanks all!`
                let after_thanks = matches!(self.low(i - 1), "thanks" | "thx");
                if after_thanks {
                    let r = self.toks[i - 1].range.end..self.toks[i].range.end;
                    self.replace(r, "");
                } else if low != "all" && self.low(i - 1) == "," && self.is_word(i.wrapping_sub(2))
                {
                    let r = self.toks[i - 2].range.end..self.toks[i].range.end;
                    self.replace(r, "");
                }
            }
            "cheers" if self.low(i + 1) == "for" => {
                let r = match_case(orig, "thank you");
                self.replace_toks(i, i, r);
            }
            "lol" if i > 0 => {
                let r = self.toks[i - 1].range.end..self.toks[i].range.end;
                self.replace(r, "");
            }
            _ => {}
        }
    }

    /// A slang word replaced in its own case; a capitalised one inside a sentence is a name.
    fn slang(&mut self, i: usize, formal: &str) {
        let orig = self.orig(i);
        let name = if self.opens(i) {
            // `Awesome Widgets Ltd`: a capitalised word after it makes it a name.
            is_title(orig) && self.is_capitalised(i + 1) && self.low(i + 1) != "i"
        } else {
            is_title(orig)
        };
        if name {
            return;
        }
        self.replace_toks(i, i, match_case(orig, formal));
    }

    /// `ok`/`okay` → `all right`; `OK` stays but as an opening interjection, and a button
    /// label stays.
    fn okay_formal(&mut self, i: usize) {
        let orig = self.orig(i);
        let ui = matches!(
            self.low(i.wrapping_sub(1)),
            "press" | "click" | "tap" | "hit" | "select" | "choose"
        ) || self.low(i + 1) == "button";
        if ui {
            return;
        }
        if orig == "OK" {
            if self.opens(i) && !self.is_word(i + 1) {
                self.replace_toks(i, i, "All right");
            }
            return;
        }
        self.slang(i, "all right");
    }

    fn contraction_formal(&mut self, i: usize) {
        let low = self.toks[i].low.clone();
        let orig = self.orig(i);
        if low == "y'all" {
            self.replace_toks(i, i, match_case(orig, "you"));
            return;
        }
        if let Some(base) = low.strip_suffix("n't") {
            self.negation_formal(i, base);
            return;
        }
        let Some(ap) = low.rfind('\'') else {
            return;
        };
        let (base, suffix) = (&low[..ap], &low[ap + 1..]);
        let aux = match suffix {
            "m" if base == "i" => "am",
            "re" if RE_BASES.contains(&base) => "are",
            "ve" if VE_BASES.contains(&base) => "have",
            "ll" if LL_BASES.contains(&base) => "will",
            "d" if D_BASES.contains(&base) => {
                if self.d_is_had(i) {
                    "had"
                } else {
                    "would"
                }
            }
            "s" if base == "let" => "us",
            "s" if S_BASES.contains(&base) => {
                if self.s_is_has(base, i) {
                    "has"
                } else {
                    "is"
                }
            }
            _ => return,
        };
        let mut r = match_case(orig, &format!("{base} {aux}"));
        if base == "i" {
            r = capitalize(&r);
        }
        self.replace_toks(i, i, r);
    }

    /// `'d` is `had` before a past participle (`we'd sent`, `I'd better`), else `would`.
    fn d_is_had(&self, i: usize) -> bool {
        let j = self.skip_adverbs(i + 1);
        self.is_word(j) && (self.low(j) == "better" || is_participle(self.low(j)))
    }

    /// `'s` is `has` before `been`/`got`, before a participle with an object (`she's sent you`),
    /// and after a person before any participle that is not a state (`he's replied`).
    fn s_is_has(&self, base: &str, i: usize) -> bool {
        let j = self.skip_adverbs(i + 1);
        let w = self.low(j);
        if !self.is_word(j) || !is_participle(w) {
            return false;
        }
        if HAS_PARTICIPLES.contains(&w) {
            return true;
        }
        let object = self.is_word(j + 1) && OBJECT_STARTS.contains(&self.low(j + 1));
        let person = matches!(base, "he" | "she" | "who");
        object || person && !STATE_PARTICIPLES.contains(&w)
    }

    fn negation_formal(&mut self, i: usize, base: &str) {
        let orig = self.orig(i);
        let (aux, full): (&str, String) = match base {
            "ca" => ("can", "cannot".into()),
            "wo" => ("will", "will not".into()),
            "sha" => ("shall", "shall not".into()),
            "ai" => {
                // Only after a pronoun is it clear what `ain't` stands for.
                let subject = self.low(i.wrapping_sub(1));
                if !matches!(
                    subject,
                    "i" | "you" | "we" | "they" | "he" | "she" | "it" | "that" | "there" | "this"
                ) {
                    return;
                }
                let j = self.skip_adverbs(i + 1);
                let perfect = matches!(self.low(j), "got" | "been");
                let aux = match subject {
                    "i" if perfect => "have",
                    "i" => "am",
                    "you" | "we" | "they" if perfect => "have",
                    "you" | "we" | "they" => "are",
                    _ if perfect => "has",
                    _ => "is",
                };
                (aux, format!("{aux} not"))
            }
            "do" | "does" | "did" | "is" | "are" | "was" | "were" | "have" | "has" | "had"
            | "could" | "would" | "should" | "must" | "need" | "might" => {
                (base, format!("{base} not"))
            }
            _ => return,
        };
        // `Don't you …?` is `Do you not …?`: the subject stays next to the auxiliary.
        let clause_start = self.opens(i)
            || matches!(
                self.low(i.wrapping_sub(1)),
                "," | "why" | "how" | "what" | "where" | "when" | "who" | "so" | "and" | "but"
            );
        if SUBJECTS.contains(&self.low(i + 1)) {
            if !self.is_question() || !clause_start {
                // `Don't you worry` has no formal word order, and `do not we` is no English:
                // it stays.
                return;
            }
            let not = if all_upper(orig) { " NOT" } else { " not" };
            let at = self.toks[i + 1].range.end;
            let edits = vec![
                edit(self.toks[i].range.clone(), match_case(orig, aux)),
                edit(at..at, not),
            ];
            self.add(edits);
            return;
        }
        self.replace_toks(i, i, match_case(orig, &full));
    }

    /// Emoji and emoticons, with the space before them (or after, at the sentence start).
    fn remove_smileys(&mut self) {
        let Range { start, end } = self.span.clone();
        let mut pos = start;
        while pos < end {
            let Some(c) = self.text[pos..].chars().next() else {
                break;
            };
            let Some(first_end) = self.smiley_end(pos) else {
                pos += c.len_utf8();
                continue;
            };
            // A run of smileys and the spaces between them goes as one.
            let mut run_end = first_end;
            loop {
                let next = skip_spaces(self.text, run_end, end);
                match (next < end).then(|| self.smiley_end(next)).flatten() {
                    Some(e) => run_end = e,
                    None => break,
                }
            }
            let before = start + self.text[start..pos].trim_end_matches([' ', '\t']).len();
            let after = skip_spaces(self.text, run_end, end);
            if before == start && after == end {
                // The sentence is nothing but smileys: it goes with the blanks that separate it
                // from the sentence before it on its line, so no trailing space is left.
                let lead = self.text[..start].trim_end_matches([' ', '\t']).len();
                let lead = if lead == 0 || self.text[..lead].ends_with('\n') {
                    start
                } else {
                    lead
                };
                if self.free(&(start..end)) {
                    self.edits.push(edit(lead..end, ""));
                }
                return;
            }
            let r = if before == start {
                pos..after
            } else {
                before..run_end
            };
            self.replace(r, "");
            pos = run_end;
        }
    }

    /// The end of an emoji (with its modifiers and joined parts) or emoticon at `pos`.
    fn smiley_end(&self, pos: usize) -> Option<usize> {
        let end = self.span.end;
        let c = self.text[pos..].chars().next()?;
        if is_emoji(c) {
            let mut e = pos + c.len_utf8();
            while let Some(n) = self.text[e..end].chars().next() {
                let code = n as u32;
                if is_emoji(n)
                    || matches!(n, '\u{FE0F}' | '\u{FE0E}' | '\u{20E3}')
                    || (0xE0020..=0xE007F).contains(&code)
                {
                    e += n.len_utf8();
                } else if n == '\u{200D}' {
                    e += n.len_utf8();
                    if let Some(m) = self.text[e..end]
                        .chars()
                        .next()
                        .filter(|m| !m.is_whitespace())
                    {
                        e += m.len_utf8();
                    }
                } else {
                    break;
                }
            }
            return Some(e);
        }
        let spaced_before = self.text[..pos]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
            || pos == self.span.start;
        if !spaced_before {
            return None;
        }
        EMOTICONS.iter().find_map(|e| {
            let after = pos + e.len();
            (self.text[pos..end].starts_with(e)
                && self.text[after..end]
                    .chars()
                    .next()
                    .is_none_or(|n| n.is_whitespace() || matches!(n, '.' | ',' | '!' | '?')))
            .then_some(after)
        })
    }

    // ----- to informal -----

    fn make_informal(&mut self) {
        self.greeting_informal();
        self.signoff_informal();
        for i in 0..self.toks.len() {
            if self.toks[i].word {
                let _ = self.hesitate(i)
                    || self.earliest_convenience(i)
                    || self.grateful_if_you_could(i)
                    || self.should_you(i)
                    || self.kindly(i)
                    || self.let_us(i)
                    || self.pronoun_informal(i)
                    || self.negation_informal(i);
            }
        }
    }

    /// `Dear Anna,` → `Hi Anna,`; `Dear Sir or Madam,` and `To whom it may concern:` →
    /// `Hi there,`.
    fn greeting_informal(&mut self) {
        if self.toks.is_empty() || !self.opens_line() {
            return;
        }
        let generic = if self.low(0) == "dear" {
            self.seq_any(1, GENERIC_ADDRESSEES).map(|n| n + 1)
        } else if self.seq(0, &["to", "whom", "it", "may", "concern"]) {
            Some(5)
        } else {
            return;
        };
        // A generic addressee must end the greeting; `To whom it may concern` without one is
        // not a greeting to rewrite.
        let generic = generic.filter(|&n| !self.is_word(n));
        if generic.is_none() && self.low(0) != "dear" {
            return;
        }
        let (mut edits, after) = match generic {
            Some(n) => {
                let hi = capitalize(&match_case(self.tok_text(0, n - 1), "hi there"));
                let r = self.toks[0].range.start..self.toks[n - 1].range.end;
                (vec![edit(r, hi)], n)
            }
            None => {
                let hi = capitalize(&match_case(self.orig(0), "hi"));
                (vec![edit(self.toks[0].range.clone(), hi)], 1)
            }
        };
        if generic.is_some() && self.low(after) == ":" {
            edits.push(edit(self.toks[after].range.clone(), ","));
        }
        self.add(edits);
    }

    /// `Kind regards,` → `Best,` on a line of its own.
    fn signoff_informal(&mut self) {
        if self.toks.is_empty() || !self.opens_line() || !self.ends_line() {
            return;
        }
        if let Some(n) = self.seq_any(0, FORMAL_SIGNOFFS) {
            self.signoff(n, "best", false);
        }
    }

    /// `please do not hesitate to contact us` → `just get in touch`.
    fn hesitate(&mut self, i: usize) -> bool {
        let mut j = i + usize::from(self.low(i) == "please");
        if self.seq(j, &["do", "not"]) {
            j += 2;
        } else if self.low(j) == "don't" {
            j += 1;
        } else {
            return false;
        }
        if !self.seq(j, &["hesitate", "to"]) {
            return false;
        }
        j += 2;
        let us = |k: usize| matches!(self.low(k), "us" | "me");
        let (last, with) = if self.low(j) == "contact" && us(j + 1) {
            (j + 1, "just get in touch")
        } else if self.seq(j, &["get", "in", "touch"]) {
            let last = if self.low(j + 3) == "with" && us(j + 4) {
                j + 4
            } else {
                j + 2
            };
            (last, "just get in touch")
        } else if self.seq(j, &["reach", "out"]) {
            let last = if self.low(j + 2) == "to" && us(j + 3) {
                j + 3
            } else {
                j + 1
            };
            (last, "just get in touch")
        } else if self.is_word(j) {
            (j - 1, "just")
        } else {
            return false;
        };
        let r = match_case(self.tok_text(i, last), with);
        self.replace_toks(i, last, r)
    }

    /// `at your earliest convenience` → `when you can`.
    fn earliest_convenience(&mut self, i: usize) -> bool {
        if !self.seq(i, &["at", "your", "earliest", "convenience"]) {
            return false;
        }
        let r = match_case(self.tok_text(i, i + 3), "when you can");
        self.replace_toks(i, i + 3, r)
    }

    /// `We would be grateful if you could send …` → `Could you send …?`, for a sentence
    /// that is nothing but the request.
    fn grateful_if_you_could(&mut self, i: usize) -> bool {
        if !self.opens(i) || !matches!(self.low(i), "we" | "i") || self.low(i + 1) != "would" {
            return false;
        }
        let mut j = i + 2;
        const GRATEFUL: &[&[&str]] = &[
            &["be", "grateful"],
            &["be", "obliged"],
            &["be", "thankful"],
            &["appreciate", "it"],
        ];
        match self.seq_any(j, GRATEFUL) {
            Some(n) => j += n,
            None => return false,
        }
        if !self.seq(j, &["if", "you"]) || !matches!(self.low(j + 2), "could" | "would") {
            return false;
        }
        let last = j + 2;
        let Some(stop) = self.toks.len().checked_sub(1) else {
            return false;
        };
        if stop <= last + 1 || self.low(stop) != "." {
            return false;
        }
        let could = match_case(self.tok_text(i, last), "could you");
        let r = self.toks[i].range.start..self.toks[last].range.end;
        let edits = vec![edit(r, could), edit(self.toks[stop].range.clone(), "?")];
        self.add(edits)
    }

    /// `Should you need help, …` → `If you need help, …`.
    fn should_you(&mut self, i: usize) -> bool {
        if i != 0
            || !self.seq(0, &["should", "you"])
            || self.is_question()
            || !self.toks.iter().any(|t| t.low == ",")
        {
            return false;
        }
        let r = match_case(self.orig(0), "if");
        self.replace_toks(0, 0, r)
    }

    /// `Kindly send …`, `could you kindly` → `please`; `We kindly ask you to` → `Please`;
    /// `we kindly ask` → `we ask`; `thank you kindly` → `thank you`.
    fn kindly(&mut self, i: usize) -> bool {
        if self.low(i) != "kindly" {
            return false;
        }
        let orig = self.orig(i);
        let prev = self.low(i.wrapping_sub(1));
        if i >= 1 && matches!(prev, "we" | "i") && self.opens(i - 1) {
            // `We kindly ask you to send` → `Please send`.
            let request = matches!(self.low(i + 1), "ask" | "request");
            let rest = if self.seq(i + 2, &["you", "to"]) || self.seq(i + 2, &["that", "you"]) {
                Some(i + 3)
            } else {
                None
            };
            if let (true, Some(last)) = (request, rest)
                && self.is_word(last + 1)
            {
                let r = match_case(self.tok_text(i - 1, last), "please");
                return self.replace_toks(i - 1, last, r);
            }
        }
        if i >= 1 && matches!(prev, "we" | "i") {
            if !self.is_word(i + 1) {
                return false;
            }
            let r = self.toks[i].range.start..self.toks[i + 1].range.start;
            return self.replace(r, "");
        }
        if prev == "please" && self.is_word(i + 1) {
            let r = self.toks[i - 1].range.end..self.toks[i].range.end;
            return self.replace(r, "");
        }
        if i >= 2 && prev == "you" && self.low(i - 2) == "thank" {
            let r = self.toks[i - 1].range.end..self.toks[i].range.end;
            return self.replace(r, "");
        }
        let clause_start = self.opens(i) || matches!(prev, "," | ";" | "and" | "you" | "to");
        if clause_start && self.is_word(i + 1) {
            return self.replace_toks(i, i, match_case(orig, "please"));
        }
        false
    }

    /// `Let us start` → `Let's start` at the start of a sentence; `let us know` keeps `us`
    /// (it means "allow us"), as does `let us help`.
    fn let_us(&mut self, i: usize) -> bool {
        if !self.opens(i)
            || !self.seq(i, &["let", "us"])
            || !self.is_word(i + 2)
            || matches!(self.low(i + 2), "know" | "hear" | "have" | "help")
            || mixed_emphasis(&[self.orig(i), self.orig(i + 1)])
        {
            return false;
        }
        let r = format!(
            "{}{}",
            self.orig(i),
            self.apos(&case_of(self.orig(i + 1), "'s"))
        );
        self.replace_toks(i, i + 1, r)
    }

    /// `we are` → `we're`, `I am` → `I'm`, `we have sent` → `we've sent`, … — never at the
    /// end of a clause (`That is what it is.`, `Yes, we are.`, `It is… complicated`).
    fn pronoun_informal(&mut self, i: usize) -> bool {
        let (p, a) = (self.low(i), self.low(i + 1));
        let next = i + 2;
        if !self.is_word(i + 1) || !self.is_word(next) {
            return false;
        }
        let n = self.low(next);
        let wh = matches!(p, "what" | "who" | "where" | "how");
        let suffix = match (p, a) {
            ("i", "am") => "'m",
            ("you" | "we" | "they", "are") => "'re",
            (
                "he" | "she" | "it" | "that" | "there" | "here" | "what" | "who" | "where" | "how",
                "is",
            ) => {
                // `What is it?` keeps its `is`.
                if wh && SUBJECTS.contains(&n) {
                    return false;
                }
                "'s"
            }
            ("i" | "you" | "we" | "they" | "he" | "she" | "it", "will") if n != "not" => "'ll",
            ("i" | "you" | "we" | "they", "have")
                if n != "not" && self.participle_follows(next) =>
            {
                "'ve"
            }
            ("he" | "she" | "it" | "that" | "there", "has")
                if n != "not" && self.participle_follows(next) =>
            {
                "'s"
            }
            ("i" | "you" | "we" | "they" | "he" | "she", "would") if n != "not" => "'d",
            _ => return false,
        };
        if mixed_emphasis(&[self.orig(i), self.orig(i + 1)]) {
            return false;
        }
        let r = format!(
            "{}{}",
            self.orig(i),
            self.apos(&case_of(self.orig(i + 1), suffix))
        );
        self.replace_toks(i, i + 1, r)
    }

    /// Whether a past participle follows from `j`, perhaps after an adverb.
    fn participle_follows(&self, j: usize) -> bool {
        let k = self.skip_adverbs(j);
        self.is_word(k)
            && is_participle(self.low(k))
            && !ADJECTIVE_PARTICIPLES.contains(&self.low(k))
    }

    /// `do not` → `don't`, `cannot` → `can't`, `will not` → `won't`, …; `not only` stays.
    fn negation_informal(&mut self, i: usize) -> bool {
        let low = self.low(i);
        if low == "cannot" {
            let r = match_case(self.orig(i), &self.apos("can't"));
            return self.replace_toks(i, i, r);
        }
        if self.low(i + 1) != "not" || self.low(i + 2) == "only" {
            return false;
        }
        let short = match low {
            "do" | "does" | "did" | "is" | "are" | "was" | "were" | "have" | "has" | "had"
            | "could" | "would" | "should" | "must" => format!("{low}n't"),
            "can" => "can't".into(),
            "will" => "won't".into(),
            _ => return false,
        };
        let (a, b) = (self.orig(i), self.orig(i + 1));
        if mixed_emphasis(&[a, b]) {
            return false;
        }
        let r = match_case(self.tok_text(i, i + 1), &self.apos(&short));
        self.replace_toks(i, i + 1, r)
    }
}

fn edit(r: Range<usize>, replacement: impl Into<String>) -> Edit {
    Edit {
        start: r.start,
        end: r.end,
        replacement: replacement.into(),
    }
}

/// Whether `w` is an adjective that `super` can intensify: a common one, or one with an
/// adjective suffix.
fn is_adjective(w: &str) -> bool {
    const COMMON: &[&str] = &[
        "quick", "fast", "easy", "nice", "happy", "kind", "good", "friendly", "simple", "glad",
        "grateful", "pleased", "sorry", "excited", "busy", "clear", "smooth", "sweet", "handy",
    ];
    COMMON.contains(&w)
        || ["ful", "ous", "ive", "able", "ible"]
            .iter()
            .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

/// Whether `w` is a past participle: an irregular one, or a verb form in -ed.
fn is_participle(w: &str) -> bool {
    if IRREGULAR_PARTICIPLES.contains(&w) {
        return true;
    }
    if w.len() < 4 || !w.ends_with("ed") || NOT_PARTICIPLES.contains(&w) {
        return false;
    }
    // need, proceed, exceed are verbs, not participles; agreed and guaranteed are.
    !w.ends_with("eed") || matches!(w, "agreed" | "guaranteed" | "freed")
}

/// Whether every letter of `w` is upper case (at least two letters).
fn all_upper(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A capital first letter and not all capitals: a name, inside a sentence.
fn is_title(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && !all_upper(w)
}

/// `s` in upper case when `like` is written in capitals.
fn case_of(like: &str, s: &str) -> String {
    if all_upper(like) {
        s.to_uppercase()
    } else {
        s.to_string()
    }
}

/// Whether some words are in capitals and others not: `do NOT` is stressed and stays.
fn mixed_emphasis(words: &[&str]) -> bool {
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    long.iter().any(|w| all_upper(w)) && !long.iter().all(|w| all_upper(w))
}

fn skip_spaces(text: &str, pos: usize, end: usize) -> usize {
    pos + (text[pos..end].len() - text[pos..end].trim_start_matches([' ', '\t']).len())
}

/// What in `span` must stay as written: quotations, code in backticks, bracketed
/// placeholders, and whitespace-separated tokens that look like URLs, e-mail addresses or
/// code. Quotes are followed from the start of the line, which a quotation rarely outlasts.
/// How far around a sentence the converter looks for the draft's habits (apostrophes, quotes
/// opened earlier on the line), in bytes.
const CONTEXT: usize = 4096;

fn protected_ranges(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let from = ceil_char_boundary(text, span.start.saturating_sub(CONTEXT));
    let line_start = text[from..span.start]
        .rfind('\n')
        .map_or(from, |i| from + i + 1);
    let mut out = Vec::new();
    let (mut double, mut single, mut code, mut bracket) = (
        None::<usize>,
        None::<usize>,
        None::<usize>,
        None::<(char, usize)>,
    );
    let region = &text[line_start..span.end];
    let mut prev: Option<char> = None;
    for (off, c) in region.char_indices() {
        let pos = line_start + off;
        let end = pos + c.len_utf8();
        let next = region[off + c.len_utf8()..].chars().next();
        let (after_word, before_word) = (
            prev.is_some_and(is_word_char),
            next.is_some_and(is_word_char),
        );
        prev = Some(c);
        if let Some(open) = code {
            if c == '`' {
                out.push(open..end);
                code = None;
            }
            continue;
        }
        match c {
            '`' => code = Some(pos),
            '"' => match double.take() {
                Some(open) => out.push(open..end),
                None => double = Some(pos),
            },
            '“' | '«' if double.is_none() => double = Some(pos),
            '”' | '»' => {
                if let Some(open) = double.take() {
                    out.push(open..end);
                }
            }
            '‘' if !after_word && single.is_none() => single = Some(pos),
            '\'' if !after_word && before_word && single.is_none() => single = Some(pos),
            '\'' | '’' if after_word && !before_word => {
                if let Some(open) = single.take() {
                    out.push(open..end);
                }
            }
            '[' | '{' | '<' if bracket.is_none() => bracket = Some((c, pos)),
            ']' | '}' | '>' => {
                if let Some((open, at)) = bracket
                    && matches!((open, c), ('[', ']') | ('{', '}') | ('<', '>'))
                {
                    out.push(at..end);
                    bracket = None;
                }
            }
            _ => {}
        }
    }
    // A quotation still open runs to the end of the sentence.
    if let Some(open) = double {
        out.push(open..span.end);
    }
    let s = &text[span.clone()];
    let mut chunk: Option<usize> = None;
    for (off, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(from) = chunk.take() {
                let token = s[from..off].trim_end_matches(['.', ',', '!', '?', ';', ':', ')']);
                if code_like(token) {
                    out.push(span.start + from..span.start + from + token.len());
                }
            }
        } else if chunk.is_none() {
            chunk = Some(off);
        }
    }
    out
}

/// Whether a whitespace-separated token looks like a URL, an e-mail address, a path or code.
fn code_like(chunk: &str) -> bool {
    if chunk.contains("://")
        || chunk.contains("www.")
        || chunk.contains(['@', '_', '\\', '=', '{', '}', '<', '>', '`'])
        || chunk.starts_with('/')
        || chunk.matches('/').count() >= 2
    {
        return true;
    }
    let chars: Vec<char> = chunk.chars().collect();
    chars.windows(3).any(|w| {
        // example.com, v1.2
        w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric()
    }) || chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::register::detect;
    use crate::text::{Document, Lang, sentences};

    /// Converts every sentence of `text`, checking the edits keep their promises.
    fn convert_all(text: &str, to: Register) -> String {
        let mut all = Vec::new();
        for s in sentences(text) {
            let edits = convert(text, s.range(), to);
            for (k, e) in edits.iter().enumerate() {
                assert!(e.start <= e.end, "{text:?}: {e:?}");
                let leading_blanks = e.end == s.end()
                    && e.replacement.is_empty()
                    && text[e.start.min(s.start())..s.start()]
                        .chars()
                        .all(|c| c == ' ' || c == '\t');
                assert!(
                    (s.start() <= e.start || leading_blanks) && e.end <= s.end(),
                    "{text:?}: {e:?} outside the sentence"
                );
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                if k > 0 {
                    let p = &edits[k - 1];
                    assert!(
                        (p.start, p.end) <= (e.start, e.end) && p.end <= e.start,
                        "{text:?}: {p:?} and {e:?} overlap or are unsorted"
                    );
                }
            }
            all.extend(edits);
        }
        crate::fix::apply(text, all.iter())
    }

    fn formal(text: &str) -> String {
        convert_all(text, Register::Formal)
    }

    fn informal(text: &str) -> String {
        convert_all(text, Register::Informal)
    }

    /// Casual → formal; every casual marker in these is converted.
    const TO_FORMAL: &[(&str, &str)] = &[
        (
            "Hey Anna,\nWe're on it and we'll update you tomorrow.",
            "Dear Anna,\nWe are on it and we will update you tomorrow.",
        ),
        (
            "Hi Anna!\nI'm sorry the parcel didn't arrive.",
            "Dear Anna,\nI am sorry the parcel did not arrive.",
        ),
        (
            "Hiya\nCan't log in? Let's fix that.",
            "Hello,\nCannot log in? Let us fix that.",
        ),
        ("Hi there, how can we help?", "Hello, how can we help?"),
        (
            "Hey all,\nThe refund is on its way.",
            "Hello,\nThe refund is on its way.",
        ),
        ("Yo Mikko", "Dear Mikko,"),
        ("Hey there Anna,", "Dear Anna,"),
        ("hey anna, thanks!", "Dear anna, thanks!"),
        ("HEY ANNA!", "DEAR ANNA,"),
        ("Hi 👋", "Hello,"),
        (
            "Hey thanks for the quick reply!",
            "Hello, thanks for the quick reply!",
        ),
        (
            "It's been shipped and it's on its way.",
            "It has been shipped and it is on its way.",
        ),
        (
            "I'd like to help, but we'd already sent the refund.",
            "I would like to help, but we had already sent the refund.",
        ),
        (
            "DON'T WORRY, WE'VE GOT IT.",
            "DO NOT WORRY, WE HAVE GOT IT.",
        ),
        (
            "We’re sorry, it didn’t arrive and you’ll get a refund.",
            "We are sorry, it did not arrive and you will get a refund.",
        ),
        (
            "There's been a delay, so they'll ship it Monday.",
            "There has been a delay, so they will ship it Monday.",
        ),
        (
            "She's sent you the invoice and he's checked it.",
            "She has sent you the invoice and he has checked it.",
        ),
        (
            "He's tired of waiting, I know.",
            "He is tired of waiting, I know.",
        ),
        ("Who's handling this?", "Who is handling this?"),
        ("He’s booked the room.", "He has booked the room."),
        ("I ain't sure.", "I am not sure."),
        ("Isn't it great?", "Is it not great?"),
        ("It'll be fine, won't it?", "It will be fine, will it not?"),
        ("We've gotta go.", "We have got to go."),
        ("Super helpful, thx!", "Very helpful, thank you!"),
        (
            "We can't refund it, and it won't ship today.",
            "We cannot refund it, and it will not ship today.",
        ),
        (
            "Why don't you try restarting the app?",
            "Why do you not try restarting the app?",
        ),
        (
            "You got the code, didn't you?",
            "You got the code, did you not?",
        ),
        (
            "Yeah, we're gonna send a new one asap.",
            "Yes, we are going to send a new one as soon as possible.",
        ),
        (
            "Btw, you guys can track it here.",
            "By the way, you can track it here.",
        ),
        (
            "FYI the office is closed, thx for waiting.",
            "For your information the office is closed, thank you for waiting.",
        ),
        ("Nope, that's not an issue.", "No, that is not an issue."),
        ("Is that ok with you?", "Is that all right with you?"),
        (
            "Ok, I've checked your order.",
            "All right, I have checked your order.",
        ),
        ("No worries!", "Not at all!"),
        ("Thank you guys so much!", "Thank you so much!"),
        (
            "That's awesome, thank you all for your patience.",
            "That is excellent, thank you for your patience.",
        ),
        (
            "Cheers for letting us know.",
            "Thank you for letting us know.",
        ),
        (
            "I kinda think we gotta replace it.",
            "I rather think we have to replace it.",
        ),
        ("Thx for your patience 🙏", "Thank you for your patience"),
        (
            "Great news 🎉 your refund is done! 😊",
            "Great news your refund is done!",
        ),
        ("😊 Your order is ready :)", "Your order is ready"),
        ("Cheers,\nLaura", "Kind regards,\nLaura"),
        ("Talk soon!", "Kind regards,"),
        ("Catch you later, Laura", "Kind regards, Laura"),
        ("Take care\nThe Sävy team", "Kind regards\nThe Sävy team"),
    ];

    /// Formal → casual; every formal marker in these is converted.
    const TO_INFORMAL: &[(&str, &str)] = &[
        (
            "Dear Anna,\nWe are sorry that your order has not arrived.",
            "Hi Anna,\nWe're sorry that your order hasn't arrived.",
        ),
        ("Dear Sir or Madam,", "Hi there,"),
        ("Dear Sir/Madam,", "Hi there,"),
        ("To whom it may concern:", "Hi there,"),
        (
            "To whom it may concern, we confirm the refund.",
            "Hi there, we confirm the refund.",
        ),
        ("DEAR ANNA,", "HI ANNA,"),
        ("Kind regards,\nLaura", "Best,\nLaura"),
        ("Yours sincerely,\nThe Sävy team", "Best,\nThe Sävy team"),
        ("Best regards, Laura", "Best, Laura"),
        ("Sincerely", "Best"),
        ("That is what it is.", "That's what it is."),
        (
            "Do not worry, we will sort it out.",
            "Don't worry, we'll sort it out.",
        ),
        ("DO NOT share your password.", "DON'T share your password."),
        ("We have sent you a new link.", "We've sent you a new link."),
        (
            "We have already refunded the order.",
            "We've already refunded the order.",
        ),
        (
            "I am afraid we cannot refund it.",
            "I'm afraid we can't refund it.",
        ),
        (
            "Let us know if it does not arrive.",
            "Let us know if it doesn't arrive.",
        ),
        (
            "Let us start with your address.",
            "Let's start with your address.",
        ),
        ("Kindly send us the receipt.", "Please send us the receipt."),
        ("Please kindly note the change.", "Please note the change."),
        ("We kindly request that you pay.", "Please pay."),
        ("Dear valued customer,", "Hi there,"),
        ("With kind regards,", "Best,"),
        ("Do not hesitate to call us.", "Just call us."),
        (
            "Could you kindly confirm the address?",
            "Could you please confirm the address?",
        ),
        (
            "We kindly ask you to return the item.",
            "Please return the item.",
        ),
        (
            "Please reply at your earliest convenience.",
            "Please reply when you can.",
        ),
        (
            "If you have any questions, please do not hesitate to contact us.",
            "If you have any questions, just get in touch.",
        ),
        (
            "Should you need anything else, please don't hesitate to get in touch with us.",
            "If you need anything else, just get in touch.",
        ),
        (
            "We would be grateful if you could send us a photo.",
            "Could you send us a photo?",
        ),
        (
            "Thank you for your order – we are on it, and we will let you know when it’s shipped.",
            "Thank you for your order – we’re on it, and we’ll let you know when it’s shipped.",
        ),
        (
            "You will receive an email when it is ready.",
            "You'll receive an email when it's ready.",
        ),
        (
            "The parcel was not delivered because the address is not complete.",
            "The parcel wasn't delivered because the address isn't complete.",
        ),
        ("We would like to thank you.", "We'd like to thank you."),
        ("What is your order number?", "What's your order number?"),
        (
            "I am writing to confirm that it has been sent.",
            "I'm writing to confirm that it's been sent.",
        ),
    ];

    #[test]
    fn casual_sentences_become_formal() {
        for (casual, expected) in TO_FORMAL {
            assert_eq!(formal(casual), *expected, "from {casual:?}");
        }
    }

    #[test]
    fn formal_sentences_become_casual() {
        for (formal_text, expected) in TO_INFORMAL {
            assert_eq!(informal(formal_text), *expected, "from {formal_text:?}");
        }
    }

    #[test]
    fn converted_sentences_lose_the_old_registers_markers() {
        let markers = |text: &str, old: Register| -> Vec<String> {
            let doc = Document::new(text, Lang::En, None);
            let report = detect(&doc);
            report
                .sentences
                .iter()
                .filter(|s| s.register == old)
                .flat_map(|s| s.evidence.iter().map(|e| text[e.start..e.end].to_string()))
                .collect()
        };
        for (casual, _) in TO_FORMAL {
            assert!(
                !markers(casual, Register::Informal).is_empty(),
                "{casual:?} has no casual marker to convert"
            );
            let out = formal(casual);
            assert_eq!(
                markers(&out, Register::Informal),
                Vec::<String>::new(),
                "{out:?}"
            );
        }
        for (formal_text, _) in TO_INFORMAL {
            let out = informal(formal_text);
            assert_eq!(
                markers(&out, Register::Formal),
                Vec::<String>::new(),
                "{out:?}"
            );
        }
    }

    #[test]
    fn text_that_must_stay_as_written() {
        for text in [
            "Anna's order and the customer's refund are ready.",
            "Take care when opening the box.",
            "Store it in a cool, dry place.",
            "Press OK to continue.",
            "The invoice is attached.",
            "Click \"Don't show again\" or see https://example.com/it's-here today.",
            "Run `it's` as code, or write to we're@example.com.",
            "Hello Anna, thanks for writing.",
            "We will send you all the documents.",
            "Don't you worry.",
            "Ain't nobody got time.",
            "Awesome Widgets Ltd is great.",
            "Everything OK?",
            "The team's on it.",
            // Sentence-initial "No worries," (meaning "do not worry") is left as written.
            "No worries, we will fix it.",
        ] {
            assert_eq!(formal(text), text, "to formal");
        }
        for text in [
            "Yes, we are.",
            "It is… complicated.",
            "It is... complicated.",
            "We have a new link for you.",
            "We have limited stock.",
            "You can not only track it but also change it.",
            "Your \"Do not disturb\" setting is on.",
            "Please do NOT share your password.",
            "Good morning Anna,",
            "What is it?",
            "Let us help you with that.",
            "I will, of course.",
            "Dear Mr Smith,\nThe invoice is attached.",
        ] {
            let expected = if text.starts_with("Dear Mr") {
                "Hi Mr Smith,\nThe invoice is attached."
            } else {
                text
            };
            assert_eq!(informal(text), expected, "to informal");
        }
    }

    #[test]
    fn offsets_are_into_the_whole_text() {
        let text = "Thanks for waiting. We're on it!";
        let s = &sentences(text)[1];
        assert_eq!(&text[s.range()], "We're on it!");
        let edits = convert(text, s.range(), Register::Formal);
        assert_eq!(
            edits,
            [Edit {
                start: 20,
                end: 25,
                replacement: "We are".into()
            }]
        );
        assert!(convert(text, s.range(), Register::Neutral).is_empty());
        assert!(convert(text, 0..text.len() + 1, Register::Formal).is_empty());
    }

    #[test]
    fn greetings_and_sign_offs_need_their_own_line() {
        // "Hi" inside a sentence is not a greeting; "Cheers" that is not alone is not a sign-off.
        assert_eq!(
            formal("Thanks. Hi Anna is our new agent."),
            "Thanks. Hi Anna is our new agent."
        );
        assert_eq!(
            informal("Please pass on our kind regards to the team."),
            "Please pass on our kind regards to the team."
        );
        // Without the comma or colon that closes it, this is no greeting.
        assert_eq!(
            informal("To whom it may concern we are unsure."),
            "To whom it may concern we're unsure."
        );
        // "Thanks!" is a sign-off when a signature follows it; at the end of a message, with
        // nothing after it, it is a thank-you.
        assert_eq!(
            formal("We fixed it.\nThanks!\nLaura"),
            "We fixed it.\nKind regards,\nLaura"
        );
        assert_eq!(formal("We fixed it.\nThanks!"), "We fixed it.\nThanks!");
        // A placeholder is a name too.
        assert_eq!(
            formal("Hey [name],\nThanks, guys!"),
            "Dear [name],\nThanks!"
        );
        assert_eq!(formal("Hi {{first_name}}!"), "Dear {{first_name}},");
    }

    #[test]
    fn windows_line_endings_keep_their_shape() {
        assert_eq!(
            formal("Hey Anna!\r\nWe're on it.\r\nCheers,\r\nLaura"),
            "Dear Anna,\r\nWe are on it.\r\nKind regards,\r\nLaura"
        );
        assert_eq!(
            informal("Dear Anna,\r\nWe are on it.\r\nKind regards,\r\nLaura"),
            "Hi Anna,\r\nWe're on it.\r\nBest,\r\nLaura"
        );
    }

    #[test]
    fn emoji_go_without_leaving_double_spaces() {
        assert_eq!(formal("Done 👍 see you"), "Done see you");
        assert_eq!(formal("Done👍!"), "Done!");
        assert_eq!(formal("👩‍💻 We fixed it."), "We fixed it.");
        assert_eq!(formal("Thanks ❤️ 🎉!"), "Thanks!");
        assert_eq!(formal("All done! 😊"), "All done!");
        assert_eq!(formal("Hi Anna! 👋\nAll done."), "Dear Anna,\nAll done.");
    }

    #[test]
    fn contractions_choose_is_has_would_had_from_context() {
        assert_eq!(formal("It's closed."), "It is closed.");
        assert_eq!(formal("It's arrived."), "It has arrived.");
        assert_eq!(
            formal("He's booked for Monday."),
            "He is booked for Monday."
        );
        assert_eq!(formal("She's replied."), "She has replied.");
        assert_eq!(formal("What's happened?"), "What has happened?");
        assert_eq!(formal("I'd rather call."), "I would rather call.");
        assert_eq!(formal("You'd better check."), "You had better check.");
        assert_eq!(formal("We'd need a photo."), "We would need a photo.");
        assert_eq!(formal("i'm on it"), "I am on it");
    }
}
