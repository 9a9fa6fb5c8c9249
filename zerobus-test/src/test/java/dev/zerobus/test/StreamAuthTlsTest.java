package dev.zerobus.test;

import org.junit.jupiter.api.extension.RegisterExtension;

class StreamAuthTlsTest extends StreamAuthTests {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension(builder -> builder.tls(true));

    @Override
    ZerobusTestServer server() {
        return ZEROBUS.server();
    }
}
