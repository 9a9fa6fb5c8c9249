package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code HeadersProvider} is application code the core calls on every connection attempt: a hung one must not hold
 * up other tables' streams, every call is bounded, and it runs with the class loader its stream was created under.
 */
class HeadersProviderIsolationTest extends SdkPerTest {

    private HeadersProvider working(String table) {
        return () -> Map.of("authorization", "Bearer " + this.server.issueToken(table));
    }

    /** More hung providers than the runtime's blocking pool had threads (16) once stalled every other creation. */
    @Test
    void hungProvidersDoNotStallOtherStreamsAndTimeOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HeadersProvider hung = () -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        };
        StreamConfigurationOptions once = TestStreams.fastOptions().toBuilder()
                .recoveryTimeout(Duration.ofSeconds(2))
                .recoveryRetries(0)
                .build();
        try {
            List<CompletableFuture<ZerobusStream>> stalled = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stalled.add(this.sdk.createStreamAsync(TableProperties.json(uniqueTable("hung")), hung, once));
            }
            String table = uniqueTable("unaffected");
            long start = System.nanoTime();
            try (ZerobusStream stream =
                    this.sdk.createStream(TableProperties.json(table), working(table), TestStreams.fastOptions())) {
                stream.ingestRecord(json(0));
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
            assertThat(this.server.records(table)).hasSize(1);
            for (CompletableFuture<ZerobusStream> future : stalled) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ZerobusException.class)
                        .hasMessageContaining("the headers provider did not answer within 1800 ms");
            }
        } finally {
            release.countDown();
        }
    }

    /** Fat-jar applications load their classes through the context class loader the stream was created under. */
    @Test
    void theProviderRunsWithTheCreatorsContextClassLoader() throws Exception {
        String table = uniqueTable("classloader");
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        AtomicReference<String> threadName = new AtomicReference<>();
        HeadersProvider provider = () -> {
            seen.set(Thread.currentThread().getContextClassLoader());
            threadName.set(Thread.currentThread().getName());
            return Map.of("authorization", "Bearer " + this.server.issueToken(table));
        };
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[0], previous)) {
            Thread.currentThread().setContextClassLoader(application);
            ZerobusStream stream;
            try {
                stream = this.sdk.createStream(TableProperties.json(table), provider, TestStreams.fastOptions());
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            try (stream) {
                stream.ingestRecord(json(0));
            }
            assertThat(seen.get()).isSameAs(application);
            assertThat(threadName.get()).isNotEqualTo(Thread.currentThread().getName());
        }
    }
}
