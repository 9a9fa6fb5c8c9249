package dev.zerobus.test;

import dev.zerobus.test.table.DeltaType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** DECIMAL(p,s) values: parsed from text, never rounded (a value that does not fit is refused). */
final class Decimals {

    private Decimals() {}

    static BigDecimal exact(String text, DeltaType.Decimal type, String path) throws SchemaViolation {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw SchemaViolation.at(path, type.sql(), "'" + text + "' is not a decimal number");
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw SchemaViolation.at(
                    path, type.sql(), text + " has more than " + type.scale() + " digits after the decimal point");
        }
        if (scaled.precision() > type.precision()) {
            throw SchemaViolation.at(
                    path,
                    type.sql(),
                    text + " has more than " + (type.precision() - type.scale()) + " digits before the decimal point");
        }
        return scaled;
    }
}
