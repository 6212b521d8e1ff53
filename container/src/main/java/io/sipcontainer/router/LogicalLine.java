package io.sipcontainer.router;

import java.util.Arrays;

/**
 * The text of one configuration entry after joining its physical lines (backslash continuations
 * and tuple lines that start with {@code (}), remembering which physical line each part came from
 * so that errors deep inside a joined entry still name the right line.
 */
final class LogicalLine {

    private final StringBuilder text = new StringBuilder();
    private int[] segmentOffsets = new int[4];
    private int[] segmentLines = new int[4];
    private int segments;

    LogicalLine(String firstLine, int lineNumber) {
        append(firstLine, lineNumber);
    }

    /** Appends the text of physical line {@code lineNumber}. */
    void append(String part, int lineNumber) {
        if (segments == segmentOffsets.length) {
            segmentOffsets = Arrays.copyOf(segmentOffsets, segments * 2);
            segmentLines = Arrays.copyOf(segmentLines, segments * 2);
        }
        segmentOffsets[segments] = text.length();
        segmentLines[segments] = lineNumber;
        segments++;
        text.append(part);
    }

    /** Removes the continuation backslash ending the text, and any blanks after it. */
    void dropContinuationBackslash() {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        text.setLength(end - 1);
    }

    /** Inserts a blank between the current text and a tuple continued on the next line. */
    void appendSeparator() {
        text.append(' ');
    }

    int firstLineNumber() {
        return segmentLines[0];
    }

    /** The physical line that the character at {@code offset} came from. */
    int lineAt(int offset) {
        int line = segmentLines[0];
        for (int i = 1; i < segments && segmentOffsets[i] <= offset; i++) {
            line = segmentLines[i];
        }
        return line;
    }

    String text() {
        return text.toString();
    }
}
