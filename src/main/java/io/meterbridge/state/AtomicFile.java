package io.meterbridge.state;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a state file whole or not at all: written beside it, then moved over it, so that a crash or a full disk
 * mid-write leaves the previous content rather than half of the new one.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    public static void replace(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING); // a file system without atomic rename
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
