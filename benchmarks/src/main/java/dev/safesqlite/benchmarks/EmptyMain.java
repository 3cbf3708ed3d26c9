package dev.safesqlite.benchmarks;

/** Does nothing: the JVM's start-up, with and without the agent, is what is measured. */
public final class EmptyMain {
    public static void main(String[] args) {
    }
}
