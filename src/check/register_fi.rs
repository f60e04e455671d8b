//! Finnish address detection: does a sentence speak to the reader as `sinä` (sinuttelu, second
//! person singular, [`Register::Informal`]) or as `te` (teitittely or plural address, second
//! person plural, [`Register::Formal`]), or to no one?
//!
//! Every word of the sentence is looked up, lower-cased, in a table compiled once from the word
//! lists in `rules/register/fi.toml`:
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

use crate::rules::{fold, fold_into, line_column};
use crate::text::words;
use crate::voice::Register;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;
use toml::Spanned;

/// What a word in the table is (several at once: `voit` is a 2sg verb that is also a noun).
mod flag {
    /// A 2sg finite verb form: `voit`, `otit`, `ottaisit`.
    pub const I_FIN: u32 = 1;
    /// A 2sg finite verb form that is also a plural noun: `tulet`, `ajat`.
    pub const I_FIN_AMB: u32 = 1 << 1;
    /// A 2sg pronoun: `sinulle`, `sä`.
    pub const I_PRON: u32 = 1 << 2;
    /// A 2sg pronoun that is also another word: `sää` (weather).
    pub const I_PRON_AMB: u32 = 1 << 3;
    /// A 2sg imperative: `ota`, `soita`.
    pub const I_IMP: u32 = 1 << 4;
    /// A 2sg imperative that is also another word: `tilaa`, `muista`, `anna`.
    pub const I_IMP_AMB: u32 = 1 << 5;
    /// A 2sg negation verb: `etkö`, `älä`, `ellet`.
    pub const I_NEG: u32 = 1 << 6;
    /// A listed 2sg possessive: colloquial `kanssas`.
    pub const I_POSS: u32 = 1 << 7;
    /// `et`: 2sg negation, or colloquial `että`.
    pub const ET: u32 = 1 << 8;
    /// A 2pl finite verb or imperative: `ottakaa`.
    pub const F_FIN: u32 = 1 << 9;
    /// A 2pl pronoun: `te`, `teidän`.
    pub const F_PRON: u32 = 1 << 10;
    /// A 2pl pronoun that is also a form of `tie` (road): `teille`, `teitä`.
    pub const F_PRON_AMB: u32 = 1 << 11;
    /// A 2pl negation verb: `ette`, `älkää`.
    pub const F_NEG: u32 = 1 << 12;
    /// A 2pl imperative that is also another word: `purkaa`.
    pub const F_IMP_AMB: u32 = 1 << 13;
    /// Any negation verb: the connegative after it is not an imperative.
    pub const NEG: u32 = 1 << 14;
    /// A connegative (the 2sg imperative form of a verb): `voi`, `ole`, `tiedä`.
    pub const CONNEG: u32 = 1 << 15;
    /// A 1st or 3rd person subject pronoun.
    pub const SUBJECT: u32 = 1 << 16;
    /// A word that opens a (subordinate) clause: `että`, `jos`, `joka`.
    pub const OPENER: u32 = 1 << 17;
    /// A coordinating conjunction: `ja`, `tai`, `mutta`.
    pub const COORD: u32 = 1 << 18;
    /// A subordinating conjunction: `kun`, `jos`.
    pub const SUBORD: u32 = 1 << 19;
    /// An adverb that may stand before an imperative or between `et` and its verb.
    pub const FILLER: u32 = 1 << 20;
    /// A particle or interjection.
    pub const PARTICLE: u32 = 1 << 21;
    /// A 3rd person finite verb form.
    pub const FINITE: u32 = 1 << 22;
    /// An infinitive.
    pub const INFINITIVE: u32 = 1 << 23;
    /// Ends like a possessive, a 2pl verb or a 2sg conditional but is not one.
    pub const NOT_ENDING: u32 = 1 << 24;
    /// Never evidence, and never taken apart into a word and a clitic.
    pub const NEVER: u32 = 1 << 25;
    /// A word after which a clause may open with an imperative: `joten`, `sitten`.
    pub const IMP_OPENER: u32 = 1 << 26;
    /// A 1st person finite verb form (many are also genitives: `ajan`, `näin`).
    pub const FIRST: u32 = 1 << 27;
    /// An imperative identical to a 3sg present that opens impersonal idioms (`Käy ilmi`,
    /// `Vie aikaa`, `Jää nähtäväksi`).
    pub const IMP_FRAGILE: u32 = 1 << 28;
    /// A 3sg past in -si that is also a possessive (`kirjasi`, `lainasi`, `lupasi`).
    pub const PAST_SI: u32 = 1 << 29;

    /// Every flag that makes a word evidence by itself.
    pub const EVIDENCE: u32 = I_FIN
        | I_FIN_AMB
        | I_PRON
        | I_PRON_AMB
        | I_IMP
        | I_IMP_AMB
        | I_NEG
        | I_POSS
        | ET
        | F_FIN
        | F_PRON
        | F_PRON_AMB
        | F_NEG
        | F_IMP_AMB;
}

use flag::*;

/// The Finnish word lists (rules/register/fi.toml), compiled for lookup.
pub struct FinnishAddress {
    words: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    /// Compound heads that end in -si but are not possessives (`juomavesi`).
    si_heads: Vec<Box<str>>,
    /// Compound heads that end in -nne but are not possessives (`terveystilanne`).
    nne_heads: Vec<Box<str>>,
    /// The imperatives of the listed verbs, for converting between the registers.
    imperatives: Imperatives,
}

/// 2sg imperative ↔ 2pl imperative of every listed verb (`ota` ↔ `ottakaa`). A form two verbs
/// share with different counterparts maps to `None`: converting it would be a guess. Forms
/// from a verb listed with its 1sg present win over a generated guess for the same verb listed
/// again without it (`kuunnella:kuuntelen`, `kuunnella`).
#[derive(Default)]
struct Imperatives {
    plural: ImperativeMap,
    singular: ImperativeMap,
}

/// A form, its counterpart (`None` when ambiguous), and whether the stem was given.
type ImperativeMap = HashMap<Box<str>, (Option<Box<str>>, bool), BuildHasherDefault<FxHasher>>;

impl Imperatives {
    fn add(&mut self, weak: &str, plural: &str, given: bool) {
        fn pair(map: &mut ImperativeMap, from: &str, to: &str, given: bool) {
            let entry = map
                .entry(from.into())
                .or_insert_with(|| (Some(to.into()), given));
            if given && !entry.1 {
                *entry = (Some(to.into()), true);
            } else if given == entry.1 && entry.0.as_deref().is_some_and(|e| e != to) {
                entry.0 = None;
            }
        }
        pair(&mut self.plural, weak, plural, given);
        pair(&mut self.singular, plural, weak, given);
    }
}

/// The Firefox/rustc hash: fast on the short keys of a word table.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

// ---------------------------------------------------------------------------------------------
// The lexicon file.

type Words = Vec<Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lexicon {
    pronouns: Pronouns,
    negation: Negation,
    verbs: Verbs,
    colloquial: Colloquial,
    ambiguous: Ambiguous,
    not_possessive: NotPossessive,
    context: Context,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pronouns {
    informal: Words,
    informal_ambiguous: Words,
    formal: Words,
    formal_ambiguous: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Negation {
    informal: Words,
    contextual: Words,
    formal: Words,
    other: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Verbs {
    list: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Colloquial {
    informal: Words,
    informal_imperative: Words,
    possessive: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ambiguous {
    plural_nouns: Words,
    imperative_homographs: Words,
    impersonal: Words,
    never: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotPossessive {
    si: Words,
    si_compound: Words,
    nne: Words,
    nne_compound: Words,
    tte: Words,
    isit: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    subjects: Words,
    clause_openers: Words,
    coordinators: Words,
    subordinators: Words,
    imperative_openers: Words,
    fillers: Words,
    particles: Words,
    finite: Words,
}

// ---------------------------------------------------------------------------------------------
// Verb forms.

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö')
}

/// Whether `a` then `b` stay in one syllable: a long vowel or a diphthong.
fn one_syllable(a: char, b: char) -> bool {
    a == b
        || matches!(
            (a, b),
            ('a' | 'e' | 'o' | 'u' | 'y' | 'ä' | 'ö', 'i')
                | ('a' | 'e' | 'i' | 'o', 'u')
                | ('e' | 'i' | 'ä' | 'ö', 'y')
                | ('i', 'e')
                | ('u', 'o')
                | ('y', 'ö')
        )
}

fn syllables(s: &[char]) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None; // the previous vowel, if it can still pair
    for &c in s {
        if !is_vowel(c) {
            prev = None;
            continue;
        }
        match prev {
            Some(p) if one_syllable(p, c) => prev = None,
            _ => {
                count += 1;
                prev = Some(c);
            }
        }
    }
    count
}

fn string(chars: &[char]) -> String {
    chars.iter().collect()
}

fn cat(chars: &[char], tail: &str) -> String {
    let mut s = string(chars);
    s.push_str(tail);
    s
}

/// `s` without its last `n` characters.
fn drop(s: &str, n: usize) -> &str {
    let mut end = s.len();
    for _ in 0..n {
        end -= s[..end].chars().next_back().map_or(0, char::len_utf8);
    }
    &s[..end]
}

/// The 3rd person singular present from a vowel stem: the last vowel lengthened.
fn lengthen(stem: &str) -> String {
    let mut chars = stem.chars().rev();
    let last = chars.next();
    if last.is_some() && last == chars.next() {
        stem.to_string()
    } else {
        let mut s = stem.to_string();
        s.extend(last);
        s
    }
}

/// The weak grade of a strong vowel stem: `otta` → `ota`, `anta` → `anna`, `luke` → `lue`,
/// `sulke` → `sulje`, `sopi` → `sovi`.
fn weaken(stem: &[char]) -> Vec<char> {
    let k = stem.len();
    let v = stem[k - 1];
    let mut j = k - 1;
    while j > 0 && !is_vowel(stem[j - 1]) {
        j -= 1;
    }
    if j == 0 || j == k - 1 {
        return stem.to_vec();
    }
    let mut cluster: Vec<char> = stem[j..k - 1].to_vec();
    let n = cluster.len();
    // A double stop shortens (kk, pp, tt; also after a consonant: hankki → hanki).
    if n >= 2 && cluster[n - 1] == cluster[n - 2] && matches!(cluster[n - 1], 'k' | 'p' | 't') {
        cluster.pop();
    } else {
        let c: String = cluster.iter().collect();
        let weak: &str = match c.as_str() {
            "nk" => "ng",
            "mp" => "mm",
            "lt" => "ll",
            "nt" => "nn",
            "rt" => "rr",
            "ht" => "hd",
            "lp" => "lv",
            "rp" => "rv",
            "hk" => "h",
            "lk" if v == 'e' => "lj",
            "lk" => "l",
            "rk" if v == 'e' => "rj",
            "rk" => "r",
            "t" => "d",
            "p" => "v",
            "k" => "",
            _ => return stem.to_vec(),
        };
        cluster = weak.chars().collect();
    }
    let mut out = stem[..j].to_vec();
    out.extend(cluster);
    out.push(v);
    out
}

/// The strong grade of a weak stem of a contracted verb: `paka` → `pakka` (pakata → pakkaan),
/// `tode` → `tote`, `kohda` → `kohta`. Gradations that cannot be told from the infinitive
/// (`tavata` → `tapaan`, `pelätä` → `pelkään`) are given in the lexicon.
fn strengthen(stem: &[char]) -> Vec<char> {
    let k = stem.len();
    let v = stem[k - 1];
    let mut j = k - 1;
    while j > 0 && !is_vowel(stem[j - 1]) {
        j -= 1;
    }
    if j == 0 || j == k - 1 {
        return stem.to_vec();
    }
    let c: String = stem[j..k - 1].iter().collect();
    let strong: &str = match c.as_str() {
        "k" => "kk",
        "p" => "pp",
        "t" => "tt",
        "d" => "t",
        "hd" => "ht",
        "ng" => "nk",
        _ => return stem.to_vec(),
    };
    let mut out = stem[..j].to_vec();
    out.extend(strong.chars());
    out.push(v);
    out
}

/// The forms of one verb that the detector needs.
#[derive(Debug, PartialEq, Eq)]
struct VerbForms {
    infinitive: String,
    /// The 2sg imperative and the connegative: `ota`.
    weak: String,
    /// The 2sg present: `otat`.
    present2: String,
    /// The 3sg present: `ottaa`.
    present3: String,
    /// The 2sg past: `otit`.
    past2: String,
    /// The 3sg past: `otti`.
    past3: String,
    /// The 3sg conditional: `ottaisi` (the 2sg is this + `t`).
    conditional: String,
    /// The 2pl imperative: `ottakaa`.
    imperative2pl: String,
    /// A contracted verb (tilata, haluta, nimetä) other than -ita: its imperative is often also
    /// a partitive (`halua`, `nimeä`, `tuhoa`) or the 3sg (`tilaa`).
    contracted: bool,
}

/// Generates the forms of a verb from its infinitive and, where given, its 1sg present, 1sg
/// past and 3sg conditional.
fn conjugate(
    infinitive: &str,
    present1: Option<&str>,
    past1: Option<&str>,
    conditional3: Option<&str>,
) -> Result<VerbForms, String> {
    let c: Vec<char> = infinitive.chars().collect();
    let n = c.len();
    let bad = |why: &str| Err(format!("verb `{infinitive}`: {why}"));
    if n < 3 || !matches!(c[n - 1], 'a' | 'ä') {
        return bad("an infinitive ends in -a or -ä");
    }
    for (form, name) in [(present1, "1sg present"), (past1, "1sg past")] {
        if let Some(f) = form
            && !f.ends_with('n')
        {
            return bad(&format!("the {name} `{f}` should end in -n"));
        }
    }
    if let Some(f) = conditional3
        && !f.ends_with("isi")
    {
        return bad(&format!("the 3sg conditional `{f}` should end in -isi"));
    }
    let a = c[n - 1];
    let kaa: String = ['k', a, a].iter().collect();
    let given = |f: Option<&str>| f.map(|f| drop(f, 1).to_string());
    let (p, p2) = (c[n - 2], c[n - 3]);

    let weak: String;
    let present3: String;
    let past: String;
    let past3: String;
    let conditional: String;
    let imperative2pl: String;
    if p == 'd' && is_vowel(p2) {
        // saada, voida, juoda, käydä, analysoida.
        let stem = string(&c[..n - 2]);
        weak = given(present1).unwrap_or_else(|| stem.clone());
        present3 = stem.clone();
        past = given(past1).unwrap_or_else(|| {
            let s: Vec<char> = stem.chars().collect();
            let k = s.len();
            match (k >= 2).then(|| (s[k - 2], s[k - 1])) {
                Some((x, y)) if x == y => cat(&s[..k - 1], "i"),
                Some(('u', 'o')) => cat(&s[..k - 2], "oi"),
                Some(('y', 'ö')) => cat(&s[..k - 2], "öi"),
                Some(('i', 'e')) => cat(&s[..k - 2], "ei"),
                _ if s[k - 1] == 'i' => stem.clone(),
                _ => cat(&s, "i"),
            }
        });
        past3 = past.clone();
        conditional = conditional3.map_or_else(|| format!("{past}si"), str::to_string);
        imperative2pl = format!("{stem}{kaa}");
    } else if p == 'd' && p2 == 'h' {
        // tehdä, nähdä: irregular, every stem given.
        let (Some(pr), Some(pa), Some(co)) = (present1, past1, conditional3) else {
            return bad("a verb in -hdä needs its 1sg present, 1sg past and 3sg conditional");
        };
        weak = drop(pr, 1).to_string();
        past = drop(pa, 1).to_string();
        conditional = co.to_string();
        present3 = format!("{}ee", drop(co, 3));
        past3 = format!("{}i", drop(co, 3));
        imperative2pl = cat(&c[..n - 2], &kaa);
    } else if (p == p2 && matches!(p, 'l' | 'n' | 'r')) || (p == 't' && p2 == 's') {
        // tulla, mennä, purra, nousta: a consonant stem and a vowel stem in -e.
        weak = given(present1).unwrap_or_else(|| cat(&c[..n - 2], "e"));
        present3 = lengthen(&weak);
        past = given(past1).unwrap_or_else(|| format!("{}i", drop(&weak, 1)));
        past3 = past.clone();
        conditional = conditional3.map_or_else(|| format!("{}isi", drop(&weak, 1)), str::to_string);
        imperative2pl = cat(&c[..n - 2], &kaa);
    } else if p == 't' && is_vowel(p2) {
        // Contracted verbs: tilata, haluta, todeta; valita (-itse-); vanheta (-ne-, given).
        weak = match given(present1) {
            Some(w) => w,
            None if p2 == 'i' => cat(&c[..n - 1], "se"),
            None => {
                let mut s = strengthen(&c[..n - 2]);
                s.push(a);
                string(&s)
            }
        };
        present3 = lengthen(&weak);
        let w: Vec<char> = weak.chars().collect();
        let k = w.len();
        if weak.ends_with("se") || weak.ends_with("ne") {
            past = cat(&w[..k - 1], "i");
            conditional = cat(&w[..k - 1], "isi");
        } else {
            past = cat(&w[..k - 1], "si");
            conditional = if w[k - 1] == w[k - 2] {
                cat(&w[..k - 1], "isi")
            } else {
                format!("{weak}isi")
            };
        }
        let past = given(past1).unwrap_or(past);
        past3 = past.clone();
        let conditional = conditional3.map_or(conditional, str::to_string);
        return Ok(VerbForms {
            infinitive: infinitive.to_string(),
            present2: format!("{weak}t"),
            past2: format!("{past}t"),
            contracted: !weak.ends_with("se"),
            weak,
            present3,
            past3,
            conditional,
            imperative2pl: cat(&c[..n - 1], &kaa),
        });
    } else if is_vowel(p) {
        // Vowel stems: sanoa, ottaa, lukea, oppia; consonant gradation in the weak forms.
        let s = &c[..n - 1];
        let k = s.len();
        let v = s[k - 1];
        let w: Vec<char> = match present1 {
            Some(f) => drop(f, 1).chars().collect(),
            None => weaken(s),
        };
        let wk = w.len();
        weak = string(&w);
        present3 = cat(s, &v.to_string());
        match given(past1) {
            Some(given) => {
                past3 = given.clone();
                past = given;
            }
            None => match v {
                'o' | 'u' | 'y' | 'ö' => {
                    past = format!("{weak}i");
                    past3 = cat(s, "i");
                }
                'e' => {
                    past = cat(&w[..wk - 1], "i");
                    past3 = cat(&s[..k - 1], "i");
                }
                'i' => {
                    past = weak.clone();
                    past3 = string(s);
                }
                _ => {
                    let first_a = s.iter().find(|&&ch| is_vowel(ch)) == Some(&'a');
                    let to_o = v == 'a' && first_a && syllables(s) == 2;
                    let to_si =
                        !to_o && k >= 3 && s[k - 2] == 't' && matches!(s[k - 3], 'l' | 'n' | 'r');
                    if to_si {
                        past = cat(&s[..k - 2], "si");
                        past3 = past.clone();
                    } else if to_o {
                        past = cat(&w[..wk - 1], "oi");
                        past3 = cat(&s[..k - 1], "oi");
                    } else {
                        past = cat(&w[..wk - 1], "i");
                        past3 = cat(&s[..k - 1], "i");
                    }
                }
            },
        }
        conditional = conditional3.map_or_else(
            || {
                if matches!(v, 'e' | 'i') {
                    cat(&s[..k - 1], "isi")
                } else {
                    cat(s, "isi")
                }
            },
            str::to_string,
        );
        imperative2pl = cat(s, &kaa);
    } else {
        return bad("cannot tell how it inflects from its ending");
    }
    Ok(VerbForms {
        infinitive: infinitive.to_string(),
        present2: format!("{weak}t"),
        past2: format!("{past}t"),
        weak,
        present3,
        past3,
        conditional,
        imperative2pl,
        contracted: false,
    })
}

// ---------------------------------------------------------------------------------------------
// Building the table.

struct Builder<'s> {
    source: &'s str,
    words: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    imperatives: Imperatives,
}

impl Builder<'_> {
    fn error(&self, offset: usize, message: impl std::fmt::Display) -> String {
        let (line, column) = line_column(self.source, offset);
        format!("{line}:{column}: {message}")
    }

    fn check(&self, word: &Spanned<String>) -> Result<(), String> {
        let w = word.get_ref();
        if w.is_empty() || w.chars().any(char::is_whitespace) {
            return Err(self.error(
                word.span().start,
                format!("`{w}` should be one word without spaces"),
            ));
        }
        if fold(w) != w.as_str() {
            return Err(self.error(
                word.span().start,
                format!("`{w}` should be written in lower case"),
            ));
        }
        Ok(())
    }

    fn add(&mut self, list: &Words, flags: u32) -> Result<(), String> {
        for word in list {
            self.check(word)?;
            self.set(word.get_ref(), flags);
        }
        Ok(())
    }

    fn set(&mut self, word: &str, flags: u32) {
        // Most words are set once; look up before allocating the key.
        match self.words.get_mut(word) {
            Some(f) => *f |= flags,
            None => {
                self.words.insert(word.into(), flags);
            }
        }
    }

    /// Replaces `from` with `to` on the listed words that have it (or adds `to` when `always`).
    fn demote(&mut self, list: &Words, from: u32, to: u32, always: bool) -> Result<(), String> {
        for word in list {
            self.check(word)?;
            match self.words.get_mut(word.get_ref().as_str()) {
                Some(f) if *f & from != 0 => *f = (*f & !from) | to,
                Some(f) if always => *f |= to,
                None if always => self.set(word.get_ref(), to),
                _ => {}
            }
        }
        Ok(())
    }

    fn verbs(&mut self, list: &Spanned<String>) -> Result<(), String> {
        // The list is a literal string, so its text stands in the source as it is parsed.
        let span = list.span();
        let raw = self.source.get(span.clone()).unwrap_or("");
        let text = list.get_ref();
        let mut search_from = 0;
        for token in text.split_whitespace() {
            let offset = match raw[search_from.min(raw.len())..].find(token) {
                Some(i) => {
                    search_from += i + token.len();
                    span.start + search_from - token.len()
                }
                None => span.start,
            };
            if fold(token) != token {
                return Err(self.error(offset, format!("`{token}` should be in lower case")));
            }
            let mut parts = token.split(':');
            let infinitive = parts.next().unwrap_or_default();
            let mut next = || parts.next().filter(|p| !p.is_empty());
            let (pr, pa, co) = (next(), next(), next());
            if parts.next().is_some() {
                return Err(self.error(
                    offset,
                    format!(
                        "`{token}`: write infinitive:1sg present:1sg past:3sg conditional, \
                         at most four parts"
                    ),
                ));
            }
            let forms = conjugate(infinitive, pr, pa, co).map_err(|e| self.error(offset, e))?;
            self.set(&forms.infinitive, INFINITIVE);
            for f in [&forms.present3, &forms.past3, &forms.conditional] {
                self.set(f, FINITE);
            }
            // The 1st person: a finite verb beside a bare possessive (`luin viestisi`).
            for stem in [&forms.weak, drop(&forms.past2, 1)] {
                self.set(&format!("{stem}n"), FIRST);
                self.set(&format!("{stem}mme"), FIRST);
            }
            for f in [&forms.present2, &forms.past2] {
                self.set(f, I_FIN);
            }
            self.set(&format!("{}t", forms.conditional), I_FIN);
            self.set(&forms.weak, I_IMP | CONNEG);
            if forms.contracted {
                self.set(&forms.weak, I_IMP_AMB);
            }
            // A past in a vowel + -si may be a noun with a possessive: kirjasi, lupasi.
            let mut rev = forms.past3.chars().rev();
            let (last, second, third) = (rev.next(), rev.next(), rev.next());
            if last == Some('i') && second == Some('s') && third.is_some_and(is_vowel) {
                self.set(&forms.past3, PAST_SI);
            }
            self.set(&forms.imperative2pl, F_FIN);
            self.imperatives
                .add(&forms.weak, &forms.imperative2pl, pr.is_some());
        }
        Ok(())
    }

    /// Marks what the verb forms make ambiguous: an imperative that is also a 3rd person form
    /// or an infinitive (`tilaa`, `etsi`, `valita`), or ends like an elative or partitive
    /// (`mahdollista`, `muista`); a 2pl imperative that is also an infinitive (`purkaa`); and
    /// 3rd person forms in -si (`tilasi`, `olisi`) that are not possessives.
    fn settle(&mut self) {
        for (word, f) in self.words.iter_mut() {
            if *f & I_IMP != 0
                && (*f & (FINITE | INFINITIVE | I_IMP_AMB) != 0
                    || word.ends_with("sta")
                    || word.ends_with("stä"))
            {
                *f = (*f & !I_IMP) | I_IMP_AMB;
            }
            if *f & F_FIN != 0 && *f & (FINITE | INFINITIVE) != 0 {
                *f = (*f & !F_FIN) | F_IMP_AMB;
            }
            if *f & (FINITE | INFINITIVE) != 0 && *f & EVIDENCE == 0 {
                *f |= NOT_ENDING;
            }
        }
    }
}

impl FinnishAddress {
    /// Parses the lexicon TOML; errors say what is wrong (with line:col if you can, via toml's
    /// error span).
    pub fn from_toml(source: &str) -> Result<FinnishAddress, String> {
        let lex: Lexicon = toml::from_str(source).map_err(|e| {
            let (line, column) = line_column(source, e.span().map_or(0, |s| s.start));
            format!("{line}:{column}: {}", e.message().trim())
        })?;
        let mut b = Builder {
            source,
            // About ten forms per listed verb: sized once instead of rehashing as it grows.
            words: HashMap::with_capacity_and_hasher(
                source.len() / 2,
                BuildHasherDefault::default(),
            ),
            imperatives: Imperatives::default(),
        };
        b.verbs(&lex.verbs.list)?;
        b.add(&lex.colloquial.informal, I_FIN)?;
        b.add(&lex.colloquial.informal_imperative, I_IMP | CONNEG)?;
        b.add(&lex.colloquial.possessive, I_POSS)?;
        b.settle();
        b.add(&lex.pronouns.informal, I_PRON)?;
        b.add(&lex.pronouns.informal_ambiguous, I_PRON_AMB)?;
        b.add(&lex.pronouns.formal, F_PRON)?;
        b.add(&lex.pronouns.formal_ambiguous, F_PRON_AMB)?;
        b.add(&lex.negation.informal, I_NEG | NEG)?;
        b.add(&lex.negation.contextual, ET | NEG)?;
        b.add(&lex.negation.formal, F_NEG | NEG)?;
        b.add(&lex.negation.other, NEG)?;
        b.demote(&lex.ambiguous.plural_nouns, I_FIN, I_FIN_AMB, false)?;
        b.demote(
            &lex.ambiguous.imperative_homographs,
            I_IMP,
            I_IMP_AMB,
            false,
        )?;
        b.add(&lex.ambiguous.never, NEVER)?;
        b.add(&lex.ambiguous.impersonal, IMP_FRAGILE)?;
        let np = &lex.not_possessive;
        for list in [
            &np.si,
            &np.si_compound,
            &np.nne,
            &np.nne_compound,
            &np.tte,
            &np.isit,
        ] {
            b.add(list, NOT_ENDING)?;
        }
        // A listed non-possessive is no possessive even where it is a past (tiesi, taisi).
        b.demote(&np.si, PAST_SI, 0, false)?;
        let c = &lex.context;
        b.add(&c.subjects, SUBJECT)?;
        b.add(&c.clause_openers, OPENER)?;
        b.add(&c.coordinators, COORD)?;
        b.add(&c.subordinators, SUBORD)?;
        b.add(&c.imperative_openers, IMP_OPENER)?;
        b.add(&c.fillers, FILLER)?;
        b.add(&c.particles, PARTICLE)?;
        b.add(&c.finite, FINITE)?;
        let heads = |list: &Words| list.iter().map(|w| w.get_ref().as_str().into()).collect();
        Ok(FinnishAddress {
            si_heads: heads(&np.si_compound),
            nne_heads: heads(&np.nne_compound),
            words: b.words,
            imperatives: b.imperatives,
        })
    }

    /// The 2pl imperative of a listed verb's 2sg imperative (`ota` → `ottakaa`), if only one
    /// verb has that form or all that do agree.
    pub(crate) fn imperative_plural(&self, weak: &str) -> Option<&str> {
        self.imperatives.plural.get(weak)?.0.as_deref()
    }

    /// The 2sg imperative of a listed verb's 2pl imperative (`ottakaa` → `ota`).
    pub(crate) fn imperative_singular(&self, plural: &str) -> Option<&str> {
        self.imperatives.singular.get(plural)?.0.as_deref()
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

    /// The shipped lexicon (include_str!("../../rules/register/fi.toml")), parsed once.
    pub fn shipped() -> &'static FinnishAddress {
        static SHIPPED: LazyLock<FinnishAddress> = LazyLock::new(|| {
            FinnishAddress::from_toml(include_str!("../../rules/register/fi.toml"))
                .unwrap_or_else(|e| panic!("rules/register/fi.toml:{e}"))
        });
        &SHIPPED
    }

    #[inline]
    fn get(&self, word: &str) -> u32 {
        self.words.get(word).copied().unwrap_or(0)
    }

    /// Evidence of direct address in `text[sentence]` (one sentence): each word that shows
    /// second person singular (Register::Informal) or plural (Register::Formal), as a byte
    /// range into `text` (on char boundaries) and its register. Empty when the sentence
    /// addresses no one.
    pub fn evidence(&self, text: &str, sentence: Range<usize>) -> Vec<(Range<usize>, Register)> {
        let mut out = Vec::new();
        self.evidence_in(text, std::iter::once(sentence), &mut out);
        out
    }

    /// [`FinnishAddress::evidence`] of many sentences, in order, appended to `out`. The word
    /// buffers are reused from one sentence to the next: most sentences address no one and
    /// cost a lookup per word and no allocation.
    pub fn evidence_in(
        &self,
        text: &str,
        sentences: impl IntoIterator<Item = Range<usize>>,
        out: &mut Vec<(Range<usize>, Register)>,
    ) {
        // The lower-cased words of the sentence, one after another, and per word: its range
        // in the sentence, its range in `folded`, and what it may be.
        let mut folded = String::new();
        let mut words_of: Vec<FoldedWord> = Vec::new();
        for sentence in sentences {
            let Some(piece) = text.get(sentence.clone()) else {
                continue;
            };
            folded.clear();
            words_of.clear();
            let mut any = false;
            for r in words(piece) {
                let at = folded.len();
                fold_into(&mut folded, &piece[r.clone()]);
                let (flags, cand) = self.analyze(&folded[at..]);
                any |= cand.is_some();
                words_of.push((r, at..folded.len(), flags, cand));
            }
            if !any {
                continue;
            }
            let base = sentence.start;
            let mut toks: Vec<Tok<'_>> = Vec::with_capacity(words_of.len());
            let mut prev_end = 0;
            for (r, f, flags, cand) in words_of.iter().cloned() {
                let word = &piece[r.clone()];
                let gap = &piece[prev_end..r.start];
                let first = toks.is_empty();
                toks.push(Tok {
                    range: base + r.start..base + r.end,
                    folded: Cow::Borrowed(&folded[f]),
                    flags,
                    cand,
                    upper: word.chars().next().is_some_and(char::is_uppercase),
                    initial: first || starts_sentence(gap),
                    punct: first || breaks_clause(gap),
                    clause_start: first || breaks_clause(gap) || flags & (OPENER | COORD) != 0,
                });
                prev_end = r.end;
            }
            let exclaimed = piece.trim_end().ends_with('!');
            out.extend(decide(&toks, exclaimed));
        }
    }

    /// What a lower-cased word is: its context flags, and the evidence it may be.
    fn analyze(&self, w: &str) -> (u32, Option<Cand>) {
        let f = self.get(w);
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
        (f, self.with_clitics(w).or_else(|| self.ending(w)))
    }

    /// A word with clitics: `voitko`, `sinäkin`, `tiedäthän`, `otapa`, `tules`, `ootsä`,
    /// `otappas`, `antaisiks`, `tilauksesikin`. A clitic keeps the vowel harmony of its word
    /// (`tekö` is `te` + `kö`; `teko` is a deed).
    fn with_clitics(&self, w: &str) -> Option<Cand> {
        // Every clitic and fused pronoun below ends in one of these bytes (`ä` and `ö` end in
        // A4 and B6); most words end in something else and are done with one comparison.
        let last = *w.as_bytes().last()?;
        if !matches!(last, b'o' | 0xB6 | b'n' | b's' | b'a' | 0xA4 | b'e') {
            return None;
        }
        for (q, back) in [("ko", true), ("kö", false)] {
            if let Some(base) = strip(w, q, back)
                && let Some(c) = self.question(base)
            {
                return Some(c);
            }
        }
        const TAILS: [(&str, Option<bool>); 10] = [
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
        for (t, harmony) in TAILS.iter() {
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
        for t in ["sä", "sää", "sie"] {
            if let Some(base) = before(w, t)
                && self.get(base) & (I_FIN | I_FIN_AMB | ET) != 0
            {
                return Some(Cand::new(Kind::Fin, false));
            }
        }
        // A geminated -pa: otappa, nouseppas, ootappas, meeppäs.
        for t in ["ppas", "ppäs", "ppa", "ppä"] {
            if let Some(base) = before(w, t)
                && let Some(c) = Cand::from_flags(self.get(base))
                && c.kind == Kind::Imp
            {
                return Some(c);
            }
        }
        // A colloquial question: antaisiks (antaisitko), ooksä (oletko sä), tiiäks.
        for t in ["ksää", "ksie", "ksä", "ks"] {
            if let Some(base) = before(w, t) {
                // `oliks se`, `antaisiks hän`: a 3rd person form with -ko (the pronoun, if it
                // is `sä`, is evidence of its own).
                if t == "ks" && self.get(base) & FINITE != 0 {
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
            && !self.nne_heads.iter().any(|h| w.ends_with(&**h))
        {
            return Some(Cand::new(Kind::Poss, true));
        }
        if w.ends_with("isit") && n >= 5 {
            return Some(Cand::new(Kind::Fin, false));
        }
        for t in [
            "kaas",
            "kääs",
            "kaapa",
            "kääpä",
            "kaapas",
            "kääpäs",
            "kaahan",
            "käähän",
        ] {
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
                .si_heads
                .iter()
                .any(|h| w.ends_with(&**h) && w.len() > h.len())
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

/// `word` without `tail`, if it ends so and at least two bytes are left. The last bytes are
/// compared first: most words differ there, and are done without comparing the rest.
#[inline]
fn before<'w>(word: &'w str, tail: &str) -> Option<&'w str> {
    if word.as_bytes().last() != tail.as_bytes().last() {
        return None;
    }
    word.strip_suffix(tail).filter(|b| b.len() >= 2)
}

/// `word` without the clitic `tail`, if the rest is long enough and in the vowel harmony the
/// clitic has (`back`: a, o, u; else ä, ö, y or only e, i).
fn strip<'w>(word: &'w str, tail: &str, back: bool) -> Option<&'w str> {
    let base = before(word, tail)?;
    let has_back = base.bytes().any(|b| matches!(b, b'a' | b'o' | b'u'));
    (has_back == back).then_some(base)
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

    fn from_flags(f: u32) -> Option<Cand> {
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
/// the buffer of folded words, its flags and the evidence it may be.
type FoldedWord = (Range<usize>, Range<usize>, u32, Option<Cand>);

struct Tok<'a> {
    range: Range<usize>,
    folded: Cow<'a, str>,
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
        let w = &*self.folded;
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

/// Decides each candidate in its sentence (see the module documentation).
fn decide(toks: &[Tok<'_>], exclaimed: bool) -> Vec<(Range<usize>, Register)> {
    let n = toks.len();
    // Clause and punctuation-segment numbers, and where each begins and ends.
    let mut clause = vec![0usize; n];
    let mut segment = vec![0usize; n];
    for i in 1..n {
        clause[i] = clause[i - 1] + usize::from(toks[i].clause_start);
        segment[i] = segment[i - 1] + usize::from(toks[i].punct);
    }
    let span = |ids: &[usize], i: usize| {
        let lo = ids.partition_point(|&c| c < ids[i]);
        let hi = ids.partition_point(|&c| c <= ids[i]);
        lo..hi
    };

    let mut out: Vec<(Range<usize>, Register)> = Vec::new();
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
                                && !PERSONAL.contains(&&*p.folded)
                        });
                        let road_after = next.is_some_and(|nx| {
                            matches!(&*nx.folded, "pitkin" | "myöten" | "pitkiä")
                        });
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
                    let after_conjunction = toks[span(&clause, i).start].flags & SUBORD != 0
                        && span(&clause, i).start < i;
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
                    let clause_span = span(&clause, i);
                    let later = || i + 1..clause_span.end;
                    // (A form that is also an infinitive right after it is the infinitive:
                    // `Muista tarkistaa`.)
                    let other_finite = span(&segment, i).any(|k| {
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
                    } else if span(&clause, i).any(|k| k != i && toks[k].finite_or_like()) {
                        true
                    } else {
                        deferred.push(i);
                        false
                    }
                }
                // At the head of its clause with a copula or a negation verb in it, the
                // subject: `Kirjasi on minulla`, `Lupasi ei ole voimassa`.
                Kind::PossPast => {
                    let clause_span = span(&clause, i);
                    let head = clause_span.start == i
                        || (toks[clause_span.start].flags & COORD != 0
                            && clause_span.start + 1 == i);
                    let copula = clause_span.clone().any(|k| {
                        k != i
                            && (toks[k].flags & NEG != 0
                                || matches!(&*toks[k].folded, "on" | "oli" | "ovat" | "olivat"))
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
                out.push((t.range.clone(), register));
            }
        }
        if t.flags & NEG != 0 {
            negation = true;
        }
    }
    if !deferred.is_empty() && out.iter().any(|(_, r)| *r == Register::Informal) {
        for i in deferred {
            out.push((toks[i].range.clone(), Register::Informal));
        }
        out.sort_by_key(|(r, _)| r.start);
    }
    out
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
        let w = &*t.folded;
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

    fn forms(token: &str) -> VerbForms {
        let mut parts = token.split(':');
        let inf = parts.next().unwrap();
        let mut next = || parts.next().filter(|p| !p.is_empty());
        let (a, b, c) = (next(), next(), next());
        conjugate(inf, a, b, c).unwrap()
    }

    fn check(token: &str, expected: [&str; 7]) {
        let f = forms(token);
        let got = [
            f.weak.as_str(),
            &f.present2,
            &f.present3,
            &f.past2,
            &f.past3,
            &f.conditional,
            &f.imperative2pl,
        ];
        assert_eq!(got, expected, "{token}");
    }

    #[test]
    fn vowel_stems_grade_and_form_their_past() {
        check(
            "ottaa",
            ["ota", "otat", "ottaa", "otit", "otti", "ottaisi", "ottakaa"],
        );
        check(
            "antaa",
            [
                "anna", "annat", "antaa", "annoit", "antoi", "antaisi", "antakaa",
            ],
        );
        check(
            "kertoa",
            [
                "kerro", "kerrot", "kertoo", "kerroit", "kertoi", "kertoisi", "kertokaa",
            ],
        );
        check(
            "lukea",
            ["lue", "luet", "lukee", "luit", "luki", "lukisi", "lukekaa"],
        );
        check(
            "sulkea",
            [
                "sulje", "suljet", "sulkee", "suljit", "sulki", "sulkisi", "sulkekaa",
            ],
        );
        check(
            "lähteä",
            [
                "lähde",
                "lähdet",
                "lähtee",
                "lähdit",
                "lähti",
                "lähtisi",
                "lähtekää",
            ],
        );
        check(
            "oppia",
            ["opi", "opit", "oppii", "opit", "oppi", "oppisi", "oppikaa"],
        );
        check(
            "hankkia",
            [
                "hanki",
                "hankit",
                "hankkii",
                "hankit",
                "hankki",
                "hankkisi",
                "hankkikaa",
            ],
        );
        check(
            "pitää",
            [
                "pidä",
                "pidät",
                "pitää",
                "pidit",
                "piti",
                "pitäisi",
                "pitäkää",
            ],
        );
        check(
            "kääntää::käänsin",
            [
                "käännä",
                "käännät",
                "kääntää",
                "käänsit",
                "käänsi",
                "kääntäisi",
                "kääntäkää",
            ],
        );
        check(
            "ymmärtää",
            [
                "ymmärrä",
                "ymmärrät",
                "ymmärtää",
                "ymmärsit",
                "ymmärsi",
                "ymmärtäisi",
                "ymmärtäkää",
            ],
        );
        check(
            "rakentaa",
            [
                "rakenna",
                "rakennat",
                "rakentaa",
                "rakensit",
                "rakensi",
                "rakentaisi",
                "rakentakaa",
            ],
        );
        check(
            "alkaa",
            [
                "ala", "alat", "alkaa", "aloit", "alkoi", "alkaisi", "alkakaa",
            ],
        );
        check(
            "jakaa",
            [
                "jaa", "jaat", "jakaa", "jaoit", "jakoi", "jakaisi", "jakakaa",
            ],
        );
        check(
            "auttaa",
            [
                "auta", "autat", "auttaa", "autoit", "auttoi", "auttaisi", "auttakaa",
            ],
        );
        check(
            "odottaa",
            [
                "odota",
                "odotat",
                "odottaa",
                "odotit",
                "odotti",
                "odottaisi",
                "odottakaa",
            ],
        );
        check(
            "sopia",
            [
                "sovi", "sovit", "sopii", "sovit", "sopi", "sopisi", "sopikaa",
            ],
        );
        check(
            "tuntea::tunsin",
            [
                "tunne", "tunnet", "tuntee", "tunsit", "tunsi", "tuntisi", "tuntekaa",
            ],
        );
        check(
            "vaeltaa",
            [
                "vaella",
                "vaellat",
                "vaeltaa",
                "vaelsit",
                "vaelsi",
                "vaeltaisi",
                "vaeltakaa",
            ],
        );
    }

    #[test]
    fn other_classes() {
        check(
            "saada",
            ["saa", "saat", "saa", "sait", "sai", "saisi", "saakaa"],
        );
        check(
            "juoda",
            ["juo", "juot", "juo", "joit", "joi", "joisi", "juokaa"],
        );
        check(
            "voida",
            ["voi", "voit", "voi", "voit", "voi", "voisi", "voikaa"],
        );
        check(
            "käydä::kävin",
            ["käy", "käyt", "käy", "kävit", "kävi", "kävisi", "käykää"],
        );
        check(
            "tehdä:teen:tein:tekisi",
            ["tee", "teet", "tekee", "teit", "teki", "tekisi", "tehkää"],
        );
        check(
            "tulla",
            [
                "tule", "tulet", "tulee", "tulit", "tuli", "tulisi", "tulkaa",
            ],
        );
        check(
            "nousta",
            [
                "nouse", "nouset", "nousee", "nousit", "nousi", "nousisi", "nouskaa",
            ],
        );
        check(
            "tilata",
            [
                "tilaa", "tilaat", "tilaa", "tilasit", "tilasi", "tilaisi", "tilatkaa",
            ],
        );
        check(
            "pakata",
            [
                "pakkaa", "pakkaat", "pakkaa", "pakkasit", "pakkasi", "pakkaisi", "pakatkaa",
            ],
        );
        check(
            "haluta",
            [
                "halua", "haluat", "haluaa", "halusit", "halusi", "haluaisi", "halutkaa",
            ],
        );
        check(
            "todeta:totean",
            [
                "totea", "toteat", "toteaa", "totesit", "totesi", "toteaisi", "todetkaa",
            ],
        );
        check(
            "kadota",
            [
                "katoa", "katoat", "katoaa", "katosit", "katosi", "katoaisi", "kadotkaa",
            ],
        );
        check(
            "valita",
            [
                "valitse",
                "valitset",
                "valitsee",
                "valitsit",
                "valitsi",
                "valitsisi",
                "valitkaa",
            ],
        );
        check(
            "vanheta:vanhenen",
            [
                "vanhene",
                "vanhenet",
                "vanhenee",
                "vanhenit",
                "vanheni",
                "vanhenisi",
                "vanhetkaa",
            ],
        );
        check(
            "selvitä:selviän",
            [
                "selviä",
                "selviät",
                "selviää",
                "selvisit",
                "selvisi",
                "selviäisi",
                "selvitkää",
            ],
        );
        check(
            "maata:makaan:makasin",
            [
                "makaa", "makaat", "makaa", "makasit", "makasi", "makaisi", "maatkaa",
            ],
        );
    }

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
    fn the_shipped_lexicon_parses() {
        let fi = FinnishAddress::shipped();
        assert!(fi.get("ota") & I_IMP != 0);
        assert!(fi.get("tilaa") & I_IMP_AMB != 0);
        assert!(fi.get("olisi") & NOT_ENDING != 0);
    }
}
