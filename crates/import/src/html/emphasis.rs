//! Emphasis marks and code spans, placed once the whole paragraph is known. Whether
//! `**` opens or closes depends on the characters on both sides (`**"Title"**word`
//! does not close; `**x***y*` runs two marks together), and two code spans that
//! touch run their backticks together, so while a paragraph is gathered each mark
//! is a placeholder. When the paragraph is written, spans of the same kind that
//! touch are joined (`<b>Hel</b><b>lo</b>`), and an emphasis that Markdown would not
//! read back is written as HTML (`<strong>`, `<em>`, `<del>`, kept by Byline's
//! sanitizer).

use std::borrow::Cow;

/// The kinds of emphasis written as marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Strong,
    Emphasis,
    Strike,
}

/// The placeholders: an opening and a closing one for each kind (private-use
/// characters, removed from the text the HTML holds).
const FIRST: u32 = 0xE010;
const LAST: u32 = 0xE015;

/// A code span's placeholders; the text between them is the code as written.
pub(super) const CODE_OPEN: char = '\u{E016}';
pub(super) const CODE_CLOSE: char = '\u{E017}';

impl Mark {
    pub(super) fn open(self) -> char {
        char::from_u32(FIRST + 2 * self.index()).unwrap_or(' ')
    }

    pub(super) fn close(self) -> char {
        char::from_u32(FIRST + 2 * self.index() + 1).unwrap_or(' ')
    }

    fn index(self) -> u32 {
        match self {
            Mark::Strong => 0,
            Mark::Emphasis => 1,
            Mark::Strike => 2,
        }
    }

    fn delimiter(self) -> &'static str {
        match self {
            Mark::Strong => "**",
            Mark::Emphasis => "*",
            Mark::Strike => "~~",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Mark::Strong => "strong",
            Mark::Emphasis => "em",
            Mark::Strike => "del",
        }
    }
}

/// Whether a character is one of the placeholders (they never come from the text).
pub(crate) fn is_placeholder(c: char) -> bool {
    is_mark(c) || c == CODE_OPEN || c == CODE_CLOSE
}

fn is_mark(c: char) -> bool {
    (FIRST..=LAST).contains(&u32::from(c))
}

/// A placeholder's kind, and whether it opens.
fn decode(c: char) -> Option<(Mark, bool)> {
    let offset = u32::from(c).checked_sub(FIRST)?;
    let mark = match offset / 2 {
        0 => Mark::Strong,
        1 => Mark::Emphasis,
        2 => Mark::Strike,
        _ => return None,
    };
    Some((mark, offset % 2 == 0))
}

/// How a placeholder is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Nothing,
    Delimiter,
    Html,
}

/// Inline Markdown with its placeholders made marks (or HTML tags) and code spans.
/// Code spans are written last: joining two emphasis spans may bring two code spans
/// together (a code placeholder reads as punctuation, like the backticks it becomes).
pub(super) fn resolve(md: &str) -> String {
    code_spans(&marks(md)).into_owned()
}

fn marks(md: &str) -> Cow<'_, str> {
    if !md.chars().any(is_mark) {
        return Cow::Borrowed(md);
    }
    let chars: Vec<char> = md.chars().collect();
    let mut partner: Vec<usize> = (0..chars.len()).collect();
    let mut written: Vec<Written> = chars
        .iter()
        .map(|&c| {
            if is_mark(c) {
                Written::Nothing
            } else {
                Written::Delimiter
            }
        })
        .collect();
    // Pair each opening placeholder with its closing one (they are written nested).
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match decode(c) {
            Some((_, true)) => open.push(i),
            Some((mark, false)) => {
                if let Some(&start) = open.last()
                    && decode(chars[start]).is_some_and(|(m, _)| m == mark)
                {
                    open.pop();
                    partner[start] = i;
                    partner[i] = start;
                    written[start] = Written::Delimiter;
                    written[i] = Written::Delimiter;
                }
            }
            None => {}
        }
    }
    // A span that ends where one of the same kind begins is one span.
    for i in 0..chars.len().saturating_sub(1) {
        let (Some((a, false)), Some((b, true))) = (decode(chars[i]), decode(chars[i + 1])) else {
            continue;
        };
        if a == b && written[i] == Written::Delimiter && written[i + 1] == Written::Delimiter {
            let (start, end) = (partner[i], partner[i + 1]);
            partner[start] = end;
            partner[end] = start;
            written[i] = Written::Nothing;
            written[i + 1] = Written::Nothing;
        }
    }
    // Marks that would not read back become HTML, their partners with them; that
    // changes what their neighbours see, so look again until nothing changes.
    for _ in 0..chars.len() {
        let mut changed = false;
        for (start, end) in groups(&chars) {
            if group_reads_back(&chars, &written, start, end) {
                continue;
            }
            for i in start..end {
                if written[i] == Written::Delimiter {
                    written[i] = Written::Html;
                    written[partner[i]] = Written::Html;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = String::with_capacity(md.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match (decode(c), written[i]) {
            (None, _) => out.push(c),
            (Some(_), Written::Nothing) => {}
            (Some((mark, _)), Written::Delimiter) => out.push_str(mark.delimiter()),
            (Some((mark, true)), Written::Html) => out.push_str(&format!("<{}>", mark.tag())),
            (Some((mark, false)), Written::Html) => out.push_str(&format!("</{}>", mark.tag())),
        }
    }
    Cow::Owned(out)
}

/// Code spans written out: spans that touch joined into one, each fenced with more
/// backticks than any run inside it.
fn code_spans(md: &str) -> Cow<'_, str> {
    if !md.contains(CODE_OPEN) {
        return Cow::Borrowed(md);
    }
    let joined = md.replace(&format!("{CODE_CLOSE}{CODE_OPEN}"), "");
    let mut out = String::with_capacity(joined.len() + 8);
    let mut rest = joined.as_str();
    while let Some(open) = rest.find(CODE_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + CODE_OPEN.len_utf8()..];
        let close = after.find(CODE_CLOSE).unwrap_or(after.len());
        out.push_str(&fenced(&after[..close]));
        rest = after.get(close + CODE_CLOSE.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A code span, the fence longer than any run of backticks inside.
fn fenced(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// Runs of placeholders next to each other, as `start..end`.
fn groups(chars: &[char]) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_mark(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_mark(chars[i]) {
            i += 1;
        }
        groups.push((start, i));
    }
    groups
}

/// Whether the marks a run of placeholders writes would be read as they are meant:
/// each run of `*` or `~` all opening and only left-flanking, or all closing and only
/// right-flanking (CommonMark's rules, with HTML tags counted as punctuation).
fn group_reads_back(chars: &[char], written: &[Written], start: usize, end: usize) -> bool {
    let mut rendered: Vec<(char, Option<bool>)> = Vec::new();
    for i in start..end {
        let Some((mark, opens)) = decode(chars[i]) else {
            continue;
        };
        match written[i] {
            Written::Nothing => {}
            Written::Html => rendered.push(('>', None)),
            Written::Delimiter => {
                rendered.extend(mark.delimiter().chars().map(|c| (c, Some(opens))))
            }
        }
    }
    let before = start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    let mut i = 0;
    while i < rendered.len() {
        let (c, opens) = rendered[i];
        let Some(opens) = opens else {
            i += 1;
            continue;
        };
        let run_start = i;
        while i < rendered.len() && rendered[i].0 == c && rendered[i].1.is_some() {
            if rendered[i].1 != Some(opens) {
                return false;
            }
            i += 1;
        }
        let previous = match run_start {
            0 => before,
            n => Some(rendered[n - 1].0),
        };
        let next = rendered.get(i).map(|&(c, _)| c).or(after);
        // A run that could both open and close is matched by rules too fragile to
        // rely on (punctuation on both sides: `"a"**,`), so it is not used.
        let left = left_flanking(previous, next);
        let right = right_flanking(previous, next);
        let flanking = if opens {
            left && !right
        } else {
            right && !left
        };
        if !flanking {
            return false;
        }
    }
    true
}

fn left_flanking(previous: Option<char>, next: Option<char>) -> bool {
    next.is_some_and(|c| !c.is_whitespace())
        && (!next.is_some_and(is_punctuation) || previous.is_none_or(is_space_or_punctuation))
}

fn right_flanking(previous: Option<char>, next: Option<char>) -> bool {
    previous.is_some_and(|c| !c.is_whitespace())
        && (!previous.is_some_and(is_punctuation) || next.is_none_or(is_space_or_punctuation))
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || !(c.is_alphanumeric() || c.is_whitespace() || c.is_control())
}

fn is_space_or_punctuation(c: char) -> bool {
    c.is_whitespace() || is_punctuation(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(mark: Mark, text: &str) -> String {
        format!("{}{text}{}", mark.open(), mark.close())
    }

    #[test]
    fn marks_that_read_back_stay_markdown() {
        let md = format!(
            "{} and {}",
            span(Mark::Strong, "bold"),
            span(Mark::Emphasis, "it")
        );
        assert_eq!(resolve(&md), "**bold** and *it*");
        let both = span(Mark::Strong, &span(Mark::Emphasis, "both"));
        assert_eq!(resolve(&both), "***both***");
    }

    #[test]
    fn touching_spans_of_one_kind_are_joined() {
        let md = span(Mark::Strong, "Hel") + &span(Mark::Strong, "lo");
        assert_eq!(resolve(&md), "**Hello**");
    }

    #[test]
    fn touching_code_spans_are_joined() {
        let code = |text: &str| format!("{CODE_OPEN}{text}{CODE_CLOSE}");
        let md = format!("{}{} and {}", code("a"), code("`b"), code("c"));
        assert_eq!(resolve(&md), "``a`b`` and `c`");
        let md = span(Mark::Strong, &code("x")) + &span(Mark::Strong, &code("y"));
        assert_eq!(resolve(&md), "**`xy`**");
    }

    #[test]
    fn marks_that_would_not_read_back_become_html() {
        let md = span(Mark::Strong, "x") + &span(Mark::Emphasis, "y");
        assert_eq!(resolve(&md), "<strong>x</strong><em>y</em>");
        let md = span(Mark::Emphasis, "\"Title\"") + "word";
        assert_eq!(resolve(&md), "<em>\"Title\"</em>word");
        let md = format!("a{}b", span(Mark::Strike, "(c)"));
        assert_eq!(resolve(&md), "a<del>(c)</del>b");
    }
}
