package dev.zerobus.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for fresh JVMs on this JVM's own classpath. */
final class JavaProcesses {

    private JavaProcesses() {}

    static List<String> command(
            List<String> jvmArgs, List<String> systemProperties, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
