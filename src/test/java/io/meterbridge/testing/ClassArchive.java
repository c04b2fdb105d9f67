package io.meterbridge.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.meterbridge.MeterbridgeMain;

/**
 * A class-data-sharing archive for the JVMs the tests start: a gateway or CLI JVM that maps the classes a gateway
 * loads from it starts on about half the CPU, and the suite starts dozens of them on two cores. The archive is made
 * once per build of the classes, by one short gateway run (a dynamic archive, {@code -XX:ArchiveClassesAtExit}), in
 * the background: the JVMs started before it is ready run without it. JDK 17 archives classes from jars only, so the
 * JVMs get the project's classes as one jar made from {@code target/classes} and {@code target/test-classes}.
 */
final class ClassArchive {

    private static final Path ROOT = Path.of("target", "cds");
    /** A training marker older than this is left from a run that was stopped: the archive is made again. */
    private static final Duration ABANDONED = Duration.ofMinutes(2);

    private static Path dir;
    private static List<String> jars;

    private ClassArchive() {
    }

    /** The JVM options and class path for a test's JVM: the archive's when it is ready, the tests' own until then. */
    static synchronized List<String> options() {
        try {
            if (dir == null) {
                locate();
            }
            Path archive = dir.resolve("tests.jsa");
            if (Files.exists(archive)) {
                // -Xshare:auto: an archive the JVM cannot map is ignored, and said nothing of
                return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xshare:auto", "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off", "-cp", classPath());
            }
            train();
        } catch (IOException e) {
            // no archive: the JVMs start without one, only slower
        }
        return List.of("-cp", System.getProperty("java.class.path"));
    }

    /** target/cds/&lt;key&gt;, the key naming the class path and the newest class or resource the build wrote. */
    private static void locate() throws IOException {
        List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        jars = entries.stream().filter(e -> e.endsWith(".jar")).toList();
        long newest = 0;
        long count = 0;
        for (String entry : entries) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                        count++;
                    }
                }
            }
        }
        String key = Integer.toHexString((String.join(File.pathSeparator, entries) + newest + "/" + count).hashCode());
        dir = ROOT.resolve(key);
    }

    private static String classPath() {
        List<String> path = new ArrayList<>();
        path.add(dir.resolve("classes.jar").toAbsolutePath().toString());
        path.addAll(jars);
        return String.join(File.pathSeparator, path);
    }

    /** Starts the training run unless another test JVM already has. */
    private static void train() throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve("training");
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException taken) {
            if (Files.getLastModifiedTime(marker).toInstant().isAfter(Instant.now().minus(ABANDONED))) {
                return;
            }
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        }
        forgetOthers();
        writeClassesJar();
        Path partial = dir.resolve("tests.jsa.part");
        Files.deleteIfExists(partial);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:ArchiveClassesAtExit=" + partial.toAbsolutePath(),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", classPath(),
                "-Dcamel.management.port=" + FreePort.next(), "-Dcamel.server.port=" + FreePort.next(),
                "-Dlog4j2.configurationFile=classpath:log4j2.properties",
                "-Dfiles.directory=" + dir.resolve("home").toAbsolutePath(),
                // the shipped demo for three seconds: the classes of a gateway's start, its routes and its sinks
                "-Dcamel.main.duration-max-seconds=3", MeterbridgeMain.class.getName()));
        // the archive is written as the JVM exits, and renamed once whole: by the shell, as the test JVM that started
        // the training may have ended by then
        String script = "\"$@\" && mv -f " + partial.toAbsolutePath() + " " + dir.resolve("tests.jsa").toAbsolutePath();
        List<String> shell = new ArrayList<>(List.of("bash", "-c", script, "training"));
        shell.addAll(command);
        new ProcessBuilder(shell).redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
    }

    /** Archives of earlier builds: each is tens of megabytes. */
    private static void forgetOthers() throws IOException {
        try (Stream<Path> others = Files.list(ROOT)) {
            for (Path other : others.filter(p -> !p.equals(dir)).toList()) {
                try (Stream<Path> files = Files.walk(other)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** target/test-classes and target/classes in one jar, in class path order (the first of two names wins). */
    private static void writeClassesJar() throws IOException {
        Set<String> written = new HashSet<>();
        Path partial = dir.resolve("classes.jar.part");
        try (OutputStream out = Files.newOutputStream(partial); JarOutputStream jar = new JarOutputStream(out)) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path root = Path.of(entry);
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(f -> !f.equals(root)).sorted().toList()) {
                        // directories too, as a built jar has them: a resource folder is looked up by its name
                        boolean folder = Files.isDirectory(f);
                        String name = root.relativize(f).toString().replace(File.separatorChar, '/') + (folder ? "/" : "");
                        if (written.add(name)) {
                            jar.putNextEntry(new JarEntry(name));
                            if (!folder) {
                                Files.copy(f, jar);
                            }
                            jar.closeEntry();
                        }
                    }
                }
            }
        }
        Files.move(partial, dir.resolve("classes.jar"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
