package dev.prompteval.internal.registry.file;

import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.registry.RegistryException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate build publishing to a file registry, for the multi-process tests. Arguments: root, name, text,
 * expected latest version ({@code -} for none), and optionally {@code crash:<file>} to halt the JVM (no finally
 * blocks, no cleanup: a real crash) after writing the temp file for {@code <file>} and before renaming it.
 * Prints {@code ready}, waits for a line on stdin so that several children start publishing together, then prints
 * {@code published N} (exit 0) or {@code KIND: message} (exit 3).
 */
public final class RegistryChild {
    static final int CRASH_EXIT = 42;

    private RegistryChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Integer expected = "-".equals(args[3]) ? null : Integer.valueOf(args[3]);
        String crashFile = args.length > 4 ? args[4].substring("crash:".length()) : null;
        AtomicFiles files = new AtomicFiles(temp -> {
            if (crashFile != null && temp.getFileName().toString().startsWith("." + crashFile + ".")) {
                Runtime.getRuntime().halt(CRASH_EXIT);
            }
        });
        FileRegistry registry = new FileRegistry(root, files);
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        try {
            int version = registry.publish(args[1], Blueprints.chat(args[2]), "from " + args[2], List.of("prod"),
                    expected);
            System.out.println("published " + version);
            System.exit(0);
        } catch (RegistryException e) {
            System.out.println(e.kind() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
