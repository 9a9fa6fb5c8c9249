package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeadersProviderCallbackTest {

    @Test
    void flattensLowerCasesAndAddsTheTableHeader() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer t0k3n");
        headers.put("x-custom", "1");

        String[] flat = new HeadersProviderCallback(() -> headers, "a.b.c").fetch();

        assertThat(flat)
                .containsExactly(
                        "authorization", "Bearer t0k3n", "x-custom", "1", "x-databricks-zerobus-table-name", "a.b.c");
    }

    @Test
    void keepsATableHeaderTheProviderSet() {
        String[] flat =
                new HeadersProviderCallback(() -> Map.of("X-Databricks-Zerobus-Table-Name", "x.y.z"), "a.b.c").fetch();

        assertThat(flat).containsExactly("x-databricks-zerobus-table-name", "x.y.z");
    }

    @Test
    void unusableAnswersFailWithoutShowingValues() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("authorization", null);

        assertThatIllegalStateException()
                .isThrownBy(() -> new HeadersProviderCallback(() -> null, "a.b.c").fetch())
                .withMessageContaining("returned null");
        assertThatIllegalStateException()
                .isThrownBy(() -> new HeadersProviderCallback(() -> nullValue, "a.b.c").fetch())
                .withMessageContaining("authorization");
    }

    @Test
    void invalidateReachesTheProvider() {
        AtomicInteger invalidations = new AtomicInteger();
        HeadersProvider provider = new HeadersProvider() {
            @Override
            public Map<String, String> getHeaders() {
                return Map.of();
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };

        new HeadersProviderCallback(provider, "a.b.c").invalidate();

        assertThat(invalidations).hasValue(1);
    }
}
