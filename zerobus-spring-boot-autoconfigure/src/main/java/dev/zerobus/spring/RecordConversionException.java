package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;

/** A record could not be turned into JSON or protobuf for its table. Nothing was sent. */
public class RecordConversionException extends ZerobusException {

    private static final long serialVersionUID = 1L;

    public RecordConversionException(String message, Throwable cause) {
        super(message, Kind.INVALID_ARGUMENT, false, -1, cause);
    }
}
