//! The writer a generated struct's `Serialize` sends its fields through.

use serde::Serialize;
use serde::ser::SerializeStruct;

/// A struct being serialized: keeps the first error and ignores the fields after it, so
/// the expanded `serialize` is a straight line of calls without a branch per field.
pub struct Writer<S: SerializeStruct> {
    st: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> Writer<S> {
    /// Starts a struct of `len` fields.
    pub fn new<Z: serde::Serializer<SerializeStruct = S, Error = S::Error>>(
        serializer: Z,
        name: &'static str,
        len: usize,
    ) -> Result<Self, S::Error> {
        Ok(Self {
            st: serializer.serialize_struct(name, len)?,
            error: None,
        })
    }

    /// Sends `value` under `key`, or skips the key when `value` is `None`.
    pub(super) fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: Option<&T>) {
        if self.error.is_some() {
            return;
        }
        let result = match value {
            Some(value) => self.st.serialize_field(key, value),
            None => self.st.skip_field(key),
        };
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.st.end(),
        }
    }
}
