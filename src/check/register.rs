//! Register: how a draft addresses its reader — sinuttelu or teitittely in Finnish, casual or
//! formal in English, or neutral (no direct address) — sentence by sentence, with the words
//! that show it.
//!
//! Finnish address is morphological (second person singular or plural forms), found by the
//! lexicon in `rules/register/fi.toml`; English register shows in markers (contractions,
//! greetings, sign-offs, slang), listed as phrase patterns in `rules/register/en.toml` and
//! matched in the engine's one pass over a draft, with the rule packs' phrases.

use super::convert_en;
use super::convert_fi::{self, FormalStyle, Slip, SlipKind};
use super::{Engine, ReviewOptions};
use crate::review::Edit;
use crate::rules::{Pattern, RegisterCheck, RegisterMessages, Rule};
use crate::text::{Document, Lang, Sentence, offset32};
use crate::voice::Register;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

/// A word or phrase that shows a register, as byte offsets into the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Start of the word.
    pub start: usize,
    /// End of the word.
    pub end: usize,
}

/// One sentence's register and what shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentenceRegister {
    /// Start of the sentence.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// How the sentence addresses the reader.
    pub register: Register,
    /// The words that show it; empty for a neutral sentence.
    pub evidence: Vec<Evidence>,
}

/// The register of a whole draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocumentRegister {
    /// Every addressing sentence is informal.
    Informal,
    /// Every addressing sentence is formal.
    Formal,
    /// No sentence addresses the reader.
    #[default]
    Neutral,
    /// Informal and formal sentences both occur.
    Mixed,
}

impl DocumentRegister {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            DocumentRegister::Informal => "informal",
            DocumentRegister::Formal => "formal",
            DocumentRegister::Neutral => "neutral",
            DocumentRegister::Mixed => "mixed",
        }
    }
}

/// The register of a draft and of each of its sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RegisterReport {
    /// The draft as a whole.
    pub document: DocumentRegister,
    /// Every sentence, in order.
    pub sentences: Vec<SentenceRegister>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkerSet {
    #[serde(default, rename = "match")]
    patterns: Vec<String>,
    /// Emoji count as markers of this register.
    #[serde(default)]
    emoji: bool,
}

/// A language's register markers: phrase patterns, each showing one register, which the
/// engine looks for in its one pass over a draft; and which register emoji mark, if any.
pub(super) struct Markers {
    pub patterns: Vec<(Pattern, Register)>,
    emoji: Option<Register>,
}

/// Whether `c` is an emoji or pictograph: the supplementary symbol planes and the
/// miscellaneous symbols and dingbats (☺, ♥, ✨, ⭐).
pub(super) fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55)
}

/// Emoji in `text`, found by their lead bytes (F0 for the supplementary planes, E2 for the
/// symbol blocks) without decoding the rest.
fn emoji_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(off) = memchr::memchr2(0xF0, 0xE2, &bytes[i..]) {
            let start = i + off;
            let c = text[start..].chars().next()?;
            i = start + c.len_utf8();
            if is_emoji(c) {
                return Some(start..i);
            }
        }
        None
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkerFile {
    informal: MarkerSet,
    formal: MarkerSet,
}

/// The English markers, parsed.
fn english_markers(source: &str) -> Result<Markers, String> {
    let file: MarkerFile = toml::from_str(source).map_err(|e| e.to_string())?;
    let emoji = match (file.informal.emoji, file.formal.emoji) {
        (true, true) => return Err("emoji can mark only one register".into()),
        (true, false) => Some(Register::Informal),
        (false, true) => Some(Register::Formal),
        (false, false) => None,
    };
    let mut patterns = Vec::new();
    for (set, register) in [
        (file.informal, Register::Informal),
        (file.formal, Register::Formal),
    ] {
        for p in &set.patterns {
            patterns.push((
                Pattern::parse(p).map_err(|e| format!("{p}: {e}"))?,
                register,
            ));
        }
    }
    Ok(Markers { patterns, emoji })
}

static ENGLISH: LazyLock<Markers> = LazyLock::new(|| {
    english_markers(include_str!("../../rules/register/en.toml"))
        .expect("the shipped English register markers are valid")
});

/// The register markers of `lang` the engine looks for (Finnish address is found by its
/// lexicon instead, and has none).
pub(super) fn markers(lang: Lang) -> &'static [(Pattern, Register)] {
    match lang {
        Lang::En => &ENGLISH.patterns,
        Lang::Fi => &[],
    }
}

/// Words that show address, each with the register it shows, in order.
type AddressWords = Vec<(Range<usize>, Register)>;

/// Evidence of address in `doc`, sorted by position; and, where every word of every sentence
/// was read for it (Finnish), how many words each sentence has. `markers` are where the engine
/// found the language's [`markers`].
fn evidence(
    doc: &Document<'_>,
    sentences: &[Sentence],
    mut markers: Vec<Marker>,
) -> (AddressWords, Option<Vec<u32>>) {
    let text = doc.text();
    match doc.lang {
        Lang::Fi => {
            let fi = super::register_fi::FinnishAddress::shipped();
            let (mut found, mut words) = (Vec::new(), Vec::with_capacity(sentences.len()));
            fi.evidence_in(
                text,
                sentences.iter().map(|s| s.range()),
                &mut found,
                &mut words,
            );
            (found, Some(words))
        }
        Lang::En => {
            markers.sort_unstable_by_key(|m| {
                (
                    m.start,
                    std::cmp::Reverse(m.end),
                    m.register != Register::Informal,
                )
            });
            // Overlapping markers (two patterns on the same words) count once.
            let mut last_end = 0;
            markers.retain(|m| {
                let keep = m.start >= last_end;
                if keep {
                    last_end = m.end;
                }
                keep
            });
            let mut found: AddressWords = markers
                .into_iter()
                .map(|m| (m.start as usize..m.end as usize, m.register))
                .collect();
            if let Some(register) = ENGLISH.emoji {
                found.extend(emoji_ranges(text).map(|r| (r, register)));
                found.sort_by_key(|(r, _)| r.start);
            }
            (found, None)
        }
    }
}

/// Where the engine's phrase pass found one of the language's [`markers`], in 32-bit offsets
/// of the normalized text (a chatty draft has many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    pub start: u32,
    pub end: u32,
    pub register: Register,
}

/// One sentence's address, in offsets of the normalized text the engine checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// The sentence.
    pub range: Range<usize>,
    /// How it addresses the reader.
    pub register: Register,
    /// Where its evidence is in [`Addressing::evidence`].
    evidence: Range<u32>,
}

/// How the sentences of a draft address the reader ([`analyse`]).
#[derive(Debug, Default)]
pub(crate) struct Addressing {
    /// The sentences, in order.
    pub sentences: Vec<Address>,
    /// The words that show address, each with the register it shows, of all sentences in
    /// order: one vector, not one per sentence (a long draft has tens of thousands).
    evidence: AddressWords,
    /// How many words each sentence has (all of them, neutral ones too), where the analysis
    /// read every word (Finnish): the sentence-length metric need not read them again.
    pub word_counts: Option<Vec<u32>>,
    /// The slips inside teitittely of the formal sentences, in order, and the house style
    /// they were found for: found once for the two rules that report them.
    slips: OnceCell<(FormalStyle, Vec<Slip>)>,
}

impl Addressing {
    /// The slips inside teitittely ([`convert_fi::slips_found`]) of every formal sentence of
    /// `text` (the analysed draft's), for the house `style`.
    fn slips(&self, text: &str, style: FormalStyle) -> Cow<'_, [Slip]> {
        let find = || {
            (self.sentences.iter())
                .filter(|s| s.register == Register::Formal)
                .flat_map(|s| {
                    convert_fi::slips_found(text, s.range.clone(), self.evidence(s), style)
                })
                .collect::<Vec<Slip>>()
        };
        let (found_for, slips) = self.slips.get_or_init(|| (style, find()));
        if *found_for == style {
            Cow::Borrowed(slips)
        } else {
            Cow::Owned(find())
        }
    }

    /// The words of `sentence` that show address (a sentence may show both registers:
    /// `Älä huoli, olette tilannut`).
    pub fn evidence(&self, sentence: &Address) -> &[(Range<usize>, Register)] {
        &self.evidence[sentence.evidence.start as usize..sentence.evidence.end as usize]
    }

    /// The words of `sentence` that show a register other than `target`.
    fn departing(
        &self,
        sentence: &Address,
        target: Register,
    ) -> impl DoubleEndedIterator<Item = &Range<usize>> {
        self.evidence(sentence)
            .iter()
            .filter(move |(_, r)| *r != target)
            .map(|(range, _)| range)
    }
}

/// How `doc` (split into `sentences`) addresses its reader, sentence by sentence, in offsets
/// of its normalized text. Neutral sentences are left out unless `with_neutral` (the report
/// lists every sentence; the rules only need those that address the reader, and a long draft
/// has many of the others). `markers` are where the engine found the language's [`markers`].
pub(crate) fn analyse(
    doc: &Document<'_>,
    sentences: &[Sentence],
    markers: Vec<Marker>,
    with_neutral: bool,
) -> Addressing {
    let (found, word_counts) = evidence(doc, sentences, markers);
    let mut next = 0;
    let sentences = sentences
        .iter()
        .filter_map(|s| {
            // Evidence is sorted, so each sentence takes the run that falls inside it.
            while next < found.len() && found[next].0.start < s.start() {
                next += 1;
            }
            let from = next;
            while next < found.len() && found[next].0.start < s.end() {
                next += 1;
            }
            let ev = &found[from..next];
            let informal = ev.iter().filter(|(_, r)| *r == Register::Informal).count();
            let formal = ev.len() - informal;
            // A sentence with both takes the more frequent; a tie is informal (a single
            // second person singular form already addresses one reader as "sinä").
            let register = match (informal, formal) {
                (0, 0) => Register::Neutral,
                (i, f) if i >= f => Register::Informal,
                _ => Register::Formal,
            };
            (with_neutral || register != Register::Neutral).then(|| Address {
                range: s.range(),
                register,
                evidence: offset32(from)..offset32(next),
            })
        })
        .collect();
    Addressing {
        sentences,
        evidence: found,
        word_counts,
        slips: OnceCell::new(),
    }
}

/// How many sentences address the reader informally and formally.
pub(crate) fn counts(sentences: &[Address]) -> [usize; 2] {
    sentences.iter().fold([0, 0], |[i, f], s| match s.register {
        Register::Informal => [i + 1, f],
        Register::Formal => [i, f + 1],
        Register::Neutral => [i, f],
    })
}

/// The register of a whole draft from its sentences.
pub(crate) fn document_register(sentences: &[Address]) -> DocumentRegister {
    match counts(sentences) {
        [0, 0] => DocumentRegister::Neutral,
        [_, 0] => DocumentRegister::Informal,
        [0, _] => DocumentRegister::Formal,
        _ => DocumentRegister::Mixed,
    }
}

/// The register the majority of addressing sentences use; a tie goes to the register the
/// draft opens with, which sets the tone the reader hears first. `None` when nothing
/// addresses the reader.
pub(crate) fn dominant(sentences: &[Address]) -> Option<Register> {
    let [informal, formal] = counts(sentences);
    match informal.cmp(&formal) {
        std::cmp::Ordering::Greater => Some(Register::Informal),
        std::cmp::Ordering::Less => Some(Register::Formal),
        std::cmp::Ordering::Equal => sentences
            .iter()
            .map(|s| s.register)
            .find(|r| *r != Register::Neutral),
    }
}

/// The report of `sentences` (from [`analyse`]), in offsets of the draft as written.
pub(crate) fn report(doc: &Document<'_>, address: &Addressing) -> RegisterReport {
    let original = |r: &Range<usize>| doc.original_range(r.clone());
    RegisterReport {
        document: document_register(&address.sentences),
        sentences: address
            .sentences
            .iter()
            .map(|s| {
                let span = original(&s.range);
                SentenceRegister {
                    start: span.start,
                    end: span.end,
                    register: s.register,
                    evidence: address
                        .evidence(s)
                        .iter()
                        .map(|(r, _)| {
                            let o = original(r);
                            Evidence {
                                start: o.start,
                                end: o.end,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// `template` with `{words}` (the words of `sentence` not in `target`), `{count}` and
/// `{total}` filled in.
fn fill(
    template: &str,
    text: &str,
    address: &Addressing,
    sentence: &Address,
    target: Register,
    count: usize,
    total: usize,
) -> String {
    let words: Vec<&str> = address
        .departing(sentence, target)
        .map(|r| &text[r.clone()])
        .collect();
    template
        .replace("{words}", &words.join(", "))
        .replace("{count}", &count.to_string())
        .replace("{total}", &total.to_string())
}

/// From the first of `words` to the end of the last: a finding's span, or a related place.
fn span<'a>(mut words: impl DoubleEndedIterator<Item = &'a Range<usize>>) -> Option<Range<usize>> {
    let first = words.next()?;
    let last = words.next_back().unwrap_or(first);
    Some(first.start..last.end)
}

/// Findings of register rule `ri` over the analysed sentences of `doc`.
///
/// `mismatch` flags each sentence that departs from the house register; `mixed` flags, in a
/// draft with no house register, each sentence in the register used less, and points at where
/// the dominant one is used.
pub(super) fn findings(
    ri: usize,
    rule: &Rule,
    check: RegisterCheck,
    address: &Addressing,
    opts: &ReviewOptions,
    doc: &Document<'_>,
    raw: &mut Vec<super::Raw>,
) {
    let text = doc.text();
    let total = address
        .sentences
        .iter()
        .filter(|s| s.register != Register::Neutral)
        .count();
    // Each sentence with a word in another register than `target` is flagged at those words.
    let mut flag_departing = |target: Register, count: usize, related: Vec<Range<usize>>| {
        for s in &address.sentences {
            let Some(range) = span(address.departing(s, target)) else {
                continue;
            };
            let message = rule
                .messages
                .for_register(target)
                .map(|m| fill(m, text, address, s, target, count, total));
            raw.push(super::Raw {
                rule: ri,
                range,
                edits: conversion(doc, address, s, target, opts)
                    .into_iter()
                    .collect(),
                message,
                related: related.clone(),
            });
        }
    };
    match check {
        RegisterCheck::Mismatch => {
            let Some(house) = opts.house else { return };
            // A pack leaves out the message of a register it cannot check (English has no
            // marker of address, so no `neutral`).
            let messages = &rule.messages;
            if messages.for_register(house).is_none() && *messages != RegisterMessages::default() {
                return;
            }
            let keeping = address
                .sentences
                .iter()
                .filter(|s| s.register == house)
                .count();
            flag_departing(house, keeping, Vec::new());
        }
        RegisterCheck::Mixed => {
            // With a house register, `mismatch` already flags every departing sentence.
            if opts.house.is_some() {
                return;
            }
            let Some(dominant) = dominant(&address.sentences) else {
                return;
            };
            let keeping: Vec<&Address> = address
                .sentences
                .iter()
                .filter(|s| s.register == dominant)
                .collect();
            let related = keeping
                .first()
                .and_then(|s| {
                    span(
                        address
                            .evidence(s)
                            .iter()
                            .filter(|(_, r)| *r == dominant)
                            .map(|(range, _)| range),
                    )
                })
                .into_iter()
                .collect::<Vec<_>>();
            flag_departing(dominant, keeping.len(), related);
        }
        RegisterCheck::LowercasePronoun | RegisterCheck::PluralParticiple => {
            // Slips are in teitittely; a house that sinuttelee converts the sentence instead.
            if doc.lang != Lang::Fi || opts.house == Some(Register::Informal) {
                return;
            }
            let wanted = match check {
                RegisterCheck::LowercasePronoun => SlipKind::LowercasePronoun,
                _ => SlipKind::PluralParticiple,
            };
            for slip in address.slips(text, opts.formal_style).iter() {
                if slip.kind != wanted {
                    continue;
                }
                raw.push(super::Raw {
                    rule: ri,
                    edits: vec![Edit {
                        start: slip.range.start,
                        end: slip.range.end,
                        replacement: slip.replacement.clone(),
                    }],
                    range: slip.range.clone(),
                    message: None,
                    related: Vec::new(),
                });
            }
        }
    }
}

/// `sentence` converted into `to`, as one edit from the first changed word to the last; `None`
/// when nothing can be converted (or `to` is neutral: no rewrite removes address).
fn conversion(
    doc: &Document<'_>,
    address: &Addressing,
    sentence: &Address,
    to: Register,
    opts: &ReviewOptions,
) -> Option<Edit> {
    let text = doc.text();
    let edits = match doc.lang {
        Lang::Fi => convert_fi::convert_found(
            text,
            sentence.range.clone(),
            address.evidence(sentence),
            to,
            opts.formal_style,
        ),
        Lang::En => convert_en::convert(text, sentence.range.clone(), to),
    };
    let start = edits.first()?.start;
    let end = edits.iter().map(|e| e.end).max()?;
    // The edits applied to the stretch they cover, with offsets into that stretch.
    let local: Vec<Edit> = edits
        .into_iter()
        .map(|e| Edit {
            start: e.start - start,
            end: e.end - start,
            replacement: e.replacement,
        })
        .collect();
    Some(Edit {
        start,
        end,
        replacement: crate::fix::apply(&text[start..end], &local),
    })
}

/// The register of `doc` and of each of its sentences, without checking any rule. Offsets in
/// the report are into the draft as written.
pub fn detect(doc: &Document<'_>) -> RegisterReport {
    static NO_RULES: LazyLock<Engine> = LazyLock::new(|| Engine::new(Vec::new()));
    let opts = ReviewOptions {
        report_register: true,
        ..ReviewOptions::default()
    };
    NO_RULES
        .review(doc, &opts)
        .register
        .expect("a review asked for the register reports it")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> RegisterReport {
        let doc = Document::new(text, Lang::En, None);
        detect(&doc)
    }

    #[test]
    fn english_markers_decide_each_sentence() {
        let text =
            "Hey Anna!\nWe're on it, no worries.\nThe parcel left today.\nKind regards,\nLaura";
        let r = report(text);
        let regs: Vec<Register> = r.sentences.iter().map(|s| s.register).collect();
        use Register::*;
        assert_eq!(regs, [Informal, Informal, Neutral, Formal, Neutral]);
        assert_eq!(r.document, DocumentRegister::Mixed);
        let words: Vec<&str> = r.sentences[1]
            .evidence
            .iter()
            .map(|e| &text[e.start..e.end])
            .collect();
        assert_eq!(words, ["We're", "no worries"]);
    }

    #[test]
    fn a_draft_without_address_is_neutral() {
        let r = report("The invoice is attached. Payment is due on 1 March.");
        assert_eq!(r.document, DocumentRegister::Neutral);
        assert!(r.sentences.iter().all(|s| s.evidence.is_empty()));
        assert_eq!(
            report("Dear Ms Smith,\nPlease find the invoice attached.\nYours sincerely").document,
            DocumentRegister::Formal
        );
    }

    #[test]
    fn slips_are_found_once_for_a_style_and_afresh_for_another() {
        let text = "Olette tilanneet uuden laskun. Voimme lähettää sen teille. Kiitos!";
        let doc = Document::new(text, Lang::Fi, None);
        let address = analyse(&doc, &crate::text::sentences(text), Vec::new(), false);
        let found = |style| {
            let slips = address.slips(text, style);
            slips
                .iter()
                .map(|s| &text[s.range.clone()])
                .collect::<Vec<_>>()
        };
        let house = FormalStyle::default();
        assert_eq!(found(house), ["tilanneet", "teille"]);
        // Read again: the same, from the first look.
        assert!(matches!(address.slips(text, house), Cow::Borrowed(_)));
        let plural_audience = FormalStyle {
            singular_participle: false,
            ..house
        };
        assert_eq!(found(plural_audience), ["teille"]);
        let lower_case = FormalStyle {
            capitalise: false,
            ..house
        };
        assert_eq!(found(lower_case), ["tilanneet"]);
    }

    #[test]
    fn the_shipped_markers_load() {
        assert!(english_markers(include_str!("../../rules/register/en.toml")).is_ok());
        assert!(
            english_markers("[informal]\nmatch = [\"x\"]\nemoji = true\n[formal]\nemoji = true\n")
                .is_err()
        );
        assert!(english_markers("[informal]\nmatch = [\"[x\"]\n[formal]\n").is_err());
    }
}
