//! Table names must be `catalog.schema.table`: exactly three non-empty parts.

use crate::error::{Error, ErrorKind, Result};

pub struct TableName<'a> {
    pub catalog: &'a str,
    pub schema: &'a str,
    pub table: &'a str,
}

pub fn parse(name: &str) -> Result<TableName<'_>> {
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [catalog, schema, table] if !catalog.is_empty() && !schema.is_empty() && !table.is_empty() => {
            Ok(TableName { catalog, schema, table })
        }
        _ => Err(Error::new(
            ErrorKind::InvalidTableName,
            false,
            format!("invalid table name '{name}': expected catalog.schema.table (three non-empty parts)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_parts() {
        let t = parse("main.default.events").unwrap();
        assert_eq!((t.catalog, t.schema, t.table), ("main", "default", "events"));
    }

    #[test]
    fn rejects_others() {
        for bad in ["", "a", "a.b", "a.b.c.d", ".b.c", "a..c", "a.b.", "..."] {
            let err = parse(bad).err().unwrap();
            assert_eq!(err.kind, ErrorKind::InvalidTableName, "{bad}");
            assert!(!err.retryable);
        }
    }
}
