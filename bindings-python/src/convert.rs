//! Rust values as Python objects: [`IntoPython`] for plain values and JSON, and [`py_model!`],
//! which mirrors a core model as a frozen Python class with attributes, `repr`, `to_dict()`
//! and `__match_args__`. (Python values as Rust ones are [`crate::args`]'s.)

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Value};

/// A value Python receives.
pub trait IntoPython: Sized {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>>;

    /// The value as a model's attribute: made now, unless the type can put that off.
    fn into_attribute(self, py: Python<'_>) -> PyResult<Attribute> {
        self.into_python(py).map(Attribute::Made)
    }
}

/// An attribute of a [`py_model!`] class.
pub enum Attribute {
    Made(Py<PyAny>),
    /// An empty dict, made when first read: most events' `extra` is empty and never read, and
    /// a dict is a good part of what a small event costs to make.
    EmptyDict(pyo3::sync::PyOnceLock<Py<PyAny>>),
}

impl<'py> IntoPyObject<'py> for &Attribute {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let made = match self {
            Attribute::Made(value) => value,
            Attribute::EmptyDict(dict) => {
                dict.get_or_init(py, || PyDict::new(py).into_any().unbind())
            }
        };
        Ok(made.bind(py).clone())
    }
}

macro_rules! into_python_as_is {
    ($($ty:ty),*) => {$(
        impl IntoPython for $ty {
            fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                self.into_py_any(py)
            }
        }
    )*};
}

into_python_as_is!(String, &str, bool, i64, u8, u32, u64, usize, f64, ());

impl IntoPython for Py<PyAny> {
    fn into_python(self, _py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self)
    }
}

/// A path as a `pathlib.Path`.
impl IntoPython for std::path::PathBuf {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        static PATH: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
        let path = PATH.get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("pathlib")?.getattr("Path")?.unbind())
        })?;
        path.call1(py, (self.into_os_string(),))
    }
}

impl<T: IntoPython> IntoPython for Option<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(value) => value.into_python(py),
            None => Ok(py.None()),
        }
    }
}

impl<T: IntoPython> IntoPython for Vec<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self
            .into_iter()
            .map(|item| item.into_python(py))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

impl IntoPython for Value {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Value::Null => Ok(py.None()),
            Value::Bool(value) => value.into_py_any(py),
            Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                (Some(int), _) => int.into_py_any(py),
                (None, Some(uint)) => uint.into_py_any(py),
                _ => number.as_f64().unwrap_or(f64::NAN).into_py_any(py),
            },
            Value::String(text) => text.into_py_any(py),
            Value::Array(items) => items.into_python(py),
            Value::Object(map) => map.into_python(py),
        }
    }
}

impl IntoPython for Map<String, Value> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        for (key, value) in self {
            dict.set_item(key, value.into_python(py)?)?;
        }
        Ok(dict.into_any().unbind())
    }

    fn into_attribute(self, py: Python<'_>) -> PyResult<Attribute> {
        match self.is_empty() {
            true => Ok(Attribute::EmptyDict(pyo3::sync::PyOnceLock::new())),
            false => self.into_python(py).map(Attribute::Made),
        }
    }
}

/// Open enums reach Python as their API string.
macro_rules! into_python_as_str {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::convert::IntoPython for $ty {
            fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                pyo3::IntoPyObjectExt::into_py_any(self.as_str(), py)
            }
        }
    )*};
}

/// `Name(field=repr, …)`.
pub fn repr(object: &Bound<'_, PyAny>, name: &str, fields: &[&str]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for field in fields {
        let value = object.getattr(*field)?;
        parts.push(format!("{field}={}", value.repr()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// The attributes as a dict of plain Python values, nested models included.
pub fn to_dict<'py>(object: &Bound<'py, PyAny>, fields: &[&str]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(object.py());
    for field in fields {
        dict.set_item(*field, plain(&object.getattr(*field)?)?)?;
    }
    Ok(dict)
}

fn plain<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(list) = value.cast::<PyList>() {
        let items = list
            .iter()
            .map(|item| plain(&item))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(value.py(), items)?.into_any());
    }
    if value.hasattr(pyo3::intern!(value.py(), "to_dict"))? {
        return value.call_method0(pyo3::intern!(value.py(), "to_dict"));
    }
    Ok(value.clone())
}

/// The `__match_args__` tuple.
pub fn match_args<'py>(py: Python<'py>, fields: &[&str]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, fields)
}

/// Declares a frozen Python class mirroring a core model, and how a core value becomes one.
///
/// `from path::Type { fields }` converts a core struct: its fields are destructured without
/// `..`, so a field added to the core and not here fails to compile. `new { fields }` declares a
/// class built from values at hand (an enum variant's), with `Class::create(py, …)`.
/// `type "name"` adds a `type` attribute with that value, for events. `answer from` declares a
/// call's answer: its class also has `request_id`, the id of the response it came in (left out
/// of `to_dict()`, `repr` and equality, which are about the value), and the core type converts
/// through [`AnswerModel`](crate::response::AnswerModel).
macro_rules! py_model {
    (
        $(#[doc = $doc:literal])*
        $class:ident as $module:literal $name:literal answer
        from $core:path { $($field:ident),* $(,)? }
    ) => {
        py_model!(@class $(#[doc = $doc])* $class as $module $name { $($field),* } extra {
            /// The id of the request that answered this (`x-request-id`), to quote to support.
            #[pyo3(get)]
            request_id: Option<String>,
        });

        impl $crate::response::AnswerModel for $core {
            fn into_model(self, py: Python<'_>, request_id: Option<String>) -> PyResult<Py<PyAny>> {
                let $core { $($field),* } = self;
                Ok(Py::new(py, $class {
                    $($field: $crate::convert::IntoPython::into_attribute($field, py)?,)*
                    request_id,
                })?.into_any())
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        $class:ident as $module:literal $name:literal $(type $kind:literal)?
        from $core:path { $($field:ident),* $(,)? }
    ) => {
        py_model!(@class $(#[doc = $doc])* $class as $module $name $(type $kind)? { $($field),* });

        impl $crate::convert::IntoPython for $core {
            fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let $core { $($field),* } = self;
                Ok(Py::new(py, $class {
                    $($field: $crate::convert::IntoPython::into_attribute($field, py)?,)*
                })?.into_any())
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        $class:ident as $module:literal $name:literal $(type $kind:literal)?
        new { $($field:ident),* $(,)? }
    ) => {
        py_model!(@class $(#[doc = $doc])* $class as $module $name $(type $kind)? { $($field),* });

        impl $class {
            #[allow(clippy::too_many_arguments)]
            pub fn create(
                py: Python<'_>,
                $($field: impl $crate::convert::IntoPython,)*
            ) -> PyResult<Py<PyAny>> {
                Ok(Py::new(py, $class {
                    $($field: $crate::convert::IntoPython::into_attribute($field, py)?,)*
                })?.into_any())
            }
        }
    };
    (
        @class $(#[doc = $doc:literal])*
        $class:ident as $module:literal $name:literal $(type $kind:literal)?
        { $($field:ident),* } $(extra { $($extra:tt)* })?
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, name = $name, module = $module)]
        pub struct $class {
            $(#[pyo3(get)] $field: $crate::convert::Attribute,)*
            $($($extra)*)?
        }

        impl $class {
            const FIELDS: &'static [&'static str] = py_model!(@fields $($kind)? ; $($field),*);
        }

        #[pymethods]
        impl $class {
            $(
                /// The event's kind.
                #[getter(r#type)]
                fn kind(&self, py: Python<'_>) -> Py<pyo3::types::PyString> {
                    pyo3::intern!(py, $kind).clone().unbind()
                }
            )?

            #[classattr]
            fn __match_args__(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyTuple>> {
                $crate::convert::match_args(py, &[$(stringify!($field)),*])
            }

            /// The attributes as plain Python values.
            fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
                $crate::convert::to_dict(slf.as_any(), Self::FIELDS)
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                $crate::convert::repr(slf.as_any(), $name, Self::FIELDS)
            }

            fn __eq__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                match other.cast::<Self>() {
                    Ok(other) => Self::to_dict(slf)?.eq(Self::to_dict(other)?),
                    Err(_) => Ok(false),
                }
            }
        }
    };
    (@fields $kind:literal ; $($field:ident),*) => { &["type", $(stringify!($field)),*] };
    (@fields ; $($field:ident),*) => { &[$(stringify!($field)),*] };
}
