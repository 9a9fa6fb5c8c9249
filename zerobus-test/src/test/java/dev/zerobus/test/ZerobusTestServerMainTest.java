package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The standalone process: ready line, secret from the environment, exit when stdin closes. */
class ZerobusTestServerMainTest {

    private static final Pattern READY =
            Pattern.compile("ZEROBUS_TEST_SERVER endpoint=(\\S+) workspaceUrl=(\\S+) clientId=(\\S+) caCert=(\\S+)");

    @Test
    void servesUntilStdinClosesWithTheSecretFromTheEnvironment() throws Exception {
        String secret = "s3cret-from-env";
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ZerobusTestServerMain.class.getName(),
                "--benchmark",
                "--ack-every-ms",
                "50",
                "--client-id",
                "bench-client");
        builder.environment().put(ZerobusTestServerMain.SECRET_VARIABLE, secret);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).isNotNull().doesNotContain(secret);
            Matcher ready = READY.matcher(line);
            assertThat(ready.matches()).as(line).isTrue();
            assertThat(ready.group(1)).startsWith("http://127.0.0.1:");
            assertThat(ready.group(3)).isEqualTo("bench-client");
            assertThat(ready.group(4)).isEqualTo("-");

            HttpResponse<String> token = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(ready.group(2) + "/oidc/v1/token"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(("bench-client:" + secret)
                                                                    .getBytes(StandardCharsets.UTF_8)))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "grant_type=client_credentials&scope=all-apis"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode())
                    .as("authenticated, then refused for the incomplete form")
                    .isEqualTo(400);

            process.getOutputStream().close();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void parsesTheOptions() {
        ZerobusTestServer server = ZerobusTestServerMain.configure(
                        new String[] {"--tls", "--port", "0", "--http-port", "0"}, "x")
                .build();
        assertThat(server.isTls()).isTrue();
        assertThat(server.clientSecret()).isEqualTo("x");
        assertThat(server.caCertificatePath()).exists();
    }
}
