package org.miked.common.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.miked.api.runtime.StateStore;

/**
 * Records as files in one directory: a real host's store. The directory is created owner-only (0700) and
 * refused if it is a symbolic link or others may write to it; each record is written to a temporary file,
 * forced to disk, renamed over the old one and the directory forced, so a crash leaves the old or the new
 * record. Records are small (revocation lists, epoch marks; a key server's tree, up to a few MB) and change at
 * most once per rekey batch.
 */
public final class FileStateStore implements StateStore {
    private static final System.Logger LOG = System.getLogger(FileStateStore.class.getName());
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    /**
     * Largest record read back (a larger file is not one of ours). A key server's tree (proto-lkh record
     * {@code lkh.<group>}) takes about 45 bytes per receiver: 4.5 MB at 100,000 receivers under one server.
     */
    static final int MAX_RECORD = 32 << 20;

    private final Path dir;

    private FileStateStore(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir the directory (created with its parents if missing)
     * @return a store in it
     * @throws IOException naming the directory and why it cannot be used
     */
    public static FileStateStore open(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(d.getParent());
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(d);
            }
        }
        if (Files.isSymbolicLink(d) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("state directory " + d + " is not a directory (or is a symbolic link)");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("state directory " + d + " is writable by others ("
                        + PosixFilePermissions.toString(perms) + "); make it owner-only (chmod 700)");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        if (!Files.isWritable(d)) {
            throw new IOException("state directory " + d + " is not writable");
        }
        return new FileStateStore(d);
    }

    /** @return the directory */
    public Path directory() {
        return dir;
    }

    @Override
    public byte[] get(String name) {
        Path f = dir.resolve(StateStore.checkName(name));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > MAX_RECORD) {
                LOG.log(System.Logger.Level.WARNING, "state record " + f + " is " + size + " bytes; ignored");
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read all
            }
            return b.array();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read state record " + f + ": " + e);
            return null;
        }
    }

    @Override
    public void put(String name, byte[] value) throws IOException {
        Path f = dir.resolve(StateStore.checkName(name));
        if (value == null) {
            Files.deleteIfExists(f);
            forceDirectory();
            return;
        }
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttributes())) {
            ByteBuffer b = ByteBuffer.wrap(value);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    private static java.nio.file.attribute.FileAttribute<?>[] fileAttributes() {
        try {
            return new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)};
        } catch (UnsupportedOperationException e) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
    }

    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory: the rename is still atomic
        }
    }

    @Override
    public String toString() {
        return "state in " + dir;
    }
}
