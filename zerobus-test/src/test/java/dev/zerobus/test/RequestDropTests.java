package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.proto.EphemeralStreamResponse;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link FaultInjector#dropRequests}: seeded, reproducible request loss (run in plaintext and TLS subclasses). */
abstract class RequestDropTests extends ServerTestSupport {

    private static final String DROPPED = "dropped (injected fault)";

    @Test
    void theSameSeedDropsTheSameRequestsAndTheScheduleIsPredictable() {
        server().faults().dropRequests(0.05, 42);
        Run first = sendOneByOne(newTable(), 300);
        assertThat(first.drops).isNotEmpty();
        assertThat(server().faults().droppedRequests()).isEqualTo(first.drops.size());

        server().faults().dropRequests(0.05, 42);
        Run second = sendOneByOne(newTable(), 300);
        assertThat(second.drops).isEqualTo(first.drops);
        assertThat(first.drops)
                .as("request k is dropped when the k-th draw of new SplittableRandom(seed) is below p")
                .isEqualTo(predictedDrops(0.05, 42, first.arrivals));

        server().faults().dropRequests(0.05, 43);
        assertThat(sendOneByOne(newTable(), 300).drops).isNotEqualTo(first.drops);
    }

    @Test
    void droppedRequestsAreNotStoredSoEveryRecordIsStoredOnceWhenTheClientResendsThem() {
        String table = newTable();
        server().faults().dropRequests(0.05, 7);
        Run run = sendOneByOne(table, 200);
        assertThat(run.drops).isNotEmpty();
        assertThat(server().records(table))
                .extracting(IngestedRecord::json)
                .containsExactlyElementsOf(IntStream.range(0, 200)
                        .mapToObj(i -> "{\"i\":" + i + "}")
                        .toList());
        List<StreamStatistics> streams =
                server().streams().stream().filter(s -> s.table().equals(table)).toList();
        assertThat(streams).hasSize(run.drops.size() + 1);
        assertThat(streams.subList(0, run.drops.size()))
                .as("every stream but the last ended with a drop")
                .allSatisfy(s -> {
                    assertThat(s.endStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(s.endStatus().getDescription()).contains(DROPPED);
                });
    }

    @Test
    void aDropRateOfOnePercentDropsAboutOneRequestInAHundred() {
        server().faults().dropRequests(0.01, 2024);
        Run run = sendOneByOne(newTable(), 3000);
        // ~30 expected (sd ~5.5); the bound is loose on purpose, the seed makes it exact anyway
        assertThat(run.drops.size()).isBetween(10, 60);
        assertThat(server().faults().droppedRequests()).isEqualTo(run.drops.size());
    }

    @Test
    void aDropEndsTheCallWithoutAFinalAckAndKeepsWhatTheCallStoredBefore() {
        long seed = seedWithFirstDropAt(0.25, 4);
        String table = newTable();
        server().faults().acceptButNeverAck().dropRequests(0.25, seed);
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            for (int i = 0; i < 7; i++) {
                stream.send(RawStream.jsonRecord(i, "{\"i\":" + i + "}"));
            }
            assertEndsWith(stream, Status.Code.UNAVAILABLE, "request at offset 4 " + DROPPED);
            assertThat(stream.nextOrNullAtEnd()).as("no ack, no final ack").isNull();
        }
        assertThat(server().records(table))
                .as("stored before the drop, never acked, still stored; nothing after the drop")
                .extracting(IngestedRecord::json)
                .containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":3}");
        assertThat(server().faults().droppedRequests()).isEqualTo(1);
    }

    @Test
    void probabilityZeroDropsNothingAndResetStopsDroppingButKeepsTheCount() {
        server().faults().dropRequests(0, 1);
        assertThat(sendOneByOne(newTable(), 50).drops).isEmpty();

        server().faults().dropRequests(1, 1);
        try (RawStream stream = RawStream.json(server(), channel, newTable())) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            assertEndsWith(stream, Status.Code.UNAVAILABLE, DROPPED);
        }
        server().faults().reset();
        assertThat(server().faults().droppedRequests()).isEqualTo(1);
        assertThat(sendOneByOne(newTable(), 20).drops).isEmpty();
    }

    @Test
    void probabilityMustBeWithinZeroAndOne() {
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> server().faults().dropRequests(bad, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Which requests were dropped (arrival positions, 0-based), and how many requests arrived in all. */
    private record Run(List<Long> drops, long arrivals) {}

    /**
     * Sends {@code records} single-record requests one at a time, as a correct client would after each drop: reopen the
     * stream and re-send the dropped request (offsets from 0 again). One request in flight keeps the arrival order the
     * send order.
     */
    private Run sendOneByOne(String table, int records) {
        List<Long> drops = new ArrayList<>();
        long arrivals = 0;
        RawStream stream = null;
        long offset = 0;
        try {
            int i = 0;
            while (i < records) {
                if (stream == null) {
                    stream = RawStream.json(server(), channel, table);
                    offset = 0;
                }
                stream.send(RawStream.jsonRecord(offset, "{\"i\":" + i + "}"));
                EphemeralStreamResponse response = stream.nextOrNullAtEnd();
                arrivals++;
                if (response == null) {
                    assertEndsWith(stream, Status.Code.UNAVAILABLE, DROPPED);
                    drops.add(arrivals - 1);
                    stream = null;
                    continue;
                }
                assertThat(response.getIngestRecordResponse().getDurabilityAckUpToOffset())
                        .isEqualTo(offset);
                offset++;
                i++;
            }
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
        return new Run(drops, arrivals);
    }

    private static List<Long> predictedDrops(double probability, long seed, long draws) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> drops = new ArrayList<>();
        for (long k = 0; k < draws; k++) {
            if (random.nextDouble() < probability) {
                drops.add(k);
            }
        }
        return drops;
    }

    /** A seed whose first drop (at {@code probability}) is the request at position {@code position}. */
    private static long seedWithFirstDropAt(double probability, int position) {
        for (long seed = 0; ; seed++) {
            List<Long> drops = predictedDrops(probability, seed, position + 1);
            if (drops.equals(List.of((long) position))) {
                return seed;
            }
        }
    }
}
