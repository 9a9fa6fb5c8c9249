package dev.zerobus.test.delta;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A second reader that shares no code with Delta Kernel's: the commits of {@code _delta_log} parsed as the JSON the
 * Delta protocol defines (add and remove actions, in version order), and each live data file read with parquet-hadoop's
 * example Group API. Rows come in commit order, then file order.
 */
final class ParquetLogReader {

    /** The rows, and the Parquet schema of the data files (for the physical types). */
    record Contents(List<Reading> rows, List<MessageType> fileSchemas, long commits, String schemaString) {}

    private ParquetLogReader() {}

    static Contents read(Path table) throws IOException {
        JsonMapper json = new JsonMapper();
        List<Path> commits;
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            commits = files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json"))
                    .sorted()
                    .toList();
        }
        Set<String> live = new LinkedHashSet<>();
        String schemaString = null;
        for (Path commit : commits) {
            for (String line : Files.readAllLines(commit)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode action = json.readTree(line);
                if (action.has("add")) {
                    live.add(action.get("add").get("path").asString());
                } else if (action.has("remove")) {
                    live.remove(action.get("remove").get("path").asString());
                } else if (action.has("metaData")) {
                    schemaString = action.get("metaData").get("schemaString").asString();
                }
            }
        }
        List<Reading> rows = new ArrayList<>();
        List<MessageType> schemas = new ArrayList<>();
        for (String relative : live) {
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
                    table.resolve(java.net.URLDecoder.decode(relative, java.nio.charset.StandardCharsets.UTF_8))
                            .toUri());
            try (ParquetFileReader footer = ParquetFileReader.open(
                    HadoopInputFile.fromPath(file, new org.apache.hadoop.conf.Configuration()))) {
                schemas.add(footer.getFileMetaData().getSchema());
            }
            try (ParquetReader<Group> reader =
                    ParquetReader.builder(new GroupReadSupport(), file).build()) {
                for (Group group = reader.read(); group != null; group = reader.read()) {
                    rows.add(reading(group));
                }
            }
        }
        return new Contents(rows, schemas, commits.size(), schemaString);
    }

    private static Reading reading(Group row) {
        Group location = row.getGroup("location", 0);
        Group tags = row.getGroup("tags", 0);
        String tagsRepeated = tags.getType().getFieldName(0);
        List<String> tagList = new ArrayList<>();
        for (int i = 0; i < tags.getFieldRepetitionCount(tagsRepeated); i++) {
            tagList.add(tags.getGroup(tagsRepeated, i).getString(0, 0));
        }
        Group attrs = row.getGroup("attrs", 0);
        String attrsRepeated = attrs.getType().getFieldName(0);
        Map<String, Integer> attrMap = new LinkedHashMap<>();
        for (int i = 0; i < attrs.getFieldRepetitionCount(attrsRepeated); i++) {
            Group entry = attrs.getGroup(attrsRepeated, i);
            attrMap.put(entry.getString(0, 0), entry.getInteger(1, 0));
        }
        return new Reading(
                row.getLong("seq", 0),
                row.getString("device_id", 0),
                row.getLong("ts", 0),
                row.getLong("local_ts", 0),
                row.getDouble("temp", 0),
                (short) row.getInteger("level", 0),
                decimal(row, "price", 2),
                Base64.getEncoder().encodeToString(row.getBinary("payload", 0).getBytes()),
                row.getInteger("day", 0),
                row.getBoolean("ok", 0),
                location.getDouble("lat", 0),
                location.getString("site", 0),
                tagList,
                attrMap,
                row.getString("extra", 0));
    }

    /** DECIMAL is stored as INT32, INT64 or bytes depending on its precision; the unscaled value either way. */
    private static BigDecimal decimal(Group row, String field, int scale) {
        PrimitiveType type = row.getType().getType(field).asPrimitiveType();
        return switch (type.getPrimitiveTypeName()) {
            case INT32 -> BigDecimal.valueOf(row.getInteger(field, 0), scale);
            case INT64 -> BigDecimal.valueOf(row.getLong(field, 0), scale);
            default -> new BigDecimal(new BigInteger(row.getBinary(field, 0).getBytes()), scale);
        };
    }
}
