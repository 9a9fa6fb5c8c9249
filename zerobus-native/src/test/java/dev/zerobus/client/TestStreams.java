package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared set-up of the client tests: SDKs for a test server, unique tables, numbered JSON records. */
final class TestStreams {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private TestStreams() {}

    /** A table name no other test uses, so server-side records never mix. */
    static String uniqueTable(String name) {
        return "main.client_tests." + name + "_" + TABLES.incrementAndGet();
    }

    static ZerobusSdk sdk(ZerobusTestServer server) {
        ZerobusSdk.Builder builder =
                ZerobusSdk.builder().endpoint(server.endpoint()).workspaceUrl(server.workspaceUrl());
        if (server.isTls()) {
            builder.caCertificate(server.caCertificatePath());
        }
        return builder.build();
    }

    /** Short recovery and wait bounds for fault tests, so failures show quickly on a small CI machine. */
    static StreamConfigurationOptions fastOptions() {
        return StreamConfigurationOptions.builder()
                .recoveryBackoff(Duration.ofMillis(50))
                .recoveryTimeout(Duration.ofSeconds(5))
                .recoveryRetries(6)
                .flushTimeout(Duration.ofSeconds(30))
                .serverLackOfAckTimeout(Duration.ofSeconds(10))
                .build();
    }

    static ZerobusStream jsonStream(ZerobusSdk sdk, ZerobusTestServer server, String table) {
        return jsonStream(sdk, server, table, fastOptions());
    }

    static ZerobusStream jsonStream(
            ZerobusSdk sdk, ZerobusTestServer server, String table, StreamConfigurationOptions options) {
        return sdk.createStream(TableProperties.json(table), server.clientId(), server.clientSecret(), options);
    }

    static String json(int seq) {
        return "{\"seq\":" + seq + ",\"device\":\"sensor-" + (seq % 7) + "\",\"value\":" + (seq * 0.5) + "}";
    }

    static int seqOf(String json) {
        Matcher matcher = SEQ.matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no seq in " + json);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Sequence numbers of the stored JSON records in order of first appearance (re-sends after recovery dropped). */
    static List<Integer> distinctSeqs(List<IngestedRecord> records) {
        Set<Integer> seen = new LinkedHashSet<>();
        for (IngestedRecord record : records) {
            seen.add(seqOf(record.json()));
        }
        return new ArrayList<>(seen);
    }

    static List<Integer> range(int fromInclusive, int toExclusive) {
        List<Integer> values = new ArrayList<>(toExclusive - fromInclusive);
        for (int i = fromInclusive; i < toExclusive; i++) {
            values.add(i);
        }
        return values;
    }

    /** Every record 0..count-1 was stored, first occurrences in order: nothing lost, nothing reordered. */
    static void assertStoredInOrder(ZerobusTestServer server, String table, int count) {
        List<IngestedRecord> records = server.awaitRecords(table, count, Duration.ofSeconds(30));
        assertThat(distinctSeqs(records)).containsExactlyElementsOf(range(0, count));
    }
}
