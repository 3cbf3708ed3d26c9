package dev.safesqlite.internal.continuous;

/**
 * How far into the WAL continuous protection has kept frames: the WAL generation (its header's
 * salts, which SQLite changes whenever it restarts the WAL from its first frame), the index of
 * the last frame kept (a commit frame; 0 for none of this generation) and the running checksum
 * after it, which the next frame must continue (sqlite.org/fileformat2.html, "The WAL file format").
 */
public record WalPosition(int salt1, int salt2, long frame, int checksum1, int checksum2) {

    boolean sameGeneration(int s1, int s2) {
        return salt1 == s1 && salt2 == s2;
    }
}
