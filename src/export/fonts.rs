//! Fonts for the PDF export: the shipped DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic, maths
//! signs) in three styles, the system's fonts (found with fontdb) for scripts it lacks, shaping with
//! rustybuzz (Arabic joining, marks, kerning; right to left where the text is), and the exact advance
//! widths the layout needs, per style.
//!
//! A character no font has is drawn as an empty box (the font's □, U+25A1) and reported once per
//! script ("no font has 3 characters of the Tibetan script: …"), never silently replaced: the box's
//! glyph keeps the character, so copied and extracted text still has it (see [`PLACEHOLDER`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::OnceLock;

use krilla::text::{Font as PdfFont, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, UnicodeBuffer};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static OBLIQUE: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf");

/// What a character no font has is drawn as: an empty box. Not the font's `.notdef` glyph: a PDF's
/// Unicode map gives `.notdef` no character (krilla leaves it out), so the first such character
/// would be lost from copied text. A real glyph maps to the first character drawn with it, and
/// krilla wraps every later use for another character in an `ActualText` span, inside the text
/// object where readers place it (poppler reads it there; one around the whole run would land
/// elsewhere on the page).
const PLACEHOLDER: char = '\u{25A1}';

/// The style of a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

/// A font the document can use: its bytes (for shaping) and the krilla font (for embedding).
struct Loaded {
    face: Face<'static>,
    pdf: PdfFont,
}

/// A run of text shaped in one font: glyphs in visual order and its advance width in ems.
#[derive(Clone, Debug)]
pub struct Shaped {
    pub font: usize,
    pub glyphs: Vec<KrillaGlyph>,
    pub width_em: f32,
    /// The text the glyphs' ranges point into. For right-to-left runs it is the glyphs' clusters in
    /// visual order, each cluster's characters reversed: text extraction (poppler, Acrobat) reads an
    /// RTL run backwards character by character, so a lam-alef ligature mapped to "لا" would come
    /// back as "ال". Mapping it to the reversed string makes extraction give the words as written.
    pub text: String,
}

/// The system's fonts, scanned once per process (sorted so the choice never depends on scan order).
fn system_fonts() -> &'static Vec<SystemFace> {
    static FONTS: OnceLock<Vec<SystemFace>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut database = fontdb::Database::new();
        database.load_system_fonts();
        let database = std::sync::Arc::new(database);
        let mut faces: Vec<SystemFace> = database
            .faces()
            .map(|info| SystemFace {
                family: info
                    .families
                    .first()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default(),
                name: info.post_script_name.clone(),
                bold: info.weight.0 >= 600,
                italic: info.style != fontdb::Style::Normal,
                index: info.index,
                id: info.id,
                database: std::sync::Arc::clone(&database),
                data: OnceLock::new(),
            })
            .collect();
        faces.sort_by(|a, b| {
            (&a.family, a.bold, a.italic, &a.name, a.index)
                .cmp(&(&b.family, b.bold, b.italic, &b.name, b.index))
        });
        faces
    })
}

struct SystemFace {
    family: String,
    name: String,
    bold: bool,
    italic: bool,
    index: u32,
    id: fontdb::ID,
    database: std::sync::Arc<fontdb::Database>,
    /// The font file's bytes, read once per process when first needed.
    data: OnceLock<Option<&'static [u8]>>,
}

impl SystemFace {
    /// The bytes of the font file. They live as long as the process, like the scanned list: a
    /// document may need them again, and a font file is read at most once.
    fn data(&self) -> Option<&'static [u8]> {
        *self.data.get_or_init(|| {
            self.database
                .with_face_data(self.id, |data, _| data.to_vec())
                .map(|bytes| &*Box::leak(bytes.into_boxed_slice()))
        })
    }

    fn has(&self, c: char) -> bool {
        // Only the character map is read: cheap enough to try many fonts for a rare character.
        let mut covered = false;
        self.database.with_face_data(self.id, |data, index| {
            covered = rustybuzz::ttf_parser::Face::parse(data, index)
                .is_ok_and(|face| face.glyph_index(c).is_some());
        });
        covered
    }
}

/// Families to try first for a script, so Chinese gets a Chinese font when several would do.
fn preferred_families(c: char) -> &'static [&'static str] {
    use unicode_script::{Script, UnicodeScript};
    match c.script() {
        Script::Han | Script::Bopomofo => &[
            "Noto Sans CJK SC",
            "Source Han Sans SC",
            "Noto Sans SC",
            "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei",
            "Droid Sans Fallback",
            "Noto Sans CJK JP",
        ],
        Script::Hiragana | Script::Katakana => &["Noto Sans CJK JP", "Source Han Sans JP"],
        Script::Hangul => &["Noto Sans CJK KR", "Source Han Sans KR", "NanumGothic"],
        _ => &[],
    }
}

/// The fonts of one document: shipped ones first, system fonts added as characters need them.
pub struct Fonts {
    loaded: Vec<Loaded>,
    /// System faces in use, by position in [`system_fonts`], with their index in `loaded`.
    system_loaded: HashMap<usize, usize>,
    /// Per character and style, the font that has it (None: no font has it).
    by_char: HashMap<(char, Style), Option<usize>>,
    shaped: HashMap<(usize, bool, String), Rc<Shaped>>,
    /// Characters no font has, by script name.
    missing: BTreeMap<String, BTreeSet<char>>,
    use_system: bool,
}

impl Fonts {
    /// The shipped fonts; `use_system` allows the system's fonts for characters they lack.
    pub fn new(use_system: bool) -> Fonts {
        let loaded = [REGULAR, BOLD, OBLIQUE]
            .into_iter()
            .filter_map(|data| load(data, 0))
            .collect();
        Fonts {
            loaded,
            system_loaded: HashMap::new(),
            by_char: HashMap::new(),
            shaped: HashMap::new(),
            missing: BTreeMap::new(),
            use_system,
        }
    }

    /// The krilla font of a loaded font.
    pub fn pdf_font(&self, font: usize) -> Option<PdfFont> {
        self.loaded.get(font).map(|f| f.pdf.clone())
    }

    /// The shipped font of a style.
    pub fn shipped_index(style: Style) -> usize {
        match style {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
        }
    }

    /// The font to draw `c` in a style: the shipped font of the style, the shipped regular (the
    /// oblique has no Arabic), then a system font (same weight preferred); None if no font has it.
    ///
    /// A character the shipped fonts lack stays in the font of the text before it (`previous`) when
    /// that font has it: a full-width colon after Chinese stays in the Chinese font.
    pub fn font_after(&mut self, c: char, style: Style, previous: Option<usize>) -> Option<usize> {
        let shipped_has = |fonts: &Fonts, index: usize| {
            fonts
                .loaded
                .get(index)
                .is_some_and(|f| f.face.glyph_index(c).is_some())
        };
        if let Some(previous) = previous.filter(|&p| p > 2)
            && !shipped_has(self, Self::shipped_index(style))
            && !shipped_has(self, 0)
            && shipped_has(self, previous)
        {
            return Some(previous);
        }
        if let Some(found) = self.by_char.get(&(c, style)) {
            return *found;
        }
        let shipped = [Self::shipped_index(style), 0];
        let found = shipped
            .into_iter()
            .find(|&index| {
                self.loaded
                    .get(index)
                    .is_some_and(|f| f.face.glyph_index(c).is_some())
            })
            .or_else(|| {
                if self.use_system {
                    self.system_font_for(c, style)
                } else {
                    None
                }
            });
        self.by_char.insert((c, style), found);
        found
    }

    fn system_font_for(&mut self, c: char, style: Style) -> Option<usize> {
        let faces = system_fonts();
        let bold = style == Style::Bold;
        let preferred = preferred_families(c);
        let rank = |face: &SystemFace| {
            let family_rank = preferred
                .iter()
                .position(|family| face.family == *family)
                .unwrap_or(preferred.len());
            (family_rank, face.bold != bold, face.italic)
        };
        let mut order: Vec<usize> = (0..faces.len()).collect();
        order.sort_by_key(|&index| rank(&faces[index]));
        let position = order.into_iter().find(|&index| faces[index].has(c))?;
        if let Some(&loaded) = self.system_loaded.get(&position) {
            return Some(loaded);
        }
        let face = &faces[position];
        let font = load(face.data()?, face.index)?;
        self.loaded.push(font);
        let index = self.loaded.len() - 1;
        self.system_loaded.insert(position, index);
        Some(index)
    }

    /// Notes a character no font has, for the warning.
    pub fn report_missing(&mut self, c: char) {
        use unicode_script::UnicodeScript;
        self.missing
            .entry(c.script().full_name().to_owned())
            .or_default()
            .insert(c);
    }

    /// One line per script with characters no font has.
    pub fn warnings(&self) -> Vec<String> {
        self.missing
            .iter()
            .map(|(script, chars)| {
                let listed: String = chars
                    .iter()
                    .take(12)
                    .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "PDF: no font has {} character{} of the {script} script ({listed}{}); {} drawn as an empty box. Install a font for {script} and export again.",
                    chars.len(),
                    if chars.len() == 1 { "" } else { "s" },
                    if chars.len() > 12 { ", …" } else { "" },
                    if chars.len() == 1 { "it is" } else { "they are" },
                )
            })
            .collect()
    }

    /// Shapes a run of text in one font, right to left if asked; cached per document.
    pub fn shape(&mut self, font: usize, rtl: bool, text: &str) -> Rc<Shaped> {
        let key = (font, rtl, text.to_owned());
        if let Some(shaped) = self.shaped.get(&key) {
            return Rc::clone(shaped);
        }
        let shaped = Rc::new(self.shape_uncached(font, rtl, text));
        self.shaped.insert(key, Rc::clone(&shaped));
        shaped
    }

    fn shape_uncached(&self, font: usize, rtl: bool, text: &str) -> Shaped {
        let Some(loaded) = self.loaded.get(font) else {
            return Shaped {
                font,
                glyphs: Vec::new(),
                width_em: 0.0,
                text: text.to_owned(),
            };
        };
        let units = loaded.face.units_per_em() as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        let output = rustybuzz::shape(&loaded.face, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        // Cluster starts in text order, to find where each glyph's cluster ends.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        let placeholder = loaded.face.glyph_index(PLACEHOLDER);
        for (info, position) in infos.iter().zip(positions) {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(text.len());
            let (glyph, x_advance) = match placeholder.filter(|_| info.glyph_id == 0) {
                Some(glyph) => (
                    u32::from(glyph.0),
                    i32::from(loaded.face.glyph_hor_advance(glyph).unwrap_or(0)),
                ),
                None => (info.glyph_id, position.x_advance),
            };
            width += x_advance as f32 / units;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(glyph),
                x_advance as f32 / units,
                position.x_offset as f32 / units,
                position.y_offset as f32 / units,
                position.y_advance as f32 / units,
                start..end,
                None,
            ));
        }
        if !rtl {
            return Shaped {
                font,
                glyphs,
                width_em: width,
                text: text.to_owned(),
            };
        }
        let mut visual = String::with_capacity(text.len());
        let mut index = 0;
        while index < glyphs.len() {
            let range = glyphs[index].text_range.clone();
            let cluster: String = text
                .get(range.clone())
                .unwrap_or_default()
                .chars()
                .rev()
                .collect();
            let start = visual.len();
            visual.push_str(&cluster);
            while index < glyphs.len() && glyphs[index].text_range == range {
                glyphs[index].text_range = start..visual.len();
                index += 1;
            }
        }
        Shaped {
            font,
            glyphs,
            width_em: width,
            text: visual,
        }
    }
}

fn load(data: &'static [u8], index: u32) -> Option<Loaded> {
    Some(Loaded {
        face: Face::from_slice(data, index)?,
        pdf: PdfFont::new(data.into(), index)?,
    })
}
