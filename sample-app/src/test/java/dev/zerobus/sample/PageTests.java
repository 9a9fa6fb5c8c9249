package dev.zerobus.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Loads the page at {@code /} in a real headless browser (Debian's {@code chromium}, installed by
 * {@code scripts/install-prerequisites.sh}) against the sample as {@code LocalApplication} starts it, and reads the
 * DOM after its JavaScript ran: acknowledged records in both tables, health UP, the embedded server's last records.
 */
@SpringBootTest(
        classes = {SampleApplication.class, LocalApplication.EmbeddedZerobus.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.rate=100")
class PageTests {

    private static final Pattern ROW =
            Pattern.compile("<td class=\"name\">([^<]+)</td>.*?<td class=\"acknowledged\">(\\d+)</td>", Pattern.DOTALL);

    @Autowired
    ZerobusTestServer server;

    @LocalServerPort
    int port;

    @Test
    void thePageShowsAcknowledgedRecordsInBothTablesAndHealthUp(@TempDir Path work) throws Exception {
        this.server.awaitRecordCount("main.iot.sensor_readings_proto", 10, Duration.ofSeconds(10));
        String dom = dumpDom("http://localhost:" + this.port + "/", work);

        Matcher rows = ROW.matcher(dom);
        List<String> acknowledgedTables = new ArrayList<>();
        while (rows.find()) {
            if (Long.parseLong(rows.group(2)) > 0) {
                acknowledgedTables.add(rows.group(1));
            }
        }
        assertThat(acknowledgedTables)
                .as(dom)
                .containsExactlyInAnyOrder("main.iot.sensor_readings", "main.iot.sensor_readings_proto");
        assertThat(dom).contains("<span id=\"health\" class=\"UP\">UP</span>");
        assertThat(dom)
                .containsPattern("main\\.iot\\.sensor_readings: \\d+ stored")
                .contains("sensor_id");
    }

    private static String dumpDom(String url, Path profile) throws Exception {
        String chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        Process process = new ProcessBuilder(
                        chromium,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile.resolve("profile"),
                        "--virtual-time-budget=3000",
                        "--dump-dom",
                        url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(profile.resolve("dom.html").toFile())
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("chromium ends on its own")
                    .isTrue();
            assertThat(process.exitValue()).as("chromium's exit code").isZero();
            return Files.readString(profile.resolve("dom.html"), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
