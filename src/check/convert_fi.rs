//! Converting Finnish direct address between sinuttelu (2nd person singular,
//! [`Register::Informal`]) and teitittely (2nd person plural, [`Register::Formal`]), and finding
//! the slips the house style forbids inside teitittely.
//!
//! Only the words that [`FinnishAddress::evidence`] reports as address are converted, so the
//! detector's context rules keep `tuotteet`, `kaksi`, `tilasi` (past tense), `teitä pitkin`
//! (roads), `voit` (butters) and colloquial `et` (että) as they are. Each word is converted by
//! its kind:
//!
//! - pronouns by table, in every case; colloquial `sä`, `sulle`… become the standard formal
//!   forms, and formal forms always become the standard `sinä` forms;
//! - negation verbs: `et` ↔ `ette`, `ellet` ↔ `ellette`, `älä` ↔ `älkää`; the connegative after
//!   `älä` changes too (`älä soita` ↔ `älkää soittako`), the one after `et` does not;
//! - finite verbs: the 2pl is the 2sg + `-te` in every tense and mood (`voit` ↔ `voitte`,
//!   `otit` ↔ `otitte`, `voisit` ↔ `voisitte`); colloquial forms by table (`oot` → `olette`);
//! - imperatives through the lexicon's verb forms (`ota` ↔ `ottakaa`, `tilaa` ↔ `tilatkaa`);
//! - possessive suffixes: `-si` ↔ `-nne` after any case ending (`laskullesi` ↔ `laskullenne`);
//! - the participle after `olla` or a negation verb (`olet tilannut` ↔ `olette tilannut`, or
//!   `tilanneet` when [`FormalStyle::singular_participle`] is off).
//!
//! Clitics are split off and put back in the vowel harmony of the new word (`teillekö` →
//! `sinulleko`). A word that cannot be converted with confidence gets no edit.

use crate::check::register_fi::{FinnishAddress, breaks_clause};
use crate::fix::{capitalize, match_case};
use crate::review::Edit;
use crate::rules::fold;
use crate::text::words;
use crate::voice::Register;
use std::borrow::Cow;
use std::ops::Range;

/// How the house writes teitittely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormalStyle {
    /// Write `Te`, `Teille`, `Teidän` capitalised (the polite written form). Default true.
    pub capitalise: bool,
    /// Teitittely addresses one person: `olette tilannut`, not `olette tilanneet`. Default true.
    pub singular_participle: bool,
}

impl Default for FormalStyle {
    fn default() -> Self {
        FormalStyle {
            capitalise: true,
            singular_participle: true,
        }
    }
}

/// A slip inside teitittely the house style forbids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// The word, as a byte range into the text.
    pub range: Range<usize>,
    /// What the house writes instead.
    pub replacement: String,
    /// Which rule of the style it breaks.
    pub kind: SlipKind,
}

/// Which rule of [`FormalStyle`] a [`Slip`] breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipKind {
    /// `te`, `teille`, `teidän` in lower case where the house capitalises them.
    LowercasePronoun,
    /// `olette tilanneet` where the house addresses one person: `olette tilannut`.
    PluralParticiple,
}

// ---------------------------------------------------------------------------------------------
// The word tables. Standard forms come first: a formal form converts to the first informal
// form that pairs with it.

/// Sinä and te in every case.
const PRONOUNS: [(&str, &str); 13] = [
    ("sinä", "te"),
    ("sinun", "teidän"),
    ("sinua", "teitä"),
    ("sinut", "teidät"),
    ("sinulle", "teille"),
    ("sinulla", "teillä"),
    ("sinulta", "teiltä"),
    ("sinusta", "teistä"),
    ("sinuun", "teihin"),
    ("sinussa", "teissä"),
    ("sinuna", "teinä"),
    ("sinuksi", "teiksi"),
    ("sinutta", "teittä"),
];

/// Colloquial and dialectal forms of `sinä` and their standard formal counterparts.
const COLLOQUIAL_PRONOUNS: [(&str, &str); 26] = [
    ("sä", "te"),
    ("sää", "te"),
    ("sie", "te"),
    ("sun", "teidän"),
    ("siun", "teidän"),
    ("sua", "teitä"),
    ("sinuu", "teitä"),
    ("sinnuu", "teitä"),
    ("siuta", "teitä"),
    ("sut", "teidät"),
    ("siut", "teidät"),
    ("sust", "teistä"),
    ("susta", "teistä"),
    ("siusta", "teistä"),
    ("suhun", "teihin"),
    ("siuhun", "teihin"),
    ("sussa", "teissä"),
    ("siussa", "teissä"),
    ("sul", "teillä"),
    ("sulla", "teillä"),
    ("siulla", "teillä"),
    ("sult", "teiltä"),
    ("sulta", "teiltä"),
    ("siulta", "teiltä"),
    ("sulle", "teille"),
    ("siulle", "teille"),
];

/// Colloquial forms of `te` and the standard forms of `sinä`.
const COLLOQUIAL_FORMAL_PRONOUNS: [(&str, &str); 4] = [
    ("teiän", "sinun"),
    ("teijän", "sinun"),
    ("teil", "sinulla"),
    ("teilt", "sinulta"),
];

/// Negation verbs; `älä` is the imperative, whose connegative changes with it.
const NEGATIONS: [(&str, &str); 8] = [
    ("et", "ette"),
    ("ellet", "ellette"),
    ("jollet", "jollette"),
    ("ettet", "ettette"),
    ("mikset", "miksette"),
    ("jottet", "jottette"),
    ("vaikket", "vaikkette"),
    ("älä", "älkää"),
];

/// Spoken 2sg verbs whose 2pl is not the word + `-te`.
const COLLOQUIAL_VERBS: [(&str, &str); 14] = [
    ("oot", "olette"),
    ("tuut", "tulette"),
    ("meet", "menette"),
    ("haluut", "haluatte"),
    ("tiiät", "tiedätte"),
    ("tiät", "tiedätte"),
    ("näät", "näette"),
    ("tarviit", "tarvitsette"),
    ("lähet", "lähdette"),
    ("ootat", "odotatte"),
    ("kattot", "katsotte"),
    ("oisit", "olisitte"),
    ("haluisit", "haluaisitte"),
    ("viittisit", "viitsisitte"),
];

/// Spoken 2sg imperatives (converted one way only: teitittely gives the standard forms).
const SPOKEN_IMPERATIVES: [(&str, &str); 5] = [
    ("oota", "odottakaa"),
    ("tuu", "tulkaa"),
    ("mee", "menkää"),
    ("paa", "pankaa"),
    ("kato", "katsokaa"),
];

/// Imperatives of verbs the lexicon lacks, common in support messages (`älä huoli`).
const EXTRA_IMPERATIVES: [(&str, &str); 1] = [("huoli", "huolikaa")];

/// Spoken possessives in `-s` (`kanssas` = `kanssasi`). `kädes` is left out: it may also be
/// `kädessä`.
const COLLOQUIAL_POSSESSIVES: [(&str, &str); 18] = [
    ("kanssas", "kanssanne"),
    ("takias", "takianne"),
    ("luokses", "luoksenne"),
    ("mukaas", "mukaanne"),
    ("päälles", "päällenne"),
    ("ittes", "itsenne"),
    ("itses", "itsenne"),
    ("ittees", "itseenne"),
    ("itsees", "itseenne"),
    ("puolestas", "puolestanne"),
    ("vuokses", "vuoksenne"),
    ("jälkees", "jälkeenne"),
    ("etees", "eteenne"),
    ("vierees", "viereenne"),
    ("luonas", "luonanne"),
    ("kotias", "kotianne"),
    ("mielestäs", "mielestänne"),
    ("suuhus", "suuhunne"),
];

/// The 2sg forms of `olla` that make a perfect or pluperfect with a participle.
const OLLA_2SG: [&str; 5] = ["olet", "olit", "olisit", "oot", "oisit"];
/// The 2pl forms of `olla`.
const OLLA_2PL: [&str; 3] = ["olette", "olitte", "olisitte"];

/// Clitics, longest first: how each is written after a word, and how it is kept (in back
/// harmony: `ko` stands for `-ko`/`-kö`). A geminated `-ppa` (`otappa`) is kept as `-pa`.
const CLITICS: [(&str, &str); 18] = [
    ("kaan", "kaan"),
    ("kään", "kaan"),
    ("ppas", "pas"),
    ("ppäs", "pas"),
    ("ppa", "pa"),
    ("ppä", "pa"),
    ("han", "han"),
    ("hän", "han"),
    ("kin", "kin"),
    ("pas", "pas"),
    ("päs", "pas"),
    ("pa", "pa"),
    ("pä", "pa"),
    ("ko", "ko"),
    ("kö", "ko"),
    ("ka", "ka"),
    ("kä", "ka"),
    ("s", "s"),
];

// ---------------------------------------------------------------------------------------------
// Words.

/// What a converted word is, which decides its casing and what else changes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Pronoun,
    /// `imperative`: `älä`/`älkää`, whose connegative changes too.
    Negation {
        imperative: bool,
    },
    /// `olla`: a form of `olla`, which a participle may follow.
    Verb {
        olla: bool,
    },
    Imperative,
    Possessive,
}

/// Back vowel harmony: the word has `a`, `o` or `u` (so its clitics take `-ko`, `-han`).
fn back(word: &str) -> bool {
    word.chars().any(|c| matches!(c, 'a' | 'o' | 'u'))
}

/// A clitic kept in back harmony, written in the harmony of `word`.
fn harmonise(clitic: &str, word: &str) -> String {
    if back(word) {
        clitic.to_string()
    } else {
        clitic
            .chars()
            .map(|c| match c {
                'a' => 'ä',
                'o' => 'ö',
                c => c,
            })
            .collect()
    }
}

/// One clitic split off the end of `word`: the rest and the clitic as kept. A clitic in front
/// harmony needs a base in front harmony (`tekö` is `te` + `kö`; `teko` is a deed).
fn split_one(word: &str) -> impl Iterator<Item = (&str, &'static str)> {
    CLITICS.iter().filter_map(move |(written, kept)| {
        let base = word.strip_suffix(written)?;
        let harmonic = written.contains(['a', 'o', 'u']);
        let neutral = !written.contains(['a', 'o', 'u', 'ä', 'ö']);
        (base.chars().count() >= 2 && (neutral || harmonic == back(base))).then_some((base, *kept))
    })
}

/// The ways to read a lower-cased word as a base and its clitics, fewest clitics first: the
/// whole word, then one clitic split off (`voitko`), then two (`etköhän`, `ettekös`).
fn splits(word: &str) -> Vec<(&str, String)> {
    let mut out = vec![(word, String::new())];
    let one: Vec<(&str, &str)> = split_one(word).collect();
    out.extend(one.iter().map(|(b, c)| (*b, c.to_string())));
    for (base, outer) in one {
        out.extend(split_one(base).map(|(b, inner)| (b, format!("{inner}{outer}"))));
    }
    out
}

/// A lower-cased word of the other register converted to `to`, with its role.
fn convert_word(fi: &FinnishAddress, word: &str, to: Register) -> Option<(String, Role)> {
    for (base, clitics) in splits(word) {
        let converted = match to {
            Register::Formal => to_formal(fi, base, !clitics.is_empty()),
            Register::Informal => to_informal(fi, base),
            Register::Neutral => None,
        };
        if let Some((new, role)) = converted {
            let tail = harmonise(&clitics, &new);
            return Some((new + &tail, role));
        }
    }
    None
}

fn pair<'t>(table: &'t [(&'t str, &'t str)], word: &str) -> Option<&'t str> {
    table.iter().find(|(a, _)| *a == word).map(|(_, b)| *b)
}

fn pair_back<'t>(table: &'t [(&'t str, &'t str)], word: &str) -> Option<&'t str> {
    table.iter().find(|(_, b)| *b == word).map(|(a, _)| *a)
}

/// A sinuttelu word without clitics in teitittely.
fn to_formal(fi: &FinnishAddress, base: &str, has_clitic: bool) -> Option<(String, Role)> {
    let n = base.chars().count();
    if let Some(f) = pair(&PRONOUNS, base).or_else(|| pair(&COLLOQUIAL_PRONOUNS, base)) {
        return Some((f.into(), Role::Pronoun));
    }
    if let Some(f) = pair(&NEGATIONS, base) {
        let imperative = base == "älä";
        return Some((f.into(), Role::Negation { imperative }));
    }
    if let Some(f) = pair(&COLLOQUIAL_VERBS, base) {
        let olla = OLLA_2SG.contains(&base);
        return Some((f.into(), Role::Verb { olla }));
    }
    if let Some(f) = imperative_plural(fi, base) {
        return Some((f.into(), Role::Imperative));
    }
    if !has_clitic && let Some(f) = pair(&COLLOQUIAL_POSSESSIVES, base) {
        return Some((f.into(), Role::Possessive));
    }
    if base.ends_with('t') && (fi.is_verb_2sg(base) || (base.ends_with("isit") && n >= 5)) {
        let olla = OLLA_2SG.contains(&base);
        return Some((format!("{base}te"), Role::Verb { olla }));
    }
    if let Some(stem) = base.strip_suffix("si").filter(|_| n >= 4) {
        return Some((format!("{stem}nne"), Role::Possessive));
    }
    None
}

/// A teitittely word without clitics in sinuttelu (standard forms).
fn to_informal(fi: &FinnishAddress, base: &str) -> Option<(String, Role)> {
    let n = base.chars().count();
    if let Some(i) = pair_back(&PRONOUNS, base).or_else(|| pair(&COLLOQUIAL_FORMAL_PRONOUNS, base))
    {
        return Some((i.into(), Role::Pronoun));
    }
    if let Some(i) = pair_back(&NEGATIONS, base) {
        let imperative = base == "älkää";
        return Some((i.into(), Role::Negation { imperative }));
    }
    if let Some(i) = imperative_singular(fi, base) {
        return Some((i.into(), Role::Imperative));
    }
    // The 2pl of every tense and mood is the 2sg + -te.
    if let Some(stem) = base
        .strip_suffix("te")
        .filter(|s| s.ends_with('t') && n >= 5)
    {
        let olla = OLLA_2PL.contains(&base);
        return Some((stem.into(), Role::Verb { olla }));
    }
    if let Some(stem) = base.strip_suffix("nne").filter(|_| n >= 5) {
        return Some((format!("{stem}si"), Role::Possessive));
    }
    None
}

/// The 2pl imperative of a 2sg imperative, spoken ones included.
fn imperative_plural<'a>(fi: &'a FinnishAddress, weak: &str) -> Option<&'a str> {
    pair(&SPOKEN_IMPERATIVES, weak)
        .or_else(|| pair(&EXTRA_IMPERATIVES, weak))
        .or_else(|| fi.imperative_plural(weak))
}

/// The standard 2sg imperative of a 2pl imperative.
fn imperative_singular<'a>(fi: &'a FinnishAddress, plural: &str) -> Option<&'a str> {
    fi.imperative_singular(plural)
        .or_else(|| pair_back(&EXTRA_IMPERATIVES, plural))
}

/// The 2pl connegative of a negative imperative (`soita` → `soittako`), or back.
fn connegative(fi: &FinnishAddress, word: &str, to: Register) -> Option<String> {
    match to {
        Register::Formal => {
            let plural = imperative_plural(fi, word)?;
            plural
                .strip_suffix("kaa")
                .map(|s| format!("{s}ko"))
                .or_else(|| plural.strip_suffix("kää").map(|s| format!("{s}kö")))
        }
        Register::Informal => {
            let plural = if let Some(s) = word.strip_suffix("ko") {
                format!("{s}kaa")
            } else {
                format!("{}kää", word.strip_suffix("kö")?)
            };
            imperative_singular(fi, &plural).map(str::to_string)
        }
        Register::Neutral => None,
    }
}

/// A past participle's plural (`tilannut` → `tilanneet`, `tullut` → `tulleet`).
fn plural_participle(word: &str) -> Option<String> {
    const ENDINGS: [&str; 8] = ["nut", "nyt", "lut", "lyt", "rut", "ryt", "sut", "syt"];
    if word.chars().count() < 5 {
        return None;
    }
    let e = ENDINGS.iter().find(|e| word.ends_with(*e))?;
    let stem = &word[..word.len() - e.len()];
    Some(format!("{stem}{}eet", &e[..1]))
}

/// A past participle's singular (`tilanneet` → `tilannut`, `menneet` → `mennyt`).
fn singular_participle(word: &str) -> Option<String> {
    const ENDINGS: [&str; 4] = ["neet", "leet", "reet", "seet"];
    if word.chars().count() < 6 {
        return None;
    }
    let e = ENDINGS.iter().find(|e| word.ends_with(*e))?;
    let stem = &word[..word.len() - e.len()];
    let u = if back(stem) { "ut" } else { "yt" };
    Some(format!("{stem}{}{u}", &e[..1]))
}

// ---------------------------------------------------------------------------------------------
// The sentence.

struct Word<'t> {
    range: Range<usize>,
    text: &'t str,
    /// Lower-cased: most words already are, and are borrowed.
    lower: Cow<'t, str>,
    /// First in its sentence, or after a mark that opens one: a capital here is no name.
    initial: bool,
    /// After punctuation.
    punct: bool,
    /// First in its clause: after punctuation, or a conjunction itself.
    clause_start: bool,
}

impl Word<'_> {
    /// A capitalised word inside a sentence: a name, never converted.
    fn name(&self) -> bool {
        !self.initial && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Marks after which a word opens a sentence, a quotation or a list item.
fn opens_sentence(gap: &str) -> bool {
    gap.contains(['.', '!', '?', '\n', '"', '“', '”', '«', '»', '(', '•', '*'])
}

fn sentence_words<'t>(fi: &FinnishAddress, text: &'t str, sentence: Range<usize>) -> Vec<Word<'t>> {
    let piece = &text[sentence.clone()];
    let mut out: Vec<Word<'t>> = Vec::new();
    let mut prev_end = 0;
    for r in words(piece) {
        let gap = &piece[prev_end..r.start];
        let word = &piece[r.clone()];
        let lower = fold(word);
        let first = out.is_empty();
        out.push(Word {
            range: sentence.start + r.start..sentence.start + r.end,
            text: word,
            initial: first || opens_sentence(gap),
            punct: first || breaks_clause(gap),
            clause_start: first || breaks_clause(gap) || fi.opens_clause(&lower),
            lower,
        });
        prev_end = r.end;
    }
    out
}

/// Whether every letter of a word of two or more letters is a capital: `SINÄ`, `VOIT`.
fn all_caps(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The converted word in the casing its place asks for.
fn cased(w: &Word<'_>, new: &str, role: Role, to: Register, style: FormalStyle) -> String {
    if all_caps(w.text) {
        return new.to_uppercase();
    }
    let upper = w.text.chars().next().is_some_and(char::is_uppercase);
    if role != Role::Pronoun {
        return match_case(w.text, new);
    }
    let capital = (w.initial && upper) || (to == Register::Formal && style.capitalise);
    if capital {
        capitalize(new)
    } else {
        new.to_string()
    }
}

/// The connegative of the negative imperative at `i` (`älä` … `soita`): the first word of its
/// clause within three words that converts as one, and its conversion.
fn imperative_connegative(
    fi: &FinnishAddress,
    ws: &[Word<'_>],
    i: usize,
    to: Register,
) -> Option<(usize, String)> {
    for (k, w) in ws.iter().enumerate().skip(i + 1).take(3) {
        if w.clause_start {
            return None;
        }
        if w.name() {
            continue;
        }
        if let Some(c) = connegative(fi, &w.lower, to) {
            return Some((k, c));
        }
    }
    None
}

/// The participles that a 2nd person form of `olla` or a negation verb at `i` governs
/// (`olet tilannut`, `et ole saanut`, `et ehtinyt`), and those joined to them by `ja`/`tai`
/// (`olet tilannut ja maksanut`). `number` gives the participle's other number, if the word is
/// one of the number to change.
fn participles(
    fi: &FinnishAddress,
    ws: &[Word<'_>],
    i: usize,
    negation: bool,
    number: fn(&str) -> Option<String>,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut k = i + 1;
    let mut skipped = 0;
    while let Some(w) = ws.get(k) {
        if w.clause_start || skipped > 2 || w.name() {
            return out;
        }
        if let Some(p) = number(&w.lower) {
            out.push((k, p));
            break;
        }
        // A participle already in the number asked for: nothing further is governed.
        if plural_participle(&w.lower).is_some() || singular_participle(&w.lower).is_some() {
            return out;
        }
        // After a negation verb, only `ole`/`olisi` and adverbs may stand before the
        // participle: another connegative (`et voi`) governs no participle.
        if negation
            && !matches!(&*w.lower, "ole" | "olisi" | "oo")
            && fi.imperative_plural(&w.lower).is_some()
        {
            return out;
        }
        skipped += 1;
        k += 1;
    }
    // Coordinated participles: `olet tilannut ja maksanut`.
    while let (Some(conj), Some(w)) = (ws.get(k + 1), ws.get(k + 2)) {
        if !matches!(&*conj.lower, "ja" | "tai" | "sekä") || conj.punct || w.name() {
            break;
        }
        match number(&w.lower) {
            Some(p) => out.push((k + 2, p)),
            None => break,
        }
        k += 2;
    }
    out
}

/// Edits that rewrite one sentence `text[sentence]` into `to` (Informal = sinuttelu, Formal =
/// teitittely; Neutral → no edits). Offsets are into `text`, on char boundaries, sorted,
/// non-overlapping. Words already in `to` are left alone, and so is a word that cannot be
/// converted with confidence.
pub fn convert(text: &str, sentence: Range<usize>, to: Register, style: FormalStyle) -> Vec<Edit> {
    let evidence = FinnishAddress::shipped().evidence(text, sentence.clone());
    convert_found(text, sentence, &evidence, to, style)
}

/// [`convert`] of a sentence whose evidence of address (from
/// [`FinnishAddress::evidence`] with the shipped lexicon) is already known: a check has found
/// it for every sentence.
pub(crate) fn convert_found(
    text: &str,
    sentence: Range<usize>,
    evidence: &[(Range<usize>, Register)],
    to: Register,
    style: FormalStyle,
) -> Vec<Edit> {
    let from = match to {
        Register::Formal => Register::Informal,
        Register::Informal => Register::Formal,
        Register::Neutral => return Vec::new(),
    };
    if text.get(sentence.clone()).is_none() {
        return Vec::new();
    }
    let fi = FinnishAddress::shipped();
    if !evidence.iter().any(|(_, r)| *r == from) {
        return Vec::new();
    }
    let ws = sentence_words(fi, text, sentence);
    let mut edits: Vec<Edit> = Vec::new();
    let mut claimed = vec![false; ws.len()];
    let edit = |w: &Word<'_>, replacement: String| Edit {
        start: w.range.start,
        end: w.range.end,
        replacement,
    };
    for (range, _) in evidence.iter().filter(|(_, r)| *r == from) {
        let Some(i) = ws.iter().position(|w| w.range == *range) else {
            continue;
        };
        if claimed[i] {
            continue;
        }
        let Some((new, role)) = convert_word(fi, &ws[i].lower, to) else {
            continue;
        };
        match role {
            Role::Negation { imperative: true } => {
                // `älä soita` → `älkää soittako`: without its connegative, leave it.
                let Some((k, c)) = imperative_connegative(fi, &ws, i, to) else {
                    continue;
                };
                claimed[k] = true;
                edits.push(edit(&ws[k], match_case(ws[k].text, &c)));
            }
            Role::Negation { imperative: false } | Role::Verb { olla: true } => {
                let negation = matches!(role, Role::Negation { .. });
                let number: Option<fn(&str) -> Option<String>> = match to {
                    Register::Formal if !style.singular_participle => Some(plural_participle),
                    Register::Informal => Some(singular_participle),
                    _ => None,
                };
                if let Some(number) = number {
                    for (k, p) in participles(fi, &ws, i, negation, number) {
                        claimed[k] = true;
                        edits.push(edit(&ws[k], match_case(ws[k].text, &p)));
                    }
                }
            }
            _ => {}
        }
        edits.push(edit(&ws[i], cased(&ws[i], &new, role, to, style)));
    }
    edits.sort_by_key(|e| e.start);
    edits.dedup_by(|b, a| b.start < a.end);
    edits
}

/// Slips in one sentence `text[sentence]` that the house style forbids inside teitittely:
/// a lower-case `te`, `teille`, `teidän`… used as address when `style.capitalise` (roads are
/// left alone), and a plural participle after a 2pl form of `olla` or a negation verb
/// (`olette tilanneet`, `ette ole saaneet`, `olisitte voineet`) when
/// `style.singular_participle`. Sorted by position.
pub fn slips(text: &str, sentence: Range<usize>, style: FormalStyle) -> Vec<Slip> {
    let evidence = FinnishAddress::shipped().evidence(text, sentence.clone());
    slips_found(text, sentence, &evidence, style)
}

/// [`slips`] in a sentence whose evidence of address (from [`FinnishAddress::evidence`] with
/// the shipped lexicon) is already known.
pub(crate) fn slips_found(
    text: &str,
    sentence: Range<usize>,
    evidence: &[(Range<usize>, Register)],
    style: FormalStyle,
) -> Vec<Slip> {
    if text.get(sentence.clone()).is_none() {
        return Vec::new();
    }
    let fi = FinnishAddress::shipped();
    if !evidence.iter().any(|(_, r)| *r == Register::Formal) {
        return Vec::new();
    }
    let ws = sentence_words(fi, text, sentence);
    let mut out = Vec::new();
    for (range, _) in evidence.iter().filter(|(_, r)| *r == Register::Formal) {
        let Some(i) = ws.iter().position(|w| w.range == *range) else {
            continue;
        };
        let w = &ws[i];
        let Some((_, role)) = convert_word(fi, &w.lower, Register::Informal) else {
            continue;
        };
        match role {
            Role::Pronoun
                if style.capitalise && w.text.chars().next().is_some_and(char::is_lowercase) =>
            {
                out.push(Slip {
                    range: w.range.clone(),
                    replacement: capitalize(w.text),
                    kind: SlipKind::LowercasePronoun,
                });
            }
            Role::Negation { imperative: false } | Role::Verb { olla: true }
                if style.singular_participle =>
            {
                let negation = matches!(role, Role::Negation { .. });
                for (k, p) in participles(fi, &ws, i, negation, singular_participle) {
                    out.push(Slip {
                        range: ws[k].range.clone(),
                        replacement: match_case(ws[k].text, &p),
                        kind: SlipKind::PluralParticiple,
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|s| s.range.start);
    out.dedup_by(|b, a| b.range.start < a.range.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply;

    fn converted(text: &str, to: Register, style: FormalStyle) -> String {
        let edits = convert(text, 0..text.len(), to, style);
        apply(text, edits.iter())
    }

    fn formal(text: &str) -> String {
        converted(text, Register::Formal, FormalStyle::default())
    }

    fn informal(text: &str) -> String {
        converted(text, Register::Informal, FormalStyle::default())
    }

    /// Sentence pairs that convert into each other: (sinuttelu, teitittely in the house style).
    const PAIRS: &[(&str, &str)] = &[
        // Finite verbs, with capitals at the start of the sentence.
        (
            "Voit tilata uuden salasanan sivuiltamme.",
            "Voitte tilata uuden salasanan sivuiltamme.",
        ),
        (
            "Kiitos, että otit yhteyttä asiakaspalveluumme.",
            "Kiitos, että otitte yhteyttä asiakaspalveluumme.",
        ),
        (
            "Saat hyvityksen tilillesi viikon kuluessa.",
            "Saatte hyvityksen tilillenne viikon kuluessa.",
        ),
        (
            "Pidä kuitti tallessa, sillä tarvitset sitä takuuasioissa.",
            "Pitäkää kuitti tallessa, sillä tarvitsette sitä takuuasioissa.",
        ),
        (
            "Kerro meille, mitä mieltä olit palvelusta.",
            "Kertokaa meille, mitä mieltä olitte palvelusta.",
        ),
        (
            "Tiesitkö, että voit maksaa laskun myös erissä?",
            "Tiesittekö, että voitte maksaa laskun myös erissä?",
        ),
        (
            "Voithan ilmoittaa meille, jos osoitteesi muuttuu.",
            "Voittehan ilmoittaa meille, jos osoitteenne muuttuu.",
        ),
        (
            "Odotathan, kunnes saat vahvistuksen.",
            "Odotattehan, kunnes saatte vahvistuksen.",
        ),
        // Conditional questions.
        (
            "Voisitko lähettää meille kuvan laskustasi?",
            "Voisitteko lähettää meille kuvan laskustanne?",
        ),
        (
            "Voisitko kertoa, milloin tilasit tuotteen?",
            "Voisitteko kertoa, milloin tilasitte tuotteen?",
        ),
        (
            "Olisitko kiinnostunut uudesta tarjouksestamme?",
            "Olisitteko kiinnostunut uudesta tarjouksestamme?",
        ),
        // Pronouns in several cases, with clitics.
        (
            "Sinä voit muuttaa toimitusosoitetta, kunnes tilaus lähtee.",
            "Te voitte muuttaa toimitusosoitetta, kunnes tilaus lähtee.",
        ),
        (
            "Sinulle on lähetetty uusi lasku.",
            "Teille on lähetetty uusi lasku.",
        ),
        ("Onko sinulla tilausnumero?", "Onko Teillä tilausnumero?"),
        (
            "Muistathan, että sinun on vahvistettava muutos.",
            "Muistattehan, että Teidän on vahvistettava muutos.",
        ),
        (
            "Sinäkin voit osallistua arvontaan.",
            "Tekin voitte osallistua arvontaan.",
        ),
        (
            "Sinulleko lasku lähetettiin?",
            "Teillekö lasku lähetettiin?",
        ),
        ("Sinultakin puuttuu kuitti.", "Teiltäkin puuttuu kuitti."),
        (
            "Kiitämme sinua kärsivällisyydestäsi.",
            "Kiitämme Teitä kärsivällisyydestänne.",
        ),
        (
            "Tunnistamme sinut pankkitunnuksilla.",
            "Tunnistamme Teidät pankkitunnuksilla.",
        ),
        // Negation: the connegative after et/ette stays, the participle stays singular.
        (
            "Jos et ole saanut vahvistusta, ota yhteyttä meihin.",
            "Jos ette ole saanut vahvistusta, ottakaa yhteyttä meihin.",
        ),
        (
            "Etkö ole vielä saanut pakettia?",
            "Ettekö ole vielä saanut pakettia?",
        ),
        (
            "Ethän unohda maksaa laskua eräpäivään mennessä.",
            "Ettehän unohda maksaa laskua eräpäivään mennessä.",
        ),
        (
            "Ellet ole tyytyväinen, voit palauttaa tuotteen.",
            "Ellette ole tyytyväinen, voitte palauttaa tuotteen.",
        ),
        (
            "Mikset kertonut tästä aiemmin?",
            "Miksette kertonut tästä aiemmin?",
        ),
        (
            "Emme voi hyvittää maksua, koska et palauttanut tuotetta ajoissa.",
            "Emme voi hyvittää maksua, koska ette palauttanut tuotetta ajoissa.",
        ),
        // Negative imperative: the connegative changes too.
        (
            "Älä soita tähän numeroon, vaan lähetä viesti.",
            "Älkää soittako tähän numeroon, vaan lähettäkää viesti.",
        ),
        (
            "Älä vastaa tähän viestiin.",
            "Älkää vastatko tähän viestiin.",
        ),
        (
            "Älä anna salasanaasi kenellekään.",
            "Älkää antako salasanaanne kenellekään.",
        ),
        (
            "Älä unohda tallentaa muutoksia.",
            "Älkää unohtako tallentaa muutoksia.",
        ),
        (
            "Älä huoli, hoidamme asian puolestasi.",
            "Älkää huoliko, hoidamme asian puolestanne.",
        ),
        // Imperatives of different verb types, with clitics.
        (
            "Ota kuva vauriosta ja lähetä se meille.",
            "Ottakaa kuva vauriosta ja lähettäkää se meille.",
        ),
        (
            "Tule käymään myymälässä, niin katsotaan asiaa yhdessä.",
            "Tulkaa käymään myymälässä, niin katsotaan asiaa yhdessä.",
        ),
        (
            "Katso ohjeet sähköpostistasi.",
            "Katsokaa ohjeet sähköpostistanne.",
        ),
        (
            "Tilaa uutiskirjeemme, niin saat tarjoukset ensimmäisenä.",
            "Tilatkaa uutiskirjeemme, niin saatte tarjoukset ensimmäisenä.",
        ),
        (
            "Kirjaudu sisään ja valitse laskutustapa.",
            "Kirjautukaa sisään ja valitkaa laskutustapa.",
        ),
        (
            "Avaa sovellus ja lisää kortti lompakkoosi.",
            "Avatkaa sovellus ja lisätkää kortti lompakkoonne.",
        ),
        (
            "Täytä lomake ja paina Lähetä-painiketta.",
            "Täyttäkää lomake ja painakaa Lähetä-painiketta.",
        ),
        (
            "Odota hetki, niin tarkistan asian.",
            "Odottakaa hetki, niin tarkistan asian.",
        ),
        (
            "Tarkista tilauksesikin tiedot ja kerropa sitten, sopiiko toimitus.",
            "Tarkistakaa tilauksennekin tiedot ja kertokaapa sitten, sopiiko toimitus.",
        ),
        (
            "Sinun tilauksesi on matkalla, tulehan hakemaan se.",
            "Teidän tilauksenne on matkalla, tulkaahan hakemaan se.",
        ),
        // Possessives with case endings.
        ("Laskusi eräpäivä on 15.3.", "Laskunne eräpäivä on 15.3."),
        (
            "Lisäsimme alennuksen laskullesi.",
            "Lisäsimme alennuksen laskullenne.",
        ),
        // Perfect and pluperfect: the participle stays singular in the house style.
        (
            "Olet tilannut tuotteen, joka on nyt loppu.",
            "Olette tilannut tuotteen, joka on nyt loppu.",
        ),
        (
            "Lähetämme sinulle koodin, kun olet vahvistanut tilauksesi.",
            "Lähetämme Teille koodin, kun olette vahvistanut tilauksenne.",
        ),
        (
            "Olit jo maksanut laskun, kun muistutus lähti.",
            "Olitte jo maksanut laskun, kun muistutus lähti.",
        ),
        // ALL CAPS stays all caps.
        (
            "VOIT MAKSAA LASKUN VERKKOPANKISSA.",
            "VOITTE MAKSAA LASKUN VERKKOPANKISSA.",
        ),
    ];

    #[test]
    fn sinuttelu_becomes_teitittely() {
        for (sinä, te) in PAIRS {
            assert_eq!(formal(sinä), *te, "{sinä}");
        }
    }

    #[test]
    fn teitittely_becomes_sinuttelu() {
        for (sinä, te) in PAIRS {
            assert_eq!(informal(te), *sinä, "{te}");
        }
    }

    #[test]
    fn a_round_trip_gives_the_original() {
        for (sinä, _) in PAIRS {
            assert_eq!(informal(&formal(sinä)), *sinä);
        }
    }

    #[test]
    fn words_already_in_the_target_register_get_no_edits() {
        for (sinä, te) in PAIRS {
            assert!(
                convert(te, 0..te.len(), Register::Formal, FormalStyle::default()).is_empty(),
                "{te}"
            );
            assert!(
                convert(
                    sinä,
                    0..sinä.len(),
                    Register::Informal,
                    FormalStyle::default()
                )
                .is_empty(),
                "{sinä}"
            );
        }
        let text = "Voit tilata tuotteen.";
        assert!(
            convert(
                text,
                0..text.len(),
                Register::Neutral,
                FormalStyle::default()
            )
            .is_empty()
        );
    }

    #[test]
    fn teitittely_gives_sinuttelu_in_the_singular() {
        assert_eq!(
            informal("Olette tilanneet tuotteen, joka on nyt loppu."),
            "Olet tilannut tuotteen, joka on nyt loppu."
        );
        assert_eq!(
            informal("Ettekö ole vielä saaneet pakettia?"),
            "Etkö ole vielä saanut pakettia?"
        );
        // Front harmony: -neet → -nyt.
        assert_eq!(
            informal("Oletteko jo käyneet myymälässämme?"),
            "Oletko jo käynyt myymälässämme?"
        );
        assert_eq!(
            informal("Olisitte voineet ilmoittaa aiemmin."),
            "Olisit voinut ilmoittaa aiemmin."
        );
        assert_eq!(
            informal("Voisitteko Te tarkistaa tilanteen?"),
            "Voisitko sinä tarkistaa tilanteen?"
        );
        assert_eq!(
            informal("Teidän kannattaa päivittää sovellus."),
            "Sinun kannattaa päivittää sovellus."
        );
        assert_eq!(
            informal("Teiltäkö puuttuu kuitti?"),
            "Sinultako puuttuu kuitti?"
        );
        // A lower-case `teille` becomes `sinulle` as well.
        assert_eq!(
            informal("Lähetämme teille uuden laskun."),
            "Lähetämme sinulle uuden laskun."
        );
    }

    #[test]
    fn the_plural_participle_style() {
        let plural = FormalStyle {
            singular_participle: false,
            ..FormalStyle::default()
        };
        let cases = [
            (
                "Olet tilannut tuotteen, joka on nyt loppu.",
                "Olette tilanneet tuotteen, joka on nyt loppu.",
            ),
            (
                "Et ole vielä maksanut laskua.",
                "Ette ole vielä maksaneet laskua.",
            ),
            (
                "Et ehtinyt vastata ajoissa.",
                "Ette ehtineet vastata ajoissa.",
            ),
            (
                "Olet tilannut ja maksanut tuotteen.",
                "Olette tilanneet ja maksaneet tuotteen.",
            ),
            ("Olitko jo lähtenyt?", "Olitteko jo lähteneet?"),
            (
                "Oletko tullut hakemaan pakettia?",
                "Oletteko tulleet hakemaan pakettia?",
            ),
            // `et voi` governs no participle.
            ("Et voi olla mennyt sinne.", "Ette voi olla mennyt sinne."),
        ];
        for (sinä, te) in cases {
            assert_eq!(converted(sinä, Register::Formal, plural), te, "{sinä}");
            assert_eq!(informal(te), sinä, "{te}");
        }
    }

    #[test]
    fn pronouns_in_lower_case_when_the_house_does_not_capitalise() {
        let lower = FormalStyle {
            capitalise: false,
            ..FormalStyle::default()
        };
        assert_eq!(
            converted(
                "Lähetämme sinulle koodin, kun olet vahvistanut tilauksesi.",
                Register::Formal,
                lower
            ),
            "Lähetämme teille koodin, kun olette vahvistanut tilauksenne."
        );
        // The first word of a sentence keeps its capital.
        assert_eq!(
            converted("Sinä voit peruuttaa tilauksen.", Register::Formal, lower),
            "Te voitte peruuttaa tilauksen."
        );
        assert_eq!(
            converted("KIITOS SINULLE!", Register::Formal, lower),
            "KIITOS TEILLE!"
        );
    }

    #[test]
    fn colloquial_sinuttelu_becomes_standard_teitittely() {
        let cases = [
            (
                "Jos sä haluut, voit soittaa meille.",
                "Jos Te haluatte, voitte soittaa meille.",
            ),
            (
                "Sulle lähti just uus lasku.",
                "Teille lähti just uus lasku.",
            ),
            (
                "Oot oikeessa, pahoittelut.",
                "Olette oikeessa, pahoittelut.",
            ),
            (
                "Onks sulla kuitti tallessa?",
                "Onks Teillä kuitti tallessa?",
            ),
            ("Tuu käymään kaupassa.", "Tulkaa käymään kaupassa."),
            ("Älä mee vielä.", "Älkää menkö vielä."),
            (
                "Hoidetaan asia kanssas huomenna.",
                "Hoidetaan asia kanssanne huomenna.",
            ),
            (
                "Mä voin auttaa sua, jos sulla on kysyttävää.",
                "Mä voin auttaa Teitä, jos Teillä on kysyttävää.",
            ),
        ];
        for (sinä, te) in cases {
            assert_eq!(formal(sinä), te, "{sinä}");
        }
    }

    #[test]
    fn only_the_departing_words_of_a_mixed_sentence_change() {
        let mixed = "Voit tilata tuotteen, kun Teillä on aikaa.";
        assert_eq!(
            formal(mixed),
            "Voitte tilata tuotteen, kun Teillä on aikaa."
        );
        assert_eq!(
            informal(mixed),
            "Voit tilata tuotteen, kun sinulla on aikaa."
        );
    }

    #[test]
    fn words_that_only_look_like_address_stay() {
        for text in [
            "Tuotteet lähtevät kahden päivän kuluessa.",
            "Asiakas tilasi kaksi uutta puhelinta viime vuonna.",
            "Vuosi vaihtuu pian, ja juomavesi on puhdasta.",
            "Voit ovat jääkaapissa.",
            "Mä sanoin et se tulee huomenna.",
            "Tilanne on nyt korjattu, ja liikenne sujuu.",
        ] {
            assert_eq!(formal(text), text);
            assert_eq!(informal(text), text);
        }
        for text in [
            "Kuljemme pieniä teitä pitkin.",
            "Pienille teille ei aurata.",
        ] {
            assert_eq!(informal(text), text);
        }
        // Inside a sentence that is address, the look-alikes still stay.
        assert_eq!(
            formal("Voit tilata kaksi tuotetta, ja tuotteet lähtevät heti."),
            "Voitte tilata kaksi tuotetta, ja tuotteet lähtevät heti."
        );
    }

    #[test]
    fn offsets_point_into_the_whole_text() {
        let text = "Hei! Kiitos viestistäsi. Voit vastata tähän.";
        let second = text.find("Kiitos").unwrap()..text.find(" Voit").unwrap();
        let edits = convert(text, second, Register::Formal, FormalStyle::default());
        assert_eq!(
            edits,
            vec![Edit {
                start: text.find("viestistäsi").unwrap(),
                end: text.find(". Voit").unwrap(),
                replacement: "viestistänne".into(),
            }]
        );
        assert_eq!(
            apply(text, edits.iter()),
            "Hei! Kiitos viestistänne. Voit vastata tähän."
        );
        // Every edit is on char boundaries, sorted and apart.
        let text = "Älä huoli, sinä saat hyvityksen tilillesi, etkä menetä mitään.";
        let edits = convert(
            text,
            0..text.len(),
            Register::Formal,
            FormalStyle::default(),
        );
        assert!(edits.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(
            edits
                .iter()
                .all(|e| text.is_char_boundary(e.start) && text.is_char_boundary(e.end))
        );
        assert_eq!(
            apply(text, edits.iter()),
            "Älkää huoliko, Te saatte hyvityksen tilillenne, ettekä menetä mitään."
        );
    }

    fn slip_list(text: &str, style: FormalStyle) -> Vec<(&str, String, SlipKind)> {
        slips(text, 0..text.len(), style)
            .into_iter()
            .map(|s| (&text[s.range], s.replacement, s.kind))
            .collect()
    }

    #[test]
    fn lower_case_pronouns_are_slips() {
        let style = FormalStyle::default();
        assert_eq!(
            slip_list(
                "Lähetämme teille uuden laskun, kun te olette valmis.",
                style
            ),
            vec![
                ("teille", "Teille".to_string(), SlipKind::LowercasePronoun),
                ("te", "Te".to_string(), SlipKind::LowercasePronoun),
            ]
        );
        assert_eq!(
            slip_list("teidän tilauksenne on matkalla.", style),
            vec![("teidän", "Teidän".to_string(), SlipKind::LowercasePronoun)]
        );
        assert_eq!(
            slip_list("Kiitämme teitäkin.", style),
            vec![(
                "teitäkin",
                "Teitäkin".to_string(),
                SlipKind::LowercasePronoun
            )]
        );
        // Roads, capitalised pronouns and sinuttelu are no slips; nor anything when the house
        // writes lower case.
        assert!(slip_list("Kuljemme pieniä teitä pitkin.", style).is_empty());
        assert!(slip_list("Lähetämme Teille uuden laskun.", style).is_empty());
        assert!(slip_list("Lähetämme sinulle uuden laskun.", style).is_empty());
        let lower = FormalStyle {
            capitalise: false,
            ..style
        };
        assert!(slip_list("Lähetämme teille uuden laskun.", lower).is_empty());
    }

    #[test]
    fn plural_participles_are_slips() {
        let style = FormalStyle::default();
        assert_eq!(
            slip_list("Olette tilanneet tuotteen, joka on nyt loppu.", style),
            vec![(
                "tilanneet",
                "tilannut".to_string(),
                SlipKind::PluralParticiple
            )]
        );
        assert_eq!(
            slip_list("Jos ette ole saaneet vahvistusta, ottakaa yhteyttä.", style),
            vec![("saaneet", "saanut".to_string(), SlipKind::PluralParticiple)]
        );
        assert_eq!(
            slip_list("Olisitte voineet ilmoittaa aiemmin.", style),
            vec![("voineet", "voinut".to_string(), SlipKind::PluralParticiple)]
        );
        assert_eq!(
            slip_list("Olitteko jo menneet kotiin?", style),
            vec![("menneet", "mennyt".to_string(), SlipKind::PluralParticiple)]
        );
        assert!(slip_list("Olette tilannut tuotteen.", style).is_empty());
        assert!(slip_list("Olet tilannut tuotteen.", style).is_empty());
        assert!(slip_list("Asiakkaat ovat tilanneet tuotteen.", style).is_empty());
        let plural = FormalStyle {
            singular_participle: false,
            ..style
        };
        assert!(slip_list("Olette tilanneet tuotteen.", plural).is_empty());
        // Both kinds in one sentence, in order.
        assert_eq!(
            slip_list("Kiitos, että te olette käyneet myymälässämme.", style),
            vec![
                ("te", "Te".to_string(), SlipKind::LowercasePronoun),
                ("käyneet", "käynyt".to_string(), SlipKind::PluralParticiple),
            ]
        );
    }

    #[test]
    fn clitics_follow_the_vowel_harmony_of_the_new_word() {
        assert_eq!(harmonise("ko", "teille"), "kö");
        assert_eq!(harmonise("ko", "sinulle"), "ko");
        assert_eq!(harmonise("kohan", "ette"), "köhän");
        assert_eq!(
            formal("Etköhän saa paketin huomenna?"),
            "Etteköhän saa paketin huomenna?"
        );
        assert_eq!(formal("Näetkö viestin?"), "Näettekö viestin?");
        assert_eq!(
            informal("Sinullekos se lähetettiin?"),
            "Sinullekos se lähetettiin?"
        );
        assert_eq!(
            informal("Teillekös se lähetettiin?"),
            "Sinullekos se lähetettiin?"
        );
    }

    #[test]
    fn participles_change_number() {
        for (one, many) in [
            ("tilannut", "tilanneet"),
            ("mennyt", "menneet"),
            ("tullut", "tulleet"),
            ("purrut", "purreet"),
            ("noussut", "nousseet"),
            ("lähtenyt", "lähteneet"),
        ] {
            assert_eq!(plural_participle(one).as_deref(), Some(many));
            assert_eq!(singular_participle(many).as_deref(), Some(one));
        }
        assert_eq!(plural_participle("lasku"), None);
        assert_eq!(singular_participle("tuotteet"), None);
    }
}
