//! Runs the analytics on a valid plan and checks the results the CLI and the GUI would show:
//! no panic, no NaN or infinity anywhere in the `analyze --json` results or the product mix.
//!
//! serde_json writes a NaN as `null`, so the JSON text cannot show one; the numbers are checked
//! on the results themselves, through a serializer that visits every number with its path.

#![allow(dead_code)]

use std::fmt::Display;

use opsplan::analytics::{self, mix};
use opsplan::app::operations::analysis_json;
use opsplan::domain::Plan;
use serde::Serialize;
use serde::ser;

/// Analyses a plan that passed validation, and returns what is wrong with the results, if
/// anything: an analysis refused, a non-finite number (with its path), JSON that does not read
/// back. A panic inside the analytics fails the property test by itself.
pub fn analysis_problems(plan: &Plan) -> Vec<String> {
    let mut problems = Vec::new();
    match analytics::analyze(plan) {
        Ok(analysis) => {
            problems.extend(non_finite_numbers(&analysis));
            match analysis_json(&analysis) {
                Ok(json) => {
                    if let Err(error) = serde_json::from_str::<serde_json::Value>(&json) {
                        problems.push(format!("analyze JSON does not read back: {error}"));
                    }
                }
                Err(error) => problems.push(format!("analyze JSON: {error}")),
            }
        }
        Err(error) => problems.push(format!("a valid plan was not analysed: {error}")),
    }
    // The product mix may be refused (unbounded, no priced item), but never with a panic, and
    // a mix it finds has finite numbers.
    if let Ok(result) = mix::optimize(plan) {
        problems.extend(
            non_finite_numbers(&result)
                .into_iter()
                .map(|p| format!("mix {p}")),
        );
    }
    problems
}

/// The path of every NaN or infinite `f32`/`f64` inside `value`, e.g. `capacity.resources[3].load[7]`.
pub fn non_finite_numbers<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut scan = NumberScan::default();
    // The scan itself never fails; an error would come from a type's own Serialize.
    if let Err(error) = value.serialize(&mut scan) {
        scan.found.push(format!("cannot be serialised: {error}"));
    }
    scan.found
}

/// A serializer that writes nothing and records the path of each non-finite number.
#[derive(Default)]
struct NumberScan {
    path: Vec<String>,
    found: Vec<String>,
}

impl NumberScan {
    fn number(&mut self, value: f64) {
        if !value.is_finite() {
            self.found.push(format!("{} = {value}", self.path.concat()));
        }
    }

    fn nested<T: Serialize + ?Sized>(&mut self, step: String, value: &T) -> Result<(), ScanError> {
        self.path.push(step);
        let result = value.serialize(&mut *self);
        self.path.pop();
        result
    }
}

#[derive(Debug)]
struct ScanError(String);

impl Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScanError {}

impl ser::Error for ScanError {
    fn custom<T: Display>(msg: T) -> Self {
        ScanError(msg.to_string())
    }
}

/// A sequence, tuple or map being scanned: the next element's index.
struct Compound<'a> {
    scan: &'a mut NumberScan,
    index: usize,
}

impl<'a> ser::Serializer for &'a mut NumberScan {
    type Ok = ();
    type Error = ScanError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_f32(self, value: f32) -> Result<(), ScanError> {
        self.number(f64::from(value));
        Ok(())
    }
    fn serialize_f64(self, value: f64) -> Result<(), ScanError> {
        self.number(value);
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ScanError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), ScanError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ScanError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), ScanError> {
        self.nested(format!(".{variant}"), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, ScanError> {
        Ok(Compound {
            scan: self,
            index: 0,
        })
    }
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        let step = format!("[{}]", self.index);
        self.index += 1;
        self.scan.nested(step, value)
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ScanError> {
        let step = if self.scan.path.is_empty() {
            key.to_string()
        } else {
            format!(".{key}")
        };
        self.scan.nested(step, value)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ScanError> {
        // A key is a name, not a result; a number used as a key is still checked.
        key.serialize(&mut *self.scan)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ScanError> {
        self.element(value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ScanError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = ScanError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ScanError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), ScanError> {
        Ok(())
    }
}
