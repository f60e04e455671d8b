//! The engine: every rule compiled once into one multi-pattern search per language, then the
//! analyses that need more than a match (required elements, metrics, consistency).
//!
//! Phrase patterns are found in two steps. An Aho-Corasick automaton over the anchor literal of
//! every pattern (the pattern's rarest required word, in every case variant) finds candidate
//! positions in one pass over the text; each candidate is then verified token by token, forward
//! and backward from the anchor. The same pass finds the literals that regex rules' matches
//! start with, and each regex runs only where its literals are (see `regex_rules`); a regex
//! that may start anywhere scans the text on its own. A draft's matcher is built on first use
//! of its language, so a process that checks one Finnish draft never compiles the English
//! rules.

pub mod convert_en;
pub mod convert_fi;
mod examples;
mod regex_rules;
pub mod register;
pub mod register_fi;
pub mod warmth;

pub use examples::{ExampleFailure, test_rule};

use crate::fix::{capitalize, match_case};

use crate::review::{Edit, Finding, Related, Review};
use crate::rules::{
    Alt, ByteSet, Check, Metric, Pattern, Position, RegisterMessages, Rule, Slot, fold_into,
    is_folded,
};
use crate::text::{
    Chunk, DocKind, Document, Lang, Sentence, continues_word, is_word_char, is_word_start,
    next_word, offset32, prev_word, sentences, skip_space_back, skip_space_forward, word_end,
};
use crate::voice::Register;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, StartKind};
use once_cell::unsync::OnceCell;
use register::Marker;
use std::ops::Range;
use std::sync::OnceLock;

/// What a pattern's match means for its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A phrase rule's finding.
    Flag,
    /// Suppresses the rule's findings in the same sentence.
    Unless,
    /// The element a required rule looks for.
    Presence,
    /// A form of a consistency rule's set.
    Set(usize),
    /// A register marker of the language ([`register::markers`]): belongs to no rule.
    Marker(Register),
}

#[derive(Debug)]
struct Target {
    /// Index of the rule in [`Engine::rules`]; unused by a [`Role::Marker`].
    rule: usize,
    role: Role,
    pattern: Pattern,
    /// Only the rule's first match is wanted ([`Rule::scores_once`], and no `unless` to
    /// veto it): the search passes over matches that start after one already found.
    first_only: bool,
    /// The document kinds the rule applies to.
    kinds: KindMask,
    /// Its hits keep the tokens their slots matched: a finding's suggestions quote them
    /// (`$1`). Few do; most hits are found to be counted or to veto.
    keeps_tokens: bool,
}

/// Which target an Aho-Corasick literal anchors, with what rules most places out before the
/// target itself is read: a chatty draft has tens of thousands of candidate places, and the
/// targets are large and scattered in memory.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    target: u32,
    /// The target's rule (`u32::MAX` for a marker).
    rule: u32,
    kinds: KindMask,
    /// The literal is a stem: the word may go on after it.
    stem: bool,
    /// The pattern begins at the anchor: its match starts where the literal does.
    at_start: bool,
    /// The pattern opens a sentence.
    opens_sentence: bool,
    /// [`Target::first_only`].
    first_only: bool,
    /// What the tokens right after and before the anchor may begin and end with: most places
    /// of a common word are ruled out by a byte next to them, before the target is read.
    after: ByteSet,
    before: ByteSet,
}

/// The document kinds a rule applies to, a bit each; bit 0 stands for a draft of no kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KindMask(u8);

impl KindMask {
    /// Every kind, and none: a rule that names no kinds.
    const ALL: KindMask = KindMask(u8::MAX);

    fn bit(kind: Option<DocKind>) -> u8 {
        match kind {
            None => 1,
            Some(k) => 2 << DocKind::ALL.iter().position(|x| *x == k).unwrap_or(0),
        }
    }

    /// The kinds `rule` applies to ([`Rule::applies_to_kind`]).
    fn of(rule: &Rule) -> Self {
        if rule.kinds.is_empty() {
            return KindMask::ALL;
        }
        KindMask(rule.kinds.iter().fold(0, |m, k| m | Self::bit(Some(*k))))
    }

    /// The mask of one kind (or of a draft of none).
    fn single(kind: Option<DocKind>) -> Self {
        KindMask(Self::bit(kind))
    }

    fn intersects(self, other: KindMask) -> bool {
        self.0 & other.0 != 0
    }
}

#[derive(Debug)]
struct RegexRule {
    rule: usize,
    regex: regex_automata::meta::Regex,
    /// Its matches start with literals the phrase search finds: it runs only where they are.
    from_literals: bool,
    /// The most bytes a match spans, if that is bounded; worked out only for a regex run from
    /// its literals (one that scans the whole draft has no use for it).
    longest: Option<usize>,
}

/// Everything compiled for the drafts of one language.
#[derive(Debug, Default)]
struct LangMatcher {
    targets: Vec<Target>,
    /// Per target, its rule's index (`u32::MAX` for a marker): what hits are sorted by, read
    /// without touching the large, scattered targets.
    target_rules: Vec<u32>,
    /// Phrases, `unless` patterns and consistency forms: searched in the whole text.
    phrases: AnchorSearch,
    /// What required rules look for at the start or end: searched only there.
    presence: AnchorSearch,
    /// Each runs on its own, so a match of one rule never hides another rule's match.
    regex_rules: Vec<RegexRule>,
    /// Rules of this language that are not phrase rules.
    other_rules: Vec<usize>,
    /// What could not be compiled (the rest still works); see [`Engine::prepare`].
    errors: Vec<String>,
}

/// The compiled rules of a voice; checks drafts without touching files, network or stdout.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    /// Per language in [`Lang::ALL`] order, built on first use.
    matchers: [OnceLock<LangMatcher>; 2],
    /// The rules read in the customer's message (`--context`), per language like `matchers`.
    cue_matchers: [OnceLock<LangMatcher>; 2],
}

/// A verified match of a target. Compact, in 32-bit offsets: a chatty draft has hundreds of
/// thousands, all kept until the rules that count them have run.
#[derive(Debug, Clone, Copy)]
struct Hit {
    target: u32,
    start: u32,
    end: u32,
    /// Where in the check's [`SlotArena`] the tokens its pattern's slots matched begin
    /// ([`SlotArena::NONE`] if its target keeps none).
    slots: u32,
}

impl Hit {
    fn target(&self) -> usize {
        self.target as usize
    }

    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a search of the phrase automaton found.
#[derive(Debug, Default)]
struct Found {
    hits: Vec<Hit>,
    arena: SlotArena,
    markers: Vec<Marker>,
    /// Where a regex (its index in [`LangMatcher::regex_rules`]) may match: a literal that
    /// starts its matches begins there. In the order the literals end.
    regex_starts: Vec<(u32, u32)>,
    /// Per rule index, where its earliest hit so far starts (`u32::MAX`: none yet); kept for
    /// [`Target::first_only`] targets.
    first_start: Vec<u32>,
}

impl Found {
    /// Whether a match of `rule` starting at `start` would come after the rule's first one.
    fn after_first(&self, rule: usize, start: usize) -> bool {
        self.first_start
            .get(rule)
            .is_some_and(|&first| offset32(start) > first)
    }

    /// Keeps a hit; notes where a [`Target::first_only`] rule's earliest hit starts.
    fn push(&mut self, hit: Hit, first_only: Option<usize>) {
        if let Some(rule) = first_only {
            if self.first_start.len() <= rule {
                self.first_start.resize(rule + 1, u32::MAX);
            }
            self.first_start[rule] = self.first_start[rule].min(hit.start);
        }
        self.hits.push(hit);
    }
}

/// The token each slot of each hit matched, hit after hit: one arena instead of a vector per
/// hit, in 32-bit offsets.
#[derive(Debug, Default)]
struct SlotArena {
    /// `(start, end)`; [`SlotArena::ABSENT`] for an optional slot that matched nothing.
    tokens: Vec<(u32, u32)>,
}

impl SlotArena {
    const ABSENT: (u32, u32) = (u32::MAX, u32::MAX);

    /// Where the slots of a hit that keeps no tokens begin: nowhere.
    const NONE: u32 = u32::MAX;

    /// Appends one hit's slots; returns where they begin.
    fn push(&mut self, slots: &[Option<Range<usize>>]) -> u32 {
        let at = offset32(self.tokens.len());
        self.tokens.extend(slots.iter().map(|s| {
            s.as_ref()
                .map_or(Self::ABSENT, |r| (offset32(r.start), offset32(r.end)))
        }));
        at
    }

    /// The token of slot `n` of the hit whose slots begin at `at`.
    fn token(&self, at: u32, n: usize) -> Option<Range<usize>> {
        if at == Self::NONE {
            return None;
        }
        let &(start, end) = self.tokens.get(at as usize + n)?;
        ((start, end) != Self::ABSENT).then_some(start as usize..end as usize)
    }
}

/// The longest draft the engine checks, 1 GiB: it keeps offsets in 32 bits, and NFC
/// normalization can at most triple a text's length. The readers of every front end refuse
/// longer drafts (`max_bytes` in the profile is capped at this).
pub const MAX_DRAFT_BYTES: u64 = 1 << 30;

/// Error compiling rules into an engine.
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the rules: {0}")]
pub struct CompileError(String);

/// The literal in every combination of upper and lower case of its non-ASCII letters (ASCII
/// case is left to the automaton), capped so a long word cannot explode.
fn case_variants(literal: &str) -> Vec<String> {
    let mut variants = vec![String::new()];
    for c in literal.chars() {
        let mut forms = vec![c];
        if !c.is_ascii() {
            let mut up = c.to_uppercase();
            if let (Some(u), None) = (up.next(), up.next())
                && u != c
            {
                forms.push(u);
            }
        }
        if c == '\'' {
            forms.push('’');
        }
        if variants.len() * forms.len() > 256 {
            forms.truncate(1);
        }
        variants = variants
            .iter()
            .flat_map(|v| forms.iter().map(move |f| format!("{v}{f}")))
            .collect();
    }
    variants
}

impl LangMatcher {
    /// The matcher of drafts in `lang`, or with `cues`, of the customer's messages they answer.
    fn build(rules: &[Rule], lang: Lang, cues: bool) -> Self {
        let mut m = LangMatcher::default();
        // Per regex (its index in `m.regex_rules`), the literals its matches start with.
        let mut regex_literals: Vec<(u32, Vec<String>)> = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            if rule.lang.is_some_and(|l| l != lang) || rule.reads_context() != cues {
                continue;
            }
            let first_only = rule.scores_once()
                && matches!(&rule.check, Check::Phrase { unless, .. } if unless.is_empty());
            let kinds = KindMask::of(rule);
            let quotes_tokens = rule.suggest.iter().any(|s| s.contains('$'));
            let mut add = |role: Role, patterns: &[Pattern]| {
                for p in patterns {
                    m.targets.push(Target {
                        rule: ri,
                        role,
                        pattern: p.clone(),
                        first_only: first_only && role == Role::Flag,
                        kinds,
                        keeps_tokens: quotes_tokens && role == Role::Flag,
                    });
                }
            };
            match &rule.check {
                Check::Phrase {
                    patterns,
                    regexes,
                    unless,
                } => {
                    add(Role::Flag, patterns);
                    add(Role::Unless, unless);
                    for r in regexes {
                        match regex_rules::compile(r) {
                            Ok(regex) => {
                                let literals = regex_rules::start_literals(r);
                                let index = u32::try_from(m.regex_rules.len())
                                    .expect("fewer than 4 billion regexes");
                                m.regex_rules.push(RegexRule {
                                    rule: ri,
                                    regex,
                                    from_literals: literals.is_some(),
                                    longest: literals
                                        .as_ref()
                                        .and_then(|_| regex_rules::longest_match(r)),
                                });
                                regex_literals.extend(literals.map(|l| (index, l)));
                            }
                            Err(e) => m.errors.push(format!("{}: {e}", rule.id)),
                        }
                    }
                }
                Check::Required { patterns, .. } => {
                    add(Role::Presence, patterns);
                    m.other_rules.push(ri);
                }
                Check::Consistency(sets) => {
                    for (si, set) in sets.iter().enumerate() {
                        add(Role::Set(si), &set.patterns);
                    }
                    m.other_rules.push(ri);
                }
                Check::Metric(_) | Check::Register(_) => m.other_rules.push(ri),
            }
        }

        // Register rules first: the address analysis they run counts the words of a Finnish
        // draft's sentences, which the sentence-length metric then reads instead of counting.
        m.other_rules
            .sort_by_key(|&ri| !matches!(rules[ri].check, Check::Register(_)));

        // Register markers are found in the same pass as the rules' phrases (of a draft; a
        // customer's message is read for cues only).
        let markers = if cues {
            &[][..]
        } else {
            register::markers(lang)
        };
        for (pattern, register) in markers {
            m.targets.push(Target {
                rule: usize::MAX,
                role: Role::Marker(*register),
                pattern: pattern.clone(),
                first_only: false,
                kinds: KindMask::ALL,
                keeps_tokens: false,
            });
        }

        m.target_rules = (m.targets.iter())
            .map(|t| u32::try_from(t.rule).unwrap_or(u32::MAX))
            .collect();
        // Elements that must open or close a draft are searched only there; everything else
        // (including elements accepted anywhere) in one pass over the whole text.
        let at_an_end = |t: &Target| {
            t.role == Role::Presence
                && matches!(
                    rules[t.rule].check,
                    Check::Required {
                        position: Position::Start | Position::End | Position::BeforeClose,
                        ..
                    }
                )
        };
        let (phrases, errors) = AnchorSearch::build(&m.targets, |t| !at_an_end(t), &regex_literals);
        m.phrases = phrases;
        m.errors.extend(errors);
        // (Without an automaton, which is an error above, the regexes scan the whole text.)
        if m.phrases.nfa.is_none() {
            m.regex_rules
                .iter_mut()
                .for_each(|r| r.from_literals = false);
        }
        let (presence, errors) = AnchorSearch::build(&m.targets, at_an_end, &[]);
        m.presence = presence;
        m.errors.extend(errors);
        m
    }
}

/// The lanes a long text is scanned in side by side ([`AnchorSearch::find`]), how long a
/// lane is at least, and how many bytes of a block each covers.
const LANES: usize = 8;
const LANE_FROM: usize = 2 * 1024;
const LANE_BYTES: usize = 16 * 1024;

/// Texts this long or longer are searched with the DFA: its build (a few milliseconds) pays
/// back on a long text, not on a short draft, which the NFA searches as fast as it builds.
const DFA_FROM: usize = 64 * 1024;

/// Aho-Corasick automata over the anchor literals of some targets: the same patterns as an NFA,
/// built at once, and as a DFA, built when a long text first needs it.
#[derive(Debug, Default)]
struct AnchorSearch {
    nfa: Option<aho_corasick::nfa::contiguous::NFA>,
    /// `None` inside when the DFA cannot be built (a very large rule set): the NFA serves.
    dfa: OnceLock<Option<aho_corasick::dfa::DFA>>,
    literals: Vec<String>,
    /// The length of the longest literal, in bytes.
    longest: usize,
    /// Per Aho-Corasick pattern id: what its anchors share, and where they are in `anchors`.
    by_literal: Vec<LiteralAnchors>,
    /// The anchors of each literal in turn.
    anchors: Vec<Anchor>,
    /// The regexes (indices in [`LangMatcher::regex_rules`]) each literal may start a match
    /// of, literal after literal.
    regexes: Vec<u32>,
}

/// What the targets an Aho-Corasick literal anchors have in common: a literal matches at
/// tens of thousands of places in a chatty draft ("yo" in every "you"), and most are ruled out
/// here before the word's end is looked for or an anchor is read.
#[derive(Debug, Clone)]
struct LiteralAnchors {
    /// The kinds of draft any of its targets applies to.
    kinds: KindMask,
    /// Some target takes it as a stem; the others want a whole word.
    stem: bool,
    /// Every target opens a sentence with it ("so", "and" and "to" in English): a place that
    /// opens none is done before any neighbour is read.
    opens_sentence: bool,
    anchors: Range<u32>,
    /// Where its regexes are in [`AnchorSearch::regexes`].
    regexes: Range<u32>,
}

impl AnchorSearch {
    /// The search for the anchors of the `targets` that are `include`d, and for the literals
    /// that start the matches of regexes (`regex_literals`: per regex, its literals as
    /// [`regex_rules::start_literals`] spells them).
    fn build(
        targets: &[Target],
        include: impl Fn(&Target) -> bool,
        regex_literals: &[(u32, Vec<String>)],
    ) -> (Self, Vec<String>) {
        let mut search = AnchorSearch::default();
        // Per literal, in the order first met (its pattern id): its anchors and its regexes.
        let mut per_literal: indexmap::IndexMap<String, (Vec<Anchor>, Vec<u32>)> =
            indexmap::IndexMap::new();
        for (ti, t) in targets.iter().enumerate().filter(|(_, t)| include(t)) {
            // The same for every literal of the anchor slot.
            let (after, before) = (
                t.pattern.bytes_after(t.pattern.anchor),
                t.pattern.bytes_before(t.pattern.anchor),
            );
            for alt in &t.pattern.slots[t.pattern.anchor].alts {
                let (lit, stem) = match alt {
                    Alt::Word(w) => (w, false),
                    Alt::Stem(s) => (s, true),
                    Alt::AnyWord | Alt::Punct(_) => unreachable!("anchors are literal"),
                };
                let anchor = Anchor {
                    target: u32::try_from(ti).expect("fewer than 4 billion patterns"),
                    rule: u32::try_from(t.rule).unwrap_or(u32::MAX),
                    kinds: t.kinds,
                    stem,
                    at_start: t.pattern.anchor == 0,
                    opens_sentence: t.pattern.sentence_start,
                    first_only: t.first_only,
                    after,
                    before,
                };
                for v in case_variants(lit) {
                    per_literal.entry(v).or_default().0.push(anchor);
                }
            }
        }
        for (regex, spellings) in regex_literals {
            for v in spellings {
                per_literal.entry(v.clone()).or_default().1.push(*regex);
            }
        }
        let mut literals: Vec<String> = Vec::with_capacity(per_literal.len());
        for (literal, (anchors, regexes)) in per_literal {
            literals.push(literal);
            let at = |n: usize| u32::try_from(n).expect("fewer than 4 billion anchors");
            let (first, first_regex) = (search.anchors.len(), search.regexes.len());
            search.anchors.extend_from_slice(&anchors);
            search.regexes.extend_from_slice(&regexes);
            search.by_literal.push(LiteralAnchors {
                kinds: KindMask(anchors.iter().fold(0, |m, a| m | a.kinds.0)),
                stem: anchors.iter().any(|a| a.stem),
                opens_sentence: anchors.iter().all(|a| a.opens_sentence && a.at_start),
                anchors: at(first)..at(search.anchors.len()),
                regexes: at(first_regex)..at(search.regexes.len()),
            });
        }
        let mut errors = Vec::new();
        if !literals.is_empty() {
            match literal_trie(&literals).and_then(|trie| {
                aho_corasick::nfa::contiguous::NFA::builder().build_from_noncontiguous(&trie)
            }) {
                Ok(nfa) => search.nfa = Some(nfa),
                Err(e) => errors.push(format!("the phrase patterns: {e}")),
            }
        }
        search.longest = literals.iter().map(String::len).max().unwrap_or(0);
        search.literals = literals;
        (search, errors)
    }

    /// Verified matches, anchored within `span`, of the targets whose rules apply to `kind`
    /// and that are `active`: register markers into `markers`, the rest into `hits` with
    /// their slots' tokens in `arena`. Searched with the DFA once a long text has needed it.
    fn find(
        &self,
        text: &str,
        span: Range<usize>,
        targets: &[Target],
        kind: Option<DocKind>,
        active: impl Fn(&Target) -> bool,
        out: &mut Found,
    ) {
        let Some(nfa) = &self.nfa else {
            return;
        };
        if span.len() < DFA_FROM && self.dfa.get().is_none() {
            return self.search(nfa, text, span, targets, kind, active, out);
        }
        let dfa = self.dfa.get_or_init(|| {
            literal_trie(&self.literals)
                .and_then(|trie| {
                    aho_corasick::dfa::DFA::builder()
                        .start_kind(StartKind::Unanchored)
                        .build_from_noncontiguous(&trie)
                })
                .ok()
        });
        match dfa {
            Some(dfa) => self.search(dfa, text, span, targets, kind, active, out),
            None => self.search(nfa, text, span, targets, kind, active, out),
        }
    }

    /// [`AnchorSearch::find`] with `automaton`: each literal it finds is ruled out or its
    /// targets verified.
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        automaton: &impl Automaton,
        text: &str,
        span: Range<usize>,
        targets: &[Target],
        kind: Option<DocKind>,
        active: impl Fn(&Target) -> bool,
        out: &mut Found,
    ) {
        let kind = KindMask::single(kind);
        let mut scratch: Vec<Option<Range<usize>>> = Vec::new();
        let mut tokens = Tokens::default();
        // The literals that end at `e`, where the automaton is in `state`.
        let ending = |state: StateID, e: usize| {
            for m in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, m);
                let s = e - automaton.pattern_len(pattern);
                let literal = &self.by_literal[pattern.as_usize()];
                for &regex in
                    &self.regexes[literal.regexes.start as usize..literal.regexes.end as usize]
                {
                    out.regex_starts.push((regex, offset32(s)));
                }
                if !literal.kinds.intersects(kind) || !is_word_start(text, s) {
                    continue;
                }
                // A literal only ever taken whole is done where the word goes on after it, and
                // where it does not, the word ends with it.
                let word_end = if literal.stem {
                    word_end(text, s)
                } else if continues_word(text, s, e).is_some() {
                    continue;
                } else {
                    e
                };
                // Whether `s` opens a sentence, looked at once for all the literal's targets.
                let mut opens = None;
                let mut opens_at_s = || *opens.get_or_insert_with(|| opens_sentence(text, s));
                if literal.opens_sentence && !opens_at_s() {
                    continue;
                }
                tokens.clear();
                let (after, before) =
                    (byte_after_space(text, word_end), byte_before_space(text, s));
                let anchors = literal.anchors.start as usize..literal.anchors.end as usize;
                for anchor in &self.anchors[anchors] {
                    if (!anchor.stem && word_end != e) || !anchor.kinds.intersects(kind) {
                        continue;
                    }
                    if after.is_some_and(|b| !anchor.after.may_hold(b))
                        || before.is_some_and(|b| !anchor.before.may_hold(b))
                    {
                        continue;
                    }
                    // Anchored on its first word, a match starts at the anchor: one after the
                    // rule's first match is not wanted, and is not verified.
                    if anchor.first_only
                        && anchor.at_start
                        && out.after_first(anchor.rule as usize, s)
                    {
                        continue;
                    }
                    // Most places of a word like "you" or "so" open no sentence: done before
                    // looking at any neighbour.
                    if anchor.opens_sentence && anchor.at_start && !opens_at_s() {
                        continue;
                    }
                    let target = &targets[anchor.target as usize];
                    if !active(target) {
                        continue;
                    }
                    let p = &target.pattern;
                    scratch.clear();
                    scratch.resize(p.slots.len(), None);
                    let Some(end) = match_forward(
                        text,
                        &mut tokens,
                        &p.slots,
                        p.anchor + 1,
                        word_end,
                        &mut scratch,
                    ) else {
                        continue;
                    };
                    let Some(start) =
                        match_backward(text, &mut tokens, &p.slots, p.anchor, s, &mut scratch)
                    else {
                        continue;
                    };
                    // (Anchored on its first word, the match starts at the anchor: checked above.)
                    if anchor.opens_sentence && !anchor.at_start && !opens_sentence(text, start) {
                        continue;
                    }
                    // A register marker is only a place; a chatty draft has many, and their
                    // tokens would fill the arena for nothing.
                    if let Role::Marker(register) = target.role {
                        out.markers.push(Marker {
                            start: offset32(start),
                            end: offset32(end),
                            register,
                        });
                        continue;
                    }
                    if anchor.first_only && out.after_first(anchor.rule as usize, start) {
                        continue;
                    }
                    let slots = if target.keeps_tokens {
                        scratch[p.anchor] = Some(s..word_end);
                        out.arena.push(&scratch)
                    } else {
                        SlotArena::NONE
                    };
                    out.push(
                        Hit {
                            target: anchor.target,
                            start: offset32(start),
                            end: offset32(end),
                            slots,
                        },
                        anchor.first_only.then_some(anchor.rule as usize),
                    );
                }
            }
        };
        overlapping_ends(automaton, text.as_bytes(), span, self.longest, ending);
    }
}

/// The trie of anchor literals as the search reads them: ASCII case ignored, every match
/// reported, no prefilter (the search steps the automaton itself). The NFA and the DFA are
/// both built from it, so short and long drafts find the same literals.
fn literal_trie(
    literals: &[String],
) -> Result<aho_corasick::nfa::noncontiguous::NFA, aho_corasick::BuildError> {
    aho_corasick::nfa::noncontiguous::NFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(literals)
}

/// Where literals of `automaton` (searched unanchored, all matches) end in `bytes[span]`, in
/// order: `found(state, end)` for each place where the automaton is in a match state after
/// `bytes[end - 1]`; the literals that end there are the state's. `longest` is the length
/// of the longest literal.
fn overlapping_ends<A: Automaton>(
    automaton: &A,
    bytes: &[u8],
    span: Range<usize>,
    longest: usize,
    mut found: impl FnMut(StateID, usize),
) {
    let Ok(start) = automaton.start_state(Anchored::No) else {
        return;
    };
    let is_match = |state| automaton.is_special(state) && automaton.is_match(state);
    let step = |state, at: usize| automaton.next_state(Anchored::No, state, bytes[at]);
    if span.len() < LANES * LANE_FROM {
        let mut state = start;
        for e in span.start + 1..=span.end {
            state = step(state, e - 1);
            if is_match(state) {
                found(state, e);
            }
        }
        return;
    }
    // A long text is scanned in lanes side by side: each step of the automaton waits on the
    // last one's lookup, and independent chains of lookups overlap. A block of the text is
    // split into lanes, each started early enough to see every literal that ends in it; their
    // matches are handed out lane after lane, in the order of one scan.
    let mut ends: [Vec<(StateID, usize)>; LANES] = Default::default();
    let mut block_start = span.start;
    while block_start < span.end {
        let block_end = (block_start + LANES * LANE_BYTES).min(span.end);
        let lane_len = (block_end - block_start).div_ceil(LANES);
        // Per lane: after where its matches may end, where it is, and where it stops.
        let owns: [usize; LANES] =
            std::array::from_fn(|k| (block_start + k * lane_len).min(block_end));
        let stop: [usize; LANES] = std::array::from_fn(|k| (owns[k] + lane_len).min(block_end));
        let mut at: [usize; LANES] =
            std::array::from_fn(|k| owns[k].saturating_sub(longest).max(span.start));
        let mut states = [start; LANES];
        // All lanes together while each has bytes left, then each alone to its end.
        let together = (0..LANES).map(|k| stop[k] - at[k]).min().unwrap_or(0);
        let lanes = std::array::from_fn(|k| &bytes[at[k]..at[k] + together]);
        step_lanes(automaton, lanes, &mut states, |k, n, state| {
            let end = at[k] + n + 1;
            if end > owns[k] {
                ends[k].push((state, end));
            }
        });
        for a in &mut at {
            *a += together;
        }
        for k in 0..LANES {
            while at[k] < stop[k] {
                states[k] = step(states[k], at[k]);
                at[k] += 1;
                if is_match(states[k]) && at[k] > owns[k] {
                    ends[k].push((states[k], at[k]));
                }
            }
        }
        for lane in &mut ends {
            for &(state, e) in lane.iter() {
                found(state, e);
            }
            lane.clear();
        }
        block_start = block_end;
    }
}

/// Steps each lane's automaton `states[k]` through `lanes[k]` (all as long as the first), all
/// lanes in turn a byte at a time, and tells `matched(k, n, state)` where lane `k` is in a
/// match state after its byte `n`, in that order (by `n`, then `k`). Kept out of line: with
/// nothing else live, each lane's state and place stay in a register.
#[inline(never)]
fn step_lanes<A: Automaton, const L: usize>(
    automaton: &A,
    lanes: [&[u8]; L],
    states: &mut [StateID; L],
    mut matched: impl FnMut(usize, usize, StateID),
) {
    const STEPS: usize = 128;
    const KEPT: usize = STEPS * 8;
    // More special states than this in a run of steps, and the next run keeps every state.
    const DENSE: usize = KEPT / 16;
    const { assert!(L <= 8, "a run's states fit in `kept`") };
    let len = lanes[0].len();
    let lanes = lanes.map(|lane| &lane[..len]);
    // (A copy: written through the reference, every step would be stored.)
    let mut now = *states;
    // The special states met in a run of steps, each with its step and lane, read after the
    // run. Where they are few, a step looks for one in any lane (a branch nearly never taken)
    // and only then writes the lanes' states down. A chatty draft's common words ("you",
    // "so") put one in most steps, in any lane, and a branch on it would often be guessed
    // wrong: after a run with many, the next run writes every lane's state down at every step,
    // with no branch.
    let mut kept = [0u64; KEPT];
    let place =
        |n: usize, k: usize, state: StateID| ((n * L + k) as u64) << 32 | u64::from(state.as_u32());
    let mut dense = false;
    let mut from = 0;
    while from < len {
        let to = (from + STEPS).min(len);
        let mut count = 0;
        if dense {
            for n in from..to {
                for (k, (state, lane)) in now.iter_mut().zip(&lanes).enumerate() {
                    *state = automaton.next_state(Anchored::No, *state, lane[n]);
                    // (At the next free place: the next state overwrites it unless it is special.)
                    kept[count % KEPT] = place(n, k, *state);
                    count += usize::from(automaton.is_special(*state));
                }
            }
        } else {
            for n in from..to {
                for (state, lane) in now.iter_mut().zip(&lanes) {
                    *state = automaton.next_state(Anchored::No, *state, lane[n]);
                }
                if now.iter().any(|&s| automaton.is_special(s)) {
                    for (k, &state) in now.iter().enumerate() {
                        kept[count % KEPT] = place(n, k, state);
                        count += usize::from(automaton.is_special(state));
                    }
                }
            }
        }
        dense = count > DENSE;
        for &entry in &kept[..count] {
            let state = StateID::new_unchecked(entry as u32 as usize);
            if automaton.is_match(state) {
                let at = (entry >> 32) as usize;
                matched(at % L, at / L, state);
            }
        }
        from = to;
    }
    *states = now;
}

/// A token next to a candidate match, found and case-folded once.
#[derive(Debug)]
struct Token {
    /// The position it was looked up from, and the direction.
    from: usize,
    forward: bool,
    /// The token, where its case-folded form is in [`Tokens::folded`] (`None`: the token is
    /// its own fold), and whether it is a word.
    found: Option<(Range<usize>, Option<Range<usize>>, bool)>,
}

/// The tokens around one candidate position. Many patterns share an anchor ("you", "ei"),
/// and each would otherwise split and fold the same neighbouring words again.
#[derive(Debug, Default)]
struct Tokens {
    seen: Vec<Token>,
    /// The folded forms of the tokens seen, one after another: one buffer, not a string per
    /// capitalised or accented word.
    folded: String,
}

impl Tokens {
    /// Forgets the tokens of the last place.
    fn clear(&mut self) {
        self.seen.clear();
        self.folded.clear();
    }

    /// The token after `pos` (skipping space) if `slot` accepts it.
    fn after(&mut self, text: &str, pos: usize, slot: &Slot) -> Option<Range<usize>> {
        self.accepted(text, pos, true, slot)
    }

    /// The token before `pos` (skipping space) if `slot` accepts it.
    fn before(&mut self, text: &str, pos: usize, slot: &Slot) -> Option<Range<usize>> {
        self.accepted(text, pos, false, slot)
    }

    fn accepted(
        &mut self,
        text: &str,
        from: usize,
        forward: bool,
        slot: &Slot,
    ) -> Option<Range<usize>> {
        let i = match self
            .seen
            .iter()
            .position(|t| t.from == from && t.forward == forward)
        {
            Some(i) => i,
            None => {
                let range = if forward {
                    let start = skip_space_forward(text, from);
                    if !text
                        .as_bytes()
                        .get(start)
                        .is_some_and(|&b| slot.may_begin_with(b))
                    {
                        return None;
                    }
                    next_word(text, start)
                } else {
                    prev_word(text, skip_space_back(text, from))
                };
                let found = range.map(|r| {
                    let token = &text[r.clone()];
                    let is_word = token.chars().next().is_some_and(is_word_char);
                    let folded = (!is_folded(token)).then(|| {
                        let at = self.folded.len();
                        fold_into(&mut self.folded, token);
                        at..self.folded.len()
                    });
                    (r, folded, is_word)
                });
                self.seen.push(Token {
                    from,
                    forward,
                    found,
                });
                self.seen.len() - 1
            }
        };
        let (range, folded, is_word) = self.seen[i].found.as_ref()?;
        let folded = match folded {
            Some(f) => &self.folded[f.clone()],
            None => &text[range.clone()],
        };
        slot.alts
            .iter()
            .any(|a| a.accepts(folded, *is_word))
            .then(|| range.clone())
    }
}

/// The first byte of the token after `pos`, where [`Tokens::after`] reads it (space skipped);
/// `None` at the end of the text.
#[inline]
fn byte_after_space(text: &str, pos: usize) -> Option<u8> {
    let bytes = text.as_bytes();
    // Most tokens stand one space apart; anything else is skipped as the tokens skip it.
    let at = if bytes.get(pos) == Some(&b' ') {
        pos + 1
    } else {
        pos
    };
    match bytes.get(at) {
        Some(&b) if b > b' ' => Some(b),
        _ => bytes.get(skip_space_forward(text, pos)).copied(),
    }
}

/// The last byte of the token before `pos`, where [`Tokens::before`] reads it (space
/// skipped); `None` at the start of the text.
#[inline]
fn byte_before_space(text: &str, pos: usize) -> Option<u8> {
    let bytes = text.as_bytes();
    let at = if pos > 0 && bytes[pos - 1] == b' ' {
        pos - 1
    } else {
        pos
    };
    match at.checked_sub(1).map(|i| bytes[i]) {
        Some(b) if b > b' ' => Some(b),
        _ => skip_space_back(text, pos).checked_sub(1).map(|i| bytes[i]),
    }
}

/// Matches `slots[i..]` forward from `pos`, filling `out`; returns the end of the match.
fn match_forward(
    text: &str,
    tokens: &mut Tokens,
    slots: &[Slot],
    i: usize,
    pos: usize,
    out: &mut [Option<Range<usize>>],
) -> Option<usize> {
    let Some(slot) = slots.get(i) else {
        return Some(pos);
    };
    if let Some(tok) = tokens.after(text, pos, slot)
        && let Some(end) = match_forward(text, tokens, slots, i + 1, tok.end, out)
    {
        out[i] = Some(tok);
        return Some(end);
    }
    if slot.optional {
        out[i] = None;
        return match_forward(text, tokens, slots, i + 1, pos, out);
    }
    None
}

/// Matches `slots[..i]` backward from `pos` (exclusive end); returns the start of the match.
fn match_backward(
    text: &str,
    tokens: &mut Tokens,
    slots: &[Slot],
    i: usize,
    pos: usize,
    out: &mut [Option<Range<usize>>],
) -> Option<usize> {
    if i == 0 {
        return Some(pos);
    }
    let slot = &slots[i - 1];
    if let Some(tok) = tokens.before(text, pos, slot)
        && let Some(start) = match_backward(text, tokens, slots, i - 1, tok.start, out)
    {
        out[i - 1] = Some(tok);
        return Some(start);
    }
    if slot.optional {
        out[i - 1] = None;
        return match_backward(text, tokens, slots, i - 1, pos, out);
    }
    None
}

/// Expands `$0`…`$9` in a suggestion template.
///
/// A token that opened the match (and so may carry a sentence's capital) is lowered when the
/// template moves it inside the replacement: "An error was made" → "we made an error", not
/// "we made An error". Case of the whole replacement follows the match afterwards.
fn expand<'t>(template: &str, matched: &str, group: impl Fn(usize) -> Option<&'t str>) -> String {
    if !template.contains('$') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('$', Some(n)) => {
                chars.next();
                let g = group(n as usize).unwrap_or("");
                let opens_match = !g.is_empty() && g.as_ptr() == matched.as_ptr();
                if opens_match && !out.trim().is_empty() && is_title_case(g) {
                    out.extend(g.chars().take(1).flat_map(char::to_lowercase));
                    out.push_str(&g[g.chars().next().map_or(0, char::len_utf8)..]);
                } else {
                    out.push_str(g);
                }
            }
            _ => out.push(c),
        }
    }
    // An absent optional token leaves a double space behind.
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    if !template.starts_with(' ') {
        out = out.trim_start_matches(' ').to_string();
    }
    if !template.ends_with(' ') {
        out = out.trim_end_matches(' ').to_string();
    }
    out
}

/// A capital followed by lower case only (`An`, `Kuten`), but not the pronoun `I`.
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && word != "I" && chars.all(|c| !c.is_uppercase())
}

/// The words that start with a capital letter and may be in all caps (two letters or more).
/// Finding them by their first bytes (an ASCII capital not followed as in `Hi`, `I ` or
/// `I'm`, or the lead byte of a non-ASCII letter) skips the rest of the text without
/// splitting it into words.
fn capitalized_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            // Most of a text is lower case: skip it 16 bytes at a time. A chunk stops where a
            // capital may open a word in all caps: an ASCII capital not followed as
            // `no_caps_after` says, a lead byte other than C3, or the second byte of a C3
            // capital (80..=9E, À..Þ). C3 itself does not stop it (Finnish has one in most
            // words). The first 14 bytes are judged, each with the two after it, so chunks
            // overlap by two bytes.
            while let Some(chunk) = bytes.get(i..i + 16) {
                let c = Chunk::new(chunk.try_into().expect("16 bytes"));
                let upper = c.in_range(b'A', b'Z');
                let joiner = c.eq(b'-') | c.eq(b'\'') | c.eq(b':');
                let ends = c.in_range(0, 0x7F) & !upper & !joiner;
                // Bit k of `x >> 1` is the byte after byte k's.
                let no_caps = (ends >> 1) | ((joiner >> 1) & (c.in_range(b'a', b'z') >> 2));
                let other_lead = c.in_range(0xC0, 0xFF) & !c.eq(0xC3);
                let stops = (upper & !no_caps | other_lead | c.in_range(0x80, 0x9E)) & 0x3FFF;
                if stops != 0 {
                    i += stops.trailing_zeros() as usize;
                    break;
                }
                i += 14;
            }
            // A chunk may start on the second byte of a character: back to its first.
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let Some(&b) = bytes.get(i) else { break };
            if !(b.is_ascii_uppercase() || b >= 0xC0) {
                i += 1;
                continue;
            }
            // Lower-case Latin-1 letters (ä, ö, é: C3 9F..C3 BF) are common in Finnish and
            // never start an all-caps word.
            if b == 0xC3 && bytes.get(i + 1).is_some_and(|&c2| c2 >= 0x9F) {
                i += 2;
                continue;
            }
            let byte_at = |k: usize| bytes.get(k).copied().unwrap_or(b' ');
            if b.is_ascii_uppercase() && no_caps_after(byte_at(i + 1), byte_at(i + 2)) {
                i += 1;
                continue;
            }
            // `i` is on a character boundary: an ASCII byte or a lead byte.
            let c = text[i..].chars().next()?;
            if !c.is_uppercase() || !is_word_start(text, i) {
                i += c.len_utf8();
                continue;
            }
            let end = word_end(text, i);
            let word = i..end;
            i = end;
            return Some(word);
        }
        None
    })
}

/// Whether a word that opens with an ASCII capital followed by the bytes `next` and `after`
/// is not in all caps of two letters or more: the capital is followed by a lower-case letter
/// or a digit (`Hi`, `A4`), or by an ASCII byte that ends the word (`I `, `A.`), or by a
/// joiner and a lower-case letter (`I'm`, `A-luokka`).
#[inline(always)]
fn no_caps_after(next: u8, after: u8) -> bool {
    let joiner = matches!(next, b'-' | b'\'' | b':');
    (next < 0x80 && !next.is_ascii_uppercase() && !joiner) || (joiner && after.is_ascii_lowercase())
}

/// Where the body of a draft that ends with a sign-off paragraph ends: just past its last
/// word before the blank line that opens a short last paragraph (at most four lines of at most
/// six words: "Best regards,\nLaura Mäki\nCustomer support"). `None` when the draft does not
/// end that way.
fn body_end(text: &str) -> Option<usize> {
    // Before the last four line breaks the block after a blank line would be five lines or
    // more, too long for a sign-off: a long draft is not searched back to its start.
    body_end_within(text, 4)
}

/// [`body_end`], with the blank line looked for among the last `line_breaks` line breaks.
fn body_end_within(text: &str, line_breaks: usize) -> Option<usize> {
    let trimmed = text.trim_end();
    let bytes = trimmed.as_bytes();
    // The last blank line: a line break, spaces, a line break.
    let mut i = bytes.len();
    let mut sign_off = None;
    for _ in 0..line_breaks {
        let Some(nl) = memchr::memrchr(b'\n', &bytes[..i]) else {
            break;
        };
        let before = trimmed[..nl].trim_end_matches([' ', '\t', '\r']);
        if before.ends_with('\n') {
            sign_off = Some((before.trim_end().len(), nl + 1));
            break;
        }
        i = nl;
    }
    let (body_end, start) = sign_off?;
    let block = &trimmed[start..];
    let short =
        block.lines().count() <= 4 && block.lines().all(|l| crate::text::count_words(l, 7) <= 6);
    (short && body_end > 0).then_some(body_end)
}

/// Index of the sentence that contains `pos`, if any.
fn sentence_of(sentences: &[Sentence], pos: usize) -> Option<usize> {
    let i = sentences
        .partition_point(|s| s.start() <= pos)
        .checked_sub(1)?;
    (pos < sentences[i].end().max(sentences[i].start() + 1)).then_some(i)
}

/// Whether a word at `pos` opens a sentence or a line: only spaces, opening quotes, dashes or
/// list bullets since a terminator, a line break or the start of the text.
fn opens_sentence(text: &str, pos: usize) -> bool {
    // Most places are decided by the ASCII bytes before them, without decoding.
    let bytes = text.as_bytes();
    let mut i = pos;
    while i > 0
        && matches!(
            bytes[i - 1],
            b' ' | b'\t' | b'"' | b'(' | b'-' | b'*' | b'>'
        )
    {
        i -= 1;
    }
    match i.checked_sub(1).map(|j| bytes[j]) {
        None => return true,
        Some(b) if b < 0x80 => return matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r' | b':'),
        Some(_) => {}
    }
    let before = text[..i].trim_end_matches([
        ' ', '\t', '"', '“', '”', '«', '»', '(', '–', '—', '-', '*', '>',
    ]);
    before
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | '\n' | '\r' | ':'))
}

fn lang_slot(lang: Lang) -> usize {
    Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("every language has a slot")
}

/// What one pass over a text works out at most once, on first need: its sentences, and how
/// each addresses the reader.
struct Lazy<'d, 'a> {
    doc: &'d Document<'a>,
    with_neutral: bool,
    sentences: OnceCell<Vec<Sentence>>,
    /// Where the phrase pass found the language's register markers; handed over to the
    /// register analysis, the only reader.
    markers: std::cell::Cell<Vec<Marker>>,
    address: OnceCell<register::Addressing>,
}

impl<'d, 'a> Lazy<'d, 'a> {
    fn new(doc: &'d Document<'a>, with_neutral: bool) -> Self {
        Lazy {
            doc,
            with_neutral,
            sentences: OnceCell::new(),
            markers: std::cell::Cell::new(Vec::new()),
            address: OnceCell::new(),
        }
    }

    fn sentences(&self) -> &Vec<Sentence> {
        self.sentences.get_or_init(|| sentences(self.doc.text()))
    }

    fn address(&self) -> &register::Addressing {
        self.address.get_or_init(|| {
            register::analyse(
                self.doc,
                self.sentences(),
                self.markers.take(),
                self.with_neutral,
            )
        })
    }
}

impl Engine {
    /// Takes the rules; each language's matcher is compiled when a draft first needs it.
    /// Rules whose language is `None` apply to every language.
    pub fn new(rules: Vec<Rule>) -> Self {
        Engine {
            rules,
            matchers: [OnceLock::new(), OnceLock::new()],
            cue_matchers: [OnceLock::new(), OnceLock::new()],
        }
    }

    fn matcher(&self, lang: Lang) -> &LangMatcher {
        self.matchers[lang_slot(lang)].get_or_init(|| LangMatcher::build(&self.rules, lang, false))
    }

    fn cue_matcher(&self, lang: Lang) -> &LangMatcher {
        self.cue_matchers[lang_slot(lang)]
            .get_or_init(|| LangMatcher::build(&self.rules, lang, true))
    }

    /// Compiles every language now and reports what could not be compiled. A pattern that
    /// fails to compile is left out of checking; rule tests call this so it never goes unseen.
    pub fn prepare(&self) -> Result<(), CompileError> {
        for lang in Lang::ALL {
            for m in [self.matcher(lang), self.cue_matcher(lang)] {
                if let Some(e) = m.errors.first() {
                    return Err(CompileError(e.clone()));
                }
            }
        }
        Ok(())
    }

    /// The compiled rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Reads the customer's message with the context rules of `lang` (the draft's language:
    /// a reply answers in the customer's).
    fn read_context(&self, context: &str, lang: Lang) -> warmth::Context {
        let doc = Document::new(context, lang, None);
        let lazy = Lazy::new(&doc, false);
        let raw = self.collect(self.cue_matcher(lang), &lazy, &ReviewOptions::default());
        warmth::Context {
            cues: raw
                .into_iter()
                .map(|r| (r.rule, doc.text()[r.range].to_string()))
                .collect(),
        }
    }

    /// The context rules that fire on the customer's message `context`, as (index into
    /// [`Engine::rules`], the words that fired them); for rule tests.
    pub fn context_cues(&self, context: &str, lang: Lang) -> Vec<(usize, String)> {
        self.read_context(context, lang).cues
    }

    /// Checks a document with no house register.
    pub fn check(&self, doc: &Document<'_>) -> Review {
        self.review(doc, &ReviewOptions::default())
    }

    /// What the rules of matcher `m` find in `lazy`'s document: one pass of the phrase
    /// automaton, the regexes, then the rules that need more than a match. One finding per rule
    /// and place, offsets in the normalized text.
    fn collect(&self, m: &LangMatcher, lazy: &Lazy<'_, '_>, opts: &ReviewOptions) -> Vec<Raw> {
        let doc = lazy.doc;
        let text = doc.text();
        let active = |ri: usize| self.rules[ri].applies_to_kind(doc.kind);
        let kind = doc.kind;
        let mut found = Found::default();
        m.phrases
            .find(text, 0..text.len(), &m.targets, kind, |_| true, &mut found);
        let Found {
            mut hits,
            arena,
            markers,
            mut regex_starts,
            ..
        } = found;
        // Markers are the register analysis's, not findings. One pass of the draft's matcher
        // per document: the markers are its.
        lazy.markers.set(markers);

        // (Most texts have no `\r` at all: told by one vector scan.)
        let crlf = memchr::memchr(b'\r', text.as_bytes()).is_some() && text.contains("\r\n");
        let sentences_of = || lazy.sentences();
        // How each sentence addresses the reader: worked out once, for the register rules,
        // the templates of required elements and the report.
        let address_of = || lazy.address();
        let mut raw: Vec<Raw> = Vec::new();

        // Phrase findings: the longest match at each place, none where an `unless` matches.
        // Unstable (no scratch copy of a chatty draft's many hits); the target and the
        // arena place, in the order the search found them, make the order total. By rule,
        // start and longest first, as two numbers and the place.
        hits.sort_unstable_by_key(|h| {
            (
                u64::from(m.target_rules[h.target()]) << 32 | u64::from(h.start),
                u64::from(!h.end) << 32 | u64::from(h.target),
                h.slots,
            )
        });
        for group in hits.chunk_by(|a, b| m.targets[a.target()].rule == m.targets[b.target()].rule)
        {
            let rule_index = m.targets[group[0].target()].rule;
            let rule = &self.rules[rule_index];
            // The sentences where an `unless` pattern matched, found once per rule.
            let mut unless_sentences: Vec<usize> = Vec::new();
            if group
                .iter()
                .any(|h| m.targets[h.target()].role == Role::Unless)
            {
                let s = sentences_of();
                unless_sentences = group
                    .iter()
                    .filter(|h| m.targets[h.target()].role == Role::Unless)
                    .filter_map(|h| sentence_of(s, h.start as usize))
                    .collect();
                unless_sentences.sort_unstable();
                unless_sentences.dedup();
            }
            let mut last_end = 0;
            for h in group
                .iter()
                .filter(|h| m.targets[h.target()].role == Role::Flag)
            {
                let range = h.range();
                if range.start < last_end {
                    continue;
                }
                if !unless_sentences.is_empty()
                    && sentence_of(sentences_of(), range.start)
                        .is_some_and(|here| unless_sentences.binary_search(&here).is_ok())
                {
                    continue;
                }
                last_end = range.end;
                let matched = &text[range.clone()];
                let slot_count = m.targets[h.target()].pattern.slots.len();
                let token = |n: usize| {
                    if n == 0 {
                        Some(matched)
                    } else if n <= slot_count {
                        arena.token(h.slots, n - 1).map(|r| &text[r])
                    } else {
                        None
                    }
                };
                let edits = replacements(rule, range.clone(), matched, token);
                raw.push(Raw {
                    rule: rule_index,
                    range,
                    edits,
                    message: None,
                    related: Vec::new(),
                });
                // A signal that only scores needs no more (a chatty draft has thousands).
                if rule.scores_once() {
                    break;
                }
            }
        }
        // From here on only the consistency sets and the required elements read hits: the
        // rest, and the tokens of all, are let go before the register analysis needs memory.
        drop(arena);
        hits.retain(|h| matches!(m.targets[h.target()].role, Role::Set(_) | Role::Presence));
        hits.shrink_to_fit();

        // Each regex from its own candidates (by regex, then place), or over the whole text.
        regex_starts.sort_unstable();
        regex_starts.dedup();
        let mut candidates = regex_starts.as_slice();
        for (index, rr) in m.regex_rules.iter().enumerate() {
            let own = candidates.partition_point(|&(r, _)| r as usize <= index);
            let starts = candidates[..own].iter().map(|&(_, s)| s as usize);
            candidates = &candidates[own..];
            if !active(rr.rule) {
                continue;
            }
            let rule = &self.rules[rr.rule];
            let mut push = |caps: &regex_automata::util::captures::Captures| {
                let range = caps.get_match().expect("a match").range();
                let matched = &text[range.clone()];
                let group = |n: usize| caps.get_group(n).map(|g| &text[g.range()]);
                let edits = replacements(rule, range.clone(), matched, group);
                raw.push(Raw {
                    rule: rr.rule,
                    range,
                    edits,
                    message: None,
                    related: Vec::new(),
                });
                // A signal that only scores needs no more.
                !rule.scores_once()
            };
            if rr.from_literals {
                regex_rules::each_match_from(&rr.regex, rr.longest, text, starts, push);
            } else {
                for caps in rr.regex.captures_iter(text) {
                    if !push(&caps) {
                        break;
                    }
                }
            }
        }

        for &ri in &m.other_rules {
            if !active(ri) {
                continue;
            }
            let rule = &self.rules[ri];
            match &rule.check {
                Check::Required {
                    position,
                    within,
                    templates,
                    ..
                } => {
                    let s = sentences_of();
                    let (Some(first), Some(last)) = (s.first(), s.last()) else {
                        continue;
                    };
                    let region = match position {
                        Position::Start => first.start()..s[(*within).min(s.len()) - 1].end(),
                        Position::End | Position::BeforeClose => {
                            s[s.len().saturating_sub(*within)].start()..last.end()
                        }
                        Position::Anywhere => first.start()..last.end(),
                    };
                    // An element accepted anywhere was looked for in the main pass; one that must
                    // open or close the draft is looked for only there.
                    let present = if *position == Position::Anywhere {
                        hits.iter().any(|h| {
                            let t = &m.targets[h.target()];
                            t.rule == ri && t.role == Role::Presence
                        })
                    } else {
                        let mut found = Found::default();
                        m.presence.find(
                            text,
                            region.clone(),
                            &m.targets,
                            kind,
                            |t| t.rule == ri,
                            &mut found,
                        );
                        !found.hits.is_empty()
                    };
                    if present {
                        continue;
                    }
                    let (range, at) = match position {
                        Position::End => (last.range(), last.end()),
                        // The finding covers the end it looked in, so that an element
                        // missing there goes in before a close inserted after the last
                        // sentence.
                        Position::BeforeClose => (region, body_end(text).unwrap_or(last.end())),
                        _ => (first.range(), first.start()),
                    };
                    // The template for the register the draft is written in (the house's, else
                    // its own) comes first; the rule's plain suggestions follow.
                    let template = (*templates != RegisterMessages::default())
                        .then(|| {
                            opts.house
                                .or_else(|| register::dominant(&address_of().sentences))
                        })
                        .flatten()
                        .and_then(|r| templates.for_register(r));
                    let edits = template
                        .into_iter()
                        .chain(
                            rule.suggest
                                .iter()
                                .map(String::as_str)
                                .filter(|t| Some(*t) != template),
                        )
                        .map(|t| Edit {
                            start: at,
                            end: at,
                            // Inserted lines end the way the draft's lines do.
                            replacement: if crlf {
                                t.replace('\n', "\r\n")
                            } else {
                                t.to_string()
                            },
                        })
                        .collect();
                    raw.push(Raw {
                        rule: ri,
                        range,
                        edits,
                        message: None,
                        related: Vec::new(),
                    });
                }
                Check::Consistency(sets) => consistency(ri, rule, sets, m, &hits, text, &mut raw),
                Check::Metric(metric) => metric_findings(ri, rule, metric, lazy, &mut raw),
                Check::Register(check) => {
                    register::findings(ri, rule, *check, address_of(), opts, doc, &mut raw);
                }
                Check::Phrase { .. } => {}
            }
        }

        // One finding per rule and place: a rule with both `match` and `regex` may find the same
        // words twice; the longest match at a place is kept.
        raw.sort_by_key(|r| (r.rule, r.range.start, std::cmp::Reverse(r.range.end)));
        let mut kept_until: Option<(usize, usize)> = None;
        raw.retain(|r| {
            let overlaps =
                kept_until.is_some_and(|(rule, end)| rule == r.rule && r.range.start < end);
            if !overlaps {
                kept_until = Some((r.rule, r.range.end.max(r.range.start + 1)));
            }
            !overlaps
        });
        raw
    }

    /// Checks a document against `opts.house` and, when `opts.report_register` is set,
    /// reports how each sentence addresses the reader, from the same sentence split the rules
    /// used. Scores its warmth from the same matches, and reads the customer's message in
    /// `opts.context`, when given, for how the reply should meet it.
    ///
    /// # Panics
    ///
    /// If the normalized text is 4 GiB or longer; drafts are at most [`MAX_DRAFT_BYTES`].
    pub fn review(&self, doc: &Document<'_>, opts: &ReviewOptions) -> Review {
        let lazy = Lazy::new(doc, opts.report_register);
        let raw = self.collect(self.matcher(doc.lang), &lazy, opts);
        let context = opts
            .context
            .filter(|c| !crate::text::is_blank(c))
            .map(|c| self.read_context(c, doc.lang));
        let warmth = warmth::assess(&warmth::Input {
            rules: &self.rules,
            doc,
            found: &raw
                .iter()
                .map(|r| (r.rule, r.range.clone(), r.edits.first()))
                .collect::<Vec<_>>(),
            context: context.as_ref(),
        });
        // At one place, an element that goes before the close is inserted before the close.
        let not_before_close = |ri: usize| {
            !matches!(
                self.rules[ri].check,
                Check::Required {
                    position: Position::BeforeClose,
                    ..
                }
            )
        };
        let mut findings: Vec<(bool, Finding)> = raw
            .into_iter()
            .filter(|r| self.rules[r.rule].reports_findings())
            .map(|r| {
                let rank = not_before_close(r.rule);
                let rule = &self.rules[r.rule];
                let span = doc.original_range(r.range);
                let suggestions = r
                    .edits
                    .into_iter()
                    .map(|e| {
                        let o = doc.original_range(e.start..e.end);
                        Edit {
                            start: o.start,
                            end: o.end,
                            replacement: e.replacement,
                        }
                    })
                    .collect();
                (
                    rank,
                    Finding {
                        rule: rule.id.clone(),
                        level: rule.level,
                        message: r.message.unwrap_or_else(|| rule.message.clone()),
                        start: span.start,
                        end: span.end,
                        suggestions,
                        related: r
                            .related
                            .into_iter()
                            .map(|r| {
                                let o = doc.original_range(r);
                                Related {
                                    start: o.start,
                                    end: o.end,
                                }
                            })
                            .collect(),
                    },
                )
            })
            .collect();
        findings.sort_by(|(ra, a), (rb, b)| {
            (a.start, a.end, ra, &a.rule).cmp(&(b.start, b.end, rb, &b.rule))
        });
        let findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
        Review {
            lang: doc.lang,
            kind: doc.kind,
            findings,
            register: opts
                .report_register
                .then(|| register::report(doc, lazy.address())),
            warmth,
        }
    }
}

/// A finding before its offsets are mapped back to the original text.
struct Raw {
    rule: usize,
    range: Range<usize>,
    edits: Vec<Edit>,
    /// The message when it differs from the rule's (consistency names the sets).
    message: Option<String>,
    /// Other places the finding is about (the dominant register of a mixed draft).
    related: Vec<Range<usize>>,
}

/// What a review is asked for beyond the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewOptions<'a> {
    /// Report how every sentence addresses the reader ([`Review::register`]).
    pub report_register: bool,
    /// The register the house uses for this draft: register rules flag sentences that depart
    /// from it. `None` when the house has none for the draft's kind.
    pub house: Option<Register>,
    /// How the house writes teitittely: `Te` capitalised, a singular participle.
    pub formal_style: convert_fi::FormalStyle,
    /// The customer's own message the draft answers, if known: an upset customer or an
    /// unanswered question weighs on the warmth score.
    pub context: Option<&'a str>,
}

/// The rule's suggestions for a match, expanded and in the casing of what they replace.
fn replacements<'t>(
    rule: &Rule,
    range: Range<usize>,
    matched: &str,
    group: impl Fn(usize) -> Option<&'t str> + Copy,
) -> Vec<Edit> {
    rule.suggest
        .iter()
        .map(|t| Edit {
            start: range.start,
            end: range.end,
            replacement: match_case(matched, &expand(t, matched, group)),
        })
        .collect()
}

/// Flags the forms of every set but the most used one.
fn consistency(
    ri: usize,
    rule: &Rule,
    sets: &[crate::rules::TermSet],
    m: &LangMatcher,
    hits: &[Hit],
    text: &str,
    raw: &mut Vec<Raw>,
) {
    let set_hits: Vec<(usize, Range<usize>)> = hits
        .iter()
        .filter_map(|h| match m.targets[h.target()].role {
            Role::Set(si) if m.targets[h.target()].rule == ri => Some((si, h.range())),
            _ => None,
        })
        .collect();
    // (count, first position) per set.
    let mut counts = vec![(0usize, usize::MAX); sets.len()];
    for (si, range) in &set_hits {
        counts[*si].0 += 1;
        counts[*si].1 = counts[*si].1.min(range.start);
    }
    if counts.iter().filter(|c| c.0 > 0).count() < 2 {
        return;
    }
    // The most used set wins; a tie goes to the one used first.
    let Some(dominant) =
        (0..sets.len()).max_by_key(|&i| (counts[i].0, std::cmp::Reverse(counts[i].1)))
    else {
        return;
    };
    let mut last_end = 0;
    for (si, range) in set_hits.iter().filter(|(si, _)| *si != dominant) {
        if range.start < last_end {
            continue;
        }
        last_end = range.end;
        let matched = &text[range.clone()];
        let edits = sets[dominant]
            .replace
            .iter()
            .map(|r| Edit {
                start: range.start,
                end: range.end,
                replacement: match_case(matched, r),
            })
            .collect();
        let message = rule
            .message
            .replace("{dominant}", &sets[dominant].name)
            .replace("{other}", &sets[*si].name);
        raw.push(Raw {
            rule: ri,
            range: range.clone(),
            edits,
            message: Some(message),
            related: Vec::new(),
        });
    }
}

fn metric_findings(
    ri: usize,
    rule: &Rule,
    metric: &Metric,
    lazy: &Lazy<'_, '_>,
    raw: &mut Vec<Raw>,
) {
    let text = lazy.doc.text();
    match metric {
        Metric::ExclamationRun { max } => {
            let bytes = text.as_bytes();
            let mut i = 0;
            while let Some(off) = memchr::memchr(b'!', &bytes[i..]) {
                let start = i + off;
                let end = start + bytes[start..].iter().take_while(|&&b| b == b'!').count();
                if end - start > *max {
                    let r = rule.suggest.first().map_or("!", String::as_str);
                    let edits = vec![Edit {
                        start,
                        end,
                        replacement: r.to_string(),
                    }];
                    raw.push(Raw {
                        rule: ri,
                        range: start..end,
                        edits,
                        message: None,
                        related: Vec::new(),
                    });
                }
                i = end;
            }
        }
        Metric::CapsWord { min, allow } => {
            for w in capitalized_words(text) {
                let word = &text[w.clone()];
                let mut letters = 0;
                let mut all_upper = true;
                for c in word.chars() {
                    if c.is_alphabetic() {
                        letters += 1;
                        all_upper &= c.is_uppercase();
                    } else if c.is_numeric() {
                        // Codes such as ORD1234 are not shouting.
                        all_upper = false;
                    }
                }
                if letters < *min || !all_upper || allow.iter().any(|a| a == word) {
                    continue;
                }
                let lower = word.to_lowercase();
                let replacement = if opens_sentence(text, w.start) {
                    capitalize(&lower)
                } else {
                    lower
                };
                let edits = vec![Edit {
                    start: w.start,
                    end: w.end,
                    replacement,
                }];
                raw.push(Raw {
                    rule: ri,
                    range: w,
                    edits,
                    message: None,
                    related: Vec::new(),
                });
            }
        }
        Metric::Question => {
            for s in lazy.sentences() {
                if text[s.range()]
                    .trim_end_matches(['"', '”', ')'])
                    .ends_with('?')
                {
                    raw.push(Raw {
                        rule: ri,
                        range: s.range(),
                        edits: Vec::new(),
                        message: None,
                        related: Vec::new(),
                    });
                }
            }
        }
        Metric::SentenceWords { max } => {
            // The Finnish address analysis counts every sentence's words as it reads them.
            let counted = lazy.address.get().and_then(|a| a.word_counts.as_deref());
            for (i, s) in lazy.sentences().iter().enumerate() {
                let long = match counted {
                    Some(counts) => counts[i] as usize > *max,
                    None => s.has_more_words_than(text, *max),
                };
                if long {
                    raw.push(Raw {
                        rule: ri,
                        range: s.range(),
                        edits: Vec::new(),
                        message: None,
                        related: Vec::new(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{PackSource, load_pack};
    use crate::text::DocKind;

    fn engine(rules: &str) -> Engine {
        let text = format!("[pack]\nlang = \"en\"\n{rules}");
        let pack = load_pack(&PackSource {
            id: "en/t".into(),
            path: "t.toml".into(),
            text,
        })
        .unwrap();
        let engine = Engine::new(pack.rules);
        engine.prepare().unwrap();
        engine
    }

    fn fixed(engine: &Engine, text: &str, kind: Option<DocKind>) -> String {
        engine
            .check(&Document::new(text, Lang::En, kind))
            .fixed(text)
    }

    #[test]
    fn a_sentence_opens_after_a_terminator_a_line_break_or_openers() {
        for (text, opens) in [
            ("So", true),
            ("Ok. So", true),
            ("Ok!\n\"So", true),
            ("Hei: – «So", true),
            ("Ok… (So", true),
            ("Ok.” — So", true),
            ("well so", false),
            ("Ok, so", false),
            ("sano ”So", false),
            ("ä So", false),
        ] {
            let pos = text.rfind(['S', 's']).unwrap();
            assert_eq!(opens_sentence(text, pos), opens, "{text:?}");
        }
    }

    #[test]
    fn a_kind_mask_holds_the_kinds_a_rule_applies_to() {
        let engine = engine(
            r#"
[[rule]]
id = "en.t.every"
level = "info"
message = "m"
match = ["a"]
bad = ["a"]
good = ["c"]

[[rule]]
id = "en.t.money"
level = "info"
message = "m"
kinds = ["invoice", "reminder"]
match = ["b"]
bad = ["b"]
good = ["c"]
"#,
        );
        let kinds = std::iter::once(None).chain(DocKind::ALL.map(Some));
        for rule in engine.rules() {
            for kind in kinds.clone() {
                assert_eq!(
                    KindMask::of(rule).intersects(KindMask::single(kind)),
                    rule.applies_to_kind(kind),
                    "{} {kind:?}",
                    rule.id
                );
            }
        }
    }

    /// What the all-caps metric asks of a word: two letters or more, all of them capitals,
    /// and no digit.
    fn in_all_caps(word: &str) -> bool {
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && word.chars().all(|c| !c.is_numeric())
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    }

    #[test]
    fn capitalized_words_are_every_word_in_all_caps_and_only_words_that_open_with_a_capital() {
        let chars = (0x20u32..0x250)
            .chain([0x2019, 0x20AC, 0x1E9E, 0x0391, 0x0410, 0x24B6])
            .filter_map(char::from_u32);
        for c in chars {
            // At every alignment to the 16-byte chunks, among Finnish lower-case letters.
            for pad in 0..17 {
                let text = format!(
                    "{}ää {c}ÄITI öö{c}x {c}{c} kö I{c}M A{c}b {c}I'm O{c}{c}K Ab{c}",
                    "ä".repeat(pad)
                );
                let found: Vec<Range<usize>> = capitalized_words(&text).collect();
                // Every word the metric would flag is found...
                for (i, ch) in text.char_indices() {
                    if ch.is_uppercase() && is_word_start(&text, i) {
                        let word = i..word_end(&text, i);
                        if in_all_caps(&text[word.clone()]) {
                            assert!(found.contains(&word), "{text:?}: {:?}", &text[word]);
                        }
                    }
                }
                // ... and nothing but words that start with a capital.
                for w in &found {
                    let first = text[w.start..].chars().next().unwrap();
                    assert!(
                        first.is_uppercase() && is_word_start(&text, w.start),
                        "{text:?}"
                    );
                    assert_eq!(w.end, word_end(&text, w.start), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn a_capital_before_a_lower_case_letter_a_digit_or_an_end_opens_no_word_in_all_caps() {
        for text in ["Hi", "I ", "I'm", "A4", "A.", "A-luokka", "Ok"] {
            assert!(capitalized_words(text).next().is_none(), "{text:?}");
        }
        for text in ["OK", "I'M", "A-B", "ÄLÄ", "E:N"] {
            assert!(capitalized_words(text).next().is_some(), "{text:?}");
        }
    }

    #[test]
    fn the_lanes_find_every_literal_end_one_scan_finds_in_its_order() {
        let literals = ["a", "ab", "bca", "Cab", "abcabcabcabc", "bb", "cc-a"];
        let dfa = aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            .build(literals)
            .unwrap();
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(literals)
            .unwrap();
        let longest = literals.iter().map(|l| l.len()).max().unwrap();
        // A text of pseudo-random letters, long enough for several blocks of lanes: stretches
        // where literals end at most bytes, and stretches where one ends every few dozen (the
        // lanes step both ways, and switch).
        let mut seed = 7u32;
        let text: String = (0..LANES * LANE_BYTES * 2 + 1000)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let pick = (seed >> 16) as usize;
                if i / 3000 % 2 == 0 {
                    b"abcABC- "[pick % 8] as char
                } else {
                    b"xyzXYZ- xyzXYZ- xyzXYZ- xyzXYZ-a"[pick % 32] as char
                }
            })
            .collect();
        let spans = [
            0..text.len(),
            3..LANES * LANE_FROM + 2,
            5..LANES * LANE_FROM + 4,
            100..LANES * LANE_BYTES + 101,
            17..text.len() - 9,
        ];
        for span in spans {
            let mut found = Vec::new();
            overlapping_ends(&dfa, text.as_bytes(), span.clone(), longest, |state, e| {
                for m in 0..dfa.match_len(state) {
                    found.push((dfa.match_pattern(state, m).as_usize(), e));
                }
            });
            let expected: Vec<_> = reference
                .find_overlapping_iter(aho_corasick::Input::new(&text).span(span.clone()))
                .map(|m| (m.pattern().as_usize(), m.end()))
                .collect();
            assert!(expected.len() > 1000, "{span:?}: a test with few matches");
            assert_eq!(found, expected, "{span:?}");
        }
    }

    #[test]
    fn the_sign_off_is_searched_for_in_the_last_lines_only() {
        // Every sequence of up to seven lines of these kinds, and again with trailing blanks.
        let lines = [
            "Kiitos viestistä!",
            "",
            " \t",
            "Laura Mäki",
            "\r",
            "yksi kaksi kolme neljä viisi kuusi seitsemän",
        ];
        let mut drafts = vec![String::new()];
        let mut found = 0;
        for _ in 0..7 {
            drafts = drafts
                .iter()
                .flat_map(|d| lines.iter().map(move |l| format!("{d}{l}\n")))
                .collect();
            for d in &drafts {
                for text in [d.clone(), format!("{d}  \n\n")] {
                    assert_eq!(
                        body_end(&text),
                        body_end_within(&text, usize::MAX),
                        "{text:?}"
                    );
                    found += usize::from(body_end(&text).is_some());
                }
            }
        }
        assert!(found > 1000, "few drafts end in a sign-off: {found}");
    }

    #[test]
    fn the_bytes_next_to_an_anchor_rule_out_no_match_the_tokens_accept() {
        // Every shipped pattern, searched in its rules' own examples joined by each kind of gap
        // the tokens skip or stop at, and again in capitals: the same hits and markers with the
        // anchors' byte sets as with none.
        let voice = crate::Voice::bundled();
        let engine = voice.engine();
        let gaps = [
            " ", "\n", "\n\n", " \t", "\u{a0}", "  \n ", " — ", "’", "\u{200b}", "\r\n", "\u{b}",
            "", "-", " (", "\" ",
        ];
        for lang in Lang::ALL {
            let m = engine.matcher(lang);
            let mut text = String::new();
            let examples = engine
                .rules
                .iter()
                .filter(|r| r.lang.is_none_or(|l| l == lang))
                .flat_map(|r| r.bad.iter().chain(&r.good));
            for (i, example) in examples.enumerate() {
                text.push_str(&example.text);
                text.push_str(gaps[i % gaps.len()]);
            }
            text = format!("{text}\n\n{}", text.to_uppercase());
            let (with_sets, _) = AnchorSearch::build(&m.targets, |_| true, &[]);
            let (mut blind, _) = AnchorSearch::build(&m.targets, |_| true, &[]);
            for a in &mut blind.anchors {
                (a.after, a.before) = (ByteSet::ANY, ByteSet::ANY);
            }
            for kind in [None, Some(DocKind::Reply), Some(DocKind::Invoice)] {
                let found = |search: &AnchorSearch| {
                    let mut out = Found::default();
                    search.find(&text, 0..text.len(), &m.targets, kind, |_| true, &mut out);
                    let hits: Vec<_> = (out.hits.iter())
                        .map(|h| (h.target, h.range(), out.arena.token(h.slots, 0)))
                        .collect();
                    (hits, out.markers)
                };
                let (hits, markers) = found(&with_sets);
                assert!(hits.len() > 1000, "{lang:?}: a test with few hits");
                assert_eq!((hits, markers), found(&blind), "{lang:?} {kind:?}");
            }
        }
    }

    #[test]
    fn the_phrase_search_finds_where_each_regex_may_match() {
        // Every shipped regex that starts with literals, over its rules' examples joined (a
        // short text, searched with the NFA) and repeated in capitals and alternating case past
        // the length searched with the DFA in lanes: run where the search says, it finds what
        // scanning the whole text finds.
        let voice = crate::Voice::bundled();
        let engine = voice.engine();
        for lang in Lang::ALL {
            let m = engine.matcher(lang);
            let examples: String = (engine.rules.iter())
                .filter(|r| r.lang.is_none_or(|l| l == lang))
                .flat_map(|r| r.bad.iter().chain(&r.good))
                .map(|e| format!("{} ", e.text))
                .collect();
            let alternating = regex_rules::alternating_case(&examples);
            let mut long = String::new();
            while long.len() < 2 * DFA_FROM {
                long.push_str(&examples);
                long.push_str(&examples.to_uppercase());
                long.push_str(&alternating);
            }
            for text in [&examples, &long] {
                let mut out = Found::default();
                m.phrases
                    .find(text, 0..text.len(), &m.targets, None, |_| true, &mut out);
                out.regex_starts.sort_unstable();
                out.regex_starts.dedup();
                let mut matched = 0;
                for (index, rr) in m.regex_rules.iter().enumerate() {
                    if !rr.from_literals {
                        continue;
                    }
                    let starts = (out.regex_starts.iter())
                        .filter(|&&(r, _)| r as usize == index)
                        .map(|&(_, s)| s as usize);
                    let mut found = Vec::new();
                    regex_rules::each_match_from(&rr.regex, rr.longest, text, starts, |c| {
                        found.push(c.get_match().map(|m| m.range()));
                        true
                    });
                    let scanned: Vec<_> = (rr.regex.captures_iter(text.as_str()))
                        .map(|c| c.get_match().map(|m| m.range()))
                        .collect();
                    assert_eq!(found, scanned, "{lang:?} {}", engine.rules[rr.rule].id);
                    matched += found.len();
                }
                assert!(matched > 0, "{lang:?}: no regex matched");
            }
        }
    }

    #[test]
    fn a_literal_is_a_whole_word_or_a_stem_as_its_patterns_take_it() {
        // `yo` is a whole word for one rule and a stem for another: the same literal, found
        // inside `you`, `yoga` and `don't-yo`, is ruled out for the first before its anchors
        // are read, and the kind of the draft rules out a third rule's `yo` altogether.
        let engine = engine(
            r#"
[[rule]]
id = "en.t.yo"
level = "warning"
message = "Slang."
match = ["yo"]
bad = ["Yo."]
good = ["You."]

[[rule]]
id = "en.t.yoga"
level = "warning"
message = "Stem."
match = ["yo*"]
bad = ["Yoga."]
good = ["Hi."]

[[rule]]
id = "en.t.invoice-yo"
level = "warning"
kinds = ["invoice"]
message = "Only in invoices."
match = ["yo"]
bad = ["Yo."]
good = ["You."]
"#,
        );
        let text = "Yo, you do yoga. don't-yo YO yo-yo";
        let found = |kind| {
            let r = engine.check(&Document::new(text, Lang::En, kind));
            let mut v: Vec<_> = r
                .findings
                .iter()
                .map(|f| (f.rule.clone(), text[f.start..f.end].to_string()))
                .collect();
            v.sort();
            v
        };
        let expected = |with_invoice: bool| {
            let mut v = Vec::new();
            for (rule, words) in [
                ("en.t.invoice-yo", &["Yo", "YO"][..]),
                ("en.t.yo", &["Yo", "YO"][..]),
                ("en.t.yoga", &["Yo", "you", "yoga", "YO", "yo-yo"][..]),
            ] {
                if rule == "en.t.invoice-yo" && !with_invoice {
                    continue;
                }
                v.extend(words.iter().map(|w| (rule.to_string(), w.to_string())));
            }
            v.sort();
            v
        };
        assert_eq!(found(Some(DocKind::Reply)), expected(false));
        assert_eq!(found(Some(DocKind::Invoice)), expected(true));
    }

    #[test]
    fn a_signal_that_only_scores_keeps_its_earliest_match_however_it_was_found() {
        // `please be patient` anchors on `patient`, found after `be` although it starts first;
        // the later matches of both patterns are passed over.
        let engine = engine(
            r#"
[[rule]]
id = "en.t.patience"
warmth = -5
message = "Asks for patience."
match = ["be", "please be patient"]
suggest = ["thank you for waiting"]
bad = ["Please be patient."]
good = ["Thanks."]
"#,
        );
        let text = "Please be patient. Be there, and please be patient.";
        let r = engine.check(&Document::new(text, Lang::En, None));
        assert!(
            r.findings.is_empty(),
            "a signal only scores: {:?}",
            r.findings
        );
        let signals: Vec<_> = r
            .warmth
            .signals
            .iter()
            .map(|s| (s.id.as_str(), s.delta, &text[s.start..s.end]))
            .collect();
        assert_eq!(signals, [("en.t.patience", -5, "Please be patient")]);
        let change = &r.warmth.changes[0];
        assert_eq!((change.start, change.end), (0, 17));
        assert_eq!(change.replacement.as_deref(), Some("Thank you for waiting"));
    }

    #[test]
    fn a_token_moved_inside_the_replacement_loses_its_sentence_capital() {
        let e = engine(
            r#"[[rule]]
id = "en.t.made"
level = "info"
message = "m"
match = ["a|an mistake|error was made"]
suggest = ["we made $1 $2"]
bad = ["An error was made.", "A mistake was made."]
good = ["We made an error.", "Errors happen."]
"#,
        );
        assert_eq!(
            fixed(&e, "An error was made in your invoice.", None),
            "We made an error in your invoice."
        );
        assert_eq!(
            fixed(&e, "Sadly an error was made.", None),
            "Sadly we made an error."
        );
        assert_eq!(
            expand("$1 and $2", "I and you", |n| ["I", "you"]
                .get(n - 1)
                .copied()),
            "I and you"
        );
    }

    #[test]
    fn insertions_follow_the_drafts_line_endings() {
        let e = engine(
            r#"[[rule]]
id = "en.t.greet"
level = "info"
message = "m"
require = ["^ hi|hello"]
position = "start"
suggest = ["Hi [name],\n\n"]
bad = ["Thanks for writing.", "Your order shipped."]
good = ["Hi Ann,\nthanks.", "Hello!"]
"#,
        );
        assert_eq!(
            fixed(&e, "Thanks.\r\nBye", None),
            "Hi [name],\r\n\r\nThanks.\r\nBye"
        );
        assert_eq!(
            fixed(&e, "Thanks.\nBye", None),
            "Hi [name],\n\nThanks.\nBye"
        );
        // Inside a sentence, "hi" is not a greeting.
        assert_eq!(
            fixed(&e, "Say hi to the team.", None),
            "Hi [name],\n\nSay hi to the team."
        );
    }

    #[test]
    fn consistency_rules_with_replace_can_fix() {
        let e = engine(
            r#"[[rule]]
id = "en.t.login"
level = "info"
message = "Say {dominant}, not {other}."
consistency = [
  { name = "sign in", match = ["sign in"], replace = "sign in" },
  { name = "log in", match = ["log in"], replace = "log in" },
]
bad = [{ text = "Sign in here. Sign in there. Then log in.", fixed = "Sign in here. Sign in there. Then sign in." }, "Log in, then sign in, then log in."]
good = ["Sign in here.", "Log in there."]
"#,
        );
        let r = e.check(&Document::new(
            "Log in, then sign in, then log in.",
            Lang::En,
            None,
        ));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].message, "Say log in, not sign in.");
        assert!(crate::check::test_rule(&e.rules()[0]).is_empty());
    }
}
