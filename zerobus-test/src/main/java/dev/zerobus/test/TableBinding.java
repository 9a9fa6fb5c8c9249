package dev.zerobus.test;

import dev.zerobus.test.table.TableSchema;

/**
 * How one stream's records meet their declared table: the readers that check them and turn them into rows, and whether
 * the rows are written out (so acks wait for their commit). Immutable; a stream to an undeclared table has none.
 */
record TableBinding(TableSchema schema, JsonRowReader json, ProtoRowReader proto, boolean written) {}
