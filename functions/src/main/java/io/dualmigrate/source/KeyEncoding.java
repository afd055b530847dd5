package io.dualmigrate.source;

import java.util.List;

/**
 * Encodes primary-key values into one string without collisions: each part is length-prefixed, so
 * ("a:b", "c") and ("a", "b:c") differ, and NULL differs from the text "NULL".
 */
public final class KeyEncoding {

    private KeyEncoding() {}

    public static String encode(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                out.append("-;");
            } else {
                out.append(part.length()).append(':').append(part).append(';');
            }
        }
        return out.toString();
    }
}
