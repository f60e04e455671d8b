//! The Finnish register lexicon compiled for lookup: the word lists of
//! `rules/register/fi.toml`, the forms generated from its verbs, and the flags of each word.
//!
//! The build script compiles the shipped lexicon with this same file into static tables, so a
//! check starts with the lexicon ready instead of parsing and generating it (a few
//! milliseconds, a good share of a short check); [`build`] compiles any other lexicon at run
//! time. This file therefore depends on nothing from the crate but `super::fold` (the library's
//! `crate::rules::fold`; the build script includes the same file).

use super::fold;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use toml::Spanned;

/// What a word in the table is (several at once: `voit` is a 2sg verb that is also a noun).
pub mod flag {
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

/// Whether `c` is a Finnish vowel.
pub fn is_vowel(c: char) -> bool {
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
    fn error(&self, offset: usize, message: impl std::fmt::Display) -> LexiconError {
        LexiconError {
            offset,
            message: message.to_string(),
        }
    }

    fn check(&self, word: &Spanned<String>) -> Result<(), LexiconError> {
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

    fn add(&mut self, list: &Words, flags: u32) -> Result<(), LexiconError> {
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
    fn demote(
        &mut self,
        list: &Words,
        from: u32,
        to: u32,
        always: bool,
    ) -> Result<(), LexiconError> {
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

    fn verbs(&mut self, list: &Spanned<String>) -> Result<(), LexiconError> {
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

/// A problem in a lexicon file, at a byte offset of it.
#[derive(Debug)]
pub struct LexiconError {
    /// Where in the file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Compiles a lexicon file: parses it, generates the verb forms and flags every word.
pub fn build(source: &str) -> Result<Tables, LexiconError> {
    let lex: Lexicon = toml::from_str(source).map_err(|e| LexiconError {
        offset: e.span().map_or(0, |s| s.start),
        message: e.message().trim().to_string(),
    })?;
    let mut b = Builder {
        source,
        // About ten forms per listed verb: sized once instead of rehashing as it grows.
        words: HashMap::with_capacity_and_hasher(source.len() / 2, BuildHasherDefault::default()),
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
    let heads = |list: &Words| {
        WordTable::new(
            list.iter()
                .map(|w| (w.get_ref().as_str(), 0))
                .collect::<Vec<_>>(),
        )
    };
    let mut words: Vec<(&str, u32)> = b.words.iter().map(|(w, f)| (&**w, *f)).collect();
    // Sorted, so the same lexicon always compiles to the same tables.
    words.sort_unstable();
    let (plural, singular) = b.imperatives.tables();
    Ok(Tables {
        words: WordTable::new(words),
        si_heads: heads(&np.si_compound),
        nne_heads: heads(&np.nne_compound),
        plural,
        singular,
    })
}

/// A compiled lexicon: what the register detector looks words up in.
#[derive(Debug, PartialEq, Eq)]
pub struct Tables {
    /// The flags ([`flag`]) of every listed and generated word.
    pub words: WordTable,
    /// Compound heads that end in -si but are not possessives (`juomavesi`).
    pub si_heads: WordTable,
    /// Compound heads that end in -nne but are not possessives (`terveystilanne`).
    pub nne_heads: WordTable,
    /// Each 2sg imperative of a listed verb, with the index in `singular` of its 2pl
    /// imperative, or [`WordTable::NONE`] when verbs sharing the form disagree (`ota` →
    /// `ottakaa`).
    pub plural: WordTable,
    /// Each 2pl imperative, with the index in `plural` of its 2sg imperative, or
    /// [`WordTable::NONE`].
    pub singular: WordTable,
}

impl Imperatives {
    /// The two directions as tables whose values index each other's words (see [`Tables`]).
    fn tables(&self) -> (WordTable, WordTable) {
        fn sorted(map: &ImperativeMap) -> Vec<&str> {
            let mut keys: Vec<&str> = map.keys().map(|k| &**k).collect();
            keys.sort_unstable();
            keys
        }
        let (plural_keys, singular_keys) = (sorted(&self.plural), sorted(&self.singular));
        let table = |keys: &[&str], map: &ImperativeMap, other: &[&str]| {
            WordTable::new(
                keys.iter()
                    .map(|k| {
                        // Every counterpart is a key of the other direction (`add` sets both).
                        let index = map[*k].0.as_deref().map_or(WordTable::NONE, |to| {
                            other.binary_search(&to).expect("both directions") as u32
                        });
                        (*k, index)
                    })
                    .collect::<Vec<_>>(),
            )
        };
        (
            table(&plural_keys, &self.plural, &singular_keys),
            table(&singular_keys, &self.singular, &plural_keys),
        )
    }
}

/// A read-only map from words to numbers, laid out flat so that a table compiled by the build
/// script is static data: every word in one string, and an open-addressing hash index over
/// them. Tables built at run time own the same layout.
#[derive(Debug, PartialEq, Eq)]
pub struct WordTable {
    /// Every word, one after another.
    pub(super) text: Cow<'static, str>,
    /// Per word: where it ends in `text` (it starts where the previous one ends), and its
    /// value (side by side: a word found is read with its value).
    pub(super) words: Cow<'static, [(u32, u32)]>,
    /// A power of two of buckets, with room for at least twice the words. A bucket holds
    /// [`LANES`] words: first each one's tag (0 when the lane is empty, else the low 32 bits
    /// of the word's hash, made odd), then each one's index in `words`. A word is in the
    /// bucket its hash picks or, when that is full, in the first one after it with room.
    ///
    /// A lookup compares the word's tag with the bucket's four and reads a word only where
    /// they agree. A word that is not in the table but passes the [`WordTable::filter`] is
    /// done at its first bucket, whose last lane is nearly always empty, with no word read.
    pub(super) buckets: Cow<'static, [[u32; 2 * LANES]]>,
    /// A Bloom filter over the words, in blocks of 64 bits: a power of two of them, about six
    /// bits per word. A word sets three bits of the one block its hash picks. A word whose
    /// bits are not all set is not in the table, told from a few kilobytes that stay in the
    /// nearest cache: most words looked up are not in the table, and their buckets, spread
    /// over hundreds of kilobytes, would each be a wait on memory.
    pub(super) filter: Cow<'static, [u64]>,
}

/// Words per bucket of a [`WordTable`]: four tags and four indices are 32 bytes, half a cache
/// line.
pub(super) const LANES: usize = 4;

impl WordTable {
    /// The value for "no such word" where a value is a word's index.
    pub const NONE: u32 = u32::MAX;

    /// A table of `entries` in their order; a word listed twice keeps its first value.
    pub fn new<'w>(entries: impl IntoIterator<Item = (&'w str, u32)>) -> WordTable {
        let entries: Vec<(&str, u32)> = entries.into_iter().collect();
        let size = (2 * entries.len())
            .div_ceil(LANES)
            .max(2)
            .next_power_of_two();
        let blocks = (6 * entries.len())
            .div_ceil(64)
            .next_power_of_two()
            .clamp(1, 1 << 14);
        let mut table = WordTable {
            text: Cow::Owned(String::new()),
            words: Cow::Owned(Vec::new()),
            buckets: Cow::Owned(vec![[0; 2 * LANES]; size]),
            filter: Cow::Owned(vec![0; blocks]),
        };
        for (word, value) in entries {
            let h = hash(word);
            let Err(slot) = table.find(word, h) else {
                continue;
            };
            let (block, bits) = table.filter_bits(h);
            table.filter.to_mut()[block] |= bits;
            let index = u32::try_from(table.words.len()).expect("fewer than 4 billion words");
            let (text, words) = (table.text.to_mut(), table.words.to_mut());
            text.push_str(word);
            words.push((
                u32::try_from(text.len()).expect("a lexicon under 4 GiB"),
                value,
            ));
            let bucket = &mut table.buckets.to_mut()[slot / LANES];
            bucket[slot % LANES] = tag(h);
            bucket[LANES + slot % LANES] = index;
        }
        table
    }

    /// A table the build script wrote out (the fields of one [`WordTable::new`] built).
    pub const fn from_static(
        text: &'static str,
        words: &'static [(u32, u32)],
        buckets: &'static [[u32; 2 * LANES]],
        filter: &'static [u64],
    ) -> WordTable {
        WordTable {
            text: Cow::Borrowed(text),
            words: Cow::Borrowed(words),
            buckets: Cow::Borrowed(buckets),
            filter: Cow::Borrowed(filter),
        }
    }

    /// The block of [`WordTable::filter`] that a word of hash `h` picks, and the bits it sets
    /// there. The block is told by bits from 32 up (up to 2^14 blocks), the three bits by the
    /// 18 above those, and none by the tag (the low half): a word that passes the filter by
    /// chance is no likelier to match a tag.
    #[inline]
    fn filter_bits(&self, h: u64) -> (usize, u64) {
        let block = (h >> 32) as usize & (self.filter.len() - 1);
        let bit = |shift: u32| 1u64 << ((h >> shift) & 63);
        (block, bit(46) | bit(52) | bit(58))
    }

    /// The index of `word` (whose [`hash`] is `h`), or the empty lane where it would go (as
    /// bucket × [`LANES`] + lane).
    #[inline]
    fn find(&self, word: &str, h: u64) -> Result<usize, usize> {
        let tag = tag(h);
        let mask = self.buckets.len() - 1;
        // The top bits pick the bucket (the best mixed), the low ones make the tag.
        let mut b = (h >> (64 - self.buckets.len().trailing_zeros())) as usize;
        loop {
            let bucket = &self.buckets[b];
            // One bit per lane that holds the tag.
            let mut same = 0u32;
            for (lane, t) in bucket[..LANES].iter().enumerate() {
                same |= u32::from(*t == tag) << lane;
            }
            while same != 0 {
                let i = bucket[LANES + same.trailing_zeros() as usize] as usize;
                if same_bytes(self.word_bytes(i), word.as_bytes()) {
                    return Ok(i);
                }
                same &= same - 1;
            }
            // Lanes fill in order, so a bucket with room has its last lane empty: one test,
            // nearly always true.
            if bucket[LANES - 1] == 0 {
                let lane = bucket[..LANES].iter().position(|t| *t == 0).unwrap_or(0);
                return Err(b * LANES + lane);
            }
            b = (b + 1) & mask;
        }
    }

    /// The value of `word`, if it is in the table.
    #[inline]
    pub fn get(&self, word: &str) -> Option<u32> {
        let h = hash(word);
        let (block, bits) = self.filter_bits(h);
        if self.filter[block] & bits != bits {
            return None;
        }
        self.find(word, h).ok().map(|i| self.words[i].1)
    }

    /// The `i`th word.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].0 as usize
        };
        &self.text[start..self.words[i].0 as usize]
    }

    /// The `i`th word's bytes: compared without `str`'s checks of character boundaries.
    #[inline]
    fn word_bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].0 as usize
        };
        &self.text.as_bytes()[start..self.words[i].0 as usize]
    }

    /// The words, in the order they were given.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.words.len()).map(|i| self.word(i))
    }
}

/// A word's tag in its bucket: the low half of its hash, never 0 (an empty lane).
#[inline]
fn tag(hash: u64) -> u32 {
    hash as u32 | 1
}

/// Whether two words are the same, compared eight (or four) bytes at a time as [`hash`] reads
/// them: a word found by its tag is nearly always the one looked up, and `memcmp`'s call and
/// dispatch on the length would cost more than the compare.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let u64_at = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    match n {
        // The first eight bytes and the last eight, overlapping.
        8..=16 => u64_at(a, 0) == u64_at(b, 0) && u64_at(a, n - 8) == u64_at(b, n - 8),
        4..8 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        // The first, middle and last bytes are every byte of a word this short.
        1..4 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        0 => true,
        _ => a == b,
    }
}

/// The hash of a word (the same in the build script as at run time). Its bytes are read eight
/// (or four) at a time, not one by one: most words are 4 to 12 bytes, and a lookup hashes one
/// word with one or two multiplications. Together with the length the loads cover every byte.
#[inline]
fn hash(word: &str) -> u64 {
    // A 64×64→128-bit multiply folded to 64 bits: every output bit depends on every input bit,
    // so the top bits (the slot) and the low ones (the fingerprint) are both well mixed.
    #[inline]
    fn mix(x: u64) -> u64 {
        let p = u128::from(x) * 0x9e37_79b9_7f4a_7c15;
        (p as u64) ^ ((p >> 64) as u64)
    }
    let b = word.as_bytes();
    let n = b.len();
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    let seed = (n as u64).rotate_right(8);
    if n > 8 {
        let mut h = seed;
        let mut i = 0;
        while i + 8 < n {
            h = mix(h ^ u64_at(i));
            i += 8;
        }
        // The last eight bytes, overlapping the chunk before.
        mix(h ^ u64_at(n - 8))
    } else if n >= 4 {
        mix(seed ^ (u32_at(0) | (u32_at(n - 4) << 32)))
    } else if n > 0 {
        let (first, mid, last) = (u64::from(b[0]), u64::from(b[n / 2]), u64::from(b[n - 1]));
        mix(seed ^ (first | (mid << 8) | (last << 16)))
    } else {
        mix(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_table_finds_its_words_and_only_them() {
        let words = ["ota", "ottakaa", "", "älä", "ota"];
        let table = WordTable::new(words.iter().enumerate().map(|(i, w)| (*w, i as u32)));
        // A word given twice keeps its first value.
        assert_eq!(
            table.words().collect::<Vec<_>>(),
            ["ota", "ottakaa", "", "älä"]
        );
        for (i, w) in words.iter().enumerate().take(4) {
            assert_eq!(table.get(w), Some(i as u32), "{w}");
            assert_eq!(table.word(i), *w);
        }
        for w in ["ot", "otaa", "ÄLÄ", "älää"] {
            assert_eq!(table.get(w), None, "{w}");
        }
        assert_eq!(WordTable::new([]).get("ota"), None);
        // Many words: some buckets fill, and their words go on to the next.
        let many: Vec<String> = (0..1000).map(|i| format!("sana{i}")).collect();
        let table = WordTable::new(many.iter().map(|w| (w.as_str(), w.len() as u32)));
        assert!(many.iter().all(|w| table.get(w) == Some(w.len() as u32)));
        assert_eq!(table.get("sana1000"), None);
    }

    #[test]
    fn the_filter_passes_every_word_of_its_table_and_few_others() {
        let passes = |table: &WordTable, w: &str| {
            let (block, bits) = table.filter_bits(hash(w));
            table.filter[block] & bits == bits
        };
        for n in [0, 1, 10, 1000, 20_000] {
            let words: Vec<String> = (0..n).map(|i| format!("sana{i}")).collect();
            let table = WordTable::new(words.iter().map(|w| (w.as_str(), 0)));
            assert!(table.filter.len().is_power_of_two(), "{n}");
            assert!(words.iter().all(|w| passes(&table, w)), "{n}");
            // About six bits per word and three set per word: a few percent of other words
            // pass (the lookup then reads their bucket and finds them absent).
            let others: Vec<String> = (0..10_000).map(|i| format!("muu{i}")).collect();
            let passed = others.iter().filter(|w| passes(&table, w)).count();
            assert!(passed < 1_000, "{n}: {passed} of 10000 others pass");
            assert!(others.iter().all(|w| table.get(w).is_none()), "{n}");
        }
        // The shipped lexicon's filter is the one its table was built with.
        let shipped = &crate::check::register_fi::FinnishAddress::shipped()
            .tables
            .words;
        assert!(shipped.words().all(|w| passes(shipped, w)));
    }

    #[test]
    fn words_are_compared_as_slices_compare() {
        let long: String = "äbcdefghijklmnopqrstuvwxyzåöäbcdefgh".into();
        let bytes = long.as_bytes();
        for n in 0..bytes.len() {
            let a = &bytes[..n];
            assert!(same_bytes(a, a), "{n}");
            assert!(!same_bytes(a, &bytes[1..=n]) || a == &bytes[1..=n], "{n}");
            for at in 0..n {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{n} {at}");
            }
            assert!(!same_bytes(a, &bytes[..n + 1]), "{n}");
        }
    }

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
}
