package io.dualmigrate.source;

import java.util.List;

/** Renders a (possibly nested) list as a PostgreSQL array literal: {@code {1,NULL,"a b"}}. */
final class PgArrayText {

    private PgArrayText() {}

    static String render(List<?> items, PgText element) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object item = items.get(i);
            if (item == null) {
                out.append("NULL");
            } else if (item instanceof List) {
                out.append(render((List<?>) item, element));
            } else {
                out.append(quote(element.format(item)));
            }
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
