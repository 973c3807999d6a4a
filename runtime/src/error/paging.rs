//! Why a paged listing cannot be complete.

use std::fmt::{self, Write as _};

use super::{Escaping, excerpt};

/// A paged listing that cannot be complete: its pager stopped rather than return
/// duplicated or partial data as a success.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagingError {
    /// Operation id of the listing.
    pub operation: &'static str,
    /// What went wrong.
    pub kind: PagingErrorKind,
    /// Pages fetched and accepted before the error.
    pub pages: u64,
    /// Items in those pages.
    pub items: u64,
}

/// What stopped a paged listing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingErrorKind {
    /// The pager fetched its maximum number of pages and more would follow. Raise the
    /// limit with `with_max_pages` to list further.
    PageLimit {
        /// The limit.
        max_pages: u64,
    },
    /// A page holds exactly the items of an earlier one: the service ignores the page
    /// number or offset, or serves a cycle.
    RepeatedPage {
        /// The repeating page (1-based, counted from where the pager started).
        page: u64,
        /// The earlier page it repeats.
        same_as: u64,
    },
    /// The service named a marker the pager has already sent: the pages form a cycle.
    RepeatedMarker {
        /// The marker (as the service sent it).
        marker: String,
    },
    /// The pages ended (an empty page, no next marker) before the total the service
    /// reports.
    Incomplete {
        /// The reported total.
        total: i64,
        /// The position reached.
        reached: i64,
    },
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(f, "{}: the listing cannot be complete: ", self.operation)?;
        match &self.kind {
            PagingErrorKind::PageLimit { max_pages } => write!(
                f,
                "{max_pages} pages fetched (the pager's limit) and more would follow; \
                 raise it with `with_max_pages`"
            )?,
            PagingErrorKind::RepeatedPage { page, same_as } => write!(
                f,
                "page {page} holds the same items as page {same_as} (the service ignores \
                 the page position or serves a cycle)"
            )?,
            PagingErrorKind::RepeatedMarker { marker } => write!(
                f,
                "the service named the marker {:?} again (a cycle)",
                excerpt(marker)
            )?,
            PagingErrorKind::Incomplete { total, reached } => write!(
                f,
                "the pages ended at position {reached} but the service reports {total} items"
            )?,
        }
        write!(f, " ({} items in {} pages before)", self.items, self.pages)
    }
}
