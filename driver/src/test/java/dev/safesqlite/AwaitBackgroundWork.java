package dev.safesqlite;

import dev.safesqlite.testing.TestDatabases;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, waits for the engine's background work to finish: the first time a JVM opens
 * a database, the engine checks it in the background on a connection of its own, which would
 * otherwise race the deletion of the test's temporary directory.
 */
final class AwaitBackgroundWork implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        TestDatabases.drainBackgroundWork();
    }
}
