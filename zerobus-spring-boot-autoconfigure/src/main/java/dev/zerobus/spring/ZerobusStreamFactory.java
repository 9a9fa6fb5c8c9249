package dev.zerobus.spring;

import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusStream;
import java.util.concurrent.CompletableFuture;

/**
 * Opens the streams the pool keeps for a table. The auto-configuration supplies one over
 * {@code ZerobusSdk.createStreamAsync}, so that no sending thread ever waits on the network to open a stream.
 */
@FunctionalInterface
public interface ZerobusStreamFactory {

    /**
     * Starts opening a stream for the table and record type described, without blocking on the network.
     *
     * @return completes with the open stream, or exceptionally with the creation error
     */
    CompletableFuture<ZerobusStream> openStream(TableProperties table);
}
