package io.meterbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile input for the parsers' property tests: real samples damaged the ways lines and attackers damage them (bits
 * flipped, bytes cut or doubled, two samples run together, numbers no meter sends, markup that tries entities and
 * endless nesting), and plain random bytes. A parser must read each one or reject it with a reason; nothing else.
 */
public final class Hostile {

    private static final String[] TOKENS = { "1e400", "-1e400", "1e308", "NaN", "Infinity", "-Infinity", "-0", "-1",
        "99999999999999999999999999999999999999", "0x", "0xFFFFFFFFFFFFFFFFFFFF", "\u0000", "\uFFFF", "\uD83D\uDE00", "<", ">", "&",
        "&lt;", "&#0;", "&#xFFFFFF;", "<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]>", "&a;", "<![CDATA[", "]]>", "\"", "'",
        "{", "}", "[", "]", "(", ")", "*", "!", "/", "\r\n", "\n", ":", ",", "%s", "${env:HOME}", "{{x}}", "null", "true",
        "9".repeat(400), "A".repeat(5000), "[".repeat(2000), "<a>".repeat(2000), "2024-13-45T25:61:61Z", "-9223372036854775809" };

    private Hostile() {
    }

    /** Inputs grown from the seeds, about one in eight plain random bytes. */
    public static Arbitrary<byte[]> from(List<byte[]> seeds) {
        return Arbitraries.randomValue(random -> mutate(seeds, random));
    }

    static byte[] mutate(List<byte[]> seeds, Random random) {
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            input = once(input, seeds, random);
        }
        return input;
    }

    private static byte[] once(byte[] in, List<byte[]> seeds, Random random) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        switch (random.nextInt(7)) {
            case 0 -> { // flip bits
                if (in.length > 0) {
                    for (int i = 1 + random.nextInt(8); i > 0; i--) {
                        in[random.nextInt(in.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                return in;
            }
            case 1 -> { // a hostile token in place of what was there
                byte[] token = token(random);
                int end = Math.min(in.length, at + random.nextInt(12));
                return splice(in, at, end, token);
            }
            case 2 -> { // a hostile token inserted
                return splice(in, at, at, token(random));
            }
            case 3 -> { // cut short
                return java.util.Arrays.copyOf(in, at);
            }
            case 4 -> { // a span doubled
                int end = Math.min(in.length, at + random.nextInt(200));
                return splice(in, at, at, java.util.Arrays.copyOfRange(in, at, end));
            }
            case 5 -> { // two inputs run together, the first cut anywhere
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                return splice(java.util.Arrays.copyOf(in, at), at, at, other);
            }
            default -> { // a span lost
                int end = Math.min(in.length, at + random.nextInt(50));
                return splice(in, at, end, new byte[0]);
            }
        }
    }

    private static byte[] token(Random random) {
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
        out.write(in, 0, from);
        out.writeBytes(insert);
        out.write(in, to, in.length - to);
        return out.toByteArray();
    }

    /**
     * Runs the parser on one input: it must give a result, or throw {@code rejection} with a reason a person can read.
     * Anything else (a NullPointerException, a NumberFormatException, a DateTimeException, a StackOverflowError)
     * fails the property with the input that caused it.
     */
    public static void readOrRejected(byte[] input, Class<? extends Exception> rejection, Callable<?> parse) {
        try {
            parse.call();
        } catch (Exception e) {
            if (!rejection.isInstance(e)) {
                throw new AssertionError("neither read nor rejected with a reason, but " + e + " for input "
                        + new String(input, 0, Math.min(input.length, 300), StandardCharsets.ISO_8859_1), e);
            }
            assertThat(e.getMessage()).as("the reason").isNotBlank();
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(e + " for input of " + input.length + " bytes", e);
        }
    }
}
