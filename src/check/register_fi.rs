//! Finnish address detection: does a sentence speak to the reader as `sinä` (sinuttelu, second
//! person singular, [`Register::Informal`]) or as `te` (teitittely or plural address, second
//! person plural, [`Register::Formal`]), or to no one?
//!
//! Every word of the sentence is looked up, lower-cased, in a table compiled from the word lists
//! in `rules/register/fi.toml` (by the build script for the shipped lexicon; see `lexicon`):
//!
//! - pronouns in every case (`sinulle`, `sulla`, `teidän`), negation verbs (`etkö`, `älä`,
//!   `ette`, `älkää`), and colloquial forms (`oot`, `kanssas`);
//! - the forms of about 1,650 verbs, generated from their infinitives with consonant gradation
//!   and the past-tense and conditional stems of each inflection class: 2sg present, past and
//!   conditional (`otat`, `otit`, `ottaisit`), the 2sg imperative and connegative (`ota`), the
//!   2pl imperative (`ottakaa`), and the 3rd person forms (`ottaa`, `otti`, `ottaisi`) that
//!   tell which look-alikes are not second person.
//!
//! A word not in the table is taken apart: clitics (`voitko`, `tiedäthän`, `otapa`, `tules`,
//! colloquial `ootsä`, `antaisiks`) are split off, and endings that only the second person has
//! are recognised in any word: the possessive suffixes `-si` (`tilauksesi`, `laskullesi`) and
//! `-nne` (`tilauksenne`), 2pl verbs in `-tte` (`voitte`, `olisitte`), the 2sg conditional in
//! `-isit`. The lexicon's `not_*` lists and the generated verb forms rule out the words that end
//! so by chance (`kaksi`, `uusi`, `tilasi`, `olisi`, `tänne`, `tilanne`).
//!
//! Then the sentence decides what is ambiguous:
//!
//! - an imperative after a negation verb of another person in the same clause is its
//!   connegative (`ei ole`, `en tiedä`), and after a 1st or 3rd person subject a colloquial past
//!   (`se sano`); an imperative that is also another word (`tilaa`, `lisää`, `muista`, `tee`)
//!   counts only at the start of a clause with no other finite verb in it;
//! - `et` counts only when a connegative follows it (`et voi`; colloquial `et` is `että`);
//! - a 2sg verb that is also a plural noun (`voit`, `tulet`, `ajat`) counts before an
//!   infinitive, after a subordinating conjunction, or next to other evidence of sinuttelu;
//! - `teitä`, `teille`… are roads after an agreeing plural word or before `pitkin`; `sää` is
//!   the weather unless other words of the sentence say sinä;
//! - a possessive with no case ending before `-si` (`bongasi`) may be the past of a verb the
//!   lexicon lacks: it counts when another finite verb stands in its clause (`Laskusi on
//!   maksettu`) or next to other evidence; a form that is both a listed verb's past and a
//!   possessive (`kirjasi`, `lainasi`) counts at the head of a clause with `on` or a negation;
//! - imperatives that open impersonal idioms (`Käy ilmi`, `Saa nähdä`) count only with an
//!   exclamation mark or next to other evidence;
//! - a capitalised word inside a sentence is a name, not an imperative or a possessive
//!   (capitalised `Te`, `Teille` stay the polite pronoun).

mod lexicon;

use crate::rules::{fold, fold_into, line_column};
use crate::text::{each_word_with_case, offset32};
use crate::voice::Register;
use lexicon::flag::*;
use lexicon::{WordTable, is_vowel};
use std::ops::Range;

/// The Finnish word lists (rules/register/fi.toml), compiled for lookup.
pub struct FinnishAddress {
    tables: lexicon::Tables,
}

/// The shipped lexicon, compiled by the build script: `SHIPPED_TABLES`.
mod shipped {
    use super::WordTable;
    use super::lexicon::Tables;
    include!(concat!(env!("OUT_DIR"), "/register_fi_lexicon.rs"));
}

impl FinnishAddress {
    /// Compiles a lexicon file; errors say where (`line:column: what`).
    pub fn from_toml(source: &str) -> Result<FinnishAddress, String> {
        let tables = lexicon::build(source).map_err(|e| {
            let (line, column) = line_column(source, e.offset);
            format!("{line}:{column}: {}", e.message)
        })?;
        Ok(FinnishAddress { tables })
    }

    /// The 2pl imperative of a listed verb's 2sg imperative (`ota` → `ottakaa`), if only one
    /// verb has that form or all that do agree.
    pub(crate) fn imperative_plural(&self, weak: &str) -> Option<&str> {
        let t = &self.tables;
        let i = t.plural.get(weak).filter(|i| *i != WordTable::NONE)?;
        Some(t.singular.word(i as usize))
    }

    /// The 2sg imperative of a listed verb's 2pl imperative (`ottakaa` → `ota`).
    pub(crate) fn imperative_singular(&self, plural: &str) -> Option<&str> {
        let t = &self.tables;
        let i = t.singular.get(plural).filter(|i| *i != WordTable::NONE)?;
        Some(t.plural.word(i as usize))
    }

    /// Whether a lower-cased word is a known 2sg finite verb form (`voit`, `otit`, `oot`).
    pub(crate) fn is_verb_2sg(&self, word: &str) -> bool {
        self.get(word) & (I_FIN | I_FIN_AMB) != 0
    }

    /// Whether a lower-cased word opens a clause (`että`, `jos`, `ja`): what a verb governs
    /// does not reach past it.
    pub(crate) fn opens_clause(&self, word: &str) -> bool {
        self.get(word) & (OPENER | COORD) != 0
    }

    /// The shipped lexicon (rules/register/fi.toml), compiled by the build script.
    pub fn shipped() -> &'static FinnishAddress {
        static SHIPPED: FinnishAddress = FinnishAddress {
            tables: shipped::SHIPPED_TABLES,
        };
        &SHIPPED
    }

    #[inline]
    fn get(&self, word: &str) -> u32 {
        self.tables.words.get(word).unwrap_or(0)
    }

    /// Evidence of direct address in `text[sentence]` (one sentence): each word that shows
    /// second person singular (Register::Informal) or plural (Register::Formal), as a byte
    /// range into `text` (on char boundaries) and its register. Empty when the sentence
    /// addresses no one.
    pub fn evidence(&self, text: &str, sentence: Range<usize>) -> Vec<(Range<usize>, Register)> {
        let mut out = Vec::new();
        self.evidence_in(text, std::iter::once(sentence), &mut out, &mut Vec::new());
        out
    }

    /// [`FinnishAddress::evidence`] of many sentences, in order, appended to `out`; and how
    /// many words each sentence has ([`crate::text::Sentence::word_count`]), appended to
    /// `words`: every word is read here, and a long draft's words need not be found twice.
    /// The word buffers are reused from one sentence to the next: most sentences address no
    /// one and cost a lookup per word and no allocation.
    pub fn evidence_in(
        &self,
        text: &str,
        sentences: impl IntoIterator<Item = Range<usize>>,
        out: &mut Vec<(Range<usize>, Register)>,
        words: &mut Vec<u32>,
    ) {
        // The lower-cased words of the sentence that are not their own fold, one after
        // another, and per word: its range in the sentence, its range in `folded`, and what it
        // may be.
        let mut folded = String::new();
        let mut words_of: Vec<FoldedWord> = Vec::new();
        for sentence in sentences {
            let Some(piece) = text.get(sentence.clone()) else {
                words.push(0);
                continue;
            };
            folded.clear();
            words_of.clear();
            let mut any = false;
            each_word_with_case(text, sentence.clone(), |r, folded_already| {
                let word = &piece[r.clone()];
                // Most words are written in lower case: those are looked up where they stand.
                let (f, (flags, cand)) = if folded_already {
                    (None, self.analyze(word))
                } else {
                    let at = folded.len();
                    fold_into(&mut folded, word);
                    (Some(at..folded.len()), self.analyze(&folded[at..]))
                };
                any |= cand.is_some();
                words_of.push((r, f, flags, cand));
            });
            words.push(offset32(words_of.len()));
            if !any {
                continue;
            }
            let base = sentence.start;
            let mut toks: Vec<Tok<'_>> = Vec::with_capacity(words_of.len());
            let mut prev_end = 0;
            let (mut clause, mut segment) = (0, 0);
            for (r, f, flags, cand) in words_of.iter().cloned() {
                let word = &piece[r.clone()];
                let gap = &piece[prev_end..r.start];
                // Most words stand one space apart, which neither starts a sentence nor breaks
                // a clause.
                let (initial, punct) = if toks.is_empty() {
                    (true, true)
                } else if gap == " " {
                    (false, false)
                } else {
                    (starts_sentence(gap), breaks_clause(gap))
                };
                let clause_start = punct || flags & (OPENER | COORD) != 0;
                if !toks.is_empty() {
                    clause += u32::from(clause_start);
                    segment += u32::from(punct);
                }
                toks.push(Tok {
                    range: base + r.start..base + r.end,
                    folded: f.map_or(word, |f| &folded[f]),
                    flags,
                    cand,
                    upper: word.chars().next().is_some_and(char::is_uppercase),
                    initial,
                    punct,
                    clause_start,
                    clause,
                    segment,
                });
                prev_end = r.end;
            }
            let exclaimed = piece.trim_end().ends_with('!');
            decide(&toks, exclaimed, out);
        }
    }

    /// What a lower-cased word is: its context flags, and the evidence it may be.
    fn analyze(&self, w: &str) -> (u32, Option<Cand>) {
        let f = self.get(w);
        // Most words in the table only give context (`ja`, `on`, `että`): done with one test.
        if f != 0 && f & (NEVER | PAST_SI | Cand::FLAGS) == 0 {
            return (f, None);
        }
        if f & NEVER != 0 {
            return (f, None);
        }
        if let Some(c) = Cand::from_flags(f) {
            return (f, Some(c));
        }
        if f & PAST_SI != 0 {
            return (f, Some(Cand::new(Kind::PossPast, false)));
        }
        if f != 0 {
            // A known word that is no evidence: `eivätkö`, `olisi`, `sinne`.
            return (f, None);
        }
        if !ends_in_tail(w.as_bytes()) {
            return (f, None);
        }
        (f, self.with_clitics(w).or_else(|| self.ending(w)))
    }

    /// A word with clitics: `voitko`, `sinäkin`, `tiedäthän`, `otapa`, `tules`, `ootsä`,
    /// `otappas`, `antaisiks`, `tilauksesikin`. A clitic keeps the vowel harmony of its word
    /// (`tekö` is `te` + `kö`; `teko` is a deed).
    fn with_clitics(&self, w: &str) -> Option<Cand> {
        // Only the tails that end as the word does: most words end as none does.
        let t = ClitTails::ending_in(*w.as_bytes().last()?)?;
        for (q, back) in t.questions {
            if let Some(base) = strip(w, q, *back)
                && let Some(c) = self.question(base)
            {
                return Some(c);
            }
        }
        for (t, harmony) in t.clitics {
            let Some(base) = (match harmony {
                Some(back) => strip(w, t, *back),
                None => before(w, t),
            }) else {
                continue;
            };
            let f = self.get(base);
            if f & NEVER != 0 {
                return None;
            }
            if let Some(c) = Cand::from_flags(f) {
                let light = t.starts_with('p') || *t == "s";
                return match c.kind {
                    // `-s` only on a plain imperative ending in a vowel that takes it (tules,
                    // otas); otherwise it is a noun (kerros, leivos, sekoitus).
                    _ if *t == "s" => (c.kind == Kind::Imp
                        && (base.ends_with('a') || base.ends_with('ä') || base.ends_with('e')))
                    .then_some(c),
                    // `saapa nähdä`, `syöpä`: an ambiguous imperative with -pa is something else.
                    Kind::ImpAmb | Kind::PronAmb if light => None,
                    _ => Some(c),
                };
            }
            if f != 0 {
                continue;
            }
            for (q, back) in [("ko", true), ("kö", false)] {
                if let Some(inner) = strip(base, q, back)
                    && let Some(c) = self.question(inner)
                {
                    return Some(c);
                }
            }
            if *t != "s"
                && let Some(c) = self.ending(base)
            {
                return Some(c);
            }
        }
        // A pronoun fused to a 2sg verb: ootsä, tiiätsä, etsä.
        for t in t.fused {
            if let Some(base) = before(w, t)
                && self.get(base) & (I_FIN | I_FIN_AMB | ET) != 0
            {
                return Some(Cand::new(Kind::Fin, false));
            }
        }
        // A geminated -pa: otappa, nouseppas, ootappas, meeppäs.
        for t in t.geminated {
            if let Some(base) = before(w, t)
                && let Some(c) = Cand::from_flags(self.get(base))
                && c.kind == Kind::Imp
            {
                return Some(c);
            }
        }
        // A colloquial question: antaisiks (antaisitko), ooksä (oletko sä), tiiäks.
        for t in t.colloquial {
            if let Some(base) = before(w, t) {
                // `oliks se`, `antaisiks hän`: a 3rd person form with -ko (the pronoun, if it
                // is `sä`, is evidence of its own).
                if *t == "ks" && self.get(base) & FINITE != 0 {
                    continue;
                }
                let mut finite = String::with_capacity(base.len() + 1);
                finite.push_str(base);
                finite.push('t');
                if self.get(&finite) & (I_FIN | I_FIN_AMB) != 0
                    || (finite.ends_with("isit") && finite.chars().count() >= 5)
                {
                    return Some(Cand::new(Kind::Fin, false));
                }
            }
        }
        None
    }

    /// A word before the question clitic: only finite verbs, pronouns and negation verbs take
    /// it (`voitko`, `sinäkö`, `etkö`, `haluatteko`), not imperatives nor nouns in -t.
    fn question(&self, base: &str) -> Option<Cand> {
        let f = self.get(base);
        if f & NEVER != 0 {
            return None;
        }
        match Cand::from_flags(f) {
            Some(Cand {
                kind: Kind::FinAmb | Kind::Fin,
                formal,
            }) => Some(Cand::new(Kind::Fin, formal)),
            Some(Cand {
                kind: Kind::PronAmb | Kind::Pron,
                formal,
            }) => Some(Cand::new(Kind::Pron, formal)),
            Some(c) if c.kind == Kind::Neg => Some(c),
            Some(Cand { kind: Kind::Et, .. }) => Some(Cand::new(Kind::Neg, false)),
            Some(_) => None,
            None if f != 0 => None,
            // Only what ends like a verb of the second person: olisitko, tulisitteko (not
            // sähkökatko, jatko).
            None => self.ending(base).filter(|c| c.kind == Kind::Fin),
        }
    }

    /// Endings only the second person has: -si and -nne (possessive), -tte (2pl verb), -isit
    /// (2sg conditional), -kaas/-kaapa (2pl imperative with a clitic). Only asked of words not
    /// in the table (every caller has looked `w` up), so the `not_*` lists have had their say.
    fn ending(&self, w: &str) -> Option<Cand> {
        // The tails of the endings below, by last byte: most words are done here without
        // decoding a character.
        let may_end = match w.as_bytes().last() {
            Some(b'e') => w.ends_with("tte") || w.ends_with("nne"),
            Some(b't') => w.ends_with("isit"),
            Some(b's') => ["aas", "ääs", "pas", "päs"].iter().any(|t| w.ends_with(t)),
            Some(b'a') => w.ends_with("apa"),
            Some(0xA4) => w.ends_with("äpä"),
            Some(b'n') => w.ends_with("ahan") || w.ends_with("ähän"),
            Some(b'i') => w.ends_with("si"),
            _ => false,
        };
        if !may_end || w.bytes().any(|b| b.is_ascii_digit() || b == b':') {
            return None;
        }
        let mut c = [' '; 6];
        for (slot, ch) in c.iter_mut().zip(w.chars().rev()) {
            *slot = ch;
        }
        let at = |i: usize| c.get(i).copied().unwrap_or(' ');
        let n = w.chars().count();
        if w.ends_with("tte") && n >= 5 && is_vowel(at(3)) {
            return Some(Cand::new(Kind::Fin, true));
        }
        if w.ends_with("nne")
            && n >= 5
            && is_vowel(at(3))
            && !self.tables.nne_heads.words().any(|h| w.ends_with(h))
        {
            return Some(Cand::new(Kind::Poss, true));
        }
        if w.ends_with("isit") && n >= 5 {
            return Some(Cand::new(Kind::Fin, false));
        }
        for t in PLURAL_IMPERATIVE_CLITICS {
            if w.ends_with(t) && n >= t.chars().count() + 3 {
                return Some(Cand::new(Kind::Fin, true));
            }
        }
        if at(0) == 'i' && at(1) == 's' && is_vowel(at(2)) && n >= 4 {
            let v = at(2);
            // -isi after a vowel is a conditional or a past (haluaisi, julkaisi), not kotiisi.
            if v == 'i' && at(3) != 'i' && is_vowel(at(3)) {
                return None;
            }
            if self
                .tables
                .si_heads
                .words()
                .any(|h| w.ends_with(h) && w.len() > h.len())
            {
                return None;
            }
            // A case ending before the suffix (laskullesi, tilauksestasi, kotiisi, maahasi)
            // or the -kse- of a noun stem (tilauksesi) makes a possessive; a bare -Vsi may
            // be the past of an unknown verb (bongasi) and needs a finite verb beside it.
            // (An elative after a vowel: viestistäsi, not the past tekstasi.)
            let cased = ["ssasi", "ssäsi", "llasi", "lläsi", "ltasi", "ltäsi", "llesi", "ksesi"]
                .iter()
                .any(|e| w.ends_with(e))
                || (["stasi", "stäsi"].iter().any(|e| w.ends_with(e)) && is_vowel(at(5)))
                || at(3) == v
                || (at(3) == 'h' && at(4) == v)
                // A partitive after a vowel stem: laskuasi, tietoasi (a past has a
                // consonant there: tilasi).
                || (matches!(v, 'a' | 'ä') && is_vowel(at(3)));
            let kind = if cased { Kind::Poss } else { Kind::PossBare };
            return Some(Cand::new(kind, false));
        }
        None
    }
}

/// The endings of a 2pl imperative with a clitic (`ottakaas`, `kertokaapa`), which
/// [`FinnishAddress::ending`] takes for address.
const PLURAL_IMPERATIVE_CLITICS: [&str; 8] = [
    "kaas",
    "kääs",
    "kaapa",
    "kääpä",
    "kaapas",
    "kääpäs",
    "kaahan",
    "käähän",
];

/// Whether a word ends in a tail that [`FinnishAddress::with_clitics`] or
/// [`FinnishAddress::ending`] may take: a clitic, a fused pronoun, or an ending only the second
/// person has. Each tail they try ends in one of these. Nine words in ten end in none (`-n`,
/// `-ssa`, `-ia`), and are done without trying each tail.
#[inline]
fn ends_in_tail(w: &[u8]) -> bool {
    // The common endings (`-n`, `-a`, `-t`, `-i`, `-e`) are told apart by their last two bytes
    // with one table read, before the tails are compared.
    let (last, before) = match w {
        [.., b, l] => (*l, *b),
        [l] => (*l, 0),
        [] => return false,
    };
    if TAIL_PAIRS.rows[usize::from(TAIL_PAIRS.row_of[usize::from(last)])][usize::from(before >> 6)]
        & (1 << (before & 63))
        == 0
    {
        return false;
    }
    TAILS.iter().any(|t| w.ends_with(t))
}

/// Each tail [`ends_in_tail`] compares, as bytes. The clitic `-s` is taken only after a vowel
/// an imperative ends in, or after `-ko`, and the endings in `-s` all end in `-as` or `-äs`:
/// the many nouns in `-us`, `-ys` and `-is` end in no tail.
const TAILS: [&[u8]; 22] = [
    b"as",
    "äs".as_bytes(),
    b"es",
    b"ks",
    b"kos",
    "kös".as_bytes(),
    b"si",
    b"kaan",
    b"han",
    b"kin",
    "kään".as_bytes(),
    "hän".as_bytes(),
    b"ko",
    "kö".as_bytes(),
    b"pa",
    "sä".as_bytes(),
    "pä".as_bytes(),
    "sää".as_bytes(),
    b"tte",
    b"nne",
    b"sie",
    b"isit",
];

/// The last two bytes of [`TAILS`]: per last byte, the row of the bytes that may stand before
/// it (a one-byte tail takes any byte before it, and a word of one byte counts as having 0
/// there).
struct TailPairs {
    /// Per last byte, its row in `rows` (0: no tail ends in it).
    row_of: [u8; 256],
    /// A bit per byte before the last one.
    rows: [[u64; 4]; 16],
}

static TAIL_PAIRS: TailPairs = {
    let mut pairs = TailPairs {
        row_of: [0; 256],
        rows: [[0; 4]; 16],
    };
    let mut used = 1;
    let mut t = 0;
    while t < TAILS.len() {
        let tail = TAILS[t];
        let last = tail[tail.len() - 1] as usize;
        if pairs.row_of[last] == 0 {
            pairs.row_of[last] = used;
            used += 1;
        }
        let row = &mut pairs.rows[pairs.row_of[last] as usize];
        if tail.len() == 1 {
            *row = [u64::MAX; 4];
        } else {
            let before = tail[tail.len() - 2] as usize;
            row[before >> 6] |= 1 << (before & 63);
        }
        t += 1;
    }
    pairs
};

/// `word` without `tail`, if it ends so and at least two bytes are left. The bytes are
/// compared from the last one, inline (not `strip_suffix`, a call to `memcmp` for every tail
/// tried): most words differ in their last two, and are done without comparing the rest.
#[inline]
fn before<'w>(word: &'w str, tail: &str) -> Option<&'w str> {
    let (w, t) = (word.as_bytes(), tail.as_bytes());
    let ends = w.len() >= t.len() + 2 && w.iter().rev().zip(t.iter().rev()).all(|(a, b)| a == b);
    // (A valid UTF-8 tail starts a character, so the cut is on a character boundary.)
    ends.then(|| &word[..w.len() - t.len()])
}

/// `word` without the clitic `tail`, if the rest is long enough and in the vowel harmony the
/// clitic has (`back`: a, o, u; else ä, ö, y or only e, i).
fn strip<'w>(word: &'w str, tail: &str, back: bool) -> Option<&'w str> {
    let base = before(word, tail)?;
    let has_back = base.bytes().any(|b| matches!(b, b'a' | b'o' | b'u'));
    (has_back == back).then_some(base)
}

/// The clitics and fused pronouns [`FinnishAddress::with_clitics`] tries, in the order it tries
/// them, among those that end in one byte: a word is compared only with the tails that end as
/// it does (`ä` and `ö` end in A4 and B6), and most words end in a byte none does.
struct ClitTails {
    /// Question clitics and the vowel harmony they keep (true: back vowels).
    questions: &'static [(&'static str, bool)],
    /// Other clitics, with their harmony or none (`kin`, `s`).
    clitics: &'static [(&'static str, Option<bool>)],
    /// Pronouns fused to a 2sg verb (`ootsä`).
    fused: &'static [&'static str],
    /// A geminated -pa (`otappa`).
    geminated: &'static [&'static str],
    /// A colloquial question clitic (`antaisiks`).
    colloquial: &'static [&'static str],
}

impl ClitTails {
    const NONE: ClitTails = ClitTails {
        questions: &[],
        clitics: &[],
        fused: &[],
        geminated: &[],
        colloquial: &[],
    };

    /// The tails that end in `last`, if any do.
    fn ending_in(last: u8) -> Option<&'static ClitTails> {
        const O: ClitTails = ClitTails {
            questions: &[("ko", true)],
            ..ClitTails::NONE
        };
        const OE: ClitTails = ClitTails {
            questions: &[("kö", false)],
            ..ClitTails::NONE
        };
        const N: ClitTails = ClitTails {
            clitics: &[
                ("kaan", Some(true)),
                ("kään", Some(false)),
                ("han", Some(true)),
                ("hän", Some(false)),
                ("kin", None),
            ],
            ..ClitTails::NONE
        };
        const S: ClitTails = ClitTails {
            clitics: &[("pas", Some(true)), ("päs", Some(false)), ("s", None)],
            geminated: &["ppas", "ppäs"],
            colloquial: &["ks"],
            ..ClitTails::NONE
        };
        const A: ClitTails = ClitTails {
            clitics: &[("pa", Some(true))],
            geminated: &["ppa"],
            ..ClitTails::NONE
        };
        const AE: ClitTails = ClitTails {
            clitics: &[("pä", Some(false))],
            fused: &["sä", "sää"],
            geminated: &["ppä"],
            colloquial: &["ksää", "ksä"],
            ..ClitTails::NONE
        };
        const E: ClitTails = ClitTails {
            fused: &["sie"],
            colloquial: &["ksie"],
            ..ClitTails::NONE
        };
        match last {
            b'o' => Some(&O),
            0xB6 => Some(&OE),
            b'n' => Some(&N),
            b's' => Some(&S),
            b'a' => Some(&A),
            0xA4 => Some(&AE),
            b'e' => Some(&E),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The sentence.

/// What kind of evidence a word may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pron,
    PronAmb,
    Fin,
    FinAmb,
    Imp,
    ImpAmb,
    Neg,
    Poss,
    /// A possessive without a case ending: `bongasi` may be the past of an unknown verb.
    PossBare,
    /// A form that is both a 3sg past and a possessive: `kirjasi`, `lupasi`.
    PossPast,
    Et,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cand {
    kind: Kind,
    formal: bool,
}

impl Cand {
    fn new(kind: Kind, formal: bool) -> Cand {
        Cand { kind, formal }
    }

    /// Every flag [`Cand::from_flags`] reads.
    const FLAGS: u32 = I_NEG
        | F_NEG
        | ET
        | I_PRON
        | F_PRON
        | I_PRON_AMB
        | F_PRON_AMB
        | I_FIN
        | F_FIN
        | I_FIN_AMB
        | I_POSS
        | I_IMP
        | I_IMP_AMB
        | F_IMP_AMB;

    fn from_flags(f: u32) -> Option<Cand> {
        if f & Cand::FLAGS == 0 {
            return None;
        }
        let (kind, formal) = if f & I_NEG != 0 {
            (Kind::Neg, false)
        } else if f & F_NEG != 0 {
            (Kind::Neg, true)
        } else if f & ET != 0 {
            (Kind::Et, false)
        } else if f & I_PRON != 0 {
            (Kind::Pron, false)
        } else if f & F_PRON != 0 {
            (Kind::Pron, true)
        } else if f & I_PRON_AMB != 0 {
            (Kind::PronAmb, false)
        } else if f & F_PRON_AMB != 0 {
            (Kind::PronAmb, true)
        } else if f & I_FIN != 0 {
            (Kind::Fin, false)
        } else if f & F_FIN != 0 {
            (Kind::Fin, true)
        } else if f & I_FIN_AMB != 0 {
            (Kind::FinAmb, false)
        } else if f & I_POSS != 0 {
            (Kind::Poss, false)
        } else if f & I_IMP != 0 {
            (Kind::Imp, false)
        } else if f & I_IMP_AMB != 0 {
            (Kind::ImpAmb, false)
        } else if f & F_IMP_AMB != 0 {
            (Kind::ImpAmb, true)
        } else {
            return None;
        };
        Some(Cand { kind, formal })
    }
}

/// A word of a sentence before it becomes a [`Tok`]: its range in the sentence, its range in
/// the buffer of folded words (`None` when the word is its own fold), its flags and the
/// evidence it may be.
type FoldedWord = (Range<usize>, Option<Range<usize>>, u32, Option<Cand>);

struct Tok<'a> {
    range: Range<usize>,
    folded: &'a str,
    flags: u32,
    cand: Option<Cand>,
    /// Starts with a capital letter.
    upper: bool,
    /// First in its sentence, or after a quote, a dash or a colon: a capital is no name here.
    initial: bool,
    /// First in the sentence or after punctuation.
    punct: bool,
    /// First in its clause: after punctuation, or a conjunction itself.
    clause_start: bool,
    /// The number of its clause in the sentence, from 0.
    clause: u32,
    /// The number of its punctuation segment in the sentence, from 0.
    segment: u32,
}

impl Tok<'_> {
    /// A capitalised word inside a sentence: a name or a title.
    fn name(&self) -> bool {
        self.upper && !self.initial
    }

    fn ends_with_any(&self, endings: &[&str]) -> bool {
        endings.iter().any(|e| self.folded.ends_with(e))
    }

    /// A finite verb that is not an imperative: `on`, `tuli`, `voit`, `ovat`, `toimitetaan`.
    fn finite(&self) -> bool {
        let n = self.folded.len();
        self.flags & (FINITE | NEG) != 0
            || matches!(
                self.cand.map(|c| c.kind),
                Some(Kind::Fin | Kind::FinAmb | Kind::Neg | Kind::Et)
            )
            || (n >= 5 && self.ends_with_any(&["vat", "vät"]))
            || (n >= 7 && self.ends_with_any(&["taan", "tään", "daan", "dään", "ttiin", "tiin"]))
    }

    /// Any finite verb, also of the 1st person (`luin`, `saimme`), or a word that ends like
    /// a 3sg present (`soittaa`, `tulee`, `sanoo`): what a bare possessive needs beside it.
    fn finite_or_like(&self) -> bool {
        let w = self.folded;
        let mut rev = w.chars().rev();
        let long_vowel = match (rev.next(), rev.next()) {
            (Some(a), Some(b)) => a == b && matches!(a, 'e' | 'i' | 'o' | 'u' | 'y' | 'ö'),
            _ => false,
        };
        self.finite()
            || self.flags & FIRST != 0
            || (w.len() >= 6 && w.ends_with("mme"))
            || (long_vowel && w.chars().count() >= 4)
    }

    fn imperative(&self) -> bool {
        matches!(self.cand.map(|c| c.kind), Some(Kind::Imp | Kind::ImpAmb))
    }
}

/// Marks that end a sentence or a clause, or open a quotation or parenthesis.
const CLAUSE_MARKS: &[char] = &[
    '.', '!', '?', ':', ';', '"', '“', '”', '„', '«', '»', '(', ')', '[', ']', '–', '—', '•', '…',
    '\n',
];

/// Whether the text between two words starts a new sentence (or a list item, a quotation).
fn starts_sentence(gap: &str) -> bool {
    gap.contains(CLAUSE_MARKS) || gap.contains(['*', '-', '\''])
}

/// Whether the text between two words ends a clause.
pub(crate) fn breaks_clause(gap: &str) -> bool {
    gap.contains(CLAUSE_MARKS) || gap.contains(',') || gap.contains(" - ")
}

/// 1st and 3rd person forms that a road form of `te` agrees with (`meitä ja teitä` is no road).
const PERSONAL: [&str; 14] = [
    "meitä", "heitä", "meille", "heille", "meillä", "heillä", "meiltä", "heiltä", "meistä",
    "heistä", "meihin", "heihin", "meissä", "heissä",
];

/// The words of the clause or punctuation segment (`id`: [`Tok::clause`] or [`Tok::segment`])
/// that the word at `i` is in.
fn span(toks: &[Tok<'_>], i: usize, id: impl Fn(&Tok<'_>) -> u32) -> Range<usize> {
    let own = id(&toks[i]);
    toks.partition_point(|t| id(t) < own)..toks.partition_point(|t| id(t) <= own)
}

/// Decides each candidate in its sentence (see the module documentation), and appends the
/// evidence to `found`.
fn decide(toks: &[Tok<'_>], exclaimed: bool, found: &mut Vec<(Range<usize>, Register)>) {
    let n = toks.len();
    let clause = |t: &Tok<'_>| t.clause;
    let segment = |t: &Tok<'_>| t.segment;
    // This sentence's evidence, after what earlier sentences found.
    let from = found.len();
    let mut deferred: Vec<usize> = Vec::new();
    let mut negation = false; // a negation verb waits for its connegative
    let mut imperative_seen = false;
    for i in 0..n {
        let t = &toks[i];
        if t.punct {
            negation = false;
        }
        let prev = i
            .checked_sub(1)
            .map(|p| &toks[p])
            .filter(|_| !t.clause_start);
        let next = toks.get(i + 1).filter(|nx| !nx.clause_start);
        // The connegative of a pending negation verb: `ei ole`, `en minä sitä tiedä`.
        let potential = matches!(
            t.cand,
            Some(Cand {
                kind: Kind::Poss,
                formal: true
            })
        ) && i > 0
            && toks[i - 1].flags & NEG != 0;
        let claimed = negation && (t.flags & CONNEG != 0 || t.imperative() || potential);
        // A word that is also something else (`jollei muuta ilmene`) leaves the negation
        // waiting for a plainer connegative.
        if claimed && !matches!(t.cand.map(|c| c.kind), Some(Kind::ImpAmb)) {
            negation = false;
        }
        if let Some(c) = t.cand {
            let counted = match c.kind {
                Kind::Neg => true,
                Kind::Fin => !t.name(),
                Kind::Pron if c.formal => true,
                Kind::Pron => {
                    // `sinä päivänä`: the essive of `se`, that day.
                    let demonstrative = t.folded == "sinä"
                        && next.is_some_and(|nx| {
                            nx.cand.is_none()
                                && (nx.folded.ends_with("na") || nx.folded.ends_with("nä"))
                        });
                    // A short colloquial form with a capital inside a sentence is a name
                    // (`Sun Microsystems`, German `Sie`).
                    let short_name = t.name() && t.folded.chars().count() <= 3;
                    !(demonstrative || short_name)
                }
                Kind::PronAmb if c.formal => {
                    if t.name() {
                        true
                    } else {
                        let suffix = t.folded.get(2..).unwrap_or("");
                        let road_before = prev.is_some_and(|p| {
                            suffix.len() >= 2
                                && p.folded.ends_with(suffix)
                                && !PERSONAL.contains(&p.folded)
                        });
                        let road_after = next
                            .is_some_and(|nx| matches!(nx.folded, "pitkin" | "myöten" | "pitkiä"));
                        !(road_before || road_after)
                    }
                }
                Kind::PronAmb => {
                    deferred.push(i);
                    false
                }
                Kind::FinAmb => {
                    // An infinitive after it: `voit tilata`, `tulet käymään`.
                    let infinitive = (i + 1..(i + 4).min(n))
                        .take_while(|&k| !toks[k].clause_start)
                        .any(|k| {
                            toks[k].flags & INFINITIVE != 0
                                || toks[k].ends_with_any(&["maan", "mään"])
                        });
                    // In a clause that a subordinating conjunction opens: `kun (taas) tulet`.
                    let after_conjunction = toks[span(toks, i, clause).start].flags & SUBORD != 0
                        && span(toks, i, clause).start < i;
                    // A noun: the subject of a verb, or one of two (`tuet ovat`, `hyödyt ja`).
                    // A form that is also an infinitive (`palauttaa`: to return / returns) is
                    // the infinitive after a plural-looking verb: a plural subject would take
                    // `palauttavat`.
                    let subject_of_plural =
                        toks.get(i + 1).filter(|nx| !nx.punct).is_some_and(|nx| {
                            (nx.flags & (FINITE | COORD) != 0 && nx.flags & INFINITIVE == 0)
                                || (nx.folded.chars().count() >= 4
                                    && nx.ends_with_any(&["vat", "vät"]))
                        });
                    if (infinitive || after_conjunction) && !subject_of_plural && !t.name() {
                        true
                    } else {
                        deferred.push(i);
                        false
                    }
                }
                Kind::Imp => {
                    !claimed
                        && !t.name()
                        && !prev.is_some_and(|p| p.flags & SUBJECT != 0 || p.name())
                }
                Kind::ImpAmb => {
                    let clause_span = span(toks, i, clause);
                    let later = || i + 1..clause_span.end;
                    // (A form that is also an infinitive right after it is the infinitive:
                    // `Muista tarkistaa`.)
                    let other_finite = span(toks, i, segment).any(|k| {
                        k != i
                            && !toks[k].imperative()
                            && !(toks[k].flags & INFINITIVE != 0 && k > i && k <= i + 2)
                            && toks[k].finite()
                    });
                    // `Saa nähdä`, `Osaa olla`: a 3sg verb before an infinitive (but `Anna
                    // taikinan kohota`, `Muista tarkistaa` are imperatives).
                    let third_person_like = t.flags & (IMP_FRAGILE | FINITE) != 0;
                    let infinitive_follows = third_person_like
                        && later().take(3).any(|k| toks[k].flags & INFINITIVE != 0);
                    let name_follows = later().any(|k| toks[k].name());
                    let elative = t.ends_with_any(&["sta", "stä"])
                        && next.is_some_and(|nx| {
                            !nx.imperative() && nx.ends_with_any(&["sta", "stä"])
                        });
                    // Alone between punctuation inside a sentence: a quoted word.
                    let alone = t.punct && i > 0 && toks.get(i + 1).is_none_or(|nx| nx.punct);
                    // `Käy ilmi`, `Vie aikaa`: only beside other evidence or with an exclamation.
                    let fragile = t.flags & IMP_FRAGILE != 0
                        && !exclaimed
                        && !toks.iter().any(|o| {
                            o.cand.is_some_and(|c| {
                                !c.formal
                                    && matches!(
                                        c.kind,
                                        Kind::Fin | Kind::Pron | Kind::Imp | Kind::Neg | Kind::Poss
                                    )
                            })
                        });
                    clause_opening(toks, i, imperative_seen)
                        && !alone
                        && !fragile
                        && !claimed
                        && !t.name()
                        && !other_finite
                        && !infinitive_follows
                        && !name_follows
                        && !elative
                        && next.is_none_or(|nx| nx.flags & SUBJECT == 0)
                }
                Kind::Poss => !t.name() && !claimed,
                Kind::PossBare => {
                    if t.name() {
                        false
                    } else if span(toks, i, clause).any(|k| k != i && toks[k].finite_or_like()) {
                        true
                    } else {
                        deferred.push(i);
                        false
                    }
                }
                // At the head of its clause with a copula or a negation verb in it, the
                // subject: `Kirjasi on minulla`, `Lupasi ei ole voimassa`.
                Kind::PossPast => {
                    let clause_span = span(toks, i, clause);
                    let head = clause_span.start == i
                        || (toks[clause_span.start].flags & COORD != 0
                            && clause_span.start + 1 == i);
                    let copula = clause_span.clone().any(|k| {
                        k != i
                            && (toks[k].flags & NEG != 0
                                || matches!(toks[k].folded, "on" | "oli" | "ovat" | "olivat"))
                    });
                    !t.name() && head && copula
                }
                Kind::Et => et_counts(toks, i),
            };
            if counted {
                if t.imperative() {
                    imperative_seen = true;
                }
                let register = if c.formal {
                    Register::Formal
                } else {
                    Register::Informal
                };
                found.push((t.range.clone(), register));
            }
        }
        if t.flags & NEG != 0 {
            negation = true;
        }
    }
    if !deferred.is_empty() && found[from..].iter().any(|(_, r)| *r == Register::Informal) {
        for i in deferred {
            found.push((toks[i].range.clone(), Register::Informal));
        }
        found[from..].sort_by_key(|(r, _)| r.start);
    }
}

/// Whether the word at `i` stands where an imperative opens a clause: first in its sentence or
/// after punctuation, after `joten` or `sitten`, after adverbs such as `nyt` that do, or after
/// `ja`/`tai` when an imperative came before (`Avaa sovellus ja lisää tuote`).
fn clause_opening(toks: &[Tok<'_>], i: usize, imperative_seen: bool) -> bool {
    let mut k = i;
    loop {
        if k == 0 || toks[k].punct {
            return true;
        }
        let p = &toks[k - 1];
        if p.flags & IMP_OPENER != 0 && (k == 1 || p.punct) {
            return true;
        }
        if p.flags & COORD != 0 {
            return imperative_seen;
        }
        if p.flags & FILLER != 0 && i - k < 2 {
            k -= 1;
            continue;
        }
        return false;
    }
}

/// Whether `et` at `i` is the 2sg negation verb: a connegative follows it in its clause
/// (`et voi`, `et kai ole`, `et ollut`, `et siltikään pystyisi`), before any finite verb,
/// subject, negation or particle (colloquial `et mä`, `et ei`, `et joo` are `että`).
fn et_counts(toks: &[Tok<'_>], i: usize) -> bool {
    for t in toks.iter().skip(i + 1).take(3) {
        if t.clause_start || t.flags & (NEG | SUBJECT | PARTICLE) != 0 {
            return false;
        }
        let w = t.folded;
        if (t.flags & CONNEG != 0 && t.flags & INFINITIVE == 0) || participle_or_conditional(w) {
            return true;
        }
        if t.flags & FINITE != 0 || t.ends_with_any(&["ko", "kö"]) {
            return false;
        }
    }
    false
}

/// Past participles (`ollut`, `tullut`, `mennyt`) and conditionals (`voisi`, colloquial
/// `vois`, `ostais`), which follow a negation verb as its connegative, and the potential
/// (`hypänne`).
fn participle_or_conditional(w: &str) -> bool {
    const PARTICIPLE: [&str; 8] = ["nut", "nyt", "lut", "lyt", "rut", "ryt", "sut", "syt"];
    const COLLOQUIAL_CONDITIONAL: [&str; 5] = ["ais", "äis", "ois", "uis", "yis"];
    let n = w.chars().count();
    let participle = n >= 4 && PARTICIPLE.iter().any(|e| w.ends_with(e));
    let conditional = n >= 4 && w.ends_with("isi");
    let potential = n >= 5 && w.ends_with("nne");
    let colloquial = matches!(w, "vois" | "ois" | "olis")
        || (n >= 5 && COLLOQUIAL_CONDITIONAL.iter().any(|e| w.ends_with(e)));
    participle || conditional || potential || colloquial
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_verbs_are_reported_with_their_place() {
        let src = "[verbs]\nlist = '''\nolla\nmenn\n'''\n";
        let full = format!("{}{src}", minimal_rest());
        let err = FinnishAddress::from_toml(&full).err().unwrap();
        assert!(err.contains("menn"), "{err}");
        let line = full[..full.find("menn").unwrap()].lines().count() + 1;
        assert!(err.starts_with(&format!("{line}:1:")), "{err}");
    }

    fn minimal_rest() -> String {
        let mut s = String::new();
        s.push_str(
            "[pronouns]\ninformal=[]\ninformal_ambiguous=[]\nformal=[]\nformal_ambiguous=[]\n",
        );
        s.push_str("[negation]\ninformal=[]\ncontextual=[]\nformal=[]\nother=[]\n");
        s.push_str("[colloquial]\ninformal=[]\ninformal_imperative=[]\npossessive=[]\n");
        s.push_str(
            "[ambiguous]\nplural_nouns=[]\nimperative_homographs=[]\nimpersonal=[]\nnever=[]\n",
        );
        s.push_str(
            "[not_possessive]\nsi=[]\nsi_compound=[]\nnne=[]\nnne_compound=[]\ntte=[]\nisit=[]\n",
        );
        s.push_str("[context]\nsubjects=[]\nclause_openers=[]\ncoordinators=[]\nsubordinators=[]\nimperative_openers=[]\nfillers=[]\nparticles=[]\nfinite=[]\n");
        s
    }

    #[test]
    fn the_build_script_compiles_the_lexicon_as_the_library_does() {
        let built = FinnishAddress::from_toml(include_str!("../../rules/register/fi.toml"));
        // Not `assert_eq!`: a difference would print tens of thousands of words.
        assert!(built.unwrap().tables == FinnishAddress::shipped().tables);
    }

    #[test]
    fn a_tail_is_cut_as_strip_suffix_cuts_it() {
        let words = [
            "otappas",
            "ootsä",
            "tiedäthän",
            "sinäkään",
            "tules",
            "sä",
            "ks",
            "äs",
            "Äänestä",
            "EU:n",
            "tilauksesikin",
            "han",
            "ähän",
            "",
            "s",
            "ppä",
        ];
        let tails = [
            "s", "sä", "sää", "hän", "kään", "ppas", "ppäs", "ks", "ä", "n", "kin",
        ];
        for w in words {
            for t in tails {
                let slow = w.strip_suffix(t).filter(|b| b.len() >= 2);
                assert_eq!(before(w, t), slow, "{w} - {t}");
            }
        }
    }

    #[test]
    fn clitic_tails_are_picked_by_their_last_byte_in_order() {
        // Every tail, stage by stage in the order `with_clitics` tries them.
        let questions = [("ko", true), ("kö", false)];
        let clitics = [
            ("kaan", Some(true)),
            ("kään", Some(false)),
            ("han", Some(true)),
            ("hän", Some(false)),
            ("kin", None),
            ("pas", Some(true)),
            ("päs", Some(false)),
            ("pa", Some(true)),
            ("pä", Some(false)),
            ("s", None),
        ];
        let fused = ["sä", "sää", "sie"];
        let geminated = ["ppas", "ppäs", "ppa", "ppä"];
        let colloquial = ["ksää", "ksie", "ksä", "ks"];
        for last in 0..=u8::MAX {
            let ends = |t: &str| t.as_bytes().last() == Some(&last);
            let expected = (
                questions
                    .iter()
                    .filter(|q| ends(q.0))
                    .copied()
                    .collect::<Vec<_>>(),
                clitics
                    .iter()
                    .filter(|c| ends(c.0))
                    .copied()
                    .collect::<Vec<_>>(),
                fused
                    .iter()
                    .filter(|t| ends(t))
                    .copied()
                    .collect::<Vec<_>>(),
                geminated
                    .iter()
                    .filter(|t| ends(t))
                    .copied()
                    .collect::<Vec<_>>(),
                colloquial
                    .iter()
                    .filter(|t| ends(t))
                    .copied()
                    .collect::<Vec<_>>(),
            );
            let got = ClitTails::ending_in(last).map_or_else(Default::default, |t| {
                (
                    t.questions.to_vec(),
                    t.clitics.to_vec(),
                    t.fused.to_vec(),
                    t.geminated.to_vec(),
                    t.colloquial.to_vec(),
                )
            });
            assert_eq!(got, expected, "last byte {last:#x}");
        }
    }

    #[test]
    fn words_that_end_in_no_tail_take_no_clitic_and_no_ending() {
        // Every tail `with_clitics` tries, read from its tables, and every one `ending` tries.
        let mut tails: Vec<&str> = Vec::new();
        for last in 0..=255u8 {
            if let Some(t) = ClitTails::ending_in(last) {
                tails.extend(t.questions.iter().map(|(q, _)| *q));
                tails.extend(t.clitics.iter().map(|(c, _)| *c));
                tails.extend(t.fused.iter().chain(t.geminated).chain(t.colloquial));
            }
        }
        assert!(tails.len() > 20, "{tails:?}");
        // (`-s` alone is no tail: it is taken only after some endings, which are.)
        tails.retain(|t| *t != "s");
        tails.extend(PLURAL_IMPERATIVE_CLITICS);
        tails.extend([
            "tte", "nne", "isit", "aas", "ääs", "pas", "päs", "apa", "äpä", "ahan", "ähän", "si",
        ]);
        for t in tails {
            assert!(ends_in_tail(t.as_bytes()), "{t}");
        }
        // And, word by word, on the lexicon's words and on every short ending after a few
        // stems: where no tail ends the word, neither finds anything.
        let fi = FinnishAddress::shipped();
        let letters = [
            "a", "ä", "e", "i", "o", "ö", "u", "y", "k", "n", "p", "s", "t", "h",
        ];
        let mut endings = vec![String::new()];
        let mut last = endings.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|e| letters.iter().map(move |l| format!("{l}{e}")))
                .collect();
            endings.extend(last.iter().cloned());
        }
        let stems = ["", "ta", "tilauk", "kotii", "ota", "voi"];
        let lexicon = fi.tables.words.words().map(str::to_string);
        let built = stems
            .iter()
            .flat_map(|s| endings.iter().map(move |e| format!("{s}{e}")));
        let mut checked = 0;
        for w in lexicon.chain(built) {
            if !ends_in_tail(w.as_bytes()) {
                assert_eq!(fi.with_clitics(&w), None, "{w}");
                assert_eq!(fi.ending(&w), None, "{w}");
                checked += 1;
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn the_pair_table_passes_every_word_that_ends_in_a_tail() {
        let by_definition = |w: &[u8]| TAILS.iter().any(|t| w.ends_with(t));
        for tail in TAILS {
            assert!(ends_in_tail(tail), "{tail:?}");
            for before in 0..=255u8 {
                let mut w = vec![before];
                w.extend_from_slice(tail);
                assert!(ends_in_tail(&w), "{w:?}");
            }
        }
        // Every word of up to two bytes, and of three with the bytes of `ä` and `ö`.
        let mut words: Vec<Vec<u8>> = vec![vec![]];
        for a in 0..=255u8 {
            words.push(vec![a]);
            for b in 0..=255u8 {
                words.push(vec![a, b]);
                for c in [0xC3, 0xA4, 0xB6, b's', b'k', b'p'] {
                    words.push(vec![c, a, b]);
                }
            }
        }
        for w in &words {
            assert_eq!(ends_in_tail(w), by_definition(w), "{w:?}");
        }
    }

    #[test]
    fn the_shipped_lexicon_parses() {
        let fi = FinnishAddress::shipped();
        assert!(fi.get("ota") & I_IMP != 0);
        assert!(fi.get("tilaa") & I_IMP_AMB != 0);
        assert!(fi.get("olisi") & NOT_ENDING != 0);
    }
}
