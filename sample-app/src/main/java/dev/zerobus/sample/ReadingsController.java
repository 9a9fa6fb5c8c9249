package dev.zerobus.sample;

import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusSendException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Readings from clients: {@code POST /readings} takes one reading, {@code POST /readings/batch} a JSON array of them,
 * each reading one record of the JSON table. The response is sent once the service has made the records durable.
 */
@RestController
@RequestMapping("/readings")
class ReadingsController {

    private final ZerobusOperations zerobus;

    private final SampleProperties properties;

    private final ReadingStats stats;

    ReadingsController(ZerobusOperations zerobus, SampleProperties properties, ReadingStats stats) {
        this.zerobus = zerobus;
        this.properties = properties;
        this.stats = stats;
    }

    @PostMapping
    CompletableFuture<ResponseEntity<IngestResult>> record(@RequestBody SensorReading reading) {
        String table = this.properties.jsonTable();
        return this.stats.track(table, 1, this.zerobus.send(table, reading)).thenApply(ResponseEntity::ok);
    }

    @PostMapping("/batch")
    CompletableFuture<ResponseEntity<IngestResult>> recordBatch(@RequestBody List<SensorReading> readings) {
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().build());
        }
        String table = this.properties.jsonTable();
        return this.stats
                .track(table, readings.size(), this.zerobus.sendBatch(table, readings))
                .thenApply(ResponseEntity::ok);
    }

    @GetMapping("/stats")
    Map<String, ReadingStats.TableStats> stats() {
        return this.stats.snapshot();
    }

    @ExceptionHandler(ZerobusSendException.class)
    ResponseEntity<Map<String, String>> refused(ZerobusSendException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", ex.getMessage()));
    }
}
