package io.sipcontainer.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the value of a configuration entry into tuples of raw string fields:
 * {@code ("a", "DAR:From", ...), ("b", ...)}. Fields may be double-quoted, single-quoted or bare;
 * blanks around fields and commas between tuples are optional, because hand-written files vary.
 * Inside quotes a backslash escapes the next character. It knows nothing about what the fields
 * mean; {@link DarParser} validates them.
 */
final class DarTupleReader {

    /** The fields of one tuple and the physical line its opening parenthesis is on. */
    record RawTuple(List<String> fields, int lineNumber) {
    }

    private final String text;
    private final LogicalLine line;
    private final String sourceName;
    private int pos;

    DarTupleReader(LogicalLine line, int valueStart, String sourceName) {
        this.text = line.text();
        this.line = line;
        this.sourceName = sourceName;
        this.pos = valueStart;
    }

    List<RawTuple> readAll() {
        List<RawTuple> tuples = new ArrayList<>();
        while (true) {
            skipBlanksAndCommas();
            if (pos >= text.length()) {
                return tuples;
            }
            char c = text.charAt(pos);
            if (c != '(') {
                throw error(pos, "expected '(' to start a tuple, found '" + c + "'");
            }
            tuples.add(readTuple());
        }
    }

    private RawTuple readTuple() {
        int open = pos++;
        List<String> fields = new ArrayList<>(6);
        skipBlanks();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            return new RawTuple(fields, line.lineAt(open));
        }
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                throw error(open, "tuple is not closed with ')'");
            }
            char c = text.charAt(pos);
            fields.add(c == '"' || c == '\'' ? readQuoted(c) : readBare(open));
            skipBlanks();
            if (pos >= text.length()) {
                throw error(open, "tuple is not closed with ')'");
            }
            char separator = text.charAt(pos++);
            if (separator == ')') {
                return new RawTuple(fields, line.lineAt(open));
            }
            if (separator != ',') {
                throw error(pos - 1, "expected ',' or ')' after field " + fields.size()
                        + ", found '" + separator + "'");
            }
        }
    }

    private String readQuoted(char quote) {
        int open = pos++;
        StringBuilder field = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return field.toString().strip();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            field.append(c);
        }
        throw error(open, "quoted field is not closed with " + quote);
    }

    private String readBare(int tupleStart) {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
            pos++;
        }
        if (pos >= text.length()) {
            throw error(tupleStart, "tuple is not closed with ')'");
        }
        return text.substring(start, pos).strip();
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void skipBlanksAndCommas() {
        while (pos < text.length()
                && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == ',')) {
            pos++;
        }
    }

    private DarParseException error(int offset, String reason) {
        return new DarParseException(sourceName, line.lineAt(offset), reason);
    }
}
