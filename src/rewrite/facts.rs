//! The facts of a draft that Sävy can see: amounts, dates, times, URLs, email addresses, order
//! and invoice numbers, other numbers, and names. A rewrite may say everything differently but
//! these: a reply that loses the order number or changes the amount is worse than a cold one.
//!
//! Found with patterns, not understood: the aim is to notice what a rewrite drops, so when in
//! doubt something counts as a fact (a capitalised word inside a sentence is taken for a name).
//! Each fact is compared by what it means where that is cheap to know — `49,90 €` and `€49.90`
//! are the same amount, `24.11.2026` and `November 24, 2026` the same date, `Liisa` survives as
//! `Liisalle` — and by its text otherwise.

use crate::text::{Lang, Normalized, sentences, words};
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// What kind of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    /// A sum of money with its currency: `49,90 €`, `€49.90`, `12 euroa`.
    Amount,
    /// A calendar date: `24.11.2026`, `24.11.`, `2026-11-24`, `Nov 24`, `24. marraskuuta`.
    Date,
    /// A time of day: `klo 14.30`, `14:30`, `2 pm`.
    Time,
    /// A web address.
    Url,
    /// An email address.
    Email,
    /// An order, invoice, ticket or other reference number: `#A-12345`, `tilausnumero 558812`.
    Reference,
    /// Any other number: `14 päivää`, `3 items`.
    Number,
    /// A person's or company's name: the greeting's, the signature's, a capitalised word
    /// inside a sentence.
    Name,
}

impl FactKind {
    /// How the kind is named in a reason.
    pub fn name(self) -> &'static str {
        match self {
            FactKind::Amount => "amount",
            FactKind::Date => "date",
            FactKind::Time => "time",
            FactKind::Url => "URL",
            FactKind::Email => "email address",
            FactKind::Reference => "reference number",
            FactKind::Number => "number",
            FactKind::Name => "name",
        }
    }
}

/// One fact in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What kind of fact.
    pub kind: FactKind,
    /// Byte offset where it starts in the draft.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Its words as written.
    pub text: String,
    /// What it is compared by: a canonical amount, date or time, or a folded text.
    key: Key,
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} {}", self.kind.name(), self.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// A currency and a canonical value (`EUR`, `1234.5`).
    Amount(&'static str, String),
    /// A canonical value without currency.
    Number(String),
    /// Year (when written), month, day.
    Date(Option<u16>, u8, u8),
    /// Hours and minutes, 24-hour.
    Time(u8, u8),
    /// Text to find, compared case-insensitively.
    Text(String),
    /// The start of a name: found again at the start of a capitalised word.
    Stem(String),
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// A number: space-grouped thousands (`1 234,50`, with a no-break or narrow no-break space
/// too), comma-grouped thousands (`1,234.50`), or digits with at most one decimal separator.
const NUM: &str = r"[0-9]{1,3}(?:[ \x{A0}\x{202F}][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?|[0-9]+(?:[.,][0-9]+)?";

const EN_MONTHS: &str = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const FI_MONTHS: [&str; 12] = [
    "tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras",
    "joulu",
];

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid fact pattern")
}

static URL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\b(?:https?://|www\.)[^\s<>\x22«»]+"));
static EMAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"));
/// `#A-12345`, `#558812`.
static HASH_REF: Lazy<Regex> = Lazy::new(|| re(r"#[A-Za-z0-9](?:[A-Za-z0-9/_-]*[A-Za-z0-9])?"));
/// A reference word, then its code: `tilausnumerosi on 558812`, `order no. A-1234`.
static NAMED_REF: Lazy<Regex> = Lazy::new(|| {
    re(concat!(
        r"(?i)\b(?:",
        r"(?:tilaus|lasku|asiakas|viite|sopimus|tiketti|tapaus|palautus|seuranta|lähetys|reklamaatio|varaus)(?:numero|nro|tunnus|koodi)\p{L}*",
        r"|nro|numero",
        r"|(?:order|invoice|reference|ref|ticket|case|tracking|customer|account|booking|reservation|rma)(?:\s+(?:number|no\.?|nr\.?|id|code))?",
        r")(?:\s+(?:on|oli|is|was))?\s*[:#]?\s*",
        r"(?P<code>[A-Za-z]{0,6}[-/]?[0-9][A-Za-z0-9/_-]*[A-Za-z0-9]|[0-9])",
    ))
});
/// A code on its own: capitals and at least three digits, `ORD-2026-0042`, `AB12345`.
static CODE: Lazy<Regex> = Lazy::new(|| re(r"\b[A-Z]{1,6}-?[0-9]{3,}(?:[-/][A-Za-z0-9]+)*\b"));
static AMOUNT: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)(?P<before>€|\$|£|\bEUR|\bUSD|\bGBP|\bSEK)[ \x{{A0}}\x{{202F}}]?(?P<n1>{NUM})|(?P<n2>{NUM})[ \x{{A0}}\x{{202F}}]?(?P<after>€|\$|£|EUR\b|USD\b|GBP\b|SEK\b|NOK\b|kr\b|euro\p{{L}}*|dollar\p{{L}}*|pounds?\b|snt\b|senttiä\b|cents?\b)"
    ))
});
static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| re(r"\b(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})\b"));
/// `24.11.2026`, and in Finnish `24.11.` too.
static DOTTED_DATE: Lazy<Regex> =
    Lazy::new(|| re(r"\b(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4}|[0-9]{2})?"));
static SLASHED_DATE: Lazy<Regex> =
    Lazy::new(|| re(r"\b(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})\b"));
static EN_DATE_MONTH_FIRST: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"\b{EN_MONTHS}\.?\s(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y>[0-9]{{4}})\b)?"
    ))
});
static EN_DATE_DAY_FIRST: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{EN_MONTHS}\b\.?(?:,?\s(?P<y>[0-9]{{4}})\b)?"
    ))
});
static FI_DATE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<d>[0-9]{{1,2}})\.\s?(?P<month>{})kuu\p{{L}}*(?:\s(?P<y>[0-9]{{4}})\b)?",
        FI_MONTHS.join("|")
    ))
});
static CLOCK_TIME: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?P<h>[01]?[0-9]|2[0-3]):(?P<m>[0-5][0-9])\b(?:\s?(?P<ap>[ap])(?:\.m\.|m\b))?")
});
static AMPM_TIME: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?P<h>1[0-2]|0?[1-9])\s?(?P<ap>[ap])(?:\.m\.|m\b)"));
static KLO_TIME: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\bklo\.?\s?(?P<h>[01]?[0-9]|2[0-3])(?:[.:](?P<m>[0-5][0-9]))?\b"));
/// Finnish writes times with a dot: `14.30`.
static DOTTED_TIME: Lazy<Regex> =
    Lazy::new(|| re(r"\b(?P<h>[01]?[0-9]|2[0-3])\.(?P<m>[0-5][0-9])\b"));
static NUMBER: Lazy<Regex> = Lazy::new(|| re(NUM));

/// Capitalised words that are no names: the English `I`, and teitittely's capitalised `Te`.
const NOT_NAMES: &[&str] = &[
    "I", "I'm", "I'll", "I've", "I'd", "I’m", "I’ll", "I’ve", "I’d", "Te", "Teidän", "Teille",
    "Teitä", "Teillä", "Teiltä", "Teihin", "Teistä", "Teissä", "Teidät",
];

// ---------------------------------------------------------------------------------------------
// Extraction

/// Ranges already taken by a fact, so a number inside a date or a code is not a second fact.
#[derive(Default)]
struct Claimed(BTreeMap<usize, usize>);

impl Claimed {
    fn overlaps(&self, r: &Range<usize>) -> bool {
        // The claimed range starting last before `r.end` is the only one that can overlap.
        self.0
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start)
    }

    fn claim(&mut self, r: &Range<usize>) {
        self.0.insert(r.start, r.end);
    }
}

struct Finder<'t> {
    text: &'t str,
    lang: Lang,
    claimed: Claimed,
    out: Vec<Fact>,
}

impl Finder<'_> {
    /// Records a fact unless its range is taken.
    fn add(&mut self, kind: FactKind, range: Range<usize>, key: Key) -> bool {
        if range.is_empty() || self.claimed.overlaps(&range) {
            return false;
        }
        self.claimed.claim(&range);
        self.out.push(Fact {
            kind,
            text: self.text[range.clone()].to_string(),
            start: range.start,
            end: range.end,
            key,
        });
        true
    }
}

/// Whether the characters around `range` leave it standing alone: no letter or digit right
/// before it, and no digit right after.
fn stands_alone(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '#')
        && !after.is_some_and(|c| c.is_ascii_digit())
}

/// A number's value, the same however it is grouped or which decimal mark it uses:
/// `1 234,50`, `1,234.50` and `1234.5` are all `1234.5`; `49,00` is `49`.
fn canonical_number(s: &str) -> String {
    let digits_and_marks: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    // The last mark followed by one or two digits is the decimal mark; other marks group.
    let last_mark = digits_and_marks
        .iter()
        .rposition(|c| matches!(c, ',' | '.'));
    let (int, frac): (String, String) = match last_mark {
        Some(i) if (1..=2).contains(&(digits_and_marks.len() - i - 1)) => (
            digits_and_marks[..i]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .collect(),
            digits_and_marks[i + 1..].iter().collect(),
        ),
        _ => (
            digits_and_marks
                .iter()
                .filter(|c| c.is_ascii_digit())
                .collect(),
            String::new(),
        ),
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

fn currency(symbol: &str) -> &'static str {
    let s = symbol.to_lowercase();
    match s.as_str() {
        "€" | "eur" => "EUR",
        "$" | "usd" => "USD",
        "£" | "gbp" => "GBP",
        "sek" => "SEK",
        "nok" => "NOK",
        "kr" => "KR",
        "snt" | "senttiä" | "cent" | "cents" => "CENT",
        _ if s.starts_with("euro") => "EUR",
        _ if s.starts_with("dollar") => "USD",
        _ if s.starts_with("pound") => "GBP",
        _ => "?",
    }
}

fn en_month(name: &str) -> u8 {
    const PREFIXES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    PREFIXES
        .iter()
        .position(|p| name.starts_with(p))
        .map_or(0, |i| i as u8 + 1)
}

fn fi_month(name: &str) -> u8 {
    let name = name.to_lowercase();
    FI_MONTHS
        .iter()
        .position(|m| *m == name)
        .map_or(0, |i| i as u8 + 1)
}

fn year(y: Option<regex::Match<'_>>) -> Option<u16> {
    let y: u16 = y?.as_str().parse().ok()?;
    Some(if y < 100 { 2000 + y } else { y })
}

fn date_key(y: Option<u16>, m: u8, d: u8) -> Option<Key> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Key::Date(y, m, d))
}

fn num<T: std::str::FromStr>(m: Option<regex::Match<'_>>) -> Option<T> {
    m?.as_str().parse().ok()
}

/// 24-hour hours from a clock hour and an optional `a`/`p`.
fn hours(h: u8, ap: Option<regex::Match<'_>>) -> u8 {
    match ap.map(|m| m.as_str().to_ascii_lowercase()) {
        Some(ap) if ap == "p" && h < 12 => h + 12,
        Some(ap) if ap == "a" && h == 12 => 0,
        _ => h,
    }
}

/// Trailing punctuation a URL does not end with: the sentence's, or a closing bracket it did
/// not open.
fn trim_url(url: &str) -> &str {
    let mut u = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’', '”', '»']);
    while u.ends_with(')') && u.matches('(').count() < u.matches(')').count() {
        u = u[..u.len() - 1].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    }
    u
}

/// The start of a name that its inflected forms share: `Liisa` → `Liis`, `Virtanen` → `Virta`.
fn name_stem(name: &str) -> String {
    let n = name.chars().count();
    name.chars().take(n.saturating_sub(3).max(4)).collect()
}

fn is_capitalised(word: &str) -> bool {
    // All capitals is an acronym or shouting, not a name; so is an acronym's compound
    // (`ALV-asiasta`).
    let head = word.split('-').next().unwrap_or(word);
    let mut letters = head.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let all_caps = letters.clone().next().is_some() && letters.all(char::is_uppercase);
    first.is_uppercase() && !all_caps
}

/// The facts of a draft in `lang`, in order of position. They are found in the draft's NFC
/// form (`a` + U+0308 is `ä`); offsets and texts are the draft's as written.
pub fn facts(text: &str, lang: Lang) -> Vec<Fact> {
    let normalized = Normalized::new(text);
    let mut found = facts_of_normalized(normalized.text(), lang);
    for fact in &mut found {
        let at = normalized.original_range(fact.start..fact.end);
        (fact.start, fact.end) = (at.start, at.end);
        fact.text = text[at].to_string();
    }
    found
}

fn facts_of_normalized(text: &str, lang: Lang) -> Vec<Fact> {
    let mut f = Finder {
        text,
        lang,
        claimed: Claimed::default(),
        out: Vec::new(),
    };
    find_addresses(&mut f);
    find_references(&mut f);
    find_amounts(&mut f);
    find_dates(&mut f);
    find_times(&mut f);
    find_numbers(&mut f);
    find_names(&mut f);
    f.out.sort_by_key(|fact| (fact.start, fact.end));
    f.out
}

fn find_addresses(f: &mut Finder<'_>) {
    for m in URL.find_iter(f.text) {
        let url = trim_url(m.as_str());
        let key = Key::Text(url.trim_end_matches('/').to_lowercase());
        f.add(FactKind::Url, m.start()..m.start() + url.len(), key);
    }
    for m in EMAIL.find_iter(f.text) {
        let key = Key::Text(m.as_str().to_lowercase());
        f.add(FactKind::Email, m.range(), key);
    }
}

fn find_references(f: &mut Finder<'_>) {
    let has_digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    for m in HASH_REF.find_iter(f.text) {
        if has_digit(m.as_str()) {
            let key = Key::Text(m.as_str()[1..].to_lowercase());
            f.add(FactKind::Reference, m.range(), key);
        }
    }
    for c in NAMED_REF.captures_iter(f.text) {
        let code = c.name("code").expect("the pattern has a code");
        // A reference has some length to it: `order 2` is a count, not an order.
        if code.as_str().bytes().filter(u8::is_ascii_digit).count() >= 3 {
            let key = Key::Text(code.as_str().to_lowercase());
            f.add(FactKind::Reference, code.range(), key);
        }
    }
    for m in CODE.find_iter(f.text) {
        let key = Key::Text(m.as_str().to_lowercase());
        f.add(FactKind::Reference, m.range(), key);
    }
}

fn find_amounts(f: &mut Finder<'_>) {
    for c in AMOUNT.captures_iter(f.text) {
        let whole = c.get(0).expect("a match");
        let (n, symbol) = match (c.name("n1"), c.name("n2")) {
            (Some(n), _) => (n, c.name("before")),
            (None, Some(n)) => (n, c.name("after")),
            (None, None) => continue,
        };
        let Some(symbol) = symbol else { continue };
        if !stands_alone(f.text, &n.range()) {
            continue;
        }
        let key = Key::Amount(currency(symbol.as_str()), canonical_number(n.as_str()));
        f.add(FactKind::Amount, whole.range(), key);
    }
}

fn find_dates(f: &mut Finder<'_>) {
    let text = f.text;
    for c in ISO_DATE.captures_iter(text) {
        if let Some(key) = date_key(
            year(c.name("y")),
            num(c.name("m")).unwrap_or(0),
            num(c.name("d")).unwrap_or(0),
        ) {
            f.add(FactKind::Date, c.get(0).expect("a match").range(), key);
        }
    }
    for re in [&*EN_DATE_MONTH_FIRST, &*EN_DATE_DAY_FIRST] {
        for c in re.captures_iter(text) {
            let m = c.name("month").map_or(0, |m| en_month(m.as_str()));
            if let Some(key) = date_key(year(c.name("y")), m, num(c.name("d")).unwrap_or(0)) {
                f.add(FactKind::Date, c.get(0).expect("a match").range(), key);
            }
        }
    }
    for c in FI_DATE.captures_iter(text) {
        let m = c.name("month").map_or(0, |m| fi_month(m.as_str()));
        if let Some(key) = date_key(year(c.name("y")), m, num(c.name("d")).unwrap_or(0)) {
            f.add(FactKind::Date, c.get(0).expect("a match").range(), key);
        }
    }
    for c in DOTTED_DATE.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        // `24.11.` is a date in Finnish; in English `2.5.` ends a sentence with a number.
        if c.name("y").is_none() && f.lang != Lang::Fi {
            continue;
        }
        if text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (d, m) = (num(c.name("d")).unwrap_or(0), num(c.name("m")).unwrap_or(0));
        if let Some(key) = date_key(year(c.name("y")), m, d) {
            f.add(FactKind::Date, whole.range(), key);
        }
    }
    for c in SLASHED_DATE.captures_iter(text) {
        let (a, b): (u8, u8) = (num(c.name("a")).unwrap_or(0), num(c.name("b")).unwrap_or(0));
        // Day first unless it cannot be, or the draft is English and it could be either.
        let (d, m) = if a > 12 || (b <= 12 && f.lang == Lang::Fi) {
            (a, b)
        } else {
            (b, a)
        };
        if let Some(key) = date_key(year(c.name("y")), m, d) {
            f.add(FactKind::Date, c.get(0).expect("a match").range(), key);
        }
    }
}

fn find_times(f: &mut Finder<'_>) {
    let text = f.text;
    for re in [&*CLOCK_TIME, &*AMPM_TIME, &*KLO_TIME] {
        for c in re.captures_iter(text) {
            let h = hours(num(c.name("h")).unwrap_or(0), c.name("ap"));
            let m = num(c.name("m")).unwrap_or(0);
            f.add(
                FactKind::Time,
                c.get(0).expect("a match").range(),
                Key::Time(h, m),
            );
        }
    }
    if f.lang == Lang::Fi {
        for c in DOTTED_TIME.captures_iter(text) {
            let whole = c.get(0).expect("a match");
            // `1.12.2026` is a date and `2.10.3` a version, not times.
            let longer = text[whole.end()..]
                .strip_prefix('.')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            if longer || !stands_alone(text, &whole.range()) {
                continue;
            }
            let key = Key::Time(num(c.name("h")).unwrap_or(0), num(c.name("m")).unwrap_or(0));
            f.add(FactKind::Time, whole.range(), key);
        }
    }
}

fn find_numbers(f: &mut Finder<'_>) {
    for m in NUMBER.find_iter(f.text) {
        let before = f.text[..m.start()].chars().next_back();
        // Part of a word (`mp3`, `COVID-19`), not a number of its own.
        if before.is_some_and(|c| c.is_alphabetic() || c == '-') {
            continue;
        }
        let key = Key::Number(canonical_number(m.as_str()));
        f.add(FactKind::Number, m.range(), key);
    }
}

fn find_names(f: &mut Finder<'_>) {
    let text = f.text;
    // The first word of a sentence is capitalised whatever it is; so is the word after a colon.
    let mut initial: Vec<usize> = sentences(text)
        .iter()
        .filter_map(|s| words(&text[s.range()]).next().map(|w| s.start() + w.start))
        .collect();
    initial.extend(text.match_indices(':').filter_map(|(i, _)| {
        let rest = &text[i + 1..];
        let skipped = rest.len() - rest.trim_start().len();
        words(rest.trim_start())
            .next()
            .filter(|w| w.start == 0)
            .map(|_| i + 1 + skipped)
    }));
    initial.sort_unstable();
    for w in words(text) {
        let word = &text[w.clone()];
        // Finnish case endings after a colon (`EU:n`) belong to the word they follow.
        let word = word.split(':').next().unwrap_or(word);
        let range = w.start..w.start + word.len();
        if !is_capitalised(word)
            || word.bytes().any(|b| b.is_ascii_digit())
            || NOT_NAMES.contains(&word)
            || initial.binary_search(&w.start).is_ok()
            || text[..w.start].ends_with('[')
        {
            continue;
        }
        f.add(FactKind::Name, range, Key::Stem(name_stem(word)));
    }
    // A signature: a short last line of capitalised words after a short closing line
    // (`Terveisin` / `Liisa`).
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if let [.., (_, closing), (at, last)] = lines.as_slice() {
        let short = |l: &str| l.split_whitespace().count() <= 3;
        let closing = closing.trim();
        let signature = last.trim();
        if short(closing)
            && !closing.ends_with(['.', '!', '?'])
            && short(signature)
            && !signature.ends_with(['.', '!', '?', ':'])
        {
            let lead = last.len() - last.trim_start().len();
            for w in words(signature) {
                let word = &signature[w.clone()];
                if is_capitalised(word) && !NOT_NAMES.contains(&word) {
                    let start = at + lead + w.start;
                    f.add(
                        FactKind::Name,
                        start..start + word.len(),
                        Key::Stem(name_stem(word)),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing

/// The first fact of `facts` (found in a draft in `lang`) that `candidate` no longer has.
pub fn first_missing<'f>(facts: &'f [Fact], candidate: &str, lang: Lang) -> Option<&'f Fact> {
    missing(facts, candidate, lang).into_iter().next()
}

/// Every fact of `facts` that `candidate` no longer has, in order.
pub fn missing<'f>(facts: &'f [Fact], candidate: &str, lang: Lang) -> Vec<&'f Fact> {
    let normalized = Normalized::new(candidate);
    let candidate = normalized.text();
    let found = facts_of_normalized(candidate, lang);
    let lower = candidate.to_lowercase();
    facts
        .iter()
        .filter(|fact| !survives(fact, &found, candidate, &lower))
        .collect()
}

fn survives(fact: &Fact, found: &[Fact], candidate: &str, lower: &str) -> bool {
    match &fact.key {
        Key::Amount(..) | Key::Time(..) => found.iter().any(|f| f.key == fact.key),
        Key::Date(year, month, day) => found.iter().any(|f| {
            matches!(f.key, Key::Date(y, m, d)
                if m == *month && d == *day && (year.is_none() || y == *year))
        }),
        Key::Number(value) => {
            found.iter().any(|f| match &f.key {
                Key::Number(v) | Key::Amount(_, v) => v == value,
                _ => false,
            }) || contains_number(candidate, &fact.text)
        }
        Key::Text(t) => lower.contains(t.as_str()),
        Key::Stem(stem) => words(candidate).any(|w| {
            let word = &candidate[w];
            is_capitalised(word) && word.starts_with(stem.as_str())
        }),
    }
}

/// Whether `number` is written in `text` with no digit on either side (inside a code or a
/// date, say).
fn contains_number(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(i, _)| {
        !text[..i].ends_with(|c: char| c.is_ascii_digit())
            && !text[i + number.len()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, lang: Lang) -> Vec<(FactKind, &str)> {
        facts(text, lang)
            .into_iter()
            .map(|f| {
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                assert_eq!(&text[f.start..f.end], f.text);
                (f.kind, &text[f.start..f.end])
            })
            .collect()
    }

    use FactKind::*;

    #[test]
    fn finnish_amounts_dates_times_and_references() {
        let text = "Hei Anna,\n\nlaskun summa on 1 234,50 € ja eräpäivä 24.11.2026. Tilausnumerosi on 558812, \
                    toimitus 3.12. klo 14.30. Palautus maksaa 4,90 euroa.\n\nTerveisin\nLiisa\n";
        assert_eq!(
            found(text, Lang::Fi),
            [
                (Name, "Anna"),
                (Amount, "1 234,50 €"),
                (Date, "24.11.2026"),
                (Reference, "558812"),
                (Date, "3.12."),
                (Time, "klo 14.30"),
                (Amount, "4,90 euroa"),
                (Name, "Liisa"),
            ]
        );
        assert_eq!(
            found("Tilaus #A-12345 saapuu 24. marraskuuta.", Lang::Fi),
            [(Reference, "#A-12345"), (Date, "24. marraskuuta")]
        );
        assert_eq!(
            found("Palautusaika on 14 päivää, tilausnro 2026-0042.", Lang::Fi),
            [(Number, "14"), (Reference, "2026-0042")]
        );
    }

    #[test]
    fn english_amounts_dates_times_and_references() {
        let text = "Hi Sam, your refund of €49.90 for order #A-12345 reaches you by Nov 24. \
                    Track it at https://example.com/track?id=7 (or mail help@example.com) before 5 pm. \
                    Invoice number INV-2026-77 was $1,234.50, due 11/24/2026.";
        assert_eq!(
            found(text, Lang::En),
            [
                (Name, "Sam"),
                (Amount, "€49.90"),
                (Reference, "#A-12345"),
                (Date, "Nov 24"),
                (Url, "https://example.com/track?id=7"),
                (Email, "help@example.com"),
                (Time, "5 pm"),
                (Reference, "INV-2026-77"),
                (Amount, "$1,234.50"),
                (Date, "11/24/2026"),
            ]
        );
        assert_eq!(
            found(
                "It ships on 24 November 2026 at 14:30; see www.example.fi.",
                Lang::En
            ),
            [
                (Date, "24 November 2026"),
                (Time, "14:30"),
                (Url, "www.example.fi")
            ]
        );
    }

    #[test]
    fn names_are_capitalised_words_inside_sentences_but_no_pronouns_or_acronyms() {
        assert_eq!(
            found(
                "Kiitos, että kerroit. Välitin viestin Mikalle ja Teille ALV-asiasta.",
                Lang::Fi
            ),
            [(Name, "Mikalle")]
        );
        assert_eq!(found("Thanks! I will ask our EU team.", Lang::En), []);
        assert_eq!(found("Huom: Tilaus on matkalla.", Lang::Fi), []);
        assert_eq!(found("Hei [nimi],\nkiitos.", Lang::Fi), []);
        // NFD and non-Latin letters stay whole words, offsets on character boundaries.
        let nfd = "Kiitos, Ma\u{0308}rta ja Ørjan!";
        assert_eq!(
            found(nfd, Lang::Fi),
            [(Name, "Ma\u{0308}rta"), (Name, "Ørjan")]
        );
    }

    #[test]
    fn facts_keep_to_character_boundaries_and_leave_punctuation_out() {
        assert_eq!(
            found(
                "Summa 1\u{A0}234,50\u{A0}€ 🙂 (katso https://kauppa.fi/lasku?id=7).",
                Lang::Fi
            ),
            [
                (Amount, "1\u{A0}234,50\u{A0}€"),
                (Url, "https://kauppa.fi/lasku?id=7")
            ]
        );
        assert_eq!(
            found(
                "Ks. https://fi.wikipedia.org/wiki/Sävy_(musiikki), tai asiakaspalvelu@kauppa.fi.",
                Lang::Fi
            ),
            [
                (Url, "https://fi.wikipedia.org/wiki/Sävy_(musiikki)"),
                (Email, "asiakaspalvelu@kauppa.fi")
            ]
        );
        // A version or a sentence's last number is no date or time in English.
        assert_eq!(
            found("Update to 2.10.3 by 2.5.", Lang::En),
            [(Number, "2.10"), (Number, "3"), (Number, "2.5")]
        );
    }

    #[test]
    fn numbers_mean_the_same_however_they_are_written() {
        assert_eq!(canonical_number("1 234,50"), "1234.5");
        assert_eq!(canonical_number("1,234.50"), "1234.5");
        assert_eq!(canonical_number("1\u{202F}234"), "1234");
        assert_eq!(canonical_number("49,00"), "49");
        assert_eq!(canonical_number("007"), "7");
        assert_eq!(canonical_number("0,5"), "0.5");
    }

    fn lost(original: &str, candidate: &str, lang: Lang) -> Vec<String> {
        missing(&facts(original, lang), candidate, lang)
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    #[test]
    fn facts_survive_a_rewording_and_are_missed_when_dropped() {
        let fi = "Hei Anna, summa 49,90 € veloitetaan 24.11.2026, tilausnumero 558812.";
        assert!(
            lost(
                fi,
                "Hei Anna! Veloitamme 49,90 euroa 24.11.2026 tilauksesta 558812.",
                Lang::Fi
            )
            .is_empty()
        );
        assert_eq!(
            lost(
                fi,
                "Hei Annalle, veloitamme summan pian tilauksesta 558812.",
                Lang::Fi
            ),
            ["the amount 49,90 €", "the date 24.11.2026"]
        );
        assert_eq!(
            lost(
                fi,
                "Hei, summa 49,90 € veloitetaan 24.11.2026 tilaukselta 558812.",
                Lang::Fi
            ),
            ["the name Anna"]
        );
        let en = "Your refund of €49.90 for order #A-12345 arrives Nov 24, see https://ex.com/r.";
        assert!(
            lost(
                en,
                "We refund 49.90 EUR (order A-12345) by November 24: https://ex.com/r",
                Lang::En
            )
            .is_empty()
        );
        assert_eq!(
            lost(
                en,
                "We refund €49.90 by Nov 24, see https://ex.com/r.",
                Lang::En
            ),
            ["the reference number #A-12345"]
        );
        assert_eq!(
            lost(
                en,
                "We refund €49.90 for order #A-12345 by Nov 24.",
                Lang::En
            ),
            ["the URL https://ex.com/r"]
        );
        // A changed amount or year is lost, not kept.
        assert_eq!(
            lost(
                "Due 24.11.2026: €49.90.",
                "Due 24.11.2027: €49.00.",
                Lang::En
            ),
            ["the date 24.11.2026", "the amount €49.90"]
        );
        // A number survives inside another way of writing it, but not inside a longer one.
        assert!(
            lost(
                "Palautusaika on 14 päivää.",
                "Sinulla on 14 päivää aikaa.",
                Lang::Fi
            )
            .is_empty()
        );
        assert_eq!(
            lost("Odota 14 päivää.", "Odota 140 päivää.", Lang::Fi),
            ["the number 14"]
        );
    }
}
