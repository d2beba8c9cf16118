//! Where a provider's fields are in a JSON body: every body path of the provider merged into
//! one tree, so that the classifier reads the body in one pass.

use super::{List, Text};

/// The most value slots a provider's layout may have: the classifier keeps them on the
/// stack.
pub const MAX_SLOTS: usize = 32;

/// The body paths of a provider as one tree, and the value slots the classifier fills.
///
/// `nodes[0]` is the root (the top-level object). Each node's children are contiguous, and
/// the slots of a subtree are contiguous too (a selector that does not match clears its
/// subtree's slots in one go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The tree, root first.
    pub nodes: List<Node>,
    /// How many value slots a classification fills.
    pub slots: u16,
}

/// One step of a body path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Node {
    /// How the node is reached from its parent.
    pub step: Step,
    /// The slot the value at this node is recorded in, if a path ends here.
    pub slot: Option<u16>,
    /// The node's children: `children.0..children.1` in [`Layout::nodes`].
    pub children: (u32, u32),
    /// The slots of this node's subtree (its own included): `slots.0..slots.1`.
    pub slots: (u16, u16),
    /// For a [`Step::Match`] node, the slot holding the element's value of the matched key.
    pub test_slot: Option<u16>,
}

/// How a node is reached from its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// The root: the whole body.
    Root,
    /// The value of an object's key.
    Key(Text),
    /// The element of an array at this index.
    Index(u32),
    /// The first element of an array that is an object whose `key` holds `value` (a string,
    /// or a number written as its JSON text).
    Match {
        /// The key compared in each element.
        key: Text,
        /// The value it must hold.
        value: Text,
    },
}

impl Layout {
    /// A layout that reads nothing.
    pub const EMPTY: Layout = Layout {
        nodes: List::Borrowed(&[]),
        slots: 0,
    };

    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(nodes: List<Node>, slots: u16) -> Self {
        Layout { nodes, slots }
    }

    /// The children of `node`.
    pub fn children(&self, node: &Node) -> &[Node] {
        let (start, end) = node.children;
        let range = usize::try_from(start).unwrap_or(usize::MAX)
            ..usize::try_from(end).unwrap_or(usize::MAX);
        self.nodes.get(range).unwrap_or_default()
    }

    /// The root node, if the layout reads anything.
    pub fn root(&self) -> Option<&Node> {
        self.nodes.first()
    }
}

impl Node {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(
        step: Step,
        slot: Option<u16>,
        children: (u32, u32),
        slots: (u16, u16),
        test_slot: Option<u16>,
    ) -> Self {
        Node {
            step,
            slot,
            children,
            slots,
            test_slot,
        }
    }

    /// Whether the node has children.
    pub fn is_leaf(&self) -> bool {
        self.children.0 == self.children.1
    }
}

/// One segment of a written path: a key and its selectors.
#[cfg(feature = "load")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(u32),
    Match { key: String, value: String },
}

/// Parses a written path (`errors[0].extensions.code`,
/// `error.details[@type=type.googleapis.com/google.rpc.ErrorInfo].reason`) into segments,
/// or says what is wrong with it.
#[cfg(feature = "load")]
pub(crate) fn parse_path(text: &str) -> Result<Vec<Segment>, String> {
    let mut segments = Vec::new();
    let mut rest = text;
    if rest.is_empty() {
        return Err("is an empty path".to_owned());
    }
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (key, after) = rest.split_at(end);
        // A path may start with a quoted key: `[".tag"]`.
        let quoted_first = segments.is_empty() && key.is_empty() && after.starts_with("[\"");
        if key.is_empty() && !quoted_first {
            return Err(format!("path `{text}` has an empty segment"));
        }
        if key.contains(']') {
            return Err(format!("path `{text}` has a `]` without its `[`"));
        }
        if !quoted_first && key.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "path `{text}` has the number `{key}` as an object key: an array index is written `[{key}]`"
            ));
        }
        if key.contains(['"', '\\']) {
            return Err(format!("path `{text}` has a key with `\"` or `\\`"));
        }
        if !quoted_first {
            segments.push(Segment::Key(key.to_owned()));
        }
        rest = after;
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner
                .find(']')
                .ok_or_else(|| format!("path `{text}` has a `[` without its `]`"))?;
            let (selector, after) = inner.split_at(close);
            segments.push(selector_segment(text, selector)?);
            rest = after.get(1..).unwrap_or_default();
        }
        match rest.strip_prefix('.') {
            Some(next) => rest = next,
            None if rest.is_empty() => return Ok(segments),
            None => return Err(format!("path `{text}` continues after a `]` without a `.`")),
        }
    }
}

#[cfg(feature = "load")]
fn selector_segment(text: &str, selector: &str) -> Result<Segment, String> {
    // `["key"]`: an object key written in quotes, for one that holds `.`, `[` or `=`.
    if let Some(key) = selector
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .filter(|k| !k.contains(['"', '\\']))
    {
        if key.is_empty() {
            return Err(format!("path `{text}` has an empty quoted key `[\"\"]`"));
        }
        return Ok(Segment::Key(key.to_owned()));
    }
    if let Some((key, value)) = selector.split_once('=') {
        let value = value.trim_matches('"');
        if key.is_empty() || value.is_empty() {
            return Err(format!(
                "path `{text}` has a selector `[{selector}]` without a key or a value: write `[key=value]`"
            ));
        }
        // The key may be a path of object keys (`[extensions.code=THROTTLED]`), or one key
        // in quotes (`[".tag"=path]`).
        let quoted = key.len() >= 2 && key.starts_with('"') && key.ends_with('"');
        let bad = |part: &str| {
            part.is_empty()
                || part.contains(['"', '\\'])
                || (!quoted && part.bytes().all(|b| b.is_ascii_digit()))
        };
        if selector_keys(key).into_iter().any(bad) {
            return Err(format!(
                "path `{text}` has a selector `[{selector}]` whose key `{key}` is not a path of \
                 object keys: write `[key=value]`, `[key.inner=value]` or `[\"key\"=value]`"
            ));
        }
        return Ok(Segment::Match {
            key: key.to_owned(),
            value: value.to_owned(),
        });
    }
    match selector.parse::<u32>() {
        Ok(index) if selector.bytes().all(|b| b.is_ascii_digit()) => Ok(Segment::Index(index)),
        _ => Err(format!(
            "path `{text}` has a selector `[{selector}]` that is neither an index (`[0]`) nor `[key=value]`"
        )),
    }
}

/// The object keys a selector compares, from its key as written: `"a.b"` (quoted) is the
/// one key `a.b`, `a.b` the key `b` inside `a`.
#[cfg(feature = "load")]
fn selector_keys(key: &str) -> Vec<&str> {
    match key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
        Some(quoted) => vec![quoted],
        None => key.split('.').collect(),
    }
}

/// Builds the layout of a set of paths (each already parsed); returns it with the slot of
/// each path, in the order given.
#[cfg(feature = "load")]
pub(crate) fn build(paths: &[Vec<Segment>]) -> (Layout, Vec<u16>) {
    #[derive(Default)]
    struct Tree {
        step: Option<Segment>,
        ends: Vec<usize>,
        children: Vec<Tree>,
        /// The key a selector compares (the last of its keys).
        test: bool,
        /// On the way from a selector to its key, when the key is a path (`[a.b=v]`: `a`).
        to_test: bool,
    }
    fn insert(tree: &mut Tree, path: &[Segment], id: usize) {
        let Some((first, rest)) = path.split_first() else {
            tree.ends.push(id);
            return;
        };
        let position = tree
            .children
            .iter()
            .position(|c| c.step.as_ref() == Some(first));
        let child = match position {
            Some(i) => &mut tree.children[i],
            None => {
                let mut child = Tree {
                    step: Some(first.clone()),
                    ..Tree::default()
                };
                // A selector reads its key in every element it looks at.
                if let Segment::Match { key, .. } = first {
                    let mut at = &mut child;
                    let mut parts = selector_keys(key).into_iter().peekable();
                    while let Some(part) = parts.next() {
                        let last = parts.peek().is_none();
                        at.children.push(Tree {
                            step: Some(Segment::Key(part.to_owned())),
                            test: last,
                            to_test: !last,
                            ..Tree::default()
                        });
                        let end = at.children.len() - 1;
                        at = &mut at.children[end];
                    }
                }
                tree.children.push(child);
                let last = tree.children.len() - 1;
                &mut tree.children[last]
            }
        };
        insert(child, rest, id);
    }
    let mut root = Tree::default();
    for (id, path) in paths.iter().enumerate() {
        insert(&mut root, path, id);
    }

    // Each node's children get a contiguous block when the node is emitted; slots are
    // numbered depth-first, so each subtree's are contiguous.
    fn emit(
        tree: &Tree,
        at: usize,
        nodes: &mut Vec<Node>,
        next_slot: &mut u16,
        slot_of: &mut [u16],
    ) -> (Option<u16>, Option<u16>) {
        let lo = *next_slot;
        let slot = (!tree.ends.is_empty() || tree.test).then(|| {
            let slot = *next_slot;
            *next_slot = next_slot.saturating_add(1);
            slot
        });
        for &id in &tree.ends {
            if let (Some(slot), Some(s)) = (slot, slot_of.get_mut(id)) {
                *s = slot;
            }
        }
        let first = nodes.len();
        nodes.extend(
            tree.children
                .iter()
                .map(|_| Node::__new(Step::Root, None, (0, 0), (0, 0), None)),
        );
        // The slot of the key a selector compares, found down the selector's keys.
        let mut test_slot = None;
        for (k, child) in tree.children.iter().enumerate() {
            let (child_slot, below) = emit(child, first + k, nodes, next_slot, slot_of);
            if child.test {
                test_slot = child_slot;
            } else if child.to_test {
                test_slot = below;
            }
        }
        let step = match &tree.step {
            None => Step::Root,
            Some(Segment::Key(k)) => Step::Key(Text::Owned(k.clone())),
            Some(Segment::Index(i)) => Step::Index(*i),
            Some(Segment::Match { key, value }) => Step::Match {
                key: Text::Owned(key.clone()),
                value: Text::Owned(value.clone()),
            },
        };
        let children = (first as u32, (first + tree.children.len()) as u32);
        let own_test = matches!(step, Step::Match { .. })
            .then_some(test_slot)
            .flatten();
        if let Some(node) = nodes.get_mut(at) {
            *node = Node::__new(step, slot, children, (lo, *next_slot), own_test);
        }
        (slot, test_slot.filter(|_| tree.to_test))
    }
    if paths.is_empty() {
        return (Layout::EMPTY, Vec::new());
    }
    let mut slot_of = vec![0u16; paths.len()];
    let mut next_slot = 0u16;
    let mut nodes = vec![Node::__new(Step::Root, None, (0, 0), (0, 0), None)];
    emit(&root, 0, &mut nodes, &mut next_slot, &mut slot_of);
    let layout = Layout {
        nodes: List::Owned(nodes),
        slots: next_slot,
    };
    (layout, slot_of)
}

#[cfg(all(test, feature = "load"))]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Segment> {
        parse_path(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn paths_parse_into_keys_and_selectors() {
        use Segment::*;
        let key = |k: &str| Key(k.to_owned());
        assert_eq!(parse("code"), [key("code")]);
        assert_eq!(
            parse("errors[0].extensions.code"),
            [key("errors"), Index(0), key("extensions"), key("code")]
        );
        assert_eq!(
            parse("error.details[@type=type.googleapis.com/google.rpc.ErrorInfo].reason"),
            [
                key("error"),
                key("details"),
                Match {
                    key: "@type".into(),
                    value: "type.googleapis.com/google.rpc.ErrorInfo".into()
                },
                key("reason")
            ]
        );
        assert_eq!(parse("a[1][2]"), [key("a"), Index(1), Index(2)]);
        // A key with `.`, `[` or `=` in it, in quotes (Dropbox's `.tag`).
        assert_eq!(parse("error[\".tag\"]"), [key("error"), key(".tag")]);
        assert_eq!(parse("[\".tag\"]"), [key(".tag")]);
        assert_eq!(
            parse("error[\"a.b=c[d\"].x[0]"),
            [key("error"), key("a.b=c[d"), key("x"), Index(0)]
        );
    }

    #[test]
    fn malformed_paths_say_why() {
        for (text, says) in [
            ("", "empty path"),
            ("a..b", "empty segment"),
            (".a", "empty segment"),
            ("errors.0.type", "`[0]`"),
            ("a[", "without its `]`"),
            ("a]", "without its `[`"),
            ("a[x]", "neither an index"),
            ("a[=v]", "without a key or a value"),
            ("a[0]b", "without a `.`"),
            ("a[-1]", "neither an index"),
            ("a[b..c=v]", "not a path of object keys"),
            ("a[.b=v]", "not a path of object keys"),
            ("a[b.=v]", "not a path of object keys"),
            ("a[b.0=v]", "not a path of object keys"),
            ("a[\"\"=v]", "not a path of object keys"),
            ("a[\"b=v]", "not a path of object keys"),
            ("error..tag", "empty segment"),
            ("a[\"\"]", "empty quoted key"),
            ("[\"a\"", "without its `]`"),
            ("[0]", "empty segment"),
        ] {
            let error = parse_path(text).expect_err(text);
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn shared_prefixes_share_nodes_and_subtrees_have_contiguous_slots() {
        let paths = [
            parse("error.code"),
            parse("error.message"),
            parse("errors"),
            parse("errors[0].type"),
            parse("error.details[@type=T].reason"),
            parse("error.code"),
        ];
        let (layout, slots) = build(&paths);
        assert_eq!(slots[0], slots[5], "one slot per distinct path");
        let root = layout.root().expect("root");
        let top: Vec<&Step> = layout.children(root).iter().map(|n| &n.step).collect();
        assert_eq!(
            top,
            [&Step::Key("error".into()), &Step::Key("errors".into())]
        );
        // `errors` is read whole and descended into.
        let errors = &layout.children(root)[1];
        assert_eq!(errors.slot, Some(slots[2]));
        assert!(!errors.is_leaf());
        // The selector's subtree holds its test key and `reason`.
        let error = &layout.children(root)[0];
        let details = layout
            .children(error)
            .iter()
            .find(|n| n.step == Step::Key("details".into()))
            .expect("details");
        let select = &layout.children(details)[0];
        let (lo, hi) = select.slots;
        assert_eq!(hi - lo, 2);
        assert!(select.test_slot.is_some_and(|s| (lo..hi).contains(&s)));
        assert!((lo..hi).contains(&slots[4]));
        assert_eq!(usize::from(layout.slots), 6);
    }

    /// A selector's key may be a path: its value is read down that path in each element, in
    /// the slot the same path reads when a source names it.
    #[test]
    fn a_selector_key_may_be_a_path() {
        let paths = [
            parse("errors[extensions.code=THROTTLED].extensions.code"),
            parse("errors[extensions.code=THROTTLED].message"),
        ];
        let (layout, slots) = build(&paths);
        let root = layout.root().expect("root");
        let errors = &layout.children(root)[0];
        let select = &layout.children(errors)[0];
        assert_eq!(
            select.step,
            Step::Match {
                key: "extensions.code".into(),
                value: "THROTTLED".into()
            }
        );
        assert_eq!(select.test_slot, Some(slots[0]), "the code is the test key");
        let extensions = &layout.children(select)[0];
        assert_eq!(extensions.step, Step::Key("extensions".into()));
        assert_eq!(extensions.test_slot, None);
        let code = &layout.children(extensions)[0];
        assert_eq!(code.slot, Some(slots[0]));
        assert_ne!(slots[0], slots[1]);
        assert_eq!(usize::from(layout.slots), 2);
        // Without a path reading it, the test key still has a slot of its own.
        let (layout, slots) = build(&[parse("errors[a.b=1].message")]);
        let root = layout.root().expect("root");
        let select = &layout.children(&layout.children(root)[0])[0];
        assert!(select.test_slot.is_some_and(|t| t != slots[0]));
        assert_eq!(usize::from(layout.slots), 2);
        // A quoted key is one key, dots and all.
        let (layout, _) = build(&[parse("errors[\".tag\"=too_many].message")]);
        let root = layout.root().expect("root");
        let select = &layout.children(&layout.children(root)[0])[0];
        assert_eq!(
            layout.children(select)[0].step,
            Step::Key(".tag".into()),
            "the test key, whole"
        );
    }
}
