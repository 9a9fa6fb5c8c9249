package dev.zerobus.test;

import org.junit.jupiter.api.extension.RegisterExtension;

class ChaosFaultTlsTest extends ChaosFaultTests {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension(builder -> builder.tls(true));

    @Override
    ZerobusTestServer server() {
        return ZEROBUS.server();
    }
}
