//! The checks made before a request is sent, so that bad input fails with
//! [`Error::Validation`](crate::Error::Validation) naming the field, and no request goes out.

use crate::error::{Error, Result};

/// `value` holds between `min` and `max` Unicode characters (not bytes), as the APIs count.
pub(crate) fn chars_between(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<()> {
    let count = value.chars().count();
    if count < min {
        let reason = if min == 1 {
            "must not be empty".to_owned()
        } else {
            format!("must hold at least {min} characters, not {count}")
        };
        return Err(Error::validation(field, reason));
    }
    if count > max {
        return Err(Error::validation(
            field,
            format!("must hold at most {max} characters, not {count}"),
        ));
    }
    Ok(())
}

/// `value` is not empty.
pub(crate) fn not_empty(field: &'static str, value: &str) -> Result<()> {
    chars_between(field, value, 1, usize::MAX)
}

/// `value` is a hyphenated UUID.
pub(crate) fn uuid(field: &'static str, value: &str) -> Result<()> {
    if value.len() == 36 && uuid::Uuid::try_parse(value).is_ok() {
        return Ok(());
    }
    Err(Error::validation(
        field,
        format!("must be a UUID such as 5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1, not {value:?}"),
    ))
}

/// `value` lies in `min..=max`.
pub(crate) fn in_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<()> {
    if (min..=max).contains(&value) {
        return Ok(());
    }
    Err(Error::validation(
        field,
        format!("must be from {min} to {max}, not {value}"),
    ))
}

/// `object` nests at most `max` levels deep (it is the first; each object or array inside it is
/// one more), counted without recursion, so that no depth can exhaust the stack.
pub(crate) fn nesting_at_most(
    field: &'static str,
    object: &serde_json::Map<String, serde_json::Value>,
    max: usize,
) -> Result<()> {
    use serde_json::Value;
    let mut pending: Vec<(&Value, usize)> = object.values().map(|value| (value, 2)).collect();
    while let Some((value, depth)) = pending.pop() {
        let children: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(fields) => fields.values().collect(),
            _ => continue,
        };
        if depth > max {
            return Err(Error::validation(
                field,
                format!("nests deeper than {max} levels"),
            ));
        }
        pending.extend(children.into_iter().map(|child| (child, depth + 1)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_and_name_the_field() {
        assert!(chars_between("message", &"é".repeat(4000), 1, 4000).is_ok());
        let error = chars_between("message", &"é".repeat(4001), 1, 4000).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid message: must hold at most 4000 characters, not 4001"
        );
        assert_eq!(
            not_empty("message", "").unwrap_err().to_string(),
            "invalid message: must not be empty"
        );
        assert!(uuid("session_id", "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1").is_ok());
        for bad in [
            "sess_1",
            "5f3e8c7c5d4a4a919a4ec9a7e6d2b0f1",
            "{5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1}",
        ] {
            assert!(
                matches!(
                    uuid("session_id", bad),
                    Err(Error::Validation {
                        field: "session_id",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        // An object `depth` levels deep.
        let nested = |depth: usize| {
            let inner = (2..depth).fold(
                serde_json::json!({}),
                |inner, _| serde_json::json!({ "a": inner }),
            );
            serde_json::Map::from_iter([("a".to_owned(), inner)])
        };
        assert!(nesting_at_most("visitor_metadata", &nested(126), 126).is_ok());
        assert_eq!(
            nesting_at_most("visitor_metadata", &nested(127), 126)
                .unwrap_err()
                .to_string(),
            "invalid visitor_metadata: nests deeper than 126 levels"
        );
        let flat = serde_json::Map::from_iter([("a".to_owned(), serde_json::json!([1, 2]))]);
        assert!(nesting_at_most("visitor_metadata", &flat, 2).is_ok());
        assert!(nesting_at_most("visitor_metadata", &flat, 1).is_err());
        assert!(in_range("score", 5, 1, 5).is_ok());
        assert_eq!(
            in_range("score", 6, 1, 5).unwrap_err().to_string(),
            "invalid score: must be from 1 to 5, not 6"
        );
    }
}
