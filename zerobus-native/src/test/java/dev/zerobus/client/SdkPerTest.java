package dev.zerobus.client;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the tests that need one plaintext test server per class and a fresh {@link ZerobusSdk} per test. */
@ExtendWith(ZerobusTestServerExtension.class)
abstract class SdkPerTest {

    ZerobusSdk sdk;

    ZerobusTestServer server;

    @BeforeEach
    void openSdk(ZerobusTestServer server) {
        this.server = server;
        this.sdk = TestStreams.sdk(server);
    }

    @AfterEach
    void closeSdk() {
        this.sdk.close();
    }
}
