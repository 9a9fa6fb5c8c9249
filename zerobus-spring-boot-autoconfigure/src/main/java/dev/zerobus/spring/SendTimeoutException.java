package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;

/**
 * A send waited {@code zerobus.template.max-block} for the table's stream to open or for room in its in-flight window,
 * and the record was not taken. Retryable: nothing was sent.
 */
public class SendTimeoutException extends ZerobusSendException {

    private static final long serialVersionUID = 1L;

    public SendTimeoutException(String message, String table, Object record) {
        super(message, table, record, Kind.TIMEOUT, true);
    }

    public SendTimeoutException(String message, String table, Object record, ZerobusException cause) {
        super(message, table, record, cause);
    }
}
