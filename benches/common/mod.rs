//! A synthetic corpus ten times both treaties, for the `scale10` benchmarks.
//!
//! Each treaty's chapters (with every section, title and article in them) are repeated ten times in
//! the markdown source, chapters and articles renumbered so that every copy has its own IDs
//! (`uncc:art_92` is the second copy of `uncc:art_24`); the preamble, closing formula and interpretative
//! notes stay single. The real parser reads the result, so the benches see a valid `Library` with about
//! ten times the provisions. The crosswalk is repeated the same way: each copy of a link joins the same
//! copies of its articles, so there are ten times the links.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use criterion::Criterion;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};

use crosswalk::annotations::{Anchor, Annotation, AnnotationFile};
use crosswalk::corpus::Corpus;
use crosswalk::crosswalk::{Crosswalk, Evidence, Link, Unmatched};
use crosswalk::diff::TermTable;
use crosswalk::model::{Side, TreatyMeta};
use crosswalk::{Library, ProvisionId, texts};

/// How many times each treaty's body is repeated.
pub const COPIES: u32 = 10;

/// The markdown sources of a treaty ten times over, ready for [`texts::parse_treaty`].
pub struct ScaledSources {
    pub uncc: String,
    pub bc: String,
    /// Highest article number of one copy, per treaty: copy `k` adds `k × this` to every number.
    pub articles: [u32; 2],
}

/// The number in "#### Article 24 – …".
fn article_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("#### Article ")?;
    rest.split(' ').next()?.parse().ok()
}

/// Repeats the chapters of `source` (from the first `# Chapter` heading to the closing `---`) `copies`
/// times with renumbered chapters and articles. Returns the text and the highest article number.
pub fn repeat_chapters(source: &str, copies: u32) -> (String, u32) {
    let lines: Vec<&str> = source.lines().collect();
    let body_start = lines
        .iter()
        .position(|l| l.starts_with("# Chapter "))
        .expect("a chapter heading");
    let body_end = lines
        .iter()
        .position(|l| *l == "---")
        .unwrap_or(lines.len());
    let body = &lines[body_start..body_end];
    let chapters = body
        .iter()
        .filter_map(|l| l.strip_prefix("# Chapter "))
        .filter_map(|rest| rest.split(' ').next())
        .map(|numeral| texts::roman_to_arabic(numeral).expect("a roman chapter number"))
        .max()
        .expect("chapters");
    let articles = body
        .iter()
        .filter_map(|l| article_number(l))
        .max()
        .expect("articles");
    let mut out = String::with_capacity(source.len() * copies as usize);
    for line in &lines[..body_start] {
        out.push_str(line);
        out.push('\n');
    }
    for copy in 0..copies {
        for line in body {
            if let Some(rest) = line.strip_prefix("# Chapter ") {
                let (numeral, name) = rest.split_once(' ').expect("a chapter name");
                let number = texts::roman_to_arabic(numeral).expect("a roman chapter number")
                    + copy * chapters;
                out.push_str(&format!(
                    "# Chapter {} {name}",
                    texts::to_roman(number).to_ascii_uppercase()
                ));
            } else if let Some(number) = article_number(line) {
                let rest = &line["#### Article ".len() + number.to_string().len()..];
                out.push_str(&format!("#### Article {}{rest}", number + copy * articles));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    for line in &lines[body_end..] {
        out.push_str(line);
        out.push('\n');
    }
    (out, articles)
}

pub fn scaled_sources() -> ScaledSources {
    let (uncc, uncc_articles) = repeat_chapters(texts::UNCC_TEXT, COPIES);
    let (bc, bc_articles) = repeat_chapters(texts::BC_TEXT, COPIES);
    ScaledSources {
        uncc,
        bc,
        articles: [uncc_articles, bc_articles],
    }
}

pub fn metas() -> Vec<TreatyMeta> {
    ron::from_str(texts::TREATIES_RON).expect("treaties.ron parses")
}

/// Parses the scaled sources: what loading a corpus ten times the size costs.
pub fn parse_scaled(sources: &ScaledSources, metas: &[TreatyMeta]) -> Library {
    let meta = |key| {
        metas
            .iter()
            .find(|m| m.key == key)
            .cloned()
            .expect("a meta entry")
    };
    let uncc = texts::parse_treaty(meta(Side::Revision), &sources.uncc, Some(texts::UNCC_NOTES))
        .expect("scaled UN text parses");
    let bc = texts::parse_treaty(meta(Side::Base), &sources.bc, None)
        .expect("scaled Budapest text parses");
    Library::new(uncc, bc)
}

/// The ID in copy `copy`: the article number moved by `copy × articles`; IDs outside articles (the
/// preamble) are the same in every copy.
fn renumber(id: &ProvisionId, copy: u32, articles: [u32; 2]) -> ProvisionId {
    let per_copy = match id.shipped_side() {
        Some(Side::Revision) => articles[0],
        Some(Side::Base) => articles[1],
        None => return id.clone(),
    };
    let text = id.as_str();
    let (prefix, path) = text.split_once(':').expect("a treaty prefix");
    let Some(rest) = path.strip_prefix("art_") else {
        return id.clone();
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number: u32 = rest[..digits].parse().expect("an article number");
    let renamed = format!(
        "{prefix}:art_{}{}",
        number + copy * per_copy,
        &rest[digits..]
    );
    ProvisionId::parse(&renamed).expect("a renumbered ID")
}

/// The shipped crosswalk ten times: each link once per copy, between the same copies of its articles.
pub fn scaled_crosswalk(articles: [u32; 2]) -> Crosswalk {
    let shipped = Crosswalk::embedded().expect("crosswalk parses");
    let ids = |ids: &[ProvisionId], copy| -> Vec<ProvisionId> {
        ids.iter().map(|id| renumber(id, copy, articles)).collect()
    };
    let links = (0..COPIES)
        .flat_map(|copy| {
            shipped.links.iter().map(move |link| Link {
                uncc: ids(&link.uncc, copy),
                bc: ids(&link.bc, copy),
                evidence: link
                    .evidence
                    .iter()
                    .map(|e| Evidence {
                        provision: renumber(&e.provision, copy, articles),
                        quote: e.quote.clone(),
                    })
                    .collect(),
                ..link.clone()
            })
        })
        .collect();
    let unmatched = (0..COPIES)
        .flat_map(|copy| {
            shipped.unmatched.iter().map(move |u| Unmatched {
                id: renumber(&u.id, copy, articles),
                ..u.clone()
            })
        })
        .collect();
    Crosswalk {
        version: shipped.version,
        links,
        unmatched,
    }
}

/// The whole synthetic corpus: ten times the texts and ten times the crosswalk.
pub fn scaled_corpus() -> Corpus {
    let sources = scaled_sources();
    let library = parse_scaled(&sources, &metas());
    let crosswalk = scaled_crosswalk(sources.articles);
    let problems = crosswalk.validate(&library);
    assert!(problems.is_empty(), "scaled crosswalk: {problems:?}");
    let terms = TermTable::embedded().expect("term table parses");
    let comparisons = crosswalk::compare::Comparisons::new(&terms);
    let references = crosswalk::references::CrossReferences::new(&library);
    let defined_terms = crosswalk::definitions::DefinedTerms::new(&library);
    Corpus {
        library,
        references,
        defined_terms,
        crosswalk,
        terms,
        instrument_terms: Vec::new(),
        comparisons,
    }
}

/// `count` annotations quoting 20 to 119 characters of every provision with text, round-robin; every
/// tenth is stale — its quote no longer in the text: half of them reworded slightly (a word inserted,
/// found again fuzzily), half with the words in reverse order (the same letters, so cheap filters
/// cannot rule them out; they end as orphans).
pub fn annotations_with_stale(library: &Library, count: usize) -> AnnotationFile {
    let provisions: Vec<(&ProvisionId, &str)> = Side::ALL
        .iter()
        .flat_map(|&key| library.treaty(key).nodes.iter())
        .filter(|node| node.text.chars().count() > 40)
        .map(|node| (&node.id, node.text.as_str()))
        .collect();
    let annotations = (0..count)
        .map(|n| {
            let (id, text) = provisions[n % provisions.len()];
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let first = n % 17;
            let last = (first + 20 + (n * 37) % 100).min(chars.len());
            let end = chars.get(last).map_or(text.len(), |(b, _)| *b);
            let mut anchor = Anchor::quote(id, text, chars[first].0..end);
            if n % 10 == 0 {
                anchor.quote = if (n / 10) % 2 == 0 {
                    let middle = anchor
                        .quote
                        .char_indices()
                        .filter(|(_, c)| *c == ' ')
                        .map(|(b, _)| b)
                        .nth(1)
                        .unwrap_or(0);
                    format!(
                        "{} newly{}",
                        &anchor.quote[..middle],
                        &anchor.quote[middle..]
                    )
                } else {
                    anchor.quote.split(' ').rev().collect::<Vec<_>>().join(" ")
                };
            }
            Annotation {
                id: format!("scale-{n:05}"),
                note: format!("Note number {n} on {id}."),
                tags: vec![format!("bench/{}", n % 10)],
                author: "Bench".into(),
                created: "2026-11-23T00:00:00Z".into(),
                updated: "2026-11-23T00:00:00Z".into(),
                ..Annotation::on(anchor)
            }
        })
        .collect();
    AnnotationFile {
        name: "Scale".into(),
        annotations,
        ..AnnotationFile::default()
    }
}

/// What the benchmarks measure: wall-clock time, or with `CROSSWALK_BENCH_CLOCK=thread` the CPU time of
/// the benchmark thread, which other processes on a shared machine do not inflate (the frame and
/// core benchmarks are single-threaded, so on an idle machine the two agree).
pub struct Clock {
    thread: bool,
    wall: WallTime,
}

/// A point in time of a [`Clock`].
pub enum ClockStart {
    Wall(Instant),
    Thread(Duration),
}

impl Clock {
    pub fn from_env() -> Clock {
        let thread = std::env::var("CROSSWALK_BENCH_CLOCK").is_ok_and(|v| v == "thread");
        if thread {
            eprintln!("Measuring thread CPU time (CROSSWALK_BENCH_CLOCK=thread).");
        }
        Clock {
            thread,
            wall: WallTime,
        }
    }
}

#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec to write to; the clock ID is a constant the platform defines.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    panic!("CROSSWALK_BENCH_CLOCK=thread needs a Unix platform")
}

impl Measurement for Clock {
    type Intermediate = ClockStart;
    type Value = Duration;

    fn start(&self) -> ClockStart {
        if self.thread {
            ClockStart::Thread(thread_cpu_time())
        } else {
            ClockStart::Wall(Instant::now())
        }
    }

    fn end(&self, start: ClockStart) -> Duration {
        match start {
            ClockStart::Wall(start) => start.elapsed(),
            ClockStart::Thread(start) => thread_cpu_time().saturating_sub(start),
        }
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

/// Criterion measuring with [`Clock::from_env`].
pub fn criterion() -> Criterion<Clock> {
    Criterion::default().with_measurement(Clock::from_env())
}
