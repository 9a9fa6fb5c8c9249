package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;

/**
 * The record is invalid for its table: it could not be converted, is malformed or too large, has the wrong type for
 * the table's stream, or the service refused it. It failed alone; its neighbours are not affected. Not retryable.
 */
public class RecordRefusedException extends ZerobusSendException {

    private static final long serialVersionUID = 1L;

    public RecordRefusedException(String message, String table, Object record, ZerobusException cause) {
        super(message, table, record, cause);
    }

    public RecordRefusedException(String message, String table, Object record) {
        super(message, table, record, Kind.INVALID_ARGUMENT, false);
    }
}
