package io.oichat.examples;

/** Runs the {@code main} of each class named, in order, in this one JVM (the tests start one JVM for all). */
public final class RunMains {
    private RunMains() {}

    public static void main(String[] args) throws Exception {
        for (String name : args) {
            Class.forName(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }
}
