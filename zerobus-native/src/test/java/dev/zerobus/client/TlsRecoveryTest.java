package dev.zerobus.client;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsRecoveryTest extends RecoveryContractTest {

    @RegisterExtension
    static final ZerobusTestServerExtension zerobus = new ZerobusTestServerExtension((b) -> b.tls(true));

    @Override
    ZerobusTestServer server() {
        return zerobus.server();
    }
}
