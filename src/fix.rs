//! Applying suggestions: case-preserving replacements, edits applied without splitting a
//! character or clobbering each other.

use crate::review::Edit;

/// Gives `replacement` the casing of `original`: UPPER stays upper, a Title first letter stays
/// a capital, lower case leaves the replacement as written.
pub fn match_case(original: &str, replacement: &str) -> String {
    let mut letters = 0;
    let mut upper = 0;
    for c in original.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    if letters >= 2 && upper == letters && replacement.chars().any(char::is_lowercase) {
        return replacement.to_uppercase();
    }
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    if starts_upper {
        capitalize(replacement)
    } else {
        replacement.to_string()
    }
}

/// `replacement` with its first letter in upper case (Unicode-aware: `ä` → `Ä`).
pub fn capitalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut done = false;
    for c in text.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Applies edits to `text` in order of position. An edit that overlaps one already taken is
/// skipped (the earlier one wins; at the same start, the longer), as is one whose range is not
/// on character boundaries. Insertions at the same place are all applied, in order, before an
/// edit that replaces text from there.
pub fn apply<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> String {
    Applied::new(text, edits).to_text()
}

/// `text` with edits applied as [`apply`] applies them, written piece by piece (with `{}`):
/// a long draft's fixed version is written out without first being copied whole.
pub struct Applied<'t, 'e> {
    text: &'t str,
    /// The edits to take, in order; each starts at or after the end of the one before.
    edits: Vec<&'e Edit>,
}

impl<'t, 'e> Applied<'t, 'e> {
    /// Chooses the edits of `edits` that [`apply`] takes.
    pub fn new(text: &'t str, edits: impl IntoIterator<Item = &'e Edit>) -> Self {
        let mut edits: Vec<&Edit> = edits
            .into_iter()
            .filter(|e| {
                e.start <= e.end && text.is_char_boundary(e.start) && text.is_char_boundary(e.end)
            })
            .collect();
        // At the same start an insertion goes first (a greeting added before a rewritten first
        // phrase keeps both), then the longer edit wins: a phrase rewrite covers the word fixes
        // inside it.
        edits.sort_by_key(|e| (e.start, e.start != e.end, std::cmp::Reverse(e.end)));
        let mut pos = 0;
        edits.retain(|e| {
            let keep = e.start >= pos;
            if keep {
                pos = e.end;
            }
            keep
        });
        Applied { text, edits }
    }

    /// The result, whole.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        for piece in self.pieces() {
            out.push_str(piece);
        }
        out
    }

    /// The pieces of the result: kept text and replacements, in order.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        let mut pos = 0;
        self.edits
            .iter()
            .flat_map(move |e| {
                let kept = &self.text[pos..e.start];
                pos = e.end;
                [kept, e.replacement.as_str()]
            })
            .chain(std::iter::once_with(move || {
                &self.text[self.edits.last().map_or(0, |e| e.end)..]
            }))
    }
}

impl std::fmt::Display for Applied<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pieces().try_for_each(|piece| f.write_str(piece))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit {
            start,
            end,
            replacement: r.into(),
        }
    }

    #[test]
    fn case_follows_the_original() {
        assert_eq!(match_case("kuten", "kertaan"), "kertaan");
        assert_eq!(match_case("Kuten", "kertaan"), "Kertaan");
        assert_eq!(match_case("KUTEN", "kertaan"), "KERTAAN");
        assert_eq!(match_case("ÄLÄ", "älkää"), "ÄLKÄÄ");
        assert_eq!(match_case("älä", "Te"), "Te");
        assert_eq!(match_case("Äläkä", "älkääkä"), "Älkääkä");
        assert_eq!(match_case("!!!", "!"), "!");
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_are_skipped() {
        let t = "aa bb cc";
        let edits = [
            edit(6, 8, "CC"),
            edit(0, 2, "x"),
            edit(1, 4, "no"),
            edit(3, 3, "+"),
        ];
        assert_eq!(apply(t, &edits), "x +bb CC");
    }

    #[test]
    fn the_longer_edit_wins_at_the_same_start() {
        // A caps fix on the first word must not break the phrase rewrite that starts there.
        let t = "KUTEN JO TOTESIMME, ok";
        let edits = [
            edit(0, 5, "Kuten"),
            edit(0, 19, "KERRATAAN:"),
            edit(9, 18, "totesimme"),
        ];
        assert_eq!(apply(t, &edits), "KERRATAAN: ok");
    }

    #[test]
    fn an_insertion_goes_before_a_replacement_at_the_same_place() {
        let t = "Kuten totesimme, ok";
        let edits = [edit(0, 16, "Kertaan:"), edit(0, 0, "Hei,\n")];
        assert_eq!(apply(t, &edits), "Hei,\nKertaan: ok");
    }

    #[test]
    fn written_piece_by_piece_the_result_is_the_same() {
        let t = "a bb cc dd";
        let edits = [
            edit(8, 10, "EE"),
            edit(0, 1, "x"),
            edit(2, 4, "+bb"),
            edit(3, 7, "no"),
            edit(5, 5, "ins "),
        ];
        let applied = Applied::new(t, &edits);
        assert_eq!(applied.to_string(), apply(t, &edits));
        assert_eq!(applied.to_string(), "x +bb ins cc EE");
        assert_eq!(Applied::new(t, &[]).to_string(), t);
        assert_eq!(Applied::new("", &[edit(0, 0, "Hei")]).to_string(), "Hei");
    }

    #[test]
    fn edits_off_character_boundaries_are_ignored() {
        let t = "päivä";
        assert_eq!(apply(t, &[edit(2, 3, "x")]), "päivä");
        assert_eq!(apply(t, &[edit(1, 3, "a")]), "paivä");
    }
}
