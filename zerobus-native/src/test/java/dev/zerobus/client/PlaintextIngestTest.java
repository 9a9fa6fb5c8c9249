package dev.zerobus.client;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlaintextIngestTest extends IngestContractTest {

    @RegisterExtension
    static final ZerobusTestServerExtension zerobus = new ZerobusTestServerExtension();

    @Override
    ZerobusTestServer server() {
        return zerobus.server();
    }
}
