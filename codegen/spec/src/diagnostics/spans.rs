//! Where each key and value of a YAML document starts, indexed by [`KeyPath`].
//!
//! `serde_yaml` gives the data but no positions, so when a diagnostic must be shown the
//! document is scanned once more with `yaml-rust2`'s marked event parser. This only happens
//! when there is something to report; a clean spec never pays for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use super::KeyPath;

/// A position in a source text: 1-based line and column, and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
    /// Byte offset from the start of the text.
    pub offset: usize,
}

/// The positions of one node: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeSpan {
    /// Where the key of the entry starts, when the node is a mapping value.
    pub key: Option<Position>,
    /// Where the value starts.
    pub value: Option<Position>,
}

/// A key written twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The path of the repeated entry (the mapping's path plus the key).
    pub path: KeyPath,
    /// Where the key is first written.
    pub first: Position,
    /// Where it is written again.
    pub again: Position,
}

/// Nodes nested deeper than this are not indexed: the YAML parser rejects such documents
/// anyway, and indexing them would cost time and memory quadratic in the depth.
const MAX_DEPTH: usize = 256;

/// Positions of every key and value in a document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: HashMap<KeyPath, NodeSpan>,
    first_key: Option<Position>,
    duplicates: Vec<DuplicateKey>,
    stopped_in: Option<KeyPath>,
}

impl SpanIndex {
    /// Scans `text` and records the position of every node it can reach. A document that
    /// fails to scan part-way keeps the positions found before the failure.
    pub fn build(text: &str) -> Self {
        let mut receiver = Receiver {
            index: SpanIndex::default(),
            frames: Vec::new(),
            offsets: CharOffsets::new(text),
        };
        let mut parser = Parser::new_from_str(text);
        // Events are pulled one by one: `Parser::load` recurses once per nesting level and
        // would overflow the stack on a deeply nested document. A scan error only ends the
        // indexing early: the parse that reported the problem gives its own message, this
        // index merely helps to point at places. Only the first document is indexed.
        // Scanning stops, too, past `MAX_DEPTH` levels: the scanner's work per token grows
        // with the depth, and nothing deeper is indexed anyway.
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break,
                Ok((event, mark)) => {
                    receiver.on_event(event, mark);
                    if receiver.frames.len() >= MAX_DEPTH {
                        receiver.index.stopped_in = Some(receiver.open_path());
                        break;
                    }
                }
                Err(_) => {
                    receiver.index.stopped_in = Some(receiver.open_path());
                    break;
                }
            }
        }
        receiver.index
    }

    /// The recorded span of `path`, if the node exists.
    #[cfg(test)]
    pub fn get(&self, path: &KeyPath) -> Option<NodeSpan> {
        self.spans.get(path).copied()
    }

    /// The span of `path`, or of its nearest ancestor that has one. The document root's
    /// span is its first key, so that a problem with the whole document points at its start.
    pub fn nearest(&self, path: &KeyPath) -> Option<(KeyPath, NodeSpan)> {
        let mut segments = path.segments().to_vec();
        loop {
            let candidate = KeyPath::from_segments(segments.clone());
            if candidate.is_root() {
                let root = self.first_key.map(|p| NodeSpan {
                    key: Some(p),
                    value: Some(p),
                });
                return root
                    .or_else(|| self.spans.get(&candidate).copied())
                    .map(|s| (candidate, s));
            }
            if let Some(span) = self.spans.get(&candidate) {
                return Some((candidate, *span));
            }
            segments.pop()?;
        }
    }

    /// When the document failed to scan: the path of the innermost mapping or list that was
    /// open at that point (with the key being read, if any), i.e. where the problem is.
    pub fn stopped_in(&self) -> Option<&KeyPath> {
        self.stopped_in.as_ref()
    }

    /// Keys written twice in one mapping, in document order.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }
}

impl KeyPath {
    pub(crate) fn from_segments(segments: Vec<super::key_path::Segment>) -> Self {
        let mut path = KeyPath::root();
        for s in segments {
            path = match s {
                super::key_path::Segment::Key(k) => path.key(k),
                super::key_path::Segment::Index(i) => path.index(i),
            };
        }
        path
    }
}

/// Maps the parser's line and column to byte offsets.
///
/// The parser's own `index` cannot be used: yaml-rust2 counts it in characters, except
/// inside block scalars (`|`, `>`), where it adds bytes, so it drifts after any non-ASCII
/// text in a block. Lines and columns are counted consistently.
struct CharOffsets<'a> {
    text: &'a str,
    /// Byte offset where each line starts (line 1 at index 0).
    line_starts: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, line_starts }
    }

    fn position(&self, mark: Marker) -> Position {
        let line = mark.line().max(1);
        let offset = match self.line_starts.get(line - 1) {
            Some(&start) => {
                let end = self
                    .line_starts
                    .get(line)
                    .copied()
                    .unwrap_or(self.text.len());
                let line_text = &self.text[start..end];
                start
                    + line_text
                        .char_indices()
                        .nth(mark.col())
                        .map_or(line_text.trim_end_matches('\n').len(), |(i, _)| i)
            }
            None => self.text.len(),
        };
        Position {
            line,
            column: mark.col() + 1,
            offset,
        }
    }
}

enum Frame {
    Map {
        path: KeyPath,
        key: Option<String>,
        seen: HashMap<String, Position>,
    },
    Seq {
        path: KeyPath,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: skipped with its nesting depth.
    SkipKey {
        depth: usize,
    },
}

struct Receiver<'a> {
    index: SpanIndex,
    frames: Vec<Frame>,
    offsets: CharOffsets<'a>,
}

impl Receiver<'_> {
    /// The path of the innermost open mapping or list, plus the key being read.
    fn open_path(&self) -> KeyPath {
        for frame in self.frames.iter().rev() {
            match frame {
                Frame::Map { path, key, .. } => {
                    return key
                        .as_ref()
                        .map_or_else(|| path.clone(), |k| path.key(k.clone()));
                }
                Frame::Seq { path, .. } => return path.clone(),
                Frame::SkipKey { .. } => {}
            }
        }
        KeyPath::root()
    }

    /// Records the start of a value node and returns its path.
    fn value_path(&mut self, pos: Position) -> Option<KeyPath> {
        let path = match self.frames.last_mut() {
            None => KeyPath::root(),
            Some(Frame::Map { path, key, .. }) => path.key(key.take()?),
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                p
            }
            Some(Frame::SkipKey { .. }) => return None,
        };
        self.index.spans.entry(path.clone()).or_default().value = Some(pos);
        Some(path)
    }

    /// Whether the next node is a key of the innermost mapping.
    fn expecting_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Map { key: None, .. }))
    }

    fn container_start(&mut self, pos: Position, is_map: bool) {
        if let Some(Frame::SkipKey { depth }) = self.frames.last_mut() {
            *depth += 1;
            return;
        }
        if self.expecting_key() {
            self.frames.push(Frame::SkipKey { depth: 1 });
            return;
        }
        let Some(path) = self.value_path(pos) else {
            return;
        };
        self.frames.push(if is_map {
            Frame::Map {
                path,
                key: None,
                seen: HashMap::new(),
            }
        } else {
            Frame::Seq { path, next: 0 }
        });
    }

    fn container_end(&mut self) {
        if let Some(Frame::SkipKey { depth }) = self.frames.last_mut() {
            *depth -= 1;
            if *depth == 0 {
                self.frames.pop();
                if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
                    *key = Some("<complex key>".to_owned());
                }
            }
            return;
        }
        self.frames.pop();
    }

    fn scalar(&mut self, value: String, pos: Position) {
        if matches!(self.frames.last(), Some(Frame::SkipKey { .. })) {
            return;
        }
        let at_root = self.frames.len() == 1;
        if let Some(Frame::Map { path, key, seen }) = self.frames.last_mut()
            && key.is_none()
        {
            let entry = path.key(value.clone());
            if let Some(first) = seen.get(&value) {
                self.index.duplicates.push(DuplicateKey {
                    path: entry.clone(),
                    first: *first,
                    again: pos,
                });
            } else {
                seen.insert(value.clone(), pos);
            }
            if at_root && self.index.first_key.is_none() {
                self.index.first_key = Some(pos);
            }
            self.index.spans.entry(entry).or_default().key = Some(pos);
            *key = Some(value);
            return;
        }
        self.value_path(pos);
    }
}

impl Receiver<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = self.offsets.position(mark);
        match event {
            Event::Scalar(value, ..) => self.scalar(value, pos),
            Event::Alias(_) => self.scalar("<alias>".to_owned(), pos),
            Event::MappingStart(..) => self.container_start(pos, true),
            Event::SequenceStart(..) => self.container_start(pos, false),
            Event::MappingEnd | Event::SequenceEnd => self.container_end(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_stay_right_after_non_ascii_block_scalars() {
        // yaml-rust2 counts block scalar text in bytes but other text in chars; positions
        // after a block with Chinese text must still point at the right bytes.
        let text = "a:\n  d: |-\n    默认取值：10\n    中文\nb:\n  key: 值\n";
        let index = SpanIndex::build(text);
        let key = index.get(&KeyPath::root().key("b").key("key")).unwrap();
        let pos = key.key.unwrap();
        assert_eq!((pos.line, pos.column), (6, 3));
        assert_eq!(&text[pos.offset..pos.offset + 3], "key");
        let value = key.value.unwrap();
        assert_eq!(&text[value.offset..], "值\n");
    }

    #[test]
    fn indexes_keys_values_and_sequence_items() {
        let text = "service:\n  name: X\noperations:\n  Op:\n    parameters:\n      - name: a\n      - name: b\n";
        let index = SpanIndex::build(text);
        let name = index
            .get(&KeyPath::root().key("service").key("name"))
            .unwrap();
        assert_eq!(name.key.unwrap().line, 2);
        assert_eq!(name.key.unwrap().column, 3);
        assert_eq!(name.value.unwrap().column, 9);
        let b = KeyPath::root()
            .key("operations")
            .key("Op")
            .key("parameters")
            .index(1)
            .key("name");
        let span = index.get(&b).unwrap();
        assert_eq!(span.key.unwrap().line, 7);
        assert_eq!(span.value.unwrap().offset, text.find("b\n").unwrap());
    }

    #[test]
    fn nearest_falls_back_to_an_ancestor() {
        let index = SpanIndex::build("a:\n  b: 1\n");
        let missing = KeyPath::root().key("a").key("c");
        let (found, _) = index.nearest(&missing).unwrap();
        assert_eq!(found, KeyPath::root().key("a"));
    }

    #[test]
    fn finds_keys_written_twice() {
        let index = SpanIndex::build("a:\n  b: 1\n  c: 2\n  b: 3\nd: {x: 1, x: 2}\n");
        let found: Vec<(String, usize, usize)> = index
            .duplicates()
            .iter()
            .map(|d| (d.path.to_string(), d.first.line, d.again.line))
            .collect();
        assert_eq!(
            found,
            vec![("a.b".to_owned(), 2, 4), ("d.x".to_owned(), 5, 5)]
        );
    }

    #[test]
    fn tells_where_the_parser_stopped() {
        let index = SpanIndex::build("a:\n  b: 1\n  c:\n    d: [1, 2\ne: 1\n");
        assert_eq!(index.stopped_in().unwrap().to_string(), "a.c.d");
        assert!(SpanIndex::build("a: 1\n").stopped_in().is_none());
    }

    #[test]
    fn deep_nesting_is_indexed_only_to_a_bound_without_recursion() {
        let depth = 100_000;
        let text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        // A small stack, as test threads have: indexing must not recurse per level.
        let spans = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || SpanIndex::build(&text).spans.len())
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert!(spans <= MAX_DEPTH + 1, "{spans}");
    }

    #[test]
    fn survives_broken_yaml() {
        let index = SpanIndex::build("a: [1, 2\nb: {");
        assert!(index.get(&KeyPath::root().key("a")).is_some());
    }
}
