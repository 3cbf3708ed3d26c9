package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.lifecycle.BackgroundWork;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, waits for the engine's background work to finish. The first time a JVM opens
 * a database, the engine checks it in the background on a connection of its own, which would
 * otherwise race the deletion of the test's temporary directory. The background tasks run one
 * after another, so a task submitted now runs when every earlier one is done. The bound only
 * stops a hung test; it asserts nothing about speed.
 */
final class AwaitBackgroundWork implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        BackgroundWork.submit("test: after earlier work", done::countDown);
        assertTrue(done.await(60, TimeUnit.SECONDS), "SafeSQLite's background work did not finish");
    }
}
