//! Lines and columns of byte offsets, for diagnostics: spans stay byte offsets everywhere
//! else and become positions only when shown.

/// Line starts of a text, to turn byte offsets into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 0-based line of byte offset `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos) - 1
    }

    /// Byte range of 0-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// 1-based line and 1-based column in characters of byte offset `pos`.
    pub fn position(&self, pos: usize) -> (usize, usize) {
        let pos = super::floor_char_boundary(self.text, pos);
        let line = self.line_of(pos);
        let start = self.starts[line];
        let column = self
            .text
            .get(start..pos)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let t = "Hei,\r\nmitä kuuluu?\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(0), (1, 1));
        let k = t.find("kuuluu").unwrap();
        assert_eq!(idx.position(k), (2, 6));
        assert_eq!(&t[idx.line_range(0)], "Hei,");
        assert_eq!(idx.position(t.len()), (3, 1));
    }
}
