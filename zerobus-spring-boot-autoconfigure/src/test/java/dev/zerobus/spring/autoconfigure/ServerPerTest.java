package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that need a fresh test server (no records, no faults, no open streams) for every test. */
abstract class ServerPerTest {

    ZerobusTestServer server;

    @BeforeEach
    void startServer() {
        this.server = ZerobusTestServer.builder().build().start();
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }
}
