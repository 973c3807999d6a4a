//! Key paths: where in a spec document an item lives, e.g.
//! `operations.ResetUserPassword.responses.200.body`.

use std::fmt;
use std::sync::Arc;

/// One step of a [`KeyPath`]: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A key of a mapping.
    Key(String),
    /// A position in a sequence.
    Index(usize),
}

/// The path of keys and indices from the document root to a node.
///
/// Paths share their prefixes: extending one allocates a single link, so recording a
/// path for every node of a large spec stays linear.
#[derive(Clone, Default)]
pub struct KeyPath(Option<Arc<Link>>);

struct Link {
    parent: KeyPath,
    segment: Segment,
    len: usize,
}

impl KeyPath {
    /// The path of the document root.
    pub fn root() -> Self {
        Self(None)
    }

    fn push(&self, segment: Segment) -> Self {
        Self(Some(Arc::new(Link {
            parent: self.clone(),
            segment,
            len: self.depth() + 1,
        })))
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: impl Into<String>) -> Self {
        self.push(Segment::Key(key.into()))
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        self.push(Segment::Index(index))
    }

    /// How many segments the path has (0 for the root).
    pub fn depth(&self) -> usize {
        self.0.as_ref().map_or(0, |l| l.len)
    }

    /// The path without its last segment (the root stays the root).
    pub fn parent(&self) -> KeyPath {
        self.0
            .as_ref()
            .map_or_else(KeyPath::root, |l| l.parent.clone())
    }

    /// The segments, from the root.
    pub fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::with_capacity(self.depth());
        let mut at = self;
        while let Some(link) = &at.0 {
            out.push(link.segment.clone());
            at = &link.parent;
        }
        out.reverse();
        out
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_none()
    }

    /// The last mapping key of the path, if any.
    pub fn last_key(&self) -> Option<&str> {
        let mut at = self;
        while let Some(link) = &at.0 {
            if let Segment::Key(k) = &link.segment {
                return Some(k);
            }
            at = &link.parent;
        }
        None
    }
}

impl PartialEq for KeyPath {
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (self, other);
        if a.depth() != b.depth() {
            return false;
        }
        loop {
            match (&a.0, &b.0) {
                (None, None) => return true,
                (Some(x), Some(y)) if Arc::ptr_eq(x, y) => return true,
                (Some(x), Some(y)) if x.segment == y.segment => {
                    a = &x.parent;
                    b = &y.parent;
                }
                _ => return false,
            }
        }
    }
}

impl Eq for KeyPath {}

impl std::hash::Hash for KeyPath {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.depth().hash(state);
        let mut at = self;
        while let Some(link) = &at.0 {
            link.segment.hash(state);
            at = &link.parent;
        }
    }
}

impl PartialOrd for KeyPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.segments().cmp(&other.segments())
    }
}

impl fmt::Debug for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyPath({self})")
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.segments().iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_and_indices() {
        let p = KeyPath::root()
            .key("operations")
            .key("ResetUserPassword")
            .key("parameters")
            .index(2)
            .key("name");
        assert_eq!(
            p.to_string(),
            "operations.ResetUserPassword.parameters[2].name"
        );
        assert_eq!(p.last_key(), Some("name"));
        assert_eq!(KeyPath::root().to_string(), "(document root)");
    }
}
