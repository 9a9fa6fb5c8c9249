package dev.zerobus.sample;

import dev.zerobus.spring.ZerobusOperations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The non-interactive mode ({@code --sample.duration=10s}): once the application is ready, lets the generator run that long, flushes, and checks that
 * both tables had readings acknowledged and none failed, and that {@code /actuator/health} answers UP, read over HTTP
 * as a load balancer would. The result is the application's exit code (0 or 1), which {@link SampleApplication#main}
 * exits with.
 */
@Component
class SampleCheck implements ExitCodeGenerator {

    private static final Logger logger = LoggerFactory.getLogger(SampleCheck.class);

    private final SampleProperties properties;

    private final ReadingStats stats;

    private final ZerobusOperations zerobus;

    private final Environment environment;

    private final JsonMapper jsonMapper;

    private volatile int exitCode;

    SampleCheck(
            SampleProperties properties,
            ReadingStats stats,
            ZerobusOperations zerobus,
            Environment environment,
            JsonMapper jsonMapper) {
        this.properties = properties;
        this.stats = stats;
        this.zerobus = zerobus;
        this.environment = environment;
        this.jsonMapper = jsonMapper;
    }

    /** Runs the check once the application has started and is ready (called by {@link SampleApplication#main}). */
    void run() {
        Duration duration = this.properties.duration();
        if (duration == null) {
            return;
        }
        logger.info("Non-interactive mode: running for {}", duration);
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.exitCode = 1;
            return;
        }
        try {
            this.zerobus.flush();
        } catch (RuntimeException ex) {
            logger.warn("Flush failed: {}", ex.getMessage());
        }
        boolean ok = true;
        for (String table : new String[] {this.properties.jsonTable(), this.properties.protoTable()}) {
            ReadingStats.TableStats counts = this.stats.of(table);
            boolean tableOk = counts.acknowledged() > 0 && counts.failed() == 0;
            logger.info(
                    "{} {}: {} sent, {} acknowledged, {} failed{}",
                    tableOk ? "OK  " : "FAIL",
                    table,
                    counts.sent(),
                    counts.acknowledged(),
                    counts.failed(),
                    counts.lastError() != null ? " (last error: " + counts.lastError() + ")" : "");
            ok &= tableOk;
        }
        String health = health();
        boolean healthOk = "UP".equals(health);
        logger.info("{} health: {}", healthOk ? "OK  " : "FAIL", health);
        ok &= healthOk;
        this.exitCode = ok ? 0 : 1;
        logger.info("Non-interactive check {}", ok ? "passed" : "FAILED");
    }

    private String health() {
        String port = this.environment.getProperty("local.server.port");
        if (port == null) {
            return "no web server";
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode body = this.jsonMapper.readTree(response.body());
            return response.statusCode() == 200
                    ? body.path("status").asString("unknown")
                    : "HTTP " + response.statusCode() + " " + response.body();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception ex) {
            return "unreachable: " + ex.getMessage();
        }
    }

    @Override
    public int getExitCode() {
        return this.exitCode;
    }
}
