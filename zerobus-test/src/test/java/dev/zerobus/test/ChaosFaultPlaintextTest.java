package dev.zerobus.test;

import org.junit.jupiter.api.extension.RegisterExtension;

class ChaosFaultPlaintextTest extends ChaosFaultTests {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension();

    @Override
    ZerobusTestServer server() {
        return ZEROBUS.server();
    }
}
