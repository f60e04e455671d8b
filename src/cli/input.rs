//! Reading drafts: files, folders (honouring .gitignore), standard input and JSONL batches,
//! with clear answers for empty, binary, invalid UTF-8 and oversized input.

use anyhow::{Result, bail};
use savy::report::Source;
use savy::text::{DocKind, Lang};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// One input named on the command line or found in a folder.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// Named on the command line (a binary file named explicitly is an error, one found in
        /// a folder is skipped).
        explicit: bool,
    },
}

impl Input {
    pub fn source(&self) -> Source {
        match self {
            Input::Stdin => Source::Path("-".into()),
            Input::File { path, .. } => Source::Path(path.display().to_string()),
        }
    }
}

/// Whether a file is one of our own `--fix` outputs (`NAME.savy.EXT`).
pub fn is_fix_output(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.contains(".savy.") || name.ends_with(".savy")
}

/// Expands the command line's paths into inputs, walking folders in a stable order.
pub fn gather(paths: &[PathBuf]) -> Result<(Vec<Input>, Vec<String>)> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut stdin_seen = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if stdin_seen {
                bail!("`-` (standard input) can be given only once");
            }
            stdin_seen = true;
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let walker = ignore::WalkBuilder::new(p)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && !is_fix_output(e.path()) =>
                    {
                        inputs.push(Input::File {
                            path: e.into_path(),
                            explicit: false,
                        });
                    }
                    Ok(_) => {}
                    Err(err) => problems.push(err.to_string()),
                }
            }
        } else if p.exists() {
            inputs.push(Input::File {
                path: p.clone(),
                explicit: true,
            });
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok((inputs, problems))
}

/// Why an input yields no draft.
#[derive(Debug)]
pub enum Unreadable {
    /// Passed over with a note.
    Skip(String),
    /// An error for this input; the batch goes on.
    Fail(String),
}

/// Reads raw bytes, refusing more than `max_bytes`.
pub fn read_bytes(input: &Input, max_bytes: u64) -> Result<Vec<u8>, Unreadable> {
    // Standard input is read only up to the limit, so its size is known only as a lower bound.
    let too_big = |size: String| {
        Unreadable::Fail(format!(
            "is {size} bytes, over the limit of {max_bytes} (raise it with --max-bytes or max_bytes in savy.toml)"
        ))
    };
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Unreadable::Fail(format!("cannot read standard input: {e}")))?;
            if buf.len() as u64 > max_bytes {
                return Err(too_big(format!("more than {max_bytes}")));
            }
            Ok(buf)
        }
        Input::File { path, .. } => {
            let meta = std::fs::metadata(path)
                .map_err(|e| Unreadable::Fail(format!("cannot read: {e}")))?;
            if meta.len() > max_bytes {
                return Err(too_big(meta.len().to_string()));
            }
            std::fs::read(path).map_err(|e| Unreadable::Fail(format!("cannot read: {e}")))
        }
    }
}

/// Reads a draft: [`read_bytes`] then [`decode`], a binary file named on the command line being
/// an error and one found in a folder skipped.
pub fn read_text(input: &Input, max_bytes: u64, lossy: bool) -> Result<String, Unreadable> {
    let explicit = !matches!(
        input,
        Input::File {
            explicit: false,
            ..
        }
    );
    read_bytes(input, max_bytes).and_then(|b| decode(b, explicit, lossy))
}

/// Turns bytes into a draft: binary input is refused (or skipped inside a folder), invalid
/// UTF-8 is refused with its byte offset unless `lossy`.
pub fn decode(bytes: Vec<u8>, explicit: bool, lossy: bool) -> Result<String, Unreadable> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(if explicit {
            Unreadable::Fail(
                "looks like a binary file (it contains NUL bytes), not a text draft".into(),
            )
        } else {
            Unreadable::Skip("binary file".into())
        });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(Unreadable::Fail(format!(
            "is not valid UTF-8 (first bad byte at offset {}); convert it to UTF-8, or pass --lossy to check it anyway",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// One line of a JSONL batch.
#[derive(Debug)]
pub struct BatchLine {
    pub source: Source,
    pub text: String,
    pub kind: Option<DocKind>,
    pub lang: Option<Lang>,
}

#[derive(serde::Deserialize)]
struct LineSpec {
    #[serde(default)]
    id: serde_json::Value,
    text: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
}

/// A JSONL batch read a chunk of lines at a time, so an export of any size is checked in
/// bounded memory; the size limit applies to each line (one draft), not to the file.
pub struct Batch {
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far.
    line: usize,
    /// Bytes read so far, for progress.
    pub bytes_read: u64,
    /// The file's size, when known.
    pub len: Option<u64>,
}

impl Batch {
    /// Opens a file or standard input as a batch.
    pub fn open(input: &Input) -> Result<Batch, String> {
        let (reader, len): (Box<dyn BufRead + Send>, _) = match input {
            Input::Stdin => (Box::new(std::io::BufReader::new(std::io::stdin())), None),
            Input::File { path, .. } => {
                let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
                let len = file.metadata().ok().map(|m| m.len());
                (
                    Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
                    len,
                )
            }
        };
        Ok(Batch {
            reader,
            line: 0,
            bytes_read: 0,
            len,
        })
    }

    /// Reads one line of at most `max_bytes` (the rest of a longer line is skipped); `None`
    /// at the end. The bool says whether the line was cut.
    fn read_line(&mut self, max_bytes: u64, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
        buf.clear();
        let n = (&mut self.reader)
            .take(max_bytes + 1)
            .read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.bytes_read += n as u64;
        let too_long = buf.last() != Some(&b'\n') && buf.len() as u64 > max_bytes;
        if too_long {
            // Skip to the end of the line without keeping it.
            let mut skip = Vec::new();
            loop {
                skip.clear();
                let k = (&mut self.reader)
                    .take(1 << 16)
                    .read_until(b'\n', &mut skip)?;
                self.bytes_read += k as u64;
                if k == 0 || skip.last() == Some(&b'\n') {
                    break;
                }
            }
        }
        Ok(Some(too_long))
    }

    /// The next up to `max_lines` lines, parsed; `None` at the end of the batch.
    #[allow(clippy::type_complexity)]
    pub fn next_chunk(
        &mut self,
        max_lines: usize,
        max_bytes: u64,
        lossy: bool,
    ) -> std::io::Result<Option<Vec<Result<BatchLine, (Source, String)>>>> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut any = false;
        while out.len() < max_lines {
            let Some(too_long) = self.read_line(max_bytes, &mut buf)? else {
                break;
            };
            any = true;
            self.line += 1;
            let line = self.line;
            if too_long {
                let msg = format!(
                    "the line is over the limit of {max_bytes} bytes (raise it with --max-bytes)"
                );
                out.push(Err((
                    Source::Line {
                        id: serde_json::Value::Null,
                        line,
                    },
                    msg,
                )));
                continue;
            }
            if let Some(parsed) = parse_line(&buf, line, lossy) {
                out.push(parsed);
            }
        }
        Ok(any.then_some(out))
    }
}

/// Parses one line of a JSONL batch (1-based `line`); `None` for a blank line. Fields other
/// than id, text, kind and lang are ignored (exports carry more).
fn parse_line(raw: &[u8], line: usize, lossy: bool) -> Option<Result<BatchLine, (Source, String)>> {
    let bad = |id: serde_json::Value, msg: String| Some(Err((Source::Line { id, line }, msg)));
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // Exports from Windows tools often start with a byte order mark.
    let raw = if line == 1 {
        raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
    } else {
        raw
    };
    if raw.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let text = match std::str::from_utf8(raw) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) if lossy => String::from_utf8_lossy(raw),
        Err(e) => {
            return bad(
                serde_json::Value::Null,
                format!(
                    "line is not valid UTF-8 (at byte {} of the line)",
                    e.valid_up_to()
                ),
            );
        }
    };
    let spec: LineSpec = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            return bad(
                serde_json::Value::Null,
                format!("not a JSON object with a \"text\" field: {e}"),
            );
        }
    };
    let id = spec.id;
    let Some(draft) = spec.text else {
        return bad(id, "missing \"text\"".into());
    };
    let kind = match spec.kind.as_deref().map(str::parse::<DocKind>).transpose() {
        Ok(k) => k,
        Err(e) => return bad(id, e),
    };
    let lang = match spec.lang.as_deref().map(str::parse::<Lang>).transpose() {
        Ok(l) => l,
        Err(e) => return bad(id, e),
    };
    Some(Ok(BatchLine {
        source: Source::Line { id, line },
        text: draft,
        kind,
        lang,
    }))
}
