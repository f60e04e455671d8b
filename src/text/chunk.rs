//! Sixteen bytes of text judged at once. The scans that skip most of a text (to the end of a
//! word, to a capital) ask a few questions of every byte; asked of a chunk, each question is
//! one or two vector instructions and its answer one bit per byte, so that a run of ordinary
//! bytes costs no branch per byte.

/// Sixteen bytes of text. Each test answers with one bit per byte: bit `k` for byte `k`.
#[derive(Clone, Copy)]
pub(crate) struct Chunk {
    #[cfg(target_arch = "x86_64")]
    v: std::arch::x86_64::__m128i,
    #[cfg(not(target_arch = "x86_64"))]
    bytes: [u8; 16],
}

impl Chunk {
    /// The 16 bytes of `bytes` from `at`, those past its end read as `fill`: the end of a
    /// text is judged as a whole chunk too.
    #[inline(always)]
    pub(crate) fn at(bytes: &[u8], at: usize, fill: u8) -> Chunk {
        match bytes.get(at..at + 16) {
            Some(chunk) => Chunk::new(chunk.try_into().expect("16 bytes")),
            None => {
                let rest = bytes.get(at..).unwrap_or_default();
                let mut padded = [fill; 16];
                padded[..rest.len()].copy_from_slice(rest);
                Chunk::new(&padded)
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl Chunk {
    /// The chunk of these bytes.
    #[inline(always)]
    pub(crate) fn new(bytes: &[u8; 16]) -> Chunk {
        use std::arch::x86_64::_mm_set_epi64x;
        let half = |k: usize| i64::from_le_bytes(bytes[k..k + 8].try_into().expect("8 bytes"));
        // SAFETY: SSE2 is part of every x86-64 processor; this intrinsic needs nothing else.
        Chunk {
            v: unsafe { _mm_set_epi64x(half(8), half(0)) },
        }
    }

    /// The bytes equal to `b`.
    #[inline(always)]
    pub(crate) fn eq(self, b: u8) -> u32 {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
        // SAFETY: SSE2 is part of every x86-64 processor; these intrinsics need nothing else.
        unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(self.v, _mm_set1_epi8(b as i8))) as u32 }
    }

    /// The bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    pub(crate) fn in_range(self, lo: u8, hi: u8) -> u32 {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_set1_epi8, _mm_sub_epi8,
        };
        // `b - lo` (wrapping) is at most `hi - lo` just where `b` is in range, and `min`
        // says "at most" for unsigned bytes.
        // SAFETY: SSE2 is part of every x86-64 processor; these intrinsics need nothing else.
        unsafe {
            let x = _mm_sub_epi8(self.v, _mm_set1_epi8(lo as i8));
            let at_most =
                _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(hi.wrapping_sub(lo) as i8)), x);
            _mm_movemask_epi8(at_most) as u32
        }
    }

    /// The ASCII letters, either case.
    #[inline(always)]
    pub(crate) fn ascii_letters(self) -> u32 {
        use std::arch::x86_64::{_mm_or_si128, _mm_set1_epi8};
        // Setting bit 5 lowers an ASCII capital and maps no other byte into `a..=z`.
        // SAFETY: SSE2 is part of every x86-64 processor; these intrinsics need nothing else.
        let lowered = Chunk {
            v: unsafe { _mm_or_si128(self.v, _mm_set1_epi8(0x20)) },
        };
        lowered.in_range(b'a', b'z')
    }
}

#[cfg(not(target_arch = "x86_64"))]
impl Chunk {
    /// The chunk of these bytes.
    #[inline(always)]
    pub(crate) fn new(bytes: &[u8; 16]) -> Chunk {
        Chunk { bytes: *bytes }
    }

    #[inline(always)]
    fn mask(self, f: impl Fn(u8) -> bool) -> u32 {
        self.bytes
            .iter()
            .enumerate()
            .fold(0, |m, (k, &b)| m | (u32::from(f(b)) << k))
    }

    /// The bytes equal to `b`.
    #[inline(always)]
    pub(crate) fn eq(self, b: u8) -> u32 {
        self.mask(|x| x == b)
    }

    /// The bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    pub(crate) fn in_range(self, lo: u8, hi: u8) -> u32 {
        self.mask(|x| (lo..=hi).contains(&x))
    }

    /// The ASCII letters, either case.
    #[inline(always)]
    pub(crate) fn ascii_letters(self) -> u32 {
        self.mask(|x| x.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_at_the_end_of_the_text_reads_the_fill_past_it() {
        let text = b"abcdefghijklmnopqrst";
        for at in 0..=text.len() + 2 {
            let chunk = Chunk::at(text, at, b' ');
            let expected = (0..16).fold(0, |m, k| {
                let b = text.get(at + k).copied().unwrap_or(b' ');
                m | (u32::from(b.is_ascii_alphabetic()) << k)
            });
            assert_eq!(chunk.ascii_letters(), expected, "at {at}");
        }
    }

    #[test]
    fn each_test_answers_for_each_byte_as_its_definition_does() {
        for b in 0..=255u8 {
            for k in 0..16 {
                let mut bytes = [0u8; 16];
                bytes[k] = b;
                let chunk = Chunk::new(&bytes);
                // Byte 0 stands everywhere else: its bits are those of 0.
                let expect = |f: &dyn Fn(u8) -> bool| {
                    (0..16).fold(0, |m, i| m | (u32::from(f(bytes[i])) << i))
                };
                assert_eq!(chunk.eq(b), expect(&|x| x == b), "{b:02X} at {k}");
                assert_eq!(chunk.eq(0xC3), expect(&|x| x == 0xC3), "{b:02X} at {k}");
                for (lo, hi) in [
                    (b'a', b'z'),
                    (0x80, 0xBF),
                    (0x80, 0x9E),
                    (0, 0x7F),
                    (0xC0, 0xFF),
                ] {
                    assert_eq!(
                        chunk.in_range(lo, hi),
                        expect(&|x| (lo..=hi).contains(&x)),
                        "{b:02X} at {k} in {lo:02X}..={hi:02X}"
                    );
                }
                assert_eq!(
                    chunk.ascii_letters(),
                    expect(&|x| x.is_ascii_alphabetic()),
                    "{b:02X} at {k}"
                );
            }
        }
    }
}
