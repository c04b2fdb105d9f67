package io.meterbridge.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a JVM of the tests' own class path, as the CLI and gateway tests run meterbridge. Such a JVM
 * lives for seconds: the quick compiler alone and one GC thread spare the CPU the other test JVMs share (a
 * long-running gateway wants the defaults), and the classes of a gateway come from a shared archive once it is made
 * ({@link ClassArchive}).
 */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** {@code java <quick flags> [archive] -cp <class path>}, ready for a main class and its arguments. */
    public static List<String> quick() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(ClassArchive.options());
        return command;
    }

    /** {@link #quick()} as one shell word list, for commands run through bash. */
    public static String quickLine() {
        return String.join(" ", quick());
    }
}
