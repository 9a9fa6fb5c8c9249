package dev.zerobus.client;

import java.nio.charset.StandardCharsets;

/**
 * Java text to the UTF-8 the service stores. {@link String#getBytes} silently turns a lone surrogate (half of a
 * character pair, e.g. from cutting a string in the middle of an emoji) into {@code ?}, which would then be stored as
 * data; here it is refused instead. The check costs nothing on the usual path: only a result containing {@code ?}
 * is looked at again.
 */
final class Utf8 {

    private Utf8() {}

    /**
     * @param what names the text in the error ("the JSON record", "record 3 of the JSON batch")
     * @throws ZerobusException {@code INVALID_ARGUMENT} naming the position of a lone surrogate
     */
    static byte[] encode(String text, String what) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b == '?') {
                requireNoLoneSurrogate(text, what);
                break;
            }
        }
        return utf8;
    }

    private static void requireNoLoneSurrogate(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw StreamErrors.invalidArgument(what + " contains a lone surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at character " + i
                        + ": it is not valid Unicode and cannot be sent as UTF-8");
            }
        }
    }
}
