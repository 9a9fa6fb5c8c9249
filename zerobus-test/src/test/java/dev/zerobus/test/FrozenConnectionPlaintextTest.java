package dev.zerobus.test;

import org.junit.jupiter.api.extension.RegisterExtension;

class FrozenConnectionPlaintextTest extends FrozenConnectionTests {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension();

    @Override
    ZerobusTestServer server() {
        return ZEROBUS.server();
    }
}
