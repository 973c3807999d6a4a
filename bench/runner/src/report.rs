//! The results table, in markdown.

/// One line of the table; empty cells print as `–`.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// What is measured, with its unit.
    pub figure: String,
    /// The API size in operations (or what the row is about).
    pub ops: String,
    /// Our figure.
    pub ours: String,
    /// progenitor, positional interface.
    pub positional: String,
    /// progenitor, builder interface.
    pub builder: String,
    /// Ours divided by progenitor positional.
    pub vs_positional: String,
    /// Ours divided by progenitor builder.
    pub vs_builder: String,
}

impl Row {
    /// A row for figure `figure` at size `ops` with our value only.
    pub fn new(figure: &str, ops: impl ToString, ours: String) -> Self {
        Self {
            figure: figure.to_owned(),
            ops: ops.to_string(),
            ours,
            ..Self::default()
        }
    }

    /// Adds progenitor's two figures as values `(positional, builder)` next to `ours`,
    /// printed with `fmt`, and the ratios ours ÷ theirs.
    pub fn against(
        mut self,
        ours: f64,
        theirs: (Option<f64>, Option<f64>),
        fmt: fn(f64) -> String,
    ) -> Self {
        let cell = |v: Option<f64>| v.map(fmt).unwrap_or_default();
        let ratio = |v: Option<f64>| v.map(|t| format!("{:.3}", ours / t)).unwrap_or_default();
        self.positional = cell(theirs.0);
        self.builder = cell(theirs.1);
        self.vs_positional = ratio(theirs.0);
        self.vs_builder = ratio(theirs.1);
        self
    }
}

/// Milliseconds from seconds, three significant figures or more.
pub fn ms(secs: f64) -> String {
    let v = secs * 1e3;
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// Seconds with two decimals.
pub fn secs(secs: f64) -> String {
    format!("{secs:.2}")
}

/// Mebibytes from bytes.
pub fn mib(bytes: f64) -> String {
    format!("{:.0}", bytes / (1024.0 * 1024.0))
}

/// Kibibytes from bytes, one decimal.
pub fn kib(bytes: f64) -> String {
    format!("{:.1}", bytes / 1024.0)
}

/// A plain count.
pub fn count(n: f64) -> String {
    format!("{n:.0}")
}

/// The table as markdown.
pub fn markdown(rows: &[Row]) -> String {
    let dash = |s: &str| {
        if s.is_empty() {
            "–".to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from(
        "| figure | ops | ours | progenitor positional | progenitor builder | ours ÷ positional | ours ÷ builder |\n|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for r in rows {
        let cells = [
            &r.figure,
            &r.ops,
            &r.ours,
            &r.positional,
            &r.builder,
            &r.vs_positional,
            &r.vs_builder,
        ];
        let cells: Vec<String> = cells.iter().map(|c| dash(c)).collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

/// A table of its own columns, for figures that compare other things than progenitor.
#[derive(Debug, Clone)]
pub struct Grid {
    /// What the table shows, printed above it.
    pub title: String,
    /// The column headers.
    pub header: Vec<String>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// An empty table with these columns; the first is left-aligned, the others right.
    pub fn new(title: &str, header: &[&str]) -> Self {
        Self {
            title: title.to_owned(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The title and the table as markdown; empty cells print as `–`.
    pub fn markdown(&self) -> String {
        let mut out = format!("{}\n\n| {} |\n|", self.title, self.header.join(" | "));
        for i in 0..self.header.len() {
            out += if i == 0 { "---|" } else { "--:|" };
        }
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<&str> = row
                .iter()
                .map(|c| if c.is_empty() { "–" } else { c.as_str() })
                .collect();
            out += &format!("| {} |\n", cells.join(" | "));
        }
        out
    }
}
