package dev.zerobus.test.delta;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.zerobus.test.table.ProtoSchemas;
import dev.zerobus.test.table.TableSchema;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One row of the test table, its values derived from {@code seq}; sent as JSON or PROTO, read back from Delta. */
record Reading(
        long seq,
        String deviceId,
        long ts,
        long localTs,
        double temp,
        short level,
        BigDecimal price,
        String payloadBase64,
        int day,
        boolean ok,
        double lat,
        String site,
        List<String> tags,
        Map<String, Integer> attrs,
        String extra) {

    static final TableSchema SCHEMA = TableSchema.parse("seq BIGINT NOT NULL, device_id STRING NOT NULL,"
            + " ts TIMESTAMP NOT NULL, local_ts TIMESTAMP_NTZ, temp DOUBLE, level SMALLINT, price DECIMAL(10,2),"
            + " payload BINARY, day DATE, ok BOOLEAN, location STRUCT<lat: DOUBLE NOT NULL, site: STRING>,"
            + " tags ARRAY<STRING>, attrs MAP<STRING, INT>, extra VARIANT");

    static final Descriptor DESCRIPTOR = ProtoSchemas.descriptor(SCHEMA, "Reading");

    static Reading of(long seq) {
        byte[] payload = {(byte) seq, (byte) (seq >> 8), 7};
        return new Reading(
                seq,
                "sensor-" + (seq % 5),
                1_700_000_000_000_000L + seq * 1000,
                1_600_000_000_000_000L + seq,
                seq * 0.5,
                (short) (seq % 300),
                new BigDecimal(seq + ".25"),
                Base64.getEncoder().encodeToString(payload),
                19_000 + (int) (seq % 30),
                seq % 2 == 0,
                seq / 10.0,
                "site-" + (seq % 3),
                List.of("t" + seq, "x"),
                Map.of("k", (int) seq),
                "{\"seq\":" + seq + ",\"nested\":[true,null]}");
    }

    String json() {
        return "{\"seq\":" + seq + ",\"device_id\":\"" + deviceId + "\",\"ts\":" + ts + ",\"local_ts\":" + localTs
                + ",\"temp\":" + temp + ",\"level\":" + level + ",\"price\":\"" + price.toPlainString()
                + "\",\"payload\":\"" + payloadBase64 + "\",\"day\":" + day + ",\"ok\":" + ok
                + ",\"location\":{\"lat\":" + lat + ",\"site\":\"" + site + "\"},\"tags\":[\"" + tags.get(0)
                + "\",\"" + tags.get(1) + "\"],\"attrs\":{\"k\":" + attrs.get("k") + "},\"extra\":" + extra + "}";
    }

    byte[] proto() {
        Descriptor location = DESCRIPTOR.findNestedTypeByName("Location");
        Descriptor attrsEntry = DESCRIPTOR.findNestedTypeByName("AttrsEntry");
        DynamicMessage.Builder message = DynamicMessage.newBuilder(DESCRIPTOR)
                .setField(DESCRIPTOR.findFieldByName("seq"), seq)
                .setField(DESCRIPTOR.findFieldByName("device_id"), deviceId)
                .setField(DESCRIPTOR.findFieldByName("ts"), ts)
                .setField(DESCRIPTOR.findFieldByName("local_ts"), localTs)
                .setField(DESCRIPTOR.findFieldByName("temp"), temp)
                .setField(DESCRIPTOR.findFieldByName("level"), (int) level)
                .setField(DESCRIPTOR.findFieldByName("price"), price.toPlainString())
                .setField(
                        DESCRIPTOR.findFieldByName("payload"),
                        ByteString.copyFrom(Base64.getDecoder().decode(payloadBase64)))
                .setField(DESCRIPTOR.findFieldByName("day"), day)
                .setField(DESCRIPTOR.findFieldByName("ok"), ok)
                .setField(
                        DESCRIPTOR.findFieldByName("location"),
                        DynamicMessage.newBuilder(location)
                                .setField(location.findFieldByName("lat"), lat)
                                .setField(location.findFieldByName("site"), site)
                                .build())
                .addRepeatedField(
                        DESCRIPTOR.findFieldByName("attrs"),
                        DynamicMessage.newBuilder(attrsEntry)
                                .setField(attrsEntry.findFieldByName("key"), "k")
                                .setField(attrsEntry.findFieldByName("value"), attrs.get("k"))
                                .build())
                .setField(DESCRIPTOR.findFieldByName("extra"), extra);
        for (String tag : tags) {
            message.addRepeatedField(DESCRIPTOR.findFieldByName("tags"), tag);
        }
        return message.build().toByteArray();
    }
}
