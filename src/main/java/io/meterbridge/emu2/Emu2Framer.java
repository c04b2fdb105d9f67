package io.meterbridge.emu2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameSink;
import io.meterbridge.framing.Framer;

/**
 * Cuts the EMU-2 / RAVEn byte stream into XML fragments. The stream has no frame markers and the device clobbers
 * its own output: a new fragment starts inside an unfinished one, bytes go missing, debug text lands between tags.
 * So the framer reads tags, not XML: a known root's start tag opens a fragment (also in the middle of one, which
 * is then discarded as clobbered), the matching end tag closes it, and anything else outside a fragment is noise.
 * An unknown element at the start of a line also opens a fragment (newer firmware adds roots); XML declarations
 * are skipped. Only whole fragments are emitted; clobbered, oversized and cut-off ones are counted and logged.
 */
public class Emu2Framer implements Framer {

    private static final Logger LOG = LoggerFactory.getLogger(Emu2Framer.class);
    /** A tag longer than this is not one (the longest root name is 25 characters). */
    private static final int MAX_TAG = 64;
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final int maxFragment;
    private byte[] fragment = new byte[1024];
    private int length;
    private String root;
    private final byte[] tag = new byte[MAX_TAG];
    private int tagLength = -1;
    private boolean tagAtLineStart;
    private boolean lineStart = true;
    private boolean oversized;

    private final AtomicLong complete = new AtomicLong();
    private final AtomicLong clobbered = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private long lastLog;

    public Emu2Framer(int maxFragment) {
        this.maxFragment = maxFragment;
    }

    @Override
    public void feed(byte[] buffer, int offset, int count, FrameSink sink) throws Exception {
        for (int i = offset; i < offset + count; i++) {
            byte b = buffer[i];
            if (tagLength >= 0) {
                if (b == '<') {
                    spill(); // a '<' inside a tag: what came before was not a tag
                    startTag();
                } else if (tagLength == MAX_TAG) {
                    spill();
                    append(b);
                } else {
                    tag[tagLength++] = b;
                    if (b == '>') {
                        onTag(sink);
                    }
                }
            } else if (b == '<') {
                startTag();
            } else {
                append(b);
            }
            lineStart = b == '\n' || (lineStart && (b == '\r'));
        }
    }

    private void startTag() {
        tag[0] = '<';
        tagLength = 1;
        tagAtLineStart = lineStart;
    }

    /** The bytes held as a possible tag were not one: they belong to the fragment, or are noise outside it. */
    private void spill() {
        for (int i = 0; i < tagLength; i++) {
            append(tag[i]);
        }
        tagLength = -1;
    }

    private void append(byte b) {
        if (root == null) {
            return; // noise between fragments
        }
        if (length == maxFragment) {
            oversized = true;
            return;
        }
        if (length == fragment.length) {
            fragment = Arrays.copyOf(fragment, Math.min(maxFragment, fragment.length * 2));
        }
        fragment[length++] = b;
    }

    private void onTag(FrameSink sink) throws Exception {
        String text = new String(tag, 0, tagLength, StandardCharsets.ISO_8859_1);
        tagLength = -1;
        if (text.startsWith("<?") || text.startsWith("<!")) {
            return; // an XML declaration or a stray directive: never part of a fragment
        }
        boolean end = text.startsWith("</");
        String name = name(text, end ? 2 : 1);
        if (name.isEmpty()) {
            appendAll(text);
            return;
        }
        if (end) {
            appendAll(text);
            if (root != null && root.equalsIgnoreCase(name)) {
                emit(sink);
            }
            return;
        }
        String known = Emu2Roots.canonical(name);
        if (known != null || (root == null && tagAtLineStart)) {
            if (root != null) {
                clobbered.incrementAndGet();
                LOG.debug("EMU-2 fragment <{}> clobbered by <{}>", root, name);
                report();
            }
            root = known != null ? known : name;
            length = 0;
            oversized = false;
        }
        appendAll(text);
    }

    private void appendAll(String text) {
        for (int i = 0; i < text.length(); i++) {
            append((byte) text.charAt(i));
        }
    }

    private static String name(String tag, int from) {
        int i = from;
        while (i < tag.length() && (Character.isLetterOrDigit(tag.charAt(i)) || tag.charAt(i) == '_')) {
            i++;
        }
        return tag.substring(from, i);
    }

    private void emit(FrameSink sink) throws Exception {
        byte[] bytes = Arrays.copyOf(fragment, length);
        boolean whole = !oversized;
        root = null;
        length = 0;
        oversized = false;
        if (whole) {
            complete.incrementAndGet();
            sink.frame(new Frame(bytes, Frame.Status.COMPLETE));
        } else {
            discarded.incrementAndGet();
            LOG.warn("EMU-2 fragment over {} bytes discarded", maxFragment);
        }
    }

    private void report() {
        long now = System.currentTimeMillis();
        if (now - lastLog >= LOG_INTERVAL_MILLIS) {
            lastLog = now;
            LOG.info("EMU-2 stream: {} fragments read, {} clobbered by the device and discarded, {} discarded otherwise",
                    complete.get(), clobbered.get(), discarded.get());
        }
    }

    @Override
    public void finish(FrameSink sink) {
        if (root != null) {
            discarded.incrementAndGet();
        }
        reset();
    }

    @Override
    public void reset() {
        root = null;
        length = 0;
        tagLength = -1;
        oversized = false;
        lineStart = true;
    }

    public long complete() {
        return complete.get();
    }

    public long clobbered() {
        return clobbered.get();
    }

    public long discarded() {
        return discarded.get();
    }
}
