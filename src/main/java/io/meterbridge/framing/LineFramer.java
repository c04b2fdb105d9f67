package io.meterbridge.framing;

import java.util.Arrays;

/**
 * Cuts a stream into lines (framing {@code lines}): LF ends a line, a CR before it is dropped, empty lines are
 * skipped. Text protocols such as the meterman gateway's need nothing more; a line longer than the limit is
 * emitted once, cut, as {@link Frame.Status#OVERSIZED} (so the parser can say what it was) and the rest of it is
 * skipped up to the next line end.
 */
public class LineFramer implements Framer {

    private final int maxLine;
    private byte[] line = new byte[256];
    private int length;
    private boolean oversized;

    public LineFramer(int maxLine) {
        this.maxLine = maxLine;
    }

    @Override
    public void feed(byte[] buffer, int offset, int count, FrameSink sink) throws Exception {
        for (int i = offset; i < offset + count; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                emit(sink);
            } else if (length < maxLine) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
                }
                line[length++] = b;
            } else {
                oversized = true;
            }
        }
    }

    private void emit(FrameSink sink) throws Exception {
        int end = length > 0 && line[length - 1] == '\r' && !oversized ? length - 1 : length;
        boolean wasOversized = oversized;
        length = 0;
        oversized = false;
        if (end > 0) {
            sink.frame(new Frame(Arrays.copyOf(line, end), wasOversized ? Frame.Status.OVERSIZED : Frame.Status.COMPLETE));
        }
    }

    @Override
    public void finish(FrameSink sink) throws Exception {
        if (length > 0) {
            emit(sink);
        }
    }

    @Override
    public void reset() {
        length = 0;
        oversized = false;
    }
}
