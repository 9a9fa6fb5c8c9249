package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;

/**
 * The record was taken but could not be made durable: the table's streams cannot be opened, or the application shut
 * down before it was acknowledged. The cause says why; {@link #isRetryable()} whether sending it again can help.
 */
public class DeliveryFailedException extends ZerobusSendException {

    private static final long serialVersionUID = 1L;

    public DeliveryFailedException(String message, String table, Object record, ZerobusException cause) {
        super(message, table, record, cause);
    }
}
