package dev.safesqlite.agent.measure;

/** Does nothing: what start-up costs with and without the agent is measured on it. */
public final class EmptyMain {

    private EmptyMain() {
    }

    public static void main(String[] args) {
    }
}
