package dev.zerobus.spring;

import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusStream;

/** Opens the stream the pool keeps for a table. The auto-configuration supplies one over the {@code ZerobusSdk}. */
@FunctionalInterface
public interface ZerobusStreamFactory {

    /** Opens a stream for the table and record type described, blocking until it is open. */
    ZerobusStream createStream(TableProperties table);
}
