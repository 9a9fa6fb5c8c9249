package dev.zerobus.test;

import org.junit.jupiter.api.extension.RegisterExtension;

class RequestDropPlaintextTest extends RequestDropTests {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension();

    @Override
    ZerobusTestServer server() {
        return ZEROBUS.server();
    }
}
