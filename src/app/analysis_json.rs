//! The `analyze --json` document (DESIGN.md §4) written straight to a stream, never built as one
//! string: on plan L it is about 100 MB, most of it the two item × period tables of
//! `capacity` (about a million entries each), which are formatted here by hand.
//!
//! The bytes are exactly those of `serde_json::to_string(analysis)` (compact) or
//! `serde_json::to_string_pretty(analysis)` (pretty), as [`super::operations::analysis_json`]
//! wrote them before: serde_json's number formatting (`zmij` for floats, `itoa` for integers,
//! `null` for a non-finite float) and its string escaping are used for every value.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::analytics::Analysis;
use crate::analytics::capacity::{CapacityResults, ItemPeriodTable};

/// Size of the buffer between the formatter and the output stream.
const BUFFER_BYTES: usize = 1 << 16;

/// Writes the `analyze --json` document to `out`: pretty when its compact form is at most
/// `pretty_limit` bytes, compact above. No line break is added at the end.
///
/// The compact form is formatted first; its first `pretty_limit` bytes are held back, so a small
/// document is then written pretty instead and a large one goes out as it is formatted.
pub fn write_analysis_json<W: Write>(
    analysis: &Analysis,
    out: W,
    pretty_limit: usize,
) -> Result<(), serde_json::Error> {
    let mut compact = BufWriter::with_capacity(BUFFER_BYTES, HeldBack::new(out, pretty_limit));
    write_compact(analysis, &mut compact)?;
    let held_back = compact
        .into_inner()
        .map_err(|e| serde_json::Error::io(e.into_error()))?;
    match held_back.finish()? {
        Finished::Streamed => Ok(()),
        Finished::Small(out) => {
            let mut pretty = BufWriter::with_capacity(BUFFER_BYTES, out);
            serde_json::to_writer_pretty(&mut pretty, analysis)?;
            pretty.flush().map_err(serde_json::Error::io)
        }
    }
}

/// Writes `analysis` as compact JSON, byte for byte what `serde_json::to_writer` writes. The
/// results are destructured field by field, so a field added to [`Analysis`] or
/// [`CapacityResults`] does not compile here until it is written too.
fn write_compact<W: Write>(analysis: &Analysis, out: &mut W) -> Result<(), serde_json::Error> {
    let Analysis {
        totals,
        cost,
        capacity,
        quality,
        queues,
        mrp,
        oee,
    } = analysis;
    let mut object = Object::begin(out)?;
    object.field("totals", totals)?;
    object.field("cost", cost)?;
    object.key("capacity")?;
    write_capacity(capacity, object.out)?;
    object.field("quality", quality)?;
    object.field("queues", queues)?;
    object.field("mrp", mrp)?;
    object.field("oee", oee)?;
    object.end()
}

/// The `capacity` object, with its two item × period tables written by [`write_table`].
fn write_capacity<W: Write>(
    capacity: &CapacityResults,
    out: &mut W,
) -> Result<(), serde_json::Error> {
    let CapacityResults {
        resources,
        bottleneck,
        requirements,
        lots,
    } = capacity;
    let mut object = Object::begin(out)?;
    object.field("resources", resources)?;
    object.field("bottleneck", bottleneck)?;
    object.key("requirements")?;
    write_table(requirements, object.out)?;
    object.key("lots")?;
    write_table(lots, object.out)?;
    object.end()
}

/// An item × period table as serde_json writes its `Serialize` form: the non-zero entries
/// `{"item":CODE,"period":N,"qty":VALUE}` (or `"lots"`), items in plan order, periods ascending.
/// Each item's `{"item":CODE,"period":` and each period's `N,"qty":` are formatted once.
fn write_table<W: Write>(table: &ItemPeriodTable, out: &mut W) -> Result<(), serde_json::Error> {
    let io = serde_json::Error::io;
    let period_parts: Vec<Vec<u8>> = (1..=table.periods())
        .map(|period| format!("{period},\"{}\":", table.value_key()).into_bytes())
        .collect();
    let mut item_part = Vec::new();
    let mut number = zmij::Buffer::new();
    let mut integer = itoa::Buffer::new();
    let mut first = true;
    out.write_all(b"[").map_err(io)?;
    for (item, code) in table.codes().iter().enumerate() {
        let row = table.row(item);
        if row.iter().all(|&value| value == 0.0) {
            continue;
        }
        item_part.clear();
        item_part.extend_from_slice(b"{\"item\":");
        serde_json::to_writer(&mut item_part, code)?;
        item_part.extend_from_slice(b",\"period\":");
        for (&value, period_part) in row.iter().zip(&period_parts) {
            // As `ItemPeriodTable::entries`: zeros (and −0) are left out, NaN is listed.
            if value == 0.0 {
                continue;
            }
            if !first {
                out.write_all(b",").map_err(io)?;
            }
            first = false;
            out.write_all(&item_part).map_err(io)?;
            out.write_all(period_part).map_err(io)?;
            write_number(out, value, &mut number, &mut integer)?;
            out.write_all(b"}").map_err(io)?;
        }
    }
    out.write_all(b"]").map_err(io)
}

/// Whole numbers below this magnitude are written as `N.0` by [`write_number`], as zmij writes
/// them (it switches to exponent form only from 10^16: `1e+16`).
const INTEGRAL_FAST_LIMIT: f64 = 1e15;

/// Writes `value` as serde_json does: `null` when not finite, else zmij's shortest form. A whole
/// number (every lot count, some requirements) takes a shortcut through `itoa`, several times
/// faster and the same bytes (a test compares the two).
fn write_number<W: Write>(
    out: &mut W,
    value: f64,
    number: &mut zmij::Buffer,
    integer: &mut itoa::Buffer,
) -> Result<(), serde_json::Error> {
    let io = serde_json::Error::io;
    // Zero is left out: −0 must keep its sign ("-0.0"), which `as i64` loses.
    if value != 0.0 && value.abs() < INTEGRAL_FAST_LIMIT && value.fract() == 0.0 {
        out.write_all(integer.format(value as i64).as_bytes())
            .map_err(io)?;
        return out.write_all(b".0").map_err(io);
    }
    let text = if value.is_finite() {
        number.format_finite(value)
    } else {
        "null"
    };
    out.write_all(text.as_bytes()).map_err(io)
}

/// A compact JSON object being written: `{`, then `"key":value` pairs separated by commas, `}`.
struct Object<'w, W: Write> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Object<'w, W> {
    fn begin(out: &'w mut W) -> Result<Self, serde_json::Error> {
        out.write_all(b"{").map_err(serde_json::Error::io)?;
        Ok(Object { out, first: true })
    }

    /// Writes `"name":` (after a comma but for the first key); the value follows.
    fn key(&mut self, name: &str) -> Result<(), serde_json::Error> {
        if !self.first {
            self.out.write_all(b",").map_err(serde_json::Error::io)?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(b":").map_err(serde_json::Error::io)
    }

    /// Writes `"name":value`, the value through serde_json.
    fn field(&mut self, name: &str, value: &impl Serialize) -> Result<(), serde_json::Error> {
        self.key(name)?;
        serde_json::to_writer(&mut *self.out, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        self.out.write_all(b"}").map_err(serde_json::Error::io)
    }
}

/// A writer that holds back the first `limit` bytes and passes everything on once more than
/// that has been written.
struct HeldBack<W: Write> {
    out: W,
    limit: usize,
    /// The bytes held back; `None` once they have been passed on.
    held: Option<Vec<u8>>,
}

/// How a [`HeldBack`] writer ended.
enum Finished<W> {
    /// More than the limit was written, and all of it went to the output.
    Streamed,
    /// At most the limit was written; none of it went out, and the output is handed back.
    Small(W),
}

impl<W: Write> HeldBack<W> {
    fn new(out: W, limit: usize) -> Self {
        HeldBack {
            out,
            limit,
            held: Some(Vec::new()),
        }
    }

    fn finish(mut self) -> Result<Finished<W>, serde_json::Error> {
        if self.held.is_some() {
            Ok(Finished::Small(self.out))
        } else {
            self.out.flush().map_err(serde_json::Error::io)?;
            Ok(Finished::Streamed)
        }
    }
}

impl<W: Write> Write for HeldBack<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.held {
            Some(held) if held.len() + bytes.len() <= self.limit => held.extend_from_slice(bytes),
            Some(held) => {
                self.out.write_all(held)?;
                self.held = None;
                self.out.write_all(bytes)?;
            }
            None => self.out.write_all(bytes)?,
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.held {
            Some(_) => Ok(()),
            None => self.out.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analytics::Analysis;

    /// An analysis whose only content is a requirements table of `codes` over 3 periods.
    fn analysis_with(codes: &[&str], values: Vec<f64>) -> Analysis {
        let codes: Arc<[String]> = codes.iter().map(|c| c.to_string()).collect();
        let mut analysis = Analysis::default();
        analysis.capacity.requirements =
            ItemPeriodTable::requirements(codes.clone(), 3, values.clone());
        analysis.capacity.lots = ItemPeriodTable::lots(codes, 3, values);
        analysis
    }

    fn written(analysis: &Analysis, limit: usize) -> String {
        let mut out = Vec::new();
        write_analysis_json(analysis, &mut out, limit).expect("written to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn compact_output_is_serde_jsons_for_awkward_codes_and_values() {
        // A quote and a backslash in codes (escaped), an item with zeros only (left out), −0
        // (left out), NaN and infinity (null), an integer-valued float (12.0), a tiny and a huge
        // number (exponent form).
        let analysis = analysis_with(
            &["A\"1", "ZERO", "B\\2"],
            vec![
                12.0,
                0.0,
                f64::NAN,
                0.0,
                -0.0,
                0.0,
                1e-7,
                f64::INFINITY,
                1.5e300,
            ],
        );
        let text = written(&analysis, 0);
        assert_eq!(
            text,
            serde_json::to_string(&analysis).expect("serde_json's own")
        );
        assert!(
            text.contains(r#""requirements":[{"item":"A\"1","period":1,"qty":12.0},{"item":"A\"1","period":3,"qty":null},{"item":"B\\2","period":1,"qty":1e-7}"#),
            "{text}"
        );
        assert!(!text.contains("ZERO"));
    }

    /// [`write_number`]'s bytes for `value`.
    fn number_text(value: f64) -> String {
        let mut out = Vec::new();
        let (mut number, mut integer) = (zmij::Buffer::new(), itoa::Buffer::new());
        write_number(&mut out, value, &mut number, &mut integer).expect("to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn whole_numbers_are_written_exactly_as_serde_json_writes_them() {
        let mut values: Vec<f64> = (0..=200_000).map(f64::from).collect();
        // Powers of ten and two up to and past the shortcut's limit, their neighbours, and a
        // spread of large whole numbers (x · 7919 mod 10^15).
        for k in 0..=17 {
            let p = 10f64.powi(k);
            values.extend([p, p - 1.0, p + 1.0]);
        }
        values.extend((0..=60).map(|k| 2f64.powi(k)));
        values.extend(
            (1..5_000u64).map(|x| ((x * 7_919_000_000_007) % 1_000_000_000_000_000) as f64),
        );
        values.extend([0.5, 1.25, 2.5e-7, 999_999_999_999_999.0, 1e15, 1e16, -0.0]);
        for value in values {
            for signed in [value, -value] {
                let expected = serde_json::to_string(&signed).expect("serde_json");
                assert_eq!(number_text(signed), expected, "{signed:e}");
            }
        }
        assert_eq!(number_text(3.0), "3.0");
        assert_eq!(number_text(-0.0), "-0.0");
        assert_eq!(number_text(1e16), "1e+16");
        assert_eq!(number_text(f64::NAN), "null");
    }

    #[test]
    fn small_output_is_serde_jsons_pretty_form_and_the_limit_is_inclusive() {
        let analysis = analysis_with(&["A"], vec![1.0, 2.5, 0.0]);
        let compact = serde_json::to_string(&analysis).expect("compact");
        let pretty = serde_json::to_string_pretty(&analysis).expect("pretty");
        assert_eq!(written(&analysis, compact.len()), pretty);
        assert_eq!(written(&analysis, compact.len() - 1), compact);
    }

    #[test]
    fn a_failing_output_is_an_error_not_a_panic() {
        /// Accepts `room` bytes, then fails as a closed pipe does.
        struct Full {
            room: usize,
        }
        impl Write for Full {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                if bytes.len() > self.room {
                    return Err(io::Error::from(io::ErrorKind::BrokenPipe));
                }
                self.room -= bytes.len();
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let analysis = analysis_with(&["A"], vec![1.0; 3]);
        let error = write_analysis_json(&analysis, Full { room: 10 }, 0).expect_err("full");
        assert!(error.is_io(), "{error}");
    }
}
